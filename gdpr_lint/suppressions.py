"""Suppression comments (SPEC §5): line, activity and file scope, each with a reason."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from gdpr_lint.findings import Finding, Severity
from gdpr_lint.loader import Document

_COMMENT = re.compile(r"(?:^|\s)#\s*gdpr-lint:\s*(?P<kind>disable-file|disable)\s*=\s*"
                      r"(?P<ids>[A-Za-z0-9_]+(?:\s*,\s*[A-Za-z0-9_]+)*)"
                      r"(?:\s*--\s*(?P<reason>.*?))?\s*$")


@dataclass
class Suppression:
    line: int
    column: int
    kind: str  # "line", "activity" or "file"
    rules: tuple[str, ...]
    reason: str
    first: int = 0  # lines covered, for activity scope
    last: int = 0
    used: set[str] = field(default_factory=set)

    def covers(self, finding: Finding) -> str | None:
        """The rule ID of this suppression that covers the finding, if any."""
        rule = next((r for r in self.rules if finding.rule.startswith(r)), None)
        if rule is None:
            return None
        if self.kind == "file" or (self.kind == "line" and finding.line == self.line) or \
                (self.kind == "activity" and self.first <= finding.line <= self.last):
            return rule
        return None


def _activity_spans(doc: Document) -> dict[int, tuple[int, int]]:
    """Start line -> (first, last) line of each activity in the file."""
    starts = sorted(line for path, (line, _) in doc.positions.items()
                    if len(path) == 2 and path[0] == "activities")
    total = doc.text.count("\n") + 1
    return {start: (start, (starts[i + 1] - 1) if i + 1 < len(starts) else total)
            for i, start in enumerate(starts)}


def read_suppressions(doc: Document) -> list[Suppression]:
    found = []
    spans = _activity_spans(doc)
    lines = doc.text.splitlines()
    for number, text in enumerate(lines, start=1):
        if "gdpr-lint:" not in text:
            continue
        match = _COMMENT.search(text)
        if not match:
            continue
        rules = tuple(r.strip().upper() for r in match["ids"].split(","))
        column = text.index("#", match.start()) + 1
        kind = "file" if match["kind"] == "disable-file" else "line"
        first = last = number
        standalone = text.lstrip().startswith("#")
        if kind == "line" and standalone and number + 1 in spans:
            kind = "activity"
            first, last = spans[number + 1]
        found.append(Suppression(number, column, kind, rules, (match["reason"] or "").strip(),
                                 first, last))
    return found


def apply_suppressions(path: str, suppressions: list[Suppression], findings: list[Finding],
                       active: Callable[[str], bool],
                       article: Callable[[str], str]) -> tuple[list[Finding], int]:
    """Drop suppressed findings; add X010 for reasonless and X011 for unused comments.

    ``active`` tells whether a rule runs at all in this run, so that a suppression of a rule
    left out by --select is not called unused.
    """
    if not suppressions:
        return findings, 0
    kept: list[Finding] = []
    hidden = 0
    valid = [s for s in suppressions if s.reason]
    for finding in findings:
        for suppression in valid:
            rule = suppression.covers(finding)
            if rule is not None:
                suppression.used.add(rule)
                hidden += 1
                break
        else:
            kept.append(finding)
    kept.extend(_problems(path, suppressions, active, article))
    return kept, hidden


def _problems(path: str, suppressions: Iterable[Suppression], active: Callable[[str], bool],
              article: Callable[[str], str]) -> Iterable[Finding]:
    for s in suppressions:
        if not s.reason:
            yield Finding(path, s.line, s.column, "X010", Severity.ERROR,
                          f"suppression of {', '.join(s.rules)} has no reason and suppresses "
                          "nothing: add ' -- why the rule does not apply'", None,
                          article("X010"))
            continue
        unused = [r for r in s.rules if r not in s.used and active(r)]
        if unused:
            yield Finding(path, s.line, s.column, "X011", Severity.WARNING,
                          f"suppression of {', '.join(unused)} matched no finding: remove it",
                          None, article("X011"))
