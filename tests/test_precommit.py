"""The hook in .pre-commit-hooks.yaml, installed and run by pre-commit itself."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from gdpr_lint.rules.examples import activities_document
from tests.conftest import ROOT


def git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A committed snapshot of this checkout (working tree included) for try-repo."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    snapshot = tmp_path_factory.mktemp("hook-repo")
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "gdpr_lint"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, snapshot / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, snapshot / name)
    git("init", "-q", cwd=snapshot)
    git("add", ".", cwd=snapshot)
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "hook",
        cwd=snapshot)
    return snapshot


def try_repo(hook_repo: Path, project: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(hook_repo.parent / "pre-commit-home")}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(["pre-commit", "try-repo", str(hook_repo), "gdpr-lint",
                           "--all-files", "--color", "never"], cwd=project, env=env,
                          capture_output=True, text=True, timeout=600)


def project_with(tmp_path: Path, files: dict[str, str]) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    git("init", "-q", cwd=project)
    for name, text in files.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text, encoding="utf-8")
    git("add", ".", cwd=project)
    return project


def test_hook_definition() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    hook = next(h for h in hooks if h["id"] == "gdpr-lint")
    assert hook["language"] == "python" and hook["entry"] == "gdpr-lint check"
    files = re.compile(hook["files"])
    assert files.search("svc/a.gdpr.yaml") and files.search("a.gdpr.yml")
    assert not files.search("a.yaml") and not files.search("gdpr.yaml.bak")


def test_hook_passes_a_clean_declaration(hook_repo: Path, tmp_path: Path) -> None:
    project = project_with(tmp_path, {"svc/ok.gdpr.yaml": activities_document({}),
                                      "other.yaml": "not: [a declaration"})
    result = try_repo(hook_repo, project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"gdpr-lint\.+Passed", result.stdout)


def test_hook_fails_a_declaration_without_lawful_basis(hook_repo: Path, tmp_path: Path) -> None:
    faulty = activities_document({"lawful_basis": None, "consent": None,
                                  "rights": ["access", "complaint"]})
    project = project_with(tmp_path, {"svc/ok.gdpr.yaml": activities_document({"id": "ok"}),
                                      "svc/faulty.gdpr.yaml": faulty})
    result = try_repo(hook_repo, project)
    assert result.returncode == 1, result.stdout + result.stderr
    assert re.search(r"gdpr-lint\.+Failed", result.stdout)
    assert "svc/faulty.gdpr.yaml:10:3: B001 [error] add lawful_basis" in result.stdout
