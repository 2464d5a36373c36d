"""The command line: `python -m generator COMMAND`.

Exit status: 0 fine, 1 problems in the editor's files, 2 usage errors. Nothing an editor can
write produces a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import loader
from .problems import format_gitlab

COMMANDS: dict[str, tuple[str, callable]] = {}


def command(name: str, help_text: str):
    def register(func):
        COMMANDS[name] = (help_text, func)
        return func

    return register


def _lang(args) -> str:
    return getattr(args, "lang", "zh") or "zh"


def report(loaded: loader.Loaded, args, stream=sys.stderr) -> None:
    """Print problems in the chosen format."""
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
    loaded = load_checked(args)
    if loaded is None:
        return 1
    if not loaded.problems and _lang(args) == "zh":
        print(f"{args.path}: 没有发现问题", file=sys.stderr)
    elif not loaded.problems:
        print(f"{args.path}: no problems", file=sys.stderr)
    return 0


def _add_common(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("path", nargs="?", default="sites.yaml", help="sites.yaml 的路径 (default: sites.yaml)")
    sub.add_argument("--lang", choices=["zh", "en"], default="zh", help="消息语言 / message language")
    sub.add_argument("--strict", action="store_true", help="警告也算失败 / fail on warnings")
    sub.add_argument("--format", choices=["text", "github", "gitlab"], default="text",
                     help="github: 工作流注释; gitlab: 代码质量报告 (JSON)")


EXTRA_ARGS: dict[str, callable] = {}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator", description="党建示范带网站生成器 / demonstration-belt site generator")
    subs = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (help_text, _) in COMMANDS.items():
        sub = subs.add_parser(name, help=help_text, description=help_text)
        (EXTRA_ARGS.get(name) or _add_common)(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
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

