"""T: transfers of personal data to third countries (Arts 44-49)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gdpr_lint import data
from gdpr_lint.findings import Severity
from gdpr_lint.model import Activity
from gdpr_lint.registry import Hit, rule

NEEDS_REFERENCE = ("scc", "bcr", "code_of_conduct", "certification", "ad_hoc_clauses")
_US_RECIPIENT = "recipients: [{name: Helpdesk Inc, role: processor, country: US"
_WITH_SCC = (_US_RECIPIENT + "}]\ntransfers: [{country: US, mechanism: scc, "
             "reference: DPA with SCC module 2 signed 2026-02-01}]")


def _transfers(a: Activity) -> Iterator[tuple[int, dict[str, Any]]]:
    for index, transfer in enumerate(a.items("transfers")):
        if isinstance(transfer, dict):
            yield index, transfer


def _third_country(country: Any) -> bool:
    return isinstance(country, str) and country not in data.eea()


def adequate(a: Activity, country: str) -> bool:
    """An adequacy decision covers this country (for the US: DPF-certified recipients only)."""
    listed = a.ctx.config.adequacy
    countries = set(listed) if listed is not None else set(data.adequacy()["countries"])
    if country not in countries:
        return False
    if country != "US" or listed is not None:
        return True
    in_us = [r for r in a.items("recipients") if isinstance(r, dict) and r.get("country") == "US"]
    return bool(in_us) and all(r.get("dpf_certified") is True for r in in_us)


@rule(id="T001", title="Recipient outside the EEA without a transfer", article="Art. 44",
      severity=Severity.ERROR,
      bad=_US_RECIPIENT + "}]",
      good=_WITH_SCC)
def recipient_transfer(a: Activity) -> Iterator[Hit]:
    """Any transfer to a third country may take place only if the conditions of Chapter V
    are met (Art. 44). A recipient that processes the data outside the EEA means a
    transfer, which the record declares with its mechanism (Art. 30(1)(e))."""
    declared = {t.get("country") for _, t in _transfers(a) if isinstance(t.get("country"), str)}
    for index, recipient in enumerate(a.items("recipients")):
        if isinstance(recipient, dict):
            country = recipient.get("country")
            if _third_country(country) and country not in declared:
                yield Hit(("recipients", index, "country"), f"recipient "
                          f"'{recipient.get('name')}' is in {country}, outside the EEA: add a "
                          f"transfers entry for {country} with its mechanism")
                declared.add(country)


@rule(id="T002", title="Transfer without a mechanism", article="Arts 45-49",
      severity=Severity.ERROR,
      bad=_US_RECIPIENT + "}]\ntransfers: [{country: US}]",
      good=_WITH_SCC)
def mechanism_given(a: Activity) -> Iterator[Hit]:
    """A transfer outside the EEA rests on an adequacy decision (Art. 45), appropriate
    safeguards such as standard contractual clauses or binding corporate rules (Arts 46,
    47), or a derogation (Art. 49). The record says which."""
    for index, transfer in _transfers(a):
        if _third_country(transfer.get("country")) and not transfer.get("mechanism"):
            yield Hit(("transfers", index), "add mechanism: adequacy, scc, bcr, "
                      "code_of_conduct, certification, ad_hoc_clauses or derogation")


@rule(id="T003", title="Adequacy claimed where there is no decision", article="Art. 45",
      severity=Severity.ERROR,
      bad=_US_RECIPIENT + "}]\ntransfers: [{country: US, mechanism: adequacy}]",
      good=_US_RECIPIENT + ", dpf_certified: true}]\ntransfers: [{country: US, "
           "mechanism: adequacy}]")
def adequacy_decision(a: Activity) -> Iterator[Hit]:
    """Only countries the European Commission has found adequate (Art. 45(3)) receive data
    on adequacy alone. For the United States the decision covers only organisations
    certified under the EU-US Data Privacy Framework. The list ships as dated data
    ({adequacy_source}, as of {adequacy_date}) and can be replaced with config `adequacy`."""
    for index, transfer in _transfers(a):
        country = transfer.get("country")
        if transfer.get("mechanism") == "adequacy" and _third_country(country) \
                and not adequate(a, str(country)):
            reason = ("adequacy for the US covers only recipients certified under the Data "
                      "Privacy Framework: set dpf_certified: true on them, or use scc"
                      if country == "US" else f"there is no adequacy decision for {country}: "
                      "use scc, bcr or another Art. 46 safeguard")
            yield Hit(("transfers", index, "mechanism"), reason)


@rule(id="T004", title="Safeguard without a reference", article="Art. 46; Art. 47",
      severity=Severity.ERROR,
      bad=_US_RECIPIENT + "}]\ntransfers: [{country: US, mechanism: scc}]",
      good=_WITH_SCC)
def safeguard_reference(a: Activity) -> Iterator[Hit]:
    """Appropriate safeguards are documents: signed clauses, approved binding corporate
    rules, a code or certification with binding commitments. Say where they are."""
    for index, transfer in _transfers(a):
        mechanism = transfer.get("mechanism")
        if mechanism in NEEDS_REFERENCE and not transfer.get("reference"):
            yield Hit(("transfers", index), f"add reference: where the {mechanism} safeguard "
                      "is documented")


@rule(id="T005", title="Transfer on an Art. 49 derogation", article="Art. 49",
      severity=Severity.WARNING,
      bad=_US_RECIPIENT + "}]\ntransfers: [{country: US, mechanism: derogation}]",
      good=_WITH_SCC)
def derogation(a: Activity) -> Iterator[Hit]:
    """Derogations for specific situations (Art. 49) are for occasional, non-repetitive
    transfers; a regular flow to a recipient needs adequacy or an Art. 46 safeguard."""
    for index, transfer in _transfers(a):
        if transfer.get("mechanism") == "derogation":
            yield Hit(("transfers", index, "mechanism"), "derogations are for occasional "
                      "transfers only (Art. 49): use scc or another safeguard for a regular "
                      "flow")
