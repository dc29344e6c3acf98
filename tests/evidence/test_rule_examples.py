"""Each evidence rule's examples are small repositories: the bad one raises exactly that rule,
the good one nothing (through `gdpr-lint check`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from gdpr_lint.rules.evidence import ACTIVITY_FILE, evidence_files
from gdpr_lint.rules.examples import activities_document
from gdpr_lint.rules.registry import Rule, builtin_rules
from tests.conftest import call_main

RULES = [r for r in builtin_rules().values() if r.scope == "evidence"]


def lay_out(folder: Path, example: str) -> None:
    for name, text in evidence_files(example).items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if name == ACTIVITY_FILE:
            text = activities_document(yaml.safe_load(text) or {})
        path.write_text(text, encoding="utf-8")


def test_every_e_rule_has_examples() -> None:
    assert [r.id for r in RULES] == ["E001", "E002", "E003", "E004", "E005", "E006"]


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_bad_example_raises_exactly_its_rule(rule: Rule, tmp_path: Path) -> None:
    lay_out(tmp_path, rule.bad)
    result = call_main("check", "--format", "json", cwd=tmp_path)
    findings = json.loads(result.stdout)["findings"]
    assert {f["rule"] for f in findings} == {rule.id}, findings
    assert result.returncode == (1 if rule.severity.value == "error" else 0)
    assert all(f["article"] == rule.article for f in findings)


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_good_example_is_clean(rule: Rule, tmp_path: Path) -> None:
    lay_out(tmp_path, rule.good)
    result = call_main("check", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "No findings in 1 file.\n")


def test_explain_prints_the_example_repository(cli) -> None:
    result = cli("explain", "E003")
    assert result.returncode == 0
    assert "NSPrivacyTrackingDomains" in result.stdout and "# .gdpr-lint.yaml" in result.stdout
