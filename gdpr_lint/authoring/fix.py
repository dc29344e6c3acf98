"""`gdpr-lint check --fix` and `--diff`: apply the fixes rules declare, round after round.

A round lints the file as `check` does (suppressed findings are not fixed), asks each
finding's rule for its fix, and applies the edits that do not overlap; the next round sees
what the previous one revealed (a corrected basis, then the right it gives). Rounds stop
when nothing changes, or after `MAX_ROUNDS`. A round that would leave the file unreadable
or with more schema problems is undone.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from gdpr_lint.edit.edits import path_at
from gdpr_lint.edit.textedit import Edit, apply
from gdpr_lint.lint.engine import Linter, Registry
from gdpr_lint.lint.findings import Finding
from gdpr_lint.lint.loader import Document, load_document, read_document

MAX_ROUNDS = 10


@dataclass
class FileFix:
    path: str
    before: str
    after: str
    fixed: int
    bom: bool = False

    @property
    def changed(self) -> bool:
        return self.before != self.after

    def diff(self) -> str:
        lines = difflib.unified_diff(self.before.splitlines(keepends=True),
                                     self.after.splitlines(keepends=True),
                                     f"a/{self.path}", f"b/{self.path}")
        return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of "
                       "file\n" for line in lines)


def finding_edits(linter: Linter, doc: Document, finding: Finding) -> list[Edit]:
    """The edits that fix one finding (none when its rule declares no fix or the value has
    no single right answer)."""
    rule = linter.rules.get(finding.rule)
    if rule is None or rule.fix is None:
        return []
    if rule.fix.at_finding is not None:
        return rule.fix.at_finding(doc, finding)
    path = path_at(doc, finding.line, finding.column)
    if path is None:
        return []
    return rule.fix.edits(doc, path)


def safe(linter: Linter, finding: Finding) -> bool:
    """Whether the finding's fix may be applied unasked (`--fix`, the editor's fix-all)."""
    rule = linter.rules.get(finding.rule)
    return rule is not None and rule.fix is not None and rule.fix.safe


def _overlaps(edit: Edit, taken: Sequence[Edit]) -> bool:
    return any((edit.start < other.end and other.start < edit.end) or
               edit.start == other.start or edit.end == other.end for other in taken)


def fix_text(linter: Linter, registry: Registry, text: str, path: str) -> tuple[str, int]:
    """The text with every fix applied, and how many findings were fixed.

    A round whose edits leave more schema problems (X001-X003) than before is undone:
    a fix must never make a file worse, whatever it meets.
    """
    fixed = 0
    before: tuple[str, int, int] | None = None  # the last round's text, count, problems
    for number in range(MAX_ROUNDS + 1):
        doc = load_document(text, path)
        result = linter.finish([linter.check(doc, registry)], registry) if doc.loaded \
            else None
        problems = sum(f.rule in _STRUCTURE for f in result.findings) if result else -1
        if before is not None and (result is None or problems > before[2]):
            return before[0], before[1]  # pragma: no cover - a fix that made things worse
        if result is None:
            break
        taken: list[Edit] = []
        count = fixed
        for finding in result.findings:
            if finding.path != path or not safe(linter, finding):
                continue
            edits = finding_edits(linter, doc, finding)
            if edits and not any(_overlaps(e, taken) for e in edits):
                taken.extend(edits)
                count += 1
        if not taken or number == MAX_ROUNDS:
            break
        before = (text, fixed, problems)
        text, fixed = apply(text, taken), count
    return text, fixed


_STRUCTURE = frozenset({"X001", "X002", "X003", "X006"})


def fix_files(files: Sequence[str], linter: Linter) -> list[FileFix]:
    """Compute the fixes of every file (nothing is written here)."""
    from gdpr_lint.lint.workers import declaring

    registry = linter.registry(declaring(files, linter.config.boundary))
    results = []
    for path in files:
        doc = read_document(path, root=linter.config.boundary)  # never written through
        if not doc.loaded or not doc.text:
            continue
        with open(path, "rb") as handle:
            bom = handle.read(3) == b"\xef\xbb\xbf"
        after, fixed = fix_text(linter, registry, doc.text, path)
        results.append(FileFix(path, doc.text, after, fixed, bom))
    return results


def write_fixes(fixes: Iterable[FileFix]) -> None:
    from gdpr_lint.edit.atomic import write_atomic

    for fix in fixes:
        if fix.changed:
            write_atomic(fix.path, (b"\xef\xbb\xbf" if fix.bom else b"") +
                         fix.after.encode("utf-8"))
