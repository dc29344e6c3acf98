"""Every git call goes through `gdpr_lint.lint.git`: no terminal input, one timeout, and a
sentence rather than a traceback when git is missing or too slow."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gdpr_lint.lint import git
from tests.conftest import write
from tests.lint.test_project import declaration, make_repo

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def test_the_work_tree_is_found_from_a_git_folder_or_file(tmp_path: Path) -> None:
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    (tmp_path / "repo" / "a" / "b").mkdir(parents=True)
    assert git.find_worktree(tmp_path / "repo" / "a" / "b") == tmp_path / "repo"
    write(tmp_path, "linked/.git", "gitdir: ../repo/.git/worktrees/linked\n")  # git worktree
    assert git.find_worktree(tmp_path / "linked") == tmp_path / "linked"


def test_git_reads_no_terminal(tmp_path: Path) -> None:
    # with no input given, git reads an empty stdin and never waits on the caller's
    answer = git.run(tmp_path, "hash-object", "--stdin")
    assert answer.stdout.strip() == b"e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"  # empty


def test_git_missing_or_too_slow_is_a_git_error(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(git, "TIMEOUT", 1e-6)
    with pytest.raises(git.GitError, match="cannot run git: git grep took longer than"):
        git.run(tmp_path, "grep", "x")
    monkeypatch.undo()
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    with pytest.raises(git.GitError, match="cannot run git: it is not installed"):
        git.run(tmp_path, "status")
    assert git.ls_files(tmp_path) is None and git.grep(tmp_path, ["x"], ["."]) is None
    assert git.at_head(tmp_path, ["a"]) == {}


@pytest.mark.slow
def test_every_command_runs_without_git(cli, tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    write(repo, "hr/new.gdpr.yaml", declaration({"id": "shop.main"}))
    env = {"PATH": str(tmp_path / "nowhere")}  # the entry point names its Python itself
    checked = cli("check", "hr/new.gdpr.yaml", cwd=repo, env=env)
    assert checked.returncode == 1 and "X004" in checked.stdout  # the files are read instead
    compared = cli("diff", "HEAD", cwd=repo, env=env)
    assert compared.returncode == 2
    assert compared.stderr == \
        "gdpr-lint: error: cannot run git: it is not installed (no git on PATH)\n"
    register = cli("register", "--format", "md", cwd=repo, env=env)
    assert register.returncode == 0 and "from commit git not available" in register.stdout
