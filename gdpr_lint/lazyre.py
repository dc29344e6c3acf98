"""Regular expressions compiled on first use.

Rule modules are imported at every start-up, including the one-file pre-commit run, and
compiling their larger patterns costs more than the check itself; most runs need few of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator


class LazyRe:
    """A pattern with the `re.Pattern` methods the rules use, compiled when first needed."""

    __slots__ = ("_compiled", "_flags", "_pattern")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._pattern = pattern
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self._pattern, self._flags)
        return self._compiled

    def search(self, string: str, pos: int = 0) -> re.Match[str] | None:
        return self.compiled.search(string, pos)

    def match(self, string: str, pos: int = 0) -> re.Match[str] | None:
        return self.compiled.match(string, pos)

    def finditer(self, string: str) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(string)

    def split(self, string: str) -> list[str]:
        return self.compiled.split(string)


def lazy_re(pattern: str, flags: int = 0) -> LazyRe:
    return LazyRe(pattern, flags)
