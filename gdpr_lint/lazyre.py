"""Regular expressions compiled on first use, and only for texts they may match.

Rule modules are imported at every start-up, including the one-file pre-commit run, and
compiling their patterns costs more than the checks themselves. A pattern is compiled when
first needed, and not at all while the texts it is given lack every literal text one of
which each of its matches holds (:func:`gdpr_lint.literal.needles`): a text without
"consent" or "einwilligung" cannot match a pattern made of those words. The answers are
the pattern's own either way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from gdpr_lint.literal import fold, known_needles

_last: tuple[str, str] = ("", "")
_MADE: list[LazyRe] = []


def _folded(text: str) -> str:
    """:func:`fold` of ``text``; the rules ask several patterns about one text in a row."""
    global _last
    last = _last  # read once: another thread may replace it meanwhile
    if last[0] is not text:
        last = _last = (text, fold(text))
    return last[1]


class LazyRe:
    """A pattern with the `re.Pattern` methods the rules use, compiled when first needed."""

    __slots__ = ("_compiled", "_flags", "_needles", "_pattern", "_read")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._pattern = pattern
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None
        self._needles: frozenset[str] | None = None
        self._read = False
        _MADE.append(self)

    @property
    def pattern(self) -> str:
        return self._pattern

    @property
    def flags(self) -> int:
        return self._flags

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self._pattern, self._flags)
        return self._compiled

    def _cannot_match(self, string: str) -> bool:
        if self._compiled is not None:
            return False
        if not self._read:
            self._needles = known_needles(self._pattern, self._flags)
            self._read = True
        if self._needles is None:
            return False
        text = _folded(string)
        return not any(needle in text for needle in self._needles)

    def search(self, string: str, pos: int = 0) -> re.Match[str] | None:
        return None if self._cannot_match(string) else self.compiled.search(string, pos)

    def match(self, string: str, pos: int = 0) -> re.Match[str] | None:
        return None if self._cannot_match(string) else self.compiled.match(string, pos)

    def finditer(self, string: str) -> Iterator[re.Match[str]]:
        return iter(()) if self._cannot_match(string) else self.compiled.finditer(string)

    def split(self, string: str) -> list[str]:
        return [string] if self._cannot_match(string) else self.compiled.split(string)


def lazy_re(pattern: str, flags: int = 0) -> LazyRe:
    return LazyRe(pattern, flags)


def made() -> list[LazyRe]:
    """Every lazy pattern made so far (those of the modules imported)."""
    return list(_MADE)
