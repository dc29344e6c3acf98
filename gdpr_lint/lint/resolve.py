"""The Record: one project's declarations read, checked and resolved once, for every surface.

`build_record` finds the project and its files exactly as `check` does (the configuration
from the paths, folders searched honouring `.gitignore`), lints them, and keeps what the
register, the notice, the review of a change and the record file need: the documents, each
activity and processor activity with the controller the rules resolved for it, the
controllers, the findings and the suppressions with what they hid. Nothing else re-reads the
YAML or resolves controllers on its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from gdpr_lint.lint import engine
from gdpr_lint.lint.config import Config
from gdpr_lint.lint.engine import FileReport, Linter, LintResult, Registry
from gdpr_lint.lint.loader import Document, read_document
from gdpr_lint.lint.model import Activity, Context, ProcessorActivity
from gdpr_lint.lint.suppressions import Suppression
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
    """One lint run whose documents are kept: what every surface reads the project from.

    ``activities`` carry their controller resolved exactly as the rules saw it;
    ``suppressions`` are those of each file, marked with what they hid in this run.
    """

    __slots__ = ("activities", "ctx", "documents", "processor_activities", "registry", "result",
                 "suppressions")

    def __init__(self, documents: list[Document], activities: list[Activity],
                 registry: Registry, result: LintResult,
                 suppressions: dict[str, list[Suppression]], ctx: Context,
                 processor_activities: list[ProcessorActivity] | None = None) -> None:
        self.documents = documents
        self.activities = activities
        self.registry = registry
        self.result = result
        self.suppressions = suppressions
        self.ctx = ctx
        self.processor_activities = [] if processor_activities is None \
            else processor_activities


def resolve_files(files: Sequence[str], config: Config, today: dt.date | None = None,
                  rules: dict[str, Rule] | None = None, jobs: int | None = None) -> Record:
    """Read and lint the given files as `check` does, keeping the documents and controllers.

    Each file is read once; large runs spread over processes as `lint_files` does, and each
    worker sends back the file's report with what the record needs of the document.
    """
    today = today or dt.date.today()
    linter = Linter(config, rules, today=today)
    registry = linter.registry(engine._declaring(files))
    checked: list[tuple[FileReport, Document]] = engine._map_files(
        linter, registry, files, jobs, _check_and_keep)
    reports = [report for report, _ in checked]
    documents = [doc for _, doc in checked]
    result = linter.finish(reports, registry)
    activities = [a for doc in documents for a in linter.activities(doc, registry, [])]
    processing = [p for doc in documents
                  for p in linter.processor_activities(doc, registry, [])]
    return Record(documents, activities, registry, result,
                  {r.path: r.suppressions for r in reports}, linter.ctx, processing)


def _check_and_keep(paths: Sequence[str], worker: tuple[Linter, Registry] | None = None
                    ) -> list[tuple[FileReport, Document]]:
    linter, registry = worker or engine._worker or (None, None)
    assert linter is not None and registry is not None
    checked = []
    for path in paths:
        doc = read_document(path)
        checked.append((linter.check(doc, registry), _for_record(doc)))
    return checked


def _for_record(doc: Document) -> Document:
    """What the record needs of a checked document: its data and where its entries start.

    The text and the position of every scalar are dropped once the file is checked, which
    keeps memory close to the size of the declared data however many files there are.
    """
    positions = {path: position for path, position in doc.positions.items() if len(path) <= 3}
    return Document(doc.path, "", doc.data, positions, {}, doc.problems)
