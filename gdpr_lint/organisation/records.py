"""Reading a record file: checked against its schema, its items located by line.

A record is data from another repository's CI: whatever it holds is text to show, never
something to run. A file that is not JSON, of another format or version, cut short or not
what the schema describes is refused with the line that shows it (O005 in an organisation's
register, exit 2 when a configuration names it).
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
from collections.abc import Iterator
from typing import Any

from gdpr_lint.lint.findings import Finding, Severity
from gdpr_lint.lint.loader import Document
from gdpr_lint.register.json import FORMAT, SECTIONS, VERSION
from gdpr_lint.register.model import (
    RIGHTS,
    Item,
    Party,
    RegisterEntry,
    Right,
    Source,
    SuppressionRow,
)

RECORD_SCHEMA = "record-v1.schema.json"
_SECTION = re.compile(r'^  "(\w+)": \[')
_ITEM = re.compile(r"^    [{\[]")


class RecordRefused(Exception):
    """Not a record this gdpr-lint reads; ``line`` shows where."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class LoadedRecord:
    """One record file read and checked: its source, its data and its items' lines."""

    __slots__ = ("data", "lines", "path", "source")

    def __init__(self, path: str, data: dict[str, Any], lines: dict[str, list[int]]) -> None:
        self.path = path
        self.data = data
        self.lines = lines
        head = data["source"]
        self.source = Source(head["repository"], head["commit"], head["built"], head["root"],
                             head.get("committed"), path)

    def line(self, section: str, index: int) -> int:
        """The line item ``index`` of ``section`` starts on (1 when the layout hides it)."""
        found = self.lines.get(section, [])
        return found[index] if index < len(found) else 1

    def items(self, section: str) -> list[dict[str, Any]]:
        value: list[dict[str, Any]] = self.data[section]
        return value


@functools.cache
def _validator() -> Any:
    import jsonschema

    from gdpr_lint.lint.schema import load_schema

    return jsonschema.Draft202012Validator(load_schema(RECORD_SCHEMA))


def _fast_valid(data: Any) -> bool:
    from gdpr_lint.organisation import _recordcheck

    try:
        _recordcheck.validate(data)  # type: ignore[no-untyped-call]
    except Exception:  # any doubt: jsonschema decides
        return False
    return True


def item_lines(text: str) -> dict[str, list[int]]:
    """For each section, the line each of its items starts on, in a file laid out as
    `gdpr-lint register --format json` (or `json.dumps(indent=2)`) writes it."""
    lines: dict[str, list[int]] = {}
    current: list[int] | None = None
    for number, line in enumerate(text.splitlines(), 1):
        header = _SECTION.match(line)
        if header:
            current = lines.setdefault(header.group(1), [])
        elif line.startswith("  ") and not line.startswith("   "):
            current = None
        elif current is not None and _ITEM.match(line):
            current.append(number)
    return lines


def parse_record(path: str, text: str) -> LoadedRecord:
    """The record in ``text``, or :class:`RecordRefused` saying why it is not one."""
    if not text.strip():
        raise RecordRefused("empty file: not a gdpr-lint record")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        end = text.rstrip()
        cut = exc.pos >= len(end) - 1 or (end.startswith("{") and not end.endswith("}"))
        why = f"cut short (truncated?): {exc.msg}" if cut else exc.msg
        raise RecordRefused(f"not valid JSON: {why} at line {exc.lineno} column {exc.colno}",
                            exc.lineno) from None
    except (RecursionError, ValueError) as exc:
        raise RecordRefused(f"not valid JSON: {type(exc).__name__}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        found = data.get("format") if isinstance(data, dict) else None
        raise RecordRefused(f"not a gdpr-lint record (format {found!r}, expected "
                            f"'{FORMAT}'): write one with `gdpr-lint register --format json`"
                            if isinstance(found, str) else
                            "not a gdpr-lint record (no \"format\": \"gdpr-lint-record\"): "
                            "write one with `gdpr-lint register --format json`")
    if data.get("version") != VERSION:
        raise RecordRefused(f"record version {data.get('version')!r}: this gdpr-lint reads "
                            f"version {VERSION}")
    lines = item_lines(text)
    # The compiled check (`_recordcheck.py`, generated from the schema) says yes or no in a
    # fraction of jsonschema's time; only a record it refuses is validated again for the
    # located message.
    error = None if _fast_valid(data) else next(iter(_validator().iter_errors(data)), None)
    if error is not None:
        where = list(error.absolute_path)
        line = 1
        if len(where) >= 2 and where[0] in SECTIONS and isinstance(where[1], int):
            found = lines.get(str(where[0]), [])
            line = found[where[1]] if where[1] < len(found) else 1
        shown = "/".join(map(str, where)) or "the top level"
        raise RecordRefused(f"not a valid record at {shown}: {error.message[:200]}", line)
    return LoadedRecord(path, data, lines)


def read_record(path: str, shown: str | None = None) -> LoadedRecord:
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError as exc:
        raise RecordRefused(f"cannot read: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise RecordRefused("not UTF-8 text: not a gdpr-lint record") from None
    return parse_record(shown or path, text)


# -- a record's items as the register's -------------------------------------------------
def where_text(where: dict[str, Any]) -> str:
    return f"{where['path']}:{where['line']}"


def party(value: dict[str, Any] | None, source: Source) -> Party | None:
    if value is None:
        return None
    ident = value.get("id")
    where = value["where"]
    key = ident or f"{where['repository']}:{where_text(where)}"
    if where["repository"] != source.repository:  # published by another repository
        source = dataclasses.replace(source, repository=where["repository"])
    return Party(key, ident, value.get("name"), value.get("contact"), where_text(where),
                 value.get("declared") or {}, source)


def entry(value: dict[str, Any], source: Source) -> RegisterEntry:
    items = [Item(key, item.get("label", key), item.get("article", ""),
                  tuple(item["values"]), item["state"])
             for key, item in value["items"].items()]
    rights = [Right(r["right"], r.get("label") or RIGHTS.get(r["right"], r["right"]),
                    r.get("note", "")) for r in value.get("rights_available", [])]
    owner = value.get("controller" if value["record"] == "controller" else "processor")
    return RegisterEntry(value["record"], value["id"], value["name"],
                         where_text(value["where"]), party(owner, source), items,
                         value["declared"], rights, source=source)


def finding(value: dict[str, Any], source: Source) -> Finding:
    where = value["where"]
    return Finding(f"{source.repository}: {where['path']}", where["line"],
                   value.get("column", 1), value["rule"], Severity(value["severity"]),
                   value["message"], value.get("activity"), value.get("article", ""))


def suppression(value: dict[str, Any], source: Source) -> SuppressionRow:
    return SuppressionRow(f"{source.repository}: {where_text(value['where'])}",
                          value["scope"], tuple(value["rules"]), value["reason"],
                          value["used"])


# -- controllers declared once ----------------------------------------------------------
class RecordDocument(Document):
    """The controllers of a record file named by a configuration's `controllers:`, as a
    document the controller registry reads; ``origins`` says where each was declared."""

    __slots__ = ("origins",)

    def __init__(self, path: str, record: LoadedRecord) -> None:
        controllers = record.items("controllers")
        positions: dict[Any, tuple[int, int]] = {
            ("controllers", index): (record.line("controllers", index), 1)
            for index in range(len(controllers))}
        super().__init__(path, "", {"controllers": [c["declared"] for c in controllers]},
                         positions)
        self.origins = [party(c, record.source) for c in controllers]


def record_controllers(path: str, shown: str) -> RecordDocument:
    """The controllers a record file publishes; :class:`RecordRefused` if it is no record."""
    return RecordDocument(shown, read_record(path, shown))


def sections(record: LoadedRecord) -> Iterator[tuple[str, int, dict[str, Any]]]:
    for section in SECTIONS:
        for index, value in enumerate(record.items(section)):
            yield section, index, value
