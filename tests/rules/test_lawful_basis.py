from __future__ import annotations

import pytest

from gdpr_lint.rules.lawful_basis import nearest_basis
from tests.conftest import lint_activity, rule_ids


def test_missing_basis_is_b001_at_the_activity_not_x003() -> None:
    findings = lint_activity(lawful_basis=None, consent=None,
                             rights=["access", "rectification", "erasure", "restriction",
                                     "complaint"])
    assert [(f.rule, f.line, f.column) for f in findings] == [("B001", 10, 3)]
    assert findings[0].activity == "newsletter"
    assert findings[0].article == "Art. 6(1); Art. 5(2)"


def test_art9_condition_alone_is_not_a_basis() -> None:
    findings = lint_activity(lawful_basis=None, consent=None, art9_condition="explicit_consent",
                             special_categories=["health"], data_categories=["allergies"])
    b001 = [f for f in findings if f.rule == "B001"]
    assert b001 and "not instead of one" in b001[0].message


@pytest.mark.parametrize(("written", "suggested"), [
    ("legitimate interest", "legitimate_interests"),
    ("Legitimate-Interests", "legitimate_interests"),
    ("legal obligation", "legal_obligation"),
    ("consnet", "consent"),
    ("public task", "public_task"),
])
def test_nearest_basis(written: str, suggested: str) -> None:
    assert nearest_basis(written) == suggested


def test_unknown_basis_is_b002_with_suggestion_and_no_x003() -> None:
    findings = lint_activity(lawful_basis="legitimate interest")
    assert rule_ids(findings) == ["B002"]
    assert "did you mean 'legitimate_interests'?" in findings[0].message


def test_list_of_bases_is_refused() -> None:
    findings = lint_activity(lawful_basis=["consent", "contract"])
    assert rule_ids(findings) == ["B002"]
    assert "exactly one" in findings[0].message


@pytest.mark.parametrize("missing", ["how_obtained", "records", "withdrawal"])
def test_b010_names_each_missing_consent_field(missing: str) -> None:
    consent = {"how_obtained": "a", "records": "b", "withdrawal": "c"}
    del consent[missing]
    findings = lint_activity(consent=consent)
    assert rule_ids(findings) == ["B010"]
    assert f"consent.{missing}" in findings[0].message


@pytest.mark.parametrize(("subjects", "raised"), [
    (["employees"], True), (["job applicants"], True), (["staff"], True),
    (["subscribers"], False), (["customers"], False),
])
def test_b012_employees(subjects: list[str], raised: bool) -> None:
    assert ("B012" in rule_ids(lint_activity(data_subjects=subjects))) is raised


@pytest.mark.parametrize(("base", "section", "rule"), [
    ("contract", {"reference": "Terms"}, "B020"),
    ("legal_obligation", {}, "B030"),
    ("public_task", {}, "B031"),
    ("vital_interests", {}, "B040"),
])
def test_basis_documentation_required(base: str, section: dict[str, str], rule: str) -> None:
    assert rule_ids(lint_activity(base, **{base: section})) == [rule]
    assert rule_ids(lint_activity(base, **{base: None})) == [rule]


def test_b021_marketing_on_contract() -> None:
    assert "B021" in rule_ids(lint_activity("contract", direct_marketing=True))
    assert "B021" not in rule_ids(lint_activity("consent", direct_marketing=True))
