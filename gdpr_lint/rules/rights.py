"""R: data subject rights that follow from the lawful basis (Arts 7(3), 20, 21)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from gdpr_lint.law.duration import longer_than_a_month, parse_duration
from gdpr_lint.law.rights import rights_available, rights_by_law, rights_restricted
from gdpr_lint.lint.findings import Severity
from gdpr_lint.lint.model import Activity, Controller
from gdpr_lint.rules.registry import Fix, Hit, rule

if TYPE_CHECKING:
    from gdpr_lint.edit.textedit import Edit
    from gdpr_lint.lint.loader import Document, JsonPath

__all__ = ["BASIS_DEPENDENT", "RIGHTS_BY_BASIS", "basis_gives", "rights_available",
           "rights_restricted"]

# The rights each basis gives, from the GDPR text: portability only under consent and
# contract (Art. 20(1)); the Art. 21(1) objection only under public task and legitimate
# interests; withdrawal under consent (Art. 7(3)). Art. 21(2) objection to direct
# marketing applies under any basis and is handled apart.
RIGHTS_BY_BASIS: dict[str, frozenset[str]] = {
    "consent": frozenset({"portability", "withdraw_consent"}),
    "contract": frozenset({"portability"}),
    "legal_obligation": frozenset(),
    "vital_interests": frozenset(),
    "public_task": frozenset({"object"}),
    "legitimate_interests": frozenset({"object"}),
}
BASIS_DEPENDENT = frozenset().union(*RIGHTS_BY_BASIS.values())


def basis_gives(basis: str | None, right: str, direct_marketing: bool = False) -> bool:
    """The basis alone gives the right (exemptions aside: see `rights_available`, which
    applies the exemptions and Art. 21(6) too)."""
    if right == "object" and direct_marketing:
        return True
    return basis in RIGHTS_BY_BASIS and right in RIGHTS_BY_BASIS[basis]


def _lacks(a: Activity, right: str) -> bool:
    return right not in a.rights


_WITHOUT = "rights: [access, rectification, erasure, restriction, complaint]"


def add_right(right: str) -> Fix:
    """The fix that adds ``right`` to the activity's `rights` list (R001, R002, R005 point
    their findings at the list)."""

    def edits(doc: Document, path: JsonPath) -> list[Edit]:
        from gdpr_lint.edit.edits import append_to_list, value_at

        if not path or path[-1] != "rights":
            return []
        current = value_at(doc.data, path)
        if not isinstance(current, list) or right in current:
            return []
        return append_to_list(doc, path, right)

    return Fix(f"add {right} to rights", edits)


def add_missing_rights(wanted: tuple[str, ...] | None = None) -> Fix:
    """The fix that adds every right the activity gives and `rights` lacks (R003, R006):
    ``wanted`` limits which (None: the rights every basis gives)."""
    core = ("access", "rectification", "erasure", "restriction", "complaint")

    def edits(doc: Document, path: JsonPath) -> list[Edit]:
        from gdpr_lint.edit.edits import append_to_list, value_at
        from gdpr_lint.edit.textedit import Edit
        from gdpr_lint.lint.model import Context

        if not path or path[-1] != "rights":
            return []
        data, current = value_at(doc.data, path[:-1]), value_at(doc.data, path)
        if not isinstance(data, dict) or not isinstance(current, list):
            return []
        available = rights_available(Activity(data, doc, path[:-1], Context()))
        missing = [r for r in wanted or core if r in available and r not in current]
        found = [append_to_list(doc, path, right) for right in missing]
        if not found or not all(len(e) == 1 for e in found):
            return []
        # Each right goes to the end of the list: one insertion, in the rights' order.
        first = found[0][0]
        return [Edit(first.start, first.end, "".join(e[0].text for e in found))]

    what = ", ".join(wanted) if wanted else "the missing rights"
    return Fix(f"add {what} to rights", edits)


@rule(id="R001", title="Right to object not announced", article="Art. 21(1)",
      severity=Severity.ERROR, base="legitimate_interests", bad=_WITHOUT,
      good="rights: [access, rectification, erasure, restriction, object, complaint]",
      fix=add_right("object"))
def object_right(a: Activity) -> Iterator[Hit]:
    """Under legitimate interests or public task, the data subject may object at any time on
    grounds relating to their particular situation (Art. 21(1)), and must be told so
    explicitly and separately (Art. 21(4)). The GDPR itself removes the objection for
    research or statistics necessary for a task in the public interest (Art. 21(6): an
    `art21_6` exemption under public task), and Union or Member State law may restrict it
    (Arts 23, 89(2)-(3): an exemption naming `object`); such exemptions are honoured."""
    if a.basis not in ("legitimate_interests", "public_task") or not _lacks(a, "object") \
            or a.flag("direct_marketing"):
        return
    if "object" in rights_restricted(a):
        return
    yield Hit(("rights",), "add object to rights: the right to object applies under "
              f"{a.basis} (Art. 21(1)), unless an exemption removes it (art21_6 for "
              "public-interest research, or art23/art89_2/art89_3 naming object)")


@rule(id="R002", title="Right to withdraw consent not announced", article="Art. 7(3)",
      severity=Severity.ERROR,
      bad="rights: [access, rectification, erasure, restriction, portability, complaint]",
      good="rights: [access, rectification, erasure, restriction, portability, "
           "withdraw_consent, complaint]",
      fix=add_right("withdraw_consent"))
def withdraw_right(a: Activity) -> Iterator[Hit]:
    """The data subject may withdraw consent at any time, must be told so before giving it,
    and withdrawing must be as easy as consenting (Art. 7(3)). The same holds for explicit
    consent under Art. 9(2)(a)."""
    if (a.basis == "consent" or a.text("art9_condition") == "explicit_consent") \
            and _lacks(a, "withdraw_consent"):
        yield Hit(("rights",), "add withdraw_consent to rights (Art. 7(3))")


@rule(id="R003", title="Right to data portability not announced", article="Art. 20(1)",
      severity=Severity.WARNING, base="contract",
      bad=_WITHOUT, good="rights: [access, rectification, erasure, restriction, portability, "
                         "complaint]",
      fix=add_missing_rights(("portability",)))
def portability_right(a: Activity) -> Iterator[Hit]:
    """Where processing rests on consent or contract and is carried out by automated means,
    the data subject may receive their data in a structured, commonly used and
    machine-readable format and have it transmitted to another controller (Art. 20(1)); so
    also under the explicit consent of Art. 9(2)(a). The right does not apply to processing
    necessary for a task in the public interest or in the exercise of official authority
    (Art. 20(3)), nor to paper files (`manual_only: true`, Art. 20(1)(b)). Union or Member
    State law may restrict it for archiving (Art. 89(3)) or under Art. 23."""
    if _lacks(a, "portability") and "portability" in rights_available(a):
        why = a.basis if a.basis in ("consent", "contract") else "explicit consent"
        yield Hit(("rights",), f"add portability to rights: it applies under {why} "
                  "(Art. 20(1))")


@rule(id="R004", title="Right announced that the basis does not give",
      article="Art. 20(1); Art. 21(1); Art. 21(6)", severity=Severity.WARNING,
      base="legal_obligation",
      bad="rights: [access, rectification, restriction, object, complaint]",
      good="rights: [access, rectification, restriction, complaint]")
def rights_match_basis(a: Activity) -> Iterator[Hit]:
    """The Art. 21(1) objection exists only under public task and legitimate interests; under
    another basis it exists for direct marketing (Art. 21(2)) and for research or statistics
    (Art. 21(6)). Announcing a right that does not apply misleads data subjects about what
    they can ask for (Art. 12(1)). Offering portability where Art. 20(1) does not require it
    (neither consent, explicit consent nor contract) is good practice, not an error (WP242
    rev.01): an `info`. So is announcing erasure under legal obligation or public task, where
    it is limited to what Art. 17(3)(b) leaves."""
    if a.basis not in RIGHTS_BY_BASIS:
        return
    by_law = rights_by_law(a)
    limited_basis = a.basis in ("legal_obligation", "public_task")
    for index, right in enumerate(a.items("rights")):
        if right == "erasure" and limited_basis:
            yield Hit(("rights", index), "erasure is limited here to the extent "
                      f"Art. 17(3)(b) applies (processing under {a.basis}): fine to "
                      "announce, with that limit", Severity.INFO)
        elif not isinstance(right, str) or right in by_law:
            continue
        elif right == "portability":
            why = ("for paper files (Art. 20(1)(b))" if a.flag("manual_only") else
                   "under public_task (Art. 20(3))" if a.basis == "public_task" else
                   f"under {a.basis} (Art. 20(1))")
            yield Hit(("rights", index), f"portability is not a legal right {why}: fine if "
                      "offered voluntarily", Severity.INFO)
        elif right == "object":
            yield Hit(("rights", index), f"{a.basis} does not give the right 'object' "
                      "(Art. 21(1)); it applies only to direct marketing or research and "
                      "statistics (Art. 21(2), 21(6)): remove it, or check the lawful basis")


@rule(id="R005", title="Right to object to direct marketing not announced",
      article="Art. 21(2); Art. 21(3)", severity=Severity.ERROR,
      bad="direct_marketing: true",
      good="direct_marketing: true\nrights: [access, rectification, erasure, restriction, "
           "portability, object, withdraw_consent, complaint]",
      fix=add_right("object"))
def marketing_object(a: Activity) -> Iterator[Hit]:
    """Where data are processed for direct marketing, the data subject may object at any
    time, under any lawful basis, and the processing must then stop (Art. 21(2)-(3))."""
    if a.flag("direct_marketing") and _lacks(a, "object"):
        yield Hit(("rights",), "add object to rights: data subjects can always object to "
                  "direct marketing (Art. 21(2))")


@rule(id="R006", title="A right every basis gives is not announced",
      article="Arts 15-18, 77; Art. 13(2)(b), (d)", severity=Severity.WARNING,
      bad="rights: [access, portability, withdraw_consent]",
      good="rights: [access, rectification, erasure, restriction, portability, "
           "withdraw_consent, complaint]",
      fix=add_missing_rights())
def core_rights(a: Activity) -> Iterator[Hit]:
    """Access, rectification, restriction and the complaint to a supervisory authority exist
    whatever the lawful basis (Arts 15, 16, 18, 77), and the notice must announce them
    (Art. 13(2)(b), (d); Art. 14(2)(c), (e)); erasure too, except where the processing is
    needed for a legal obligation or a public task (Art. 17(3)(b)). An exemption the GDPR
    provides answers for the rights it limits: `art17_3` for erasure; `art23`, `art89_2` or
    `art89_3` for the rights it names (in `rights` or its justification) and can limit."""
    if a.get("rights") is None:
        yield Hit((), "add rights: the rights data subjects have here (access, rectification, "
                  "erasure, restriction, complaint and those the basis adds)")
        return
    available = rights_available(a)
    wanted = [r for r in ("access", "rectification", "erasure", "restriction", "complaint")
              if r in available]
    missing = [r for r in wanted if _lacks(a, r)]
    if missing:
        articles = ", ".join(f"{r} ({available[r]})" for r in missing)
        yield Hit(("rights",), f"add to rights: {articles}; an exemption the GDPR provides "
                  "(art17_3, art23, art89_2, art89_3) answers for a right it limits")


@rule(id="R007", title="No channel for requests, or answers slower than one month",
      article="Art. 12(2)-(3)", severity=Severity.WARNING, scope="controller",
      bad="controller: {id: initech, name: Initech GmbH, contact: privacy@initech.example, "
          "country: DE, requests: {channel: privacy@initech.example, response_time: P2M}}",
      good="controller: {id: initech, name: Initech GmbH, contact: privacy@initech.example, "
           "country: DE, requests: {channel: \"https://initech.example/privacy/requests\", "
           "response_time: P1M}}")
def requests_channel(c: Controller) -> Iterator[Hit]:
    """The controller facilitates the exercise of the rights (Art. 12(2)) and answers a
    request without undue delay and at the latest within one month of receipt (Art. 12(3));
    the two further months Art. 12(3) allows are for complex or numerous requests, announced
    within the first month, not a standing delay. Declare where requests go and how soon
    they are answered. A processor answers no requests of its own (it assists the
    controller, Art. 28(3)(e)), so a `processor` mapping is not asked."""
    if c.path and c.path[-1] == "processor":
        return
    if not c.text("requests", "channel"):
        where = ("requests",) if c.mapping("requests") else ()
        yield Hit(where, "add requests.channel: where data subjects send requests to exercise "
                  "their rights (an email address, a form, a postal address) (Art. 12(2))")
    written = c.text("requests", "response_time")
    if written is None:
        return
    duration = parse_duration(written)
    if duration is None:
        yield Hit(("requests", "response_time"), f"'{written}' is not an ISO 8601 duration: "
                  "write it as P1M, P30D, P2W, ...")
    elif longer_than_a_month(duration):
        yield Hit(("requests", "response_time"), f"{written} is longer than one month: answer "
                  "within one month of receipt (Art. 12(3)); the two-month extension is for "
                  "complex or numerous requests only, announced within the first month")
