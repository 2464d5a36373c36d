"""`diff OLD NEW`: golden Markdown for each kind of change (tests/fixtures/diff/<case>/), and git
revisions as sides. Regenerate the golden files after a deliberate change with UPDATE_GOLDEN=1."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.commands.cli import main

CASES = Path(__file__).parent / "fixtures" / "diff"
GOLDEN = sorted(p.name for p in CASES.iterdir() if (p / "old.yaml").is_file())
FAILING = {"broken", "referenced"}  # NEW has errors: the summary still comes, with the problems, and diff fails


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["diff", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("case", GOLDEN)
def test_golden(case: str, capsys, monkeypatch):
    monkeypatch.chdir(CASES / case)
    code, out, err = run(capsys, "old.yaml", "new.yaml")
    assert code == (1 if case in FAILING else 0), err
    expected = CASES / case / "expected.md"
    if os.environ.get("UPDATE_GOLDEN"):
        expected.write_text(out, encoding="utf-8")
    assert out == expected.read_text(encoding="utf-8")


def test_golden_cases_cover_every_kind_of_change():
    text = "".join((CASES / case / "expected.md").read_text(encoding="utf-8") for case in GOLDEN)
    for words in ("新增:", "删除:", "改名:", "位置移动约", "⚠", "新增站点", "移除站点", "站点顺序改变", "新增示范点",
                  "移除示范点", "示范点顺序改变", "数据更新", "新增数据", "删除数据", "停留时间(`dwell`):20 → 40",
                  "没有内容变化", "改编号:", "需要重印", "中的问题", "在新版本中有错误,未能比较", "| 序号 |"):
        assert words in text, words


def test_a_big_move_is_flagged(capsys, monkeypatch):
    monkeypatch.chdir(CASES / "moved")
    _, out, _ = run(capsys, "old.yaml", "new.yaml")
    flagged = [line for line in out.splitlines() if line.startswith("- ⚠")]
    assert len(flagged) == 1 and "`zhongchuang`" in flagged[0] and "公里" in flagged[0]
    assert "> ⚠ 有 1 处位置移动超过 1 公里" in out
    assert "`jinyu-huafu` 万科金域华府党群服务中心 位置移动约 962 米" in out  # the same numbers, read as BD-09


def test_a_side_with_errors_shows_them_and_fails(capsys, monkeypatch):
    monkeypatch.chdir(CASES / "broken")
    code, out, err = run(capsys, "old.yaml", "new.yaml")
    assert code == 1
    assert "new.yaml:23:5: 错误: points[0].adress: 未知字段 `adress`" in err
    assert "提示:是不是 `address`?" in err
    # the summary for the reviewer: the problems, escaped, and what could still be compared
    assert "- 错误 `new.yaml:23:5` points\\[0\\]\\.adress: 未知字段 \\`adress\\` — 是不是 \\`address\\`?" in out
    assert "`zhongchuang` 众创金融街阳光雨党群服务中心 在新版本中有错误,未能比较" in out


def test_a_deleted_point_still_referenced_gets_its_summary_and_the_problem(capsys, monkeypatch):
    monkeypatch.chdir(CASES / "referenced")
    code, out, _ = run(capsys, "old.yaml", "new.yaml")
    assert code == 1
    assert "- 删除:`xiaozhen-33` 广东33小镇党支部" in out
    assert "belts\\[0\\]\\.points\\[1\\]: 没有编号为 \\`xiaozhen\\-33\\` 的示范点" in out


def test_a_new_id_is_a_renumbering_with_a_warning(capsys, monkeypatch):
    monkeypatch.chdir(CASES / "renumbered")
    _, out, _ = run(capsys, "old.yaml", "new.yaml")
    assert "- ⚠ 改编号:`jinyu-huafu` → `dongcheng-03` 万科金域华府党群服务中心" in out  # same name
    assert "- ⚠ 改编号:`zhongchuang` → `zc-01` 众创金融街党群服务中心" in out  # renamed, same place
    assert "> ⚠ 有 3 条记录改了编号" in out
    assert "删除" not in out and "新增" not in out and "顺序" not in out  # references follow the new ids


# --- git revisions ---------------------------------------------------------------------------


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=test", "-c", "user.email=test@localhost", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """Two commits: the second moves points and deletes a photo the first one showed."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    git(tmp_path, "init", "-q", "-b", "main")
    photo = tmp_path / "docs" / "photos" / "a.jpg"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(b"jpg")
    old = (CASES / "moved" / "old.yaml").read_text(encoding="utf-8")
    with_photo = old.replace("    verified: 2026-01-10\n", "    photos:\n      - {src: photos/a.jpg, caption: 外景}\n    verified: 2026-01-10\n", 1)
    (tmp_path / "sites.yaml").write_text(with_photo, encoding="utf-8")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "old")
    photo.unlink()
    shutil.copy(CASES / "moved" / "new.yaml", tmp_path / "sites.yaml")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "new")
    return tmp_path


def test_two_revisions(repo: Path, capsys, monkeypatch):
    monkeypatch.chdir(repo)
    code, out, err = run(capsys, "HEAD~1", "HEAD")
    assert code == 0, err
    assert "对比:`HEAD~1` → `HEAD`" in out
    assert "### 示范点(移动 3、修改 1)" in out
    assert "照片(`photos`):src: photos/a\\.jpg;caption: 外景 → (空)" in out


def test_revision_against_the_working_file(repo: Path, capsys, monkeypatch):
    monkeypatch.chdir(repo)
    code, out, _ = run(capsys, "main", "sites.yaml")
    assert code == 0 and "没有内容变化" in out
    code, out, _ = run(capsys, "HEAD~1", "sites.yaml")
    assert code == 0 and "对比:`HEAD~1` → `sites.yaml`" in out and "移动 3" in out


def test_another_file_in_a_subfolder(repo: Path, capsys, monkeypatch):
    sub = repo / "east"
    sub.mkdir()
    shutil.copy(CASES / "records" / "old.yaml", sub / "sites.yaml")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "east")
    shutil.copy(CASES / "records" / "new.yaml", sub / "sites.yaml")
    git(repo, "commit", "-q", "-am", "east again")
    monkeypatch.chdir(repo)
    code, out, err = run(capsys, "HEAD~1", "HEAD", "--file", "east/sites.yaml")
    assert code == 0, err
    assert "新增:`guancheng` 莞城街道党建示范带" in out


def test_unknown_revision(repo: Path, capsys, monkeypatch):
    monkeypatch.chdir(repo)
    code, out, err = run(capsys, "no-such-branch", "HEAD")
    assert code == 1 and out == ""
    assert err.startswith("错误:no-such-branch:既不是文件,也读不到 git 版本 no-such-branch:sites.yaml")
