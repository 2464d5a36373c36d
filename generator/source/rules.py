"""Rules across records: ids, references, checklists and files; then places (`places`) and the
reminders for editors (`reminders`).

`records` holds the records that passed validation, each with its index in its section, so that
every problem points at its own record even when an id is repeated or an earlier record failed.
"""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path

from ..model import AUDIO_MAX_MB, AUDIO_SUFFIXES, DEFAULT_CHECKLISTS, Site, Target
from . import maprules, places, reminders
from .docsfiles import Docs, is_file
from .positions import Source
from .problems import Problem
from .rawrecords import Records, raw_id, raw_ids, raw_items


def check(src: Source, site: Site, records: Records, root: Path, today: dt.date) -> list[Problem]:
    known = {name: raw_ids(src, name) for name in ("points", "belts", "routes")}
    problems: list[Problem] = []
    for name in known:
        problems += _duplicate_ids(src, name)
    problems += places.regions(src, site)
    problems += _references(src, records, known)
    problems += _checklists(src, site, records)
    problems += places.coordinates(src, site, records)
    problems += _files(src, site, records, root)
    problems += _audio(src, records, root)
    problems += maprules.check(src, site, root)
    problems += reminders.check(src, site, records, today)
    return problems


def _duplicate_ids(src: Source, section: str) -> list[Problem]:
    first: dict[str, int] = {}
    problems = []
    for i, item in enumerate(raw_items(src, section)):
        record_id = raw_id(item)
        if record_id is None:
            continue
        if record_id in first:
            line = src.where((section, first[record_id], "id"))[0]
            problems.append(src.problem((section, i, "id"), "duplicate_id", params={"id": record_id, "first": line}, hint="duplicate_id"))
        else:
            first[record_id] = i
    return problems


def _dangling(src: Source, path: tuple, key: str, ref: str, known: dict[str, int]) -> Problem:
    close = difflib.get_close_matches(ref, list(known), n=6, cutoff=0.5)
    ids = close or sorted(known)[:8]
    shown = ", ".join(ids) + (" …" if len(known) > len(ids) and not close else "")
    return src.problem(path, key, params={"id": ref}, hint="known_ids", hint_params={"ids": shown or "—"})


def _references(src: Source, records: Records, known: dict[str, dict]) -> list[Problem]:
    problems = []
    for i, belt in records["belts"]:
        for j, pid in enumerate(belt.points):
            if pid not in known["points"]:
                problems.append(_dangling(src, ("belts", i, "points", j), "unknown_point", pid, known["points"]))
    for i, route in records["routes"]:
        if route.belt not in known["belts"]:
            problems.append(_dangling(src, ("routes", i, "belt"), "unknown_belt", route.belt, known["belts"]))
        for j, stop in enumerate(route.stops):
            path = ("routes", i, "stops", j)
            if src.where(path + ("point",)) != src.where(path):
                path += ("point",)
            if stop.point not in known["points"]:
                problems.append(_dangling(src, path, "unknown_point", stop.point, known["points"]))
            elif j and route.stops[j - 1].point == stop.point:
                problems.append(src.problem(path, "stop_repeated", params={"n": j + 1, "id": stop.point}))
    return problems


def _checklists(src: Source, site: Site, records: Records) -> list[Problem]:
    problems = []
    for section, target in (("belts", "belt"), ("points", "point")):
        for i, record in records[section]:
            for name, results in record.checklists.items():
                path = (section, i, "checklists", name)
                definition = site.checklists.get(name)
                if definition is None:
                    known = ", ".join(k for k, c in site.checklists.items() if c.applies_to == target)
                    hint, hint_params = ("known_ids", {"ids": known}) if known else \
                        ("no_checklist_for", {"id": name, "target": target, "target_zh": Target(target).label,
                                              "defaults_zh": "".join(f"“{c.name}”" for c in DEFAULT_CHECKLISTS.values()),
                                              "defaults": ", ".join(DEFAULT_CHECKLISTS)})
                    problems.append(src.problem(path, "unknown_checklist", at_key=True, params={"id": name}, hint=hint,
                                                hint_params=hint_params))
                    continue
                if definition.applies_to != target:
                    problems.append(src.problem(path, "wrong_checklist_target", at_key=True,
                                                params={"id": name, "target": definition.applies_to.value,
                                                        "target_zh": definition.applies_to.label}))
                    continue
                item_ids = [item.id for item in definition.items]
                for item_id in results:
                    if item_id not in item_ids:
                        problems.append(src.problem(path + (item_id,), "unknown_item", at_key=True, params={"checklist": name, "id": item_id},
                                                    hint="checklist_items", hint_params={"ids": "、".join(f"{item.id}({item.name})" for item in definition.items)}))
    return problems


def _files(src: Source, site: Site, records: Records, root: Path) -> list[Problem]:
    wanted: list[tuple[tuple, str]] = []
    for section in ("belts", "points"):
        for i, record in records[section]:
            for k, photo in enumerate(getattr(record, "photos", [])):
                wanted.append(((section, i, "photos", k, "src"), photo.src))
            for name, results in record.checklists.items():
                for item_id, result in results.items():
                    if result.photo:
                        wanted.append(((section, i, "checklists", name, item_id, "photo"), result.photo))
    problems = []
    docs = Docs(root)
    found: dict[str, Path | None] = {}  # many records name the same file: resolve each name once
    for path, relative in wanted:
        target = found[relative] if relative in found else found.setdefault(relative, docs.confined(relative))
        if target is None:
            problems.append(src.problem(path, "path_outside", params={"path": relative}, hint="photo"))
        elif not is_file(target):
            problems.append(src.problem(path, "photo_missing", params={"path": relative}, hint="photo"))
    return problems




def _audio(src: Source, records: Records, root: Path) -> list[Problem]:
    """A point's audio guide: under docs/, there, in a format phones play, and small enough to
    download on a weak signal and keep on a phone."""
    problems = []
    docs = Docs(root)
    for i, point in records["points"]:
        if point.audio is None:
            continue
        path, relative = ("points", i, "audio"), point.audio
        target = docs.confined(relative)
        if target is None:
            problems.append(src.problem(path, "path_outside", params={"path": relative}, hint="audio"))
        elif not relative.lower().endswith(AUDIO_SUFFIXES):
            problems.append(src.problem(path, "audio_format", params={"path": relative}, hint="audio_format",
                                        hint_params={"suffixes": "、".join(AUDIO_SUFFIXES)}))
        elif not is_file(target):
            problems.append(src.problem(path, "audio_missing", params={"path": relative}, hint="audio"))
        elif target.stat().st_size > AUDIO_MAX_MB * 1024 * 1024:
            mb = f"{target.stat().st_size / 1024 / 1024:.1f}"
            problems.append(src.problem(path, "audio_too_big", params={"path": relative, "mb": mb, "limit": AUDIO_MAX_MB},
                                        hint="audio_size"))
    return problems
