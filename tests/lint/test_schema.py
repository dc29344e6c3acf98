from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from gdpr_lint.lint.schema import load_schema
from gdpr_lint.rules.examples import activities_document
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
    assert first == "# yaml-language-server: $schema=../../../schemas/" \
                    "declaration-v1.draft-07.schema.json"
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
                                                "country": "NO",
                                                "contract": "DPA-2026-001"}]})
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


V11_DOCUMENT = """\
version: 1
controller:
  id: acme
  name: Acme GmbH
  contact: privacy@acme.example
  country: DE
  requests: {channel: privacy@acme.example, response_time: P1M}
activities:
  - id: support
    name: Customer support
    owner: Customer care
    purposes: [Answer customer questions]
    data_subjects: [customers]
    data_categories: [name, email address, ticket text]
    lawful_basis: contract
    source: [data_subject, third_party]
    source_detail: Resellers forward the customer's ticket
    notice: {url: "https://acme.example/privacy", timing: [at_collection, within_one_month]}
    profiling: false
    information_society_service: true
    systems: [Helpdesk (EU region)]
    joint_controllers:
      - {name: Reseller Ltd, contact: dpo@reseller.example, arrangement: JC-2026-01,
         responsibilities: Reseller answers access requests for its customers}
    recipients:
      - {name: Helpdesk Inc, role: processor, country: US, contract: DPA-2026-03,
         categories: [name, ticket text]}
      - {name: Support staff in Manila, role: internal, country: PH}
      - {name: European Patent Office, role: controller,
         organisation: european-patent-organisation}
    transfers:
      - {country: US, mechanism: scc, reference: SCC module 2, tia: TIA-2026-03}
      - {organisation: european-patent-organisation, mechanism: adequacy}
    retention:
      - {period: P3Y, start: end of the contract, categories: [name, email address]}
      - {period: P10Y, start: end of the financial year, law: HGB § 257, categories: [invoices]}
    exemptions:
      - {provision: art14_5_b, justification: Contacting each reseller's customer is impossible}
    dpia: {not_required: Covered by the general assessment, law: Example Act 2024}
processor_activities:
  - id: hosting
    name: Hosting for customers
    processor: acme
    controllers:
      - {category: Schools using the platform, contract: Standard DPA v3, list: CRM accounts}
    categories_of_processing: [hosting, backups]
    contract: Standard DPA v3
    sub_processors:
      - {name: Cloud Ltd, country: IE, contract: DPA-C-1, authorisation: general}
    transfers: []
    security_measures: [encryption at rest]
"""


def test_v11_fields_are_valid() -> None:
    assert x003(V11_DOCUMENT) == []
    load_schema()  # v1 files stay valid: version stays 1
    assert load_schema()["properties"]["version"] == {
        "const": 1, "description": "Declaration format version"}


@pytest.mark.parametrize(("written", "meant"), [
    ("UK", "GB"), ("EL", "GR"), ("Germany", "DE"), ("USA", "US"), ("de", "DE")])
def test_country_codes_are_checked_against_iso_with_a_suggestion(written: str,
                                                                 meant: str) -> None:
    text = V11_DOCUMENT.replace("country: DE", f"country: {written}")
    assert x003(text) == [(6, 12, f"'{written}' is not an ISO 3166-1 alpha-2 country code "
                                  f"(did you mean '{meant}'?)")]


def test_a_transfer_names_a_country_or_an_organisation() -> None:
    text = V11_DOCUMENT.replace("{organisation: european-patent-organisation, mechanism:",
                                "{mechanism:")
    assert [m for _, _, m in x003(text)] == [
        "missing required field: one of the fields 'country' or 'organisation'"]


def test_the_published_schemas_are_in_step_with_the_package() -> None:
    """schemas/ is what an editor modeline or a schema catalogue entry points at."""
    import json

    from gdpr_lint.authoring.draft7 import published_schemas
    from tests.conftest import ROOT

    published = published_schemas()
    assert sorted(p.name for p in (ROOT / "schemas").iterdir()) == sorted(published)
    for name, text in published.items():
        assert (ROOT / "schemas" / name).read_text("utf-8") == text, \
            f"schemas/{name} is out of date: run python scripts/generate.py"
    draft7 = json.loads(published["declaration-v1.draft-07.schema.json"])
    assert draft7["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert draft7["$id"] == "https://gdpr-lint.dev/schemas/declaration-v1.draft-07.schema.json"
    assert json.loads(published["declaration-v1.schema.json"])["$schema"] == \
        "https://json-schema.org/draft/2020-12/schema"


def test_every_example_modeline_points_at_a_published_schema() -> None:
    import re

    from tests.conftest import ROOT

    for path in (ROOT / "examples").rglob("*.yaml"):
        match = re.match(r"# yaml-language-server: \$schema=(\S+)", path.read_text("utf-8"))
        if match:
            target = (path.parent / match.group(1)).resolve()
            assert target.parent == ROOT / "schemas" and target.is_file(), (path, target)
