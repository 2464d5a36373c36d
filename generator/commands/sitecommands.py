"""Commands that make or inspect a site: export its sources, build it, scan and compress a built one.

Each command imports its module when it runs, so `check` (run on every commit by pre-commit)
does not pay for MkDocs and folium."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .console import cli_path
from .options import Command, common, load_checked


def _export_args(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("directory", type=cli_path, help="输出目录(必须不存在或为空)/ output folder (must not exist or be empty)")
    common(sub)
    sub.add_argument("-f", "--config-file", type=cli_path,
                     help="网站的 mkdocs.yml(默认:当前目录下有则读取)/ the site's mkdocs.yml (default: ./mkdocs.yml if present)")
    sub.add_argument("--mkdocs-yml", metavar="PATH", type=cli_path,
                     help="另写一个配置文件,供不运行本插件的引擎(Zensical)构建导出的目录 / also write a config for Zensical")
    sub.add_argument("--flat-urls", action="store_true", help="链接写成 page.html 形式(对应 use_directory_urls: false)")
    sub.add_argument("--site-url", default=None, help="网站地址,用于二维码(默认取 mkdocs.yml 的 public_url)/ public address, for QR codes")


def _export(args) -> int:
    from . import export

    loaded = load_checked(args)
    return 1 if loaded is None else export.main(args, loaded)


def _build_args(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("-f", "--config-file", default="mkdocs.yml", type=cli_path, help="mkdocs.yml 的路径")
    sub.add_argument("-d", "--site-dir", default="site", type=cli_path, help="输出目录 (default: site)")
    sub.add_argument("--engine", choices=["mkdocs", "properdocs"], default="mkdocs",
                     help="构建引擎:MkDocs 1.6 或其替代品 ProperDocs / MkDocs 1.6 or its drop-in fork ProperDocs")


def _build(args) -> int:
    from .publish import build_site

    return build_site(Path(args.config_file), Path(args.site_dir), args.engine)


def _site_dir(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("site_dir", nargs="?", default="site", type=cli_path, help="构建好的网站目录 (default: site)")


def _scan_args(sub: argparse.ArgumentParser) -> None:
    _site_dir(sub)
    sub.add_argument("--allow", action="append", default=[], metavar="URL",
                     help="允许加载的地址前缀,如瓦片服务器 https://tiles.example.org/ / an allowed address prefix (tile server)")


def _scan(args) -> int:
    from .publish import scan_site

    return scan_site(Path(args.site_dir), args.allow)


def _compress(args) -> int:
    from ..render.compress import precompress

    site = Path(args.site_dir)
    if not site.is_dir():
        print(f"错误: {site} 不是目录 / {site} is not a folder", file=sys.stderr)
        return 2
    print(f"{site}: 已写入 {precompress(site)} 个 .gz 文件 / gzip copies written", file=sys.stderr)
    return 0


COMMANDS = (
    Command("export", "把生成的页面、地图、下载文件和 docs/ 写到一个目录(供检查或其他引擎使用)/ write the site's sources to a folder",
            _export_args, _export),
    Command("build", "用 MkDocs 构建网站;失败时保留原有的 site/ 不变 / build with MkDocs; a failed build leaves site/ as it was",
            _build_args, _build),
    Command("scan", "检查构建好的网站是否从外部加载资源(用 Zensical 构建后运行)/ fail if a built site loads anything from another host",
            _scan_args, _scan),
    Command("compress", "给构建好的网站的文本文件写 .gz 副本(用 Zensical 构建后运行;本插件构建时自动写)/ write gzip copies beside a built site's text files",
            _site_dir, _compress),
)
