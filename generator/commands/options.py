"""What every command shares: its declaration, the common arguments, and problems reported in the
format the caller asked for (text, GitHub annotations, a GitLab code-quality report)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable, NamedTuple

from ..source import loader
from ..source.problems import format_gitlab
from .console import cli_path


class Command(NamedTuple):
    name: str
    help: str
    arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


def lang(args) -> str:
    return getattr(args, "lang", "zh") or "zh"


def common(sub: argparse.ArgumentParser, many: bool = False) -> None:
    if many:
        sub.add_argument("path", nargs="*", default=["sites.yaml"], type=cli_path, help="一个或多个 sites.yaml (default: sites.yaml)")
    else:
        sub.add_argument("path", nargs="?", default="sites.yaml", type=cli_path, help="sites.yaml 的路径 (default: sites.yaml)")
    sub.add_argument("--lang", choices=["zh", "en"], default="zh", help="消息语言 / message language")
    sub.add_argument("--strict", action="store_true", help="警告也算失败 / fail on warnings")
    sub.add_argument("--format", choices=["text", "github", "gitlab"], default="text",
                     help="github: 工作流注释; gitlab: 代码质量报告 (JSON)")


def report(loaded: loader.Loaded, args, stream=None) -> None:
    """Print problems in the chosen format (to stderr unless told otherwise)."""
    stream = stream or sys.stderr
    problems = loaded.problems
    fmt = getattr(args, "format", "text")
    if fmt == "github":
        for p in problems:
            print(p.format_github(lang(args)), file=sys.stdout)
    elif fmt == "gitlab":
        print(format_gitlab(problems, lang(args)), file=sys.stdout)
    for p in problems:
        print(p.format(lang(args)), file=stream)
    if problems:
        errors, warnings = len(loaded.errors), len(loaded.warnings)
        summary = f"{errors} 个错误,{warnings} 个警告" if lang(args) == "zh" else f"{errors} error(s), {warnings} warning(s)"
        print(summary, file=stream)


def load_checked(args) -> loader.Loaded | None:
    """Load the file named by args.path; None (after reporting) when the build must stop."""
    loaded = loader.load(args.path)
    report(loaded, args)
    if loaded.errors or (getattr(args, "strict", False) and loaded.warnings):
        return None
    return loaded


def check(args) -> int:
    # Several files (a pre-commit hook, a repository with one file per district) are checked in
    # one run and reported as one: one summary line, one code-quality report.
    loads = [loader.load(path) for path in args.path]
    combined = loader.Loaded(None, [p for loaded in loads for p in loaded.problems], Path("."))
    report(combined, args)
    if combined.errors or (args.strict and combined.warnings):
        return 1
    if not combined.problems:
        print(f"{', '.join(args.path)}: " + ("没有发现问题" if lang(args) == "zh" else "no problems"), file=sys.stderr)
    return 0


CHECK = Command("check", "检查 sites.yaml,列出全部错误和警告 / validate sites.yaml", lambda sub: common(sub, many=True), check)
