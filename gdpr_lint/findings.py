"""The finding: what every part of the linter produces and every reporter consumes."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is more serious; used for --fail-on comparisons."""
        return {"error": 3, "warning": 2, "info": 1}[self.value]

    @classmethod
    def parse(cls, text: str) -> Severity:
        return cls(text.strip().lower())

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, order=True)
class Finding:
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
