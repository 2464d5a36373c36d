"""QR codes: one SVG per point (`points/<id>/qr.svg`) that opens the point's page.

A phone can only follow an absolute URL, so the code holds the site's public address (the
plugin's `public_url`, else MkDocs' `site_url`) + the page's URL. Without a real address — none
given, or a reserved placeholder such as `example.org` or `localhost` (`unreachable`) — there are
no codes at all: a code that leads nowhere is worse than none. Signs then print the page's path as
text. segno encodes; the SVG is written here in segno's format, deterministic (no ids, no dates).
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

import segno

from .. import paths
from . import qrmask


# Hosts no visitor's phone can reach: RFC 2606 / 6761 names and loopback, unspecified,
# link-local and documentation addresses (a private intranet address such as 10.x is real).
_RESERVED_DOMAINS = ("example.org", "example.com", "example.net")
_RESERVED_SUFFIXES = (".example", ".test", ".invalid", ".localhost")
_DOCUMENTATION_NETS = [ipaddress.ip_network(n) for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32")]


def unreachable(url: str | None) -> str | None:
    """Why a phone could not open this public address (a short Chinese reason), or None if it can."""
    if not url:
        return "没有设置网址"
    parts = urlsplit(url)
    host = (parts.hostname or "").rstrip(".").lower()
    if parts.scheme not in ("http", "https") or not host:
        return "不是以 http:// 或 https:// 开头的完整网址"
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        if host == "localhost" or host in _RESERVED_DOMAINS or host.endswith(_RESERVED_SUFFIXES) \
                or host.endswith(tuple("." + d for d in _RESERVED_DOMAINS)):
            return f"{host} 是保留的示例或本机域名"
        return None
    if ip.is_loopback or ip.is_unspecified or ip.is_link_local or any(ip in net for net in _DOCUMENTATION_NETS):
        return f"{host} 是本机或保留地址"
    return None


def page_url(ctx, page: str) -> str:
    """The URL of a Markdown page: absolute when the context knows the site's address, else from
    the site root."""
    url = ctx.urls.url_of(page)
    return f"{ctx.public_url.rstrip('/')}/{url}" if ctx.public_url else url


def code(ctx, page: str) -> segno.QRCode:
    """The QR code of a Markdown page's URL."""
    return _encode(page_url(ctx, page))


def _encode(url: str) -> segno.QRCode:
    # Level M survives a scuffed sign; segno raises it further when the data leaves room. The
    # mask is the one segno would choose, found in ~0.1 ms instead of segno's ~5 (qrmask).
    return qrmask.make(url, error="m")


def svg_file(qr: segno.QRCode) -> str:
    """The standalone file: XML declaration, 10 px a module."""
    return _svgs(qr)[0]


def svg_inline(qr: segno.QRCode) -> str:
    """For embedding in HTML: no XML declaration, no fixed size (CSS sizes it by its viewBox)."""
    return _svgs(qr)[1]


# The SVG segno writes with `qr.save(kind="svg", border=4, scale=10, xmldecl=True)` (file) and
# `(…, border=4, xmldecl=False, omitsize=True, svgclass="qr")` (inline), byte for byte (tests compare
# them), written here because both share one path and segno's writer costs ~3× this, twice a code.
_BORDER = 4
_SVG = "http://www.w3.org/2000/svg"
_DARK_RUN = re.compile(b"\x01+")


def _svgs(qr: segno.QRCode) -> tuple[str, str]:
    n = len(qr.matrix) + 2 * _BORDER
    path = f'class="qrline" stroke="#000" d="{_path(qr.matrix)}"/></svg>\n'
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<svg xmlns="{_SVG}" width="{10 * n}" height="{10 * n}" '
            f'class="segno"><path transform="scale(10)" {path}',
            f'<svg xmlns="{_SVG}" viewBox="0 0 {n} {n}" class="qr"><path {path}')


def _path(matrix) -> str:
    """Each row's runs of dark modules as lines (`h` + length) through the middle of the row; the
    pen moves from the end of one line to the start of the next (`m`, relative), after a first
    absolute `M`."""
    width = len(matrix[0]) + 1  # rows joined with a light module between them: runs stop at the edge
    moves, x, y = [], 0, 0
    for run in _DARK_RUN.finditer(b"\0".join(matrix)):
        row, column = divmod(run.start(), width)
        start, length = _BORDER + column, run.end() - run.start()
        moves.append(f"m{start - x} {row - y}h{length}" if moves else f"M{start} {_BORDER + row}.5h{length}")
        x, y = start + length, row
    return "".join(moves)


def _both(url: str) -> tuple[str, str]:
    return _svgs(_encode(url))


def svgs(ctx, page: str) -> tuple[str, str]:
    """(file SVG, inline SVG) of a page's QR code. Both cost ~1.2–2 ms together, almost all
    of it segno encoding the data (choosing the mask ~0.1 ms, writing both SVGs ~0.2); they are
    kept in the build cache, so the printed signs and `mkdocs serve` rebuilds reuse them."""
    url = page_url(ctx, page)
    return ctx.cache.get("qr codes", url, lambda: _both(url))


def render(ctx) -> dict[str, str]:
    if not ctx.public_url:
        return {}
    return {paths.qr_code(p.id): svgs(ctx, paths.page("point", p.id))[0] for p in ctx.project.points}
