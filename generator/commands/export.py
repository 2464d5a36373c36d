"""`export DIR`: the site's Markdown sources in one folder, for inspection or for another engine.

The folder holds what the plugin generates (pages, maps, downloads, signs, assets) and the
hand-written files of docs/ (pages, photos), which win over a generated file of the same path as
they do in a build. Settings come from the site's mkdocs.yml when there is one: URL style, the
plugin's `templates` and `public_url`. With `--mkdocs-yml PATH` it also writes a config for an
engine that runs no MkDocs plugin (Zensical), so that `zensical build -f PATH` builds the site.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import yaml

from ..adapter import mkdocs_yml, navigation
from ..paths import Urls
from ..render.build import build, is_source_only, source_only, write_tree
from ..render.context import Context
from ..render.qr import unreachable
from ..source.loader import Loaded


def main(args, loaded: Loaded) -> int:
    """Export the loaded (valid) sites.yaml; 2 on usage errors, 1 on a malformed mkdocs.yml."""
    config_file = Path(args.config_file or "mkdocs.yml")
    if not config_file.is_file() and (args.config_file or args.mkdocs_yml):
        return _usage(f"{config_file} 不存在 / {config_file} does not exist (-f mkdocs.yml)")
    try:
        config = mkdocs_yml.read(config_file) if config_file.is_file() else {}
    except yaml.YAMLError as error:
        print(f"错误: {config_file}: 不是有效的 YAML / not valid YAML: {error}", file=sys.stderr)
        return 1
    target, out = Path(args.directory), Path(args.mkdocs_yml) if args.mkdocs_yml else None
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        return _usage(f"{target} 已存在且不是空目录 / {target} exists and is not an empty folder")
    if out and out.resolve().is_relative_to(target.resolve()):
        return _usage(f"--mkdocs-yml 必须在 {target} 之外 / the config must be outside the exported folder")
    options, base = mkdocs_yml.plugin_options(config) or {}, config_file.parent
    directory_urls = not args.flat_urls and config.get("use_directory_urls", True)
    public_url = _address(args, options, config)
    templates = base / options["templates"] if options.get("templates") else None
    ctx = Context(loaded.project, loaded.root, Urls(directory_urls), templates, public_url)
    files = build(ctx, parallel=True)
    docs = base / config.get("docs_dir", "docs") if config else None
    _write_folder(files, _hand_written(docs, source_only(ctx)), target)
    if out:
        nav = navigation.build(loaded.project, docs, set(files)) if options.get("nav", True) else None
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(mkdocs_yml.dump(mkdocs_yml.for_export(config, base, target, out, nav, directory_urls), out.name),
                       encoding="utf-8")
        print(f"{out}: 可用 zensical build -f {out} 构建 / build with: zensical build -f {out}", file=sys.stderr)
    return 0


def _address(args, options: dict, config: dict) -> str | None:
    """The address for QR codes, picked as the plugin picks it; None for `public_url: false` and,
    with a warning, for a placeholder no phone can open."""
    if args.site_url is None and options.get("public_url") is False:
        return None
    url = args.site_url or options.get("public_url") or config.get("site_url")
    reason = url and unreachable(url)
    if reason:
        print(f"警告: {url}: {reason},不生成二维码 / not an address a phone can open: no QR codes", file=sys.stderr)
    return None if reason else url


def _write_folder(files: dict[str, str | bytes], hand_written: dict[str, Path], target: Path) -> None:
    """Generated files, then the hand-written ones, which replace a generated file of the same path
    as they do in a build."""
    write_tree({path: content for path, content in files.items() if path not in hand_written}, target)
    for path, source in hand_written.items():
        (target / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target / path)
    print(f"{target}: 已写入 {len(list(target.rglob('*')))} 个文件和目录", file=sys.stderr)


def _hand_written(docs: Path | None, skipped: list[str]) -> dict[str, Path]:
    """Files of docs/ by site path; hidden ones (.git, .DS_Store) are left out, as MkDocs does, and
    so are tile files and folders (`skipped`): only the tiles the site needs are published."""
    if docs is None or not docs.is_dir():
        return {}
    found = {p.relative_to(docs): p for p in sorted(docs.rglob("*")) if p.is_file()}
    return {path.as_posix(): p for path, p in found.items() if not any(part.startswith(".") for part in path.parts)
            and not is_source_only(path.as_posix(), skipped)}


def _usage(message: str) -> int:
    print(f"错误: {message}", file=sys.stderr)
    return 2
