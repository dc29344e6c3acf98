"""The rule registry: every rule is declared once, with the metadata that documents it."""

import importlib
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

from gdpr_lint.lint.findings import Finding, Severity
from gdpr_lint.lint.loader import Document, JsonPath

if TYPE_CHECKING:
    from gdpr_lint.edit.textedit import Edit

RULE_MODULES = (
    "structure", "lawful_basis", "legitimate_interests", "public_authority", "special",
    "automated", "rights", "transparency", "record", "transfers", "retention", "dpia",
    "processors", "organisation", "evidence", "marketing", "reuse", "governance",
)


class Hit(NamedTuple):
    """What a rule yields: where (relative to what it checks) and what to change."""

    path: JsonPath
    message: str
    severity: Severity | None = None


Check = Callable[[Any], Iterator[Hit]]


class Fix(NamedTuple):
    """A fix with one right answer, declared beside the rule's check.

    ``edits`` receives the document and the path of the node a finding points at, and
    returns the text edits that correct it (none when this occurrence has no single right
    answer). ``--fix``, the language server's code actions and ``explain`` all use it.
    """

    title: str
    edits: Callable[[Document, JsonPath], list["Edit"]]
    # For a finding that points at no node (a suppression comment): its edits from the
    # document and the finding itself.
    at_finding: Callable[[Document, Finding], list["Edit"]] | None = None
    # False for a fix an author applies knowingly, one at a time (the editor's quick fix),
    # which `--fix` and the editor's fix-all leave alone.
    safe: bool = True
# An example is its text, or a function that makes it when first asked (some are whole
# generated files, too costly to build at every start-up).
Example = str | Callable[[], str]


class Rule(NamedTuple):
    """A rule and its documentation.

    ``scope`` says what ``check`` receives: ``activity`` or ``controller`` for the per-node
    rules; ``input`` and ``project`` rules are raised by the loader, the schema pass, the
    suppression reader or the engine's cross-file checks and have no ``check`` of their own;
    ``organisation`` rules are raised by `gdpr-lint aggregate` across repositories' records
    (their examples are record files);
    ``evidence`` rules, where the record is compared with evidence files (§13).
    ``bad``/``good`` are executable examples: for per-node rules, fields laid over a clean
    example activity (``base`` names which); for evidence rules, a small repository
    (``rules/evidence.py``); for the others, a whole declaration file.
    ``covers`` names the activity fields whose schema errors this rule reports instead of X003.
    """

    id: str
    title: str
    article: str
    severity: Severity
    rationale: str
    bad_example: Example
    good_example: Example
    scope: str = "activity"
    base: str = "consent"
    covers: tuple[str, ...] = ()
    check: Check | None = None
    origin: str = "built-in"
    message: str = ""
    fix: Fix | None = None
    # Other scopes the same check also runs on (transfer and X rules read processor
    # activities as they read activities); examples stay on ``scope``.
    also: tuple[str, ...] = ()
    # Reference text `explain` prints after the rationale (dated legal facts the rule reads,
    # such as the adequacy decisions for T003), made when asked.
    reference: Callable[[], list[str]] | None = None

    @property
    def bad(self) -> str:
        return self.bad_example() if callable(self.bad_example) else self.bad_example

    @property
    def good(self) -> str:
        return self.good_example() if callable(self.good_example) else self.good_example


_RULES: dict[str, Rule] = {}


def _cleandoc(text: str) -> str:
    """inspect.cleandoc without importing inspect (a cost at every start-up)."""
    lines = text.expandtabs().split("\n")
    rest = [line for line in lines[1:] if line.strip()]
    margin = min((len(line) - len(line.lstrip()) for line in rest), default=0)
    cleaned = [lines[0].strip()] + [line[margin:].rstrip() for line in lines[1:]]
    return "\n".join(cleaned).strip("\n")


def register(rule_: Rule) -> Rule:
    if rule_.id in _RULES:
        raise ValueError(f"rule {rule_.id} is declared twice")
    _RULES[rule_.id] = rule_
    return rule_


def rule(*, id: str, title: str, article: str, severity: Severity, bad: Example,
         good: Example,
         scope: str = "activity", base: str = "consent",
         covers: tuple[str, ...] = (), also: tuple[str, ...] = (),
         fix: Fix | None = None,
         reference: Callable[[], list[str]] | None = None) -> Callable[[Check], Check]:
    """Declare a rule: the decorated function's docstring is its rationale."""

    def decorate(check: Check) -> Check:
        register(Rule(id, title, article, severity, _cleandoc(check.__doc__ or ""),
                      bad, good, scope, base, covers, check, also=also, fix=fix,
                      reference=reference))
        return check

    return decorate


def declare(*, id: str, title: str, article: str, severity: Severity, rationale: str,
            bad: Example, good: Example, scope: str = "input", fix: Fix | None = None) -> None:
    """Declare a rule that has no check function (raised by the loader, schema or engine)."""
    register(Rule(id, title, article, severity, _cleandoc(rationale),
                  bad, good, scope, fix=fix))


def builtin_rules() -> dict[str, Rule]:
    """All built-in rules by ID; the rule modules are imported on first use."""
    for name in RULE_MODULES:  # already-imported modules cost a dict look-up
        importlib.import_module(f"gdpr_lint.rules.{name}")
    return dict(sorted(_RULES.items()))
