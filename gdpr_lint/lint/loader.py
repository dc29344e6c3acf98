"""Read a declaration file into plain data with the line and column of every node.

The file's bytes are read without blocking (a pipe or a device is refused before it is
opened), checked for size, NUL bytes and UTF-8, then read as YAML by `yamltree`, the one
reading of declaration text that the editor shares. Everything wrong with the input becomes
a finding (X001, X002, X003, X006) rather than an exception.
"""

from __future__ import annotations

import os
import stat
from typing import TYPE_CHECKING, Any

from gdpr_lint.lint.findings import Finding
from gdpr_lint.lint.links import outside_link
from gdpr_lint.lint.yamltree import JsonPath as JsonPath  # re-exported: where paths are typed
from gdpr_lint.lint.yamltree import Position as Position
from gdpr_lint.lint.yamltree import TextNode, position_of, problem, read

if TYPE_CHECKING:
    from pathlib import Path

MAX_BYTES = 2 * 1024 * 1024


class Document:
    """A loaded declaration file: its data, source text and where every node stands."""

    __slots__ = ("built", "cut_values", "data", "empty", "flow_items", "key_positions", "path",
                 "positions", "problems", "quoted_spans", "text", "tree")

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
        # Where each quoted or block scalar starts and ends (a `#` there is not a comment).
        self.quoted_spans: list[tuple[Position, Position]] = []
        # The node tree as written, for the commands that edit the text; only when asked.
        self.tree: TextNode | None = None

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


def decode(raw: bytes, path: str, size: int | None = None) -> tuple[str | None, Finding | None]:
    """Bytes to text, or the reason the input is refused (X006).

    ``size`` is the file's size when only its first bytes were read."""
    if len(raw) > MAX_BYTES:
        return None, problem(path, "X006", f"file is {max(size or 0, len(raw)):,} bytes, over "
                             f"the {MAX_BYTES:,}-byte limit for a declaration file; split it",
                             (1, 1))
    if b"\x00" in raw:
        text = raw[: raw.index(b"\x00")].decode("utf-8", "replace")
        return None, problem(path, "X006", "binary content (NUL byte): a declaration is "
                             "UTF-8 text", position_of(text, len(text)))
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        text = raw[: exc.start].decode("utf-8", "replace")
        return None, problem(path, "X006", f"not UTF-8 (byte 0x{raw[exc.start]:02x}); "
                             "save the file as UTF-8", position_of(text, len(text)))


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
    doc.problems.append(problem(display, "X006", message, (1, 1)))
    return doc


def load_document(raw: bytes | str, path: str, size: int | None = None,
                  tree: bool = False) -> Document:
    """Load declaration source (bytes or text) into a :class:`Document`.

    ``tree``: keep the node tree as written as well (``Document.tree``), for a command that
    edits the text; the same walk of the same events builds both."""
    if isinstance(raw, bytes):
        text, refused = decode(raw, path, size)
        if refused is not None or text is None:
            return Document(path, problems=[refused] if refused else [], built=False)
    else:  # the editor's text: the same limit as a file's bytes
        text = raw
        if len(text) > MAX_BYTES // 4 and len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
            return _refused(path, f"text is {len(text.encode('utf-8', 'surrogatepass')):,} "
                            f"bytes, over the {MAX_BYTES:,}-byte limit for a declaration "
                            "file; split it")
    reading = read(text, path, tree)
    doc = Document(path, text, reading.data, reading.positions, reading.key_positions,
                   reading.problems, reading.built, reading.empty, reading.cut_values)
    doc.flow_items = reading.flow_items
    doc.quoted_spans = reading.quoted_spans
    doc.tree = reading.root
    return doc
