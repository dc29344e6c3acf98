"""The finding: what every part of the linter produces and every reporter consumes.

The classes a `gdpr-lint check` run creates (this one, the rule registry's, the loaded
`Document`, `Config`, the model's nodes, the engine's results) are NamedTuples or plain
classes with `__slots__`, not dataclasses: `@dataclass` compiles each class's methods from
source at every start-up, and importing `dataclasses` imports `inspect` and `ast`, which
together cost a one-file pre-commit run about a fifth of its instructions. Commands that
run rarely (register, review, authoring) keep their dataclasses.

A module that defines a NamedTuple does without `from __future__ import annotations`:
typing compiles field types given as text, and the first compile() of a run initialises
the compiler's syntax-tree types, which costs as much as five dataclasses.
"""

import enum
import functools
import re
from typing import NamedTuple


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is more serious; used for --fail-on comparisons."""
        return {"error": 3, "warning": 2, "info": 1}[self.value]

    @classmethod
    def parse(cls, text: str) -> "Severity":
        return cls(text.strip().lower())

    def __str__(self) -> str:
        return self.value


class Finding(NamedTuple):
    """One problem at one place. Field order makes a list of findings sort naturally."""

    path: str
    line: int
    column: int
    rule: str
    severity: Severity
    message: str
    activity: str | None = None
    article: str = ""

    def location(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"

    def sort_key(self) -> tuple[str, int, int, str, str, str, bool, str, str]:
        # A finding without an activity sorts before every id: None and text never meet.
        return (self.path, self.line, self.column, self.rule, self.severity.value,
                self.message, self.activity is not None, self.activity or "", self.article)

    # Findings compare with findings only, by sort key: a full, consistent ordering in which
    # equal means the same finding, and never equal to (or ordered against) a plain tuple.
    def __eq__(self, other: object) -> bool:
        return isinstance(other, Finding) and self.sort_key() == other.sort_key()

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(self.sort_key())

    def __lt__(self, other: object) -> bool:
        return self.sort_key() < _key_of(other)

    def __le__(self, other: object) -> bool:
        return self.sort_key() <= _key_of(other)

    def __gt__(self, other: object) -> bool:
        return self.sort_key() > _key_of(other)

    def __ge__(self, other: object) -> bool:
        return self.sort_key() >= _key_of(other)


def _key_of(other: object) -> tuple[str, int, int, str, str, str, bool, str, str]:
    if not isinstance(other, Finding):
        raise TypeError(f"a Finding is not ordered against {type(other).__name__}")
    return other.sort_key()


def shorten(value: object, limit: int = 80) -> str:
    """A value as a message quotes it: long text cut with an ellipsis."""
    try:
        text = value if isinstance(value, str) else repr(value)
    except ValueError:  # an integer too long to print
        text = f"a number of {len(hex(value)) if isinstance(value, int) else '?'} hex digits"
    return text if len(text) <= limit else text[: limit - 1] + "…"


_ARTICLE_IN_MESSAGE = re.compile(r"\s*\((Arts?\.? ?[0-9][^()]*(?:\([^()]*\)[^()]*)*)\)")


def _article_refs(text: str) -> list[str] | None:
    """"Art. 7(1); Art. 7(3)" or "Arts 13, 14" as single references; None if not only that."""
    refs: list[str] = []
    for part in re.split(r";\s*", text.strip()):
        match = re.fullmatch(r"Arts?\.? ?([0-9][0-9a-z()\-]*(?:(?:,| and) [0-9][0-9a-z()\-]*)*)",
                             part.strip())
        if match is None:
            return None
        for number in re.split(r",\s*| and ", match.group(1)):
            points = re.fullmatch(r"(.*)\(([a-z])\)-\(([a-z])\)", number)
            paragraphs = re.fullmatch(r"(.*)\(([0-9]{1,2})\)-\(([0-9]{1,2})\)", number)
            if points:  # 30(1)(b)-(c): each point of the range
                refs.extend(f"Art. {points.group(1)}({chr(c)})"
                            for c in range(ord(points.group(2)), ord(points.group(3)) + 1))
            elif paragraphs:  # 12(2)-(3): each paragraph of the range
                refs.extend(f"Art. {paragraphs.group(1)}({n})"
                            for n in range(int(paragraphs.group(2)), int(paragraphs.group(3)) + 1))
            else:
                refs.append(f"Art. {number}")
    return refs


@functools.lru_cache(maxsize=4096)  # rules repeat the same few messages
def without_repeated_article(message: str, article: str) -> str:
    """The message without a parenthesised article reference that the finding's own article
    already gives (reporters print that article next to the message)."""
    given = _article_refs(article) if article else None
    if not given or "(Art" not in message:
        return message

    def drop(match: re.Match[str]) -> str:
        refs = _article_refs(match.group(1))
        if refs and all(any(g == r or g.startswith(r + "(") for g in given) for r in refs):
            return ""
        return match.group(0)

    return _ARTICLE_IN_MESSAGE.sub(drop, message)
