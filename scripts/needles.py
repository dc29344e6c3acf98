"""The literal texts every match of a pattern holds, read from the standard library's own
parser of regular expressions when gdpr_lint/lint/_needles.py is generated.

Only scripts/generate.py and the tests import this: at run time the package reads the
table it writes, and parses no pattern itself. Whatever the walker does not follow gives
no needles, and the pattern is then simply compiled on first use.
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Iterable, Sequence
from typing import Any

from gdpr_lint.lint.lazyre import fold

# re's parser, which names its opcodes as constants (sre_parse until Python 3.11)
sre: Any = importlib.import_module("re._parser" if sys.version_info >= (3, 11) else "sre_parse")

# (opcode, argument) as the parser gives them; the opcodes are named constants.
Item = tuple[Any, Any]
Needles = frozenset[str] | None
# Repeats of 3.11 and later are looked up by name so that 3.10 reads this too.
_REPEATS = {getattr(sre, n) for n in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
            if hasattr(sre, n)}
_ATOMIC = getattr(sre, "ATOMIC_GROUP", None)
_MOST_WORDS = 256


def needles(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Folded texts (`gdpr_lint.lint.lazyre.fold`) of which every match of ``pattern`` holds one,
    or None. fold compares case as loosely as re.IGNORECASE does, so they hold with or
    without it; a needle of one character would be in nearly every text, so is none."""
    found = _sequence(list(sre.parse(pattern, flags)))
    return found if found and min(map(len, found)) >= 2 else None


def _sequence(items: Sequence[Item]) -> Needles:
    """Needles of items matched one after the other: the most telling of the literal runs
    and of the parts matched at least once. Anything else (a class, an assertion, a
    reference, an optional part) ends a run and adds nothing."""
    best: Needles = None
    run: list[Item] = []
    for op, av in items:
        if op is sre.LITERAL:
            run.append((op, av))
            continue
        # a run goes on into the part after it: "c" + (ustomer|lient), as re factors it
        inner: Needles = None
        if op is sre.SUBPATTERN:
            inner = _sequence([*run, *av[3]])
        elif op is _ATOMIC:
            inner = _sequence([*run, *av])
        elif op is sre.BRANCH:
            inner = _union([[*run, *branch] for branch in av[1]])
        elif op in _REPEATS and av[0] >= 1:
            inner = _sequence([*run, *av[2]])
        best = _better(_better(best, _text(run)), inner)
        run = []
    return _better(best, _text(run))


def _union(branches: Iterable[Sequence[Item]]) -> Needles:
    found: set[str] = set()
    for branch in branches:
        inner = _sequence(branch)
        if inner is None:
            return None  # a branch that may match without any needle
        found |= inner
    return frozenset(found)


def _text(run: Sequence[Item]) -> Needles:
    return frozenset({fold("".join(chr(c) for _, c in run))}) if run else None


def _better(a: Needles, b: Needles) -> Needles:
    """The more telling of two needle sets (the longer shortest needle, then fewer)."""
    if a is None or b is None:
        return a if b is None else b
    return a if (min(map(len, a)), -len(a)) >= (min(map(len, b)), -len(b)) else b


def words(pattern: str, flags: int) -> tuple[bool, frozenset[str]] | None:
    r"""For a pattern of whole words, ``\b(words)\b``, or word beginnings, ``\b(words)\w*``,
    under re.IGNORECASE alone: (whether they are beginnings, the words lower-cased); None
    for any other pattern. Words may be several, joined by single spaces (``\bpenalty
    points\b``). A text's words then answer the pattern without it."""
    items = list(sre.parse(pattern, flags))
    if flags != re.IGNORECASE or len(items) < 3 or items[0] != (sre.AT, sre.AT_BOUNDARY):
        return None
    op, av = items[-1]
    begins = op is sre.MAX_REPEAT and av[:2] == (0, sre.MAXREPEAT) and \
        list(av[2]) == [(sre.IN, [(sre.CATEGORY, sre.CATEGORY_WORD)])]
    if not begins and items[-1] != (sre.AT, sre.AT_BOUNDARY):
        return None
    found = _spelled(items[1:-1])
    if not found or not all(_is_words(w) for w in found):
        return None
    return begins, frozenset(w.lower() for w in found)


def _is_words(text: str) -> bool:
    """Whether ``text`` is words that single spaces join (re's \\w is str.isalnum() and
    the underscore)."""
    return all(w and all(c.isalnum() or c == "_" for c in w) for w in text.split(" "))


def _spelled(items: Sequence[Item]) -> set[str] | None:
    """Every text ``items`` match, when they are few: literals, sets of literals, plain
    groups, alternatives and optional parts."""
    texts = {""}
    for op, av in items:
        options: set[str] | None = None
        if op is sre.LITERAL:
            options = {chr(av)}
        elif op is sre.IN and all(kind is sre.LITERAL for kind, _ in av):
            options = {chr(c) for _, c in av}
        elif op is sre.SUBPATTERN and not av[1] and not av[2]:  # no flags of its own
            options = _spelled(av[3])
        elif op is sre.BRANCH:
            each = [_spelled(branch) for branch in av[1]]
            options = None if None in each else set().union(*each)  # type: ignore[arg-type]
        elif op is sre.MAX_REPEAT and av[:2] == (0, 1):
            inner = _spelled(av[2])
            options = None if inner is None else inner | {""}
        if options is None:
            return None
        texts = {t + o for t in texts for o in options}
        if len(texts) > _MOST_WORDS:
            return None
    return texts


def generate_needles(patterns: Iterable[tuple[str, int]], terms: Iterable[str]) -> str:
    """The source of gdpr_lint/lint/_needles.py: the needles of ``patterns`` (pattern, flags),
    and the words of the S003 ``terms`` that are words (compiled with re.IGNORECASE)."""
    lines = ['"""The literal texts every match of the package\'s patterns holds, and the '
             "words of S003's", "word terms (scripts/needles.py).", "",
             "Generated by scripts/generate.py: do not edit.", '"""', "",
             "NEEDLES: dict[tuple[str, int], tuple[str, ...]] = {"]
    for pattern, flags in sorted({(p, int(f)) for p, f in patterns}):
        found = needles(pattern, flags)
        if found is not None:  # a pattern left out has none
            lines.append(f"    ({pattern!r}, {flags}): {tuple(sorted(found))!r},")
    lines += ["}", "", "WORDS: dict[str, tuple[bool, tuple[str, ...]]] = {"]
    for pattern in sorted(set(terms)):
        spelled = words(pattern, re.IGNORECASE)
        if spelled is not None:
            lines.append(f"    {pattern!r}: ({spelled[0]}, {tuple(sorted(spelled[1]))!r}),")
    lines.append("}")
    return "\n".join(lines) + "\n"
