"""The evidence set against the record: rules E001-E006 and the evidence behind each activity.

Evidence describes a system; the activities that list that system in `systems` (names
compared without case and punctuation) are what it is checked against, together: a category
is declared for the system when any of them lists it. A finding is placed on the first such
activity's `systems` entry (E004 on its retention), names the evidence file and the places in
it, and is made once per file and category however many fields show it (a large manifest
yields a readable report).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from gdpr_lint.evidence import EvidenceFile, KeptFor, Seen
from gdpr_lint.evidence.declared import Declared
from gdpr_lint.evidence.labels import guess_key
from gdpr_lint.evidence.read import read_evidence
from gdpr_lint.evidence.taxonomy import Taxonomy, normal, taxonomy
from gdpr_lint.law.duration import Duration, parse_duration
from gdpr_lint.lint.config import Config, display_path
from gdpr_lint.lint.findings import Finding, Severity

# Evidence whose labels are written by people who know the data (facts), as against a
# scanner's guesses from code.
LABELLED = frozenset({"dbt", "odcs", "openapi", "apple", "fides"})
_PLACES = 3
# Words that name no one: hosts' and companies' generic parts.
_GENERIC = frozenset({
    "www", "api", "apis", "app", "apps", "cdn", "sdk", "sdks", "com", "net", "org", "io", "co",
    "eu", "uk", "de", "fr", "the", "of", "and", "ltd", "inc", "gmbh", "llc", "sa", "sas", "sarl",
    "bv", "nv", "ag", "plc", "limited", "corp", "corporation", "company", "group", "services",
    "service", "cloud", "data", "http", "https", "v1", "v2", "v3", "europe", "international",
    "holdings",
})
_LOCAL = re.compile(r"^(localhost|127\.|0\.0\.0\.0|\[::1\])|\.(local|localhost|internal|test)$")


class _Grouped:
    """Findings made once per (rule, evidence file, subject), listing the places."""

    def __init__(self) -> None:
        self.groups: dict[tuple[str, str, str], tuple[Finding, list[str]]] = {}

    def add(self, ev: EvidenceFile, subject: str, place: str, finding: Finding) -> None:
        """Keep the first finding of its group; ``{places}`` in its message is filled in."""
        key = (finding.rule, ev.path, subject)
        if key not in self.groups:
            self.groups[key] = (finding, [])
        self.groups[key][1].append(place)

    def findings(self) -> Iterable[Finding]:
        for finding, places in self.groups.values():
            shown = ", ".join(places[:_PLACES])
            more = len(places) - _PLACES
            shown += f" and {more:,} more" if more > 0 else ""
            yield finding._replace(message=finding.message.replace("{places}", shown))


def _runs(words: str) -> list[str]:
    """Every run of consecutive words: `a b c` -> `a b c`, `a b`, `b c`, `a`, `b`, `c`."""
    parts = words.split()
    return [" ".join(parts[i:j]) for i in range(len(parts))
            for j in range(i + 1, min(len(parts), i + 8) + 1)]


def _days(duration: Duration) -> float:
    return duration.months * 30.436875 + duration.days


def _tokens(text: str) -> set[str]:
    words = [w for w in normal(text).split() if w not in _GENERIC]
    out = {w for w in words if len(w) >= 3}
    if len(words) > 1:
        out.add("".join(words))
    return out


def _host(name: str) -> str | None:
    match = re.match(r"^[a-z][a-z0-9+.-]*://([^/:?#]+)", name.strip(), re.IGNORECASE)
    if match:
        return match.group(1).casefold()
    if re.fullmatch(r"[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+", name.strip()):
        return name.strip().casefold()
    return None


class _System:
    """The activities that list one system, and what they declare together."""

    def __init__(self, tax: Taxonomy, activities: list[Declared]) -> None:
        self.activities = activities
        self.keys: list[tuple[Declared, str]] = []
        self.words: set[str] = set()  # each declared category's words
        self.phrases: set[str] = set()  # and every run of words within them
        # Each declared text's key, worked out once however many activities write it.
        self.key_of: dict[str, str | None] = {}
        for act in activities:
            for category in act.categories:
                key = self.key(tax, category)
                if key is not None:
                    self.keys.append((act, key))
            for value in act.special:
                self.keys += [(act, k) for k in tax.keys_of_special(value)]
            if act.criminal:
                self.keys.append((act, "user.criminal_history"))
        self.special = {s for a in activities for s in a.special}
        self.criminal = any(a.criminal for a in activities)
        self.recipients = [_tokens(r) for a in activities for r in a.recipients]
        self.own = {d for a in activities for d in a.own_domains}
        self.distinct = {k for _, k in self.keys}
        self._covered: dict[tuple[str | None, str], bool] = {}

    def key(self, tax: Taxonomy, category: str) -> str | None:
        if category not in self.key_of:
            self.key_of[category] = tax.key_for(category) or guess_key(category)
            self.words.add(normal(category))
            self.phrases.update(_runs(normal(category)))
        return self.key_of[category]

    def named(self, name: str) -> bool:
        """A field's name is, or is within, a declared category's words, or holds one."""
        words = normal(name)
        return bool(words) and (words in self.phrases or
                                any(run in self.words for run in _runs(words)))

    def covers(self, tax: Taxonomy, seen: Seen) -> bool:
        memo = (seen.key, seen.name)
        if memo not in self._covered:
            self._covered[memo] = (
                seen.key not in (None, "user") and
                any(tax.related(key, seen.key) for key in self.distinct)) or \
                self.named(seen.name)
        return self._covered[memo]

    def declares_party(self, name: str) -> bool:
        host = _host(name)
        if host is not None and (_LOCAL.search(host) or "{" in host or any(
                host == d or host.endswith("." + d) for d in self.own)):
            return True
        tokens = _tokens(host.rsplit(".", 1)[0] if host else name)
        return any(tokens & r for r in self.recipients)


def _anchor(act: Declared, system: str) -> tuple[int, int]:
    """Where a finding about ``system`` is placed on an activity: its `systems` entry."""
    return next(((line, col) for text, line, col in act.systems if normal(text) == system),
                (act.line, act.column))


def compare(config: Config, declared: list[Declared], article: Callable[[str], str]
            ) -> tuple[list[Finding], dict[str, list[dict[str, Any]]]]:
    """E001-E006 for the configured evidence, and per activity the evidence behind it."""
    tax = taxonomy()
    grouped_by: dict[str, dict[int, Declared]] = {}  # an activity once per system, in order
    for index, act in enumerate(declared):
        for text, _, _ in act.systems:
            grouped_by.setdefault(normal(text), {})[index] = act
    systems = {name: list(acts.values()) for name, acts in grouped_by.items()}
    findings: list[Finding] = []
    grouped = _Grouped()
    support: dict[str, list[dict[str, Any]]] = {}
    evidenced: set[str] = set()
    unknown = False  # a file that could not be read and names no system in the configuration
    for entry in config.evidence:
        file = config.resolve(entry["path"])
        # Messages name the file from the configuration's folder, the same in every
        # revision `diff` reads; an E006 points at it as reports point at any file.
        shown = Path(os.path.relpath(file, config.root)).as_posix()
        ev = read_evidence(file, shown, entry.get("kind"), entry.get("system"))
        if ev.problem is not None:
            # Its system is not "without evidence": E006 says what is wrong.
            evidenced.add(normal(entry.get("system", "")))
            unknown = unknown or "system" not in entry
            message, line, column = ev.problem
            findings.append(Finding(display_path(file), line, column, "E006", Severity.ERROR,
                                    f"{ev.path}: {message}; the other evidence is still "
                                    "checked", None,
                                    article("E006")))
            continue
        name = normal(ev.system or "")
        evidenced.add(name)
        if name not in systems:
            if ev.seen or ev.parties:
                findings.append(Finding(
                    display_path(file), 1, 1, "E001", Severity.WARNING,
                    f"{ev.label} describes system '{ev.system}', which no activity lists in "
                    "`systems`: add it to the systems of the activities that process its "
                    "data (or set `system` for this file in the configuration)", None,
                    article("E001")))
            continue
        system = _System(tax, systems[name])
        _categories(tax, ev, system, name, grouped, article)
        _parties(ev, system, name, grouped, article)
        findings += _retention(tax, ev, system, article)
        _support(tax, ev, system, support)
    findings += grouped.findings()
    for name, acts in systems.items():
        if name not in evidenced and not unknown:
            act = acts[0]
            line, column = _anchor(act, name)
            text = next(t for t, _, _ in act.systems if normal(t) == name)
            findings.append(Finding(act.path, line, column, "E005", Severity.INFO,
                                    f"system '{text}' has no evidence configured: add a file "
                                    "that describes it (a dbt manifest, a data contract, an "
                                    "API description, a privacy manifest) to `evidence`",
                                    act.activity, article("E005")))
    return findings, support


def _categories(tax: Taxonomy, ev: EvidenceFile, system: _System, name: str,
                grouped: _Grouped, article: Callable[[str], str]) -> None:
    act = system.activities[0]
    line, column = _anchor(act, name)
    for seen in ev.seen:
        special = tax.special(seen.key)
        criminal = tax.criminal(seen.key)
        if special or criminal or seen.special_hint:
            if special:
                ok, what = special in system.special, f"special_categories: [{special}]"
            elif criminal:
                ok, what = system.criminal, "criminal_data: true (with art10_authority)"
            else:
                ok, what = bool(system.special), "the special category in special_categories"
            if not ok:
                fact = ev.kind in LABELLED and seen.explicit
                label = tax.name(seen.key) if (special or criminal) else \
                    "special-category data"
                how = "labels" if fact else "guesses"
                grouped.add(ev, label, seen.where, Finding(
                    act.path, line, column, "E002",
                    Severity.ERROR if fact else Severity.WARNING,
                    f"{ev.label} {how} {label} at {{places}}; no activity of system "
                    f"'{ev.system}' declares it: add {what} and an Art. 9 condition to the "
                    "activity that processes it" + ("" if fact else
                                                    " (or confirm the scanner is wrong)"),
                    act.activity, article("E002")))
            continue
        if system.covers(tax, seen):
            continue
        label = tax.name(seen.key) if seen.key not in (None, "user") else \
            f"personal data of a category it does not name ('{seen.name}')"
        grouped.add(ev, label, seen.where, Finding(
            act.path, line, column, "E001", Severity.WARNING,
            f"{ev.label} shows {label} at {{places}}; no activity of system '{ev.system}' "
            "lists it in data_categories: add it to the activity that processes it",
            act.activity, article("E001")))


def _parties(ev: EvidenceFile, system: _System, name: str, grouped: _Grouped,
             article: Callable[[str], str]) -> None:
    act = system.activities[0]
    line, column = _anchor(act, name)
    for party in ev.parties:
        if system.declares_party(party.name):
            continue
        grouped.add(ev, party.name, party.where, Finding(
            act.path, line, column, "E003", Severity.WARNING,
            f"{ev.label} shows third party '{party.name}' at {{places}}; no activity of "
            f"system '{ev.system}' lists it among its recipients: add it (with its role, "
            "country and contract) or remove it from the system",
            act.activity, article("E003")))


def _retention(tax: Taxonomy, ev: EvidenceFile, system: _System,
               article: Callable[[str], str]) -> list[Finding]:
    findings = []
    for kept in ev.kept:
        found = _longer(tax, kept, system)
        if found is None:
            continue
        act, period, line, column, keys = found
        findings.append(Finding(
            act.path, line, column, "E004", Severity.ERROR,
            f"{ev.label} keeps {', '.join(tax.name(k) for k in keys)} for {kept.text} "
            f"({kept.where}), longer than the {period} declared: shorten the contract's "
            "retention or declare the longer period with its reason",
            act.activity, article("E004")))
    return findings


def _longer(tax: Taxonomy, kept: KeptFor, system: _System
            ) -> tuple[Declared, str, int, int, list[str]] | None:
    """The declared retention a contract's retention exceeds, for the categories it keeps."""
    worst: tuple[Declared, str, int, int, list[str]] | None = None
    for key in kept.keys:
        periods: list[tuple[float, Declared, str, int, int]] = []
        for act in dict.fromkeys(a for a, k in system.keys if tax.related(k, key)):
            specific = [r for r in act.retention if r[0] and any(
                tax.related(system.key(tax, c) or "", key) for c in r[0])]
            for _, period, line, column in specific or [r for r in act.retention if not r[0]]:
                duration = parse_duration(period) if period else None
                if duration is None:
                    return None  # a period the record does not state: K rules' business
                periods.append((_days(duration), act, period or "", line, column))
        if not periods:
            continue
        longest = max(periods, key=lambda p: p[0])
        if _days(kept.duration) > longest[0] + 0.5:
            if worst is None:
                worst = (*longest[1:], [key])
            elif worst[0] is longest[1] and worst[1] == longest[2]:
                worst[4].append(key)
    return worst


def _support(tax: Taxonomy, ev: EvidenceFile, system: _System,
             support: dict[str, list[dict[str, Any]]]) -> None:
    """Per activity of the system: this file and the declared categories it shows."""
    keys = {s.key for s in ev.seen if s.key not in (None, "user")}
    shows: dict[str, bool] = {}  # declared text -> the file shows it
    for act in system.activities:
        for c in act.categories:
            if c not in shows:
                key = system.key(tax, c)
                shows[c] = key is not None and any(tax.related(key, k) for k in keys)
        shown = sorted({c for c in act.categories if shows[c]})
        support.setdefault(act.activity, []).append(
            {"file": ev.path, "kind": ev.kind, "system": ev.system, "categories": shown})
