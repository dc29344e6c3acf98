"""Targeted edits of YAML source text: replace one node's text, or add a key to a mapping.

Every other character of the file, comments and formatting included, stays as it was. The
node tree is the loader's own reading of the text (`gdpr_lint.lint.yamltree`: the same walk
over libyaml's events, with the same limits and checks), so an edit sees the file as `check`
does; each node keeps its own place in the text: an alias is the `*name` it is written as,
not the node it points to, and an anchor name may be defined again, as YAML allows. Offsets
are character offsets in the text, and every line-break style libyaml reads (LF, CRLF, CR,
NEL, LS, PS) is honoured.

Used by `gdpr-lint stamp`; meant for any command that edits declarations in place:

    root = parse(text)                                  # TextNode tree of the text as written
    node = node_at(root, ("activities", 0, "lawful_basis"))
    edits = [replace_node(text, node, "consent"),       # a scalar, alias or flow collection
             replace_value(text, key, value, "{a: 1}"), # a mapping value, even empty or block
             insert_key(text, mapping, "key", "value")] # a last entry, block or flow
    new_text = apply(text, edits)                       # non-overlapping, any order

An edit is only a proposal: callers load the edited text again and check that it holds
exactly the intended change before writing it (see `stamp.py`, `plain` for comparing data
in which aliases are undone), and write with `atomic.write_atomic`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, overload

from gdpr_lint.lint.loader import load_document
from gdpr_lint.lint.yamltree import TextNode as TextNode  # the tree the edits work on

# The line breaks of YAML 1.1, longest first (CRLF is one break).
BREAKS = ("\r\n", "\r", "\n", "\x85", "\u2028", "\u2029")
_BREAK_CHARS = frozenset("\r\n\x85\u2028\u2029")


class EditError(Exception):
    """The text cannot be edited safely here; ``index`` is where (a character offset)."""

    def __init__(self, message: str, index: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.index = index


def parse(text: str) -> TextNode | None:
    """The root node of ``text`` as the loader reads it (None when it holds no YAML content).

    Text the loader refuses (invalid YAML, a refused tag, an alias to nothing, more than one
    document, a limit crossed) raises EditError at the place the loader's finding names."""
    doc = load_document(text, "", tree=True)
    if doc.empty:
        return None
    if not doc.built:
        refusal = doc.problems[-1]
        raise EditError(f"{refusal.rule} {refusal.message}",
                        index_at(text, refusal.line, refusal.column))
    return doc.tree


def node_at(root: TextNode | None, path: Iterable[str | int]) -> TextNode | None:
    """The node at a JSON path (mapping keys and list indexes, as in findings), following
    aliases; None when the path leads nowhere."""
    node = root
    for step in path:
        if node is None:
            return None
        node = node.resolved
        if isinstance(step, int) and node.kind == "sequence":
            node = node.items[step] if 0 <= step < len(node.items) else None
        elif isinstance(step, str) and node.kind == "mapping":
            pair = node.get(step)
            node = pair[1] if pair else None
        else:
            return None
    return node


def text_end(node: TextNode) -> int:
    """Where the node's own text ends: a block collection ends with its last descendant
    (libyaml ends it at the next token, past any comments that follow)."""
    while node.kind in ("mapping", "sequence") and not node.flow:
        if node.kind == "mapping" and node.pairs:
            node = node.pairs[-1][1]
        elif node.kind == "sequence" and node.items:
            node = node.items[-1]
        else:
            break
    return node.end


def line_break(text: str, index: int) -> tuple[int, str]:
    """The first line break at or after ``index``: its offset and its characters
    (``len(text)`` and "" at the end of a last line without one)."""
    for position in range(index, len(text)):
        if text[position] in _BREAK_CHARS:
            brk = "\r\n" if text.startswith("\r\n", position) else text[position]
            return position, brk
    return len(text), ""


def usual_break(text: str) -> str:
    """The line break the text uses most (LF for a text of one line)."""
    counts = {brk: 0 for brk in BREAKS}
    position = 0
    while True:
        position, brk = line_break(text, position)
        if not brk:
            break
        counts[brk] += 1
        position += len(brk)
    best = max(BREAKS, key=lambda b: counts[b])
    return best if counts[best] else "\n"


def at_line_start(text: str, index: int) -> bool:
    return index == 0 or text[index - 1] in _BREAK_CHARS


def column(text: str, index: int) -> int:
    """0-based column of ``index`` (characters since the last line break)."""
    position = index
    while position > 0 and text[position - 1] not in _BREAK_CHARS:
        position -= 1
    return index - position


def line_col(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of ``index``, counting every YAML line break."""
    line, position = 1, 0
    while True:
        found, brk = line_break(text, position)
        if not brk or found >= index:
            break
        line += 1
        position = found + len(brk)
    return line, index - position + 1


def index_at(text: str, line: int, column: int) -> int:
    """The character offset of a 1-based line and column (the inverse of `line_col`)."""
    position = 0
    for _ in range(line - 1):
        found, brk = line_break(text, position)
        if not brk:
            break
        position = found + len(brk)
    return min(position + column - 1, len(text))


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` with ``text``."""

    start: int
    end: int
    text: str


def apply(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits (in any order)."""
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    for before, after in itertools.pairwise(ordered):
        if after.start < before.end:
            raise EditError("overlapping edits", after.start)
    parts, position = [], 0
    for edit in ordered:
        parts.append(text[position:edit.start])
        parts.append(edit.text)
        position = edit.end
    parts.append(text[position:])
    return "".join(parts)


def flow_mapping(pairs: Iterable[tuple[str, str]]) -> str:
    """``{key: "value", ...}``: values double-quoted, so a digest such as ``1234e5678901``
    or a date stays text for every YAML reader."""
    return "{" + ", ".join(f"{k}: {quote(v)}" for k, v in pairs) + "}"


def quote(value: str) -> str:
    """A double-quoted YAML scalar holding ``value``."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in escaped)
    return f'"{escaped}"'


def replace_node(text: str, node: TextNode, new: str) -> Edit:
    """Replace a scalar, alias or flow collection where it stands (a list item, say);
    ``new`` is flow YAML. Block collections and empty values: use `replace_value`."""
    if node.kind in ("mapping", "sequence") and not node.flow:
        raise EditError("a block collection is replaced through its key (replace_value)",
                        node.start)
    if node.kind == "scalar" and node.start == node.end:
        raise EditError("an empty value is replaced through its key (replace_value)",
                        node.start)
    return Edit(node.start, _value_end(text, node), new)


def _value_end(text: str, node: TextNode) -> int:
    """Where a node's text ends; a block scalar (`|`, `>`) without the line breaks and
    blank lines libyaml counts in it."""
    end = text_end(node)
    if node.kind == "scalar" and node.style in ("|", ">"):
        while end > node.start and (text[end - 1] in _BREAK_CHARS or text[end - 1] in " \t"):
            end -= 1
    return end


def replace_value(text: str, key: TextNode, value: TextNode, new: str) -> Edit:
    """Replace the text of a mapping value (``new`` is one line of flow YAML); the value's
    anchor and tag, and any comment before it, stay."""
    if value.kind == "scalar" and value.style is None and value.value == "" \
            and value.anchor is None:
        # An empty value (`key:` and nothing): write after the colon, not where libyaml
        # placed the empty node (which may be the next line).
        colon = _colon_after(text, key, missing_ok=True)
        if colon is not None:
            return Edit(colon + 1, colon + 1, f" {new}")
        question = key.start - 1
        while question >= 0 and text[question] in " \t":
            question -= 1
        if question >= 0 and text[question] == "?" and \
                _indent(text, question) == column(text, question):
            # `? key` alone on its line: the value goes on the next line, under the `?`
            return Edit(key.end, key.end,
                        f"{usual_break(text)}{' ' * column(text, question)}: {new}")
        return Edit(key.end, key.end, f": {new}")  # a bare key in a flow mapping: `{a, b}`
    if value.kind in ("mapping", "sequence") and not value.flow:
        colon = _colon_after(text, key)
        between = text[colon + 1:value.first]
        if "#" not in between and value.start == value.first:
            return Edit(colon + 1, text_end(value), f" {new}")
        # A comment, anchor or tag before the block: keep them, and put the flow value
        # where the block began (on its own line, indented under the key).
        return Edit(value.first, text_end(value), new)
    return Edit(value.start if value.anchor is None or value.kind == "alias"
                else _after_properties(text, value), _value_end(text, value), new)


def _after_properties(text: str, node: TextNode) -> int:
    """Where a node's content starts, after its `&anchor` and `!tag`."""
    position = node.start
    while position < len(text) and text[position] in "&!":
        while position < len(text) and text[position] not in " \t" and \
                text[position] not in _BREAK_CHARS:
            position += 1
        while position < len(text) and text[position] in " \t":
            position += 1
    return position


def _indent(text: str, index: int) -> int:
    """The indentation of the line that holds ``index``."""
    start = index - column(text, index)
    position = start
    while position < len(text) and text[position] == " ":
        position += 1
    return position - start


@overload
def _colon_after(text: str, key: TextNode) -> int: ...


@overload
def _colon_after(text: str, key: TextNode, missing_ok: bool) -> int | None: ...


def _colon_after(text: str, key: TextNode, missing_ok: bool = False) -> int | None:
    position = key.end
    while position < len(text) and text[position] in " \t":
        position += 1
    if position >= len(text) or text[position] != ":":
        if missing_ok:
            return None
        raise EditError("cannot find the ':' after this key", key.start)
    return position


def insert_key(text: str, mapping: TextNode, key: str, new: str) -> Edit:
    """Add ``key: new`` as the last entry of a mapping (``new`` is one line of flow YAML)."""
    if mapping.kind != "mapping":
        raise EditError("not a mapping", mapping.start)
    if mapping.flow:
        return _insert_flow(text, mapping, f"{key}: {new}")
    if not mapping.pairs:  # pragma: no cover - a block mapping always has an entry
        raise EditError("an empty block mapping cannot be extended", mapping.start)
    indent = column(text, mapping.first)
    end = text_end(mapping)
    if at_line_start(text, end):
        position, brk = end, ""
    else:
        found, brk = line_break(text, end)
        position = found + len(brk)
    if not brk:
        brk = usual_break(text)
        if not at_line_start(text, position):
            return Edit(position, position, f"{brk}{' ' * indent}{key}: {new}{brk}")
    return Edit(position, position, f"{' ' * indent}{key}: {new}{brk}")


def _insert_flow(text: str, mapping: TextNode, entry: str) -> Edit:
    if not mapping.pairs:
        inside = mapping.end - 1
        if text[inside] != "}":
            raise EditError("cannot find the '}' of this mapping", mapping.start)
        return Edit(inside, inside, entry)
    last = text_end(mapping.pairs[-1][1])
    # A trailing comma after the last entry ends it already.
    position = last
    while position < mapping.end - 1:
        char = text[position]
        if char == "#":
            position, _ = line_break(text, position)
        elif char == ",":
            return Edit(position + 1, position + 1, f" {entry}")
        elif char in " \t" or char in _BREAK_CHARS:
            position += 1
        else:
            break
    return Edit(last, last, f", {entry}")


def plain(value: Any) -> Any:
    """A copy of loaded data in which no two places share one object (aliases undone)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value
