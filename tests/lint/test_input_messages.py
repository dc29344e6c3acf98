"""What a new user sees for the commonest mistakes: one finding per problem, saying what to do."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gdpr_lint.lint.loader import load_document
from gdpr_lint.rules.examples import activities_document, example_document
from gdpr_lint.rules.registry import builtin_rules
from tests.conftest import call_main, lint_text, write

CTRL = "controller: {id: acme, name: Acme Ltd, contact: privacy@acme.example}\n"


def test_comma_inside_a_flow_mapping_says_to_quote_the_value() -> None:
    text = CTRL + "activities:\n  - {id: hiring, name: Hiring (CV screening, interview " \
        "scheduling), purposes: [Recruitment]}\n"
    x003 = [f for f in lint_text(text) if f.rule == "X003"]
    assert [(f.line, f.column, f.message) for f in x003] == [(
        3, 46, "unknown field 'interview scheduling)': in a {...} mapping a comma ends the "
        "value, so the value of 'name' was cut there and its rest read as a field; put the "
        "value of 'name' in quotes: name: \"...\"")]


def test_a_real_unknown_field_in_a_flow_mapping_keeps_its_did_you_mean() -> None:
    findings = lint_text(CTRL + "activities:\n  - {id: a, name: N, purpose: [x]}\n")
    assert any(f.message == "unknown field 'purpose'; did you mean 'purposes'?"
               for f in findings)


def test_tab_in_indentation_is_named() -> None:
    findings = lint_text(CTRL + "activities:\n\t- id: a\n")
    assert [(f.rule, f.line) for f in findings] == [("X001", 3)]
    assert "line 3 is indented with a tab character (column 1): YAML indents with spaces " \
        "only; replace the tab with spaces" in findings[0].message


def test_consent_written_as_a_list_is_one_finding() -> None:
    text = activities_document({"consent": ["Unticked checkbox", "consent_log table"]})
    findings = lint_text(text)
    assert [(f.rule, f.message) for f in findings] == [
        ("X003", "expected a mapping, got a list")]


def test_a_field_of_the_wrong_type_still_reports_a_rule_that_covers_it() -> None:
    findings = lint_text(activities_document({"lawful_basis": ["consent", "contract"]}))
    assert [f.rule for f in findings] == ["B002"]


def test_two_documents_are_one_clear_finding() -> None:
    findings = lint_text(CTRL + "---\n" + CTRL)
    assert [(f.rule, f.line, f.message) for f in findings] == [
        ("X003", 2, "more than one YAML document: a declaration file holds one mapping")]


@pytest.mark.parametrize("text", ["", "\n\n", "# just a comment\n", "---\n", "---\n...\n",
                                  "\ufeff"])
def test_empty_file_is_one_finding(text: str) -> None:
    findings = lint_text(text)
    assert [(f.rule, f.message) for f in findings] == [
        ("X003", "empty file: a declaration holds a mapping with `activities`, `controllers` "
                 "or `controller`")]


def test_null_document_says_what_it_got() -> None:
    findings = lint_text("~\n")
    assert [(f.rule, f.message) for f in findings] == [("X003", "expected a mapping, got nothing")]


_PAREN = re.compile(r"\((Arts? [^()]*(?:\([^()]*\)[^()]*)*)\)")
_REF = re.compile(r"Art\. \d+(?:\(\w+\))*")


@pytest.mark.parametrize("rule", list(builtin_rules().values()), ids=lambda r: r.id)
def test_the_article_is_printed_once(rule) -> None:  # type: ignore[no-untyped-def]
    for finding in lint_text(example_document(rule, "bad")):
        given = set(_REF.findall(finding.article))
        for cited in _PAREN.findall(finding.message):
            assert not set(_REF.findall(cited)) & given, (finding.message, finding.article)


def test_x006_states_the_real_size(tmp_path: Path) -> None:
    from gdpr_lint.lint.loader import read_document

    big = tmp_path / "big.gdpr.yaml"
    big.write_bytes(b"# " + b"x" * (3 * 1024 * 1024 - 3) + b"\n")
    doc = read_document(str(big))
    assert doc.problems[0].message.startswith("file is 3,145,728 bytes, over the 2,097,152-byte")


def test_a_long_value_is_not_echoed_whole() -> None:
    value = "x" * 20_000
    findings = lint_text(activities_document({"lawful_basis": value, "scale": value,
                                              "id": "a" * 20_000}))
    assert findings
    for finding in findings:
        assert len(finding.message) < 600 and len(finding.activity or "") < 200, finding
    assert any("…" in f.message for f in findings)


def test_long_unknown_key_and_enum_value_are_shortened() -> None:
    key = "k" * 10_000
    # A key over 1,024 characters must be written as an explicit `? key`.
    findings = lint_text(CTRL + f"activities:\n  - id: a\n    ? {key}\n    : 1\n"
                         f"    source: {'s' * 9000}\n")
    messages = [f.message for f in findings if f.rule == "X003"]
    assert any(m.startswith("unknown field 'kkkk") and "…'" in m for m in messages)
    assert all(len(m) < 1000 for m in messages)


def test_wrote_one_finding_is_singular(tmp_path: Path) -> None:
    write(tmp_path, "a.gdpr.yaml", activities_document({"security_measures": None}))
    result = call_main("check", "--write-baseline", "b.json", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stderr == "Wrote 1 finding to b.json.\n"


@pytest.mark.parametrize("config", ["", "\n", "# no settings yet\n"])
def test_empty_configuration_file_means_the_defaults(tmp_path: Path, config: str) -> None:
    write(tmp_path, ".gdpr-lint.yaml", config)
    write(tmp_path, "a.gdpr.yaml", activities_document({}))
    result = call_main("check", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "No findings in 1 file.\n", "")


@pytest.mark.parametrize(("config", "words"), [
    ("member_state: ZZ\n", "'member_state' must be an ISO 3166-1 alpha-2 code of an EU or EEA "
                           "member state, such as DE, got 'ZZ'"),
    ("member_state: US\n", "'member_state' must be an ISO 3166-1 alpha-2 code of an EU or EEA"),
    ("adequacy: [GB, XX]\n", "'adequacy' must be a list of ISO 3166-1 alpha-2 country codes "
                             "('XX' is not one)"),
    ("adequacy: [UK]\n", "('UK' is not one; did you mean 'GB'?)"),
])
def test_member_state_and_adequacy_are_checked_against_the_lists(
        tmp_path: Path, config: str, words: str) -> None:
    write(tmp_path, ".gdpr-lint.yaml", config)
    write(tmp_path, "a.gdpr.yaml", activities_document({}))
    result = call_main("check", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("gdpr-lint: error: .gdpr-lint.yaml: '")
    assert words in result.stderr
    assert result.stderr.endswith("\n") and result.stderr.count("\n") == 1


@pytest.mark.parametrize("config", ["member_state: NO\n", "member_state: RO\n",
                                    "adequacy: [GB, CH, JP]\n"])
def test_valid_member_state_and_adequacy_pass(tmp_path: Path, config: str) -> None:
    write(tmp_path, ".gdpr-lint.yaml", config)
    write(tmp_path, "a.gdpr.yaml", activities_document({}))
    assert call_main("check", cwd=tmp_path).returncode == 0


def test_anchor_on_a_mapping_key_is_valid_yaml() -> None:
    # YAML test suite HMQ5 (spec example 6.23) and E76Z (aliases as keys).
    doc = load_document('!!str &a1 "foo":\n  !!str bar\n&a2 baz : *a1\n', "t.yaml")
    assert doc.problems == [] and doc.data == {"foo": "bar", "baz": "foo"}
    doc = load_document("&a a: &b b\n*b : *a\n", "t.yaml")
    assert doc.problems == [] and doc.data == {"a": "b", "b": "a"}


def test_an_alias_to_a_mapping_cannot_be_a_key() -> None:
    doc = load_document("x: &m {a: 1}\n*m : 2\n", "t.yaml")
    assert [p.rule for p in doc.problems] == ["X003"]
