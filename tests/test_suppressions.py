from __future__ import annotations

from gdpr_lint.rules.examples import activities_document
from tests.conftest import lint_text, rule_ids

TWO = activities_document({"security_measures": None}, {"id": "second", "security_measures": None})


def lines_of(findings):
    return [(f.rule, f.line) for f in findings]


def test_file_scope_with_reason() -> None:
    text = "# gdpr-lint: disable-file=D004 -- measures live in the ISMS\n" + TWO
    assert lint_text(text) == []


def test_reason_is_required_and_without_it_nothing_is_suppressed() -> None:
    text = "# gdpr-lint: disable-file=D004\n" + TWO
    findings = lint_text(text)
    assert rule_ids(findings) == ["D004", "X010"]
    x010 = next(f for f in findings if f.rule == "X010")
    assert (x010.line, x010.column) == (1, 1)


def test_activity_scope_covers_only_the_activity_below() -> None:
    comment = "# gdpr-lint: disable=D004 -- no systems involved\n"
    text = TWO.replace("- id: second", comment + "- id: second")
    findings = lint_text(text)
    assert [(f.rule, f.activity) for f in findings] == [("D004", "newsletter")]


def test_line_scope_on_the_findings_line() -> None:
    text = activities_document({"retention": {"period": "2 years", "start": "signup"}})
    text = text.replace("period: 2 years", "period: 2 years  # gdpr-lint: disable=K003 -- legacy")
    assert lint_text(text) == []
    # the same comment on another line covers nothing, and says so
    moved = activities_document({"retention": {"period": "2 years", "start": "signup"}}).replace(
        "name: Monthly newsletter", "name: Monthly newsletter  # gdpr-lint: disable=K003 -- legacy")
    assert rule_ids(lint_text(moved)) == ["K003", "X011"]


def test_unused_suppression_is_x011_warning() -> None:
    text = "# gdpr-lint: disable-file=L004 -- old assessment accepted\n" + activities_document({})
    findings = lint_text(text)
    assert [(f.rule, f.severity.value, f.line) for f in findings] == [("X011", "warning", 1)]


def test_several_ids_and_prefixes() -> None:
    text = ("# gdpr-lint: disable-file=D004, K -- demo file\n" +
            activities_document({"security_measures": None, "retention": None}))
    assert lint_text(text) == []


def test_suppression_of_a_rule_not_selected_is_not_unused() -> None:
    text = "# gdpr-lint: disable-file=L004 -- accepted\n" + activities_document({})
    assert lint_text(text, {"select": ["D"]}) == []
