from __future__ import annotations

import pytest

from gdpr_lint.rules.special import looks_criminal, looks_special
from tests.conftest import lint_activity, rule_ids


@pytest.mark.parametrize(("category", "expected"), [
    ("diagnosis", ["health"]), ("medical history", ["health"]), ("allergies", ["health"]),
    ("user.health_and_medical.insurance_beneficiary", ["health"]),
    ("fingerprint", ["biometric"]), ("fingerprints for door access", ["biometric"]),
    ("facial recognition template", ["biometric"]), ("user.biometric.retinal", ["biometric"]),
    ("ethnicity", ["racial_or_ethnic_origin"]),
    ("user.demographic.race_ethnicity", ["racial_or_ethnic_origin"]),
    ("religion", ["religious_or_philosophical_beliefs"]),
    ("user.demographic.religious_belief", ["religious_or_philosophical_beliefs"]),
    ("trade union membership", ["trade_union_membership"]),
    ("DNA sample", ["genetic"]), ("sexual orientation", ["sexual_orientation"]),
    ("user.demographic.political_opinion", ["political_opinions"]),
])
def test_special_looking_categories(category: str, expected: list[str]) -> None:
    assert looks_special(category) == expected


@pytest.mark.parametrize("category", [
    "device fingerprint", "browser fingerprint", "TLS fingerprint", "SSH key fingerprint",
    "email address", "user.demographic.age_range", "user.demographic.gender",
    "health insurance number", "European Union citizenship", "user.contact.email",
    "order history", "IP address",
])
def test_harmless_look_alikes_are_not_flagged(category: str) -> None:
    assert looks_special(category) == []


@pytest.mark.parametrize("category", ["criminal record", "prior convictions",
                                      "user.criminal_history"])
def test_criminal_looking_categories(category: str) -> None:
    assert looks_criminal(category)


def test_s003_in_both_directions() -> None:
    assert rule_ids(lint_activity("contract", data_categories=["name", "blood type"])) == ["S003"]
    assert lint_activity("contract", data_categories=["name", "device fingerprint"]) == []
    declared = lint_activity("contract", data_categories=["name", "blood type"],
                             special_categories=["health"], art9_condition="vital_interests")
    assert "S003" not in rule_ids(declared)
    crime = lint_activity("contract", data_categories=["user.criminal_history"])
    assert rule_ids(crime) == ["S003"] and "criminal_data: true" in crime[0].message


def test_s001_s002() -> None:
    assert rule_ids(lint_activity("contract", special_categories=["health"],
                                  data_categories=["diagnosis"])) == ["S001"]
    s002 = lint_activity("contract", special_categories=["health"], data_categories=["diagnosis"],
                         art9_condition="public_health")
    assert rule_ids(s002) == ["S002"] and "Art. 9(2)(i)" in s002[0].message
    made_public = lint_activity("contract", special_categories=["political_opinions"],
                                data_categories=["political views"], art9_condition="made_public")
    assert made_public == []


def test_s004_needs_explicit_flag_and_records() -> None:
    fields = {"special_categories": ["health"], "data_categories": ["allergies"],
              "art9_condition": "explicit_consent"}
    assert rule_ids(lint_activity(**fields)) == ["S004"]
    consent = {"how_obtained": "a", "records": "b", "withdrawal": "c", "explicit": True}
    assert lint_activity(**fields, consent=consent) == []


def test_s005() -> None:
    assert rule_ids(lint_activity("legal_obligation", criminal_data=True)) == ["S005"]
    assert lint_activity("legal_obligation", criminal_data=True, art10_authority="Act") == []


@pytest.mark.parametrize(("state", "age"), [(None, 16), ("DE", 16), ("FR", 15), ("BE", 13)])
def test_s006_age_from_member_state(state: str | None, age: int) -> None:
    config = {"member_state": state} if state else None
    findings = lint_activity(config=config, children=True, information_society_service=True)
    assert rule_ids(findings) == ["S006"]
    assert f"children under {age}" in findings[0].message
