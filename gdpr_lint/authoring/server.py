"""`gdpr-lint server`: the linter in the editor, as a language server on stdio (pygls).

Each open declaration belongs to a project, found as `check` finds it: the folder of the
nearest configuration, else the git work tree, else the workspace root. The project's
declarations are kept loaded, open ones from the editor's text, so every rule runs on
each change, cross-file ones included (controllers declared elsewhere, activity ids used
twice). Only the changed file is checked again, unless the controllers it declares
changed; the cross-file checks and suppressions then run over all files' reports.

Hover explains a rule ID (`explain`) or shows a field's schema description; completion
offers field names and allowed values from the schema; code actions apply the fixes the
rules declare (those of `check --fix`) and add a suppression comment whose reason the
author writes (until then X010 says it suppresses nothing).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import sys
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from textwrap import shorten
from typing import TYPE_CHECKING, BinaryIO
from urllib.parse import unquote, urlparse

from lsprotocol import types
from pygls.io_ import StdoutWriter
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path

from gdpr_lint import __version__
from gdpr_lint.edit.edits import schemas_at
from gdpr_lint.lint.config import Config
from gdpr_lint.lint.engine import Linter
from gdpr_lint.lint.findings import Finding, Severity
from gdpr_lint.lint.links import outside_link
from gdpr_lint.lint.loader import MAX_BYTES, Document, JsonPath, load_document, read_document
from gdpr_lint.lint.resolve import Record

if TYPE_CHECKING:
    from gdpr_lint.lint.discover import WalkLimit
    from gdpr_lint.lint.project import Project as LintProject

DECLARATION_SUFFIXES = (".gdpr.yaml", ".gdpr.yml")
# A workspace root that is `/` or a home folder is not walked for ever: the search stops at
# the first bound it reaches (see discover.WalkLimit) and says so.
MAX_FILES = 5000
MAX_FOLDERS = 5000
_RULE_ID = re.compile(r"[A-Z][A-Z0-9]{0,7}[0-9]{3}")
_SEVERITY = {Severity.ERROR: types.DiagnosticSeverity.Error,
             Severity.WARNING: types.DiagnosticSeverity.Warning,
             Severity.INFO: types.DiagnosticSeverity.Information}
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\']|\'\')*\'|[^,\]\}#\n]*[^,\]\}#\s]')


def uri_to_path(uri: str) -> str:
    return os.path.abspath(unquote(urlparse(uri).path))


def path_to_uri(path: str) -> str:
    return from_fs_path(path) or Path(path).as_uri()


@dataclass
class Workspace:
    """One project of the editor's workspace: its files found as `check` finds them, and its
    Record (`lint/resolve.py`) kept warm between edits (only a changed file is checked
    again)."""

    root: Path
    config: Config
    record: Record
    listing: LintProject
    open: set[str] = field(default_factory=set)
    findings: dict[str, list[Finding]] = field(default_factory=dict)
    limit: WalkLimit | None = None

    @classmethod
    def for_file(cls, path: str, workspace_root: str | None) -> Workspace:
        """The project holding ``path``, found and listed exactly as `check` finds it: the
        nearest configuration, else the git work tree (its `.gitignore` honoured through
        git), else the workspace root."""
        from gdpr_lint.lint.discover import WalkLimit, discover
        from gdpr_lint.lint.project import open_project

        found = open_project([path], None)
        config = found.config
        if not found.found:  # the workspace is the project, links may not lead out of it
            found.root = config.root = config.boundary = \
                Path(workspace_root or Path(path).parent).resolve()
        docs: dict[str, Document] = {}
        project = cls(found.root, config, Record(_Linter(config, docs), docs), found)
        project.limit = WalkLimit(MAX_FOLDERS, MAX_FILES)
        try:
            files = [os.path.abspath(f) for f in
                     discover([str(found.root)], config, found, project.limit)]
        except OSError:  # pragma: no cover - the root vanished: lint what is open
            files = []
        for file in files:
            project.record.update(read_document(file, root=config.boundary))
        return project

    @property
    def docs(self) -> dict[str, Document]:
        return self.record.documents

    @property
    def linter(self) -> Linter:
        return self.record.linter

    def contains(self, path: str) -> bool:
        return path in self.docs or Path(path).resolve().is_relative_to(self.root)

    def lists(self, path: str) -> bool:
        """Whether `check` on the project would lint ``path`` (a file created on disk; git is
        asked again once per batch of changes, see `watched_files_changed`)."""
        from gdpr_lint.lint.discover import is_listed

        return is_listed(path, self.config, self.listing.kept_by_git(os.path.dirname(path)))

    def update(self, path: str, text: str | None) -> None:
        """Take the editor's text of a file (None: read it from disk again)."""
        boundary = self.config.boundary
        self.record.update(load_document(text, path) if text is not None and
                           outside_link(path, boundary) is None
                           else read_document(path, root=boundary))

    def forget(self, path: str) -> None:
        """Drop a file: closed unsaved, deleted, or one `check` would not lint."""
        self.record.forget(path)
        self.findings.pop(path, None)
        self.open.discard(path)

    def lint(self) -> dict[str, list[Finding]]:
        """Findings by file; only changed files are checked again."""
        self.findings = self.record.refresh()
        return self.findings


class _Linter(Linter):
    """Reads the configured controllers files from the editor's text when they are open."""

    def __init__(self, config: Config, docs: dict[str, Document]) -> None:
        super().__init__(config)
        self.docs = docs  # the project's, kept up to date by Workspace.update

    def config_documents(self) -> list[Document]:
        if not any(str(self.config.resolve(r)) in self.docs for r in self.config.controllers):
            return super().config_documents()
        found = []
        for relative in self.config.controllers:
            doc = self.docs.get(str(self.config.resolve(relative)))
            if doc is None or not isinstance(doc.data, dict):
                doc = read_document(str(self.config.resolve(relative)), relative)
            found.append(doc)
        return found


def finding_range(doc: Document, finding: Finding,
                  lines: list[str] | None = None) -> types.Range:
    """From the finding's node to the end of its text on that line."""
    lines = lines if lines is not None else doc.text.splitlines()
    row, column = max(finding.line - 1, 0), max(finding.column - 1, 0)
    text = lines[row] if row < len(lines) else ""
    match = _TOKEN.match(text, column) if column < len(text) else None
    end = match.end() if match and match.end() > column else min(column + 1, len(text))
    return types.Range(types.Position(row, column), types.Position(row, max(end, column)))


def offset_position(text: str, offset: int) -> types.Position:
    line = text.count("\n", 0, offset)
    return types.Position(line, offset - (text.rfind("\n", 0, offset) + 1))


# Linear on any line: a key runs to the first ':' (its class excludes ':', so nothing can
# backtrack over the run; the spaces before the ':' are stripped in code).
_LINE = re.compile(r"^(?P<indent> *)(?P<dash>- +)?(?:(?P<key>\"[^\"]*\"|'[^']*'|[^\s#:\-\[{]"
                   r"[^#:]*):(?:\s+|$))?")


def _line_info(text: str) -> tuple[int | None, int, str | None] | None:
    """(column of a dash, column of the content, key) of a line; None when it is empty."""
    if not text.strip() or text.lstrip().startswith("#"):
        return None
    match = _LINE.match(text)
    assert match is not None
    indent = len(match["indent"])
    dash = indent if match["dash"] else None
    content = indent + len(match["dash"] or "")
    key = match["key"].rstrip().strip("\"'") if match["key"] else None
    return dash, content, key


def context_path(lines: list[str], row: int, column: int) -> JsonPath:
    """The path of the mapping or list that a position at ``column`` of line ``row`` is in,
    from indentation alone (the text may not parse while it is typed)."""
    path: list[str | int] = []
    current = column
    here = _line_info(lines[row]) if row < len(lines) else None
    if here is not None and here[0] is not None and here[0] < column:
        path.insert(0, 0)
        current = here[0]
    for text in reversed(lines[:row]):
        info = _line_info(text)
        if info is None:
            continue
        dash, content, key = info
        if dash is not None and dash < current and content >= current:
            path.insert(0, 0)  # inside this list item's mapping
            current = dash
        elif key is not None and content < current:
            path.insert(0, key)
            current = content
            if dash is not None:
                path.insert(0, 0)
                current = dash
        elif key is not None and content == current and dash is None and path[:1] == [0] \
                and text.rstrip().endswith(":"):
            path.insert(0, key)  # an indentless list under this key
        if current == 0 and path and path[0] != 0:
            break
    return tuple(path)


def _schema_info(path: JsonPath) -> tuple[str | None, list[str], list[str]]:
    """(description, allowed values, field names) of the schema at ``path``."""
    description, values, names = None, [], []
    for schema in schemas_at(path):
        description = description or schema.get("description")
        items = schema.get("items")
        for source in (schema, items if isinstance(items, dict) else {}):
            if isinstance(source.get("enum"), list):
                values += [str(v) for v in source["enum"] if str(v) not in values]
        names += [n for n in schema.get("properties", {}) if n not in names]
        if isinstance(schema.get("items"), dict):
            for item in schemas_at((*path, 0)):
                names += [n for n in item.get("properties", {}) if n not in names]
    return description, values, names


# -- the server ------------------------------------------------------------------------------
class GdprLintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("gdpr-lint", __version__)
        self.projects: list[Workspace] = []
        self.published: dict[str, int] = {}

    def project(self, path: str) -> Workspace:
        for project in self.projects:
            if path in project.docs or project.contains(path):
                return project
        project = Workspace.for_file(path, self.workspace.root_path)
        self.projects.append(project)
        return project

    def refresh(self, uri: str, text: str | None) -> None:
        if not uri.startswith("file:"):
            return  # an unsaved buffer has no project; it is linted once saved
        path = uri_to_path(uri)
        if not path.endswith(DECLARATION_SUFFIXES) and \
                not any(path in p.docs for p in self.projects):
            known = any(p.contains(path) for p in self.projects)
            if known or not self._declaration_by_config(path):
                return  # another YAML file (a CI workflow, compose file): not ours
        try:
            project = self.project(path)
        except Exception as exc:  # a configuration error: say it, on the file
            self.publish(uri, [types.Diagnostic(
                types.Range(types.Position(0, 0), types.Position(0, 1)),
                f"gdpr-lint: {exc}", types.DiagnosticSeverity.Error, source="gdpr-lint")])
            return
        if project.limit is not None and project.limit.hit is not None:
            self.window_show_message(types.ShowMessageParams(
                types.MessageType.Warning,
                f"gdpr-lint: {project.root} holds {project.limit.hit}; only the declarations "
                "found before that are checked together (open a project folder, or add a "
                ".gdpr-lint.yaml at its root)"))
            project.limit.hit = None  # said once
        project.update(path, text)
        if text is not None:
            project.open.add(path)
        self.publish_project(project, path)

    def publish_project(self, project: Workspace, changed: str) -> None:
        """Lint the project; publish every file whose findings changed, and ``changed``."""
        for file, findings in project.lint().items():
            doc = project.docs.get(file)
            if doc is None:  # a configured controllers file outside the project's files
                continue
            key = hash(tuple(findings))
            if self.published.get(file) != key or file == changed:
                self.published[file] = key
                lines = doc.text.splitlines()
                self.publish(path_to_uri(file), [self.diagnostic(doc, f, lines)
                                                 for f in findings])

    def _declaration_by_config(self, path: str) -> bool:
        """A file the project's `include` patterns name, though not called *.gdpr.yaml."""
        try:
            project = self.project(path)
        except Exception:
            return False
        return path in project.docs

    def publish(self, uri: str, diagnostics: list[types.Diagnostic]) -> None:
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics))

    def diagnostic(self, doc: Document, finding: Finding,
                   lines: list[str] | None = None) -> types.Diagnostic:
        article = f" ({finding.article})" if finding.article else ""
        lines = lines if lines is not None else doc.text.splitlines()
        where = self.workspace.position_codec.range_to_client_units(
            lines, finding_range(doc, finding, lines))  # UTF-16 columns, as clients count
        return types.Diagnostic(where,
                                finding.message + article,
                                _SEVERITY[finding.severity], code=finding.rule,
                                source="gdpr-lint")

    def opened_text(self, uri: str) -> str | None:
        """The text of a document the client opened; None for any other URI (a request
        naming `/dev/zero`, a FIFO or `/etc/shadow` reads nothing)."""
        document = self.workspace.text_documents.get(unquote(uri))
        return document.source if document is not None else None

    def located(self, uri: str) -> tuple[Workspace, Document] | None:
        """The project and loaded text of a declaration the client opened."""
        if self.opened_text(uri) is None:
            return None
        path = uri_to_path(uri)
        for project in self.projects:
            if path in project.open and path in project.docs:
                return project, project.docs[path]
        return None


server = GdprLintServer()


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: GdprLintServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.refresh(params.text_document.uri, params.text_document.text)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: GdprLintServer, params: types.DidChangeTextDocumentParams) -> None:
    text = ls.opened_text(params.text_document.uri)
    if text is not None:
        ls.refresh(params.text_document.uri, text)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: GdprLintServer, params: types.DidSaveTextDocumentParams) -> None:
    text = ls.opened_text(params.text_document.uri)
    if text is not None:
        ls.refresh(params.text_document.uri, text)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: GdprLintServer, params: types.DidCloseTextDocumentParams) -> None:
    """Back to what is on disk; a closed unsaved document, or one `check` would not lint,
    is forgotten (its findings and those it caused elsewhere, such as X004, go with it)."""
    uri = params.text_document.uri
    path = uri_to_path(uri)
    for project in ls.projects:
        if path not in project.docs:
            continue
        project.open.discard(path)
        project.listing.forget_listing()  # it may have been saved for the first time
        if os.path.isfile(path) and project.lists(path):
            ls.refresh(uri, None)
        else:
            project.forget(path)
            ls.published.pop(path, None)
            ls.publish(uri, [])
            ls.publish_project(project, path)


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def watched_files_changed(ls: GdprLintServer,
                          params: types.DidChangeWatchedFilesParams) -> None:
    """Files changed on disk (a checkout, another tool): read the closed ones again."""
    for project in ls.projects:  # what git ignores is asked again, once for the batch
        project.listing.forget_listing()
    for change in params.changes:
        path = uri_to_path(change.uri)
        for project in ls.projects:
            if path in project.open or not project.contains(path):
                continue
            if change.type == types.FileChangeType.Deleted:
                project.forget(path)
                ls.publish(change.uri, [])
                ls.published.pop(path, None)
                ls.publish_project(project, path)
            elif path in project.docs or project.lists(path):
                ls.refresh(change.uri, None)


@server.feature(types.TEXT_DOCUMENT_HOVER)
def hover(ls: GdprLintServer, params: types.HoverParams) -> types.Hover | None:
    located = ls.located(params.text_document.uri)
    if located is None:
        return None
    project, doc = located
    lines = doc.text.splitlines()
    row, column = params.position.line, params.position.character
    if row >= len(lines):
        return None
    line = lines[row]
    start = max(column - 12, 0)  # a rule ID is at most 11 characters: look only around it
    for match in _RULE_ID.finditer(line[start:column + 12]):
        if match.start() + start <= column <= match.end() + start and \
                match.group() in project.linter.rules:
            from gdpr_lint.rules.explain import explain_rule

            text = explain_rule(match.group(), rules=project.linter.rules)
            return types.Hover(types.MarkupContent(types.MarkupKind.Markdown,
                                                   f"```text\n{text}```"))
    info = _line_info(line)
    if info is None or info[2] is None or column > len(line):
        return None
    _, content, key = info[0], info[1], info[2]
    path: JsonPath = (*context_path(lines, row, content), key)
    description, values, _ = _schema_info(path)
    if description is None:
        return None
    allowed = f"\n\nAllowed: {', '.join(f'`{v}`' for v in values)}" if values else ""
    return types.Hover(types.MarkupContent(types.MarkupKind.Markdown,
                                           f"**{key}**: {description}{allowed}"))


@server.feature(types.TEXT_DOCUMENT_COMPLETION,
                types.CompletionOptions(trigger_characters=[":", " ", "-", "[", ","]))
def completion(ls: GdprLintServer, params: types.CompletionParams) -> types.CompletionList:
    text = ls.opened_text(params.text_document.uri)
    if text is None or len(text) > MAX_BYTES:  # never read from disk; nor a refused text
        return types.CompletionList(is_incomplete=False, items=[])
    lines = text.splitlines() or [""]
    row, column = params.position.line, params.position.character
    line = lines[row] if row < len(lines) else ""
    before = line[:column]
    items: list[types.CompletionItem] = []
    value = _VALUE.match(before)
    if value is not None:  # after `key: `: its allowed values
        path = (*context_path(lines, row, len(value["lead"])),
                value["key"].rstrip().strip("\"'"))
        _, values, _ = _schema_info(path)
        items = [types.CompletionItem(v, kind=types.CompletionItemKind.EnumMember)
                 for v in values]
    elif re.fullmatch(r" *- +[\w]*", before) and _is_scalar_item(lines, row, column):
        _, values, _ = _schema_info(context_path(lines, row, column))
        items = [types.CompletionItem(v, kind=types.CompletionItemKind.EnumMember)
                 for v in values]
    elif re.fullmatch(r" *(?:- +)?[\w]*", before):  # a key being typed: the field names
        start = len(before) - len(before.lstrip(" -"))
        path = context_path(lines, row, start)
        present = _sibling_keys(lines, row, start)
        names = [n for n in _schema_info(path)[2] if n not in present]
        items = [types.CompletionItem(n, kind=types.CompletionItemKind.Field,
                                      detail=_schema_info((*path, n))[0], insert_text=f"{n}: ")
                 for n in names]
    return types.CompletionList(is_incomplete=False, items=items)


# Linear as _LINE is: the key's class excludes ':', the spaces before it are stripped in code.
_VALUE = re.compile(r"^(?P<lead> *(?:- +)?)(?P<key>[^\s#:\[{][^#:]*):\s+(?P<rest>.*)$")
_DISABLE = re.compile(r"#\s*gdpr-lint:\s*disable=([A-Za-z0-9_, ]+)(--.*)?$")


def _sibling_keys(lines: list[str], row: int, column: int) -> set[str]:
    """The keys already written in the mapping that line ``row`` belongs to."""
    keys: set[str] = set()
    for step in (-1, 1):
        index = row + step
        while 0 <= index < len(lines):
            info = _line_info(lines[index])
            index += step
            if info is None:
                continue
            dash, content, key = info
            if content < column:
                break
            if content == column and dash is not None and dash < column:
                if step < 0 and key:  # the first line of this list item
                    keys.add(key)
                break  # going down: the next item
            if content == column and key:
                keys.add(key)
    return keys


def _is_scalar_item(lines: list[str], row: int, column: int) -> bool:
    """A `- ` line in a list of values (rights, special categories), not of mappings."""
    path = context_path(lines, row, column)
    return any(isinstance(s.get("enum"), list) for s in schemas_at(path))


FIX_ALL = types.CodeActionKind.SourceFixAll


@server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix,
                                                           FIX_ALL]))
def code_action(ls: GdprLintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    """Quick fixes and suppressions for the findings in the range; `source.fixAll`, every
    safe fix of the file at once (what `check --fix` would write)."""
    from gdpr_lint.authoring.fix import finding_edits

    located = ls.located(params.text_document.uri)
    if located is None:
        return []
    project, doc = located
    only = params.context.only

    def wanted(kind: str) -> bool:
        return only is None or any(kind == k or kind.startswith(f"{k}.") for k in only)

    actions: list[types.CodeAction] = []
    uri = params.text_document.uri
    first, last = params.range.start.line + 1, params.range.end.line + 1
    for finding in project.findings.get(doc.path, []) if wanted(
            types.CodeActionKind.QuickFix) else []:
        if not first <= finding.line <= last:
            continue
        diagnostic = ls.diagnostic(doc, finding)
        edits = finding_edits(project.linter, doc, finding)
        rule = project.linter.rules.get(finding.rule)
        if edits and rule is not None and rule.fix is not None:
            actions.append(types.CodeAction(
                f"Fix {finding.rule}: {rule.fix.title}", kind=types.CodeActionKind.QuickFix,
                diagnostics=[diagnostic], is_preferred=rule.fix.safe,
                edit=_workspace_edit(ls, uri, doc.text,
                                     ((e.start, e.end, e.text) for e in edits))))
        if finding.rule not in ("X001", "X006", "X010"):
            actions.append(_suppression(ls, uri, doc, finding, diagnostic))
    if wanted(FIX_ALL):
        fix_all = _fix_all(ls, project, doc, uri)
        if fix_all is not None:
            actions.append(fix_all)
    return actions


def _fix_all(ls: GdprLintServer, project: Workspace, doc: Document, uri: str
             ) -> types.CodeAction | None:
    """Every safe fix of the file, as one edit of the span that changes (None when there
    is nothing to fix)."""
    from gdpr_lint.authoring.fix import fix_text

    if not doc.loaded:
        return None
    fixed, count = fix_text(project.linter, project.record.registry, doc.text, doc.path)
    if fixed == doc.text:
        return None
    start = 0
    while start < min(len(fixed), len(doc.text)) and fixed[start] == doc.text[start]:
        start += 1
    end = 0  # the common tail, not reaching into the common head
    while end < min(len(fixed), len(doc.text)) - start and \
            fixed[len(fixed) - 1 - end] == doc.text[len(doc.text) - 1 - end]:
        end += 1
    return types.CodeAction(
        f"Fix all gdpr-lint findings with one right answer ({count})", kind=FIX_ALL,
        edit=_workspace_edit(ls, uri, doc.text, [(start, len(doc.text) - end,
                                                  fixed[start:len(fixed) - end])]))


def _suppression(ls: GdprLintServer, uri: str, doc: Document, finding: Finding,
                 diagnostic: types.Diagnostic) -> types.CodeAction:
    lines = doc.text.split("\n")
    line = lines[finding.line - 1] if finding.line - 1 < len(lines) else ""
    end = len(line.rstrip("\r"))
    existing = _DISABLE.search(line)
    codec = ls.workspace.position_codec
    position = codec.position_to_client_units(lines, types.Position(finding.line - 1, end))
    if existing:  # add the rule to the comment already there
        codes = existing.start(1) + len(existing[1].rstrip())
        at = codec.position_to_client_units(lines, types.Position(finding.line - 1, codes))
        edit = types.TextEdit(types.Range(at, at), f",{finding.rule}")
    else:
        edit = types.TextEdit(types.Range(position, position),
                              f"  # gdpr-lint: disable={finding.rule} -- ")
    return types.CodeAction(
        f"Suppress {finding.rule} on this line (write the reason after --)",
        kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic],
        edit=types.WorkspaceEdit(changes={uri: [edit]}))


def _workspace_edit(ls: GdprLintServer, uri: str, text: str,
                    edits: Iterable[tuple[int, int, str]]) -> types.WorkspaceEdit:
    lines = text.splitlines()
    codec = ls.workspace.position_codec
    return types.WorkspaceEdit(changes={uri: [
        types.TextEdit(codec.range_to_client_units(lines, types.Range(
            offset_position(text, start), offset_position(text, end))), new)
        for start, end, new in edits]})


# -- the framing --------------------------------------------------------------------------
# pygls reads a header line without a bound, allocates whatever Content-Length says and stops
# on a length it cannot parse; an editor's pipe is trusted no further than a file is.
MAX_MESSAGE = 64 * 1024 * 1024  # 32 times the largest declaration, JSON-escaped
MAX_HEADER = 8192
_CONTENT_LENGTH = re.compile(rb"content-length:[ \t]*([0-9]{1,12})[ \t]*\r?\n", re.IGNORECASE)
_log = logging.getLogger("gdpr_lint.server")


async def serve(ls: LanguageServer, stdin: BinaryIO) -> None:
    """Read framed JSON-RPC messages from ``stdin`` until it ends or the server stops.

    A header line over MAX_HEADER bytes is skipped to its end; a message longer than
    MAX_MESSAGE, or framed without a length, is refused with a log line and reading goes on
    from the next header; a body that is not JSON, or not a message, is logged. None of them
    stops the server, which goes on answering the messages around it."""
    loop = asyncio.get_running_loop()
    stop = ls._stop_event

    async def readline() -> bytes:
        return await loop.run_in_executor(ls.thread_pool, stdin.readline, MAX_HEADER)

    length: int | None = None
    while stop is None or not stop.is_set():
        line = await readline()
        if not line:
            return
        if not line.endswith(b"\n"):  # a header line too long for any header: skip it
            while line and not line.endswith(b"\n"):
                line = await readline()
            _log.error("a header line over %d bytes was skipped", MAX_HEADER)
            length = None
            continue
        match = _CONTENT_LENGTH.fullmatch(line)
        if match is not None:
            length = int(match[1])
            continue
        if line.strip():
            continue  # another header (Content-Type), or stray bytes between messages
        if length is None:
            continue
        if length > MAX_MESSAGE:
            _log.error("a message of %d bytes was refused (the limit is %d); reading on from "
                       "the next header", length, MAX_MESSAGE)
            length = None
            continue
        body = await loop.run_in_executor(ls.thread_pool, stdin.read, length)
        length = None
        if not body:
            return
        try:
            message = json.loads(body, object_hook=ls.protocol.structure_message)
            ls.protocol.handle_message(message)
        except Exception as exc:  # not JSON, or not a JSON-RPC message
            _refuse(ls, body, exc)


def _refuse(ls: LanguageServer, body: bytes, exc: Exception) -> None:
    """Log a message that cannot be handled; answer it with an error if it is a request
    (a body that is not JSON has no id to answer: it is only logged)."""
    _log.error("a message was dropped: %s: %s", type(exc).__name__, shorten(str(exc), 200))
    try:
        data = json.loads(body)
    except Exception:  # not JSON at all
        return
    if not isinstance(data, dict) or "method" not in data or \
            not isinstance(data.get("id"), (int, str)) or isinstance(data["id"], bool):
        return  # a notification, or nothing that can be answered
    try:
        ls.protocol._send_response(data["id"], error=types.ResponseError(
            types.ErrorCodes.InvalidParams, f"{type(exc).__name__}: {shorten(str(exc), 200)}"))
    except Exception:  # pragma: no cover - the client is gone
        _log.error("the error could not be sent")


def run() -> None:
    stop = threading.Event()
    server._stop_event = stop
    server.protocol.set_writer(StdoutWriter(sys.stdout.buffer))
    try:
        asyncio.run(serve(server, sys.stdin.buffer))
    except BrokenPipeError:
        _log.error("the client closed the connection")
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.shutdown()  # type: ignore[no-untyped-call]
