"""What CI shows: `check --format github|gitlab`, message language, and the CI templates that use them."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.source.problems import Problem

ROOT = Path(__file__).resolve().parent.parent
CI = ROOT / "generator" / "ci"
GITHUB_COMMAND = re.compile(r"^::(error|warning) file=[^,]+,line=\d+,col=\d+,title=[^:]*::.+$")

BAD = """\
site:
  title: 测试
  regions:
    - {name: 福州市, south: 25.9, west: 119.1, north: 26.3, east: 119.5}
points:
  - id: gulou-01
    name: 东街街道楼宇党群服务中心
    kind: tower
    level: city
    district: 鼓楼区
    adress: 东街口
    lat: 119.2983
    lon: 26.0871
  - id: gulou-02
    name: 东百中心楼宇党建工作站
    kind: office_tower
    level: county
    district: 鼓楼区
    address: 东街口东百中心
    lat: 26.0867
    lon: 119.2988
"""


@pytest.fixture
def bad(tmp_path: Path) -> Path:
    # A comma in the folder name: GitHub's `file=` property must escape it.
    folder = tmp_path / "site,a"
    folder.mkdir()
    path = folder / "sites.yaml"
    path.write_text(BAD, encoding="utf-8")
    return path


def check(*argv: str) -> tuple[int, str, str]:
    """Run the command as CI runs it: its own process, stdout and stderr apart."""
    done = subprocess.run([sys.executable, "-m", "generator", "check", *argv], cwd=ROOT, capture_output=True,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"}, check=False)
    return done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8")


def test_github_workflow_commands(bad: Path):
    code, out, _ = check(str(bad), "--format", "github")
    assert code == 1
    lines = out.splitlines()
    assert len(lines) >= 4
    for line in lines:
        assert GITHUB_COMMAND.match(line), line
    assert all("site%2Ca" in line for line in lines)
    assert any(line.startswith("::warning ") for line in lines)  # the point is on no belt
    assert any("title=points[0].adress::" in line and "是不是 `address`?" in line for line in lines)


def test_github_escapes_newlines_and_percent():
    problem = Problem("sites.yaml", 3, 5, "", "yaml_syntax", {"detail": "第一行\n第二行 100%"})
    line = problem.format_github()
    assert "\n" not in line and "第一行%0A第二行 100%25" in line
    assert GITHUB_COMMAND.match(line)


def test_gitlab_code_quality_report(bad: Path):
    code, out, err = check(str(bad), "--format", "gitlab")
    assert code == 1
    report = json.loads(out)
    assert isinstance(report, list) and len(report) >= 4
    for item in report:
        assert isinstance(item["description"], str) and item["description"]
        assert isinstance(item["check_name"], str) and item["check_name"]
        assert isinstance(item["fingerprint"], str) and item["fingerprint"]
        assert item["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert item["location"]["path"] == str(bad)
        assert isinstance(item["location"]["lines"]["begin"], int)
    assert len({item["fingerprint"] for item in report}) == len(report)
    assert "错误" in err  # the job log still reads as text


def test_gitlab_report_of_a_clean_file_is_an_empty_list(tmp_path: Path):
    path = tmp_path / "sites.yaml"
    path.write_text(BAD.split("points:")[0], encoding="utf-8")
    code, out, _ = check(str(path), "--format", "gitlab")
    assert code == 0 and json.loads(out) == []


def test_chinese_by_default_english_on_request(bad: Path):
    _, _, zh = check(str(bad))
    assert ": 错误: points[0].adress: 未知字段 `adress`" in zh and "提示:是不是 `address`?" in zh
    _, _, en = check(str(bad), "--lang", "en")
    assert ": error: points[0].adress: unknown field `adress`" in en and "hint: did you mean `address`?" in en
    assert "错误" not in en and "提示" not in en and "警告" not in en
    _, out, _ = check(str(bad), "--lang", "en", "--format", "github")
    assert "unknown field" in out


# --- the CI templates and the pre-commit hook --------------------------------------------


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def test_github_workflow_template():
    workflow = yaml.safe_load((CI / "github-workflow.yml").read_text(encoding="utf-8"))
    events = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert "pull_request" in events and events["push"]["branches"] == ["main"]
    runs = [step.get("run", "") for step in steps(workflow)]
    assert "python -m generator check sites.yaml --format github" in runs
    assert "mkdocs build --strict" in runs
    upload = next(step for step in steps(workflow) if step.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["with"]["path"] == "site/" and upload["if"] == "github.event_name == 'push'"


def test_gitlab_template():
    ci = yaml.safe_load((CI / "gitlab-ci.yml").read_text(encoding="utf-8"))
    check_job = ci["check"]
    assert check_job["script"] == ["python -m generator check sites.yaml --format gitlab > gl-code-quality-report.json"]
    assert check_job["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert check_job["artifacts"]["when"] == "always"
    assert ci["site"]["artifacts"]["paths"] == ["site/"]
    assert ci["site"]["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert "mkdocs build --strict" in ci["build"]["script"]


def test_templates_hold_no_secrets_or_hosts():
    for path in (*CI.iterdir(), ROOT / ".pre-commit-hooks.yaml"):
        text = path.read_text(encoding="utf-8")
        # id-token: GitHub Pages' own short-lived deploy token, no secret kept anywhere
        assert "secrets." not in text and "TOKEN" not in text.upper().replace("_TOKEN_", "").replace("ID-TOKEN", "")
        assert not re.search(r"https?://", text), path


def test_pre_commit_hook():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "check-sites-yaml")
    assert hook["entry"] == "python -m generator check"
    assert hook["language"] == "python"
    # any number of staged files, and deletions under docs/ (pre-commit passes no deleted file)
    assert hook["pass_filenames"] is False and hook["always_run"] is True


def test_check_takes_several_files(tmp_path: Path):
    good = tmp_path / "good.yaml"
    good.write_text(BAD.split("points:")[0], encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD, encoding="utf-8")
    code, _, err = check(str(good), str(good))
    assert code == 0 and "没有发现问题" in err
    code, out, err = check(str(good), str(bad), "--format", "gitlab")
    assert code == 1 and {p["location"]["path"] for p in json.loads(out)} == {str(bad)}  # one report for all


# --- issue 13: a name cannot forge a CI annotation ---------------------------------------------

HOSTILE = ROOT / "tests" / "fixtures" / "hostile" / "sites.yaml"


@pytest.mark.parametrize("fmt", ["text", "github", "gitlab"])
def test_names_cannot_start_workflow_commands(fmt):
    """The hostile fixture's checklist names hold line breaks followed by `::error …`,
    `::stop-commands::` and `##[error]`; they reach the warnings `check` prints."""
    code, out, err = check(str(HOSTILE), "--format", fmt)
    assert code == 0
    assert "伪造9" in err and "::stop-commands::" in err  # the names are shown, escaped
    lines = out.splitlines() + err.splitlines()
    ours = [line for line in lines if GITHUB_COMMAND.match(line)] if fmt == "github" else []
    for line in lines:
        assert "##[" not in line, line
        assert not line.lstrip().startswith("::") or line in ours, line
        assert "\u2028" not in line and "\u202e" not in line and "\x1b" not in line, line
    problems = err.count(": 警告: ") + err.count(": 错误: ")
    assert len(err.splitlines()) == problems + err.count("\n    提示:") + 1  # each problem, its hint, the total
    if fmt == "github":
        assert len(ours) == problems == len(out.splitlines())
    if fmt == "gitlab":
        assert len(json.loads(out)) == problems
