"""nginx (Debian's package) serving a built site on 127.0.0.1, as a publisher would put it.

The site is served under a sub-path (default `/showcase/`), with `gzip_static` on (precompressed
`.gz` files beside the originals are sent when the browser accepts gzip) and on-the-fly gzip for
the rest, and a throttle-free config otherwise as close to Debian's defaults as a test allows.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

NGINX = os.environ.get("NGINX", "/usr/sbin/nginx")

CONFIG = """\
{user}daemon off;
worker_processes 1;
pid {run}/nginx.pid;
error_log {run}/error.log warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    types {{ application/geo+json geojson; application/gpx+xml gpx; application/vnd.google-earth.kml+xml kml; }}
    default_type application/octet-stream;
    access_log {run}/access.log;
    client_body_temp_path {run}/body;
    proxy_temp_path {run}/proxy;
    fastcgi_temp_path {run}/fastcgi;
    uwsgi_temp_path {run}/uwsgi;
    scgi_temp_path {run}/scgi;
    sendfile on;
    gzip on;
    gzip_types text/css application/javascript application/json image/svg+xml application/geo+json text/xml application/xml;
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        location = / {{ return 302 {prefix}; }}
        location {prefix} {{
            alias {root}/;
            gzip_static on;
            index index.html;
        }}
{extra}
    }}
}}
"""


def require_nginx() -> None:
    """Like the browser checks: a failure in CI (which installs nginx), a skip with a hint elsewhere."""
    if Path(NGINX).exists():
        return
    message = f"{NGINX} is missing: apt-get install nginx-light"
    pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def nginx(root: Path, run_dir: Path, prefix: str = "/showcase/", extra: str = ""):
    """Serve `root` at http://127.0.0.1:PORT{prefix}; yields that URL. `extra` adds locations
    (e.g. a stand-in tile server) to the same server block."""
    require_nginx()
    run_dir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    conf = run_dir / "nginx.conf"
    # As root, nginx's workers would run as `nobody` and could not read a test's temporary folder.
    user = "user root;\n" if os.geteuid() == 0 else ""
    conf.write_text(CONFIG.format(user=user, run=run_dir, port=port, prefix=prefix, root=Path(root).resolve(), extra=extra),
                    encoding="utf-8")
    process = subprocess.Popen([NGINX, "-c", str(conf), "-p", str(run_dir)], stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}{prefix}"
    try:
        _wait_until_up(url, process, run_dir)
        yield url
    finally:
        process.send_signal(signal.SIGQUIT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def _wait_until_up(url: str, process: subprocess.Popen, run_dir: Path) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx exited: {process.stderr.read().decode()} {(run_dir / 'error.log').read_text()}")
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except urllib.error.HTTPError as exc:
            raise RuntimeError(f"nginx answered {exc.code}: {(run_dir / 'error.log').read_text()}") from exc
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("nginx did not answer within 10 s")


def copy_site(site: Path, target: Path) -> Path:
    """What a publisher does: `cp -r site/ target`."""
    shutil.copytree(site, target)
    return target
