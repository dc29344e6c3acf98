"""The rule registry: every rule is declared once, with the metadata that documents it."""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

from gdpr_lint.findings import Severity
from gdpr_lint.loader import JsonPath

RULE_MODULES = (
    "structure", "lawful_basis", "legitimate_interests", "public_authority", "special",
    "automated", "rights", "transparency", "record", "transfers", "retention", "dpia",
)


class Hit(NamedTuple):
    """What a rule yields: where (relative to what it checks) and what to change."""

    path: JsonPath
    message: str
    severity: Severity | None = None


Check = Callable[[Any], Iterator[Hit]]


@dataclass(frozen=True)
class Rule:
    """A rule and its documentation.

    ``scope`` says what ``check`` receives: ``activity`` or ``controller`` for the per-node
    rules; ``input`` and ``project`` rules are raised by the loader, the schema pass, the
    suppression reader or the engine's cross-file checks and have no ``check`` of their own.
    ``bad``/``good`` are executable examples: for per-node rules, fields laid over a clean
    example activity (``base`` names which); for the others, a whole declaration file.
    ``covers`` names the activity fields whose schema errors this rule reports instead of X003.
    """

    id: str
    title: str
    article: str
    severity: Severity
    rationale: str
    bad: str
    good: str
    scope: str = "activity"
    base: str = "consent"
    covers: tuple[str, ...] = ()
    check: Check | None = None
    origin: str = "built-in"
    message: str = ""

    @property
    def summary(self) -> str:
        return f"{self.id} [{self.severity}] {self.title} ({self.article})"


_RULES: dict[str, Rule] = {}


def register(rule_: Rule) -> Rule:
    if rule_.id in _RULES:
        raise ValueError(f"rule {rule_.id} is declared twice")
    _RULES[rule_.id] = rule_
    return rule_


def rule(*, id: str, title: str, article: str, severity: Severity, bad: str, good: str,
         scope: str = "activity", base: str = "consent",
         covers: tuple[str, ...] = ()) -> Callable[[Check], Check]:
    """Declare a rule: the decorated function's docstring is its rationale."""

    def decorate(check: Check) -> Check:
        register(Rule(id, title, article, severity, inspect.cleandoc(check.__doc__ or ""),
                      bad, good, scope, base, covers, check))
        return check

    return decorate


def declare(*, id: str, title: str, article: str, severity: Severity, rationale: str,
            bad: str, good: str, scope: str = "input") -> None:
    """Declare a rule that has no check function (raised by the loader, schema or engine)."""
    register(Rule(id, title, article, severity, inspect.cleandoc(rationale),
                  bad, good, scope))


def builtin_rules() -> dict[str, Rule]:
    """All built-in rules by ID; the rule modules are imported on first use."""
    if not _RULES:
        for name in RULE_MODULES:
            importlib.import_module(f"gdpr_lint.rules.{name}")
    return dict(sorted(_RULES.items()))
