"""Read a declaration file into plain data with the line and column of every node.

The builder works from libyaml's event stream with an explicit stack, so deep nesting cannot
overflow the C or Python stack, alias expansion is counted as it happens, and scalars are
resolved by the YAML 1.2 core schema: ``NO`` stays Norway, ``2026-01-15`` stays a date
string and ``1:30`` stays text. Everything wrong with the input becomes a finding (X001,
X002, X003, X006) rather than an exception.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import yaml

from gdpr_lint.lint.findings import Finding, Severity, shorten
from gdpr_lint.lint.links import outside_link

if TYPE_CHECKING:
    from pathlib import Path

try:  # libyaml is much faster; pure Python is the fallback.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

JsonPath = tuple[str | int, ...]
Position = tuple[int, int]

MAX_BYTES = 2 * 1024 * 1024
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


class Document:
    """A loaded declaration file: its data, source text and where every node stands."""

    __slots__ = ("built", "cut_values", "data", "empty", "flow_items", "key_positions", "path",
                 "positions", "problems", "text")

    def __init__(self, path: str, text: str = "", data: Any = None,
                 positions: dict[JsonPath, Position] | None = None,
                 key_positions: dict[JsonPath, Position] | None = None,
                 problems: list[Finding] | None = None, built: bool = True,
                 empty: bool = False, cut_values: dict[JsonPath, str] | None = None) -> None:
        self.path = path
        self.text = text
        self.data = data
        self.positions = {} if positions is None else positions
        self.key_positions = {} if key_positions is None else key_positions
        self.problems = [] if problems is None else problems
        # False when the loader refused the file (data is then meaningless): one finding
        # says why.
        self.built = built
        # The file holds no YAML content at all (nothing, or only comments and blank lines).
        self.empty = empty
        # Keys of flow mappings (`{...}`) that have no value and follow a text value: most
        # often the rest of that value, cut at a comma. Key path -> the key whose value was cut.
        self.cut_values = {} if cut_values is None else cut_values
        # Items of flow sequences (`[a, b]`) written as plain scalars: the commas between them
        # may have cut one sentence in pieces (X013). Quoted items are left out.
        self.flow_items: set[JsonPath] = set()

    @property
    def loaded(self) -> bool:
        return self.built and not any(p.rule in ("X001", "X006") for p in self.problems)

    def position(self, path: JsonPath) -> Position:
        """The position of the node at ``path``, or of its nearest existing ancestor."""
        path = tuple(path)
        while path not in self.positions and path:
            path = path[:-1]
        return self.positions.get(path, (1, 1))

    def key_position(self, path: JsonPath) -> Position:
        """The position of the key that holds ``path`` (the value's, for list items)."""
        return self.key_positions.get(tuple(path)) or self.position(path)


class _Refused(Exception):
    def __init__(self, rule: str, message: str, position: Position) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message
        self.position = position


class _Frame:
    __slots__ = ("anchor", "container", "flow", "key", "key_seen", "last_text_key", "path",
                 "weight")

    def __init__(self, container: dict[str, Any] | list[Any], path: JsonPath,
                 anchor: str | None, flow: bool = False) -> None:
        self.container = container
        self.path = path
        self.anchor = anchor
        self.weight = 1
        self.key: str | None = None
        self.key_seen: dict[str, int] = {}
        self.flow = flow
        self.last_text_key: str | None = None


def _mark(mark: Any) -> Position:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _line_col(text: str, index: int) -> Position:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _finding(path: str, rule: str, message: str, pos: Position) -> Finding:
    return Finding(path, pos[0], pos[1], rule, Severity.ERROR, message, None, _ARTICLES[rule])


_ARTICLES = {
    "X001": "Art. 30(1)",
    "X002": "Art. 30(1)",
    "X003": "Art. 30(1)",
    "X006": "Art. 30(1)",
}


def decode(raw: bytes, path: str, size: int | None = None) -> tuple[str | None, Finding | None]:
    """Bytes to text, or the reason the input is refused (X006).

    ``size`` is the file's size when only its first bytes were read."""
    if len(raw) > MAX_BYTES:
        return None, _finding(path, "X006", f"file is {max(size or 0, len(raw)):,} bytes, over "
                              f"the {MAX_BYTES:,}-byte limit for a declaration file; split it",
                              (1, 1))
    if b"\x00" in raw:
        text = raw[: raw.index(b"\x00")].decode("utf-8", "replace")
        return None, _finding(path, "X006", "binary content (NUL byte): a declaration is "
                              "UTF-8 text", _line_col(text, len(text)))
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        text = raw[: exc.start].decode("utf-8", "replace")
        return None, _finding(path, "X006", f"not UTF-8 (byte 0x{raw[exc.start]:02x}); "
                              "save the file as UTF-8", _line_col(text, len(text)))


class NotRegularFile(OSError):
    """The path names a folder, a pipe, a socket or a device: nothing to read a file from."""


def read_regular(file: str, limit: int = MAX_BYTES) -> tuple[bytes, int]:
    """The first ``limit`` + 1 bytes of a regular file, and its size.

    The file type is checked before opening (opening a FIFO for reading waits for a writer
    for ever) and again on the open descriptor (the path may have been swapped in between);
    the open itself never blocks."""
    mode = os.stat(file).st_mode
    if not stat.S_ISREG(mode):
        raise NotRegularFile(_kind_of(mode))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(file, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(_kind_of(info.st_mode))
        chunks = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(fd)
    return b"".join(chunks), info.st_size


def _kind_of(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "is a directory, not a declaration file"
    if stat.S_ISFIFO(mode):
        return "is a named pipe (FIFO), not a regular file: it is not read"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a regular file: it is not read"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a regular file: it is not read"
    return "is not a regular file: it is not read"


def read_document(file: str, display: str | None = None, root: Path | None = None) -> Document:
    """Read and load one file; unreadable input becomes an X006 finding, and so does a
    link inside ``root`` (a project's boundary) to a file outside it (`lint/links.py`)."""
    display = display or file
    if (leaves := outside_link(file, root)) is not None:
        return _refused(display, leaves)
    try:
        raw, size = read_regular(file)
    except NotRegularFile as exc:
        if os.path.isdir(file) and not os.access(file, os.R_OK | os.X_OK):
            return _refused(display, "is a folder that cannot be read (permission denied): "
                            "the declarations in it are not linted")
        return _refused(display, str(exc))
    except OSError as exc:
        return _refused(display, f"cannot be read: {exc.strerror or exc}")
    return load_document(raw, display, size)


def _refused(display: str, message: str) -> Document:
    doc = Document(display, built=False)
    doc.problems.append(_finding(display, "X006", message, (1, 1)))
    return doc


def load_document(raw: bytes | str, path: str, size: int | None = None) -> Document:
    """Load declaration source (bytes or text) into a :class:`Document`."""
    doc = Document(path)
    if isinstance(raw, bytes):
        text, refused = decode(raw, path, size)
        if refused is not None or text is None:
            doc.built = False
            doc.problems.append(refused)  # type: ignore[arg-type]
            return doc
    else:  # the editor's text: the same limit as a file's bytes
        text = raw
        if len(text) > MAX_BYTES // 4 and len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
            return _refused(path, f"text is {len(text.encode('utf-8', 'surrogatepass')):,} "
                            f"bytes, over the {MAX_BYTES:,}-byte limit for a declaration "
                            "file; split it")
    doc.text = text
    try:
        _Builder(doc).run(text)
    except _Refused as exc:
        doc.data = None
        doc.built = False
        doc.problems.append(_finding(path, exc.rule, exc.message, exc.position))
    except yaml.MarkedYAMLError as exc:
        doc.data = None
        doc.built = False
        if _parser_depth_limit(exc):
            doc.problems.append(_depth_refusal(doc, text, exc))
            return doc
        where = exc.problem_mark or exc.context_mark
        message = " ".join(str(x) for x in (exc.context, exc.problem) if x)
        hint = _tab_hint(text, where) or ("fix the syntax here (often indentation, a missing "
                                          "':' or an unclosed bracket or quote)")
        doc.problems.append(_finding(path, "X001", f"invalid YAML: {message}; {hint}",
                                     _mark(where)))
    except yaml.reader.ReaderError as exc:
        doc.data = None
        doc.built = False
        pos = _line_col(text, exc.position)
        doc.problems.append(_finding(path, "X001", f"invalid YAML: control character "
                                     f"U+{_codepoint(exc.character):04X} is not allowed; "
                                     "remove it", pos))
    except yaml.YAMLError as exc:  # pragma: no cover - other parser failures
        doc.data = None
        doc.built = False
        doc.problems.append(_finding(path, "X001", f"invalid YAML: {exc}", (1, 1)))
    except (RecursionError, MemoryError, ValueError, TypeError) as exc:
        # A bug or a limit of the parser: this file is lost, never the run.
        doc.data = None
        doc.built = False
        doc.problems.append(_finding(path, "X006", f"cannot be read ({type(exc).__name__}: "
                                     f"{shorten(str(exc), 200)}); please report it", (1, 1)))
    return doc


def _parser_depth_limit(exc: yaml.MarkedYAMLError) -> bool:
    """libyaml's own nesting limit (PyYAML 6.0.4 and later), hit before the builder's."""
    return "maximum nesting depth" in (exc.problem or "")


def _depth_refusal(doc: Document, text: str, exc: yaml.MarkedYAMLError) -> Finding:
    """X006 for nesting libyaml refused, placed where the builder's own limit is crossed.

    libyaml's scanner reads a flow collection's brackets ahead of its events, so it can stop at
    its limit (1,000 levels) before the builder sees level MAX_DEPTH. The text up to libyaml's
    mark holds more than MAX_DEPTH open levels: the pure-Python parser, which has no limit of
    its own, reads that prefix until the builder refuses it, so every PyYAML release reports the
    same finding at the same place.
    """
    mark = exc.problem_mark or exc.context_mark
    prefix = text[: mark.index + 1] if mark is not None else text
    try:
        _Builder(Document(doc.path)).run(prefix, loader=yaml.SafeLoader)
    except _Refused as refused:
        if refused.rule == "X006":
            return _finding(doc.path, refused.rule, refused.message, refused.position)
    except yaml.YAMLError:
        pass
    return _finding(doc.path, "X006", _TOO_DEEP, _mark(mark))


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


class _Builder:
    """Builds plain data and the position index from the event stream."""

    _handlers: dict[type, Callable[[_Builder, Any], None]]

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int] | None] = {}
        self.nodes = 0
        self.documents = 0

    def run(self, text: str, loader: Any = _Loader) -> None:
        handlers = self._handlers
        for event in yaml.parse(text, Loader=loader):
            handler = handlers.get(type(event))
            if handler is not None:
                handler(self, event)
        if self.documents == 0 or (self.doc.data is None and _no_content(text)):
            self.doc.empty = True
            raise _Refused("X003", "empty file: a declaration holds a mapping with "
                           "`activities`, `controllers` or `controller`", (1, 1))

    def document_start(self, event: Any) -> None:
        self.documents += 1
        if self.documents > 1:
            raise _Refused("X003", "more than one YAML document: a declaration file "
                           "holds one mapping", _mark(event.start_mark))

    def end_collection(self, event: Any) -> None:
        frame = self.stack.pop()
        if frame.anchor is not None:
            self.anchors[frame.anchor] = (frame.container, frame.weight)
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

    def place(self, value: Any, event: Any) -> None:
        """Attach a finished value to its parent (or make it the document's data)."""
        if not self.stack:
            self.doc.data = value
            return
        top = self.stack[-1]
        if isinstance(top.container, list):
            top.container.append(value)
        else:
            assert top.key is not None
            key, top.key = top.key, None
            if key not in top.container:
                top.container[key] = value

    def start_collection(self, event: Any) -> None:
        if len(self.stack) >= MAX_DEPTH:
            raise _Refused("X006", _TOO_DEEP, _mark(event.start_mark))
        path = self.child_path(event)
        if path is None:
            raise _Refused("X003", "a mapping key must be a plain value, not a "
                           "list or mapping", _mark(event.start_mark))
        self.check_tag(event, "map" if isinstance(event, yaml.MappingStartEvent) else "seq")
        container: dict[str, Any] | list[Any] = (
            {} if isinstance(event, yaml.MappingStartEvent) else [])
        self.count(1, event)
        self.record(path, event)
        if event.anchor is not None:
            self.anchors[event.anchor] = None  # in progress: an alias to it is recursive
        self.place(container, event)
        self.stack.append(_Frame(container, path, event.anchor, flow=bool(event.flow_style)))

    def record(self, path: JsonPath, event: Any) -> None:
        if path not in self.doc.positions:
            self.doc.positions[path] = _mark(event.start_mark)

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
        if path is None:  # a mapping key
            if event.anchor is not None:  # an anchored key (YAML test suite HMQ5)
                self.anchors[event.anchor] = (value, 1)
            self.key(event.value if isinstance(value, str) else str(event.value), event)
            return
        top = self.stack[-1] if self.stack else None
        if top is not None and top.flow and isinstance(top.container, dict) and \
                top.key is not None:
            if value is None and event.value == "" and event.implicit[0] and \
                    top.last_text_key is not None:
                self.doc.cut_values[path] = top.last_text_key
            top.last_text_key = top.key if isinstance(value, str) else None
        self.record(path, event)
        if top is not None and top.flow and not event.style and isinstance(top.container, list):
            self.doc.flow_items.add(path)
        if event.anchor is not None:
            self.anchors[event.anchor] = (value, 1)
        if self.stack:
            self.stack[-1].weight += 1
        self.place(value, event)

    def key(self, key: str, event: Any) -> None:
        top = self.stack[-1]
        if key in top.key_seen:
            self.doc.problems.append(_finding(
                self.doc.path, "X002",
                f"duplicate key '{shorten(key)}' (first at line {top.key_seen[key]}): a "
                "repeated key would silently replace the first; keep one",
                _mark(event.start_mark)))
        else:
            top.key_seen[key] = event.start_mark.line + 1
            self.doc.key_positions[(*top.path, key)] = _mark(event.start_mark)
        top.key = key

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
        value, weight = target
        path = self.child_path(event)
        if path is None:
            if isinstance(value, (dict, list)):
                raise _Refused("X003", "a mapping key must be a plain value, not a list or "
                               "mapping (here through an alias)", _mark(event.start_mark))
            self.count(1, event)
            self.key(value if isinstance(value, str) else _key_text(value), event)
            return
        self.count(weight, event)
        self.record(path, event)
        if self.stack:
            self.stack[-1].weight += weight
        self.place(value, event)


_Builder._handlers = {
    yaml.DocumentStartEvent: _Builder.document_start,
    yaml.MappingStartEvent: _Builder.start_collection,
    yaml.SequenceStartEvent: _Builder.start_collection,
    yaml.MappingEndEvent: _Builder.end_collection,
    yaml.SequenceEndEvent: _Builder.end_collection,
    yaml.ScalarEvent: _Builder.scalar,
    yaml.AliasEvent: _Builder.alias,
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
