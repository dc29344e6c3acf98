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
    "TBD by legal: see ticket PRIV-112",  # says more than the placeholder
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
