"""`gdpr-lint stamp`: record the fingerprint of what each assessment weighed (SPEC §5).

The fingerprint is written with a targeted text edit at the node positions libyaml reports,
so every other byte of the file, comments and formatting included, stays as it was; the
file is replaced atomically.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from gdpr_lint.atomic import write_atomic
from gdpr_lint.fingerprint import COVERED, fingerprint
from gdpr_lint.loader import Document, read_document

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


class StampError(Exception):
    """The file cannot be stamped; the message has file:line:col."""


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    text: str


def _get(node: yaml.MappingNode, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    for k, v in node.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return k, v
    return None


def _end(node: yaml.Node) -> int:
    """Where the node's own text ends (a block collection ends at its last descendant)."""
    if isinstance(node, yaml.MappingNode) and not node.flow_style and node.value:
        return max(_end(v) for _, v in node.value)
    if isinstance(node, yaml.SequenceNode) and not node.flow_style and node.value:
        return max(_end(v) for v in node.value)
    return int(node.end_mark.index)


def _flow(stamp: dict[str, str]) -> str:
    # Quoted: a digest such as 1234e5678901 would otherwise read as a number.
    return "{" + ", ".join(f'{k}: "{stamp[k]}"' for k in COVERED) + "}"


def _edit_for(lia: yaml.MappingNode, stamp: dict[str, str], text: str, newline: str) -> Edit:
    existing = _get(lia, "fingerprint")
    if existing is not None:
        value = existing[1]
        return Edit(value.start_mark.index, _end(value), _flow(stamp))
    if lia.flow_style:
        close = text.rindex("}", 0, lia.end_mark.index)
        return Edit(close, close, f", fingerprint: {_flow(stamp)}")
    indent = lia.value[0][0].start_mark.column
    position = _end(lia)
    if position == 0 or text[position - 1] != "\n":
        found = text.find("\n", position)
        position = len(text) if found < 0 else found + 1
    prefix = "" if position == 0 or text[position - 1] == "\n" else newline
    return Edit(position, position,
                f"{prefix}{' ' * indent}fingerprint: {_flow(stamp)}{newline}")


def _edits(doc: Document, text: str) -> Iterator[tuple[str, Edit]]:
    root = yaml.compose(text, Loader=_Loader)
    activities = _get(root, "activities") if isinstance(root, yaml.MappingNode) else None
    if activities is None or not isinstance(activities[1], yaml.SequenceNode):
        return
    newline = "\r\n" if "\r\n" in text else "\n"
    data_activities = doc.data.get("activities") if isinstance(doc.data, dict) else None
    for index, node in enumerate(activities[1].value):
        data: Any = data_activities[index] if isinstance(data_activities, list) else None
        if not isinstance(node, yaml.MappingNode) or not isinstance(data, dict):
            continue
        if data.get("lawful_basis") != "legitimate_interests":
            continue
        li = _get(node, "legitimate_interests")
        lia = _get(li[1], "lia") if li and isinstance(li[1], yaml.MappingNode) else None
        if lia is None or not isinstance(lia[1], yaml.MappingNode) or not lia[1].value:
            continue
        stamp = fingerprint(data)
        current = data["legitimate_interests"]["lia"].get("fingerprint")
        if current == stamp:
            continue
        yield str(data.get("id", f"activities[{index}]")), _edit_for(lia[1], stamp, text, newline)


def stamp_file(path: str, write: bool = True) -> list[str]:
    """Stamp every assessment in the file; return the ids of the activities stamped."""
    doc = read_document(path)
    if doc.problems:
        first = doc.problems[0]
        raise StampError(f"{first.location()}: {first.rule} {first.message}")
    with open(path, "rb") as handle:
        raw = handle.read()
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = doc.text
    edits = list(_edits(doc, text))
    if not edits or not write:
        return [activity for activity, _ in edits]
    for _, edit in sorted(edits, key=lambda pair: pair[1].start, reverse=True):
        text = text[:edit.start] + edit.text + text[edit.end:]
    write_atomic(path, (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return [activity for activity, _ in edits]
