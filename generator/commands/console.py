"""The console the commands print to and the paths typed into it, as editors' systems have them
(a Chinese Windows console, backslashes in paths)."""

from __future__ import annotations

import codecs
import os
import sys
from pathlib import Path

# What a console that cannot show a character (a Chinese Windows console is GBK, cp936) prints
# instead of it; other such characters (an emoji in a name, a rare character) become "?".
STAND_INS = {"⚠": "(!)", "→": "->", "←": "<-", "✓": "v", "✗": "x", "…": "...", "\u200b": ""}


def _stand_in(exc: UnicodeEncodeError) -> tuple[str, int]:
    text = "".join(STAND_INS.get(char, "?") for char in exc.object[exc.start:exc.end])
    return text.encode(exc.encoding, "replace").decode(exc.encoding), exc.end


def safe_console() -> None:
    """Keep the console's own encoding (PowerShell decodes what we print with it) but never fail
    on a character it lacks. Files written with --output are always UTF-8."""
    codecs.register_error("showcase-console", _stand_in)
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure") and codecs.lookup(stream.encoding or "utf-8").name != "utf-8":
            stream.reconfigure(errors="showcase-console")


def cli_path(text: str) -> str:
    """A path as an editor types it: Windows backslashes work on every system."""
    if os.sep == "/" and "\\" in text and not Path(text).exists():
        return text.replace("\\", "/")
    return text
