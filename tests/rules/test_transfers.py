"""Transfers in format v1.1: own staff abroad, country codes, plain-text recipients,
international organisations, dated adequacy decisions and transfer impact assessments."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import lint_activity, lint_text, only_dpf_fallback, rule_ids

CONTRACT = "DPA-2026-007 (Art. 28(3))"
SCC = {"country": "US", "mechanism": "scc", "reference": "DPA-2026-007, SCC module 2",
       "tia": "TIA-2026-03: FISA 702 assessed, EU-held encryption keys"}


def _recipient(country: str, **extra: Any) -> dict[str, Any]:
    return {"name": "Helpdesk Inc", "role": "processor", "country": country,
            "contract": CONTRACT, **extra}


def test_own_staff_abroad_are_not_a_transfer() -> None:
    staff = {"name": "Our sales team in Singapore", "role": "internal", "country": "SG"}
    assert lint_activity(recipients=[staff]) == []
    # a company of the same group is another organisation: a transfer
    group = {"name": "Acme Asia Pte Ltd", "role": "controller", "country": "SG"}
    assert rule_ids(lint_activity(recipients=[group])) == ["T001"]


@pytest.mark.parametrize("code", ["UK", "EL"])
def test_invalid_codes_are_x003_alone(code: str) -> None:
    findings = lint_activity(recipients=[_recipient(code)],
                             transfers=[{"country": code, "mechanism": "adequacy"}])
    assert rule_ids(findings) == ["X003"]
    assert {"GB" if code == "UK" else "GR"} <= {
        m for f in findings for m in ("GB", "GR") if f"did you mean '{m}'" in f.message}


@pytest.mark.parametrize("code", ["RE", "GP", "MQ", "GF", "YT", "MF", "AX"])
def test_outermost_regions_and_aland_are_in_the_union(code: str) -> None:
    assert lint_activity(recipients=[_recipient(code)]) == []
    controller = {"id": "acme-re", "name": "Acme Réunion SAS", "contact": "dpo@acme.example",
                  "country": code, "requests": {"channel": "dpo@acme.example"}}
    assert lint_activity(controller=controller) == []  # no representative needed (D005)


@pytest.mark.parametrize("text", ["Mailchimp (Intuit Inc., USA)", "Zendesk Inc. (United States)",
                                  "Zendesk (US)",
                                  "Infosys BPM, Bangalore, India"])
def test_plain_text_recipient_naming_a_third_country(text: str) -> None:
    findings = lint_activity(recipients=[text])
    assert [(f.rule, f.severity.value) for f in findings] == [("T001", "warning")]
    assert "{name, role, country}" in findings[0].message


@pytest.mark.parametrize("text", ["Tax office Berlin", "Mailer Ltd (Dublin, Ireland)",
                                  "Georgia Pacific Europe GmbH", "Jordan & Partner Steuerberater"])
def test_plain_text_recipient_in_the_eea_or_ambiguous_is_fine(text: str) -> None:
    assert lint_activity(recipients=[text]) == []


def test_plain_text_recipient_whose_transfer_is_declared() -> None:
    assert lint_activity(recipients=["Mailchimp (Intuit Inc., USA)"], transfers=[SCC]) == []


def test_international_organisations() -> None:
    epo = {"name": "European Patent Office", "role": "public_authority",
           "organisation": "european-patent-organisation"}
    assert rule_ids(lint_activity(recipients=[epo])) == ["T001"]
    on_adequacy = [{"organisation": "european-patent-organisation", "mechanism": "adequacy"}]
    assert lint_activity(recipients=[epo], transfers=on_adequacy) == []
    who = {"name": "World Health Organization", "role": "controller", "organisation": "who"}
    claimed = [{"organisation": "who", "mechanism": "adequacy"}]
    assert rule_ids(lint_activity(recipients=[who], transfers=claimed)) == ["T003"]
    assert rule_ids(lint_activity(recipients=[who], transfers=[{"organisation": "who"}])) == \
        ["T002"]


def test_transfers_to_gb_ch_jp_br_and_dpf_us_on_adequacy() -> None:
    for code in ("GB", "CH", "BR", "NZ", "UY"):
        assert lint_activity(recipients=[_recipient(code)],
                             transfers=[{"country": code, "mechanism": "adequacy"}]) == [], code
    dpf = lint_activity(recipients=[_recipient("US", dpf_certified=True)],
                        transfers=[{"country": "US", "mechanism": "adequacy"}])
    assert only_dpf_fallback(dpf) and len(dpf) == 1


@pytest.mark.parametrize(("code", "scope"), [("CA", "PIPEDA"), ("JP", "APPI"),
                                              ("KR", "Personal Information Protection Act"),
                                              ("IL", "automated")])
def test_partial_decisions_name_their_scope(code: str, scope: str) -> None:
    findings = lint_activity(recipients=[_recipient(code)],
                             transfers=[{"country": code, "mechanism": "adequacy"}])
    assert [(f.rule, f.severity.value) for f in findings] == [("T003", "info")]
    assert scope in findings[0].message


def test_config_adequacy_never_lifts_the_dpf_condition() -> None:
    config = {"adequacy": ["US", "CH"]}
    adequacy = [{"country": "US", "mechanism": "adequacy"}]
    uncertified = lint_activity(config=config, recipients=[_recipient("US")], transfers=adequacy)
    assert rule_ids(uncertified) == ["T003"] and "Data Privacy Framework" in \
        uncertified[0].message
    assert lint_activity(config=config, recipients=[_recipient("US", dpf_certified=True)],
                         transfers=adequacy) == []


def test_t006_needs_a_tia_without_adequacy() -> None:
    without = {k: v for k, v in SCC.items() if k != "tia"}
    findings = lint_activity(recipients=[_recipient("US")], transfers=[without])
    assert [(f.rule, f.severity.value) for f in findings] == [("T006", "error")]
    assert lint_activity(recipients=[_recipient("US")], transfers=[SCC]) == []
    # India: no adequacy, so the SCC need their assessment
    india = {**without, "country": "IN"}
    assert rule_ids(lint_activity(recipients=[_recipient("IN")], transfers=[india])) == ["T006"]
    # SCC to an adequate country (belt and braces) need no TIA
    swiss = {**without, "country": "CH"}
    assert lint_activity(recipients=[_recipient("CH")], transfers=[swiss]) == []


def test_t006_us_counts_as_adequate_only_when_every_us_recipient_is_certified() -> None:
    without = {k: v for k, v in SCC.items() if k != "tia"}
    certified = _recipient("US", dpf_certified=True)
    assert lint_activity(recipients=[certified], transfers=[without]) == []
    other = {**_recipient("US"), "name": "Analytics Corp"}
    assert rule_ids(lint_activity(recipients=[certified, other], transfers=[without])) == \
        ["T006"]


def test_a_lawful_transfer_record_raises_nothing() -> None:
    text = """\
controller: {id: northwind, name: Northwind GmbH, contact: privacy@northwind.example, country: DE,
             dpo: {name: Dr. Jana Roth, contact: dpo@northwind.example},
             requests: {channel: privacy@northwind.example}}
activities:
  - id: support-tickets
    name: Customer support tickets
    purposes: [Answer customers' questions and warranty claims]
    data_subjects: [customers]
    data_categories: [name, email address, ticket content]
    lawful_basis: contract
    contract:
      reference: Terms of sale, section 9 (warranty)
      necessity: A warranty claim cannot be answered without the ticket and contact data
    rights: [access, rectification, erasure, restriction, portability, complaint]
    recipients:
      - {name: Helpdesk Inc, role: processor, country: US, dpf_certified: true,
         contract: DPA-2025-090}
      - {name: Translate AB, role: processor, country: CH, contract: DPA-2025-112}
      - {name: Our support staff in Manila, role: internal, country: PH}
      - {name: Backup Ltd, role: processor, country: IN, contract: DPA-2025-140}
    transfers:
      - {country: US, mechanism: adequacy}
      - {country: CH, mechanism: adequacy}
      - {country: IN, mechanism: scc, reference: DPA-2025-140 with SCC module 2,
         tia: "TIA-2025-11: Indian DPDP Act and IT Act s. 69 assessed; backups encrypted"}
    retention: {period: P2Y, start: ticket closed}
    notice: {url: "https://northwind.example/privacy#support", timing: at_collection}
    security_measures: [TLS in transit, encryption at rest, SSO with MFA]
"""
    assert only_dpf_fallback(lint_text(text))


def test_an_expired_decision_no_longer_counts() -> None:
    import datetime as dt

    from gdpr_lint.rules.examples import activities_document

    text = activities_document({"recipients": [_recipient("GB")], "review": None,
                                "transfers": [{"country": "GB", "mechanism": "adequacy"}]})
    on = dt.date(2031, 12, 27)
    assert lint_text(text, today=on) == []
    after = lint_text(text, today=on + dt.timedelta(days=1))
    assert [f.rule for f in after] == ["T003"]
    assert "expired on 2031-12-27" in after[0].message


def test_controller_country_uk_is_x003_alone_not_d005() -> None:
    controller = {"id": "acme-uk", "name": "Acme UK Ltd", "contact": "privacy@acme.example",
                  "country": "UK", "requests": {"channel": "privacy@acme.example"}}
    assert rule_ids(lint_activity(controller=controller)) == ["X003"]
    assert rule_ids(lint_activity(controller={**controller, "country": "GB"})) == ["D005"]


def _hotel(**transfer: Any) -> list[Any]:
    # a travel agency books a customer's hotel in India: Art. 49(1)(b)
    recipients = [{"name": "Hotel Taj Palace", "role": "controller", "country": "IN"}]
    findings = lint_activity("contract", recipients=recipients,
                             transfers=[{"country": "IN", "mechanism": "derogation",
                                         **transfer}])
    return [(f.rule, f.severity.value, f.message) for f in findings]


def test_t005_asks_which_derogation_applies() -> None:
    [(rule, severity, message)] = _hotel()
    assert (rule, severity) == ("T005", "warning")
    assert "name in reference the Art. 49(1) point" in message
    [(rule, severity, message)] = _hotel(
        reference="Art. 49(1)(b): the booking the customer asked for")
    # The point named for an occasional transfer: nothing to fix, a reminder (EDPB 2/2018).
    assert (rule, severity) == ("T005", "info") and "occasional" in message
    assert "Art. 49(1) point" not in message
    [(rule, severity, _)] = _hotel(reference="Booking confirmation sent to the hotel")
    assert (rule, severity) == ("T005", "warning")


@pytest.mark.parametrize("reference", [
    "Compelling legitimate interests: one-off disclosure to the buyer's counsel",
    "Art. 49(1) second subparagraph, assessment LIA-2026-09",
])
def test_t005_compelling_legitimate_interests_need_their_record(reference: str) -> None:
    [(rule, severity, message)] = _hotel(reference=reference)
    assert (rule, severity) == ("T005", "warning")
    assert "Arts 49(6), 30(1)(e)" in message and "supervisory authority" in message
