"""The Markdown pages: home, belts, points, routes and the index pages."""

from __future__ import annotations

import json
from collections import defaultdict

from markupsafe import Markup

from .. import paths
from ..domain import hours, navapps, progress, tours
from ..model import Belt, Level, Point, PointKind, Project
from . import exports, memo
from .context import Context


def render(ctx: Context) -> dict[str, str]:
    env = ctx.environment()
    project = ctx.project
    itins = ctx.itineraries()
    reference = progress.reference_date(project)
    year = reference.year if reference else None
    common = {"project": project, "site": project.site, "paths": paths, "stats": _stats(project), "exports": exports,
              "has_qr": bool(ctx.public_url), "navapps": navapps, "hours_json": _hours_json}

    def page(template: str, path: str, made_from: tuple = (), derive=dict, **values) -> tuple[str, str]:
        """`made_from`, `derive`: see Context.render_derived."""
        # `href`: a page's URL for raw HTML blocks, whose links MkDocs does not rewrite.
        def href(target: str) -> str:
            return ctx.urls.href(ctx.urls.url_of(path), target)

        return path, ctx.render_derived(env, template, path, made_from, derive, href=href, **common, **values)

    # Every route's itinerary stands in the key by what it is made from (pickling them all took
    # a tenth of a second a save at 3,000 points).
    every_route = tuple(x for route in project.routes for x in tours.itinerary_made_from(project, route))
    files = dict(
        [
            page("home.md.j2", paths.HOME, every_route, lambda: {"itins": itins}),
            page("belts.md.j2", paths.BELTS_INDEX),
            page("routes.md.j2", paths.ROUTES_INDEX, every_route, lambda: {"itins": itins}),
        ]
    )
    for belt in project.belts:
        values = _belt_values(project, belt)
        files.update([page("belt.md.j2", paths.page("belt", belt.id), (project.site, belt, values["points"], year),
                           lambda belt=belt: progress.belt_values(project, belt, year), belt=belt, **values)])
    for point in project.points:
        values = _point_values(project, point)
        files.update([page("point.md.j2", paths.page("point", point.id), tours.positions_made_from(project, point),
                           lambda point=point: progress.point_values(project, point)
                           | {"positions": tours.positions(project, point.id, itins)},
                           point=point, **values)])
    for route in project.routes:
        downloads = exports.files("route", route.id) + [("打印版线路单", paths.leaflet(route.id))]
        files.update([page("route.md.j2", paths.page("route", route.id), tours.itinerary_made_from(project, route),
                           lambda route=route: {"itin": itins[route.id]},
                           route=route, belt=project.belt(route.belt), downloads=downloads)])
    items = _index_items(ctx, env)
    listed = memo.digest(json.dumps(items, ensure_ascii=False).encode("utf-8"))  # the lines hashed once for the four pages
    for name, (title, groups) in _indexes(project).items():
        files.update([page("index_page.md.j2", paths.INDEXES[name], (listed,), lambda: {"items": items},
                           title=title, groups=groups)])
    return files


def _index_items(ctx: Context, env) -> dict[str, Markup]:
    """Each point's line in the index pages, made once for the four: they are in folders of the
    same depth (`indexes/<name>/index.md`), so a line links the same from each."""
    shared = paths.INDEXES["districts"]
    depth = shared.count("/")
    assert all(path.count("/") == depth for path in paths.INDEXES.values()), paths.INDEXES
    href = ctx.urls.href(ctx.urls.url_of(shared), paths.page("point", "{id}"))
    return {point.id: Markup(ctx.render(env, "partials/index_item.md.j2", shared, point=point,
                                        href=href.replace("{id}", point.id)).rstrip("\n"))
            for point in ctx.project.points}


def _hours_json(text: str) -> str:
    """Opening hours for the page's script to say 现在开放 / 今天已闭馆; "" when unreadable."""
    parsed = hours.parse(text)
    return hours.as_json(parsed) if parsed else ""


def _stats(project: Project) -> dict:
    return {
        "belts": len(project.belts),
        "points": len(project.points),
        "demonstration": sum(p.status.value == "demonstration" for p in project.points),
        "routes": len(project.routes),
        "districts": len({p.district for p in project.points}),
    }


def _belt_values(project: Project, belt: Belt) -> dict:
    return {
        "points": [project.point(pid) for pid in belt.points],
        "routes": project.routes_of_belt(belt.id),
    }


def _point_values(project: Project, point: Point) -> dict:
    return {"belts": project.belts_of(point.id), "routes": project.routes_of(point.id)}


def _indexes(project: Project) -> dict[str, tuple[str, list[tuple[str, list[Point]]]]]:
    """Points grouped four ways; groups and members in a stable order."""

    def grouped(key, order=None) -> list[tuple[str, list[Point]]]:
        groups: dict[str, list[Point]] = defaultdict(list)
        for point in project.points:
            for value in key(point):
                groups[value].append(point)
        names = order if order is not None else sorted(groups)
        return [(name, sorted(groups[name], key=lambda p: p.id)) for name in names if name in groups]

    return {
        "districts": ("按区县浏览", grouped(lambda p: [p.district])),
        "kinds": ("按类型浏览", grouped(lambda p: [p.kind.label], [k.label for k in PointKind])),
        "levels": ("按级别浏览", grouped(lambda p: [p.level.label], [lv.label for lv in Level])),
        "tags": ("按标签浏览", grouped(lambda p: p.tags)),
    }
