"""`mkdocs serve` rebuilds reuse what did not change; every other build starts afresh."""

from __future__ import annotations

import pytest
from mkdocs.config import load_config

from generator.render import maps, qr

from conftest import FIXTURES


def plugin_after_config(project):
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"))
    config.plugins.on_startup(command="serve", dirty=False)
    plugin = config.plugins["showcase"]
    plugin.on_config(config)
    plugin.on_build_error(None)  # forget SOURCE_DATE_EPOCH as the end of a build does
    return plugin


def test_a_preview_rebuild_redraws_no_map_and_encodes_no_qr_code(monkeypatch):
    first = plugin_after_config(FIXTURES / "site")
    monkeypatch.setattr(maps, "_render", lambda *a: pytest.fail("maps drawn again"))
    monkeypatch.setattr(qr, "_both", lambda *a: pytest.fail("QR code encoded again"))
    second = plugin_after_config(FIXTURES / "site")  # what `mkdocs serve` does on each edit
    assert second is first and second.files == first.files
