"""Format v1.2 (SPEC §11) on transfers: recipients without a place (T001), transfers judged
per recipient (T001, T003, T006), the DPF's contested note, regular flows on a derogation
(T005) and group companies declared as internal (T007)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import call_main, lint_activity, lint_text, only_dpf_fallback, rule_ids

CONTRACT = "DPA-2026-007 (Art. 28(3))"
TIA = "TIA-2026-03: FISA 702 assessed, EU-held encryption keys"


def vendor(name: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "role": "processor", "country": "US", "contract": CONTRACT, **extra}


def severities(findings: list[Any]) -> list[tuple[str, str]]:
    return [(f.rule, f.severity.value) for f in findings]


# -- T001: where is the recipient? ---------------------------------------------------------
@pytest.mark.parametrize("role", ["processor", "controller", "joint_controller"])
def test_t001_a_recipient_without_country_is_a_warning(role: str) -> None:
    recipient = {"name": "Payroll Services", "role": role, "contract": CONTRACT}
    findings = lint_activity(recipients=[recipient])
    assert ("T001", "warning") in severities(findings)
    assert "Art. 30(1)(e)" in next(f.message for f in findings if f.rule == "T001")


@pytest.mark.parametrize("recipient", [
    {"name": "Tax office", "role": "public_authority"},
    {"name": "Auditor named without a role"},
    {"name": "Our finance team", "role": "internal"},
    {"name": "Payroll Services", "role": "processor", "country": "DE", "contract": CONTRACT},
    {"name": "UN agency", "role": "controller", "organisation": "european-patent-organisation"},
])
def test_t001_a_placed_recipient_authority_or_own_staff_is_clean(
        recipient: dict[str, Any]) -> None:
    assert ("T001", "warning") not in severities(lint_activity(recipients=[recipient]))


# -- T003, T006 per recipient ------------------------------------------------------------
def test_a_certified_vendor_on_adequacy_and_another_on_scc_are_both_lawful() -> None:
    findings = lint_activity(
        recipients=[vendor("Mailer Inc", dpf_certified=True), vendor("Analytics LLC")],
        transfers=[{"country": "US", "mechanism": "adequacy", "recipient": "Mailer Inc"},
                   {"country": "US", "mechanism": "scc", "recipient": "Analytics LLC",
                    "reference": "SCC module 2 in DPA-2026-007", "tia": TIA}])
    assert only_dpf_fallback(findings) and len(findings) == 1


def test_without_recipient_a_transfer_serves_every_recipient_in_its_country() -> None:
    findings = lint_activity(
        recipients=[vendor("Mailer Inc", dpf_certified=True), vendor("Analytics LLC")],
        transfers=[{"country": "US", "mechanism": "adequacy"}])
    assert severities(findings) == [("T003", "error")]


def test_t003_adequacy_for_a_named_uncertified_vendor() -> None:
    findings = lint_activity(
        recipients=[vendor("Mailer Inc", dpf_certified=True), vendor("Analytics LLC")],
        transfers=[{"country": "US", "mechanism": "adequacy", "recipient": "Analytics LLC"},
                   {"country": "US", "mechanism": "adequacy", "recipient": "Mailer Inc"}])
    error = next(f for f in findings if f.severity.value == "error")
    assert error.rule == "T003" and "'Analytics LLC' is not certified" in error.message


def test_t006_scc_for_a_named_certified_vendor_needs_no_tia() -> None:
    from gdpr_lint.rules.examples import activities_document

    text = activities_document({
        "recipients": [vendor("Mailer Inc", dpf_certified=True), vendor("Analytics LLC")],
        "transfers": [{"country": "US", "mechanism": "scc", "recipient": "Mailer Inc",
                       "reference": "SCC module 2"},
                      {"recipient": "Analytics LLC", "country": "US", "mechanism": "scc",
                       "reference": "SCC module 2"}]})
    findings = lint_text(text)
    assert severities(findings) == [("T006", "error")]
    # the TIA is asked for the uncertified vendor's transfer only
    assert "recipient: Analytics LLC" in text.splitlines()[findings[0].line - 1]


def test_t001_a_recipient_no_named_transfer_serves() -> None:
    findings = lint_activity(
        recipients=[vendor("Mailer Inc", dpf_certified=True), vendor("Analytics LLC")],
        transfers=[{"country": "US", "mechanism": "adequacy", "recipient": "Mailer Inc"}])
    assert severities(findings) == [("T001", "error"), ("T003", "info")]
    assert "Analytics LLC" in findings[0].message and "naming it" in findings[0].message


# -- the DPF's contested note ---------------------------------------------------------------
def test_one_dpf_info_per_transfer_and_none_with_a_fallback() -> None:
    certified = [vendor("Mailer Inc", dpf_certified=True), vendor("CRM Inc", dpf_certified=True)]
    two = lint_activity(recipients=certified,
                        transfers=[{"country": "US", "mechanism": "adequacy",
                                    "recipient": "Mailer Inc"},
                                   {"country": "US", "mechanism": "adequacy",
                                    "recipient": "CRM Inc"}])
    assert only_dpf_fallback(two) and len(two) == 2
    assert "Art. 46" in two[0].message
    fallback = lint_activity(recipients=certified, transfers=[
        {"country": "US", "mechanism": "adequacy",
         "reference": "DPF; SCC module 2 signed as fallback in DPA-2026-007"}])
    assert fallback == []


def test_explain_t003_shows_the_contested_note() -> None:
    text = call_main("explain", "T003").stdout
    assert "C-703/25 P" in text and "T-553/23" in text


# -- T005: a regular flow on a derogation -----------------------------------------------
@pytest.mark.parametrize(("reference", "fields"), [
    ("Art. 49(1)(b): monthly export of bookings to the US partner", {}),
    ("Art. 49(1)(b) contract with the data subject", {
        "description": "Daily sync of the customer list to the US parent's CRM"}),
    ("Art. 49(1)(a) explicit consent", {"purposes": ["Regelmäßige Übermittlung an die Zentrale"]}),
    ("Art. 49(1)(b), export mensuel vers le siège", {}),
    ("Art. 49(1)(b): cada mes se envía la lista", {}),
    ("Art. 49(1)(b), trasferimento settimanale", {}),
    ("Art. 49(1)(b): maandelijkse doorgifte", {}),
    ("Art. 49(1)(b), every week", {}),
])
def test_t005_a_regular_flow_on_a_derogation_is_an_error(reference: str,
                                                         fields: dict[str, Any]) -> None:
    findings = lint_activity(recipients=[vendor("Partner Inc")], transfers=[
        {"country": "US", "mechanism": "derogation", "reference": reference}], **fields)
    assert severities(findings) == [("T005", "error")], [f.message for f in findings]
    assert "EDPB Guidelines 2/2018" in findings[0].message


@pytest.mark.parametrize(("reference", "fields"), [
    ("Art. 49(1)(e): one-off disclosure to US counsel in ongoing litigation", {}),
    ("Art. 49(1)(b): booking the customer's hotel abroad, not a regular transfer", {}),
    ("Art. 49(1)(b) booking the customer's hotel", {"purposes": ["Send the monthly newsletter"],
                                                    "description": "Monthly newsletter"}),
])
def test_t005_an_occasional_derogation_naming_its_point_is_an_info(
        reference: str, fields: dict[str, Any]) -> None:
    findings = lint_activity(recipients=[vendor("Partner Inc")], transfers=[
        {"country": "US", "mechanism": "derogation", "reference": reference}], **fields)
    assert severities(findings) == [("T005", "info")], [f.message for f in findings]


# -- T007 ------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", [
    "Acme Inc. (US parent company) IT team", "Acme Holdings LLC", "Acme Deutschland GmbH",
    "our subsidiary in Poland", "Acme Iberia S.A.", "Acme Benelux B.V.", "group company in India",
    "Muttergesellschaft in der Schweiz", "Société mère à Paris", "la società controllante",
])
def test_t007_another_legal_entity_declared_internal(name: str) -> None:
    findings = lint_activity(recipients=[{"name": name, "role": "internal", "country": "US"}])
    assert severities(findings) == [("T007", "warning")], [f.message for f in findings]


@pytest.mark.parametrize("name", [
    "Acme Ltd IT team", "Our support staff in Manila", "Finance department",
    "Acme Ltd branch office in Singapore",
    # A legal form at the head of a name is no legal form: a German "Arbeitsgruppe"; a team
    # named after its work is the shop's own team.
    "AG Arbeitsschutz (Arbeitsgruppe der Werksleitung)", "AB testing team",
    "Affiliate partnerships team", "Parent portal support desk",
])
def test_t007_own_staff_is_clean(name: str) -> None:
    assert lint_activity(recipients=[{"name": name, "role": "internal", "country": "SG"}]) == []


def test_t007_the_declared_controller_name_wins_over_its_legal_form() -> None:
    controller = {"id": "acme-inc", "name": "Acme Inc.", "contact": "privacy@acme.example",
                  "country": "IE", "requests": {"channel": "privacy@acme.example"}}
    own = {"name": "Acme Inc. support engineers in Dublin", "role": "internal", "country": "IE"}
    assert lint_activity(controller=controller, recipients=[own]) == []
    parent = {"name": "Acme Holdings Inc. (parent)", "role": "internal", "country": "US"}
    assert rule_ids(lint_activity(controller=controller, recipients=[parent])) == ["T007"]


def test_processor_records_read_recipient_named_transfers() -> None:
    from gdpr_lint.rules.examples import processor_document

    text = processor_document({
        "sub_processors": [{"name": "Hosting Inc", "country": "US", "contract": "SPA-1",
                            "authorisation": "general", "dpf_certified": True},
                           {"name": "Search LLC", "country": "US", "contract": "SPA-2",
                            "authorisation": "general"}],
        "transfers": [{"country": "US", "mechanism": "adequacy", "recipient": "Hosting Inc"},
                      {"country": "US", "mechanism": "scc", "recipient": "Search LLC",
                       "reference": "SCC module 3", "tia": TIA}]})
    assert only_dpf_fallback(lint_text(text))


def test_t001_a_sub_processor_without_country_is_a_warning() -> None:
    from gdpr_lint.rules.examples import processor_document

    text = processor_document({"sub_processors": [{"name": "Search Co", "contract": "SPA-2",
                                                   "authorisation": "general"}]})
    assert [(f.rule, f.severity.value) for f in lint_text(text)] == [("T001", "warning")]
