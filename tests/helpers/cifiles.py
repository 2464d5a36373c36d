"""The CI files of this repository are the site templates in generator/ci/, with the generator
installed from this checkout (pinned by requirements.lock) instead of from requirements.txt."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "generator" / "ci"
# template file -> (this repository's copy, [(template text, this repository's text), …])
THIS_REPOSITORY = {
    "github-workflow.yml": (".github/workflows/site.yml", [
        ("`python -m generator init` writes it to\n# .github/workflows/site.yml (or copy it there by hand).",
         "this repository runs it as\n# .github/workflows/site.yml; `python -m generator init` writes it to a data repository."),
        ("cache-dependency-path: requirements.txt", "cache-dependency-path: requirements.lock"),
        ("# requirements.txt pins the generator (a git URL and tag, or a package on an intranet index)\n"
         "        run: python -m pip install -r requirements.txt",
         "# this repository holds the generator; requirements.lock pins every dependency\n"
         "        run: python -m pip install -c requirements.lock ."),
    ]),
    "gitlab-ci.yml": (".gitlab-ci.yml", [
        ("`python -m generator init` writes it to .gitlab-ci.yml (or copy\n# it there by hand).",
         "this repository runs it as .gitlab-ci.yml; `python -m generator\n# init` writes it to a data repository."),
        ("files: [requirements.txt]", "files: [requirements.lock]"),
        ("# requirements.txt pins the generator (a git URL and tag, or a package on an intranet index)\n"
         "    - python -m pip install -r requirements.txt",
         "# this repository holds the generator; requirements.lock pins every dependency\n"
         "    - python -m pip install -c requirements.lock ."),
    ]),
}


def for_this_repository(template: str) -> str:
    """The text this repository's copy of a template must have."""
    text = (TEMPLATES / template).read_text(encoding="utf-8")
    for old, new in THIS_REPOSITORY[template][1]:
        assert old in text, f"{template} no longer holds {old!r}"
        text = text.replace(old, new)
    return text


def write_all() -> None:
    """Regenerate this repository's copies (run after editing a template)."""
    for template, (copy, _) in THIS_REPOSITORY.items():
        (ROOT / copy).parent.mkdir(parents=True, exist_ok=True)
        (ROOT / copy).write_text(for_this_repository(template), encoding="utf-8", newline="\n")


if __name__ == "__main__":
    write_all()


# --- GitLab's rules that its JSON schema does not encode -----------------------------------------

import re  # noqa: E402

# GitLab (lib/gitlab/ci/config/entry/artifacts.rb): Ruby's \w is ASCII, so Chinese is refused
# and the whole .gitlab-ci.yml with it.
EXPOSE_AS = re.compile(r"\A[A-Za-z0-9_][-A-Za-z0-9_ ]*\Z")
KEYWORDS = {"default", "include", "stages", "variables", "workflow", "image", "services", "cache",
            "before_script", "after_script", "spec"}


def gitlab_rule_problems(ci: dict) -> list[str]:
    """What GitLab refuses although the schema lets it through."""
    problems = []
    stages = ci.get("stages", ["build", "test", "deploy"])
    jobs = {name: job for name, job in ci.items() if name not in KEYWORDS and not name.startswith(".")}
    for name, job in jobs.items():
        if job.get("stage", "test") not in [".pre", *stages, ".post"]:
            problems.append(f"{name}: stage {job.get('stage')!r} is not in stages")
        for need in job.get("needs", []):
            need = need["job"] if isinstance(need, dict) else need
            if need not in jobs:
                problems.append(f"{name}: needs unknown job {need!r}")
        artifacts = job.get("artifacts") or {}
        if "expose_as" in artifacts:
            if not EXPOSE_AS.match(str(artifacts["expose_as"])):
                problems.append(f"{name}: expose_as {artifacts['expose_as']!r} may hold only ASCII letters, digits, -, _ and spaces")
            paths = artifacts.get("paths") or []
            if not paths or any("*" in p or "$" in p for p in paths):
                problems.append(f"{name}: expose_as needs paths without wildcards or variables")
    return problems
