"""The benchmark's live-preview timings (benchmarks/measure.py) run against real `mkdocs serve`
processes: a small project of each kind, one edit of each kind, each shown by the page."""

from __future__ import annotations

from benchmarks import measure
from benchmarks.datasets import dataset
from benchmarks.projects import write_ours, write_same


def test_the_preview_and_the_engines_floor_are_timed_from_save_to_page(tmp_path):
    data = dataset(24, "small-belts")
    write_ours(tmp_path / "ours", data)
    write_same(tmp_path / "same", data)
    ours = measure.preview(tmp_path / "ours", data, repeat=1)
    floor = measure.page_preview(tmp_path / "same", data, repeat=1)
    for seconds in (ours["point_edit"], ours["belt_edit"], floor["page_edit"]):
        assert 0 < seconds < 120
    # each edit reached the page it was made for
    point = data["points"][len(data["points"]) // 2]
    assert "(已更名)" in (tmp_path / "same" / "docs" / "points" / point["id"] / "index.md").read_text(encoding="utf-8")
    assert f'"{point["name"]}(已更名)"' in (tmp_path / "ours" / "sites.yaml").read_text(encoding="utf-8")
