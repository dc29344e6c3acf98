"""The semantic diff of two Records (SPEC §9): by meaning, not by line.

Activities are matched by id. For each activity the fields a reviewer cares about are
compared as data (order of list items, spacing and case of text do not count), and the
changes a DPO reviews are flagged: a new activity, a new special category or criminal data
(or new text that looks like one, by S003's own matcher, declared or not), a third country
the activity did not transfer to before, a change of lawful basis on an existing activity
(the basis may not be swapped after collection), children added, a processor or joint
controller added, an assessment that L005 now invalidates. An added activity is kept whole,
so the review shows it in full.
Findings are matched as the baseline matches them (path, activity, rule, message).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from gdpr_lint.lint.baseline import load_entries
from gdpr_lint.lint.findings import Finding
from gdpr_lint.review.record import Revision, RevisionEntry
from gdpr_lint.rules.fingerprint import digest

# Compared per activity, in this order (processor activities use the fields they have).
FIELDS = ("lawful_basis", "purposes", "data_subjects", "data_categories", "special_categories",
          "criminal_data", "children", "recipients", "transfers", "third_countries",
          "retention", "automated_decisions", "profiling", "direct_marketing",
          "joint_controllers", "categories_of_processing", "controllers", "sub_processors",
          "rights", "consent", "legitimate_interests", "dpia", "exemptions")
LISTS = frozenset({"purposes", "data_subjects", "data_categories", "special_categories",
                   "recipients", "transfers", "third_countries", "joint_controllers",
                   "categories_of_processing", "controllers", "sub_processors", "rights",
                   "exemptions"})
# Free text in which new words that look like special-category or criminal data are
# flagged (S003's matcher), whether or not the category is declared.
TEXTS = ("data_categories", "purposes", "data_subjects", "categories_of_processing")
BASIS_CHANGE = ("lawful basis changed on an existing activity: the basis may not be swapped "
                "after collection (Art. 6(1); EDPB Guidelines 05/2020 §§ 122-123)")


@dataclass
class Review:
    base: str
    head: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[dict[str, Any]] = field(default_factory=list)
    review: list[dict[str, Any]] = field(default_factory=list)
    new: list[Finding] = field(default_factory=list)
    fixed: list[Finding] = field(default_factory=list)
    where: dict[str, str] = field(default_factory=dict)  # activity id -> path:line
    declared: dict[str, dict[str, Any]] = field(default_factory=dict)  # added id -> its data

    def as_json(self) -> dict[str, Any]:
        return {"base": self.base, "head": self.head, "added": self.added,
                "added_activities": [{"activity": a, "where": self.where.get(a, ""),
                                      "declared": self.declared.get(a, {})}
                                     for a in self.added],
                "removed": self.removed, "changed": self.changed, "review": self.review,
                "findings": {"new": [finding_object(f) for f in self.new],
                             "fixed": [finding_object(f) for f in self.fixed]}}


def finding_object(f: Finding) -> dict[str, Any]:
    """A finding as `check --format json` writes it (SPEC §6)."""
    return {"path": f.path, "line": f.line, "column": f.column, "rule": f.rule,
            "severity": f.severity.value, "message": f.message, "activity": f.activity,
            "article": f.article}


def _same(value: Any) -> str:
    return digest(value)


def values(entry: RevisionEntry | None, name: str) -> Any:
    """A field's value for comparison; `third_countries` is derived, `children` is meant."""
    if entry is None:
        return [] if name in LISTS else None
    activity = entry.activity
    if name == "third_countries":
        return third_countries(entry)
    if name == "children":
        return activity.has_children or None
    if name in ("criminal_data", "profiling", "direct_marketing"):
        return activity.flag(name) or None
    value = activity.get(name)
    if name in LISTS:
        return value if isinstance(value, list) else ([] if value is None else [value])
    return value


def third_countries(entry: RevisionEntry) -> list[str]:
    """Countries outside the EEA that the activity's data go to."""
    from gdpr_lint.law.data import eea

    inside = eea()
    activity = entry.activity
    found: set[str] = set()
    for key in ("recipients", "transfers", "sub_processors"):
        for item in activity.items(key):
            if not isinstance(item, dict) or item.get("role") == "internal":
                continue
            country = item.get("country")
            if isinstance(country, str) and country.upper() not in inside:
                found.add(country.upper())
    return sorted(found)


def compare(name: str, before: Any, after: Any) -> dict[str, Any] | None:
    """The change of one field, or None when it means the same."""
    if name in LISTS:
        old = {_same(v): v for v in before}
        new = {_same(v): v for v in after}
        added = [v for k, v in new.items() if k not in old]
        removed = [v for k, v in old.items() if k not in new]
        return {"added": added, "removed": removed} if added or removed else None
    if _same(before) == _same(after):
        return None
    return {"from": before, "to": after}


def _label(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("name") or value.get("country") or value.get("category")
                   or json.dumps(value, ensure_ascii=False, sort_keys=True))
    return str(value)


def _flags(activity: str, before: RevisionEntry | None, after: RevisionEntry,
           fields: dict[str, dict[str, Any]], new_findings: list[Finding]
           ) -> list[dict[str, Any]]:
    flags: list[dict[str, Any]] = []

    def flag(reason: str, name: str | None, value: Any) -> None:
        flags.append({"activity": activity, "reason": reason, "field": name, "value": value})

    if before is None:
        flag("new activity", None, activity)
    for value in fields.get("special_categories", {}).get("added", []):
        flag("new special category (Art. 9)", "special_categories", value)
    if "criminal_data" in fields and fields["criminal_data"].get("to"):
        flag("criminal offence data added (Art. 10)", "criminal_data", True)
    for value in fields.get("third_countries", {}).get("added", []):
        flag("new third country (Chapter V)", "third_countries", value)
    if before is not None and "lawful_basis" in fields:
        change = fields["lawful_basis"]
        flag(BASIS_CHANGE, "lawful_basis", f"{change['from']} → {change['to']}")
    if "children" in fields and fields["children"].get("to"):
        flag("children among the data subjects (Art. 8; Recital 38)", "children", True)
    for name in ("recipients", "sub_processors"):
        for value in fields.get(name, {}).get("added", []):
            role = value.get("role") if isinstance(value, dict) else None
            if name == "sub_processors" or role == "processor":
                flag("processor added (Art. 28)", name, _label(value))
            elif role == "joint_controller":
                flag("joint controller added (Art. 26)", name, _label(value))
    for value in fields.get("joint_controllers", {}).get("added", []):
        flag("joint controller added (Art. 26)", "joint_controllers", _label(value))
    for finding in new_findings:
        if finding.rule == "L005":
            flag("legitimate interest assessment out of date (L005)", "legitimate_interests",
                 "lia")
    for name, text, kinds in looks_sensitive(before, after):
        flag(f"new text that looks like {' and '.join(kinds)} data (S003)", name, text)
    return flags


def looks_sensitive(before: RevisionEntry | None, after: RevisionEntry
                    ) -> list[tuple[str, str, list[str]]]:
    """Text new at head that S003's matcher reads as special-category or criminal data, by
    field, whether or not the activity declares that category (a new health question on an
    activity that already declares `health` is still new health data): (field, text, kinds)
    for each new text, less the kinds of the items it may have replaced."""
    from gdpr_lint.rules.special import looks_criminal, looks_special

    def kinds(text: str) -> list[str]:
        found = looks_special(text)
        return [*found, "criminal-offence"] if looks_criminal(text) else found

    def texts(entry: RevisionEntry | None, name: str) -> list[str]:
        if entry is None:
            return []
        return [v for v in entry.activity.items(name) if isinstance(v, str)]

    out = []
    for name in TEXTS:
        old, now = texts(before, name), texts(after, name)
        # An item reworded keeps what its old wording said: the kinds of removed items
        # are not new in the items that replace them.
        reworded = {kind for text in old if text not in now for kind in kinds(text)}
        for text in now:
            if text in old:
                continue
            new = [kind.replace("_", " ") for kind in kinds(text) if kind not in reworded]
            if new:
                out.append((name, text, new))
    return out


def match_findings(base: list[Finding], head: list[Finding]) -> tuple[list[Finding],
                                                                      list[Finding]]:
    """Findings at head not at base (new), and at base not at head (fixed)."""
    def unmatched(findings: list[Finding], other: list[Finding]) -> list[Finding]:
        left: Counter[Any] = load_entries(other)
        out = []
        for f in findings:
            key = next(iter(load_entries([f])))
            if left[key] > 0:
                left[key] -= 1
            else:
                out.append(f)
        return out

    return unmatched(head, base), unmatched(base, head)


def diff_records(base: Revision, head: Revision) -> Review:
    review = Review(base.revision, head.revision)
    review.new, review.fixed = match_findings(base.findings, head.findings)
    flagged: dict[str | None, list[Finding]] = {}
    for f in review.new:
        if f.rule == "L005":
            flagged.setdefault(f.activity, []).append(f)
    review.removed = sorted(set(base.entries) - set(head.entries))
    for activity in sorted(head.entries):
        after, before = head.entries[activity], base.entries.get(activity)
        review.where[activity] = after.where
        fields: dict[str, dict[str, Any]] = {}
        for name in FIELDS:
            change = compare(name, values(before, name), values(after, name))
            if change is not None:
                fields[name] = change
        if before is None:
            review.added.append(activity)
            review.declared[activity] = after.data
        elif fields:
            review.changed.append({"activity": activity, "fields": fields})
        review.review += _flags(activity, before, after, fields, flagged.get(activity, []))
    for activity in review.removed:
        review.where[activity] = base.entries[activity].where
    return review
