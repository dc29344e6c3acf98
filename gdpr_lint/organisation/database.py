"""The organisation's register as a DuckDB database: one SQL query answers "where is this
vendor used?".

DuckDB is an embedded engine (a library and one file, no server), imported only here. Rows
are streamed: each record's rows go to one temporary CSV file per table as the record is
read, and DuckDB loads each file with `COPY` at the end, so memory holds one record however
many are merged. The database is written beside the target and renamed over it; an existing
file that is not a DuckDB database is never replaced.

Tables (every row names its repository and `git_commit`, and `path`/`line` where it is
declared): `sources`, `controllers`, `activities` (controller and processor activities,
`record` says which), `recipients` (a processor activity's sub-processors too),
`transfers`, `data_categories`, `findings`.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import tempfile
from collections.abc import Iterable
from typing import IO, Any

from gdpr_lint.edit.atomic import WriteRefused, atomic_path
from gdpr_lint.lint.findings import Finding
from gdpr_lint.organisation.records import LoadedRecord
from gdpr_lint.register.model import Source

_WHERE = ("path VARCHAR", "line INTEGER")
TABLES: dict[str, tuple[str, ...]] = {
    "sources": ("repository VARCHAR", "git_commit VARCHAR", "built TIMESTAMP",
                "committed TIMESTAMP", "root VARCHAR", "input VARCHAR"),
    "controllers": ("repository VARCHAR", "git_commit VARCHAR", "id VARCHAR", "name VARCHAR",
                    "contact VARCHAR", "country VARCHAR", *_WHERE),
    "activities": ("repository VARCHAR", "git_commit VARCHAR", "id VARCHAR", "name VARCHAR",
                   "record VARCHAR", "controller_id VARCHAR", "controller_name VARCHAR",
                   "lawful_basis VARCHAR", "missing_items INTEGER", *_WHERE),
    "recipients": ("repository VARCHAR", "git_commit VARCHAR", "activity_id VARCHAR",
                   "name VARCHAR", "role VARCHAR", "country VARCHAR", "contract VARCHAR",
                   "dpf_certified BOOLEAN", *_WHERE),
    "transfers": ("repository VARCHAR", "git_commit VARCHAR", "activity_id VARCHAR",
                  "country VARCHAR", "organisation VARCHAR", "mechanism VARCHAR",
                  "reference VARCHAR", *_WHERE),
    "data_categories": ("repository VARCHAR", "git_commit VARCHAR", "activity_id VARCHAR",
                        "category VARCHAR", "special BOOLEAN"),
    "findings": ("repository VARCHAR", "git_commit VARCHAR", "rule VARCHAR",
                 "severity VARCHAR", "message VARCHAR", "activity_id VARCHAR", *_WHERE,
                 "file VARCHAR"),
}


def is_duckdb_file(path: str) -> bool:
    """The file starts as a DuckDB database does (its magic bytes at offset 8)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(12)
    except OSError:
        return False
    return head[8:12] == b"DUCK"


def check_output(path: str) -> None:
    if os.path.exists(path) and os.path.isfile(path) and os.path.getsize(path) and \
            not is_duckdb_file(path):
        raise WriteRefused(f"cannot write the database {path}: it exists and is not a DuckDB "
                           "database; remove it or choose another file")


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _timestamp(text: str | None) -> str | None:
    """ISO 8601 with any offset, as UTC without one (DuckDB's TIMESTAMP)."""
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return moment.isoformat(sep=" ")


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


class DatabaseSink:
    """Rows of every record, spooled per table, loaded into DuckDB at the end."""

    def __init__(self) -> None:
        # Closed (and removed) by close(), which the command calls in a finally block.
        self._files: dict[str, IO[str]] = {
            name: tempfile.NamedTemporaryFile("w", encoding="utf-8", newline="",  # noqa: SIM115
                                              suffix=".csv", delete=False)
            for name in TABLES}
        self._writers = {name: csv.writer(handle, quoting=csv.QUOTE_NONNUMERIC)
                         for name, handle in self._files.items()}
        self._rows = dict.fromkeys(TABLES, 0)

    def _row(self, table: str, values: Iterable[Any]) -> None:
        self._rows[table] += 1
        self._writers[table].writerow([_text(v) if not isinstance(v, int) or isinstance(
            v, bool) else v for v in values])

    def add(self, record: LoadedRecord) -> None:
        source = record.source
        at = (source.repository, source.commit)
        for item in record.items("controllers"):
            declared = item.get("declared") or {}
            self._row("controllers", (*at, item.get("id"), item.get("name"),
                                      item.get("contact"), declared.get("country"),
                                      *self._where(item)))
        for section in ("activities", "processor_activities"):
            for item in record.items(section):
                self._activity(at, item)
        for item in record.items("findings"):
            self._row("findings", (*at, item["rule"], item["severity"], item["message"],
                                   item.get("activity"), *self._where(item), record.path))

    @staticmethod
    def _where(item: dict[str, Any]) -> tuple[str, int]:
        where = item["where"]
        return where["path"], where["line"]

    def _activity(self, at: tuple[str, str], item: dict[str, Any]) -> None:
        declared = item["declared"]
        party = item.get("controller") if item["record"] == "controller" else \
            item.get("processor")
        party = party if isinstance(party, dict) else {}
        where = self._where(item)
        self._row("activities", (*at, item["id"], item["name"], item["record"],
                                  party.get("id"), party.get("name"),
                                  declared.get("lawful_basis"), len(item["missing"]), *where))
        for key in ("recipients", "sub_processors"):
            for recipient in _listed(declared.get(key)):
                if isinstance(recipient, dict):
                    role = recipient.get("role") or ("sub_processor" if key ==
                                                     "sub_processors" else None)
                    self._row("recipients", (*at, item["id"], recipient.get("name"), role,
                                             recipient.get("country"),
                                             recipient.get("contract"),
                                             recipient.get("dpf_certified") is True, *where))
        for transfer in _listed(declared.get("transfers")):
            if isinstance(transfer, dict):
                self._row("transfers", (*at, item["id"], transfer.get("country"),
                                        transfer.get("organisation"),
                                        transfer.get("mechanism"), transfer.get("reference"),
                                        *where))
        special = set(map(str, _listed(declared.get("special_categories"))))
        for category in _listed(declared.get("data_categories")):
            self._row("data_categories", (*at, item["id"], category, False))
        for category in special:
            self._row("data_categories", (*at, item["id"], category, True))

    def write(self, path: str, sources: list[Source], checks: list[Finding]) -> None:
        import duckdb

        for source in sources:
            self._row("sources", (source.repository, source.commit, _timestamp(source.built),
                                  _timestamp(source.committed), source.root, source.input))
        for finding in checks:
            self._row("findings", (None, None, finding.rule, finding.severity.value,
                                   finding.message, finding.activity, finding.path,
                                   finding.line, finding.path))
        for handle in self._files.values():
            handle.close()
        check_output(path)
        with atomic_path(path, "database") as temporary:
            os.unlink(temporary)  # DuckDB creates its own file
            connection = duckdb.connect(temporary)
            try:
                for name, columns in TABLES.items():
                    connection.execute(f"CREATE TABLE {name} ({', '.join(columns)})")
                    if self._rows[name]:
                        connection.execute(
                            f"COPY {name} FROM '{_sql_path(self._files[name].name)}' "
                            "(FORMAT CSV, HEADER false, DELIMITER ',', QUOTE '\"', "
                            "ESCAPE '\"')")
            finally:
                connection.close()
            wal = temporary + ".wal"
            if os.path.exists(wal):
                os.unlink(wal)

    def close(self) -> None:
        for handle in self._files.values():
            handle.close()
            if os.path.exists(handle.name):
                os.unlink(handle.name)


def _sql_path(path: str) -> str:
    return path.replace("'", "''")

