"""The hook in .pre-commit-hooks.yaml, installed and run by pre-commit itself."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from gdpr_lint.rules.examples import CONTROLLER, activities_document, overlay
from tests.conftest import ROOT, write

pytestmark = [pytest.mark.slow, pytest.mark.integration]


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
    assert hook["language"] == "python" and hook["entry"] == "gdpr-lint check --"
    files = re.compile(hook["files"])
    assert files.search("svc/a.gdpr.yaml") and files.search("a.gdpr.yml")
    assert not files.search("a.yaml") and not files.search("gdpr.yaml.bak")
    # what changes how declarations are linted (SPEC §6 v1.1)
    for name in (".gdpr-lint.yaml", "svc/.gdpr-lint.yml", "pyproject.toml",
                 "privacy/acme.policy.yaml", "acme.policy.yml"):
        assert files.search(name), name
    assert not files.search("mypyproject.toml") and not files.search("x.gdpr-lint.yaml")
    assert hook["verbose"] is True  # warnings reach the committer


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


# -- the hook on staged files, in a real repository (SPEC §6 v1.1 partial runs) -----------
def local_hook_config() -> str:
    """The manifest's hook as a local hook running the installed gdpr-lint."""
    exe = shutil.which("gdpr-lint")
    assert exe is not None
    hook = next(h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
                if h["id"] == "gdpr-lint")
    local = {**hook, "language": "system",
             "entry": hook["entry"].replace("gdpr-lint", exe, 1)}
    text: str = yaml.safe_dump({"repos": [{"repo": "local", "hooks": [local]}]})
    return text


def declaration(activity_id: str, controller: object = "acme", **fields: object) -> str:
    text: str = yaml.safe_dump({"controller": controller, "activities": [
        overlay("consent", {"id": activity_id, **fields})]}, sort_keys=False)
    return text


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A committed 12-file project with the hook configured, as the issue describes."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    project = tmp_path / "repo"
    project.mkdir()
    git("init", "-q", cwd=project)
    write(project, ".pre-commit-config.yaml", local_hook_config())
    write(project, ".gdpr-lint.yaml", "controllers: [privacy/controllers.gdpr.yaml]\n")
    write(project, "privacy/controllers.gdpr.yaml",
          yaml.safe_dump({"controllers": [CONTROLLER]}, sort_keys=False))
    for index in range(11):
        team = ("hr", "shop", "support")[index % 3]
        write(project, f"{team}/a{index}.gdpr.yaml", declaration(f"{team}.a{index}"))
    git("add", "-A", cwd=project)
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "init",
        cwd=project)
    return project


def pre_commit(project: Path) -> subprocess.CompletedProcess[str]:
    """`pre-commit run` on what is staged, as a commit would run it."""
    env = {**os.environ, "PRE_COMMIT_HOME": str(project.parent / "pre-commit-home")}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(["pre-commit", "run", "--color", "never"], cwd=project, env=env,
                          capture_output=True, text=True, timeout=600)


def stage(project: Path, name: str, text: str) -> None:
    write(project, name, text)
    git("add", name, cwd=project)


def test_renamed_controller_fails_the_hook(repo: Path) -> None:
    stage(repo, "privacy/controllers.gdpr.yaml",
          yaml.safe_dump({"controllers": [{**CONTROLLER, "id": "acme-ltd"}]}))
    result = pre_commit(repo)
    assert result.returncode == 1, result.stdout
    assert re.search(r"gdpr-lint\.+Failed", result.stdout)
    broken = set(re.findall(r"^(\S+\.gdpr\.yaml):\d+:\d+: X005", result.stdout, re.M))
    assert len(broken) == 11 and "hr/a0.gdpr.yaml" in broken
    assert "did you mean 'acme-ltd'?" in result.stdout


def test_duplicate_activity_id_in_a_new_file_fails_the_hook(repo: Path) -> None:
    stage(repo, "billing/new.gdpr.yaml", declaration("shop.a1"))
    result = pre_commit(repo)
    assert result.returncode == 1, result.stdout
    assert "billing/new.gdpr.yaml:3:7: X004 [error] activity id 'shop.a1' is also used at " \
           "shop/a1.gdpr.yaml:3" in result.stdout
    assert "shop/a1.gdpr.yaml:3:7: X004" in result.stdout


def test_new_file_using_a_controller_from_the_controllers_file_passes(repo: Path) -> None:
    stage(repo, "billing/new.gdpr.yaml", declaration("billing.new"))
    result = pre_commit(repo)
    assert result.returncode == 0, result.stdout
    assert "No findings in 1 file." in result.stdout


def test_broken_configuration_staged_fails_with_exit_2(repo: Path) -> None:
    stage(repo, ".gdpr-lint.yaml", "controllers: [privacy/controllers.gdpr.yaml\n")
    result = pre_commit(repo)
    assert result.returncode == 1, result.stdout
    assert "- exit code: 2" in result.stdout
    assert ".gdpr-lint.yaml:" in result.stdout and "Traceback" not in result.stdout


def test_staged_configuration_lints_the_whole_project(repo: Path) -> None:
    # a committed warning elsewhere becomes an error with the staged configuration
    (repo / "hr/a0.gdpr.yaml").write_text(declaration("hr.a0", security_measures=None))
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qam", "x",
        "--no-verify", cwd=repo)
    assert pre_commit(repo).returncode == 0  # nothing staged: the hook is skipped
    stage(repo, ".gdpr-lint.yaml", "controllers: [privacy/controllers.gdpr.yaml]\n"
          "severity: {D004: error}\n")
    result = pre_commit(repo)
    assert result.returncode == 1, result.stdout
    assert "hr/a0.gdpr.yaml:3:3: D004 [error]" in result.stdout
    assert "in 12 files" in result.stdout


def test_warnings_reach_the_committer(repo: Path) -> None:
    stage(repo, "shop/a1.gdpr.yaml", declaration("shop.a1", security_measures=None))
    result = pre_commit(repo)
    assert result.returncode == 0, result.stdout
    assert re.search(r"gdpr-lint\.+Passed", result.stdout)
    assert "shop/a1.gdpr.yaml:3:3: D004 [warning]" in result.stdout


def test_an_old_copy_in_a_gitignored_folder_is_no_duplicate(repo: Path) -> None:
    shutil.copytree(repo / "shop", repo / "backup" / "shop")  # same activity ids
    stage(repo, ".gitignore", "backup/\n")
    stage(repo, "shop/a1.gdpr.yaml", declaration("shop.a1", purposes=["Ship the orders"]))
    result = pre_commit(repo)
    assert result.returncode == 0, result.stdout
    assert "X004" not in result.stdout and "No findings in 1 file." in result.stdout


def test_the_readme_pre_commit_snippet_installs_and_runs_the_hook(hook_repo: Path,
                                                                  tmp_path: Path) -> None:
    """The README's configuration as written, its repository URL and commit pointed here."""
    readme = (ROOT / "README.md").read_text("utf-8")
    snippet = re.search(r"```yaml\n(# \.pre-commit-config\.yaml\n.*?)```", readme, re.S)
    assert snippet is not None
    config = yaml.safe_load(snippet.group(1))
    [repo] = config["repos"]
    assert repo["repo"] == "https://github.com/gdpr-lint/gdpr-lint"
    assert re.fullmatch(r"[0-9a-f]{40}", repo["rev"]), "no release is tagged: pin a commit"
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=hook_repo, check=True,
                          capture_output=True, text=True).stdout.strip()
    text = snippet.group(1).replace(repo["repo"], str(hook_repo)).replace(repo["rev"], head)
    bad = activities_document({"retention": None})
    project = project_with(tmp_path, {".pre-commit-config.yaml": text, "svc/bad.gdpr.yaml": bad})
    env = {**os.environ, "PRE_COMMIT_HOME": str(hook_repo.parent / "pre-commit-home")}
    env.pop("GITHUB_ACTIONS", None)
    result = subprocess.run(["pre-commit", "run", "--all-files", "--color", "never"],
                            cwd=project, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "svc/bad.gdpr.yaml" in result.stdout and "K001" in result.stdout


def test_a_staged_file_named_like_an_option_is_linted_as_a_file(hook_repo: Path,
                                                                  tmp_path: Path) -> None:
    """A file named `--config=...` once made the hook read it as an option and pass."""
    project = project_with(tmp_path, {
        "--config=cfg.gdpr.yaml": "",
        # read as a configuration, it would switch every rule off
        "cfg.gdpr.yaml": "ignore: [A, B, C, D, E, I, K, L, N, P, R, S, T, X]\n",
        "svc/bad.gdpr.yaml": activities_document({"retention": None}),
    })
    result = try_repo(hook_repo, project)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "K001" in result.stdout
