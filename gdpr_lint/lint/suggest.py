"""Did-you-mean for identifiers, at a cost that stays linear in the input.

A repository declares a handful of controllers, and difflib's ranking over all of them is
cheap. A hostile or generated file may declare ten thousand and refer to ten thousand more
that do not exist; comparing each reference with every id is then quadratic. So each
distinct unknown id is looked up once, and over a few hundred ids the candidates come from an
index of single-character deletions (the SymSpell idea), which finds every id within two
edits of the reference without looking at the others.
"""

from __future__ import annotations

from collections.abc import Iterable

# Up to this many known ids, difflib compares the reference with each of them.
SCAN_LIMIT = 300
# Ids longer than this are not indexed (no typo of a 200-character id is worth a suggestion).
INDEX_LENGTH = 64
CUTOFF = 0.6


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))} | {word}


class Suggestions:
    """Close matches among ``known``, computed once per distinct word."""

    def __init__(self, known: Iterable[str]) -> None:
        self.known = list(dict.fromkeys(known))
        self.cache: dict[str, str | None] = {}
        self.index: dict[str, list[str]] | None = None

    def _candidates(self, word: str) -> list[str]:
        if len(self.known) <= SCAN_LIMIT:
            return self.known
        if self.index is None:
            self.index = {}
            for name in self.known:
                if len(name) <= INDEX_LENGTH:
                    for variant in _deletions(name):
                        self.index.setdefault(variant, []).append(name)
        if len(word) > INDEX_LENGTH:
            return []
        found: dict[str, None] = {}
        for variant in _deletions(word):
            for name in self.index.get(variant, ()):
                found[name] = None
        return list(found)

    def closest(self, word: str) -> str | None:
        """The known word most like ``word`` (difflib's ratio of at least 0.6), or None."""
        if word not in self.cache:
            candidates = self._candidates(word)
            close = _close_matches(word, candidates) if candidates else []
            self.cache[word] = close[0] if close else None
        return self.cache[word]


def _close_matches(word: str, candidates: list[str]) -> list[str]:
    import difflib  # only when there is something to compare with

    return difflib.get_close_matches(word, candidates, n=1, cutoff=CUTOFF)
