"""Loading sites.yaml: strict YAML, then the model, then the cross-record rules.

Every record is validated on its own so that one run reports every problem, each at its line.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ValidationError

from ..model import Belt, Point, Project, Route, Site
from . import docs, hints, rules, yamlpieces
from .modeltypes import label
from .positions import Source, dotted
from .problems import Problem, ProjectError
from .validation import problem_from
from .yamlsource import parse

SECTIONS: dict[str, type[BaseModel]] = {"belts": Belt, "points": Point, "routes": Route}
TOP_KEYS = ["site", *SECTIONS]


@dataclass
class Kept:
    """What a reading of sites.yaml leaves for the next one (the plugin keeps one under `mkdocs
    serve`): the text's pieces as parsed (see yamlpieces), and the record made from each piece's
    data. A piece whose text did not change gives the very same data, so the same record object:
    it is neither validated nor hashed again (see render/memo)."""

    pieces: dict = field(default_factory=dict)
    records: dict = field(default_factory=dict)  # (model, id of the data) → (data, record)


@dataclass
class Loaded:
    """The outcome of loading: a project (when there are no errors) and every problem found."""

    project: Project | None
    problems: list[Problem]
    root: Path
    partial: Project | None = None
    """The records that are valid on their own, also when others have errors (for `diff`)."""
    invalid: dict[str, set[str]] = field(default_factory=dict)
    """Per section, the ids of records that are not valid on their own."""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.warning]


def load(path: str | Path, today: dt.date | None = None, shown_as: str | None = None, kept: Kept | None = None) -> Loaded:
    """sites.yaml, read and checked. `kept` (from one reading to the next, as the plugin keeps
    it under `mkdocs serve`): only the parts of the file that changed are parsed and validated."""
    path = Path(path)
    name = shown_as or str(path)
    try:
        raw = path.read_bytes()
        root = path.resolve().parent
    except FileNotFoundError:
        return Loaded(None, [Problem(name, 1, 1, "", "not_found", hint="not_found")], path.parent)
    except IsADirectoryError:
        return Loaded(None, [Problem(name, 1, 1, "", "is_directory", hint="not_found")], path)
    except (OSError, RuntimeError) as exc:  # no permission, a symlink loop
        reason = getattr(exc, "strerror", None) or str(exc)
        return Loaded(None, [Problem(name, 1, 1, "", "unreadable", {"reason": reason})], path.parent)
    return load_bytes(raw, name, root, today, kept)


def load_bytes(raw: bytes, file: str, root: Path, today: dt.date | None = None, kept: Kept | None = None) -> Loaded:
    src = parse(raw, file, pieces=functools.partial(yamlpieces.read, kept=kept.pieces) if kept else None)
    if src.problems and src.data is None:
        return Loaded(None, src.problems, root)
    problems = list(src.problems)
    made: dict = {}
    site, records = _validate(src, problems, functools.partial(_model, made=made, kept=kept.records if kept else {}))
    if kept:
        kept.records = made
    partial = None
    if site is not None:
        problems += rules.check(src, site, records, root, today or dt.date.today())
        partial = Project(site=site, **{name: [r for _, r in pairs] for name, pairs in records.items()})
    problems += docs.problems(root, file)  # published whether sites.yaml names them or not
    project = partial if not any(not p.warning for p in problems) else None
    # One mistake can be seen twice (a key that is itself a mapping with a list as key): say it once.
    problems = sorted({p.format(): p for p in problems}.values(), key=lambda p: (p.file, p.line, p.col, p.warning))
    return Loaded(project, problems, root, partial, _invalid_ids(src.data, records))


def _invalid_ids(data, records: dict[str, list]) -> dict[str, set[str]]:
    if not isinstance(data, dict):
        return {}
    invalid = {}
    for name, pairs in records.items():
        valid = {i for i, _ in pairs}
        items = data.get(name) if isinstance(data.get(name), list) else []
        invalid[name] = {str(item["id"]) for i, item in enumerate(items)
                         if i not in valid and isinstance(item, dict) and isinstance(item.get("id"), str)}
    return invalid


def load_project(path: str | Path, today: dt.date | None = None) -> Project:
    """Load or raise ProjectError with every problem (warnings ignored)."""
    loaded = load(path, today)
    if loaded.project is None:
        raise ProjectError(loaded.errors)
    return loaded.project


def _validate(src: Source, problems: list[Problem], model) -> tuple[Site | None, dict[str, list[tuple[int, BaseModel]]]]:
    """The site settings and the valid records of each section, each with its index in the file
    (`model`: `_model`, with what it may reuse)."""
    data = src.data
    records: dict[str, list] = {name: [] for name in SECTIONS}
    if not isinstance(data, dict):
        problems.append(src.problem((), "top_not_mapping"))
        return None, records
    for key in data:
        if key not in TOP_KEYS:
            problems.append(hints.unknown_field(src, (key,), TOP_KEYS, hints.titles(Project)))
    site = model(src, Site, data.get("site"), ("site",), problems) if "site" in data else None
    if "site" not in data:
        problems.append(src.problem((), "missing", params={"field": "site"}, hint="missing",
                                    hint_params={"field": "site", "doc": label(Project.model_fields["site"])}))
    for name, cls in SECTIONS.items():
        items = data.get(name)
        if items is None:
            continue
        if not isinstance(items, list):
            problems.append(src.problem((name,), "not_list"))
            continue
        for i, item in enumerate(items):
            record = model(src, cls, item, (name, i), problems)
            if record is not None:
                records[name].append((i, record))
    return site, records


def _model(src: Source, cls: type[BaseModel], value, path: tuple, problems: list[Problem], made: dict, kept: dict):
    """The record `value` makes, or None with its problems added. One made from this very `value`
    object before (`kept`) is reused: a kept piece's data is never changed, records are frozen."""
    key = (cls, id(value))
    last = kept.get(key)
    if last is not None and last[0] is value:  # the data is held in `kept`, so its id is not reused
        made[key] = last
        return last[1]
    try:
        record = cls.model_validate(value)
        made[key] = (value, record)
        return record
    except ValidationError as exc:
        found = [problem_from(src, cls, path, error) for error in exc.errors(include_url=False)]
        # `adress` (or `地址`) written and `address` missing are one mistake: report it once.
        typos = {(p.path.rpartition(".")[0], p.hint_params["name"]) for p in found if p.hint in ("did_you_mean", "field_label")}
        problems += [p for p in found if not (p.key == "missing" and (p.path, p.params["field"]) in typos)]
        return None


__all__ = ["Kept", "Loaded", "load", "load_bytes", "load_project", "dotted"]
