"""VS Code's YAML extension (yaml-language-server, npm) honours the `$schema` line that `init`
writes: a real server over stdio gives completion and the Chinese description on hover."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.commands.cli import main
from helpers.lsp import LanguageServer

ROOT = Path(__file__).resolve().parent.parent
SERVER = ROOT / "tests" / "node" / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"


@pytest.fixture
def server(tmp_path: Path):
    if not SERVER.exists():
        hint = f"{SERVER} is missing: cd tests/node && npm ci"
        pytest.fail(hint) if os.environ.get("CI") else pytest.skip(hint)
    site = tmp_path / "site"
    assert main(["init", str(site), "--index", "https://pypi.intranet.example/simple"]) == 0
    lsp = LanguageServer(["node", str(SERVER), "--stdio"], site.as_uri())
    yield lsp, site
    lsp.close()


def open_document(lsp: LanguageServer, path: Path, text: str) -> str:
    uri = path.as_uri()
    lsp.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}})
    return uri


def position(text: str, needle: str, offset: int = 0) -> dict:
    before = text[: text.index(needle) + offset]
    return {"line": before.count("\n"), "character": len(before.split("\n")[-1])}


def test_hover_and_completion_from_the_schema_line(server):
    lsp, site = server
    text = (site / "sites.yaml").read_text(encoding="utf-8")
    uri = open_document(lsp, site / "sites.yaml", text)

    hover = lsp.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": position(text, "address:", 2)})
    assert hover and "详细地址" in str(hover["contents"])

    # a new line inside the point: the fields it may still have, with their labels
    typed = text.replace("    address:", "    \n    address:", 1)
    lsp.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": typed}]})
    found = lsp.request("textDocument/completion", {"textDocument": {"uri": uri}, "position": position(typed, "    \n", 4)})
    items = found["items"] if isinstance(found, dict) else found
    labels = {item["label"] for item in items}
    assert {"open_hours", "contact", "verified"} <= labels, sorted(labels)
    assert "name" not in labels  # already written
