"""The Record: one project's declarations read, checked and resolved once, for every surface.

`build_record` finds the project and its files exactly as `check` finds them (the
configuration from the paths, folders searched honouring `.gitignore`) and `resolve_files`
reads and lints them: the controllers' registry, every file's report, the cross-file findings
(X004, X005, X007, evidence), suppressions applied. The Record keeps what the surfaces read the
project from: `check` its findings; the register, the notice, the review of a change and the
record file also the documents, each activity and processor activity with the controller the
rules resolved for it, the controllers and the suppressions; the language server keeps one per
project and updates it per edit (`update`, `forget`, `refresh`: only a changed file is checked
again, every file when a controller changes). Nothing else re-reads the YAML, lints or
resolves controllers on its own.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Collection, Iterable, Sequence
from typing import Any

from gdpr_lint.lint.config import Config
from gdpr_lint.lint.engine import FileReport, Linter, LintResult, Registry
from gdpr_lint.lint.findings import Finding
from gdpr_lint.lint.loader import Document, read_document
from gdpr_lint.lint.model import Activity, Context, ProcessorActivity
from gdpr_lint.lint.suppressions import Suppression
from gdpr_lint.lint.workers import current, declaring, map_files
from gdpr_lint.rules.registry import Rule


def build_record(paths: Sequence[str], config_path: str | None = None,
                 jobs: int | None = None) -> tuple[Record, list[str]]:
    """The Record of the declarations under ``paths`` and the files it read, found as
    `check` finds them."""
    from gdpr_lint.lint.discover import discover
    from gdpr_lint.lint.policies import all_rules
    from gdpr_lint.lint.project import open_project

    project = open_project(paths, config_path)
    config = project.config
    files = list(discover(paths, config, project))
    return resolve_files(files, config, rules=all_rules(config), jobs=jobs), files


class Record:
    """The project as the rules saw it.

    ``documents`` (by path) are kept when the record was asked for them; ``activities`` and
    ``processor_activities`` carry their controller resolved exactly as the rules saw it;
    ``suppressions`` are those of each file, marked with what they hid in this run.
    """

    __slots__ = ("_activities", "_processing", "_reports", "_signature", "documents",
                 "linter", "registry", "result", "suppressions")

    def __init__(self, linter: Linter, documents: dict[str, Document] | None = None) -> None:
        self.linter = linter
        self.documents: dict[str, Document] = {} if documents is None else documents
        self.registry = Registry()
        self.result = LintResult([], 0)
        self.suppressions: dict[str, list[Suppression]] = {}
        self._reports: dict[str, FileReport] = {}
        self._signature = ""
        self._activities: list[Activity] | None = None
        self._processing: list[ProcessorActivity] | None = None

    @property
    def ctx(self) -> Context:
        return self.linter.ctx

    @property
    def activities(self) -> list[Activity]:
        if self._activities is None:
            self._activities = [a for doc in self.documents.values()
                                for a in self.linter.activities(doc, self.registry, [])]
        return self._activities

    @property
    def processor_activities(self) -> list[ProcessorActivity]:
        if self._processing is None:
            self._processing = [
                p for doc in self.documents.values()
                for p in self.linter.processor_activities(doc, self.registry, [])]
        return self._processing

    def _finished(self, registry: Registry, reports: Sequence[FileReport],
                  result: LintResult) -> None:
        self.registry, self.result = registry, result
        self.suppressions = {r.path: r.suppressions for r in reports}
        self._activities = self._processing = None

    # -- kept up to date, one edit at a time (the language server) ---------------------
    def update(self, doc: Document) -> None:
        """Take a file's new text (the editor's, or the disk's again)."""
        self.documents[doc.path] = doc
        self._reports.pop(doc.path, None)

    def forget(self, path: str) -> None:
        """Drop a file: closed unsaved, deleted, or one `check` would not lint."""
        self.documents.pop(path, None)
        self._reports.pop(path, None)

    def refresh(self) -> dict[str, list[Finding]]:
        """Check what changed since the last refresh and finish the run again; the findings
        by file (every document has its entry, if only an empty one). For a record whose
        documents keep their text (`update`): `resolve_files` keeps only what the record
        needs of each checked document."""
        registry = self.linter.registry(self.documents.values())
        signature = json.dumps({k: c.data for k, c in registry.controllers.items()},
                               sort_keys=True, default=str)
        if signature != self._signature:  # a controller changed: every file may change
            self._reports.clear()
            self._signature = signature
        for path, doc in self.documents.items():
            if path not in self._reports:
                self._reports[path] = self.linter.check(doc, registry)
        reports = list(self._reports.values())
        self._finished(registry, reports, self.linter.finish(reports, registry))
        found: dict[str, list[Finding]] = {path: [] for path in self.documents}
        for finding in self.result.findings:
            found.setdefault(finding.path, []).append(finding)
        return found


def resolve_files(files: Sequence[str], config: Config, today: dt.date | None = None,
                  rules: dict[str, Rule] | None = None, jobs: int | None = None, *,
                  documents: bool = True, others: Sequence[Document] = (),
                  affected: Collection[str] = ()) -> Record:
    """Read and lint the given files (display paths) as `check` does.

    Each file is read once; large runs spread over processes (``jobs``), each worker sending
    back the file's report and, with ``documents``, what the record needs of the document.
    Without ``documents`` only the findings are kept, so memory stays flat however many
    files there are (`check`). ``others`` are the project's other declarations in a partial
    run (SPEC §6): they count for the cross-file checks and are not linted.
    """
    linter = Linter(config, rules, today=today or dt.date.today())
    found = declaring(files, config.boundary)
    registry = linter.registry(_in_order(found, others) if others else found)
    record = Record(linter)
    if documents:
        checked: list[tuple[FileReport, Document]] = map_files(
            linter, registry, files, jobs, _check_and_keep)
        reports = [report for report, _ in checked]
        record.documents = {doc.path: doc for _, doc in checked}
    else:
        reports = map_files(linter, registry, files, jobs, _check_paths)
    result = _finish_partial(linter, reports, registry, others, affected) if others \
        else linter.finish(reports, registry)
    record._finished(registry, reports, result)
    return record


def _check_paths(paths: Sequence[str], worker: tuple[Linter, Registry] | None = None
                 ) -> list[FileReport]:
    linter, registry = worker or current()
    return [linter.check(read_document(path, root=linter.config.boundary), registry)
            for path in paths]


def _check_and_keep(paths: Sequence[str], worker: tuple[Linter, Registry] | None = None
                    ) -> list[tuple[FileReport, Document]]:
    linter, registry = worker or current()
    checked = []
    for path in paths:
        doc = read_document(path, root=linter.config.boundary)
        checked.append((linter.check(doc, registry), _for_record(doc)))
    return checked


def _for_record(doc: Document) -> Document:
    """What the record needs of a checked document: its data and where its entries start.

    The text and the position of every scalar are dropped once the file is checked, which
    keeps memory close to the size of the declared data however many files there are.
    """
    positions = {tuple(_shared(part) for part in path): position
                 for path, position in doc.positions.items() if len(path) <= 3}
    _share_keys(doc.data)
    return Document(doc.path, "", doc.data, positions, {}, doc.problems)


def _shared(value: Any) -> Any:
    """One copy of a key or short value however many documents repeat it (the same fields
    and enumerations recur in every declaration)."""
    return sys.intern(value) if type(value) is str and len(value) <= _SHARED else value


_SHARED = 40


def _share_keys(data: Any) -> None:
    """Keys and short values of ``data`` shared with every other document, in place (the
    same containers, in the same order: the rules may have kept references to them)."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            items = [(_shared(k), _shared(v)) for k, v in value.items()]
            value.clear()
            value.update(items)
            stack.extend(v for _, v in items if isinstance(v, (dict, list)))
        elif isinstance(value, list):
            value[:] = [_shared(v) for v in value]
            stack.extend(v for v in value if isinstance(v, (dict, list)))


# -- partial runs (SPEC §6 v1.1) -------------------------------------------------------
def _in_order(*groups: Iterable[Document]) -> list[Document]:
    """Declaring documents in path order, as a run over the whole project reads them."""
    return sorted((d for group in groups for d in group), key=lambda d: d.path)


def _finish_partial(linter: Linter, reports: list[FileReport], registry: Registry,
                    context: Sequence[Document], affected: Collection[str]) -> LintResult:
    """Finish a partial run: the other files count, only what the linted ones cause shows.

    That is the other half of a duplicate id (X004), a controller declared again with
    other details (X007), and in ``affected`` files a reference to a controller that no
    longer resolves (X005).
    """
    from gdpr_lint.lint.project import declared_ids

    linted = {r.path for r in reports}
    extra = []
    for doc in context:
        if doc.path not in linted:
            report = linter.check(doc, registry)
            report.activity_ids = declared_ids(doc)
            extra.append(report)
    ids = {i for r in reports for i, _ in r.activity_ids}
    # A controller declared again: reported on the later declaration, wherever it is.
    clashes = {(later.doc.path, later.doc.position((*later.path, "id"))[0])
               for later, first in registry.conflicts
               if later.doc.path in linted or first.doc.path in linted}
    # Controllers from the configuration that the linted files use are checked as in a
    # full run, where they are declared.
    configured = {registry.controllers[i].doc.path for i in registry.from_config}
    result = linter.finish([*reports, *extra], registry)
    result.findings = [f for f in result.findings if f.path in linted or
                       f.path in configured or
                       (f.rule == "X004" and f.activity in ids) or
                       f.rule == "E006" or
                       (f.rule == "X005" and f.path in affected) or
                       (f.rule == "X007" and (f.path, f.line) in clashes)]
    result.files = len(reports)
    result.activities = {p: a for p, a in result.activities.items() if p in linted}
    return result
