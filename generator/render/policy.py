"""The Content-Security-Policy every generated HTML file carries, as a `<meta http-equiv>`.

Defence in depth behind the escaping: should editor text ever become markup, the browser still
runs no script the build did not vouch for (scripts come from the site itself, or are inline
scripts whose sha256 the build computed from the theme's or our own templates, never from the
page as built) and loads nothing from another host but the configured tile server. Static
hosting cannot be relied on for headers, hence the meta tag; `frame-ancestors` cannot be set
that way.

The allowed origins are the guard's: one list, the tile servers' (render/build.allowed_loads,
from render/tiles.py, and each map's own `View.allowed`), feeds both.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re


_INLINE_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_JS_TYPES = {"", "text/javascript", "application/javascript", "module"}
# <head>, and a charset declaration right after it (which must stay in the first 1024 bytes)
_HEAD = re.compile(r"<head\b[^>]*>(?:\s*<meta\s+(?:charset|http-equiv=[\"']?content-type)[^>]*>)?", re.I)
_HTML = re.compile(r"<html\b[^>]*>", re.I)
_DOCTYPE = re.compile(r"^\s*<!doctype[^>]*>", re.I)


def content(allowed: list[str], script_hashes=(), handlers=()) -> str:
    """The policy: scripts from the site, the given inline scripts (by hash) and event-handler
    attributes (by their source, e.g. `window.print()`); images from the site, data: URLs (icons
    in the theme's CSS) and the `allowed` origins (URL prefixes as the guard takes them:
    `https://tiles.example/`, `//t.example/`); no outside connections, frames, plugins or form
    targets."""
    hashes = sorted(set(script_hashes) | {_sha256(h) for h in handlers})
    scripts = " ".join(["'self'", *(["'unsafe-hashes'"] if handlers else []), *(f"'{h}'" for h in hashes)])
    images = " ".join(["'self'", "data:", *(_source(o) for o in allowed)])
    return "; ".join([
        "default-src 'self'", f"script-src {scripts}", "style-src 'self' 'unsafe-inline'", f"img-src {images}",
        "font-src 'self' data:", "connect-src 'self'", "frame-src 'self'", "worker-src 'self'",
        "object-src 'none'", "base-uri 'self'", "form-action 'self'",
    ])


def _source(prefix: str) -> str:
    """A guard prefix as a CSP source: `https://t{s}.tiles.example/` → `https://*.tiles.example`
    (a CSP wildcard stands only for whole leftmost labels)."""
    scheme, _, rest = prefix.rpartition("//")
    labels = rest.rstrip("/").split(".")
    templated = [i for i, label in enumerate(labels) if "{" in label]
    host = ".".join(["*", *labels[templated[-1] + 1:]]) if templated else ".".join(labels)
    return f"{scheme}//{host}" if scheme else host


def script_hashes(markup: str) -> list[str]:
    """`sha256-…` of each inline script in `markup` (JSON data blocks are not scripts)."""
    found = []
    for attrs, body in _INLINE_SCRIPT.findall(markup):
        if "src=" in attrs.lower():
            continue
        kind = re.search(r"""\btype\s*=\s*["']?([^"'\s>]*)""", attrs, re.I)
        if (kind.group(1).lower() if kind else "") in _JS_TYPES:
            found.append(_sha256(body))
    return found


def _sha256(script: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()


def meta(policy: str) -> str:
    return f'<meta http-equiv="Content-Security-Policy" content="{html.escape(policy, quote=False)}">'


def apply(page: str, policy: str) -> str:
    """The page with the policy at the top of <head> (after the charset): a meta policy covers
    only what comes after it. A fragment without <head> gets it first thing (the parser then
    opens the head for it)."""
    at = _insertion_point(page)
    return page[:at] + meta(policy) + page[at:]


def has_policy(page: str) -> bool:
    return page.startswith(_META, _insertion_point(page))


_META = '<meta http-equiv="Content-Security-Policy"'


def _insertion_point(page: str) -> int:
    for pattern in (_HEAD, _HTML, _DOCTYPE):
        found = pattern.search(page)
        if found:
            return found.end()
    return 0
