from __future__ import annotations

import pytest

from gdpr_lint.rules.rights import RIGHTS_BY_BASIS, basis_gives
from tests.conftest import lint_activity, rule_ids

ALL = ["access", "rectification", "erasure", "restriction", "portability", "object",
       "withdraw_consent", "complaint"]


def test_rights_table_follows_the_gdpr_text() -> None:
    assert {b for b, rights in RIGHTS_BY_BASIS.items() if "portability" in rights} == \
        {"consent", "contract"}
    assert {b for b, rights in RIGHTS_BY_BASIS.items() if "object" in rights} == \
        {"public_task", "legitimate_interests"}
    assert basis_gives("contract", "object", direct_marketing=True)
    assert not basis_gives("legal_obligation", "portability")


@pytest.mark.parametrize("base", ["legitimate_interests", "public_task"])
def test_r001(base: str) -> None:
    rights = ["access", "rectification", "erasure", "restriction", "complaint"]
    assert "R001" in rule_ids(lint_activity(base, rights=rights))


def test_r002_for_consent_and_explicit_consent() -> None:
    rights = ["access", "rectification", "erasure", "restriction", "portability", "complaint"]
    assert rule_ids(lint_activity(rights=rights)) == ["R002"]


def test_r003_portability_under_contract() -> None:
    rights = ["access", "rectification", "erasure", "restriction", "complaint"]
    assert rule_ids(lint_activity("contract", rights=rights)) == ["R003"]


@pytest.mark.parametrize(("base", "right"), [
    ("consent", "object"), ("contract", "object"), ("legal_obligation", "object"),
    ("vital_interests", "object"),
])
def test_r004_objection_the_basis_does_not_give(base: str, right: str) -> None:
    from gdpr_lint.rules.examples import base_activity

    rights = [*base_activity(base)["rights"], right]
    findings = lint_activity(base, rights=rights)
    assert [(f.rule, f.severity.value) for f in findings] == [("R004", "warning")]
    assert f"'{right}'" in findings[0].message


@pytest.mark.parametrize("base", ["legal_obligation", "vital_interests", "legitimate_interests",
                                  "public_task"])
def test_r004_voluntary_portability_is_info(base: str) -> None:
    from gdpr_lint.rules.examples import base_activity

    findings = lint_activity(base, rights=[*base_activity(base)["rights"], "portability"])
    assert [(f.rule, f.severity.value) for f in findings] == [("R004", "info")]
    assert "fine if offered voluntarily" in findings[0].message


def test_r005_direct_marketing_needs_object_under_any_basis() -> None:
    rights = ["access", "rectification", "erasure", "restriction", "portability",
              "withdraw_consent", "complaint"]
    assert rule_ids(lint_activity(direct_marketing=True, rights=rights)) == ["R005"]
    assert lint_activity(direct_marketing=True, rights=ALL) == []
    # R001 stays quiet where R005 already asks for the same right
    assert rule_ids(lint_activity("legitimate_interests", direct_marketing=True,
                                  rights=["access", "rectification", "erasure", "restriction",
                                          "complaint"])) == ["R005"]


AD = {"legal_or_similar_effect": True, "exception": "contract",
      "safeguards": ["human_intervention", "express_view", "contest"]}
DPIA = {"reference": "DPIA-1", "date": "2026-01-01"}


def test_a001_to_a003() -> None:
    assert rule_ids(lint_activity("contract", automated_decisions={"legal_or_similar_effect": True},
                                  dpia=DPIA)) == ["A001"]
    assert rule_ids(lint_activity("contract", automated_decisions={**AD, "exception": "law"},
                                  dpia=DPIA)) == ["A002"]
    a003 = lint_activity("contract", automated_decisions={**AD, "safeguards": ["contest"]},
                         dpia=DPIA)
    assert rule_ids(a003) == ["A003"] and "human_intervention, express_view" in a003[0].message
    assert lint_activity("contract", automated_decisions=AD, dpia=DPIA) == []


def test_a004_a005_and_i001() -> None:
    special = {"special_categories": ["health"], "data_categories": ["diagnosis"],
               "art9_condition": "vital_interests"}
    assert rule_ids(lint_activity("contract", automated_decisions=AD, dpia=DPIA,
                                  **special)) == ["A004"]
    assert rule_ids(lint_activity("contract", automated_decisions=AD, dpia=DPIA,
                                  children=True)) == ["A005"]
    assert rule_ids(lint_activity("contract", automated_decisions=AD)) == ["I001"]


def test_i002_i003() -> None:
    large = {"special_categories": ["health"], "data_categories": ["diagnosis"],
             "art9_condition": "vital_interests", "scale": "large",
             "controller": {"name": "Acme Clinics", "contact": "privacy@acme.example",
                            "dpo": {"name": "J. Roth", "contact": "dpo@acme.example"},
                            "requests": {"channel": "privacy@acme.example"}}}
    assert rule_ids(lint_activity("contract", **large)) == ["I002"]
    assert rule_ids(lint_activity("contract", scale="large", systematic_monitoring=True,
                                  controller=large["controller"])) == ["I003"]
    assert lint_activity("contract", scale="large") == []  # one criterion is not enough
    assert lint_activity("contract", scale="large", systematic_monitoring=True,
                         controller=large["controller"],
                         dpia={"not_required": "Assessed: low risk"}) == []
