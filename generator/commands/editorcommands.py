"""Editors' tools: the schema for their editor, a commented new entry, the changes between two
versions, a new site repository, spreadsheets both ways.

Each command imports its module when it runs (see sitecommands)."""

from __future__ import annotations

import argparse

from .console import cli_path
from .options import Command, lang


def _schema_args(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--output", metavar="PATH", type=cli_path, help="写入文件(如 schema/sites.schema.json);不写则打印 / write to a file instead of printing")


def _schema(args) -> int:
    from ..model import schema

    return schema.write(args.output)


def _new_args(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("kind", choices=["point", "belt", "route"], help="point 示范点、belt 示范带、route 路线")
    sub.add_argument("id", help="新记录的编号,如 gulou-09;已存在于 sites.yaml(或 --append 的文件)中时拒绝 / the new id; refused if already taken")
    sub.add_argument("--append", metavar="PATH", type=cli_path, help="直接添加到该 sites.yaml 对应部分的末尾 / append to this file")


def _new(args) -> int:
    from . import scaffold

    return scaffold.main(args.kind, args.id, args.append)


def _diff_args(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("old", type=cli_path, help="旧版本:文件,或 git 版本如 main、HEAD~1 / old file or git revision")
    sub.add_argument("new", type=cli_path, help="新版本:文件,或 git 版本如 HEAD / new file or git revision")
    sub.add_argument("--file", default="sites.yaml", metavar="PATH", type=cli_path, help="git 版本中要比较的文件 (default: sites.yaml)")
    sub.add_argument("--output", metavar="PATH", type=cli_path,
                     help="写入 UTF-8 文件(Windows 上请用它代替 > 重定向)/ write to a UTF-8 file instead of printing")


def _diff(args) -> int:
    from . import diff

    return diff.main(args.old, args.new, args.file, args.output)


def _init_args(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("directory", type=cli_path, help="新仓库的目录(必须不存在或为空)/ the new repository's folder (must not exist or be empty)")
    where = sub.add_mutually_exclusive_group()
    where.add_argument("--git", metavar="URL", help="生成器的 git 仓库地址 / the generator's git repository")
    where.add_argument("--index", metavar="URL", help="内网软件源(PyPI 镜像)地址 / a package index that serves the generator")
    sub.add_argument("--tag", help="git 标签或版本,默认为当前版本 / git tag or version (default: this version)")


def _init(args) -> int:
    from . import newsite

    return newsite.main(args.directory, args.git, args.tag, args.index)


def _xlsx_args(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("action", choices=["export", "import"], help="export: sites.yaml → 工作簿; import: 工作簿或 CSV → sites.yaml")
    sub.add_argument("files", nargs="+", type=cli_path, metavar="FILE",
                     help="export [sites.yaml] BOOK.xlsx; import BOOK.xlsx|表.csv … [sites.yaml]")
    sub.add_argument("--dry-run", action="store_true", help="import: 只列出变化和问题,不写入 / report only, write nothing")
    sub.add_argument("--lang", choices=["zh", "en"], default="zh", help="消息语言 / message language")


def _xlsx(args) -> int:
    from . import xlsx

    if args.action == "export":
        return xlsx.export(args.files, lang(args))
    return xlsx.import_(args.files, args.dry_run, lang(args))


COMMANDS = (
    Command("schema", "输出 sites.yaml 的 JSON Schema(VS Code 自动补全和悬停说明)/ print the JSON Schema of sites.yaml",
            _schema_args, _schema),
    Command("new", "生成一条带说明注释的新示范点/示范带/路线 / scaffold a commented new point, belt or route", _new_args, _new),
    Command("diff", "用中文列出两版 sites.yaml 的变化(Markdown,可贴到合并请求)/ list changes between two versions", _diff_args, _diff),
    Command("init", "新建只放数据的站点仓库(mkdocs.yml、sites.yaml、docs/、CI、pre-commit)/ scaffold a repository holding only a site's data",
            _init_args, _init),
    Command("xlsx", "在 sites.yaml 和 Excel 台账(.xlsx / .csv)之间导出、导入 / spreadsheets both ways", _xlsx_args, _xlsx),
)
