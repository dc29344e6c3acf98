"""I: indicators that a data protection impact assessment is required (Art. 35)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from gdpr_lint.findings import Severity
from gdpr_lint.model import Activity
from gdpr_lint.registry import Hit, rule

_EMPLOYEES = re.compile(r"\b(employees?|staff|workers?|personnel|applicants?)\b", re.IGNORECASE)
_DPIA = "dpia: {reference: DPIA-2026-04, date: 2026-04-20}"
_SCORING = ("automated_decisions: {legal_or_similar_effect: true, exception: contract, "
            "safeguards: [human_intervention, express_view, contest]}")
_HEALTH = ("data_categories: [name, diagnosis]\nspecial_categories: [health]\n"
           "art9_condition: health_or_social_care\n"
           "art9_reference: Patients' Rights Act, section 630f\nscale: large")


def _no_dpia(a: Activity) -> bool:
    return not a.mapping("dpia")


def _large_sensitive(a: Activity) -> bool:
    return bool(a.special or a.flag("criminal_data")) and a.get("scale") == "large"


def wp248_criteria(a: Activity) -> list[str]:
    """The WP248 criteria the activity meets, as declared."""
    met = []
    if a.special or a.flag("criminal_data"):
        met.append("special or criminal data")
    if a.has_children or any(_EMPLOYEES.search(s) for s in a.subjects):
        met.append("vulnerable data subjects (children or employees)")
    if a.mapping("automated_decisions"):
        met.append("automated decisions")
    if a.get("scale") == "large":
        met.append("large scale")
    if a.flag("systematic_monitoring"):
        met.append("systematic monitoring")
    if a.flag("new_technology"):
        met.append("new technology")
    return met


@rule(id="I001", title="Significant automated decisions without a DPIA", article="Art. 35(3)(a)",
      severity=Severity.WARNING, base="contract", bad=_SCORING, good=_SCORING + "\n" + _DPIA)
def automated_dpia(a: Activity) -> Iterator[Hit]:
    """A DPIA is required for a systematic and extensive evaluation of personal aspects based
    on automated processing, including profiling, on which decisions with legal or similarly
    significant effects are based (Art. 35(3)(a))."""
    if a.significant_automated and _no_dpia(a):
        yield Hit(("automated_decisions",), "add dpia {reference, date}: significant automated "
                  "decisions require an impact assessment (Art. 35(3)(a))")


@rule(id="I002", title="Large-scale special-category or criminal data without a DPIA",
      article="Art. 35(3)(b)", severity=Severity.WARNING, base="contract",
      bad=_HEALTH, good=_HEALTH + "\n" + _DPIA)
def large_scale_dpia(a: Activity) -> Iterator[Hit]:
    """A DPIA is required for processing on a large scale of special categories of data or
    of data relating to criminal convictions and offences (Art. 35(3)(b))."""
    if _large_sensitive(a) and _no_dpia(a):
        yield Hit(("scale",), "add dpia {reference, date}: large-scale special-category or "
                  "criminal data require an impact assessment (Art. 35(3)(b))")


@rule(id="I003", title="Two or more high-risk criteria without a DPIA", article="Art. 35(1); WP248",
      severity=Severity.WARNING, base="legitimate_interests",
      bad="systematic_monitoring: true\nnew_technology: true",
      good="systematic_monitoring: true\nnew_technology: true\n" + _DPIA)
def criteria_dpia(a: Activity) -> Iterator[Hit]:
    """The EDPB-endorsed WP248 guidelines say processing meeting two or more of their
    criteria (sensitive data, vulnerable data subjects, automated decisions, large scale,
    systematic monitoring, innovative technology, ...) is likely to be high risk and needs a
    DPIA. Record the DPIA, or record in `dpia.not_required` why none is needed."""
    if not _no_dpia(a) or a.significant_automated or _large_sensitive(a):
        return  # I001 and I002 already ask for the DPIA
    met = wp248_criteria(a)
    if len(met) >= 2:
        yield Hit((), f"{len(met)} WP248 criteria ({'; '.join(met)}): add dpia "
                  "{reference, date}, or dpia.not_required with the reason")
