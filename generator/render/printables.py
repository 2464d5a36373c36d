"""Printables: an A4 sign per point (`points/<id>/sign.html`) to put up on site, with the QR
code that opens the point's page, and an A4 leaflet per route (`routes/<id>/leaflet.html`).

Standalone HTML files: the CSS and the QR code are inline, nothing is loaded from anywhere, so a
file also prints when it is e-mailed. Templates are in `templates/print/` (a site may override
them) and render with autoescaping on: this is HTML, not Markdown.
"""

from __future__ import annotations

import math

import jinja2
from markupsafe import Markup

from .. import paths
from ..domain import tours
from . import policy, qr, templating

PRINT_BUTTON = "window.print()"
"""The print button's onclick: the only script a printable runs (its policy allows just that)."""
SKETCH = (600, 360, 24)
"""Width, height and margin of the route sketch, in SVG units."""


def environment(templates=None) -> jinja2.Environment:
    """The page templates' loader (site overrides first), with HTML autoescaping."""
    base = templating.environment(templates)
    env = jinja2.Environment(loader=base.loader, autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True)
    env.filters.update(number=templating.number, label=templating.label)
    env.globals["title"] = templating.title
    return env


def render(ctx) -> dict[str, str]:
    env = ctx.kept_environment("print environment", lambda: environment(ctx.templates))
    project = ctx.project
    itins = ctx.itineraries()
    out = {}
    for point in project.points:
        page = paths.sign(point.id)
        out[page] = ctx.render_derived(
            env, "print/sign.html.j2", page, tours.positions_made_from(project, point),
            lambda point=point: {"positions": tours.positions(project, point.id, itins)},
            site=project.site, point=point, belts=project.belts_of(point.id),
            qr=_svg(ctx, paths.page("point", point.id)), url=qr.page_url(ctx, paths.page("point", point.id)),
        )
    for route in project.routes:
        page = paths.leaflet(route.id)
        itin = itins[route.id]
        out[page] = ctx.render_derived(
            env, "print/leaflet.html.j2", page, tours.itinerary_made_from(project, route),
            lambda route=route: {"itin": itins[route.id], "sketch": route_sketch(ctx, route)},
            site=project.site, route=route, belt=project.belt(route.belt), qr=_svg(ctx, itin.page),
            url=qr.page_url(ctx, itin.page),
        )
    csp = policy.content([], handlers=[PRINT_BUTTON])  # printables load nothing from outside
    return {path: policy.apply(html, csp) for path, html in out.items()}


def _svg(ctx, page: str) -> Markup | None:
    """The inline QR code of a page; None when the site has no address a phone can open."""
    # segno builds the SVG from the URL alone (slugs and the configured site_url): safe markup.
    return Markup(qr.svgs(ctx, page)[1]) if ctx.public_url else None


def route_sketch(ctx, route) -> dict:
    """The route's `sketch`, worked out once a build (the leaflet and the offline file both show it)."""
    return ctx.once(("sketch", route.id), lambda: sketch(ctx.project, route))


def sketch(project, route) -> dict:
    """A schematic of the route for paper, where no map tiles are: the line and numbered stops
    projected into an SVG box (north up, to scale, no background)."""
    width, height, margin = SKETCH
    stops = [tours.wgs84(project.site, project.point(s.point)) for s in route.stops]
    line = tours.path_wgs84(project.site, route) or stops
    lat0 = math.radians(sum(lat for lat, _ in stops) / len(stops))
    # Equirectangular: a degree of longitude is cos(lat) of a degree of latitude.
    flat = [(lon * math.cos(lat0), lat) for lat, lon in line + stops]
    left, bottom = min(x for x, _ in flat), min(y for _, y in flat)
    dx, dy = max(x for x, _ in flat) - left, max(y for _, y in flat) - bottom
    unit = min((width - 2 * margin) / dx if dx else math.inf, (height - 2 * margin) / dy if dy else math.inf)
    unit = 1.0 if unit == math.inf else unit
    pad_x, pad_y = (width - dx * unit) / 2, (height - dy * unit) / 2

    def xy(lat: float, lon: float) -> tuple[float, float]:
        x = pad_x + (lon * math.cos(lat0) - left) * unit
        y = height - pad_y - (lat - bottom) * unit
        return round(x, 1), round(y, 1)

    return {
        "width": width,
        "height": height,
        "line": " ".join(f"{x},{y}" for x, y in (xy(*ll) for ll in line)),
        "stops": [(n, *xy(*ll)) for n, ll in enumerate(stops, 1)],
    }
