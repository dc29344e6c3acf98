"""B: the lawful basis of processing (Art. 6)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from gdpr_lint.authoring.fixes import BASIS_FIX
from gdpr_lint.findings import Severity
from gdpr_lint.model import Activity
from gdpr_lint.registry import Hit, rule

BASES = ("consent", "contract", "legal_obligation", "vital_interests", "public_task",
         "legitimate_interests")
_EMPLOYEES = re.compile(r"\b(employees?|staff|workers?|personnel|job applicants?|applicants?|"
                        r"candidates?|recruits?|interns?|contractors? staff)\b", re.IGNORECASE)


def nearest_basis(value: str) -> str | None:
    """`legitimate interest` -> `legitimate_interests`; None when nothing is close."""
    words = re.sub(r"[^a-z]+", "_", value.lower()).strip("_")
    for basis in BASES:
        if words in (basis, basis.rstrip("s"), basis.replace("_", "")):
            return basis
    close = difflib.get_close_matches(words, BASES, n=1, cutoff=0.5)
    return close[0] if close else None



def _missing(a: Activity, section: str, needs: dict[str, str]) -> Iterator[Hit]:
    """A finding for each field of ``section`` that is absent or empty, saying what it is."""
    for name, what in needs.items():
        if not a.text(section, name):
            yield Hit((section, name), f"add {section}.{name}: {what}")


@rule(id="B001", title="No lawful basis", article="Art. 6(1); Art. 5(2)",
      severity=Severity.ERROR, covers=("lawful_basis",),
      bad="lawful_basis: ~", good="lawful_basis: consent")
def basis_required(a: Activity) -> Iterator[Hit]:
    """Processing is lawful only if and to the extent that at least one of the six bases
    of Art. 6(1) applies, and the basis must be determined and documented before processing
    starts; it cannot be swapped afterwards (Art. 5(2), accountability). An Art. 9(2)
    condition for special-category data is needed in addition to a basis, never instead."""
    if a.get("lawful_basis") in (None, ""):
        hint = (f" (art9_condition '{a.text('art9_condition')}' is an Art. 9(2) condition, "
                "needed in addition to a basis, not instead of one)"
                if a.text("art9_condition") else "")
        yield Hit(("lawful_basis",), "add lawful_basis: one of " + ", ".join(BASES) + hint)


@rule(id="B002", title="Lawful basis is not one of the six", article="Art. 6(1)",
      severity=Severity.ERROR, covers=("lawful_basis",),
      bad="lawful_basis: legitimate interest", good="lawful_basis: consent", fix=BASIS_FIX)
def basis_known(a: Activity) -> Iterator[Hit]:
    """Art. 6(1) lists exactly six lawful bases: consent, contract, legal obligation, vital
    interests, public task and legitimate interests. Each activity documents exactly one;
    purposes that need different bases are separate activities, because the basis decides
    which rights the data subjects have."""
    value = a.get("lawful_basis")
    if value in (None, "") or value in BASES:
        return
    if isinstance(value, list):
        yield Hit(("lawful_basis",), "give exactly one lawful_basis; purposes that need "
                  "different bases are separate activities")
        return
    near = nearest_basis(str(value))
    hint = f"; did you mean '{near}'?" if near else ""
    yield Hit(("lawful_basis",), f"'{value}' is not a lawful basis{hint} "
              f"(one of {', '.join(BASES)})")


@rule(id="B010", title="Consent not documented", article="Art. 7(1); Art. 7(3)",
      severity=Severity.ERROR,
      bad="consent: {how_obtained: Checkbox on the signup form}",
      good="consent: {how_obtained: Unticked checkbox on the signup form, "
           "records: consent_log table, withdrawal: Unsubscribe link in every email}")
def consent_documented(a: Activity) -> Iterator[Hit]:
    """Where processing rests on consent, the controller must be able to demonstrate that the
    data subject consented (Art. 7(1)): how consent was asked for and where it is recorded.
    Withdrawing must be as easy as giving consent (Art. 7(3)), so the way to withdraw is
    part of the record."""
    if a.basis != "consent":
        return
    needs = {"how_obtained": "how consent is asked for and given",
             "records": "where consent is recorded, to demonstrate it (Art. 7(1))",
             "withdrawal": "how consent is withdrawn, as easily as given (Art. 7(3))"}
    yield from _missing(a, "consent", needs)


@rule(id="B012", title="Consent from employees or job applicants", article="Recital 43; Art. 7(4)",
      severity=Severity.WARNING,
      bad="data_subjects: [employees]", good="data_subjects: [subscribers]")
def consent_imbalance(a: Activity) -> Iterator[Hit]:
    """Consent is not freely given where there is a clear imbalance of power between the
    data subject and the controller (Recital 43), as between employer and employee or job
    applicant. Prefer contract, legal obligation or legitimate interests, or document why
    refusing has no consequence."""
    if a.basis != "consent":
        return
    for index, subject in enumerate(a.items("data_subjects")):
        if isinstance(subject, str) and _EMPLOYEES.search(subject):
            yield Hit(("data_subjects", index), f"consent from '{subject}' is rarely free "
                      "(imbalance of power); choose another basis or suppress with the reason "
                      "refusal has no consequence")
            return


@rule(id="B020", title="Contract basis not documented", article="Art. 6(1)(b)",
      severity=Severity.ERROR, base="contract",
      bad="contract: {reference: Terms of sale}",
      good="contract: {reference: Terms of sale section 3, necessity: No delivery without "
           "an address}")
def contract_documented(a: Activity) -> Iterator[Hit]:
    """Art. 6(1)(b) covers only processing objectively necessary to perform a contract with
    the data subject, or to take steps they asked for before entering into one (EDPB
    Guidelines 2/2019). Name the contract or step, and say why the processing is necessary
    for it rather than merely useful."""
    if a.basis != "contract":
        return
    needs = {"reference": "which contract, or which pre-contractual step",
             "necessity": "why the processing is objectively necessary to perform it"}
    yield from _missing(a, "contract", needs)


@rule(id="B021", title="Direct marketing on the contract basis", article="Art. 6(1)(b); Art. 21(2)",
      severity=Severity.ERROR, base="contract",
      bad="direct_marketing: true\nrights: [access, rectification, erasure, restriction, "
          "portability, object, complaint]",
      good="direct_marketing: false")
def contract_not_marketing(a: Activity) -> Iterator[Hit]:
    """Direct marketing is not necessary to perform a contract with the data subject, even
    when the contract mentions it (EDPB Guidelines 2/2019). Marketing is a separate
    activity on consent or legitimate interests, with the right to object."""
    if a.basis == "contract" and a.flag("direct_marketing"):
        yield Hit(("direct_marketing",), "direct marketing is not necessary for a contract: "
                  "declare it as its own activity on consent or legitimate_interests")


def _law(a: Activity, section: str, article: str) -> Iterator[Hit]:
    if a.basis == section and not a.text(section, "law"):
        yield Hit((section, "law"), f"add {section}.law: the EU or Member State provision "
                  f"that lays it down ({article})")


@rule(id="B030", title="Legal obligation without the law", article="Art. 6(1)(c); Art. 6(3)",
      severity=Severity.ERROR, base="legal_obligation",
      bad="legal_obligation: {}",
      good="legal_obligation: {law: German Fiscal Code (AO) section 147}")
def legal_obligation_law(a: Activity) -> Iterator[Hit]:
    """The legal obligation must be laid down by Union or Member State law to which the
    controller is subject (Art. 6(3)). A record that says only "legal obligation" cannot be
    checked: name the provision."""
    yield from _law(a, "legal_obligation", "Art. 6(3)")


@rule(id="B031", title="Public task without the law", article="Art. 6(1)(e); Art. 6(3)",
      severity=Severity.ERROR, base="public_task",
      bad="public_task: {}", good="public_task: {law: Municipal Libraries Act section 4}")
def public_task_law(a: Activity) -> Iterator[Hit]:
    """A task carried out in the public interest or in the exercise of official authority
    must have a basis in Union or Member State law (Art. 6(3)). Name the provision that
    gives the controller the task."""
    yield from _law(a, "public_task", "Art. 6(3)")


@rule(id="B040", title="Vital interests without justification", article="Art. 6(1)(d); Recital 46",
      severity=Severity.ERROR, base="vital_interests",
      bad="vital_interests: {}",
      good="vital_interests: {justification: The visitor cannot consent when unconscious}")
def vital_interests_justified(a: Activity) -> Iterator[Hit]:
    """Vital interests protect someone's life. Recital 46 allows the basis in principle only
    where the processing cannot manifestly be based on another basis, so the record says
    why no other basis can apply."""
    if a.basis == "vital_interests" and not a.text("vital_interests", "justification"):
        yield Hit(("vital_interests", "justification"), "add vital_interests.justification: "
                  "why no other basis can apply (Recital 46)")
