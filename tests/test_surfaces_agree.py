"""`check`, `register`, `notice`, `diff` and the language server see the same project: the
same files, controllers and findings, in a repository with a gitignored copy, a symlinked
folder, a broken controller reference and processor activities."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from tests.authoring.test_server import _command, open_file
from tests.conftest import ROOT, write

pytestmark = [pytest.mark.slow, pytest.mark.integration]

BROKEN = """\
controller: nosuch
activities:
  - id: team.broken
    name: Broken reference
    purposes: [Answer support tickets]
    data_subjects: [customers]
    data_categories: [email address]
    lawful_basis: contract
    contract: {reference: Terms of service, necessity: Needed to answer the ticket}
    rights: [access, rectification, erasure, restriction, portability, complaint]
    recipients: []
    retention: {period: P1Y, start: ticket closed}
    notice: {url: "https://acme.example/privacy", timing: at_collection}
    security_measures: [TLS in transit]
"""


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    shutil.copytree(ROOT / "examples/valid", tmp_path / "examples/valid")
    write(tmp_path, ".gdpr-lint.yaml", "controllers: [examples/valid/controllers.gdpr.yaml]\n")
    write(tmp_path, ".gitignore", "build/\n")
    shutil.copytree(tmp_path / "examples/valid/shop", tmp_path / "build/shop")  # a build output
    for copy in (tmp_path / "build/shop").glob("*.gdpr.yaml"):
        copy.write_text(copy.read_text().replace("    name: ", "    name: BUILD-COPY "))
    os.symlink(tmp_path / "examples/valid/support", tmp_path / "linked")
    write(tmp_path, "team/broken.gdpr.yaml", BROKEN)
    return tmp_path


def findings(report: dict[str, object]) -> set[tuple[str, str, int]]:
    return {(f["rule"], f["path"], f["line"]) for f in report["findings"]}  # type: ignore[index, attr-defined]


@pytest.mark.parametrize("where", [".", "examples"], ids=["root", "subfolder"])
def test_check_and_register_agree(cli, repository: Path, where: str) -> None:
    checked = cli("check", where, "--format", "json", cwd=repository)
    assert checked.returncode == (1 if where == "." else 0), checked.stderr
    registered = cli("register", where, "--format", "json", cwd=repository)
    assert registered.returncode == 0, registered.stderr
    check_report, record = json.loads(checked.stdout), json.loads(registered.stdout)
    assert findings(check_report) == findings(record)
    assert not any(path.startswith(("build/", "linked/")) for _, path, _ in findings(record))
    if where == ".":
        assert ("X005", "team/broken.gdpr.yaml", 1) in findings(record)
    ids = {a["id"] for a in record["activities"]}
    assert len(ids) == len(record["activities"])  # nothing counted twice
    assert "BUILD-COPY" not in registered.stdout
    assert {a["id"] for a in record["processor_activities"]}
    assert record["files"] == check_report["summary"]["files"]


def test_notice_reads_the_same_files(cli, repository: Path,
                                    tmp_path_factory: pytest.TempPathFactory) -> None:
    out = tmp_path_factory.mktemp("notices")
    notice = cli("notice", ".", "--output-dir", str(out), cwd=repository)
    assert notice.returncode == 0, notice.stderr
    text = "".join(page.read_text("utf-8") for page in sorted(out.iterdir()))
    assert "BUILD-COPY" not in text and "Order" in text


def _git(repository: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org",
                           "-c", "commit.gpgsign=false", *args], cwd=repository, check=True,
                          capture_output=True, text=True).stdout.strip()


def test_diff_reads_the_same_record(cli, repository: Path) -> None:
    """A review of the commit that adds the project: every activity `register` lists is
    added, from the same file and line, and the new findings are `check`'s."""
    _git(repository, "commit", "-q", "--allow-empty", "-m", "empty")
    base = _git(repository, "rev-parse", "HEAD")
    _git(repository, "add", "-A")
    _git(repository, "commit", "-q", "-m", "the project")
    review = cli("diff", base, "HEAD", "--format", "json", cwd=repository)
    assert review.returncode in (0, 1), review.stderr
    reviewed = json.loads(review.stdout)
    record = json.loads(cli("register", ".", "--format", "json", cwd=repository).stdout)
    checked = json.loads(cli("check", ".", "--format", "json", cwd=repository).stdout)
    ids = {a["id"] for a in record["activities"]} | \
        {a["id"] for a in record["processor_activities"]}
    assert set(reviewed["added"]) == ids
    assert findings({"findings": reviewed["findings"]["new"]}) == findings(checked)
    where = {a["id"]: f'{a["where"]["path"]}:{a["where"]["line"]}'
             for a in [*record["activities"], *record["processor_activities"]]}
    assert {a["activity"]: a["where"] for a in reviewed["added_activities"]} == where


@pytest_lsp.fixture(config=ClientServerConfig(server_command=_command()))
async def editor(lsp_client: LanguageClient, repository: Path) -> AsyncIterator[None]:
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=types.ClientCapabilities(), root_uri=repository.as_uri(),
        workspace_folders=[types.WorkspaceFolder(repository.as_uri(), "repository")]))
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio
async def test_the_language_server_sees_what_check_sees(editor: LanguageClient,
                                                        repository: Path) -> None:
    """Opening one file publishes every file of the project: the same files as `check`
    (not the gitignored copy, not through the symlinked folder) and the same findings."""
    checked = subprocess.run([_command()[0], "check", ".", "--format", "json"],
                             cwd=repository, capture_output=True, text=True, timeout=120)
    report = json.loads(checked.stdout)
    expected = report["summary"]["files"]
    open_file(editor, repository / "team/broken.gdpr.yaml")

    async def every_file() -> None:
        while len(editor.diagnostics) < expected:
            await editor.wait_for_notification("textDocument/publishDiagnostics")

    await asyncio.wait_for(every_file(), 120)
    published = {Path(unquote(urlparse(uri).path)).relative_to(repository).as_posix(): found
                 for uri, found in editor.diagnostics.items()}
    assert len(published) == expected
    assert not any(p.startswith(("build/", "linked/")) for p in published)
    seen = {(str(d.code), path, d.range.start.line + 1)
            for path, found in published.items() for d in found}
    assert seen == findings(report)
