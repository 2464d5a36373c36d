"""The command line: `python -m generator COMMAND`.

Exit status: 0 fine, 1 problems in the editor's files, 2 usage errors. Nothing an editor can
write produces a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys

from . import editorcommands, sitecommands
from .console import safe_console
from .options import CHECK, Command

COMMANDS: tuple[Command, ...] = (CHECK, *sitecommands.COMMANDS, *editorcommands.COMMANDS)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator", description="党建示范带网站生成器 / demonstration-belt site generator")
    subs = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        command.arguments(subs.add_parser(command.name, help=command.help, description=command.help))
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
    run = next(command.run for command in COMMANDS if command.name == args.command)
    try:
        return run(args)
    except BrokenPipeError:
        return 1
    except Exception as exc:  # a bug of ours: say so in one line; SHOWCASE_DEBUG=1 shows the traceback
        if os.environ.get("SHOWCASE_DEBUG"):
            raise
        print(f"错误: 程序内部错误({type(exc).__name__}: {exc})。请把 sites.yaml 和这条消息交给维护人员;"
              f"设置 SHOWCASE_DEBUG=1 可看到详细信息。", file=sys.stderr)
        return 1
