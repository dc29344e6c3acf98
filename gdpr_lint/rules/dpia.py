"""I: indicators that a data protection impact assessment is required (Art. 35)."""

from __future__ import annotations

from collections.abc import Iterator

from gdpr_lint.lint.findings import Severity
from gdpr_lint.lint.model import Activity
from gdpr_lint.rules.lawful_basis import own_staff
from gdpr_lint.rules.registry import Hit, rule

_DPIA = "dpia: {reference: DPIA-2026-04, date: 2026-04-20}"
_SCORING = ("automated_decisions: {legal_or_similar_effect: true, exception: contract, "
            "safeguards: [human_intervention, express_view, contest]}\nprofiling: true")
_HEALTH = ("data_categories: [name, diagnosis]\nspecial_categories: [health]\n"
           "art9_condition: health_or_social_care\n"
           "art9_reference: Patients' Rights Act, section 630f\nscale: large\n"
           "controller: {name: Acme Clinics GmbH, contact: privacy@acme.example, country: DE, "
           "dpo: {name: Dr. Jana Roth, contact: dpo@acme.example}, "
           "requests: {channel: privacy@acme.example}}")
_CCTV = ("purposes: [Deter and investigate theft and assaults in the station concourse]\n"
         "data_categories: [video images]\nsystematic_monitoring: true\npublic_area: true\n"
         "scale: large\ncontroller: {name: Acme Stations GmbH, contact: privacy@acme.example, "
         "country: DE, dpo: {name: Dr. Jana Roth, contact: dpo@acme.example}, "
         "requests: {channel: privacy@acme.example}}")
# Art. 35(10): only processing on a legal obligation or a public task whose law was
# adopted with a general impact assessment escapes the DPIA.
_ART_35_10_BASES = ("legal_obligation", "public_task")


def _no_dpia(a: Activity) -> bool:
    return not a.mapping("dpia")


def _assessed(a: Activity) -> bool:
    """A DPIA is recorded, or the Art. 35(10) exemption applies (its law named)."""
    if a.text("dpia", "reference"):
        return True
    return bool(a.text("dpia", "law")) and a.basis in _ART_35_10_BASES


def _why_not(a: Activity) -> str:
    if a.text("dpia", "law"):
        return (": Art. 35(10) spares a DPIA only for processing on a legal obligation or a "
                "public task")
    if a.text("dpia", "not_required"):
        return (": not_required does not answer Art. 35(3); only Art. 35(10) does, with "
                "dpia.law naming the law adopted with a general impact assessment")
    return ""


def _large_sensitive(a: Activity) -> bool:
    return bool(a.special or a.flag("criminal_data")) and a.get("scale") == "large"


def _public_monitoring(a: Activity) -> bool:
    return a.flag("systematic_monitoring") and a.flag("public_area") and \
        a.get("scale") == "large"


def wp248_criteria(a: Activity) -> list[str]:
    """The WP248 criteria the activity meets, as declared."""
    met = []
    if a.special or a.flag("criminal_data"):
        met.append("special or criminal data")
    if a.has_children or any(own_staff(s) for s in a.subjects):
        met.append("vulnerable data subjects (children or employees)")
    if a.significant_automated:
        met.append("automated decisions with legal or similar effect")
    if a.flag("profiling"):
        met.append("profiling")
    if a.get("scale") == "large":
        met.append("large scale")
    if a.flag("systematic_monitoring"):
        met.append("systematic monitoring")
    if a.flag("new_technology"):
        met.append("new technology")
    return met


@rule(id="I001", title="Significant automated decisions without a DPIA", article="Art. 35(3)(a)",
      severity=Severity.ERROR, base="contract", bad=_SCORING, good=_SCORING + "\n" + _DPIA)
def automated_dpia(a: Activity) -> Iterator[Hit]:
    """A DPIA is required for a systematic and extensive evaluation of personal aspects based
    on automated processing, including profiling, on which decisions with legal or similarly
    significant effects are based (Art. 35(3)(a)). Without profiling the case is less clear:
    a warning. A DPIA covering a set of similar operations answers (Art. 35(1));
    `not_required` does not, unless Art. 35(10) applies (`dpia.law`)."""
    if a.significant_automated and not _assessed(a):
        severity = None if a.flag("profiling") else Severity.WARNING
        yield Hit(("automated_decisions",), "add dpia {reference, date}: significant automated "
                  f"decisions require an impact assessment (Art. 35(3)(a)){_why_not(a)}",
                  severity)


@rule(id="I002", title="Large-scale special-category or criminal data without a DPIA",
      article="Art. 35(3)(b)", severity=Severity.ERROR, base="contract",
      bad=_HEALTH, good=_HEALTH + "\n" + _DPIA)
def large_scale_dpia(a: Activity) -> Iterator[Hit]:
    """A DPIA is required for processing on a large scale of special categories of data or
    of data relating to criminal convictions and offences (Art. 35(3)(b)). `not_required`
    does not answer it, unless Art. 35(10) applies (`dpia.law`)."""
    if _large_sensitive(a) and not _assessed(a):
        yield Hit(("scale",), "add dpia {reference, date}: large-scale special-category or "
                  f"criminal data require an impact assessment (Art. 35(3)(b)){_why_not(a)}")


@rule(id="I003", title="Two or more high-risk criteria without a DPIA", article="Art. 35(1); WP248",
      severity=Severity.WARNING, base="legitimate_interests",
      bad="systematic_monitoring: true\nnew_technology: true",
      good="systematic_monitoring: true\nnew_technology: true\n" + _DPIA)
def criteria_dpia(a: Activity) -> Iterator[Hit]:
    """The EDPB-endorsed WP248 guidelines say processing meeting two or more of their
    criteria (sensitive data, vulnerable data subjects, automated decisions with legal or
    similar effect, profiling, large scale, systematic monitoring, innovative technology)
    is likely to be high risk and needs a DPIA. Record the DPIA, or record in
    `dpia.not_required` why none is needed. A reminder with no significant effect is not an
    automated decision in this sense."""
    if not _no_dpia(a) or a.significant_automated or _large_sensitive(a) \
            or _public_monitoring(a):
        return  # I001, I002 and I004 already ask for the DPIA
    met = wp248_criteria(a)
    if len(met) >= 2:
        yield Hit((), f"{len(met)} WP248 criteria ({'; '.join(met)}): add dpia "
                  "{reference, date}, or dpia.not_required with the reason (e.g. the "
                  "operation is on the supervisory authority's Art. 35(5) list of those "
                  "needing no DPIA, or the assessment found no high risk)")


@rule(id="I004", title="Large-scale monitoring of a public area without a DPIA",
      article="Art. 35(3)(c)", severity=Severity.ERROR, base="legitimate_interests",
      bad=_CCTV, good=_CCTV + "\n" + _DPIA)
def public_area_dpia(a: Activity) -> Iterator[Hit]:
    """A DPIA is required for a systematic monitoring of a publicly accessible area on a
    large scale (Art. 35(3)(c)): station and street cameras, shopping-centre tracking.
    `not_required` does not answer it, unless Art. 35(10) applies (`dpia.law`)."""
    if _public_monitoring(a) and not _assessed(a):
        yield Hit(("systematic_monitoring",), "add dpia {reference, date}: large-scale "
                  "monitoring of a publicly accessible area requires an impact assessment "
                  f"(Art. 35(3)(c)){_why_not(a)}")
