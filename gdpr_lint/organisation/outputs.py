"""What an organisation's register is written as: the §8 documents, or JSON streamed.

`RegisterSink` builds the register model the §8 renderers read (html, md, csv, xlsx,
jsonld), each entry naming its repository and commit; `JsonSink` streams every item of every
record, its ``where`` completed with the commit, through temporary files, so memory holds one
record whatever the number of records.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from typing import IO, Any

from gdpr_lint.lint.findings import Finding
from gdpr_lint.organisation import records
from gdpr_lint.organisation.records import LoadedRecord
from gdpr_lint.register.json import SECTIONS, dumps, source_document, write_document
from gdpr_lint.register.model import Party, Register, Section, Source, SuppressionRow, build_date

ORGANISATION_FORMAT = "gdpr-lint-organisation-register"


class RegisterSink:
    """The organisation's register as the §8 renderers read it: one section per controller
    (its activities from every repository), the processor record, the findings of every
    record and of the checks across them."""

    def __init__(self) -> None:
        self.controllers: dict[str, Section] = {}
        self.processors: dict[str, Section] = {}
        self.findings: list[Finding] = []
        self.suppressions: list[SuppressionRow] = []
        self.files = 0

    def add(self, record: LoadedRecord) -> None:
        source = record.source
        self.files += int(record.data.get("files") or 0)
        for section, into in (("activities", self.controllers),
                              ("processor_activities", self.processors)):
            for item in record.items(section):
                entry = records.entry(item, source)
                party = entry.party
                key = party.key if party is not None else ""
                if key not in into:
                    into[key] = Section(party or Party("", None, None, None, "", {}), [])
                into[key].entries.append(entry)
        self.findings += [records.finding(f, source) for f in record.items("findings")]
        self.suppressions += [records.suppression(s, source)
                              for s in record.items("suppressions")]

    def register(self, sources: list[Source], checks: list[Finding]) -> Register:
        from gdpr_lint import __version__

        commit = f"{len(sources)} repositor{'y' if len(sources) == 1 else 'ies'}"
        return Register(list(self.controllers.values()), list(self.processors.values()),
                        [*checks, *self.findings], self.suppressions, commit, build_date(),
                        self.files, __version__, sources=sources, organisation=True)


class JsonSink:
    """Every record's items, each ``where`` naming repository, path, line and commit, written
    section by section through temporary files (bounded memory)."""

    def __init__(self) -> None:
        # Closed by close(), which the command calls in a finally block.
        self._spools: dict[str, IO[str]] = {
            s: tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
            for s in SECTIONS}
        self.files = 0

    def add(self, record: LoadedRecord) -> None:
        commit = record.source.commit
        self.files += int(record.data.get("files") or 0)
        for section, _, item in records.sections(record):
            _stamp(item, commit)
            self._spools[section].write(dumps(item) + "\n")

    def write(self, out: IO[str], sources: list[Source], checks: list[Finding]) -> None:
        from gdpr_lint import __version__

        for finding in checks:
            self._spools["findings"].write(dumps({
                "rule": finding.rule, "severity": finding.severity.value,
                "message": finding.message, "activity": finding.activity,
                "article": finding.article, "path": finding.path, "line": finding.line,
                "column": finding.column}) + "\n")
        head: dict[str, Any] = {
            "format": ORGANISATION_FORMAT, "version": 1, "generator": f"gdpr-lint {__version__}",
            "built": build_date(), "files": self.files,
            "sources": [{**source_document(s), "input": s.input} for s in sources]}
        for chunk in write_document(head, self._items()):
            out.write(chunk)

    def _items(self) -> Iterator[tuple[str, str]]:
        for section in SECTIONS:
            spool = self._spools[section]
            spool.seek(0)
            for line in spool:
                yield section, line.rstrip("\n")

    def close(self) -> None:
        for spool in self._spools.values():
            spool.close()


def _stamp(item: dict[str, Any], commit: str) -> None:
    where = item.get("where")
    if isinstance(where, dict):
        where["commit"] = commit
    for key in ("controller", "processor"):
        party = item.get(key)
        if isinstance(party, dict) and isinstance(party.get("where"), dict) and \
                "commit" not in party["where"] and \
                party["where"].get("repository") == (where or {}).get("repository"):
            party["where"]["commit"] = commit
