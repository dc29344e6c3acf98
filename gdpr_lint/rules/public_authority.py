"""P: public authorities and legitimate interests (Art. 6(1), last sentence; Art. 37)."""

from __future__ import annotations

from collections.abc import Iterator

from gdpr_lint.lint.findings import Severity
from gdpr_lint.lint.model import Activity, Controller
from gdpr_lint.rules.registry import Hit, rule

_AUTHORITY = """controller:
  id: city-of-lyon
  name: City of Lyon
  contact: dpo@lyon.example
  public_authority: true
  dpo: {name: Data protection officer, contact: dpo@lyon.example}
  requests: {channel: "https://www.lyon.example/donnees-personnelles", response_time: P1M}"""
_JUSTIFIED = """
legitimate_interests:
  interest: Preventing payment fraud in the museum shop
  outside_public_tasks:
    justification: The museum shop is a commercial activity outside the city's missions
  lia:
    purpose_test: Fraud prevention is a recognised legitimate interest (Recital 47)
    necessity_test: Card and device signals are the least data that detect fraud
    balancing_test: Customers expect fraud checks; data kept 90 days
    assessed_on: 2026-06-01"""


def _authority_on_li(a: Activity) -> bool:
    return a.public_authority and a.basis == "legitimate_interests"


@rule(id="P001", title="Public authority relies on legitimate interests",
      article="Art. 6(1), last sentence", severity=Severity.ERROR, base="legitimate_interests",
      bad=_AUTHORITY, good=_AUTHORITY + "\nlawful_basis: public_task\n"
      "public_task: {law: Municipal Code article L2212-2}\nlegitimate_interests: ~\n"
      "rights: [access, rectification, restriction, object, complaint]")
def authority_not_li(a: Activity) -> Iterator[Hit]:
    """Point (f) of Art. 6(1) "shall not apply to processing carried out by public
    authorities in the performance of their tasks". An authority relies on its public task
    or a legal obligation, both laid down by law, instead."""
    if _authority_on_li(a) and not a.text("legitimate_interests", "outside_public_tasks",
                                          "justification"):
        yield Hit(("lawful_basis",), "a public authority cannot rely on legitimate interests "
                  "for its tasks: use public_task or legal_obligation, or add "
                  "legitimate_interests.outside_public_tasks.justification if the activity "
                  "is unrelated to its missions")


@rule(id="P002", title="Public authority on legitimate interests outside its tasks",
      article="Art. 6(1), last sentence", severity=Severity.INFO, base="legitimate_interests",
      bad=_AUTHORITY + _JUSTIFIED, good=_AUTHORITY + "\nlawful_basis: public_task\n"
      "public_task: {law: Municipal Code article L2212-2}\nlegitimate_interests: ~\n"
      "rights: [access, rectification, restriction, object, complaint]")
def authority_li_outside_tasks(a: Activity) -> Iterator[Hit]:
    """The CNIL accepts, in very specific cases with no direct link to an authority's
    missions, that the authority relies on legitimate interests, after in-depth analysis.
    This notes the narrow exception so that a reviewer looks at it; the assessment rules
    (L001-L007) still apply."""
    justification = a.text("legitimate_interests", "outside_public_tasks", "justification")
    if _authority_on_li(a) and justification:
        yield Hit(("legitimate_interests", "outside_public_tasks"), "public authority on "
                  "legitimate interests under the narrow exception for activities unrelated "
                  "to its missions: have the justification reviewed")


@rule(id="P003", title="Public authority without a data protection officer",
      article="Art. 37(1)(a); Art. 30(1)(a)", severity=Severity.ERROR, scope="controller",
      base="public_task",
      bad="controller: {id: city-of-nantes, name: City of Nantes, "
          "contact: contact@nantes.example, public_authority: true, "
          "requests: {channel: contact@nantes.example}}",
      good=_AUTHORITY)
def authority_dpo(c: Controller) -> Iterator[Hit]:
    """A public authority or body must designate a data protection officer (Art. 37(1)(a)),
    and publish the DPO's contact details (Art. 37(7)); the record names the DPO
    (Art. 30(1)(a)). Courts acting in their judicial capacity are excepted: suppress the
    finding with that reason."""
    if c.flag("public_authority") and not c.mapping("dpo"):
        yield Hit((), f"controller '{c.id or c.text('name')}' is a public authority: add dpo "
                  "{name, contact}")


_LARGE_HEALTH = ("data_categories: [name, diagnosis, treatment plan]\nspecial_categories: "
                 "[health]\nart9_condition: health_or_social_care\nart9_reference: Patients' "
                 "Rights Act, section 630f\nscale: large\ndpia: {reference: DPIA-2026-02, "
                 "date: 2026-02-10}")


@rule(id="P004", title="Large-scale sensitive processing or monitoring without a DPO",
      article="Art. 37(1)(b)-(c)", severity=Severity.WARNING, base="contract",
      bad=_LARGE_HEALTH,
      good=_LARGE_HEALTH + "\ncontroller: {name: Acme Clinics GmbH, contact: "
      "privacy@acme.example, country: DE, dpo: {name: Dr. Jana Roth, contact: "
      "dpo@acme.example}, requests: {channel: privacy@acme.example}}")
def core_activity_dpo(a: Activity) -> Iterator[Hit]:
    """A controller whose core activities consist of processing special categories or
    criminal data on a large scale, or of regular and systematic monitoring of data
    subjects on a large scale, designates a data protection officer (Art. 37(1)(b)-(c)).
    Whether the activity is a core one is for the controller to judge, hence a warning."""
    if a.get("scale") != "large" or a.controller is None or a.controller.mapping("dpo") \
            or a.public_authority:  # P003 already asks a public authority for its DPO
        return
    sensitive = bool(a.special) or a.flag("criminal_data")
    if sensitive or a.flag("systematic_monitoring"):
        what = "special-category or criminal data" if sensitive else "systematic monitoring"
        yield Hit(("scale",), f"large-scale {what}: if this is a core activity, the "
                  "controller must designate a dpo (Art. 37(1)(b)-(c)); add dpo {name, "
                  "contact} to the controller")
