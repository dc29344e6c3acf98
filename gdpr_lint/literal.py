"""Patterns compiled only for the texts that may match them.

S003 reads data categories against some 340 case-insensitive patterns in six languages.
Compiling them all costs more than a one-file run spends on everything else, yet a data
category can only match a pattern whose leading literal text ("allerg" for
``\\ballerg(y|ies)\\b``, "santé" for ``\\bsanté\\b``) it contains. :class:`Prefilter`
finds those few through an index of three-character slices, and compiles (once per
process) just the patterns a text may match. What a pattern then matches is decided by
the pattern alone, so the result is the same as searching with all of them.

Case is compared as ``re.IGNORECASE`` compares it, loosened: both sides are lower-cased
and stripped of accents (:func:`fold`), so the prefilter may let a pattern through that
cannot match, never the other way round.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Hashable, Mapping, Sequence
from typing import Generic, TypeVar

Key = TypeVar("Key", bound=Hashable)

# Characters that end the literal start of a pattern.
_SPECIAL = frozenset("\\[](){}?*+|.^$")
_GRAM = 3


def fold(text: str) -> str:
    """``text`` lower-cased and without accents, so that every pair of characters
    ``re.IGNORECASE`` treats as equal folds alike: É and é, the long s and s, the Kelvin
    sign and k, the dotted and dotless capital and small i."""
    text = text.lower()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text.replace("\u0131", "i"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def anchor(pattern: str) -> str | None:
    """Literal text, folded, at the start of every match of ``pattern``; None when there is
    none of at least three characters (the pattern is then always compiled)."""
    if _alternates(pattern):
        return None
    body = pattern.removeprefix("^").removeprefix("\\b")
    end = 0
    while end < len(body) and body[end] not in _SPECIAL:
        end += 1
    if end < len(body) and body[end] in "?*{":
        end -= 1  # a quantifier makes the character before it optional
    found = fold(body[:max(end, 0)])
    return found if len(found) >= _GRAM else None


def _alternates(pattern: str) -> bool:
    """Whether ``pattern`` has a `|` outside any group or character class."""
    depth = 0
    in_class = False
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            if pattern[index + 1:index + 2] == "^":
                index += 1
            if pattern[index + 1:index + 2] == "]":  # a leading ] is a literal
                index += 1
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            return True
        index += 1
    return False


@functools.lru_cache(maxsize=2048)
def compiled(patterns: tuple[str, ...], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """One pattern matching what any of ``patterns`` matches, leftmost alternative first."""
    return re.compile("|".join(f"(?:{p})" for p in patterns), flags)


class Prefilter(Generic[Key]):
    """Groups of patterns, and for a text the patterns of each group it may match."""

    def __init__(self, groups: Mapping[Key, Sequence[str]]) -> None:
        self._groups = {key: tuple(patterns) for key, patterns in groups.items()}
        self._always: dict[Key, list[int]] = {}
        self._index: dict[str, list[tuple[Key, int, str]]] = {}
        for key, patterns in self._groups.items():
            for position, pattern in enumerate(patterns):
                start = anchor(pattern)
                if start is None:
                    self._always.setdefault(key, []).append(position)
                else:
                    self._index.setdefault(start[:_GRAM], []).append((key, position, start))

    def candidates(self, text: str) -> dict[Key, tuple[str, ...]]:
        """For each group, in their order, the patterns that may match ``text`` (groups
        with none are left out)."""
        folded = fold(text)
        grams = {folded[i:i + _GRAM] for i in range(len(folded) - _GRAM + 1)}
        chosen: dict[Key, list[int]] = {k: list(v) for k, v in self._always.items()}
        for gram in grams & self._index.keys():
            for key, position, start in self._index[gram]:
                if start in folded:
                    chosen.setdefault(key, []).append(position)
        return {key: tuple(self._groups[key][p] for p in sorted(set(positions)))
                for key, positions in chosen.items()}
