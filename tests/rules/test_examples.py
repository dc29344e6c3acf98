"""Every rule's bad example raises exactly that rule; its good example raises nothing."""

from __future__ import annotations

import pytest

from gdpr_lint.rules.examples import BASES, activities_document, example_document
from gdpr_lint.rules.registry import Rule, builtin_rules
from tests.conftest import lint_text, rule_ids

RULES = list(builtin_rules().values())
# The O rules' examples are record files merged by `aggregate` (tests/organisation); the
# evidence rules' examples are small repositories (tests/evidence/test_rule_examples.py).
DECLARATION_RULES = [r for r in RULES if r.scope not in ("organisation", "evidence")]


@pytest.mark.parametrize("rule", DECLARATION_RULES, ids=[r.id for r in DECLARATION_RULES])
def test_bad_example_raises_exactly_its_rule(rule: Rule) -> None:
    findings = lint_text(example_document(rule, "bad"))
    assert rule_ids(findings) == [rule.id], [f.message for f in findings]


@pytest.mark.parametrize("rule", DECLARATION_RULES, ids=[r.id for r in DECLARATION_RULES])
def test_good_example_is_clean(rule: Rule) -> None:
    findings = lint_text(example_document(rule, "good"))
    assert findings == []


@pytest.mark.parametrize("base", sorted(BASES))
def test_example_bases_are_clean(base: str) -> None:
    assert lint_text(activities_document({}, base=base)) == []


@pytest.mark.parametrize("rule", list(builtin_rules().values()), ids=list(builtin_rules()))
def test_rule_metadata_is_complete(rule: Rule) -> None:
    assert rule.title and rule.article and len(rule.rationale) > 80
    assert rule.bad.strip()
    assert rule.scope in ("activity", "controller", "processor_activity", "input", "project",
                          "organisation", "evidence")


def test_rule_ids_are_the_catalogue() -> None:
    expected = {
        "X001", "X002", "X003", "X004", "X005", "X006", "X007", "X008", "X009", "X010", "X011",
        "X012", "X013",
        "B001", "B002", "B010", "B011", "B012", "B013", "B014", "B020", "B021", "B022",
        "B023", "B030", "B031", "B032", "B040", "B041", "B042", "B050",
        "L001", "L002", "L003", "L004", "L005", "L006", "L007", "L008",
        "P001", "P002", "P003", "P004",
        "S001", "S002", "S003", "S004", "S005", "S006", "S007", "S008",
        "A001", "A002", "A003", "A004", "A005", "A006",
        "R001", "R002", "R003", "R004", "R005", "R006", "R007",
        "N001", "N002", "N003", "N004", "N005", "N006",
        "D001", "D002", "D003", "D004", "D005",
        "T001", "T002", "T003", "T004", "T005", "T006", "T007", "G001",
        "K001", "K002", "K003", "K004", "K005",
        "I001", "I002", "I003", "I004",
        "C001", "C002", "C003", "C004", "C005", "C006", "C007",
        "O001", "O002", "O003", "O004", "O005",
        "E001", "E002", "E003", "E004", "E005", "E006",
    }
    assert set(builtin_rules()) == expected


def test_all_rules_register_whichever_module_is_imported_first() -> None:
    import subprocess
    import sys

    code = ("import gdpr_lint.rules.special\n"
            "from gdpr_lint.rules.registry import builtin_rules\n"
            "print(len(builtin_rules()))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=60).stdout
    assert out.strip() == str(len(builtin_rules()))
