"""The command line: `python -m generator COMMAND`.

Exit status: 0 fine, 1 problems in the editor's files, 2 usage errors. Nothing an editor can
write produces a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..source import loader
from ..source.problems import format_gitlab
from .console import cli_path, safe_console

COMMANDS: dict[str, tuple[str, callable]] = {}
EXTRA_ARGS: dict[str, callable] = {}  # command name -> its own argument setup (default: _add_common)


def command(name: str, help_text: str):
    def register(func):
        COMMANDS[name] = (help_text, func)
        return func

    return register


def _lang(args) -> str:
    return getattr(args, "lang", "zh") or "zh"


def report(loaded: loader.Loaded, args, stream=None) -> None:
    """Print problems in the chosen format (to stderr unless told otherwise)."""
    stream = stream or sys.stderr
    problems = loaded.problems
    fmt = getattr(args, "format", "text")
    if fmt == "github":
        for p in problems:
            print(p.format_github(_lang(args)), file=sys.stdout)
    elif fmt == "gitlab":
        print(format_gitlab(problems, _lang(args)), file=sys.stdout)
    for p in problems:
        print(p.format(_lang(args)), file=stream)
    if problems:
        errors, warnings = len(loaded.errors), len(loaded.warnings)
        summary = f"{errors} 个错误,{warnings} 个警告" if _lang(args) == "zh" else f"{errors} error(s), {warnings} warning(s)"
        print(summary, file=stream)


def load_checked(args) -> loader.Loaded | None:
    """Load the file named by args.path; None (after reporting) when the build must stop."""
    loaded = loader.load(args.path)
    report(loaded, args)
    if loaded.errors or (getattr(args, "strict", False) and loaded.warnings):
        return None
    return loaded


@command("check", "检查 sites.yaml,列出全部错误和警告 / validate sites.yaml")
def _check(args) -> int:
    # Several files (a pre-commit hook, a repository with one file per district) are checked in
    # one run and reported as one: one summary line, one code-quality report.
    loads = [loader.load(path) for path in args.path]
    combined = loader.Loaded(None, [p for loaded in loads for p in loaded.problems], Path("."))
    report(combined, args)
    if combined.errors or (args.strict and combined.warnings):
        return 1
    if not combined.problems:
        print(f"{', '.join(args.path)}: " + ("没有发现问题" if _lang(args) == "zh" else "no problems"), file=sys.stderr)
    return 0


def _check_args(sub: argparse.ArgumentParser) -> None:
    _add_common(sub, many=True)


EXTRA_ARGS["check"] = _check_args


def _add_common(sub: argparse.ArgumentParser, many: bool = False) -> None:
    if many:
        sub.add_argument("path", nargs="*", default=["sites.yaml"], type=cli_path, help="一个或多个 sites.yaml (default: sites.yaml)")
    else:
        sub.add_argument("path", nargs="?", default="sites.yaml", type=cli_path, help="sites.yaml 的路径 (default: sites.yaml)")
    sub.add_argument("--lang", choices=["zh", "en"], default="zh", help="消息语言 / message language")
    sub.add_argument("--strict", action="store_true", help="警告也算失败 / fail on warnings")
    sub.add_argument("--format", choices=["text", "github", "gitlab"], default="text",
                     help="github: 工作流注释; gitlab: 代码质量报告 (JSON)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator", description="党建示范带网站生成器 / demonstration-belt site generator")
    subs = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (help_text, _) in COMMANDS.items():
        sub = subs.add_parser(name, help=help_text, description=help_text)
        (EXTRA_ARGS.get(name) or _add_common)(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    safe_console()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    if not args.command:
        parser.print_help(sys.stderr)
        return 2
    try:
        return COMMANDS[args.command][1](args)
    except BrokenPipeError:
        return 1
    except Exception as exc:  # a bug of ours: say so in one line; SHOWCASE_DEBUG=1 shows the traceback
        if os.environ.get("SHOWCASE_DEBUG"):
            raise
        print(f"错误: 程序内部错误({type(exc).__name__}: {exc})。请把 sites.yaml 和这条消息交给维护人员;"
              f"设置 SHOWCASE_DEBUG=1 可看到详细信息。", file=sys.stderr)
        return 1


def _export_args(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("directory", type=cli_path, help="输出目录(必须不存在或为空)/ output folder (must not exist or be empty)")
    _add_common(sub)
    sub.add_argument("-f", "--config-file", type=cli_path,
                     help="网站的 mkdocs.yml(默认:当前目录下有则读取)/ the site's mkdocs.yml (default: ./mkdocs.yml if present)")
    sub.add_argument("--mkdocs-yml", metavar="PATH", type=cli_path,
                     help="另写一个配置文件,供不运行本插件的引擎(Zensical)构建导出的目录 / also write a config for Zensical")
    sub.add_argument("--flat-urls", action="store_true", help="链接写成 page.html 形式(对应 use_directory_urls: false)")
    sub.add_argument("--site-url", default=None, help="网站地址,用于二维码(默认取 mkdocs.yml 的 public_url)/ public address, for QR codes")


@command("export", "把生成的页面、地图、下载文件和 docs/ 写到一个目录(供检查或其他引擎使用)/ write the site's sources to a folder")
def _export(args) -> int:
    from . import export

    loaded = load_checked(args)
    return 1 if loaded is None else export.main(args, loaded)


EXTRA_ARGS["export"] = _export_args


def _build_args(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("-f", "--config-file", default="mkdocs.yml", type=cli_path, help="mkdocs.yml 的路径")
    sub.add_argument("-d", "--site-dir", default="site", type=cli_path, help="输出目录 (default: site)")
    sub.add_argument("--engine", choices=["mkdocs", "properdocs"], default="mkdocs",
                     help="构建引擎:MkDocs 1.6 或其替代品 ProperDocs / MkDocs 1.6 or its drop-in fork ProperDocs")


@command("build", "用 MkDocs 构建网站;失败时保留原有的 site/ 不变 / build with MkDocs; a failed build leaves site/ as it was")
def _build(args) -> int:
    from .publish import build_site

    return build_site(Path(args.config_file), Path(args.site_dir), args.engine)


EXTRA_ARGS["build"] = _build_args


def _scan_args(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("site_dir", nargs="?", default="site", type=cli_path, help="构建好的网站目录 (default: site)")
    sub.add_argument("--allow", action="append", default=[], metavar="URL",
                     help="允许加载的地址前缀,如瓦片服务器 https://tiles.example.org/ / an allowed address prefix (tile server)")


@command("scan", "检查构建好的网站是否从外部加载资源(用 Zensical 构建后运行)/ fail if a built site loads anything from another host")
def _scan(args) -> int:
    from .publish import scan_site

    return scan_site(Path(args.site_dir), args.allow)


EXTRA_ARGS["scan"] = _scan_args


def _compress_args(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("site_dir", nargs="?", default="site", type=cli_path, help="构建好的网站目录 (default: site)")


@command("compress", "给构建好的网站的文本文件写 .gz 副本(用 Zensical 构建后运行;本插件构建时自动写)/ write gzip copies beside a built site's text files")
def _compress(args) -> int:
    from ..render.compress import precompress

    site = Path(args.site_dir)
    if not site.is_dir():
        print(f"错误: {site} 不是目录 / {site} is not a folder", file=sys.stderr)
        return 2
    print(f"{site}: 已写入 {precompress(site)} 个 .gz 文件 / gzip copies written", file=sys.stderr)
    return 0


EXTRA_ARGS["compress"] = _compress_args


# --- editors' tools: schema, new, diff ---------------------------------------------------------


def _schema_args(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--output", metavar="PATH", type=cli_path, help="写入文件(如 schema/sites.schema.json);不写则打印 / write to a file instead of printing")


@command("schema", "输出 sites.yaml 的 JSON Schema(VS Code 自动补全和悬停说明)/ print the JSON Schema of sites.yaml")
def _schema(args) -> int:
    from ..model import schema

    return schema.write(args.output)


EXTRA_ARGS["schema"] = _schema_args


def _new_args(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("kind", choices=["point", "belt", "route"], help="point 示范点、belt 示范带、route 路线")
    sub.add_argument("id", help="新记录的编号,如 gulou-09;已存在于 sites.yaml(或 --append 的文件)中时拒绝 / the new id; refused if already taken")
    sub.add_argument("--append", metavar="PATH", type=cli_path, help="直接添加到该 sites.yaml 对应部分的末尾 / append to this file")


@command("new", "生成一条带说明注释的新示范点/示范带/路线 / scaffold a commented new point, belt or route")
def _new(args) -> int:
    from . import scaffold

    return scaffold.main(args.kind, args.id, args.append)


EXTRA_ARGS["new"] = _new_args


def _diff_args(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("old", type=cli_path, help="旧版本:文件,或 git 版本如 main、HEAD~1 / old file or git revision")
    sub.add_argument("new", type=cli_path, help="新版本:文件,或 git 版本如 HEAD / new file or git revision")
    sub.add_argument("--file", default="sites.yaml", metavar="PATH", type=cli_path, help="git 版本中要比较的文件 (default: sites.yaml)")
    sub.add_argument("--output", metavar="PATH", type=cli_path,
                     help="写入 UTF-8 文件(Windows 上请用它代替 > 重定向)/ write to a UTF-8 file instead of printing")


@command("diff", "用中文列出两版 sites.yaml 的变化(Markdown,可贴到合并请求)/ list changes between two versions")
def _diff(args) -> int:
    from . import diff

    return diff.main(args.old, args.new, args.file, args.output)


EXTRA_ARGS["diff"] = _diff_args


def _init_args(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("directory", type=cli_path, help="新仓库的目录(必须不存在或为空)/ the new repository's folder (must not exist or be empty)")
    where = sub.add_mutually_exclusive_group()
    where.add_argument("--git", metavar="URL", help="生成器的 git 仓库地址 / the generator's git repository")
    where.add_argument("--index", metavar="URL", help="内网软件源(PyPI 镜像)地址 / a package index that serves the generator")
    sub.add_argument("--tag", help="git 标签或版本,默认为当前版本 / git tag or version (default: this version)")


@command("init", "新建只放数据的站点仓库(mkdocs.yml、sites.yaml、docs/、CI、pre-commit)/ scaffold a repository holding only a site's data")
def _init(args) -> int:
    from . import newsite

    return newsite.main(args.directory, args.git, args.tag, args.index)


EXTRA_ARGS["init"] = _init_args


def _xlsx_args(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("action", choices=["export", "import"], help="export: sites.yaml → 工作簿; import: 工作簿或 CSV → sites.yaml")
    sub.add_argument("files", nargs="+", type=cli_path, metavar="FILE",
                     help="export [sites.yaml] BOOK.xlsx; import BOOK.xlsx|表.csv … [sites.yaml]")
    sub.add_argument("--dry-run", action="store_true", help="import: 只列出变化和问题,不写入 / report only, write nothing")
    sub.add_argument("--lang", choices=["zh", "en"], default="zh", help="消息语言 / message language")


@command("xlsx", "在 sites.yaml 和 Excel 台账(.xlsx / .csv)之间导出、导入 / spreadsheets both ways")
def _xlsx(args) -> int:
    from . import xlsx

    if args.action == "export":
        return xlsx.export(args.files, _lang(args))
    return xlsx.import_(args.files, args.dry_run, _lang(args))


EXTRA_ARGS["xlsx"] = _xlsx_args
