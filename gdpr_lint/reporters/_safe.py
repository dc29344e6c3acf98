"""Values from declarations shown safely: a control character cannot forge a report line.

A file name or a YAML value may hold any character a double-quoted scalar can escape: line
breaks, ANSI escape sequences, bidirectional overrides, NUL. Reports show them as visible
escapes (``\\n``, ``\\x1b``, ``\\u202e``), which also keeps XML 1.0 well-formed; a file name
that is not UTF-8 (a lone surrogate once decoded) shows its original byte (``\\xff``).
"""

from __future__ import annotations

from functools import lru_cache

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in (*range(0x20), *range(0x7F, 0xA0)):
        table[code] = _NAMED.get(chr(code), f"\\x{code:02x}")
    del table[ord("\t")]  # harmless in every report, and allowed in XML
    for code in (0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0xFEFF,
                 0xFFFE, 0xFFFF):
        table[code] = f"\\u{code:04x}"
    for code in range(0xD800, 0xE000):
        table[code] = f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF \
            else f"\\u{code:04x}"
    return table


def visible(text: str) -> str:
    """``text`` with every character that could break a line or fool a reader escaped."""
    if text.isprintable():  # the usual case; no character the table escapes is printable
        return text
    return text.translate(_table())
