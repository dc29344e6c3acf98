"""`gdpr-lint stamp`: record the fingerprint of what each assessment weighed (SPEC §5).

The fingerprint is written with a targeted text edit (`textedit.py`), so every other
character of the file, comments and formatting included, stays as it was. Before anything
is written the edited text is loaded again and must hold exactly the intended change (the
same data with the new fingerprints, nothing else); a file that cannot be edited safely is
refused with the place and the reason, and left untouched. The file is replaced atomically,
through a symbolic link to its target.

An assessment whose covered fields changed while its `assessed_on` did not is not stamped
again: L005 is cleared by reviewing the assessment and dating the review, not by stamping.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from gdpr_lint.edit import textedit
from gdpr_lint.edit.atomic import write_atomic
from gdpr_lint.edit.textedit import EditError, TextNode
from gdpr_lint.lint.loader import MAX_BYTES, Document, load_document
from gdpr_lint.reporters._safe import visible
from gdpr_lint.rules.fingerprint import ASSESSED_ON, COVERED, changed_fields, fingerprint


class StampError(Exception):
    """The file cannot be stamped; the message has file:line:col."""


@dataclass
class StampResult:
    """What stamping one file did: activities stamped, and those refused (with why)."""

    stamped: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


class _Refusal(Exception):
    def __init__(self, message: str, index: int) -> None:
        super().__init__(message)
        self.message = message
        self.index = index


def _date(value: Any) -> str | None:
    """A calendar date written YYYY-MM-DD (not another ISO 8601 form)."""
    if not isinstance(value, str) or len(value) != 10 or not value.isascii() or value[4] != "-" \
            or value[7] != "-" or not (value[:4] + value[5:7] + value[8:]).isdigit():
        return None
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return None
    return value


def _plan(node: TextNode, data: dict[str, Any], text: str) -> tuple[textedit.Edit,
                                                                   dict[str, str]] | None:
    """The edit that stamps one activity, None when it is up to date; _Refusal if unsafe."""
    li = node.get("legitimate_interests")
    if li is None:
        return None
    lia = li[1].resolved.get("lia") if li[1].resolved.kind == "mapping" else None
    if lia is None or lia[1].resolved.kind != "mapping":
        return None
    lia_data = data["legitimate_interests"]["lia"]
    for part, what in ((node, "the activity"), (li[1], "legitimate_interests"),
                       (lia[1], "the assessment")):
        if part.shared:
            raise _Refusal(f"{what} is shared with another place by an alias (YAML anchor "
                           f"&{part.resolved.anchor}); give each activity its own "
                           "assessment to stamp it", part.start)
    assessed_on = _date(lia_data.get(ASSESSED_ON))
    dated = lia[1].get(ASSESSED_ON)
    date_at = dated[1].start if dated else lia[1].start
    if assessed_on is None:
        raise _Refusal("the assessment has no valid assessed_on (YYYY-MM-DD): date the "
                       "assessment before stamping it", date_at)
    stamp = {**fingerprint(data), ASSESSED_ON: assessed_on}
    current = lia_data.get("fingerprint")
    if current == stamp:
        return None
    if isinstance(current, dict):
        changed = changed_fields(data, current)
        if changed and current.get(ASSESSED_ON) == assessed_on:
            raise _Refusal(f"{', '.join(changed)} changed since the assessment of "
                           f"{assessed_on} was stamped, and assessed_on did not: review the "
                           "assessment, update lia.assessed_on, then stamp", date_at)
    new = textedit.flow_mapping((k, stamp[k]) for k in (*COVERED, ASSESSED_ON))
    existing = lia[1].get("fingerprint")
    try:
        if existing is not None:
            if existing[1].aliased:
                raise _Refusal(f"the fingerprint is shared by an alias (YAML anchor "
                               f"&{existing[1].anchor}); write it out plainly (or delete "
                               "it) to stamp", existing[1].start)
            edit = textedit.replace_value(text, existing[0], existing[1], new)
        else:
            edit = textedit.insert_key(text, lia[1], "fingerprint", new)
    except EditError as exc:
        raise _Refusal(exc.message, exc.index) from None
    return edit, stamp


def _read(path: str) -> bytes:
    from gdpr_lint.lint.loader import NotRegularFile, read_regular

    try:  # never blocks: the type is checked on the open descriptor too, opened O_NONBLOCK
        raw, _ = read_regular(path, MAX_BYTES)
    except NotRegularFile as exc:
        raise StampError(f"{path}:1:1: not a regular file: {exc}; nothing stamped") from None
    except OSError as exc:
        raise StampError(f"{path}:1:1: cannot be read: {exc.strerror or exc}") from None
    return raw


def stamp_file(path: str, write: bool = True) -> StampResult:
    """Stamp every assessment in the file that can be stamped safely.

    Raises StampError when the file as a whole cannot be read or edited; activities that
    cannot be stamped are listed in ``refused`` (messages with file:line:col).
    """
    raw = _read(path)
    doc = load_document(raw, path, tree=True)
    if doc.problems:
        first = doc.problems[0]
        raise StampError(f"{first.location()}: {first.rule} {first.message}; nothing stamped")
    text, root = doc.text, doc.tree
    result = StampResult()
    edits: list[textedit.Edit] = []
    expected = textedit.plain(doc.data)
    activities = root.get("activities") if root is not None and root.kind == "mapping" \
        else None
    items = activities[1].resolved.items if activities and \
        activities[1].resolved.kind == "sequence" else []
    data_items = expected.get("activities") if isinstance(expected, dict) else None
    for index, node in enumerate(items):
        if not isinstance(data_items, list) or index >= len(data_items):
            break
        data = data_items[index]
        node = node.resolved
        if node.kind != "mapping" or not isinstance(data, dict) or \
                data.get("lawful_basis") != "legitimate_interests":
            continue
        li = data.get("legitimate_interests")
        if not isinstance(li, dict) or not isinstance(li.get("lia"), dict) or not li["lia"]:
            continue
        name = visible(str(data.get("id") or f"activities[{index}]"))
        try:
            if activities is not None and activities[1].shared:
                raise _Refusal("the activities list is shared by an alias; write it out "
                               "to stamp it", activities[1].start)
            planned = _plan(node, data, text)
        except _Refusal as exc:
            result.refused.append(_where(path, text, exc.index,
                                         f"cannot stamp activity '{name}': {exc.message}"))
            continue
        if planned is None:
            continue
        edit, stamp = planned
        edits.append(edit)
        li["lia"]["fingerprint"] = stamp
        result.stamped.append(name)
    if not edits or not write:
        return result
    try:
        edited = textedit.apply(text, edits)
    except EditError as exc:  # pragma: no cover - one edit per assessment
        raise StampError(_where(path, text, exc.index, f"{exc.message}; nothing stamped")) \
            from None
    _verify(path, edited, expected, edits[0].start, text)
    bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
    data = bom + edited.encode("utf-8")
    if len(data) > MAX_BYTES:
        raise StampError(f"{path}:1:1: stamped, the file would exceed the {MAX_BYTES:,}-byte "
                         "limit for a declaration; split it, then stamp; nothing stamped")
    write_atomic(path, data)
    return result


def _verify(path: str, edited: str, expected: Any, index: int, text: str) -> None:
    """The edited text must load cleanly to exactly the intended data."""
    after: Document = load_document(edited, path)
    if after.problems or textedit.plain(after.data) != expected:
        raise StampError(_where(path, text, index, "cannot stamp this file safely (the "
                                "edited text would not hold exactly the new fingerprints); "
                                "nothing stamped: simplify the assessment's layout or add "
                                "the fingerprint key by hand, then run stamp again"))


def _where(path: str, text: str, index: int, message: str) -> str:
    line, col = textedit.line_col(text, index)
    return f"{path}:{line}:{col}: {message}"
