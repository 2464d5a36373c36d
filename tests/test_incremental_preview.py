"""`mkdocs serve --dirty`: after each kind of edit, the incremental rebuild's site equals a clean
build of the same data byte for byte, and edits that touch few pages re-render few pages."""

import filecmp
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.datasets import dataset
from benchmarks.projects import write_ours
from conftest import FIXTURES, ROOT
from generator.adapter.navigation import FLAT_BELTS

DRIVER = Path(__file__).parent / "helpers" / "servebuilds.py"


def edited(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def serve_builds(project: Path, steps: list[str], out: Path) -> list[dict]:
    (out.parent / f"{out.name}.json").write_text(json.dumps(steps), encoding="utf-8")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT))
    env.pop("SOURCE_DATE_EPOCH", None)
    result = subprocess.run([sys.executable, str(DRIVER), str(project), str(out.parent / f"{out.name}.json"), str(out)],
                            capture_output=True, text=True, env=env, cwd=project)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


def differences(left: Path, right: Path) -> list[str]:
    """Paths that differ in content or exist on one side only."""
    found = []
    compared = filecmp.dircmp(left, right)
    found += [f"only in one: {name}" for name in compared.left_only + compared.right_only]
    found += [f"differs: {name}" for name in filecmp.cmpfiles(left, right, compared.common_files, shallow=False)[1]]
    for sub in compared.common_dirs:
        found += [f"{sub}/{d}" for d in differences(left / sub, right / sub)]
    return found


NEW_POINT = """  - id: tj-02
    name: 台江万达党群服务站
    kind: community
    level: county
    district: 台江区
    street: 茶亭街道
    address: 工业路 1 号
    lat: 26.06
    lon: 119.31
routes:"""


def test_each_kind_of_edit_equals_a_clean_build(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "site", project, ignore=shutil.ignore_patterns("site"))
    # a draft (shown by serve with a marker MkDocs adds while rendering it): re-rendered from
    # kept content after the belt is renamed, it must still carry one marker
    (project / "docs" / "drafts").mkdir()
    (project / "docs" / "drafts" / "plan.md").write_text("# 计划\n\n草稿。\n", encoding="utf-8")
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("draft_docs: drafts/\n")
    base = (project / "sites.yaml").read_text(encoding="utf-8")
    steps = {"start": base}
    steps["point text"] = edited(base, "温泉公园路 2 号", "温泉公园路 6 号")
    steps["point coordinates"] = edited(steps["point text"], "lat: 26.1\n", "lat: 26.105\n")
    steps["route stop order"] = edited(steps["point coordinates"], "      - gl-02\n      - gl-03\n", "      - gl-03\n      - gl-02\n")
    steps["belt name"] = edited(steps["route stop order"], "name: 台江区金融示范带", "name: 台江区金融街示范带")
    steps["point added"] = edited(edited(steps["belt name"], "routes:", NEW_POINT), "points: [tj-01, gl-08]", "points: [tj-01, tj-02, gl-08]")
    steps["point removed"] = steps["belt name"]
    kinds = list(steps)
    report = serve_builds(project, list(steps.values()), tmp_path / "incremental")

    by_kind = dict(zip(kinds, report))
    assert by_kind["start"]["full"]
    for kind in ("point text", "point coordinates", "route stop order"):  # the fast path ran, and saved work
        assert not by_kind[kind]["full"], kind
        assert by_kind[kind]["rendered"] < by_kind[kind]["pages"] / 2, (kind, by_kind[kind])
    assert by_kind["point text"]["rendered"] and by_kind["route stop order"]["rendered"]  # ... but not too little
    for kind in ("point added", "point removed"):  # the set of pages changed
        assert by_kind[kind]["full"] and by_kind[kind]["rendered"] == by_kind[kind]["pages"], kind
    # a few belts are listed on every page: each is rendered again, but nothing is cleaned or re-read
    assert not by_kind["belt name"]["full"] and by_kind["belt name"]["rendered"] == by_kind["belt name"]["pages"]

    for n, kind in enumerate(kinds[1:], start=1):
        clean = tmp_path / f"clean-{n}"
        serve_builds(project, [steps[kind]], clean)
        assert differences(tmp_path / "incremental" / str(n), clean / "0") == [], kind
    assert not (tmp_path / "incremental" / str(kinds.index("point removed")) / "points" / "tj-02").exists()


def test_a_belt_renamed_in_a_grouped_nav_re_renders_only_the_pages_that_show_it(tmp_path):
    """Many belts are grouped by district in the nav, and Material (navigation.prune) shows a
    district's belts only on that district's pages: renaming a belt re-renders those pages and the
    pages whose text names the belt, and the result still equals a clean build."""
    project = tmp_path / "project"
    data = dataset(150)
    write_ours(project, data)
    belt, other = data["belts"][3], data["belts"][4]
    assert len(data["belts"]) > FLAT_BELTS
    base = (project / "sites.yaml").read_text(encoding="utf-8")
    renamed = edited(base, '"%s"' % belt["name"], '"%s(更名)"' % belt["name"])
    heading = '  - id: "%s"\n    name: "%s"\n    district: ' % (other["id"], other["name"])
    moved = edited(renamed, heading + '"%s"' % other["district"], heading + '"新区"')  # a new group in the nav
    report = serve_builds(project, [base, renamed, moved], tmp_path / "incremental")
    assert not report[1]["full"] and 0 < report[1]["rendered"] < report[1]["pages"] / 3, report
    assert not report[2]["full"], report
    for n, text in ((1, renamed), (2, moved)):
        serve_builds(project, [text], tmp_path / f"clean-{n}")
        assert differences(tmp_path / "incremental" / str(n), tmp_path / f"clean-{n}" / "0") == [], n
    assert "新区" in (tmp_path / "incremental" / "2" / "index.html").read_text(encoding="utf-8")


def test_with_another_plugin_a_nav_change_rebuilds_everything(tmp_path):
    """A plugin such as Material's tags notes things when it reads a page; a page rendered again
    from kept content would lack them, so with it a renamed belt rebuilds the whole site."""
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "site", project, ignore=shutil.ignore_patterns("site"))
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace("  - showcase\n", "  - showcase\n  - tags\n"), encoding="utf-8")
    base = (project / "sites.yaml").read_text(encoding="utf-8")
    renamed = edited(base, "name: 台江区金融示范带", "name: 台江区金融街示范带")
    report = serve_builds(project, [base, edited(base, "温泉公园路 2 号", "温泉公园路 6 号"), renamed], tmp_path / "out")
    assert not report[1]["full"] and report[2]["full"], report


def test_a_point_edit_leaves_other_generated_files_unwritten(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "site", project, ignore=shutil.ignore_patterns("site"))
    base = (project / "sites.yaml").read_text(encoding="utf-8")
    report = serve_builds(project, [base, edited(base, "温泉公园路 2 号", "温泉公园路 6 号")], tmp_path / "out")
    before, after = tmp_path / "out" / "0", tmp_path / "out" / "1"
    # MkDocs is given the last build's object for each generated file whose content is unchanged
    assert report[0]["reused"] == 0 and report[1]["generated"] // 2 < report[1]["reused"] < report[1]["generated"]
    # copytree keeps modification times: a file MkDocs skipped keeps the first build's
    unchanged_map = "points/gl-07/map.html"
    assert (before / unchanged_map).stat().st_mtime_ns == (after / unchanged_map).stat().st_mtime_ns
    assert (before / "points/gl-07/index.html").stat().st_mtime_ns == (after / "points/gl-07/index.html").stat().st_mtime_ns
    assert "温泉公园路 6 号" in (after / "points/gl-03/index.html").read_text(encoding="utf-8")
