"""A site's mkdocs.yml read without MkDocs, and the mkdocs.yml written beside an exported folder
for engines that do not run our plugin (Zensical; MkDocs or ProperDocs without `showcase`).

The written file is the site's own settings (theme, extensions, search, site_url…) with what the
plugin would have done spelled out: docs_dir is the export, the nav is the generated one, point
and route pages stay out of the nav, the showcase stylesheet is listed, and the plugin entry is
gone. Tags such as `!ENV` or `!!python/name:…` are carried over as written.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

import yaml

from .. import paths
from .navigation import NOT_IN_NAV

PLUGIN = "showcase"


class Tagged(NamedTuple):
    """A value with a tag only MkDocs or a theme understands, kept to be written back unchanged."""

    tag: str
    value: object


class _Loader(yaml.SafeLoader):
    pass


def _keep_tag(loader: _Loader, _suffix: str, node: yaml.Node) -> Tagged:
    if isinstance(node, yaml.ScalarNode):
        return Tagged(node.tag, loader.construct_scalar(node))
    if isinstance(node, yaml.SequenceNode):
        return Tagged(node.tag, loader.construct_sequence(node, deep=True))
    return Tagged(node.tag, loader.construct_mapping(node, deep=True))


_Loader.add_multi_constructor("!", _keep_tag)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _keep_tag)


class _Dumper(yaml.SafeDumper):
    pass


def _write_tag(dumper: _Dumper, tagged: Tagged) -> yaml.Node:
    if isinstance(tagged.value, list):
        return dumper.represent_sequence(tagged.tag, tagged.value)
    if isinstance(tagged.value, dict):
        return dumper.represent_mapping(tagged.tag, tagged.value)
    return dumper.represent_scalar(tagged.tag, tagged.value)


def _write_str(dumper: _Dumper, text: str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|" if "\n" in text else None)


_Dumper.add_representer(Tagged, _write_tag)
_Dumper.add_representer(str, _write_str)


def read(path: Path) -> dict:
    """The settings of a mkdocs.yml (raises yaml.YAMLError on a malformed file)."""
    return read_text(path.read_text(encoding="utf-8"))


def read_text(text: str) -> dict:
    return yaml.load(text, Loader=_Loader) or {}  # noqa: S506 (a SafeLoader that keeps unknown tags)


def _entries(plugins) -> list[tuple[str, object]]:
    """(name, options) of each plugin, whether mkdocs.yml lists them or maps them."""
    if isinstance(plugins, dict):
        return list(plugins.items())
    return [next(iter(p.items())) if isinstance(p, dict) else (p, None) for p in plugins or []]


def plugin_options(config: dict) -> dict | None:
    """The options of the showcase plugin in this mkdocs.yml; None if it is not listed."""
    for name, options in _entries(config.get("plugins")):
        if name == PLUGIN:
            return options or {}
    return None


def for_export(config: dict, config_dir: Path, export_dir: Path, out: Path, nav: list | None, directory_urls: bool) -> dict:
    """The mkdocs.yml to write at `out`, building `export_dir` as the plugin would have built it."""
    here = out.resolve().parent
    written = {key: value for key, value in config.items() if key not in ("docs_dir", "site_dir", "plugins")}
    written["docs_dir"] = Path(os.path.relpath(export_dir.resolve(), here)).as_posix()
    written["use_directory_urls"] = directory_urls
    if "plugins" in config:  # left out, MkDocs' default (search) applies
        written["plugins"] = [{n: o} if o else n for n, o in _entries(config["plugins"]) if n != PLUGIN]
    if nav and not config.get("nav"):
        written["nav"] = nav
    written["not_in_nav"] = NOT_IN_NAV + (config.get("not_in_nav") or "")
    written["extra_css"] = [paths.SHOWCASE_CSS, *(config.get("extra_css") or [])]
    written["extra_javascript"] = [paths.SHOWCASE_JS, *(config.get("extra_javascript") or [])]
    if config.get("theme"):
        written["theme"] = _theme(config["theme"], config_dir, here)
    return written


def _theme(theme: dict | str, config_dir: Path, here: Path) -> dict:
    theme = dict(theme) if isinstance(theme, dict) else {"name": theme}
    # Zensical's default look is its own "modern" one; "classic" is Material's (MkDocs ignores it).
    theme.setdefault("variant", "classic")
    if theme.get("custom_dir"):
        theme["custom_dir"] = Path(os.path.relpath((config_dir / theme["custom_dir"]).resolve(), here)).as_posix()
    return theme


HEADER = """\
# Written by `python -m generator export … --mkdocs-yml`: the site's mkdocs.yml for an engine
# that runs no showcase plugin (e.g. `zensical build -f {name}`). Export again to refresh it.
"""


def dump(config: dict, name: str) -> str:
    body = yaml.dump(config, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False)
    return HEADER.format(name=name) + body
