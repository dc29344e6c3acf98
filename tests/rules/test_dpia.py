"""I rules in format v1.1: Art. 35(3) cases, Art. 35(10), and the WP248 criteria."""

from __future__ import annotations

from typing import Any

from tests.conftest import lint_activity, rule_ids

DPO_CONTROLLER = {"name": "Acme Clinics GmbH", "contact": "privacy@acme.example",
                  "country": "DE", "dpo": {"name": "Dr. Jana Roth",
                                           "contact": "dpo@acme.example"},
                  "requests": {"channel": "privacy@acme.example"}}
SCORING = {"legal_or_similar_effect": True, "exception": "contract",
           "safeguards": ["human_intervention", "express_view", "contest"]}
HEALTH = {"special_categories": ["health"], "data_categories": ["name", "diagnosis"],
          "art9_condition": "health_or_social_care",
          "art9_reference": "Patients' Rights Act, section 630f", "scale": "large",
          "controller": DPO_CONTROLLER}
CCTV = {"systematic_monitoring": True, "public_area": True, "scale": "large",
        "controller": DPO_CONTROLLER}
DPIA = {"reference": "DPIA-2026-04", "date": "2026-04-20"}


def _severities(findings: list[Any]) -> list[tuple[str, str]]:
    return [(f.rule, f.severity.value) for f in findings]


def test_i001_profiling_is_an_error_otherwise_a_warning() -> None:
    assert _severities(lint_activity("contract", automated_decisions=SCORING,
                                     profiling=True)) == [("I001", "error")]
    assert _severities(lint_activity("contract", automated_decisions=SCORING)) == \
        [("I001", "warning")]
    assert lint_activity("contract", automated_decisions=SCORING, profiling=True,
                         dpia=DPIA) == []


def test_i002_large_scale_health_data() -> None:
    assert _severities(lint_activity("contract", **HEALTH)) == [("I002", "error")]
    assert lint_activity("contract", dpia=DPIA, **HEALTH) == []
    not_required = lint_activity("contract", dpia={"not_required": "Low risk"}, **HEALTH)
    assert rule_ids(not_required) == ["I002"] and "Art. 35(10)" in not_required[0].message


def test_art_35_10_only_for_legal_obligation_or_public_task() -> None:
    exempt = {"not_required": "General impact assessment when the law was adopted "
                              "(Art. 35(10))",
              "law": "Krankenhausgesetz NRW section 12, explanatory memorandum part A"}
    assert lint_activity("public_task", dpia=exempt, **HEALTH) == []
    on_contract = lint_activity("contract", dpia=exempt, **HEALTH)
    assert rule_ids(on_contract) == ["I002"]
    assert "legal obligation or a public task" in on_contract[0].message


def test_i004_station_cameras() -> None:
    assert _severities(lint_activity("legitimate_interests", **CCTV)) == [("I004", "error")]
    assert lint_activity("legitimate_interests", dpia=DPIA, **CCTV) == []
    # cameras in a staff-only warehouse are no public area: I003 weighs them instead
    warehouse = {**CCTV, "public_area": False}
    assert rule_ids(lint_activity("legitimate_interests", **warehouse)) == ["I003"]


def test_hospital_reminders_without_significant_effect() -> None:
    reminders = {"special_categories": ["health"], "data_categories": ["name", "appointment"],
                 "art9_condition": "health_or_social_care",
                 "art9_reference": "Patients' Rights Act, section 630f",
                 "automated_decisions": {"legal_or_similar_effect": False},
                 "controller": DPO_CONTROLLER}
    # (A003/A004 are read the same way by the automated-decision rules)
    assert [f for f in lint_activity("contract", **reminders) if f.rule.startswith("I")] == []


def test_i003_counts_profiling_and_own_staff_only() -> None:
    assert rule_ids(lint_activity("legitimate_interests", profiling=True,
                                  new_technology=True)) == ["I003"]
    assert rule_ids(lint_activity("legitimate_interests", data_subjects=["employees"],
                                  new_technology=True)) == ["I003"]
    for subjects in (["loan applicants"], ["customer staff"]):
        assert lint_activity("legitimate_interests", data_subjects=subjects,
                             new_technology=True) == [], subjects


def test_p004_large_scale_sensitive_processing_without_a_dpo() -> None:
    without_dpo = {k: v for k, v in DPO_CONTROLLER.items() if k != "dpo"}
    findings = lint_activity("contract", dpia=DPIA, **{**HEALTH, "controller": without_dpo})
    assert _severities(findings) == [("P004", "warning")]
    assert lint_activity("contract", dpia=DPIA, **HEALTH) == []
    # a public authority already gets P003 for the missing DPO, not P004 on top
    authority = {**without_dpo, "public_authority": True}
    assert rule_ids(lint_activity("public_task", dpia=DPIA,
                                  **{**HEALTH, "controller": authority})) == ["P003"]


def test_i003_says_how_not_required_answers_it() -> None:
    # payroll: employees, and large scale; the authority's Art. 35(5) list exempts it
    payroll = {"data_subjects": ["employees"], "scale": "large"}
    [finding] = lint_activity("legal_obligation", **payroll)
    assert (finding.rule, finding.severity.value) == ("I003", "warning")
    assert "Art. 35(5) list" in finding.message
    assert lint_activity("legal_obligation", dpia={
        "not_required": "HR payroll is on the CNIL list of processing operations needing no "
                        "DPIA (deliberation 2019-118, Art. 35(5))"}, **payroll) == []
