"""A: decisions based solely on automated processing (Art. 22)."""

from __future__ import annotations

from collections.abc import Iterator

from gdpr_lint.lint.findings import Severity
from gdpr_lint.lint.model import Activity
from gdpr_lint.rules.registry import Hit, rule

AD = "automated_decisions"
SAFEGUARDS = ("human_intervention", "express_view", "contest")
_DPIA = "\ndpia: {reference: DPIA-2026-04, date: 2026-04-20}"
_SCORING = "automated_decisions: {legal_or_similar_effect: true"
_SAFE = ", safeguards: [human_intervention, express_view, contest]"


@rule(id="A001", title="Significant automated decisions without an Art. 22(2) exception",
      article="Art. 22(1); Art. 22(2)", severity=Severity.ERROR, base="contract",
      bad=_SCORING + "}" + _DPIA,
      good=_SCORING + ", exception: contract" + _SAFE + "}" + _DPIA)
def exception_required(a: Activity) -> Iterator[Hit]:
    """Data subjects have the right not to be subject to a decision based solely on
    automated processing that produces legal or similarly significant effects (Art. 22(1)),
    unless it is necessary for a contract, authorised by law, or based on explicit consent
    (Art. 22(2))."""
    if a.flag(AD, "legal_or_similar_effect") and not a.text(AD, "exception"):
        yield Hit((AD,), "add automated_decisions.exception: contract, law or "
                  "explicit_consent (Art. 22(2)), or keep a human in the decision")


@rule(id="A002", title="Automated decisions authorised by law without the law",
      article="Art. 22(2)(b)", severity=Severity.ERROR, base="contract",
      bad=_SCORING + ", exception: law}" + _DPIA,
      good=_SCORING + ", exception: law, law: Banking Act section 10}" + _DPIA)
def law_named(a: Activity) -> Iterator[Hit]:
    """The law exception of Art. 22(2)(b) holds only for a Union or Member State law that
    authorises the decisions and lays down suitable safeguards: name it."""
    if a.text(AD, "exception") == "law" and not a.text(AD, "law"):
        yield Hit((AD, "exception"), "add automated_decisions.law: the law that authorises "
                  "the decisions")


@rule(id="A003", title="Automated decisions without the Art. 22(3) safeguards",
      article="Art. 22(3)", severity=Severity.ERROR, base="contract",
      bad=_SCORING + ", exception: contract, safeguards: [contest]}" + _DPIA,
      good=_SCORING + ", exception: contract" + _SAFE + "}" + _DPIA)
def safeguards(a: Activity) -> Iterator[Hit]:
    """Where the decisions rest on a contract or explicit consent, the controller must at
    least let the data subject obtain human intervention, express their point of view and
    contest the decision (Art. 22(3)). Art. 22 concerns only decisions with legal or
    similarly significant effects: an automated appointment reminder needs none of this."""
    if a.text(AD, "exception") not in ("contract", "explicit_consent") or \
            not a.flag(AD, "legal_or_similar_effect"):
        return
    given = [s for s in a.items(AD, "safeguards") if isinstance(s, str)]
    missing = [s for s in SAFEGUARDS if s not in given]
    if missing:
        yield Hit((AD, "safeguards"), f"add to automated_decisions.safeguards: "
                  f"{', '.join(missing)}")


@rule(id="A004", title="Automated decisions on special categories", article="Art. 22(4)",
      severity=Severity.ERROR, base="contract",
      bad="""data_categories: [name, health questionnaire]
special_categories: [health]
art9_condition: health_or_social_care
art9_reference: Insurance Supervision Act, section 5
""" + _SCORING + ", exception: contract" + _SAFE + "}" + _DPIA,
      good="""data_categories: [name, health questionnaire]
special_categories: [health]
art9_condition: substantial_public_interest
art9_reference: Insurance Supervision Act, section 5
""" + _SCORING + ", exception: contract" + _SAFE + "}" + _DPIA)
def special_categories(a: Activity) -> Iterator[Hit]:
    """Automated decisions may not be based on special categories unless Art. 9(2)(a)
    (explicit consent) or (g) (substantial public interest) applies and suitable measures
    protect the data subject (Art. 22(4)). Like the rest of Art. 22, this concerns decisions
    with legal or similarly significant effects only (`legal_or_similar_effect: true`)."""
    condition = a.text("art9_condition")
    if a.flag(AD, "legal_or_similar_effect") and a.special and condition not in ("explicit_consent",
                                                         "substantial_public_interest"):
        yield Hit(("art9_condition",) if condition else ("special_categories",),
                  "automated decisions on special categories need art9_condition "
                  "explicit_consent or substantial_public_interest (Art. 22(4)), or a human "
                  "in the decision")


@rule(id="A005", title="Significant automated decisions about children", article="Recital 71",
      severity=Severity.WARNING, base="contract",
      bad="data_subjects: [customers, children]\nchildren: true\n" + _SCORING +
          ", exception: contract" + _SAFE + "}" + _DPIA,
      good=_SCORING + ", exception: contract" + _SAFE + "}" + _DPIA)
def children(a: Activity) -> Iterator[Hit]:
    """Recital 71: decisions based solely on automated processing with legal or similarly
    significant effects "should not concern a child". Keep a human in the decision, or
    exclude children."""
    if a.flag(AD, "legal_or_similar_effect") and a.has_children:
        yield Hit((AD,), "solely automated decisions with significant effects should not "
                  "concern children (Recital 71): exclude them or keep a human in the decision")


@rule(id="A006", title="Explicit consent exception without explicit consent",
      article="Art. 22(2)(c); Art. 7(1)", severity=Severity.ERROR, base="consent",
      bad=_SCORING + ", exception: explicit_consent" + _SAFE + "}" + _DPIA,
      good="""consent:
  how_obtained: Separate unticked checkbox naming the automated credit decision
  records: consent_log table (timestamp, form version)
  withdrawal: Unsubscribe link in every email
  explicit: true
""" + _SCORING + ", exception: explicit_consent" + _SAFE + "}" + _DPIA)
def explicit_consent(a: Activity) -> Iterator[Hit]:
    """Art. 22(2)(c) allows significant automated decisions on the data subject's explicit
    consent: an express statement about the automated decision itself, recorded so that it
    can be shown (Art. 7(1); EDPB Guidelines 05/2020, 4). Ordinary consent does not do."""
    if a.text(AD, "exception") == "explicit_consent" and not a.flag("consent", "explicit"):
        yield Hit((AD, "exception"), "the explicit_consent exception needs consent.explicit: "
                  "true, with how the express statement is obtained and recorded")
