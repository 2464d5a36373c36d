"""QR codes: one SVG per point (`points/<id>/qr.svg`) that opens the point's page.

A phone can only follow an absolute URL, so the code holds the site's public address (the
plugin's `public_url`, else MkDocs' `site_url`) + the page's URL. Without one, the code holds the
page's path from the site root (`points/<id>/`) — printable, but a scanner shows it as text, not
as a link. segno output is deterministic (no ids, no dates).
"""

from __future__ import annotations

import io

import segno

from .. import paths


def page_url(ctx, page: str) -> str:
    """The URL of a Markdown page: absolute when the context knows the site's address, else from
    the site root."""
    url = ctx.urls.url_of(page)
    return f"{ctx.site_url.rstrip('/')}/{url}" if ctx.site_url else url


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
    return {paths.qr_code(p.id): svgs(ctx, paths.page("point", p.id))[0] for p in ctx.project.points}
