"""`gdpr-lint server`, end to end over stdio with pytest-lsp."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from tests.conftest import write

pytestmark = [pytest.mark.slow, pytest.mark.integration]

CONTROLLERS = ("controllers:\n  - {id: acme, name: Acme Ltd, contact: privacy@acme.example, "
               "country: DE}\n")
ACTIVITY = """\
controller: acme
activities:
  - id: newsletter
    name: Monthly newsletter
    purposes: [Send the monthly newsletter]
    data_subjects: [subscribers]
    data_categories: [email address]
    lawful_basis: consent
    consent:
      how_obtained: Unticked checkbox on the signup form
      records: consent_log table
      withdrawal: Unsubscribe link in every email
    rights: [access, rectification, erasure, restriction, portability, withdraw_consent, complaint]
    recipients: []
    retention: {period: P2Y, start: last newsletter opened}
    notice: {url: "https://acme.example/privacy", timing: at_collection}
    security_measures: [TLS in transit]
"""


def _command() -> list[str]:
    exe = shutil.which("gdpr-lint")
    if exe is None:  # pragma: no cover - the test command installs the package first
        pytest.fail("gdpr-lint is not installed: run pip install -e '.[test]'")
    return [exe, "server"]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project: a configuration at its root naming the controllers file."""
    # G001's reminder to add a review would be on every activity these tests write.
    write(tmp_path, ".gdpr-lint.yaml",
          "controllers: [org/controllers.gdpr.yaml]\nignore: [G001]\n")
    write(tmp_path, "org/controllers.gdpr.yaml", CONTROLLERS)
    write(tmp_path, "marketing/newsletter.gdpr.yaml", ACTIVITY)
    return tmp_path


@pytest_lsp.fixture(config=ClientServerConfig(server_command=_command()))
async def client(lsp_client: LanguageClient, project: Path) -> AsyncIterator[None]:
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=types.ClientCapabilities(), root_uri=project.as_uri(),
        workspace_folders=[types.WorkspaceFolder(project.as_uri(), "project")]))
    yield
    await lsp_client.shutdown_session()


async def diagnostics_for(client: LanguageClient, path: Path,
                          until: Callable[[Sequence[types.Diagnostic]], bool] = lambda _: True,
                          ) -> Sequence[types.Diagnostic]:
    """The diagnostics published for ``path`` once they satisfy ``until``."""
    uri = path.as_uri()

    async def wait() -> Sequence[types.Diagnostic]:
        while uri not in client.diagnostics or not until(client.diagnostics[uri]):
            await client.wait_for_notification("textDocument/publishDiagnostics")
        return list(client.diagnostics[uri])

    return await asyncio.wait_for(wait(), 60)


def open_file(client: LanguageClient, path: Path, text: str | None = None) -> str:
    uri = path.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        types.TextDocumentItem(uri, "yaml", 1, text if text is not None else path.read_text())))
    return uri


def change(client: LanguageClient, path: Path, text: str, version: int = 2) -> None:
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        types.VersionedTextDocumentIdentifier(version, path.as_uri()),
        [types.TextDocumentContentChangeWholeDocument(text)]))


def codes(diagnostics: Sequence[types.Diagnostic]) -> list[str]:
    return sorted(str(d.code) for d in diagnostics)


@pytest.mark.asyncio
async def test_diagnostics_on_open_and_change(client: LanguageClient, project: Path) -> None:
    path = project / "marketing/newsletter.gdpr.yaml"
    broken = ACTIVITY.replace("lawful_basis: consent", "lawful_basis: Consent") \
        .replace("security_measures: [TLS in transit]\n", "")
    open_file(client, path, broken)
    found = await diagnostics_for(client, path, lambda d: bool(d))
    assert codes(found) == ["B002", "D004"]
    b002 = next(d for d in found if d.code == "B002")
    assert b002.range.start == types.Position(7, 18)  # line 8, on the value
    assert b002.range.end == types.Position(7, 25)
    assert b002.severity == types.DiagnosticSeverity.Error and b002.source == "gdpr-lint"
    assert next(d for d in found if d.code == "D004").severity == \
        types.DiagnosticSeverity.Warning
    change(client, path, ACTIVITY)
    assert await diagnostics_for(client, path, lambda d: not d) == []


@pytest.mark.asyncio
async def test_cross_file_findings(client: LanguageClient, project: Path) -> None:
    activity = project / "marketing/newsletter.gdpr.yaml"
    open_file(client, activity)
    assert await diagnostics_for(client, activity) == []  # `acme` resolves through the config
    # A second file reusing the id: both places are reported.
    other = write(project, "sales/copy.gdpr.yaml", ACTIVITY.replace("Monthly", "Weekly"))
    open_file(client, other)
    found = await diagnostics_for(client, other, lambda d: "X004" in codes(d))
    assert "marketing/newsletter.gdpr.yaml" in next(d for d in found if d.code == "X004").message
    assert "X004" in codes(await diagnostics_for(client, activity,
                                                 lambda d: "X004" in codes(d)))
    # Renaming the controller in its own file breaks the references in the others.
    controllers = project / "org/controllers.gdpr.yaml"
    open_file(client, controllers)
    change(client, controllers, CONTROLLERS.replace("id: acme", "id: acme-de"))
    found = await diagnostics_for(client, activity, lambda d: "X005" in codes(d))
    assert "did you mean 'acme-de'" in next(d for d in found if d.code == "X005").message


@pytest.mark.asyncio
async def test_hover_explains_rules_and_fields(client: LanguageClient, project: Path) -> None:
    path = project / "marketing/newsletter.gdpr.yaml"
    text = ACTIVITY.replace("    recipients: []\n",
                            "    recipients: []  # gdpr-lint: disable=D004 -- in the ISMS\n")
    uri = open_file(client, path, text)
    await diagnostics_for(client, path)
    line = text.splitlines().index("    recipients: []  # gdpr-lint: disable=D004 -- in the ISMS")
    rule = await client.text_document_hover_async(types.HoverParams(
        types.TextDocumentIdentifier(uri), types.Position(line, 44)))
    assert rule is not None and isinstance(rule.contents, types.MarkupContent)
    assert "D004: " in rule.contents.value and "Raises it:" in rule.contents.value
    field = await client.text_document_hover_async(types.HoverParams(
        types.TextDocumentIdentifier(uri), types.Position(10, 8)))  # consent.records
    assert field is not None and isinstance(field.contents, types.MarkupContent)
    assert "Where consent is recorded" in field.contents.value
    basis = await client.text_document_hover_async(types.HoverParams(
        types.TextDocumentIdentifier(uri), types.Position(7, 6)))
    assert basis is not None and "`legitimate_interests`" in str(basis.contents)


async def _complete(client: LanguageClient, uri: str, text: str, line: int,
                    column: int) -> list[str]:
    change_text = text
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        types.VersionedTextDocumentIdentifier(3, uri),
        [types.TextDocumentContentChangeWholeDocument(change_text)]))
    result = await client.text_document_completion_async(types.CompletionParams(
        types.TextDocumentIdentifier(uri), types.Position(line, column)))
    assert isinstance(result, types.CompletionList)
    return [item.label for item in result.items]


@pytest.mark.asyncio
async def test_completion_of_values_and_field_names(client: LanguageClient,
                                                    project: Path) -> None:
    path = project / "marketing/newsletter.gdpr.yaml"
    uri = open_file(client, path)
    await diagnostics_for(client, path)
    typed = ACTIVITY.replace("lawful_basis: consent", "lawful_basis: ")
    bases = await _complete(client, uri, typed, 7, 18)
    assert bases == ["consent", "contract", "legal_obligation", "vital_interests",
                     "public_task", "legitimate_interests"]
    typed = ACTIVITY + "    source: \n"
    assert "third_party" in await _complete(client, uri, typed, 17, 12)
    typed = ACTIVITY + "    ret\n"
    names = await _complete(client, uri, typed, 17, 7)
    assert {"transfers", "special_categories", "dpia"} <= set(names)
    assert "how_obtained" not in names  # a field of consent, not of the activity
    assert "retention" not in names and "id" not in names  # already written
    typed = ACTIVITY.replace("      withdrawal: Unsubscribe link in every email\n",
                             "      withdrawal: Unsubscribe link in every email\n      \n")
    assert "explicit" in await _complete(client, uri, typed, 12, 6)
    typed = ACTIVITY + "    special_categories:\n      - \n"
    assert "health" in await _complete(client, uri, typed, 18, 8)


def _apply(text: str, edits: Sequence[types.TextEdit]) -> str:
    lines = text.splitlines(keepends=True)

    def offset(position: types.Position) -> int:
        return sum(len(x) for x in lines[:position.line]) + position.character

    for edit in sorted(edits, key=lambda e: offset(e.range.start), reverse=True):
        text = text[:offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end):]
    return text


@pytest.mark.asyncio
async def test_code_actions_fix_and_suppress(client: LanguageClient, project: Path) -> None:
    path = project / "marketing/newsletter.gdpr.yaml"
    broken = ACTIVITY.replace("lawful_basis: consent", "lawful_basis: Consent") \
        .replace("period: P2Y", "period: 2 years")
    uri = open_file(client, path, broken)
    found = await diagnostics_for(client, path, lambda d: bool(d))
    assert codes(found) == ["B002", "K003"]
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        types.TextDocumentIdentifier(uri), types.Range(types.Position(7, 0),
                                                       types.Position(7, 30)),
        types.CodeActionContext(diagnostics=list(found))))
    assert actions is not None
    titles = [a.title for a in actions if isinstance(a, types.CodeAction)]
    assert titles[0].startswith("Fix B002: ")
    assert "Suppress B002 on this line (write the reason after --)" in titles
    fix = next(a for a in actions if isinstance(a, types.CodeAction) and a.title == titles[0])
    assert fix.edit is not None and fix.edit.changes is not None
    fixed = _apply(broken, fix.edit.changes[uri])
    assert fixed == broken.replace("lawful_basis: Consent", "lawful_basis: consent")
    change(client, path, fixed)
    assert codes(await diagnostics_for(client, path, lambda d: len(d) == 1)) == ["K003"]
    # Suppressing: the comment has no reason until the author writes one (X010 says so).
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        types.TextDocumentIdentifier(uri), types.Range(types.Position(14, 0),
                                                       types.Position(14, 0)),
        types.CodeActionContext(diagnostics=[])))
    assert actions is not None
    suppress = next(a for a in actions if isinstance(a, types.CodeAction) and
                    a.title.startswith("Suppress K003"))
    assert suppress.edit is not None and suppress.edit.changes is not None
    suppressed = _apply(fixed, suppress.edit.changes[uri])
    assert "start: last newsletter opened}  # gdpr-lint: disable=K003 -- \n" in suppressed
    change(client, path, suppressed, 3)
    assert codes(await diagnostics_for(client, path, lambda d: "X010" in codes(d))) == \
        ["K003", "X010"]
    change(client, path, suppressed.replace("-- \n", "-- the deletion job reads years\n"), 4)
    assert await diagnostics_for(client, path, lambda d: not d) == []


@pytest.mark.asyncio
async def test_other_yaml_files_are_left_alone(client: LanguageClient, project: Path) -> None:
    workflow = write(project, ".github/workflows/ci.yml", "on: push\njobs: {}\n")
    open_file(client, workflow)
    activity = project / "marketing/newsletter.gdpr.yaml"
    open_file(client, activity, ACTIVITY.replace("lawful_basis: consent", "lawful_basis: x"))
    await diagnostics_for(client, activity, lambda d: bool(d))
    # The server answers in order: a diagnostic for the workflow would have come first.
    assert workflow.as_uri() not in client.diagnostics


@pytest.mark.asyncio
async def test_columns_are_counted_as_the_client_counts(client: LanguageClient,
                                                        project: Path) -> None:
    path = project / "marketing/newsletter.gdpr.yaml"
    line_text = '    recipients: [{name: "\U0001f4e7 Mailer", role: Processor}]'
    text = ACTIVITY.replace("    recipients: []", line_text)
    open_file(client, path, text)
    found = await diagnostics_for(client, path, lambda d: "X003" in codes(d))
    x003 = next(d for d in found if d.code == "X003")
    # LSP counts UTF-16 code units: the emoji before the value counts twice.
    assert x003.range.start == types.Position(text.splitlines().index(line_text),
                                              line_text.index("Processor") + 1)


@pytest.mark.asyncio
async def test_files_changed_on_disk_are_read_again(client: LanguageClient,
                                                    project: Path) -> None:
    activity = project / "marketing/newsletter.gdpr.yaml"
    open_file(client, activity)
    assert await diagnostics_for(client, activity) == []
    other = write(project, "sales/copy.gdpr.yaml", ACTIVITY)  # e.g. a git checkout
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        [types.FileEvent(other.as_uri(), types.FileChangeType.Created)]))
    assert "X004" in codes(await diagnostics_for(client, activity,
                                                 lambda d: "X004" in codes(d)))
    other.unlink()
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        [types.FileEvent(other.as_uri(), types.FileChangeType.Deleted)]))
    assert await diagnostics_for(client, activity, lambda d: not d) == []


@pytest.mark.asyncio
async def test_gitignored_copies_are_not_the_projects_as_for_check(
        client: LanguageClient, project: Path) -> None:
    """The server lists the project's files as `check` does: git's ignore rules apply."""
    import subprocess

    subprocess.run(["git", "init", "-q", str(project)], check=True)
    write(project, ".gitignore", "build/\n")
    write(project, "build/marketing/newsletter.gdpr.yaml", ACTIVITY)  # a build output
    activity = project / "marketing/newsletter.gdpr.yaml"
    open_file(client, activity)
    assert await diagnostics_for(client, activity) == []
    # A copy the build writes later, announced by the editor's file watcher, stays out too;
    # a declaration created outside build/ is the project's.
    created = write(project, "build/second/newsletter.gdpr.yaml", ACTIVITY)
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        [types.FileEvent(created.as_uri(), types.FileChangeType.Created)]))
    other = write(project, "sales/copy.gdpr.yaml", ACTIVITY)
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        [types.FileEvent(other.as_uri(), types.FileChangeType.Created)]))
    found = await diagnostics_for(client, activity, lambda d: "X004" in codes(d))
    [x004] = [d for d in found if d.code == "X004"]
    assert "sales/copy.gdpr.yaml" in x004.message and "build/" not in x004.message
    assert created.as_uri() not in client.diagnostics


@pytest.mark.asyncio
async def test_the_server_reports_what_check_reports(client: LanguageClient, project: Path,
                                                     cli: Callable[..., object]) -> None:
    """Every file, rule and line agree with `check`, in a git repository with a gitignored
    copy, a symlinked folder, a broken controller reference and processor activities."""
    import json
    import os
    import subprocess

    from tests.conftest import ROOT

    subprocess.run(["git", "init", "-q", str(project)], check=True)
    shutil.copytree(ROOT / "examples/valid", project / "examples/valid")
    write(project, ".gitignore", "build/\n")
    shutil.copytree(project / "examples/valid/shop", project / "build/shop")
    os.symlink(project / "examples/valid/support", project / "linked")
    write(project, "team/broken.gdpr.yaml", ACTIVITY.replace("controller: acme",
                                                             "controller: acmee")
          .replace("id: newsletter", "id: team.newsletter"))
    checked = cli("check", ".", "--format", "json", cwd=project)
    expected: dict[str, set[tuple[str, int]]] = {}
    for f in json.loads(checked.stdout)["findings"]:  # type: ignore[attr-defined]
        expected.setdefault(f["path"], set()).add((f["rule"], f["line"]))
    assert ("X005", 1) in expected["team/broken.gdpr.yaml"]
    files = sorted(p for p in project.rglob("*.gdpr.yaml")
                   if p.relative_to(project).parts[0] not in ("build", "linked"))
    for path in files:
        open_file(client, path)
    for path in files:
        rel = path.relative_to(project).as_posix()
        want = expected.get(rel, set())
        found = await diagnostics_for(
            client, path, lambda d, want=want: {(str(x.code), x.range.start.line + 1)
                                                for x in d} == want)
        assert {(str(d.code), d.range.start.line + 1) for d in found} == want, rel


async def _actions(client: LanguageClient, uri: str, line: int,
                   only: list[str] | None = None) -> list[types.CodeAction]:
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        types.TextDocumentIdentifier(uri), types.Range(types.Position(line, 0),
                                                       types.Position(line, 80)),
        types.CodeActionContext(diagnostics=[], only=only)))
    return [a for a in actions or [] if isinstance(a, types.CodeAction)]


@pytest.mark.asyncio
async def test_quick_fixes_for_the_rights_asked(client: LanguageClient, project: Path) -> None:
    """R003 (portability) and R006 (the rights every basis gives) add what they ask for."""
    path = project / "marketing/newsletter.gdpr.yaml"
    lacking = ACTIVITY.replace(
        "rights: [access, rectification, erasure, restriction, portability, withdraw_consent, "
        "complaint]", "rights: [access, withdraw_consent]")
    uri = open_file(client, path, lacking)
    assert codes(await diagnostics_for(client, path, lambda d: bool(d))) == ["R003", "R006"]
    actions = await _actions(client, uri, 12)
    titles = [a.title for a in actions]
    assert "Fix R003: add portability to rights" in titles
    assert "Fix R006: add the missing rights to rights" in titles
    r006 = next(a for a in actions if a.title.startswith("Fix R006"))
    assert r006.edit is not None and r006.edit.changes is not None
    fixed = _apply(lacking, r006.edit.changes[uri])
    assert "rights: [access, withdraw_consent, rectification, erasure, restriction, " \
        "complaint]" in fixed
    change(client, path, fixed)
    assert codes(await diagnostics_for(client, path, lambda d: len(d) == 1)) == ["R003"]


@pytest.mark.asyncio
async def test_remove_an_unused_suppression(client: LanguageClient, project: Path) -> None:
    path = project / "marketing/newsletter.gdpr.yaml"
    text = ACTIVITY.replace(
        "    retention: {period: P2Y, start: last newsletter opened}\n",
        "    # gdpr-lint: disable=K001 -- the retention is in the ISMS\n"
        "    retention: {period: P2Y, start: last newsletter opened}\n").replace(
        "    recipients: []\n",
        "    recipients: []  # gdpr-lint: disable=D003,B002 -- reviewed by legal\n")
    uri = open_file(client, path, text)
    found = await diagnostics_for(client, path, lambda d: len(d) == 2)
    assert codes(found) == ["X011", "X011"]
    own_line = next(a for a in await _actions(client, uri, 14)
                    if a.title == "Fix X011: remove this unused suppression")
    assert own_line.is_preferred is False  # applied when asked, never by fix-all
    assert own_line.edit is not None and own_line.edit.changes is not None
    removed = _apply(text, own_line.edit.changes[uri])
    assert "disable=K001" not in removed and removed.count("\n") == text.count("\n") - 1
    trailing = next(a for a in await _actions(client, uri, 13)
                    if a.title == "Fix X011: remove this unused suppression")
    assert trailing.edit is not None and trailing.edit.changes is not None
    assert "    recipients: []\n" in _apply(text, trailing.edit.changes[uri])
    # Fix-all leaves suppressions alone.
    assert await _actions(client, uri, 0, [types.CodeActionKind.SourceFixAll]) == []


@pytest.mark.asyncio
async def test_fix_all_applies_every_safe_fix(client: LanguageClient, project: Path) -> None:
    path = project / "marketing/newsletter.gdpr.yaml"
    broken = ACTIVITY.replace("lawful_basis: consent", "lawful_basis: Consent") \
        .replace("period: P2Y", "period: 2 years") \
        .replace("portability, withdraw_consent, complaint", "portability, complaint")
    uri = open_file(client, path, broken)
    assert codes(await diagnostics_for(client, path, lambda d: len(d) >= 2)) == \
        ["B002", "K003"]
    [fix_all] = await _actions(client, uri, 0, [types.CodeActionKind.SourceFixAll])
    assert fix_all.kind == types.CodeActionKind.SourceFixAll
    assert fix_all.edit is not None and fix_all.edit.changes is not None
    assert len(fix_all.edit.changes[uri]) == 1  # one edit: the span that changes
    fixed = _apply(broken, fix_all.edit.changes[uri])
    # B002 fixed reveals R002 (consent without withdraw_consent), fixed in the same action.
    assert fixed == ACTIVITY.replace("withdraw_consent, complaint",
                                     "complaint, withdraw_consent")
    change(client, path, fixed)
    assert await diagnostics_for(client, path, lambda d: not d) == []
    assert await _actions(client, uri, 0, [types.CodeActionKind.SourceFixAll]) == []
    # Asked only for quick fixes, no fix-all comes back.
    assert all(a.kind == types.CodeActionKind.QuickFix for a in
               await _actions(client, uri, 7, [types.CodeActionKind.QuickFix]))
