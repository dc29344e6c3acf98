"""T: transfers of personal data to third countries and international organisations
(Arts 44-49). The same checks read an activity's recipients and a processor activity's
sub-processors (Art. 30(1)(e), 30(2)(c))."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

from gdpr_lint.law import data
from gdpr_lint.lint.findings import Severity
from gdpr_lint.lint.lazyre import lazy_re
from gdpr_lint.lint.model import Node, parties
from gdpr_lint.lint.model import transfer_adequate as _adequate_destination
from gdpr_lint.rules.registry import Hit, rule

NEEDS_REFERENCE = ("scc", "bcr", "code_of_conduct", "certification", "ad_hoc_clauses")
_BOTH = ("processor_activity",)
_US_RECIPIENT = "recipients: [{name: Helpdesk Inc, role: processor, country: US"
_CONTRACT = ", contract: DPA-2026-007"
_SCC = ("{country: US, mechanism: scc, reference: DPA-2026-007 with SCC module 2 (Decision "
        "2021/914)")
_TIA = (", tia: 'TIA-2026-03: FISA 702 and EO 12333 assessed; tickets encrypted with keys "
        "held in the EU'")
_WITH_SCC = f"{_US_RECIPIENT}{_CONTRACT}}}]\ntransfers: [{_SCC}{_TIA}}}]"
# Country names too common as other words (a US state, a first name, a bird) to be read
# as a country in free text.
_AMBIGUOUS = {"GE", "JE", "JO", "TD", "TR", "GN", "DM", "ML", "OM", "NE", "PE", "SN", "TG",
              "CK", "MO", "PS", "VA", "IO", "UM", "HM", "BV", "PN", "NF", "CC", "CX", "SH"}
_ALIASES = {"US": "US", "USA": "US", "U.S.": "US", "U.S.A.": "US", "United States": "US",
            "United States of America": "US", "UK": "GB", "United Kingdom": "GB",
            "Great Britain": "GB", "England": "GB", "Scotland": "GB", "South Korea": "KR",
            "Russia": "RU", "Vietnam": "VN", "Taiwan": "TW", "Iran": "IR", "Syria": "SY"}


def _transfers(a: Node) -> Iterator[tuple[int, dict[str, Any]]]:
    for index, transfer in enumerate(a.items("transfers")):
        if isinstance(transfer, dict):
            yield index, transfer


def _third_country(country: Any) -> bool:
    return data.is_third_country(country)


def _organisation(value: Any) -> str | None:
    return value.strip().lower() if isinstance(value, str) and value.strip() else None


def _destination(item: dict[str, Any]) -> str | None:
    """Where data go outside the EEA: a third country's code or an organisation's name."""
    if item.get("role") == "internal":
        return None  # the controller's own staff, wherever they sit: not a transfer
    if _third_country(item.get("country")):
        return str(item["country"])
    return _organisation(item.get("organisation"))


def _outside(transfer: dict[str, Any]) -> bool:
    return _third_country(transfer.get("country")) or (
        not transfer.get("country") and _organisation(transfer.get("organisation")) is not None)


@functools.cache
def _country_patterns() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    """Third-country names (any case) and codes such as USA or UK (capitals only)."""
    words = {name.casefold(): code for code, name in data.countries().items()
             if code not in _AMBIGUOUS and len(name) > 3 and _third_country(code)}
    words.update({w.casefold(): c for w, c in _ALIASES.items()})
    upper = [w for w in _ALIASES if w.isupper() or "." in w]
    names = [w for w in words if w not in {u.casefold() for u in upper}]

    def alternation(items: list[str]) -> str:
        return "|".join(re.escape(i) for i in sorted(items, key=len, reverse=True))

    return (re.compile(rf"(?<![\w.])({alternation(names)})(?!\w)", re.IGNORECASE),
            re.compile(rf"(?<![\w.])({alternation(upper)})(?!\w)"), words)


def named_countries(text: str) -> list[str]:
    """Third countries a plain-text recipient names ("Mailchimp (Intuit Inc., USA)")."""
    names, codes, words = _country_patterns()
    found = [words[m.group(1).casefold()] for m in (*names.finditer(text),
                                                   *codes.finditer(text))]
    return list(dict.fromkeys(found))


@rule(id="T001", title="Recipient outside the EEA without a transfer", article="Art. 44",
      severity=Severity.ERROR, also=_BOTH,
      bad=_US_RECIPIENT + _CONTRACT + "}]",
      good=_WITH_SCC)
def recipient_transfer(a: Node) -> Iterator[Hit]:
    """Any transfer to a third country or an international organisation may take place only
    if the conditions of Chapter V are met (Art. 44). A recipient that processes the data
    outside the EEA means a transfer, which the record declares with its mechanism
    (Art. 30(1)(e)). The controller's own staff working abroad (`role: internal`) are not a
    recipient and cause no transfer; another company of the same group does. A recipient
    written as plain text that names a third country is a warning: write it as a mapping
    with its `country`, so the transfer can be checked."""
    declared = {t.get("country") for _, t in _transfers(a) if isinstance(t.get("country"), str)}
    declared |= {_organisation(t.get("organisation")) for _, t in _transfers(a)}
    for path, recipient in parties(a):
        where = _destination(recipient)
        if where and where not in declared:
            field = "country" if _third_country(recipient.get("country")) else "organisation"
            kind = f"in {where}, outside the EEA" if field == "country" else \
                f"the international organisation '{where}'"
            yield Hit((*path, field), f"recipient '{recipient.get('name')}' is {kind}: add a "
                      f"transfers entry for {where} with its mechanism")
            declared.add(where)
    for index, recipient in enumerate(a.items("recipients")):
        if isinstance(recipient, str):
            missing = [c for c in named_countries(recipient) if c not in declared]
            if missing:
                yield Hit(("recipients", index), f"recipient '{recipient}' names "
                          f"{', '.join(missing)}: write it as {{name, role, country}} and "
                          "declare the transfer, so it can be checked", Severity.WARNING)


@rule(id="T002", title="Transfer without a mechanism", article="Arts 45-49",
      severity=Severity.ERROR, also=_BOTH,
      bad=_US_RECIPIENT + _CONTRACT + "}]\ntransfers: [{country: US}]",
      good=_WITH_SCC)
def mechanism_given(a: Node) -> Iterator[Hit]:
    """A transfer outside the EEA rests on an adequacy decision (Art. 45), appropriate
    safeguards such as standard contractual clauses or binding corporate rules (Arts 46,
    47), or a derogation (Art. 49). The record says which."""
    for index, transfer in _transfers(a):
        if _outside(transfer) and not transfer.get("mechanism"):
            yield Hit(("transfers", index), "add mechanism: adequacy, scc, bcr, "
                      "code_of_conduct, certification, ad_hoc_clauses or derogation")


def adequacy_table() -> list[str]:
    """The shipped adequacy decisions, dated and sourced, for `explain T003`."""
    adequacy = data.adequacy()
    lines = [f"Adequate countries (as of {adequacy['as_of']}): "
             f"{', '.join(adequacy['countries'])}; international organisations: "
             f"{', '.join(adequacy['organisations'])}", f"Source: {adequacy['source']}", ""]
    for d in adequacy["decisions"]:
        where = d.get("country") or d.get("organisation")
        expiry = f", expires {d['expiry']}" if d.get("expiry") else ""
        lines.append(f"  {where} ({d['name']}): {d['decision']} of {d['adopted']}, "
                     f"{d['official_journal']}{expiry}")
        if d.get("scope"):
            lines.append(f"      scope: {d['scope']}")
        if d.get("note"):
            lines.append(f"      note: {d['note']}")
        if d.get("source") != adequacy["source"]:
            lines.append(f"      source: {d['source']}")
    return [*lines, ""]


@rule(id="T003", title="Adequacy claimed where there is no decision", article="Art. 45",
      severity=Severity.ERROR, also=_BOTH, reference=adequacy_table,
      bad=_US_RECIPIENT + _CONTRACT + "}]\ntransfers: [{country: US, mechanism: adequacy}]",
      good=_US_RECIPIENT + _CONTRACT + ", dpf_certified: true}]\ntransfers: [{country: US, "
           "mechanism: adequacy}]")
def adequacy_decision(a: Node) -> Iterator[Hit]:
    """Only countries and international organisations the European Commission has found
    adequate (Art. 45(3)) receive data on adequacy alone. For the United States the
    decision covers only organisations certified under the EU-US Data Privacy Framework,
    and a configured `adequacy` list does not change that. Some decisions cover part of a
    country's law only (Canada, Japan, Korea, Israel): an `info` names the scope to check.
    The list ships as dated data ({adequacy_source}, as of {adequacy_date}) and can be
    replaced with config `adequacy`."""
    for index, transfer in _transfers(a):
        if transfer.get("mechanism") != "adequacy" or not _outside(transfer):
            continue
        country = transfer.get("country")
        if not _adequate_destination(a, transfer):
            where = country or transfer.get("organisation")
            lapsed = data.adequacy_decision(country=str(country)) if country else None
            reason = ("adequacy for the US covers only recipients certified under the Data "
                      "Privacy Framework: set dpf_certified: true on them, or use scc"
                      if country == "US" else f"the adequacy decision for {where} expired on "
                      f"{lapsed['expiry']}: use scc, bcr or another Art. 46 safeguard"
                      if lapsed and a.ctx.config.adequacy is None else
                      f"there is no adequacy decision for {where}: use scc, bcr or another "
                      "Art. 46 safeguard")
            yield Hit(("transfers", index, "mechanism"), reason)
            continue
        decision = data.adequacy_decision(country=str(country)) if country else None
        if decision and decision.get("scope") and country != "US":
            yield Hit(("transfers", index, "mechanism"), f"the adequacy decision for "
                      f"{country} ({decision['decision']}) covers {decision['scope']}: "
                      "check the recipient falls within it", Severity.INFO)


@rule(id="T004", title="Safeguard without a reference", article="Art. 46; Art. 47",
      severity=Severity.ERROR, also=_BOTH,
      bad=_US_RECIPIENT + _CONTRACT + "}]\ntransfers: [{country: US, mechanism: scc" + _TIA
      + "}]",
      good=_WITH_SCC)
def safeguard_reference(a: Node) -> Iterator[Hit]:
    """Appropriate safeguards are documents: signed clauses, approved binding corporate
    rules, a code or certification with binding commitments. Say where they are."""
    for index, transfer in _transfers(a):
        mechanism = transfer.get("mechanism")
        if mechanism in NEEDS_REFERENCE and not transfer.get("reference"):
            yield Hit(("transfers", index), f"add reference: where the {mechanism} safeguard "
                      "is documented")


@rule(id="T005", title="Transfer on an Art. 49 derogation", article="Art. 49",
      severity=Severity.WARNING, also=_BOTH,
      bad=_US_RECIPIENT + _CONTRACT + "}]\ntransfers: [{country: US, mechanism: derogation}]",
      good=_WITH_SCC)
def derogation(a: Node) -> Iterator[Hit]:
    """Derogations for specific situations (Art. 49) are for occasional, non-repetitive
    transfers; a regular flow to a recipient needs adequacy or an Art. 46 safeguard. Each
    derogation is one of the points of Art. 49(1), with its own conditions (explicit consent
    after being told the risks, a contract with the data subject, legal claims, ...): the
    `reference` says which. The last resort, compelling legitimate interests (Art. 49(1)
    second subparagraph), must be documented with its assessment and safeguards in the record
    (Arts 49(6), 30(1)(e)) and notified to the supervisory authority."""
    for index, transfer in _transfers(a):
        if transfer.get("mechanism") != "derogation":
            continue
        reference = transfer.get("reference")
        if not isinstance(reference, str) or not reference.strip():
            yield Hit(("transfers", index, "mechanism"), "derogations are for occasional "
                      "transfers only (Art. 49): name in reference the Art. 49(1) point relied "
                      "on (e.g. '(b) booking the customer's hotel abroad'), or use scc or "
                      "another safeguard for a regular flow")
        elif _COMPELLING.search(reference):
            yield Hit(("transfers", index, "mechanism"), "compelling legitimate interests "
                      "(Art. 49(1) second subparagraph) is the last resort for a transfer that "
                      "is not repetitive and concerns a limited number of data subjects: keep "
                      "the assessment and the safeguards on record (Arts 49(6), 30(1)(e)) and "
                      "inform the supervisory authority")
        else:
            yield Hit(("transfers", index, "mechanism"), "derogations are for occasional "
                      "transfers only (Art. 49): use scc or another safeguard for a regular "
                      "flow")


_COMPELLING = lazy_re(r"\bcompelling\b|\blegitimate interests?\b|49\s*\(1\)\s*"
                         r"(second|2nd|subpara|sub-para|UAbs|al\.? ?2)", re.IGNORECASE)


@rule(id="T006", title="Art. 46 safeguard without a transfer impact assessment",
      article="Art. 46(1); CJEU C-311/18", severity=Severity.ERROR, also=_BOTH,
      bad=f"{_US_RECIPIENT}{_CONTRACT}}}]\ntransfers: [{_SCC}}}]",
      good=_WITH_SCC)
def impact_assessment(a: Node) -> Iterator[Hit]:
    """Standard clauses, binding corporate rules and the other Art. 46 tools bind the
    parties, not the destination's authorities. Where no adequacy decision covers the
    destination, the exporter assesses whether its law and practice let the importer keep
    the safeguards, and adds supplementary measures where they do not (CJEU C-311/18
    Schrems II; SCC 2021/914 clause 14; EDPB Recommendations 01/2020). A transfer to the US
    counts as adequate only when every US recipient is certified under the Data Privacy
    Framework; otherwise the assessment may rely on the findings of Decision 2023/1795 on
    EO 14086."""
    for index, transfer in _transfers(a):
        mechanism = transfer.get("mechanism")
        if mechanism in NEEDS_REFERENCE and _outside(transfer) and not transfer.get("tia") \
                and not _adequate_destination(a, transfer):
            where = transfer.get("country") or transfer.get("organisation")
            yield Hit(("transfers", index), f"add tia: the transfer impact assessment for the "
                      f"{mechanism} transfer to {where}, which has no adequacy decision")
