"""Regular expressions compiled on first use, and only for texts they may match.

Rule modules are imported at every start-up, including the one-file pre-commit run, and
compiling their patterns costs more than the checks themselves. A pattern is compiled when
first needed, and not at all while the texts it is given lack every literal text one of
which each of its matches holds: a text without "consent" or "einwilligung" cannot match a
pattern made of those words. Those needles are read from the pattern when the package is
built (scripts/needles.py writes them to gdpr_lint/lint/_needles.py); nothing here parses a
pattern, and a pattern the table does not list is compiled on first use. S003's 72 patterns
that are not plain words (look-alikes, exceptions and 17 terms) go through
:class:`Prefilter`, which finds the few of them a text may match through an index of their
needles. The answers are the patterns' own either way.

Case is compared as ``re.IGNORECASE`` compares it, loosened: both sides are lower-cased
and stripped of accents (:func:`fold`), so a pattern may be compiled for a text it cannot
match, never skipped for one it matches.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Hashable, Iterator, Mapping, Sequence
from typing import Generic, TypeVar

Key = TypeVar("Key", bound=Hashable)

_GRAM = 3
_last: tuple[str, str] = ("", "")
_MADE: list[LazyRe] = []


def fold(text: str) -> str:
    """``text`` lower-cased and without accents, so that every pair of characters
    ``re.IGNORECASE`` treats as equal folds alike: É and é, the long s and s, the Kelvin
    sign and k, the dotted and dotless capital and small i."""
    text = text.casefold()  # per character (str.lower makes a final sigma of a Σ)
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text.replace("\u0131", "i"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def cached_fold(text: str) -> str:
    """:func:`fold` of ``text``; the rules ask several patterns about one text in a row."""
    global _last
    last = _last  # read once: another thread may replace it meanwhile
    if last[0] is not text:
        last = _last = (text, fold(text))
    return last[1]


@functools.cache
def _table() -> dict[tuple[str, int], tuple[str, ...]]:
    from gdpr_lint.lint._needles import NEEDLES

    return NEEDLES


class LazyRe:
    """A pattern with the `re.Pattern` methods the rules use, compiled when first needed."""

    __slots__ = ("_compiled", "_flags", "_needles", "_pattern", "_read")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._pattern = pattern
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None
        self._needles: tuple[str, ...] | None = None
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
            self._needles = _table().get((self._pattern, int(self._flags)))
            self._read = True
        if self._needles is None:
            return False
        text = cached_fold(string)
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


class Prefilter(Generic[Key]):
    """Groups of patterns (S003's lists of terms), and for a text the patterns of each
    group it may match: those of whose needles it holds one, found through an index of
    their first three characters. Their needles are read one pattern at a time, as the
    table holds them (`gdpr_lint.rules.text_patterns` lists S003's)."""

    def __init__(self, groups: Mapping[Key, Sequence[str]], flags: int = 0) -> None:
        self._groups = {key: tuple(patterns) for key, patterns in groups.items()}
        self._always: dict[Key, list[int]] = {}
        self._index: dict[str, list[tuple[Key, int, str]]] = {}
        for key, patterns in self._groups.items():
            for position, pattern in enumerate(patterns):
                found = _table().get((pattern, int(flags)))
                if found is None or min(map(len, found)) < _GRAM:
                    self._always.setdefault(key, []).append(position)
                    continue
                for needle in found:
                    self._index.setdefault(needle[:_GRAM], []).append((key, position, needle))

    def candidates(self, text: str) -> dict[Key, tuple[str, ...]]:
        """For each group, in their order, the patterns that may match ``text`` (groups
        with none are left out)."""
        folded = cached_fold(text)
        grams = {folded[i:i + _GRAM] for i in range(len(folded) - _GRAM + 1)}
        chosen: dict[Key, list[int]] = {k: list(v) for k, v in self._always.items()}
        for gram in grams & self._index.keys():
            for key, position, start in self._index[gram]:
                if start in folded:
                    chosen.setdefault(key, []).append(position)
        return {key: tuple(self._groups[key][p] for p in sorted(set(positions)))
                for key, positions in chosen.items()}


@functools.lru_cache(maxsize=2048)
def compiled(patterns: tuple[str, ...], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """One pattern matching what any of ``patterns`` matches, leftmost alternative first:
    given the candidates of a text, what the whole group matches in it (a pattern left
    out matches nowhere in it)."""
    return re.compile("|".join(f"(?:{p})" for p in patterns), flags)


def made() -> list[LazyRe]:
    """Every lazy pattern made so far (those of the modules imported)."""
    return list(_MADE)
