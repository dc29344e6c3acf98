"""JSON: the record file (SPEC §12), the interchange an organisation's register merges.

``{"format": "gdpr-lint-record", "version": 1, "source": {...}, "controllers": [...],
"activities": [...], "processor_activities": [...], "findings": [...], "suppressions":
[...]}``, described by `gdpr_lint/schemas/record-v1.schema.json` (`gdpr-lint schema
--record`). Every item says where it is declared (``where``: repository, path from the top of
the repository, line). Activities keep what was declared (``declared``), the register's
items with their state, and the derived rights, so that `gdpr-lint aggregate` renders an
organisation's register from record files alone, saying exactly what each repository's own
register says.

Each array item is written on lines of its own, indented two levels, so a reader can tell the
line each item starts on (`organisation/records.py` locates findings in the file with it).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

from gdpr_lint.register.layouts import Layout
from gdpr_lint.register.model import Party, Register, RegisterEntry, Source, SuppressionRow

FORMAT, VERSION = "gdpr-lint-record", 1
SECTIONS = ("controllers", "activities", "processor_activities", "findings", "suppressions")


class Locator:
    """Turns the register's displayed ``path:line`` into a record's ``where``."""

    def __init__(self, record: Register, source: Source) -> None:
        self.repository = source.repository
        self.top = record.top
        self._paths: dict[str, str] = {}

    def path(self, shown: str) -> str:
        found = self._paths.get(shown)
        if found is None:
            found = shown
            if self.top and shown:
                relative = os.path.relpath(os.path.realpath(shown), self.top)
                found = shown if relative.startswith("..") else relative
            found = found.replace(os.sep, "/")
            self._paths[shown] = found
        return found

    def where(self, shown: str) -> dict[str, Any]:
        path, _, line = shown.rpartition(":")
        if not line.isdigit():
            path, line = shown, "1"
        return {"repository": self.repository, "path": self.path(path), "line": int(line)}


def source_document(source: Source) -> dict[str, Any]:
    return {"repository": source.repository, "commit": source.commit, "built": source.built,
            "root": source.root, "committed": source.committed}


def party(value: Party | None, locate: Locator) -> dict[str, Any] | None:
    if value is None:
        return None
    where = locate.where(value.where)
    if value.source is not None:  # published by another repository's record: where it is
        path, _, line = value.where.rpartition(":")
        where = {"repository": value.source.repository, "path": path, "line": int(line)}
    return {"id": value.id, "name": value.name, "contact": value.contact,
            "declared": value.data, "where": where}


def entry(value: RegisterEntry, locate: Locator) -> dict[str, Any]:
    result: dict[str, Any] = {
        "id": value.id, "name": value.name, "record": value.record,
        "where": locate.where(value.where),
        ("controller" if value.record == "controller" else "processor"):
            party(value.party, locate),
        "declared": value.data,
        "items": {i.key: {"label": i.label, "article": i.article, "state": i.state,
                          "values": list(i.values)} for i in value.items},
        "missing": [i.key for i in value.missing],
    }
    history, review = value.history, value.review
    result["history"] = {"created": history.created, "last_changed": history.last_changed,
                         "uncommitted": history.uncommitted} if history else None
    result["review"] = {"owner": review.owner, "last_reviewed": review.last_reviewed,
                        "every": review.every, "due": review.due} if review else None
    if value.evidence:
        result["evidence"] = value.evidence
    if value.record == "controller":
        result["rights_available"] = [{"right": r.key, "label": r.label, "note": r.note}
                                      for r in value.rights]
    return result


def suppression(value: SuppressionRow, locate: Locator) -> dict[str, Any]:
    return {"scope": value.scope, "rules": list(value.rules), "reason": value.reason,
            "used": value.used, "where": locate.where(value.where)}


def items(record: Register, locate: Locator) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every item of the record file with the section it belongs to, in file order."""
    # The controllers this repository declares (those it refers to in a configured
    # controllers file belong to the repository that declares them), and any declared
    # inline without an id.
    inline = [s.party for s in (*record.controllers, *record.processors)
              if s.party.id is None and s.party.key]
    for known in (*record.declared, *inline):
        item = party(known, locate)
        assert item is not None
        yield "controllers", item
    for section in record.controllers:
        for value in section.entries:
            yield "activities", entry(value, locate)
    for section in record.processors:
        for value in section.entries:
            yield "processor_activities", entry(value, locate)
    for f in record.findings:
        yield "findings", {"rule": f.rule, "severity": f.severity.value, "message": f.message,
                           "activity": f.activity, "article": f.article, "path": f.path,
                           "line": f.line, "column": f.column,
                           "where": {"repository": locate.repository,
                                     "path": locate.path(f.path), "line": f.line}}
    for row in record.suppressions:
        yield "suppressions", suppression(row, locate)


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ": "))


def write_document(head: dict[str, Any], sections: Iterator[tuple[str, str]]) -> Iterator[str]:
    """The text of a record-shaped file: ``head``'s keys, then each section's items (already
    serialised, in section order), one item per line."""
    yield "{\n"
    for key, value in head.items():
        yield f"  {dumps(key)}: {dumps(value)},\n"
    current: str | None = None
    done: list[str] = []
    for section, text in sections:
        if section != current:
            if current is not None:
                yield "\n  ],\n"
            for skipped in SECTIONS:
                if skipped not in done and skipped != section and \
                        SECTIONS.index(skipped) < SECTIONS.index(section):
                    done.append(skipped)
                    yield f"  {dumps(skipped)}: [],\n"
            done.append(section)
            current = section
            yield f"  {dumps(section)}: [\n    {text}"
        else:
            yield f",\n    {text}"
    if current is not None:
        yield "\n  ]" + (",\n" if len(done) < len(SECTIONS) else "\n")
    rest = [s for s in SECTIONS if s not in done]
    for index, section in enumerate(rest):
        yield f"  {dumps(section)}: []" + (",\n" if index < len(rest) - 1 else "\n")
    yield "}\n"


def stream(record: Register, layout: Layout) -> Iterator[str]:
    source = record.sources[0] if record.sources else Source("", record.commit, record.built)
    locate = Locator(record, source)
    head = {"format": FORMAT, "version": VERSION, "generator": f"gdpr-lint {record.version}",
            "source": source_document(source), "files": record.files}
    return write_document(head, ((section, dumps(item))
                                 for section, item in items(record, locate)))


def render(record: Register, layout: Layout) -> str:
    return "".join(stream(record, layout))
