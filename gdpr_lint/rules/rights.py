"""R: data subject rights that follow from the lawful basis (Arts 7(3), 20, 21)."""

from __future__ import annotations

from collections.abc import Iterator

from gdpr_lint.authoring.fixes import add_right
from gdpr_lint.findings import Severity
from gdpr_lint.model import Activity
from gdpr_lint.registry import Hit, rule

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
    if right == "object" and direct_marketing:
        return True
    return basis in RIGHTS_BY_BASIS and right in RIGHTS_BY_BASIS[basis]


def _lacks(a: Activity, right: str) -> bool:
    return right not in a.rights


_WITHOUT = "rights: [access, rectification, erasure, restriction, complaint]"


@rule(id="R001", title="Right to object not announced", article="Art. 21(1)",
      severity=Severity.ERROR, base="legitimate_interests", bad=_WITHOUT,
      good="rights: [access, rectification, erasure, restriction, object, complaint]",
      fix=add_right("object"))
def object_right(a: Activity) -> Iterator[Hit]:
    """Under legitimate interests or public task, the data subject may object at any time on
    grounds relating to their particular situation (Art. 21(1)), and must be told so
    explicitly and separately (Art. 21(4))."""
    if a.basis in ("legitimate_interests", "public_task") and _lacks(a, "object") \
            and not a.flag("direct_marketing"):
        yield Hit(("rights",), "add object to rights: the right to object applies under "
                  f"{a.basis} (Art. 21(1))")


@rule(id="R002", title="Right to withdraw consent not announced", article="Art. 7(3)",
      severity=Severity.ERROR,
      bad="rights: [access, rectification, erasure, portability, complaint]",
      good="rights: [access, rectification, erasure, portability, withdraw_consent, complaint]",
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
                         "complaint]")
def portability_right(a: Activity) -> Iterator[Hit]:
    """Where processing rests on consent or contract and is carried out by automated means,
    the data subject may receive their data in a structured, commonly used and
    machine-readable format and have it transmitted to another controller (Art. 20(1))."""
    if a.basis in ("consent", "contract") and _lacks(a, "portability"):
        yield Hit(("rights",), f"add portability to rights: it applies under {a.basis} "
                  "(Art. 20(1))")


@rule(id="R004", title="Right announced that the basis does not give",
      article="Art. 20(1); Art. 21(1)", severity=Severity.WARNING, base="legal_obligation",
      bad="rights: [access, rectification, restriction, portability, complaint]",
      good="rights: [access, rectification, restriction, complaint]")
def rights_match_basis(a: Activity) -> Iterator[Hit]:
    """Portability exists only under consent and contract (Art. 20(1)); the Art. 21(1)
    objection only under public task and legitimate interests. Announcing a right that does
    not apply misleads data subjects about what they can ask for (Art. 12(1))."""
    if a.basis not in RIGHTS_BY_BASIS:
        return
    for index, right in enumerate(a.items("rights")):
        if isinstance(right, str) and right in BASIS_DEPENDENT and right != "withdraw_consent" and \
                not basis_gives(a.basis, right, a.flag("direct_marketing")):
            yield Hit(("rights", index), f"{a.basis} does not give the right '{right}': remove "
                      "it, or check the lawful basis")


@rule(id="R005", title="Right to object to direct marketing not announced",
      article="Art. 21(2); Art. 21(3)", severity=Severity.ERROR,
      bad="direct_marketing: true",
      good="direct_marketing: true\nrights: [access, rectification, erasure, portability, "
           "object, withdraw_consent, complaint]",
      fix=add_right("object"))
def marketing_object(a: Activity) -> Iterator[Hit]:
    """Where data are processed for direct marketing, the data subject may object at any
    time, under any lawful basis, and the processing must then stop (Art. 21(2)-(3))."""
    if a.flag("direct_marketing") and _lacks(a, "object"):
        yield Hit(("rights",), "add object to rights: data subjects can always object to "
                  "direct marketing (Art. 21(2))")
