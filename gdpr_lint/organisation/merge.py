"""Merging many repositories' records into the organisation's register (SPEC §12).

Inputs are read one at a time: a record file, a folder of them, or a repository linted in
place under its own configuration (its record built as `gdpr-lint register --format json`
builds it). Each record goes to a sink that builds the output, and to the checks across
repositories, which keep only what they compare (ids, identities, recipients): memory holds
one record, those small indexes and what the output itself needs.

The O rules (`rules/organisation.py` documents them): O001 one activity id in two
repositories, O002 one controller id with two identities, O003 one recipient with different
countries, roles or contracts, O004 a record built from an old commit, O005 an input that is
not a record. Two records of the same repository and commit are merged once.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

from gdpr_lint.lint.config import Config
from gdpr_lint.lint.findings import Finding, Severity
from gdpr_lint.organisation.records import LoadedRecord, RecordRefused, parse_record, read_record
from gdpr_lint.register.model import Source

_PUNCTUATION = re.compile(r"[\W_]+")
# Distinct ways of declaring one vendor kept for comparison: enough to name the conflicts,
# bounded so that a vendor declared a thousand ways costs no more than a few.
_VARIANTS = 8


class Sink(Protocol):
    def add(self, record: LoadedRecord) -> None: ...


class Input:
    """One thing to merge: a record file, or a repository's paths linted in place."""

    __slots__ = ("path", "paths", "repository")

    def __init__(self, path: str, repository: bool = False,
                 paths: Sequence[str] | None = None) -> None:
        self.path = path
        self.repository = repository
        self.paths = list(paths) if paths else [path]


def is_repository(folder: Path) -> bool:
    """A folder with its own git work tree or configuration is linted; any other folder
    holds record files."""
    from gdpr_lint.lint.names import CONFIG_NAMES

    return (folder / ".git").exists() or any((folder / n).is_file() for n in CONFIG_NAMES)


def expand(paths: Sequence[str]) -> Iterator[Input]:
    """The inputs named on the command line: a folder is a repository (linted in place),
    or holds record files (`*.json`) and repositories, taken in name order."""
    for given in paths:
        folder = Path(given)
        if not folder.is_dir():
            yield Input(given)
        elif is_repository(folder) or (not any(folder.rglob("*.json"))
                                        and any(folder.rglob("*.gdpr.yaml"))):
            yield Input(given, repository=True)
        else:
            yield from _folder(folder)


def _folder(folder: Path) -> Iterator[Input]:
    for child in sorted(folder.iterdir()):
        if child.is_dir():
            if is_repository(child):
                yield Input(str(child), repository=True)
            else:
                yield from _folder(child)
        elif child.suffix.lower() == ".json" and child.is_file():
            yield Input(str(child))


def by_project(paths: Sequence[str]) -> list[Input]:
    """``gdpr-lint register PATH...``: the paths grouped by the project each belongs to
    (its configuration, else its git work tree), in the order first named."""
    from gdpr_lint.lint.project import open_project

    groups: dict[Path, list[str]] = {}
    for path in paths:
        groups.setdefault(open_project([path], None).root, []).append(path)
    return [Input(found[0], repository=True, paths=found) for found in groups.values()]


def load(item: Input) -> LoadedRecord:
    """The record of an input; :class:`RecordRefused` when a file is not one."""
    if not item.repository:
        return read_record(item.path)
    from gdpr_lint.lint.resolve import build_record
    from gdpr_lint.register import render
    from gdpr_lint.register.model import build_register

    resolved, _ = build_record(item.paths)
    text = render("json", build_register(resolved, item.paths))
    assert isinstance(text, str)
    record = parse_record(item.path, text)
    return record


def normalised(name: str) -> str:
    """A recipient's name compared case- and punctuation-insensitively."""
    return _PUNCTUATION.sub("", name.casefold())


def since(built: str, committed: str | None) -> dt.datetime | None:
    for text in (committed, built):
        if not text:
            continue
        try:
            moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            continue
        return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)
    return None


class Side:
    """One side of a conflict: the repository, where the item is declared, the record."""

    __slots__ = ("file_line", "line", "path", "repository")

    def __init__(self, record: LoadedRecord, where: dict[str, Any], file_line: int) -> None:
        self.repository = record.source.repository
        self.path = where["path"]
        self.line = where["line"]
        self.file_line = file_line

    def __str__(self) -> str:
        return f"{self.repository} ({self.path}:{self.line})"


class Merger:
    """The checks across repositories, fed one record at a time."""

    def __init__(self, config: Config, now: dt.datetime | None = None) -> None:
        from gdpr_lint.law.duration import parse_duration
        from gdpr_lint.rules.registry import builtin_rules

        self.config = config
        self.now = now or dt.datetime.now(dt.timezone.utc)
        self.rules = builtin_rules()
        self.max_age = parse_duration(config.max_age) or parse_duration("P90D")
        self.sources: list[Source] = []
        self.findings: list[Finding] = []
        self._seen: set[tuple[str, str]] = set()
        self._activities: dict[str, Side] = {}
        self._controllers: dict[str, tuple[tuple[str | None, ...], Side]] = {}
        # Recipient name -> its distinct (country, role, contract) -> the first declaration.
        self._recipients: dict[str, dict[tuple[str | None, ...], tuple[
            tuple[str | None, ...], tuple[str | None, ...], str, Side]]] = {}
        self._reported: set[tuple[str, ...]] = set()

    # -- the O rules -------------------------------------------------------------------
    def _report(self, rule: str, record_path: str, line: int, message: str,
                activity: str | None = None) -> None:
        from gdpr_lint.lint.config import severity_for

        if self.config.select and not any(rule.startswith(p) for p in self.config.select):
            return
        if any(rule.startswith(p) for p in self.config.ignore):
            return
        meta = self.rules[rule]
        level = severity_for(self.config, rule, meta.severity)
        if level is None:
            return
        self.findings.append(Finding(record_path, line, 1, rule, level, message, activity,
                                     meta.article))

    def refuse(self, path: str, refused: RecordRefused) -> None:
        self._report("O005", path, refused.line, refused.message)

    def accept(self, record: LoadedRecord) -> bool:
        """Check ``record`` against those before it; False when the same repository and
        commit was merged already (it is then left out)."""
        source = record.source
        key = (source.repository, source.commit)
        if key in self._seen:
            return False
        self._seen.add(key)
        self.sources.append(source)
        self._age(record)
        for index, item in enumerate(record.items("controllers")):
            self._controller(record, index, item)
        for index, item in enumerate(record.items("activities")):
            side = Side(record, item["where"], record.line("activities", index))
            first = self._activities.setdefault(item["id"], side)
            if first is not side and first.repository != side.repository:
                self._report("O001", self._file(record, side), self._line(record, side),
                             f"activity '{item['id']}' is declared in two repositories: "
                             f"{first} and {side}; an id names one activity across the "
                             "organisation", item["id"])
            controller = item.get("controller")
            if isinstance(controller, dict) and controller.get("id"):
                self._controller(record, index, controller, "activities")
            for recipient in _recipients(item["declared"]):
                self._recipient(record, item, side, recipient)
        return True

    def _file(self, record: LoadedRecord, side: Side) -> str:
        """Where a finding is shown: the record file, or for a repository linted in place
        its declaration file."""
        if os.path.isdir(record.path):
            return os.path.join(record.path, side.path)
        return record.path

    def _line(self, record: LoadedRecord, side: Side) -> int:
        return side.line if os.path.isdir(record.path) else side.file_line

    def _age(self, record: LoadedRecord) -> None:
        source = record.source
        moment = since(source.built, source.committed)
        if moment is None or self.max_age is None:
            return
        limit = self.max_age.months * 30 * 86400 + self.max_age.seconds
        age = (self.now - moment).total_seconds()
        if age > limit:
            what = "committed" if source.committed else "built"
            self._report("O004", record.path, 1,
                         f"the record of {source.repository} was built from commit "
                         f"{source.short_commit}, {what} {moment.date().isoformat()} "
                         f"({int(age // 86400)} days ago, more than max_age "
                         f"{self.config.max_age}): rebuild it from the repository's "
                         "current commit")

    def _controller(self, record: LoadedRecord, index: int, item: dict[str, Any],
                    section: str = "controllers") -> None:
        ident = item.get("id")
        if not ident:
            return
        declared = item.get("declared") or {}
        identity = tuple(_squash(v) for v in (item.get("name"), item.get("contact"),
                                               declared.get("country")))
        side = Side(record, item["where"], record.line(section, index))
        first = self._controllers.setdefault(ident, (identity, side))
        if first[0] == identity or first[1].repository == side.repository:
            return
        key = ("O002", ident, first[1].repository, side.repository)
        if key in self._reported:
            return
        self._reported.add(key)
        differs = [name for name, a, b in zip(("name", "contact", "country"), first[0],
                                              identity, strict=True) if a != b]
        self._report("O002", self._file(record, side), self._line(record, side),
                     f"controller '{ident}' has two identities ({', '.join(differs)} differ): "
                     f"{first[1]} and {side}; publish the organisation's controllers once "
                     "and refer to them by id")

    def _recipient(self, record: LoadedRecord, activity: dict[str, Any], side: Side,
                   recipient: dict[str, Any]) -> None:
        """One vendor's declarations are compared by their distinct facts, not by
        repository: the work per recipient stays constant however many repositories use
        the same vendor the same way."""
        name = recipient.get("name")
        if not isinstance(name, str) or not normalised(name):
            return
        key = normalised(name)
        shown = tuple(_shown(recipient.get(k)) for k in ("country", "role", "contract"))
        facts = tuple(_squash(v) for v in shown)
        variants = self._recipients.setdefault(key, {})
        if facts in variants:
            return
        for (first_facts, first_shown, first_name, first) in variants.values():
            if first.repository == side.repository:
                continue
            differs = [f"{label} {a} vs {b}" for label, a, b, fa, fb in
                       zip(("country", "role", "contract"), first_shown, shown, first_facts,
                           facts, strict=True)
                       if fa is not None and fb is not None and fa != fb]
            pair = ("O003", key, *sorted((first.repository, side.repository)))
            if differs and pair not in self._reported:
                self._reported.add(pair)
                self._report("O003", self._file(record, side), self._line(record, side),
                             f"recipient '{first_name}' in {first} and '{name}' in {side} "
                             f"differ: {'; '.join(differs)}; one vendor has one country, "
                             "role and contract unless the repositories really use "
                             "different ones", activity["id"])
        if len(variants) < _VARIANTS:
            variants[facts] = (facts, shown, name, side)


def _recipients(declared: dict[str, Any]) -> Iterator[dict[str, Any]]:
    value = declared.get("recipients")
    if isinstance(value, list):
        yield from (r for r in value if isinstance(r, dict))


def _shown(value: Any) -> str | None:
    return " ".join(str(value).split()) or None if value is not None else None


def _squash(value: Any) -> str | None:
    if value is None:
        return None
    return " ".join(str(value).split()).casefold() or None


def merge(inputs: Iterable[Input], merger: Merger, sinks: Sequence[Sink]) -> int:
    """Feed every input to the checks and the sinks; the number of records merged."""
    merged = 0
    for item in inputs:
        try:
            record = load(item)
        except RecordRefused as refused:
            merger.refuse(item.path, refused)
            continue
        if merger.accept(record):
            merged += 1
            for sink in sinks:
                sink.add(record)
    return merged


def severity_at_least(finding: Finding, level: str) -> bool:
    order = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}
    return order[finding.severity] >= order[Severity(level)]
