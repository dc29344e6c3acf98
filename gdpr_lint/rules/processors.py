"""C: processors, joint controllers and their contracts (Arts 26, 28, 30(2))."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gdpr_lint.lint.findings import Severity
from gdpr_lint.lint.model import Activity, ProcessorActivity
from gdpr_lint.rules.registry import Hit, rule

_PROCESSOR = "recipients: [{name: Mailer Ltd, role: processor, country: IE"
_JOINT = ("joint_controllers:\n  - name: Partner Bank AG\n    contact: privacy@partnerbank.example"
          "\n    responsibilities: Partner Bank answers access requests; we run the card "
          "programme")


@rule(id="C001", title="Processor without an Art. 28 contract", article="Art. 28(3)",
      severity=Severity.ERROR, bad=_PROCESSOR + "}]",
      good=_PROCESSOR + ", contract: DPA-2025-014 signed 2025-03-02 (Art. 28(3) clauses)}]")
def processor_contract(a: Activity) -> Iterator[Hit]:
    """Processing by a processor is governed by a contract or other legal act that binds it
    to the controller and sets out the subject-matter, duration, nature and purpose of the
    processing and the processor's obligations (Art. 28(3)). Name it on the recipient."""
    for index, recipient in enumerate(a.items("recipients")):
        if isinstance(recipient, dict) and recipient.get("role") == "processor" \
                and not recipient.get("contract"):
            yield Hit(("recipients", index), f"processor '{recipient.get('name')}': add "
                      "contract, the Art. 28(3) data processing agreement (reference or path)")


@rule(id="C002", title="Joint controller without an Art. 26 arrangement", article="Art. 26(1)",
      severity=Severity.ERROR, bad=_JOINT,
      good=_JOINT + "\n    arrangement: Joint-controller arrangement JCA-2026-02, clause 4, "
      "summary on the card programme page")
def joint_arrangement(a: Activity) -> Iterator[Hit]:
    """Joint controllers determine their respective responsibilities, in particular for
    data subjects' rights and information, by an arrangement between them, whose essence is
    made available to the data subjects (Art. 26(1)-(2)). A joint controller declared both
    in `joint_controllers` and as a recipient is one controller with one arrangement: either
    entry may carry it, and a missing one is reported once."""
    recipients = {_name(r): r for r in a.items("recipients")
                  if isinstance(r, dict) and r.get("role") == "joint_controller" and _name(r)}
    joint_names = set()
    for index, joint in enumerate(a.items("joint_controllers")):
        if not isinstance(joint, dict):
            continue
        joint_names.add(_name(joint))
        also = recipients.get(_name(joint)) or {}
        if not joint.get("arrangement") and not also.get("contract"):
            yield Hit(("joint_controllers", index), f"joint controller '{joint.get('name')}': "
                      "add arrangement, the Art. 26 arrangement (reference or path)")
    for index, recipient in enumerate(a.items("recipients")):
        if isinstance(recipient, dict) and recipient.get("role") == "joint_controller" \
                and not recipient.get("contract") and _name(recipient) not in joint_names:
            yield Hit(("recipients", index), f"joint controller '{recipient.get('name')}': "
                      "add contract, the Art. 26 arrangement (reference or path)")


def _name(entry: dict[str, Any]) -> str:
    name = entry.get("name")
    return " ".join(name.casefold().split()) if isinstance(name, str) else ""


@rule(id="C003", title="Processor record without the controllers acted for",
      article="Art. 30(2)(a)", severity=Severity.ERROR, scope="processor_activity",
      covers=("controllers",),
      bad="controllers: [{category: Schools using the platform}]",
      good="controllers:\n  - category: Schools using the platform\n    contract: School "
           "DPA v3 (Art. 28(3)), accepted at sign-up\n    list: CRM 'school accounts' view: "
           "name, privacy contact and DPO of each school")
def controllers_named(p: ProcessorActivity) -> Iterator[Hit]:
    """The processor's record names each controller on whose behalf it acts, with their
    representative and DPO (Art. 30(2)(a)). For many customers under one standard contract
    the record may name the class and its contract and say where the list of each
    controller's details is kept."""
    entries = p.items("controllers")
    if not entries:
        yield Hit(("controllers",), "add controllers: each controller acted for {name, "
                  "contact}, or {category, contract, list} for customers under one contract")
        return
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            continue
        named = entry.get("name") and entry.get("contact")
        classed = entry.get("category") and entry.get("contract")
        if not (named or classed):
            yield Hit(("controllers", index), "give this controller's name and contact, or a "
                      "category with its standard contract")
        elif classed and not named and not entry.get("list"):
            yield Hit(("controllers", index), "add list: where each controller's name, "
                      "contact, representative and DPO are kept (Art. 30(2)(a))",
                      Severity.WARNING)


@rule(id="C004", title="Processor record without categories of processing",
      article="Art. 30(2)(b)", severity=Severity.ERROR, scope="processor_activity",
      covers=("categories_of_processing",),
      bad="categories_of_processing: ~",
      good="categories_of_processing: [Storing and indexing support tickets]")
def categories_of_processing(p: ProcessorActivity) -> Iterator[Hit]:
    """The processor's record gives the categories of processing carried out on behalf of
    each controller (Art. 30(2)(b)): what the processor does with the data, not why."""
    if not p.items("categories_of_processing"):
        yield Hit(("categories_of_processing",), "add categories_of_processing: what is done "
                  "with the data for the controllers (hosting, support, payroll runs, ...)")


@rule(id="C005", title="Processor record without its Art. 28 contract", article="Art. 28(3)",
      severity=Severity.ERROR, scope="processor_activity",
      bad="contract: ~\ncontrollers: [{name: Northwind Schools Trust, contact: "
          "dpo@northwind.example}]",
      good="contract: Data Processing Addendum v4, signed with each subscription")
def processing_contract(p: ProcessorActivity) -> Iterator[Hit]:
    """A processor processes personal data only on the documented instructions of the
    controller, under a contract or legal act that binds it (Art. 28(3)). Name it on the
    processor activity, or on each controller entry."""
    entries = [e for e in p.items("controllers") if isinstance(e, dict)]
    if not p.text("contract") and not (entries and all(e.get("contract") for e in entries)):
        yield Hit(("contract",), "add contract: the Art. 28(3) agreement with the "
                  "controller(s) (reference or path)")


@rule(id="C006", title="Sub-processor without a contract or authorisation",
      article="Art. 28(2); Art. 28(4)", severity=Severity.ERROR, scope="processor_activity",
      bad="sub_processors: [{name: Cloud Hosting GmbH, country: DE}]",
      good="sub_processors: [{name: Cloud Hosting GmbH, country: DE, contract: Sub-processing "
           "agreement 2025-11, authorisation: general}]")
def sub_processor_terms(p: ProcessorActivity) -> Iterator[Hit]:
    """A processor engages another processor only with the controller's prior specific or
    general written authorisation (Art. 28(2)), and imposes on it by contract the same data
    protection obligations (Art. 28(4))."""
    for index, sub in enumerate(p.items("sub_processors")):
        if not isinstance(sub, dict):
            continue
        missing = [f for f in ("contract", "authorisation") if not sub.get(f)]
        if missing:
            yield Hit(("sub_processors", index), f"sub-processor '{sub.get('name')}': add "
                      f"{' and '.join(missing)} (Art. 28(2), 28(4))")


@rule(id="C007", title="Processor record without security measures",
      article="Art. 30(2)(d); Art. 32", severity=Severity.WARNING, scope="processor_activity",
      bad="security_measures: ~",
      good="security_measures: [TLS in transit, AES-256 at rest, SSO with MFA for staff]")
def processor_security(p: ProcessorActivity) -> Iterator[Hit]:
    """Where possible, the processor's record describes the technical and organisational
    security measures of Art. 32(1) (Art. 30(2)(d))."""
    if not p.items("security_measures"):
        yield Hit(("security_measures",), "add security_measures: the technical and "
                  "organisational measures (Art. 32)")
