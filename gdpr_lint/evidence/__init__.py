"""Evidence: files other tools keep about a system, read offline and compared with the record.

Declarations drift from what systems really do. dbt manifests, data contracts, API
descriptions, app privacy manifests, Fides manifests and code scanners' reports already say
which personal data a system holds, which third parties it talks to and how long a contract
keeps data. The configuration's ``evidence:`` list names such files and the system each
describes; each kind has a reader here (one module per kind) that turns the file into what
was seen, in one taxonomy (fideslang's data categories, ``taxonomy.py``); ``compare.py``
sets that against the activities declaring the system (rules E001-E006).

Evidence is data, never code: nothing in it is executed, no reference in it is fetched (an
OpenAPI ``$ref`` to another file or a URL is not followed), every file is read once with a
size limit, and the cost of reading it is linear in its size. None of this is imported unless
evidence is configured.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from gdpr_lint.law.duration import Duration

# The line of the node at a path in the evidence file, 0 where the format gives none.
Lines = Callable[[tuple[str | int, ...]], int]


class Seen(NamedTuple):
    """A field the evidence labels as personal data.

    ``key`` is its fideslang category (None: personal, category unknown); ``name`` the
    field's own name (matched against free-text declarations when the key is unknown);
    ``explicit`` says the evidence labels the category itself (a scanner's guess, or a
    category read from a field's name, is not explicit); ``special_hint`` says the evidence
    marks it as special-category data without saying which.
    """

    key: str | None
    name: str
    where: str
    line: int = 0
    explicit: bool = True
    special_hint: bool = False


class ThirdParty(NamedTuple):
    """A third party the evidence shows: an SDK, a tracking domain, an API's server."""

    name: str
    where: str
    line: int = 0


class KeptFor(NamedTuple):
    """A retention a data contract states, with the categories of the fields it applies to."""

    duration: Duration
    text: str
    keys: tuple[str, ...]
    where: str
    line: int = 0


class EvidenceFile:
    """One configured evidence file as read: what it shows, or why it could not be read."""

    __slots__ = ("kept", "kind", "parties", "path", "problem", "seen", "system")

    def __init__(self, path: str, kind: str | None, system: str | None) -> None:
        self.path = path  # as reports show it
        self.kind = kind
        self.system = system
        self.seen: list[Seen] = []
        self.parties: list[ThirdParty] = []
        self.kept: list[KeptFor] = []
        # Why the file could not be read: (message, line, column).
        self.problem: tuple[str, int, int] | None = None

    def refuse(self, message: str, line: int = 1, column: int = 1) -> EvidenceFile:
        self.problem = (message, max(1, line), max(1, column))
        return self

    @property
    def label(self) -> str:
        return f"{self.path} ({self.kind})" if self.kind else self.path
