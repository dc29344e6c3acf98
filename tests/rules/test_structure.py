"""X008 (placeholders in documenting fields) and X009 (dates in the future)."""

from __future__ import annotations

from typing import Any

import pytest

from gdpr_lint.rules.examples import activities_document, base_activity
from tests.conftest import lint_activity, lint_text, rule_ids

LIA = base_activity("legitimate_interests")["legitimate_interests"]


def _lia(**tests: str) -> dict[str, Any]:
    return {**LIA, "lia": {**LIA["lia"], **tests}}


@pytest.mark.parametrize("value", ["TODO", "TBD", "tbd", "FIXME", "n/a", "N/A", "na", "-",
                                   "--", "...", "…", "xxx", "XXXX", "tbc", "?", "???",
                                   " TBD ", "TBD."])
def test_placeholders_are_found(value: str) -> None:
    findings = lint_activity("legitimate_interests", legitimate_interests=_lia(
        balancing_test=value))
    assert [(f.rule, f.severity.value) for f in findings] == [("X008", "error")]
    assert "legitimate_interests.lia.balancing_test" in findings[0].message


def test_an_lia_of_tbd_three_times_is_three_findings() -> None:
    findings = lint_activity("legitimate_interests", legitimate_interests=_lia(
        purpose_test="TBD", necessity_test="TBD", balancing_test="TBD"))
    assert [f.rule for f in findings] == ["X008"] * 3


@pytest.mark.parametrize("value", [
    "TODO: ask legal", "TBD by the DPO", "TBD by legal: see ticket PRIV-112", "tbc with HR",
    "FIXME after the pilot", "TODO ask legal", "To do: balancing with the works council",
    "To-do - legal", "to be completed", "To be determined", "Still to be confirmed",
    "Balancing test: to be completed", "Balancing test: TBD", "LIA text to be written by legal",
    "Details to be confirmed", "Fraud rules - to be defined after the pilot",
])
def test_a_placeholder_followed_by_a_note_is_a_placeholder(value: str) -> None:
    # the note says who will write the test, not what it found: the assessment is not made
    findings = lint_activity("legitimate_interests", legitimate_interests=_lia(
        balancing_test=value))
    assert [(f.rule, f.severity.value) for f in findings] == [("X008", "error")]


@pytest.mark.parametrize("value", [
    "Opt-out requests are handled within the to-do list of the DPO",
    "To do so, the payment service checks the card against the issuer's fraud list",
    "Todo el personal de pagos ha recibido formación; los datos no se usan para publicidad",
    "Only the fields needed for the order to be completed are collected",
    "Kept until the claim is time-barred, the period to be determined under § 195 BGB",
    "Tbc-Untersuchung der Pflegekräfte nach § 23a IfSG; Ergebnis nur beim Betriebsarzt",
    "Payment details to be confirmed by the customer before dispatch are not stored",
    "Not applicable: no children use the service",
    "Fraud prevention is a recognised interest (Recital 47); n/a for marketing",
    "Customers expect checks? Yes: 2025 survey, 81% expect them",
])
def test_text_that_contains_a_placeholder_word_is_not_one(value: str) -> None:
    assert lint_activity("legitimate_interests", legitimate_interests=_lia(
        balancing_test=value)) == []


@pytest.mark.parametrize(("fields", "where"), [
    ({"consent": {"how_obtained": "TODO", "records": "consent_log", "withdrawal": "link"}},
     "consent.how_obtained"),
    ({"recipients": [{"name": "Mailer Ltd", "role": "processor", "country": "IE",
                      "contract": "tbc"}]}, "recipients.contract"),
    ({"dpia": {"not_required": "n/a"}}, "dpia.not_required"),
    ({"retention": [{"period": "P2Y", "start": "-", "categories": ["email address"]}]},
     "retention.start"),
    ({"joint_controllers": [{"name": "Partner Bank AG", "contact": "?",
                             "arrangement": "JCA-2026-02"}]}, "joint_controllers.contact"),
])
def test_documenting_fields_across_the_record(fields: dict[str, Any], where: str) -> None:
    findings = lint_activity(**fields)
    assert rule_ids(findings) == ["X008"] and where in findings[0].message


def test_names_and_categories_are_not_documenting_fields() -> None:
    # an odd category is not an assessment that was never made
    assert lint_activity(data_categories=["email address", "-"]) == []


def test_controller_contacts() -> None:
    findings = lint_activity(controller={"id": "acme-de", "name": "Acme GmbH",
                                         "contact": "TBD", "country": "DE",
                                         "requests": {"channel": "privacy@acme.example"}})
    assert rule_ids(findings) == ["X008"]


def test_x009_future_dates() -> None:
    # the test clock is 2026-11-23
    dpia = lint_activity(dpia={"reference": "DPIA-2027-01", "date": "2026-11-24"})
    assert [(f.rule, f.severity.value) for f in dpia] == [("X009", "error")]
    assert "2026-11-24 lies in the future" in dpia[0].message
    assert lint_activity(dpia={"reference": "DPIA-2026-11", "date": "2026-11-23"}) == []
    lia = lint_activity("legitimate_interests", legitimate_interests=_lia(
        assessed_on="2027-01-15"))
    assert rule_ids(lia) == ["X009"]


def test_x009_leaves_malformed_dates_to_the_schema() -> None:
    findings = lint_text(activities_document(
        {"dpia": {"reference": "DPIA-1", "date": "2026-13-45"}}))
    assert "X009" not in rule_ids(findings)


def test_not_applicable_where_nothing_is_needed_is_the_truth() -> None:
    swiss = [{"country": "CH", "mechanism": "adequacy", "reference": "n/a"}]
    recipients = [{"name": "Translate AB", "role": "processor", "country": "CH",
                   "contract": "DPA-2025-112"},
                  {"name": "Tax office", "role": "public_authority", "country": "DE",
                   "contract": "n/a"}]
    assert lint_activity(recipients=recipients, transfers=swiss) == []
    scc = [{"country": "CH", "mechanism": "scc", "reference": "n/a"}]
    assert rule_ids(lint_activity(recipients=recipients, transfers=scc)) == ["X008"]


def test_an_lia_of_notes_instead_of_tests_in_a_whole_record() -> None:
    text = """controller: {id: acme, name: Acme Ltd, contact: privacy@acme.example, country: DE}
activities:
  - id: product-analytics
    name: Product analytics
    purposes: [Measure which features customers use to plan the roadmap]
    data_subjects: [customers' users]
    data_categories: [usage events, account id]
    lawful_basis: legitimate_interests
    legitimate_interests:
      interest: Improving the product
      lia:
        purpose_test: "TODO: ask legal"
        necessity_test: TBD by the DPO
        balancing_test: to be completed
        assessed_on: 2025-01-01
    rights: [access, rectification, erasure, restriction, object, complaint]
    recipients: []
    retention: {period: P1Y, start: collection of the event}
    notice: {url: "https://acme.example/privacy#analytics", timing: at_collection}
    security_measures: [pseudonymised account ids, access limited to the product team]
"""
    findings = [f for f in lint_text(text) if f.rule == "X008"]
    assert [(f.line, f.severity.value) for f in findings] == [
        (12, "error"), (13, "error"), (14, "error")]
    assert "'TODO: ask legal' is a placeholder" in findings[0].message
