"""A route as one self-contained HTML file (`routes/<id>/offline.html`), to keep on a phone and
open from its file manager, with no server and no signal: the itinerary, each stop's text, the
legs' directions, the photos inlined as data: URLs and a sketch map drawn in SVG.

It runs no script and loads nothing: its policy allows data: images and its own styles only.
Photos are inlined as they are (the generator has no image library at run time, and the sample's
photos are small drawings); one larger than `PHOTO_MAX_BYTES` is left out, and the file says so.
Audio is not inlined (minutes of sound are megabytes): the file names the guide and, when the
site's address is known, links to it.
"""

from __future__ import annotations

import base64
from pathlib import Path
from stat import S_ISREG
from urllib.parse import quote

from markupsafe import Markup

from .. import paths
from ..domain import tours
from ..model import Point
from . import policy, printables, qr, templating
from .context import Context

PHOTO_MAX_BYTES = 300 * 1024
"""A photo larger than this stays out of the file (a route of 8 stops stays a few MB at most)."""
IMAGE_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".gif": "image/gif",
               ".webp": "image/webp", ".svg": "image/svg+xml"}
POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
"""Nothing from anywhere: not the site, not the phone's other files; only what the file holds."""


def render(ctx: Context) -> dict[str, str]:
    env = ctx.kept_environment("offline environment", _environment(ctx.templates))
    project, itins = ctx.project, ctx.itineraries()
    out = {}
    for route in project.routes:
        page = paths.offline_route(route.id)
        itin = itins[route.id]
        points = {s.point.id: s.point for s in itin.stops}
        # A photo stands in the key by its file's size and time: it is read only when the file is made again.
        files = tuple(_photo_file(ctx, photo.src)[1] for point in points.values() for photo in point.photos)
        out[page] = policy.apply(ctx.render_derived(
            env, "offline/route.html.j2", page, (*tours.itinerary_made_from(project, route), files),
            lambda route=route, points=points: {"itin": itins[route.id], "sketch": printables.route_sketch(ctx, route),
                                                "photos": {pid: photos(ctx, point) for pid, point in points.items()}},
            site=project.site, route=route, belt=project.belt(route.belt),
            url=qr.page_url(ctx, itin.page) if ctx.public_url else None,
            audio={pid: audio_url(ctx, point) for pid, point in points.items() if point.audio},
        ), POLICY)
    return out


def _environment(templates):
    def make():
        env = printables.environment(templates)
        converter = templating.story_converter()
        env.filters["story"] = lambda text: Markup(templating.story(text, converter))
        return env
    return make


def photos(ctx: Context, point: Point) -> list[tuple[str | None, str]]:
    """(data: URL, or None when the photo is too large to inline, caption) for each photo."""
    found = []
    for photo in point.photos:
        target, state = _photo_file(ctx, photo.src)
        kind = IMAGE_TYPES.get(target.suffix.lower()) if target else None
        inline = kind and state and 0 < state[0] <= PHOTO_MAX_BYTES
        data = target.read_bytes() if inline else b""
        found.append((f"data:{kind};base64,{base64.b64encode(data).decode()}" if inline and data else None, photo.caption))
    return found


def _photo_file(ctx: Context, src: str) -> tuple[Path | None, tuple[int, int] | None]:
    """A photo's file in docs/ and its (size, modification time); None for what is no file there.
    Looked at once a build: for the key, for the data, and for each route the point is on."""
    return ctx.once(("photo file", src), lambda: _photo_state(ctx, src))


def _photo_state(ctx: Context, src: str) -> tuple[Path | None, tuple[int, int] | None]:
    target = ctx.docs().confined(src)
    try:
        state = target.stat() if target else None
    except (OSError, ValueError):  # not there, or a name longer than the file system allows
        return target, None
    return target, (state.st_size, state.st_mtime_ns) if state and S_ISREG(state.st_mode) else None


def audio_url(ctx: Context, point: Point) -> str | None:
    """Where the point's audio guide is on the published site; None when its address is unknown."""
    return f"{ctx.public_url.rstrip('/')}/{quote(point.audio)}" if ctx.public_url else None
