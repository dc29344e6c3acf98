"""The one reading of a declaration's YAML: a single walk over libyaml's events.

Everything that reads declaration text reads it here: the loader (plain data, the line and
column of every node and key, the problems found on the way), the editor (the node tree as
written, with the character span of every node: `gdpr_lint.edit.textedit`) and the
suppression comments (which `#` lies inside a quoted or block scalar). One walk applies the
limits and checks once, so a file means the same to the linter and to every command that
edits it: what the loader refuses, the editor refuses at the same place; a key repeated is
the first one for both.

The walker keeps an explicit stack, so deep nesting cannot overflow the C or Python stack;
alias expansion is counted as it happens; scalars are resolved by the YAML 1.2 core schema
(``NO`` stays Norway, ``2026-01-15`` stays a date string and ``1:30`` stays text); no tag may
build an object. Everything wrong with the input becomes a finding (X001, X002, X003, X006)
rather than an exception. The node tree costs time and memory, so it is built only when
asked (``read(..., tree=True)``); `check` never asks.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import yaml

from gdpr_lint.lint.findings import Finding, Severity, shorten

try:  # libyaml is much faster; pure Python is the fallback.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

JsonPath = tuple[str | int, ...]
Position = tuple[int, int]

MAX_DEPTH = 64
MAX_NODES = 200_000
# Python refuses to convert integers of more than 4,300 digits to or from text; a number in a
# declaration (a version, an age) needs a handful.
MAX_NUMBER_CHARS = 100
_TOO_DEEP = (f"nesting deeper than {MAX_DEPTH} levels: a declaration needs a handful; "
             "flatten the structure")

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_OCT = re.compile(r"^0o[0-7]+$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_SPECIAL_FLOAT = {".inf": float("inf"), "+.inf": float("inf"), "-.inf": float("-inf"),
                  ".nan": float("nan")}

_STD = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_STD}{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")}
_SCALAR_TAGS.add("!")


_MAYBE_NOT_TEXT = frozenset("0123456789+-.~nNtTfF")


class NumberTooLong(ValueError):
    """A number with more digits than any declaration needs (and than Python converts)."""


def resolve_plain(value: str) -> Any:
    """Resolve an untagged plain scalar by the YAML 1.2 core schema."""
    if value and value[0] not in _MAYBE_NOT_TEXT:
        return value  # most scalars are text: nothing else can start this way
    if _NULL.match(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    if len(value) > MAX_NUMBER_CHARS and (_INT.match(value) or _OCT.match(value) or
                                          _HEX.match(value)):
        raise NumberTooLong(value)
    if _INT.match(value):
        return int(value)
    if _OCT.match(value):
        return int(value[2:], 8)
    if _HEX.match(value):
        return int(value[2:], 16)
    if _FLOAT.match(value) and any(c.isdigit() for c in value):
        return float(value)
    if value.lower() in _SPECIAL_FLOAT:
        return _SPECIAL_FLOAT[value.lower()]
    return value


_ARTICLES = {
    "X001": "Art. 30(1)",
    "X002": "Art. 30(1)",
    "X003": "Art. 30(1)",
    "X006": "Art. 30(1)",
}


def problem(path: str, rule: str, message: str, pos: Position) -> Finding:
    """A finding of the reading itself (X001, X002, X003, X006): always an error."""
    return Finding(path, pos[0], pos[1], rule, Severity.ERROR, message, None, _ARTICLES[rule])


def position_of(text: str, index: int) -> Position:
    """Line and column of a character offset, counting LF line breaks."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


class TextNode:
    """A YAML node as written: its kind, where its text lies, and its children.

    Offsets (``start``, ``end``, ``first``) are character offsets in the text; ``position``
    and ``end_position`` are the 1-based line and column of the same places, as findings
    give them."""

    __slots__ = ("aliased", "anchor", "end", "end_position", "first", "flow", "items", "key",
                 "kind", "pairs", "position", "start", "style", "target", "value")

    def __init__(self, kind: str, start: int, end: int, position: Position = (1, 1),
                 end_position: Position = (1, 1), flow: bool = False,
                 anchor: str | None = None, value: str | None = None,
                 style: str | None = None, first: int = 0,
                 target: TextNode | None = None) -> None:
        self.kind = kind  # "scalar", "mapping", "sequence" or "alias"
        self.start = start
        self.end = end
        self.position = position
        self.end_position = end_position
        self.flow = flow
        self.anchor = anchor
        self.value = value  # scalars: the value; aliases: the anchor name
        self.style = style  # scalars: None (plain), "'", '"', "|" or ">"
        self.first = first  # block collections: where the first entry's first token is
        self.key: str | None = None  # mapping keys: the key as the loaded data holds it
        self.items: list[TextNode] = []  # sequences
        self.pairs: list[tuple[TextNode, TextNode]] = []  # mappings
        self.target = target  # aliases: the node the alias names
        self.aliased = 0  # how many aliases name this node

    def __repr__(self) -> str:
        return f"TextNode({self.kind}, {self.start}-{self.end})"

    def get(self, key: str) -> tuple[TextNode, TextNode] | None:
        """The ``key: value`` pair of a mapping that the loaded data holds under ``key``
        (the first, when a key is repeated)."""
        for k, v in self.pairs:
            if k.key == key:
                return k, v
        return None

    @property
    def resolved(self) -> TextNode:
        """The node an alias names (the node itself otherwise)."""
        return self.target if self.target is not None else self

    @property
    def shared(self) -> bool:
        """The node's text stands for more than one place in the data (anchored and named
        by an alias, or an alias itself)."""
        return self.kind == "alias" or self.aliased > 0


class Reading:
    """What one walk over a text gives: the data, where every node and key stands, the
    problems, and (when asked) the node tree."""

    __slots__ = ("built", "cut_values", "data", "empty", "flow_items", "key_positions", "path",
                 "positions", "problems", "quoted_spans", "root")

    def __init__(self, path: str) -> None:
        self.path = path
        self.data: Any = None
        self.positions: dict[JsonPath, Position] = {}
        self.key_positions: dict[JsonPath, Position] = {}
        self.problems: list[Finding] = []
        # False when the text is refused (data is then meaningless): the last problem says why.
        self.built = True
        # The text holds no YAML content at all (nothing, or only comments and blank lines).
        self.empty = False
        # Keys of flow mappings (`{...}`) that have no value and follow a text value: most
        # often the rest of that value, cut at a comma. Key path -> the key whose value was cut.
        self.cut_values: dict[JsonPath, str] = {}
        # Items of flow sequences (`[a, b]`) written as plain scalars: the commas between them
        # may have cut one sentence in pieces (X013). Quoted items are left out.
        self.flow_items: set[JsonPath] = set()
        # Where each quoted or block scalar starts and ends: a `#` there is text, not a
        # comment (suppression comments are read from the text, line by line).
        self.quoted_spans: list[tuple[Position, Position]] = []
        self.root: TextNode | None = None

    def refuse(self, rule: str, message: str, position: Position) -> None:
        self.data = None
        self.root = None
        self.built = False
        self.problems.append(problem(self.path, rule, message, position))


def read(text: str, path: str, tree: bool = False) -> Reading:
    """Read YAML text; every failure becomes the reading's last problem, never an exception.

    ``tree``: also build the node tree as written (``Reading.root``)."""
    reading = Reading(path)
    try:
        _Walker(reading, tree).run(text)
    except _Refused as exc:
        reading.refuse(exc.rule, exc.message, exc.position)
    except yaml.MarkedYAMLError as exc:
        if _parser_depth_limit(exc):
            reading.refuse("X006", *_depth_refusal(text, exc))
            return reading
        where = exc.problem_mark or exc.context_mark
        message = " ".join(str(x) for x in (exc.context, exc.problem) if x)
        hint = _tab_hint(text, where) or ("fix the syntax here (often indentation, a missing "
                                          "':' or an unclosed bracket or quote)")
        reading.refuse("X001", f"invalid YAML: {message}; {hint}", _mark(where))
    except yaml.reader.ReaderError as exc:
        reading.refuse("X001", f"invalid YAML: control character "
                       f"U+{_codepoint(exc.character):04X} is not allowed; remove it",
                       position_of(text, exc.position))
    except yaml.YAMLError as exc:  # pragma: no cover - other parser failures
        reading.refuse("X001", f"invalid YAML: {exc}", (1, 1))
    except (RecursionError, MemoryError, ValueError, TypeError) as exc:
        # A bug or a limit of the parser: this file is lost, never the run.
        reading.refuse("X006", f"cannot be read ({type(exc).__name__}: "
                       f"{shorten(str(exc), 200)}); please report it", (1, 1))
    return reading


def _parser_depth_limit(exc: yaml.MarkedYAMLError) -> bool:
    """libyaml's own nesting limit (PyYAML 6.0.4 and later), hit before the walker's."""
    return "maximum nesting depth" in (exc.problem or "")


def _depth_refusal(text: str, exc: yaml.MarkedYAMLError) -> tuple[str, Position]:
    """X006 for nesting libyaml refused, placed where the walker's own limit is crossed.

    libyaml's scanner reads a flow collection's brackets ahead of its events, so it can stop at
    its limit (1,000 levels) before the walker sees level MAX_DEPTH. The text up to libyaml's
    mark holds more than MAX_DEPTH open levels: the pure-Python parser, which has no limit of
    its own, reads that prefix until the walker refuses it, so every PyYAML release reports the
    same finding at the same place.
    """
    mark = exc.problem_mark or exc.context_mark
    prefix = text[: mark.index + 1] if mark is not None else text
    try:
        _Walker(Reading(""), False).run(prefix, loader=yaml.SafeLoader)
    except _Refused as refused:
        if refused.rule == "X006":
            return refused.message, refused.position
    except yaml.YAMLError:
        pass
    return _TOO_DEEP, _mark(mark)


def _no_content(text: str) -> bool:
    """Only blank lines, comments, directives and document markers."""
    for line in text.splitlines():
        bare = line.strip().lstrip("\ufeff")
        if bare and not bare.startswith(("#", "%")) and \
                bare.split("#", 1)[0].strip() not in ("---", "..."):
            return False
    return True


def _tab_hint(text: str, mark: Any) -> str | None:
    """Name a tab in the indentation of the line the parser stopped at (or the one before)."""
    if mark is None:
        return None
    lines = text.splitlines()
    for number in (mark.line, mark.line - 1):
        if 0 <= number < len(lines):
            line = lines[number]
            indent = line[: len(line) - len(line.lstrip(" \t"))]
            if "\t" in indent:
                return (f"line {number + 1} is indented with a tab character (column "
                        f"{indent.index(chr(9)) + 1}): YAML indents with spaces only; "
                        "replace the tab with spaces")
    return None


class _Refused(Exception):
    def __init__(self, rule: str, message: str, position: Position) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message
        self.position = position


class _Frame:
    __slots__ = ("anchor", "container", "flow", "key", "key_node", "key_seen", "last_text_key",
                 "node", "path", "weight")

    def __init__(self, container: dict[str, Any] | list[Any], path: JsonPath,
                 anchor: str | None, flow: bool, node: TextNode | None) -> None:
        self.container = container
        self.path = path
        self.anchor = anchor
        self.weight = 1
        self.key: str | None = None
        self.key_seen: dict[str, int] = {}
        self.flow = flow
        self.last_text_key: str | None = None
        self.node = node  # the collection's node, when the tree is built
        self.key_node: TextNode | None = None


def _mark(mark: Any) -> Position:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _node(kind: str, event: Any, **fields: Any) -> TextNode:
    start, end = event.start_mark, event.end_mark
    return TextNode(kind, start.index, end.index, (start.line + 1, start.column + 1),
                    (end.line + 1, end.column + 1), **fields)


class _Walker:
    """Builds the data, the position index and (with ``tree``) the node tree from the events.

    Anchors map a name to what an alias to it stands for: the value, its weight (how many
    nodes it expands to) and its node; None while the anchored collection is still open (an
    alias to it then is recursive)."""

    _handlers: dict[type, Callable[[_Walker, Any], None]]

    def __init__(self, out: Reading, tree: bool) -> None:
        self.out = out
        self.tree = tree
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int, TextNode | None] | None] = {}
        self.nodes = 0
        self.documents = 0

    def run(self, text: str, loader: Any = _Loader) -> None:
        handlers = self._handlers
        for event in yaml.parse(text, Loader=loader):
            handler = handlers.get(type(event))
            if handler is not None:
                handler(self, event)
        if self.documents == 0 or (self.out.data is None and _no_content(text)):
            self.out.empty = True
            raise _Refused("X003", "empty file: a declaration holds a mapping with "
                           "`activities`, `controllers` or `controller`", (1, 1))

    def document_start(self, event: Any) -> None:
        self.documents += 1
        if self.documents > 1:
            raise _Refused("X003", "more than one YAML document: a declaration file "
                           "holds one mapping", _mark(event.start_mark))

    def end_collection(self, event: Any) -> None:
        frame = self.stack.pop()
        node = frame.node
        if node is not None:
            node.end = event.end_mark.index
            node.end_position = _mark(event.end_mark)
        if frame.anchor is not None:
            self.anchors[frame.anchor] = (frame.container, frame.weight, node)
        if self.stack:
            self.stack[-1].weight += frame.weight

    def count(self, weight: int, event: Any) -> None:
        self.nodes += weight
        if self.nodes > MAX_NODES:
            raise _Refused("X006", f"more than {MAX_NODES:,} nodes once aliases are expanded "
                           "(alias bomb?)", _mark(event.start_mark))

    def child_path(self, event: Any) -> JsonPath | None:
        """Path of the node the event starts; None when it is a mapping key."""
        if not self.stack:
            return ()
        top = self.stack[-1]
        if isinstance(top.container, list):
            return (*top.path, len(top.container))
        if top.key is None:
            return None
        return (*top.path, top.key)

    def place(self, value: Any, node: TextNode | None) -> None:
        """Attach a finished value (and its node) to its parent, or make it the root."""
        if not self.stack:
            self.out.data = value
            self.out.root = node
            return
        top = self.stack[-1]
        if isinstance(top.container, list):
            top.container.append(value)
            if node is not None:
                top.node.items.append(node)  # type: ignore[union-attr]
        else:
            assert top.key is not None
            key, top.key = top.key, None
            if key not in top.container:
                top.container[key] = value
            if node is not None:
                top.node.pairs.append((top.key_node, node))  # type: ignore[union-attr,arg-type]

    def start_collection(self, event: Any) -> None:
        if len(self.stack) >= MAX_DEPTH:
            raise _Refused("X006", _TOO_DEEP, _mark(event.start_mark))
        path = self.child_path(event)
        if path is None:
            raise _Refused("X003", "a mapping key must be a plain value, not a "
                           "list or mapping", _mark(event.start_mark))
        mapping = isinstance(event, yaml.MappingStartEvent)
        self.check_tag(event, "map" if mapping else "seq")
        container: dict[str, Any] | list[Any] = {} if mapping else []
        self.count(1, event)
        self.record(path, event)
        if event.anchor is not None:
            self.anchors[event.anchor] = None  # in progress: an alias to it is recursive
        node = _node("mapping" if mapping else "sequence", event, flow=bool(event.flow_style),
                     anchor=event.anchor, first=event.end_mark.index) if self.tree else None
        self.place(container, node)
        self.stack.append(_Frame(container, path, event.anchor, bool(event.flow_style), node))

    def record(self, path: JsonPath, event: Any) -> None:
        if path not in self.out.positions:
            self.out.positions[path] = _mark(event.start_mark)

    def check_tag(self, event: Any, kind: str) -> None:
        tag = event.tag
        if tag is None or tag == "!" or tag == f"{_STD}{kind}":
            return
        if kind == "scalar" and tag in _SCALAR_TAGS:
            return
        raise _Refused("X006", f"tag {_short_tag(tag)} is refused: a declaration is plain "
                       "data and no tag may build objects (nothing was executed)",
                       _mark(event.start_mark))

    def scalar(self, event: Any) -> None:
        self.check_tag(event, "scalar")
        try:
            value = self.resolve(event)
        except NumberTooLong as exc:
            raise _Refused("X006", f"a number of {len(str(exc)):,} characters: numbers are read "
                           f"up to {MAX_NUMBER_CHARS} characters; quote it if it is text",
                           _mark(event.start_mark)) from None
        path = self.child_path(event)
        self.count(1, event)
        if event.style:
            self.out.quoted_spans.append((_mark(event.start_mark), _mark(event.end_mark)))
        node = _node("scalar", event, anchor=event.anchor, value=event.value,
                     style=event.style or None) if self.tree else None
        if path is None:  # a mapping key
            if event.anchor is not None:  # an anchored key (YAML test suite HMQ5)
                self.anchors[event.anchor] = (value, 1, node)
            self.key(event.value if isinstance(value, str) else str(event.value), event, node)
            return
        top = self.stack[-1] if self.stack else None
        if top is not None and top.flow and isinstance(top.container, dict) and \
                top.key is not None:
            if value is None and event.value == "" and event.implicit[0] and \
                    top.last_text_key is not None:
                self.out.cut_values[path] = top.last_text_key
            top.last_text_key = top.key if isinstance(value, str) else None
        self.record(path, event)
        if top is not None and top.flow and not event.style and isinstance(top.container, list):
            self.out.flow_items.add(path)
        if event.anchor is not None:
            self.anchors[event.anchor] = (value, 1, node)
        if top is not None:
            top.weight += 1
        self.place(value, node)

    def key(self, key: str, event: Any, node: TextNode | None) -> None:
        top = self.stack[-1]
        if key in top.key_seen:
            self.out.problems.append(problem(
                self.out.path, "X002",
                f"duplicate key '{shorten(key)}' (first at line {top.key_seen[key]}): a "
                "repeated key would silently replace the first; keep one",
                _mark(event.start_mark)))
        else:
            top.key_seen[key] = event.start_mark.line + 1
            self.out.key_positions[(*top.path, key)] = _mark(event.start_mark)
        top.key = key
        if node is not None:
            node.key = key
            top.key_node = node

    def resolve(self, event: Any) -> Any:
        tag, value = event.tag, event.value
        if tag is None and event.implicit[0]:
            return resolve_plain(value)
        if tag is None or tag in ("!", f"{_STD}str", f"{_STD}timestamp"):
            return value
        resolved = resolve_plain(value)
        expected = {f"{_STD}int": int, f"{_STD}float": (int, float), f"{_STD}bool": bool,
                    f"{_STD}null": type(None)}[tag]
        if isinstance(resolved, bool) and expected is not bool:
            resolved = value
        if not isinstance(resolved, expected):  # type: ignore[arg-type]
            raise _Refused("X003", f"{value!r} is not a valid {_short_tag(tag)}",
                           _mark(event.start_mark))
        return float(resolved) if tag.endswith("float") else resolved

    def alias(self, event: Any) -> None:
        if event.anchor not in self.anchors:
            raise _Refused("X001", f"alias *{event.anchor} refers to no anchor before it",
                           _mark(event.start_mark))
        target = self.anchors[event.anchor]
        if target is None:
            raise _Refused("X006", f"alias *{event.anchor} refers to itself (recursive data)",
                           _mark(event.start_mark))
        value, weight, named = target
        node = None
        if named is not None:
            named.aliased += 1
            node = _node("alias", event, value=event.anchor, target=named)
        path = self.child_path(event)
        if path is None:
            if isinstance(value, (dict, list)):
                raise _Refused("X003", "a mapping key must be a plain value, not a list or "
                               "mapping (here through an alias)", _mark(event.start_mark))
            self.count(1, event)
            self.key(value if isinstance(value, str) else _key_text(value), event, node)
            return
        self.count(weight, event)
        self.record(path, event)
        if self.stack:
            self.stack[-1].weight += weight
        self.place(value, node)


_Walker._handlers = {
    yaml.DocumentStartEvent: _Walker.document_start,
    yaml.MappingStartEvent: _Walker.start_collection,
    yaml.SequenceStartEvent: _Walker.start_collection,
    yaml.MappingEndEvent: _Walker.end_collection,
    yaml.SequenceEndEvent: _Walker.end_collection,
    yaml.ScalarEvent: _Walker.scalar,
    yaml.AliasEvent: _Walker.alias,
}


def _key_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _short_tag(tag: str) -> str:
    """A tag as a message quotes it: the standard prefix as `!!`, a long tag cut."""
    return shorten("!!" + tag[len(_STD):] if tag.startswith(_STD) else tag)


def _codepoint(character: int | str) -> int:
    return character if isinstance(character, int) else ord(character)
