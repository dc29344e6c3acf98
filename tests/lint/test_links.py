"""Declarations linked in from outside the project are refused (X006) on every surface.

A link inside the repository to a declaration outside it, or a symlinked folder leading
out, was read as the project's own: linted, published by `register` and `notice`, shown by
`diff` as a new activity. Each case runs the installed `gdpr-lint` (and pre-commit, and the
language server) in a real git repository holding real symbolic links.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import subprocess
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from gdpr_lint.rules.examples import activities_document
from tests.conftest import write

pytestmark = [pytest.mark.integration,
              pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
              pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt",
                                 reason="symbolic links need a POSIX system")]

Cli = Callable[..., subprocess.CompletedProcess[str]]

# The outside declarations: read, they would publish these and fail on B001.
OUTSIDE_ID = "other.secret"
OUTSIDE_NAME = "Processing of another repository"
SHARED_ID = "other.shared"


def git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
                   cwd=cwd, check=True, capture_output=True, timeout=60)


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """Declarations in a folder that belongs to no repository."""
    folder = tmp_path / "elsewhere"
    write(folder, "theirs.gdpr.yaml", activities_document(
        {"id": OUTSIDE_ID, "name": OUTSIDE_NAME, "lawful_basis": None, "consent": None,
         "rights": ["access", "complaint"]}))
    write(folder, "shared/decl.gdpr.yaml", activities_document(
        {"id": SHARED_ID, "name": OUTSIDE_NAME, "lawful_basis": None, "consent": None,
         "rights": ["access", "complaint"]}))
    return folder


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A committed repository with one clean declaration of its own (no configuration:
    the git work tree is the project)."""
    root = tmp_path / "repo"
    root.mkdir()
    git("init", "-q", "-b", "main", cwd=root)
    write(root, "shop/orders.gdpr.yaml", activities_document({"id": "shop.orders"}))
    git("add", "-A", cwd=root)
    git("commit", "-qm", "base", cwd=root)
    return root


def refusal(output: str, path: str) -> str:
    """The X006 line of ``path`` at 1:1 (the assertion names what was printed)."""
    found = re.search(rf"^{re.escape(path)}:1:1: X006 \[error\] (.*)$", output, re.M)
    assert found, output
    return found.group(1)


def register(cli: Cli, root: Path, *paths: str) -> dict[str, Any]:
    result = cli("register", "--format", "json", *paths, cwd=root)
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def activity_ids(record: dict[str, Any]) -> list[str]:
    return sorted(a["id"] for a in record["activities"])


def test_a_link_to_a_declaration_outside_is_refused_by_check(cli: Cli, repo: Path,
                                                             outside: Path) -> None:
    os.symlink(outside / "theirs.gdpr.yaml", repo / "shop/theirs.gdpr.yaml")
    for args in ((), ("shop/theirs.gdpr.yaml",), ("--", "shop/theirs.gdpr.yaml")):
        result = cli("check", *args, cwd=repo)
        assert result.returncode == 1, result.stdout + result.stderr
        message = refusal(result.stdout, "shop/theirs.gdpr.yaml")
        assert str(outside / "theirs.gdpr.yaml") in message  # the link's target
        assert f"project root {repo.resolve()}" in message
        assert "copy the file into the repository" in message and "controllers:" in message
        assert "B001" not in result.stdout and "Traceback" not in result.stderr
    # run from a folder of the project, and with the outside file named from its real place
    sub = cli("check", "theirs.gdpr.yaml", cwd=repo / "shop")
    assert sub.returncode == 1 and "X006" in sub.stdout, sub.stdout
    real = cli("check", str(outside / "theirs.gdpr.yaml"), cwd=repo)
    assert real.returncode == 1 and "B001" in real.stdout and "X006" not in real.stdout
    # No configuration and no git: the current folder is no project's root (`open_project`),
    # so nothing is refused; a regular file, or a link, named there is read.
    plain = repo.parent / "plain"
    write(plain, "mine.gdpr.yaml", activities_document({"id": "mine"}))
    os.symlink(outside / "theirs.gdpr.yaml", plain / "theirs.gdpr.yaml")
    assert cli("check", "mine.gdpr.yaml", cwd=plain).returncode == 0
    linked = cli("check", "theirs.gdpr.yaml", cwd=plain)
    assert linked.returncode == 1 and "B001" in linked.stdout and "X006" not in linked.stdout


def test_fix_never_writes_through_a_link_leading_out(cli: Cli, repo: Path,
                                                     outside: Path) -> None:
    theirs = outside / "fixable.gdpr.yaml"
    theirs.write_text(activities_document({"id": OUTSIDE_ID, "lawful_basis": "Consent"}))
    before = theirs.read_bytes()
    assert cli("check", "--diff", str(theirs), cwd=outside).returncode == 1  # it has a fix
    os.symlink(theirs, repo / "theirs.gdpr.yaml")
    shown = cli("check", "--diff", cwd=repo)
    assert shown.returncode == 0 and shown.stdout == "", shown.stdout
    result = cli("check", "--fix", cwd=repo)
    assert result.returncode == 1, result.stdout + result.stderr
    refusal(result.stdout, "theirs.gdpr.yaml")
    assert theirs.read_bytes() == before and (repo / "theirs.gdpr.yaml").is_symlink()


def test_stamp_never_writes_through_a_link_leading_out(cli: Cli, repo: Path,
                                                      outside: Path) -> None:
    """`stamp` writes the files `check` lints: not another repository's, through a link."""
    theirs = outside / "assessed.gdpr.yaml"
    shutil.copy(Path(__file__).parents[2] / "examples/valid/shop/orders.gdpr.yaml", theirs)
    os.symlink(theirs, repo / "assessed.gdpr.yaml")
    before = theirs.read_bytes()
    result = cli("stamp", "assessed.gdpr.yaml", cwd=repo)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "assessed.gdpr.yaml:1:1: is a link to" in result.stderr
    assert "nothing stamped" in result.stderr and "Traceback" not in result.stderr
    assert theirs.read_bytes() == before and (repo / "assessed.gdpr.yaml").is_symlink()


def test_register_and_notice_do_not_publish_a_linked_declaration(cli: Cli, repo: Path,
                                                                 outside: Path) -> None:
    os.symlink(os.path.relpath(outside / "theirs.gdpr.yaml", repo / "shop"),
               repo / "shop/theirs.gdpr.yaml")
    record = register(cli, repo)
    assert activity_ids(record) == ["shop.orders"]
    [finding] = [f for f in record["findings"] if f["rule"] == "X006"]
    assert (finding["path"], finding["line"], finding["column"]) == \
        ("shop/theirs.gdpr.yaml", 1, 1)
    assert "../../elsewhere/theirs.gdpr.yaml" in finding["message"]  # as the link is written
    for fmt in ("md", "csv", "html"):
        shown = cli("register", "--format", fmt, cwd=repo)
        assert shown.returncode == 0 and "shop.orders" in shown.stdout, shown.stderr
        assert OUTSIDE_ID not in shown.stdout and OUTSIDE_NAME not in shown.stdout
    notice = cli("notice", "--format", "md", cwd=repo)
    assert notice.returncode == 0, notice.stderr
    assert OUTSIDE_NAME not in notice.stdout and "Monthly newsletter" in notice.stdout


def test_the_files_of_a_symlinked_folder_outside_are_refused(cli: Cli, repo: Path,
                                                            outside: Path) -> None:
    os.symlink(outside / "shared", repo / "shared")
    for args in (("shared",), ("shared/decl.gdpr.yaml",), ("shop", "shared")):
        result = cli("check", *args, cwd=repo)
        assert result.returncode == 1, result.stdout + result.stderr
        message = refusal(result.stdout, "shared/decl.gdpr.yaml")
        assert "through the link shared" in message and str(outside / "shared") in message
        assert "B001" not in result.stdout
    record = register(cli, repo, "shared")
    assert record["activities"] == [] and \
        [f["rule"] for f in record["findings"]] == ["X006"]
    # a folder search does not follow the link (nor does git): nothing of it is published
    assert activity_ids(register(cli, repo)) == ["shop.orders"]


def test_links_inside_the_project_are_read_beside_one_refused(cli: Cli, repo: Path,
                                                              outside: Path) -> None:
    os.symlink(outside / "theirs.gdpr.yaml", repo / "theirs.gdpr.yaml")
    # a template kept under another name, linked as a declaration; a folder linked
    write(repo, "templates/faulty.yaml", activities_document(
        {"id": "shop.linked", "lawful_basis": None, "consent": None,
         "rights": ["access", "complaint"]}))
    os.symlink("../templates/faulty.yaml", repo / "shop/linked.gdpr.yaml")
    write(repo, "vendored/hr.gdpr.yaml", activities_document({"id": "hr.staff"}))
    os.symlink("vendored", repo / "hr")
    result = cli("check", cwd=repo)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "shop/linked.gdpr.yaml:" in result.stdout and "B001" in result.stdout
    assert re.findall(r"^(\S+):1:1: X006", result.stdout, re.M) == ["theirs.gdpr.yaml"]
    through = cli("check", "hr", cwd=repo)
    assert through.returncode == 0 and "No findings in 1 file." in through.stdout, \
        through.stdout
    assert activity_ids(register(cli, repo)) == ["hr.staff", "shop.linked", "shop.orders"]
    # the project itself reached through a link (a folder linked into the home folder)
    os.symlink(repo, repo.parent / "alias")
    named = cli("check", "alias/shop/orders.gdpr.yaml", "alias/hr", cwd=repo.parent)
    assert named.returncode == 0 and "No findings in 2 files." in named.stdout, named.stdout


def test_diff_shows_no_phantom_activity_for_a_link_added(cli: Cli, repo: Path,
                                                         outside: Path) -> None:
    os.symlink(os.path.relpath(outside / "theirs.gdpr.yaml", repo / "shop"),
               repo / "shop/theirs.gdpr.yaml")
    os.symlink(outside / "theirs.gdpr.yaml", repo / "absolute.gdpr.yaml")
    for refs in (("HEAD",), ("HEAD~1", "HEAD")):  # to the work tree, then to the commit
        if len(refs) == 2:
            git("add", "-A", cwd=repo)
            git("commit", "-qm", "links", cwd=repo)
        result = cli("diff", *refs, "--format", "json", cwd=repo)
        assert result.returncode == 0, result.stderr
        review = json.loads(result.stdout)
        assert review["added"] == [] and review["review"] == [], review
        new = {(f["path"], f["line"], f["rule"]) for f in review["findings"]["new"]}
        assert new == {("shop/theirs.gdpr.yaml", 1, "X006"), ("absolute.gdpr.yaml", 1, "X006")}
        messages = " ".join(f["message"] for f in review["findings"]["new"])
        assert f"project root {repo.resolve()}" in messages and "gdpr-lint-" not in messages
    # a link committed on both sides is the same finding: nothing new, nothing fixed
    same = json.loads(cli("diff", "HEAD", "--format", "json", cwd=repo).stdout)
    assert same["findings"] == {"new": [], "fixed": []}
    text = cli("diff", "HEAD~1", "HEAD", cwd=repo).stdout
    assert OUTSIDE_ID not in text and "X006" in text


# -- pre-commit and the language server ---------------------------------------------------
@pytest.mark.slow
def test_the_pre_commit_hook_fails_on_a_staged_link(repo: Path, outside: Path) -> None:
    from tests.commands.test_precommit import local_hook_config, pre_commit

    write(repo, ".pre-commit-config.yaml", local_hook_config())
    os.symlink(outside / "theirs.gdpr.yaml", repo / "shop/theirs.gdpr.yaml")
    git("add", "-A", cwd=repo)
    result = pre_commit(repo)
    assert result.returncode == 1, result.stdout + result.stderr
    assert re.search(r"gdpr-lint\.+Failed", result.stdout)
    refusal(result.stdout, "shop/theirs.gdpr.yaml")
    assert "B001" not in result.stdout


@pytest.fixture
def linked(repo: Path, outside: Path) -> Path:
    """The repository with a link to an outside declaration that declares the id of the
    repository's own activity: read, it would make a duplicate (X004)."""
    theirs = outside / "theirs.gdpr.yaml"
    theirs.write_text(theirs.read_text().replace(OUTSIDE_ID, "shop.orders"))
    os.symlink(theirs, repo / "shop/theirs.gdpr.yaml")
    return repo


def _server() -> list[str]:
    exe = shutil.which("gdpr-lint")
    assert exe is not None
    return [exe, "server"]


@pytest_lsp.fixture(config=ClientServerConfig(server_command=_server()))
async def client(lsp_client: LanguageClient, linked: Path) -> AsyncIterator[None]:
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=types.ClientCapabilities(), root_uri=linked.as_uri()))
    yield
    await lsp_client.shutdown_session()


@pytest.mark.slow
@pytest.mark.asyncio
async def test_the_language_server_does_not_read_a_linked_declaration(
        client: LanguageClient, linked: Path, outside: Path) -> None:
    """The workspace scan reads the project's files: the link is refused, not read."""
    own, link = linked / "shop/orders.gdpr.yaml", linked / "shop/theirs.gdpr.yaml"
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        types.TextDocumentItem(own.as_uri(), "yaml", 1, own.read_text())))

    async def both() -> None:
        while not {own.as_uri(), link.as_uri()} <= set(client.diagnostics):
            await client.wait_for_notification("textDocument/publishDiagnostics")

    await asyncio.wait_for(both(), 60)
    assert [d.code for d in client.diagnostics[own.as_uri()]] == []
    [refused] = client.diagnostics[link.as_uri()]
    assert refused.code == "X006" and str(outside / "theirs.gdpr.yaml") in refused.message
