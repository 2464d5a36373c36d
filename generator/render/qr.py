"""QR codes: one SVG per point (`points/<id>/qr.svg`) that opens the point's page.

A phone can only follow an absolute URL, so the code holds the site's public address (the
plugin's `public_url`, else MkDocs' `site_url`) + the page's URL. Without a real address — none
given, or a reserved placeholder such as `example.org` or `localhost` (`unreachable`) — there are
no codes at all: a code that leads nowhere is worse than none. Signs then print the page's path as
text. segno output is deterministic (no ids, no dates).
"""

from __future__ import annotations

import io
import ipaddress
from urllib.parse import urlsplit

import segno

from .. import paths


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
    # Level M survives a scuffed sign; segno raises it further when the data leaves room.
    return segno.make_qr(url, error="m")


def svg_file(qr: segno.QRCode) -> str:
    out = io.BytesIO()
    qr.save(out, kind="svg", scale=10, border=4, xmldecl=True)
    return out.getvalue().decode("utf-8")


def svg_inline(qr: segno.QRCode) -> str:
    """For embedding in HTML: no XML declaration, no fixed size (CSS sizes it by its viewBox)."""
    out = io.BytesIO()
    qr.save(out, kind="svg", border=4, xmldecl=False, svgns=True, omitsize=True, svgclass="qr")
    return out.getvalue().decode("utf-8")


def _both(url: str) -> tuple[str, str]:
    qr = _encode(url)
    return svg_file(qr), svg_inline(qr)


def svgs(ctx, page: str) -> tuple[str, str]:
    """(file SVG, inline SVG) of a page's QR code. Encoding costs ~5 ms, mostly choosing the mask
    as the standard asks; codes are kept in the build cache, so the printed signs and `mkdocs
    serve` rebuilds reuse them."""
    url = page_url(ctx, page)
    return ctx.cache.get("qr codes", url, lambda: _both(url))


def render(ctx) -> dict[str, str]:
    if not ctx.public_url:
        return {}
    return {paths.qr_code(p.id): svgs(ctx, paths.page("point", p.id))[0] for p in ctx.project.points}
