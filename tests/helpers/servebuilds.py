"""Builds a site as `mkdocs serve --dirty` does, once per version of sites.yaml, in this one
process (so the plugin instance persists between builds, as under serve).

    python tests/helpers/servebuilds.py PROJECT STEPS.json OUT

STEPS.json is a list of sites.yaml texts; after each build the site is copied to OUT/<n>, and
OUT/report.json gets, per build, whether it was a full rebuild, how many pages it re-rendered, and
how many generated files it gave MkDocs as the very objects of the build before.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

SERVE_URL = "http://127.0.0.1:8000/"


def main(project: Path, steps: list[str], out: Path) -> None:
    site = tempfile.mkdtemp(prefix="mkdocs_")
    report, last = [], {}
    try:
        for n, text in enumerate(steps):
            (project / "sites.yaml").write_text(text, encoding="utf-8")
            config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=site)
            if n == 0:
                config.plugins.on_startup(command="serve", dirty=True)
            config.site_url = SERVE_URL
            build(config, serve_url=SERVE_URL, dirty=True)
            shutil.copytree(site, out / str(n))
            state = config.plugins["showcase"].incremental
            reused = sum(1 for path, f in state.files.items() if last.get(path) is f)
            report.append({"full": state.full, "rendered": len(state.rendered), "pages": len(state.kept),
                           "generated": len(state.files), "reused": reused})
            last = dict(state.files)
    finally:
        shutil.rmtree(site, ignore_errors=True)
    (out / "report.json").write_text(json.dumps(report), encoding="utf-8")


if __name__ == "__main__":
    project, steps, out = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    main(project, json.loads(steps.read_text(encoding="utf-8")), out)
