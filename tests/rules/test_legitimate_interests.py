from __future__ import annotations

from typing import Any

import pytest

from gdpr_lint.rules.examples import base_activity
from gdpr_lint.rules.fingerprint import fingerprint
from tests.conftest import lint_activity, rule_ids

LIA = {"purpose_test": "p", "necessity_test": "n", "balancing_test": "b",
       "assessed_on": "2026-06-01"}


def li(**lia: Any) -> dict[str, Any]:
    return {"interest": "Fraud prevention", "lia": {k: v for k, v in lia.items() if v is not None}}


def test_l001_without_assessment() -> None:
    findings = lint_activity("legitimate_interests", legitimate_interests={"interest": "x"})
    assert rule_ids(findings) == ["L001"]
    assert findings[0].message.startswith("add legitimate_interests.lia")


@pytest.mark.parametrize("test_name", ["purpose_test", "necessity_test", "balancing_test"])
def test_l002_names_the_missing_test(test_name: str) -> None:
    findings = lint_activity("legitimate_interests",
                             legitimate_interests=li(**{**LIA, test_name: None}))
    assert rule_ids(findings) == ["L002"]
    assert test_name in findings[0].message


def test_l003_undated() -> None:
    findings = lint_activity("legitimate_interests",
                             legitimate_interests=li(**{**LIA, "assessed_on": None}))
    assert rule_ids(findings) == ["L003"]


@pytest.mark.parametrize(("assessed", "limit", "raised"), [
    ("2024-11-23", 24, False), ("2024-11-22", 24, True), ("2026-01-01", 6, True),
    ("2026-01-01", 12, False),
])
def test_l004_age_against_configured_limit(assessed: str, limit: int, raised: bool) -> None:
    findings = lint_activity("legitimate_interests", {"lia_max_age_months": limit},
                             legitimate_interests=li(**{**LIA, "assessed_on": assessed}))
    assert ("L004" in rule_ids(findings)) is raised


def test_l005_names_the_changed_fields() -> None:
    activity = base_activity("legitimate_interests")
    stamp = fingerprint(activity)
    lia = {**LIA, "fingerprint": stamp}
    assert lint_activity("legitimate_interests", legitimate_interests=li(**lia)) == []
    findings = lint_activity("legitimate_interests", legitimate_interests=li(**lia),
                             data_categories=["payment card BIN", "IP address", "location"],
                             retention={"period": "P1Y", "start": "the payment"})
    assert rule_ids(findings) == ["L005"]
    assert findings[0].message.startswith("data_categories, retention changed")


def test_l005_ignores_formatting_and_order() -> None:
    activity = base_activity("legitimate_interests")
    lia = {**LIA, "fingerprint": fingerprint(activity)}
    findings = lint_activity("legitimate_interests", legitimate_interests=li(**lia),
                             data_categories=["device  fingerprint", "ip address",
                                              "payment card BIN"])
    assert findings == []


@pytest.mark.parametrize("subjects_or_flag", [{"children": True},
                                              {"data_subjects": ["customers", "minors"]}])
def test_l006_children(subjects_or_flag: dict[str, Any]) -> None:
    findings = lint_activity("legitimate_interests", **subjects_or_flag)
    assert "L006" in rule_ids(findings)
    findings = lint_activity("legitimate_interests", **subjects_or_flag,
                             legitimate_interests=li(**LIA, children="weighed"))
    assert "L006" not in rule_ids(findings)


def test_l007_document_must_exist() -> None:
    missing = lint_activity("legitimate_interests",
                            legitimate_interests=li(**LIA, document="docs/nope.md"))
    assert rule_ids(missing) == ["L007"]
    present = lint_activity("legitimate_interests",
                            legitimate_interests=li(**LIA, document="pyproject.toml"))
    assert present == []
