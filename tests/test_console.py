"""Windows editors: a Chinese console (GBK, cp936), output redirected to a file, backslash paths.

Each command runs as an editor runs it, in a child process whose console encoding is cp936."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"


def run(*argv: str, cwd: Path, encoding: str = "cp936") -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING=encoding)
    env.pop("PYTHONUTF8", None)
    return subprocess.run([sys.executable, "-m", "generator", *argv], capture_output=True, cwd=cwd, env=env)


def test_diff_with_a_flagged_move_prints_on_a_gbk_console():
    result = run("diff", "old.yaml", "new.yaml", cwd=FIXTURES / "diff" / "moved")
    assert result.returncode == 0, result.stderr.decode("gbk")
    out = result.stdout.decode("gbk")  # every byte is valid GBK
    assert "- (!) `zhongchuang`" in out and "位置移动约" in out
    assert "> (!) 有 1 处位置移动超过 1 公里" in out


def test_diff_output_file_is_utf8_whatever_the_console(tmp_path):
    out = tmp_path / "changes.md"
    result = run("diff", "old.yaml", "new.yaml", "--output", str(out), cwd=FIXTURES / "diff" / "moved")
    assert result.returncode == 0 and result.stdout == b""
    expected = (FIXTURES / "diff" / "moved" / "expected.md").read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == expected and "⚠" in expected


def test_check_reports_in_gbk_with_characters_gbk_lacks():
    result = run("check", "all-mistakes.yaml", cwd=FIXTURES / "bad")
    assert result.returncode == 1
    err = result.stderr.decode("gbk")
    assert "Traceback" not in err and "错误" in err and "提示" in err


def test_check_of_a_name_gbk_cannot_show(tmp_path):
    text = (FIXTURES / "valid" / "sites.yaml").read_text(encoding="utf-8")
    (tmp_path / "sites.yaml").write_text(text.replace("lat: 23.0012", "lat: 北纬⚠😀"), encoding="utf-8")
    result = run("check", cwd=tmp_path)
    err = result.stderr.decode("gbk")
    assert result.returncode == 1 and "Traceback" not in err
    assert "北纬(!)?" in err


def test_backslash_paths_are_accepted(tmp_path):
    result = run("check", "fixtures\\valid\\sites.yaml", cwd=FIXTURES.parent)
    assert result.returncode == 0, result.stderr.decode("gbk")
    result = run("diff", "fixtures\\diff\\moved\\old.yaml", "fixtures\\diff\\moved\\new.yaml", cwd=FIXTURES.parent)
    assert result.returncode == 0 and "位置移动约" in result.stdout.decode("gbk")
