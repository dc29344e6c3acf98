from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from gdpr_lint.rules.examples import activities_document
from gdpr_lint.schema import load_schema
from tests.conftest import ROOT, lint_text, rule_ids


def test_schema_is_valid_2020_12() -> None:
    schema = load_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_schema_ships_inside_the_installed_package() -> None:
    import gdpr_lint

    packaged = Path(gdpr_lint.__file__).parent / "schemas" / "declaration-v1.schema.json"
    assert json.loads(packaged.read_text()) == load_schema()


def test_examples_reference_the_schema_for_editors() -> None:
    first = (ROOT / "examples/valid/shop/orders.gdpr.yaml").read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../../gdpr_lint/schemas/" \
                    "declaration-v1.schema.json"
    assert (ROOT / "examples/valid/shop" / first.split("=", 1)[1]).is_file()


def x003(text: str) -> list[tuple[int, int, str]]:
    return [(f.line, f.column, f.message) for f in lint_text(text) if f.rule == "X003"]


def test_unknown_field_has_did_you_mean_at_the_key() -> None:
    text = activities_document({"retension": {"period": "P2Y"}})
    line = text.splitlines().index("  retension:") + 1
    assert (line, 3, "unknown field 'retension'; did you mean 'retention'?") in x003(text)


def test_enum_lists_allowed_values() -> None:
    text = activities_document({"special_categories": ["helth"],
                                "art9_condition": "vital_interests"})
    messages = [m for _, _, m in x003(text)]
    assert any(m.startswith("'helth' is not an allowed value (did you mean 'health'?); allowed: "
                            "racial_or_ethnic_origin, ") for m in messages)


def test_wrong_type_says_what_was_expected() -> None:
    text = activities_document({"children": "yes"})
    assert [m for _, _, m in x003(text)] == [
        "expected true or false, got text (write true or false: 'yes' is text in YAML 1.2)"]
    text = activities_document({"purposes": {"a": 1}})
    assert [m for _, _, m in x003(text)] == ["expected a list of text items, got a mapping"]


def test_country_code_norway_is_not_false() -> None:
    text = activities_document({"recipients": [{"name": "Fjord AS", "role": "processor",
                                                "country": "NO"}]})
    assert lint_text(text) == []


def test_one_problem_one_finding_for_covered_fields() -> None:
    # D002 reports the empty list; X003's minItems for the same node is dropped
    assert rule_ids(lint_text(activities_document({"purposes": []}))) == ["D002"]
    # a wrong type that D002 does not cover stays X003
    assert rule_ids(lint_text(activities_document({"purposes": "one purpose"}))) == ["X003"]


@pytest.mark.parametrize("top", ["version: 2\n", "controllers: {}\n", "activity: []\n"])
def test_top_level_errors(top: str) -> None:
    assert rule_ids(lint_text(top)) == ["X003"]


def test_findings_name_their_activity() -> None:
    text = activities_document({"children": "yes"})
    assert [f.activity for f in lint_text(text)] == ["newsletter"]


def test_each_unknown_field_is_its_own_finding() -> None:
    text = activities_document({"retension": {"period": "P2Y"}, "bogus": 1})
    assert sorted(m.split(";")[0] for _, _, m in x003(text)) == [
        "unknown field 'bogus'", "unknown field 'retension'"]


@pytest.mark.parametrize(("typo", "field"), [
    ("purpose", "purposes"), ("retension", "retention"), ("notise", "notice"),
    ("recipient", "recipients"), ("lawfull_basis", "lawful_basis"),
    ("security_measure", "security_measures"),
])
def test_a_misspelt_field_is_one_finding_not_two(typo: str, field: str) -> None:
    from gdpr_lint.rules.examples import base_activity

    value = base_activity("consent")[field]
    findings = lint_text(activities_document({field: None, typo: value}))
    assert [(f.rule, f.message) for f in findings] == [
        ("X003", f"unknown field '{typo}'; did you mean '{field}'?")]


def test_a_misspelt_field_beside_the_real_one_changes_nothing_else() -> None:
    findings = lint_text(activities_document({"retention": {"criteria": "kept forever"},
                                              "retension": {"period": "P2Y"}}))
    assert rule_ids(findings) == ["K002", "X003"]
