"""What fixes are made of: corrections with one right answer, as targeted text edits.

A rule declares its fix beside its check (`registry.Fix`); the fix finds the YAML node a
finding points at in the node tree of the text as written (`textedit`, the module `stamp`
edits with) and replaces that node's text, or inserts beside it, so that every other byte of
the file, comments and formatting included, stays as it was. A fix returns no edit when the
value has no single right answer (`Consnt` is left to its author; `Consent` is `consent`),
and none for a node written once and used in several places (an anchor and its aliases).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from gdpr_lint.lint.loader import Document, JsonPath
from gdpr_lint.lint.yamltree import resolve_plain

if TYPE_CHECKING:
    from gdpr_lint.edit.textedit import Edit, TextNode

# The rules import this module at every run; the text-edit module is imported when a fix
# is made (`from gdpr_lint.edit import textedit` inside the functions below).

_COUNTRY_PATTERN = "^[A-Z]{2}$"


# -- the node tree ---------------------------------------------------------------------------
@functools.lru_cache(maxsize=8)
def _parse(text: str) -> TextNode | None:
    from gdpr_lint.edit import textedit

    try:
        return textedit.parse(text)
    except textedit.EditError:
        return None


def node_at(doc: Document, path: JsonPath) -> TextNode | None:
    """The node at ``path`` as written, or None when it is shared (anchored and aliased,
    or an alias: editing it would change every place that refers to it)."""
    from gdpr_lint.edit import textedit

    root = doc.tree if doc.tree is not None else _parse(doc.text)
    node = textedit.node_at(root, path)
    if node is None or node.shared or node.anchor is not None:
        return None
    return node


def path_at(doc: Document, line: int, column: int) -> JsonPath | None:
    """The deepest node that starts at a finding's line and column."""
    best: JsonPath | None = None
    for path, position in doc.positions.items():
        if position == (line, column) and (best is None or len(path) > len(best)):
            best = path
    return best


def value_at(data: Any, path: JsonPath) -> Any:
    for step in path:
        if isinstance(step, int) and isinstance(data, list) and 0 <= step < len(data):
            data = data[step]
        elif isinstance(step, str) and isinstance(data, dict):
            data = data.get(step)
        else:
            return None
    return data


def scalar_at(doc: Document, path: JsonPath) -> tuple[TextNode, str] | None:
    node = node_at(doc, path)
    value = value_at(doc.data, path)
    if node is not None and node.kind == "scalar" and node.start < node.end and \
            isinstance(value, str):
        return node, value
    return None


def plain_or_quoted(text: str) -> str:
    """``text`` as a YAML scalar that reads back as the same string in block or flow context."""
    if text and re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9 _./@()+'-]*", text) and \
            not text.endswith(" ") and resolve_plain(text) == text and \
            text.lower() not in ("yes", "no", "on", "off", "y", "n"):
        return text
    import json

    return json.dumps(text, ensure_ascii=False)


def replace_scalar(doc: Document, path: JsonPath, new: str) -> list[Edit]:
    found = scalar_at(doc, path)
    if found is None:
        return []
    node, _ = found
    from gdpr_lint.edit import textedit

    return [textedit.replace_node(doc.text, node, plain_or_quoted(new))]


# -- the schema at a path ----------------------------------------------------------------------
def resolve_schema(schema: dict[str, Any], root: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """A sub-schema and the alternatives it stands for ($ref, allOf, oneOf, anyOf)."""
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/"):
        target: Any = root
        for part in ref[2:].split("/"):
            target = target.get(part, {}) if isinstance(target, dict) else {}
        yield from resolve_schema(target, root)
    yield schema
    for key in ("allOf", "oneOf", "anyOf"):
        for sub in schema.get(key, []):
            if isinstance(sub, dict):
                yield from resolve_schema(sub, root)


def schemas_at(path: JsonPath) -> list[dict[str, Any]]:
    """Every sub-schema of the declaration schema that describes the node at ``path``."""
    from gdpr_lint.lint.schema import load_schema

    root = load_schema()
    current = list(resolve_schema(root, root))
    for step in path:
        following: list[dict[str, Any]] = []
        for schema in current:
            sub = schema.get("properties", {}).get(step) if isinstance(step, str) \
                else schema.get("items")
            if isinstance(sub, dict):
                following.extend(resolve_schema(sub, root))
        current = following
    return current


# -- normalising values ------------------------------------------------------------------------
def _words(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join("".join(c.lower() if c.isalnum() else " " for c in text).split())


def enum_value(value: str, allowed: list[Any]) -> str | None:
    """`Consent` -> `consent`, `legitimate interest` -> `legitimate_interests`, `Art 9 ...`
    no: only a difference of case, separators or a final plural s."""
    key = _words(value).replace(" ", "_")
    if not key:
        return None
    matches = {a for a in allowed if isinstance(a, str) and
               key in (a, a.rstrip("s"), a + "s", a.replace("_", ""))}
    if len(matches) != 1 and key.replace("_", ""):
        squeezed = key.replace("_", "")
        matches |= {a for a in allowed if isinstance(a, str) and
                    squeezed == a.replace("_", "")}
    return matches.pop() if len(matches) == 1 else None


def country_code(value: str) -> str | None:
    """`UK` -> `GB`, `EL` -> `GR`, `Germany` -> `DE`, `de` -> `DE`, `DEU` -> `DE`, from the
    ISO 3166-1 data the schema pass uses for its did-you-mean."""
    from gdpr_lint.law import data

    stripped = value.strip()
    if stripped in data.countries():
        return stripped
    return data.suggest_country(stripped) or data.suggest_country(_words(stripped))


def is_country(value: str) -> bool:
    from gdpr_lint.law import data

    return value in data.countries()


def is_country_schema(schema: dict[str, Any]) -> bool:
    from gdpr_lint.law import data

    enum = schema.get("enum")
    return schema.get("pattern") == _COUNTRY_PATTERN or (
        isinstance(enum, list) and len(enum) > 200 and set(enum) == set(data.countries()))


# -- list edits ----------------------------------------------------------------------------
def append_to_list(doc: Document, path: JsonPath, item: str) -> list[Edit]:
    """Add ``item`` at the end of the list at ``path``, in the list's own style."""
    from gdpr_lint.edit import textedit
    from gdpr_lint.edit.textedit import Edit

    node = node_at(doc, path)
    if node is None or node.kind != "sequence":
        return []
    text = doc.text
    scalar = plain_or_quoted(item)
    if node.flow:
        if node.items:
            at = textedit.text_end(node.items[-1])
            return [Edit(at, at, f", {scalar}")]
        close = text.rindex("]", node.start, node.end)
        return [Edit(close, close, scalar)]
    if not node.items:  # pragma: no cover - an empty block list cannot be written
        return []
    last = node.items[-1]
    dash = text.rfind("-", node.start, last.start)
    indent = textedit.column(text, dash)
    end, brk = textedit.line_break(text, textedit.text_end(last))
    if not brk:  # the list ends the file, without a final line break
        return [Edit(end, end, f"{textedit.usual_break(text)}{' ' * indent}- {scalar}")]
    return [Edit(end + len(brk), end + len(brk), f"{' ' * indent}- {scalar}{brk}")]


def wrap_in_list(doc: Document, path: JsonPath, item: str) -> list[Edit]:
    found = scalar_at(doc, path)
    if found is None:
        return []
    node, _ = found
    from gdpr_lint.edit import textedit

    return [textedit.replace_node(doc.text, node, f"[{plain_or_quoted(item)}]")]
