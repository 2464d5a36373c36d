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


def test_theme_templates_are_compiled_once_for_all_rebuilds(tmp_path):
    """MkDocs makes a new Jinja environment each build; the plugin's bytecode cache keeps the
    compiled templates, and compiles an edited one anew."""
    import jinja2

    from generator.adapter.theme import CompiledTemplates

    compiled, cache = [], CompiledTemplates()

    class Counting(jinja2.Environment):
        def compile(self, source, *args, **kwargs):
            compiled.append(source)
            return super().compile(source, *args, **kwargs)

    def rebuild() -> str:
        return Counting(loader=jinja2.FileSystemLoader(tmp_path), bytecode_cache=cache).get_template("main.html").render(n=2)

    (tmp_path / "main.html").write_text("{{ n + 1 }}", encoding="utf-8")
    assert rebuild() == "3" and len(compiled) == 1
    assert rebuild() == "3" and len(compiled) == 1  # a new environment, nothing compiled
    (tmp_path / "main.html").write_text("{{ n * 5 }}", encoding="utf-8")
    assert rebuild() == "10" and len(compiled) == 2


def test_under_serve_sites_yaml_is_looked_at_more_often_than_mkdocs_looks_at_docs():
    """MkDocs' server looks for changes every 0.5 s; sites.yaml, one file, every 0.1 s (an
    editor's save shows sooner). Checked on the server MkDocs makes, its other watches as they were."""
    from mkdocs.livereload import LiveReloadServer

    from generator.adapter.plugin import SITES_POLL

    plugin = plugin_after_config(FIXTURES / "site")
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(FIXTURES / "site"))
    server.watch(str(FIXTURES / "site" / "docs"))
    plugin.on_serve(server, config=None, builder=None)
    polls = {emitter.watch.raw_path: emitter.timeout for emitter in server.observer.emitters}
    assert polls == {str(FIXTURES / "site" / "docs"): 0.5, str(plugin.data_path): SITES_POLL}
    server.server_close()
