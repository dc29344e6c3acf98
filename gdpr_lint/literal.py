"""Patterns compiled only for the texts that may match them.

Python compiles a regular expression in Python code, and the rules' patterns cost a
one-file run more than everything else it does. Yet most patterns hold literal text that
every match contains ("allerg" in ``\\ballerg(y|ies)\\b``; one of "face" or "touch" in
``\\b(face|touch) ?id\\b``): :func:`needles` reads it from the pattern, and a text that
holds none of it cannot match, so the pattern need not be compiled for it.
:class:`Prefilter` does that for S003's some 340 term patterns at once, through an index
of three-character slices; `gdpr_lint.lazyre` for single patterns. What a pattern then
matches is decided by the pattern alone, so the answers are the same as without.

Case is compared as ``re.IGNORECASE`` compares it, loosened: both sides are lower-cased
and stripped of accents (:func:`fold`), so a pattern may be let through that cannot
match, never the other way round.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Generic, TypeVar

Key = TypeVar("Key", bound=Hashable)

_GRAM = 3


def fold(text: str) -> str:
    """``text`` lower-cased and without accents, so that every pair of characters
    ``re.IGNORECASE`` treats as equal folds alike: É and é, the long s and s, the Kelvin
    sign and k, the dotted and dotless capital and small i."""
    text = text.casefold()  # per character (str.lower makes a final sigma of a Σ)
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text.replace("\u0131", "i"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@functools.lru_cache(maxsize=2048)
def compiled(patterns: tuple[str, ...], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """One pattern matching what any of ``patterns`` matches, leftmost alternative first."""
    return re.compile("|".join(f"(?:{p})" for p in patterns), flags)


class Prefilter(Generic[Key]):
    """Groups of patterns, and for a text the patterns of each group it may match."""

    def __init__(self, groups: Mapping[Key, Sequence[str]],
                 flags: int = re.IGNORECASE) -> None:
        self._groups = {key: tuple(patterns) for key, patterns in groups.items()}
        self._always: dict[Key, list[int]] = {}
        self._index: dict[str, list[tuple[Key, int, str]]] = {}
        for key, patterns in self._groups.items():
            for position, pattern in enumerate(patterns):
                found = known_needles(pattern, flags)
                if found is None or min(map(len, found)) < _GRAM:
                    self._always.setdefault(key, []).append(position)
                    continue
                for needle in found:
                    self._index.setdefault(needle[:_GRAM], []).append((key, position, needle))

    def groups(self) -> dict[Key, tuple[str, ...]]:
        return dict(self._groups)

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


# -- the literal texts a match must hold ---------------------------------------------------
class _Unknown(Exception):
    """A construct the analysis does not follow: the pattern is then always compiled."""


_ZERO_WIDTH = frozenset("bBAZ")
_CLASSES = frozenset("dDsSwW")
# A set of texts a match holds one of; None where nothing is known.
_Needles = frozenset[str] | None


def needles(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Folded texts of which every match of ``pattern`` holds at least one, or None.

    The pattern is read as far as the constructs the rules use: literals and escapes,
    classes, groups of every kind, alternatives and quantifiers; anything else (verbose
    mode, conditionals, a misread) gives None, and the pattern is compiled as usual.
    """
    if flags & re.VERBOSE:
        return None
    try:
        found, end = _alternatives(pattern, 0)
    except (_Unknown, IndexError):
        return None
    if end != len(pattern) or found is None:
        return None
    return found if min(map(len, found)) >= 2 else None


def _better(a: _Needles, b: _Needles) -> _Needles:
    """The more telling of two needle sets (the longer shortest needle, then fewer)."""
    if a is None or b is None:
        return a if b is None else b
    return a if (min(map(len, a)), -len(a)) >= (min(map(len, b)), -len(b)) else b


def _alternatives(pattern: str, at: int) -> tuple[_Needles, int]:
    """Needles of the alternatives from ``at`` to the `)` that closes them (or the end)."""
    found: set[str] = set()
    known = True
    while True:
        branch, at = _sequence(pattern, at)
        if branch is None:
            known = False
        else:
            found |= branch
        if at < len(pattern) and pattern[at] == "|":
            at += 1
            continue
        return (frozenset(found) if known and found else None), at


def _sequence(pattern: str, at: int) -> tuple[_Needles, int]:
    best: _Needles = None
    run = ""
    while at < len(pattern) and pattern[at] not in "|)":
        literal, inner, at = _item(pattern, at)
        low, at = _quantifier(pattern, at)
        if literal is not None and low >= 1:
            run += literal
            if low == 1 and not _repeats(pattern, at):
                continue  # exactly once: the run goes on
        if run:
            best = _better(best, frozenset({fold(run)}))
            run = ""
        if inner is not None and low >= 1:
            best = _better(best, inner)
    if run:
        best = _better(best, frozenset({fold(run)}))
    return best, at


def _repeats(pattern: str, at: int) -> bool:
    """Whether the item just read was quantified (it may then occur more than once)."""
    return at > 0 and pattern[at - 1] in "+*}?" and not _escaped(pattern, at - 1)


def _escaped(pattern: str, index: int) -> bool:
    slashes = 0
    while index - slashes - 1 >= 0 and pattern[index - slashes - 1] == "\\":
        slashes += 1
    return slashes % 2 == 1


def _item(pattern: str, at: int) -> tuple[str | None, _Needles, int]:
    """One item: (its literal character, or the needles of a group, the next index)."""
    char = pattern[at]
    if char == "\\":
        escaped = pattern[at + 1]
        if escaped in "xuUN0123456789":
            return None, None, _escape_end(pattern, at)
        if escaped in _ZERO_WIDTH or escaped in _CLASSES or escaped.isdigit() or \
                escaped.isalpha():
            return None, None, at + 2  # an assertion, a class, a reference, a control
        return escaped, None, at + 2
    if char == "[":
        return None, None, _class_end(pattern, at)
    if char == "(":
        return _group(pattern, at)
    if char in ".^$":
        return None, None, at + 1
    if char in "*+?":
        raise _Unknown(pattern)
    return char, None, at + 1  # a `{` that is not a quantifier is a literal


def _escape_end(pattern: str, at: int) -> int:
    """The index after a numeric or named escape at ``at`` (its value is not read)."""
    kind = pattern[at + 1]
    if kind == "N":
        if pattern[at + 2] != "{":
            raise _Unknown(pattern)
        return pattern.index("}", at) + 1
    if kind in "xuU":
        return at + 2 + {"x": 2, "u": 4, "U": 8}[kind]
    end = at + 2
    if kind == "0":  # octal: up to two more octal digits
        while end < at + 4 and end < len(pattern) and pattern[end] in "01234567":
            end += 1
        return end
    if end < len(pattern) and pattern[end] in "0123456789":
        if kind in "01234567" and pattern[end] in "01234567" and end + 1 < len(pattern) \
                and pattern[end + 1] in "01234567":
            return end + 2  # three octal digits
        return end + 1  # a two-digit group reference
    return end


def _class_end(pattern: str, at: int) -> int:
    at += 1
    if pattern[at] == "^":
        at += 1
    if pattern[at] == "]":
        at += 1
    while pattern[at] != "]":
        at += 2 if pattern[at] == "\\" else 1
    return at + 1


def _group(pattern: str, at: int) -> tuple[str | None, _Needles, int]:
    at += 1
    zero_width = False
    if pattern.startswith("?", at):
        head = pattern[at + 1]
        if head == ":":
            at += 2
        elif head == "P" and pattern[at + 2] == "<":
            at = pattern.index(">", at) + 1
        elif head in "=!" or pattern.startswith(("<=", "<!"), at + 1):
            zero_width = True
            at += 2 if head in "=!" else 3
        elif head == "#":  # ends at the first `)` that is not escaped
            at += 2
            while pattern[at] != ")":
                at += 2 if pattern[at] == "\\" else 1
            return None, None, _transparent(pattern, at + 1)
        else:  # inline flags: (?i:...) scoped, (?i) for the whole pattern
            end = at + 1
            while pattern[end] in "aiLmsux-":
                end += 1
            if "x" in pattern[at + 1:end]:
                raise _Unknown(pattern)
            if pattern[end] == ")":
                return None, None, _transparent(pattern, end + 1)
            if pattern[end] != ":":
                raise _Unknown(pattern)
            at = end + 1
    inner, at = _alternatives(pattern, at)
    if pattern[at] != ")":
        raise _Unknown(pattern)
    return None, (None if zero_width else inner), at + 1


def _transparent(pattern: str, at: int) -> int:
    """``at``, after a comment or (Python 3.10: anywhere) global flags, which re skips: a
    quantifier after one repeats the item before it, which is not followed here."""
    if at < len(pattern) and pattern[at] in "?*+{":
        raise _Unknown(pattern)
    return at


def _quantifier(pattern: str, at: int) -> tuple[int, int]:
    """The least number of times the item before ``at`` occurs, and the next index."""
    if at >= len(pattern) or pattern[at] not in "?*+{":
        return 1, at
    char = pattern[at]
    if char == "{":
        close = pattern.find("}", at)
        body = pattern[at + 1:close] if close > 0 else ""
        low = body.split(",")[0]
        if close < 0 or not all(c in "0123456789" for c in body.replace(",", "", 1)):
            return 1, at  # not a quantifier: a literal brace, read as a literal next
        at, least = close + 1, int(low or "0")
    else:
        at, least = at + 1, 1 if char == "+" else 0
    if at < len(pattern) and pattern[at] in "?+":
        at += 1  # lazy or possessive
    return least, at


# -- needles read ahead of time ------------------------------------------------------------
@functools.cache
def _table() -> dict[tuple[str, int], tuple[str, ...] | None]:
    from gdpr_lint._needles import NEEDLES

    return NEEDLES


def known_needles(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """:func:`needles`, read from the table scripts/generate.py writes for the package's
    own patterns (reading them costs a one-file run more than it saves), else worked out."""
    key = (pattern, int(flags))
    table = _table()
    if key not in table:
        return needles(pattern, flags)
    found = table[key]
    return None if found is None else frozenset(found)


def generate_needles(patterns: Iterable[tuple[str, int]]) -> str:
    """The source of gdpr_lint/_needles.py for ``patterns`` (pattern, flags)."""
    lines = ['"""The literal texts every match of the package\'s patterns holds '
             '(gdpr_lint.literal.needles).', "",
             "Generated by scripts/generate.py: do not edit.", '"""', "",
             "NEEDLES: dict[tuple[str, int], tuple[str, ...] | None] = {"]
    for pattern, flags in sorted(set((p, int(f)) for p, f in patterns)):
        found = needles(pattern, flags)
        value = None if found is None else tuple(sorted(found))
        lines.append(f"    ({pattern!r}, {flags}): {value!r},")
    lines.append("}")
    return "\n".join(lines) + "\n"
