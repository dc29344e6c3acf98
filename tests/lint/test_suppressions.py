from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gdpr_lint.lint.findings import Finding, Severity
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


@pytest.mark.slow
def test_a_long_comment_is_read_in_linear_time(cli, tmp_path) -> None:
    # 40,000 spaces once took 15 s through regular-expression backtracking; ten times as
    # many would take a quadratic reading some 25 minutes, far past the run's timeout (the
    # `cli` fixture fails a hang), and a linear one a moment.
    spaces = " " * 400_000
    text = (f"# gdpr-lint: disable-file=D004 {spaces}-- no systems{spaces}\n"
            f"# gdpr-lint:{spaces}disable{spaces}\n# gdpr-lint: {spaces}x\n" + TWO)
    (tmp_path / "long.gdpr.yaml").write_text(text, encoding="utf-8")
    result = cli("check", "long.gdpr.yaml", "--format", "json", cwd=tmp_path)
    import json

    found = [(f["rule"], f["line"]) for f in json.loads(result.stdout)["findings"]]
    assert found == [("X012", 2), ("X012", 3)], result.stderr


@pytest.mark.parametrize(("comment", "says"), [
    ("disable=D004 - no systems", "separated by a single '-': use two hyphens ' -- '"),
    ("disable=D004 \u2014 no systems", "separated by an em dash '\u2014'"),
    ("disable=D004 \u2013 no systems", "separated by an en dash '\u2013'"),
    ("disable D004 -- no systems", "'disable' must be followed by '=' and the rule IDs"),
    ("disable: D004 -- no systems", "'disable' must be followed by '='"),
    ("ignore=D004 -- no systems", "unknown directive 'ignore'"),
    ("disabled D004 -- no systems", "unknown directive 'disabled'"),
    ("disable-next-line=D004 -- no systems", "unknown directive 'disable-next-line'"),
    ("disable=D999 -- no systems", "unknown rule ID 'D999' (see `gdpr-lint rules`)"),
    ("disable=D004, Q -- no systems", "unknown rule ID 'Q'"),
    ("disable= -- no systems", "a rule ID is missing after '='"),
    ("disable=D004 L004 -- no systems", "'D004 L004' is not a rule ID: separate IDs with commas"),
    ("this file is generated", "not a directive: write `gdpr-lint: disable=IDS -- reason`"),
    ("!# gdpr-lint disable=D004 -- no systems", "write a colon after gdpr-lint"),
])
def test_unreadable_suppressions_are_x012_and_suppress_nothing(comment: str, says: str) -> None:
    text = (comment[1:] if comment.startswith("!") else f"# gdpr-lint: {comment}") + "\n" + TWO
    findings = lint_text(text)
    x012 = [f for f in findings if f.rule == "X012"]
    assert [(f.line, f.column, f.severity.value) for f in x012] == [(1, 1, "warning")]
    assert says in x012[0].message, x012[0].message
    assert x012[0].message.startswith("suppression comment cannot be read, so it suppresses "
                                      "nothing: ")
    # nothing is suppressed: both activities still report D004, and no X010/X011 on top
    assert sorted(f.rule for f in findings) == ["D004", "D004", "X012"]


def test_readable_variants_are_not_x012() -> None:
    for comment in ("#gdpr-lint:disable-file=D004--no systems",
                    "#   gdpr-lint:   DISABLE-FILE = d004 -- no systems"):
        assert lint_text(f"{comment}\n" + TWO) == [], comment


def test_a_comment_above_a_field_covers_its_findings() -> None:
    text = activities_document({"retention": {"period": "2 years", "start": "signup"}})
    assert rule_ids(lint_text(text)) == ["K003"]
    above = text.replace("  retention:\n", "  # gdpr-lint: disable=K003 -- legacy\n"
                         "  retention:\n")
    assert above != text and lint_text(above) == []
    # stacked comments above a field each cover it
    stacked = text.replace("  retention:\n", "  # gdpr-lint: disable=K003 -- legacy\n"
                           "  # gdpr-lint: disable=K -- retention reviewed\n  retention:\n")
    assert rule_ids(lint_text(stacked)) == ["X011"]  # the first one hides it, the second none
    # the same comment above another field covers nothing there, and says so
    elsewhere = text.replace("  name:", "  # gdpr-lint: disable=K003 -- legacy\n  name:")
    assert rule_ids(lint_text(elsewhere)) == ["K003", "X011"]


def test_a_comment_above_a_list_item_covers_that_item() -> None:
    text = activities_document({"data_categories": ["email address", "health status"]})
    assert rule_ids(lint_text(text)) == ["S003"]
    item = text.replace("  - health status\n", "  # gdpr-lint: disable=S003 -- wellbeing "
                        "survey answers are anonymous\n  - health status\n")
    assert item != text and lint_text(item) == []


def test_suppression_lines_count_every_yaml_line_break() -> None:
    text = activities_document({"retention": {"period": "2 years", "start": "the last order"}})
    text = text.replace("period: 2 years", "period: 2 years  # gdpr-lint: disable=K003 -- legacy")
    for newline in ("\r", "\r\n", "\x85", "\u2028"):
        assert lint_text(text.replace("\n", newline)) == [], repr(newline)


@pytest.mark.slow
def test_many_directive_look_alikes_on_one_line_stay_linear(cli, tmp_path) -> None:
    # 80,000 look-alikes on one line: a reading quadratic in them would not finish within
    # the run's timeout (the `cli` fixture fails a hang)
    (tmp_path / "alike.gdpr.yaml").write_text("# gdpr-lint " * 80_000 + "\n" + TWO,
                                              encoding="utf-8")
    result = cli("check", "alike.gdpr.yaml", cwd=tmp_path)
    assert result.stdout.count(" D004 ") == 2 and result.returncode == 0, result.stderr
    # a comment that merely mentions the tool is not a directive
    assert rule_ids(lint_text("# checked by gdpr-lint in CI\n" + activities_document({}))) == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("disable-fil=,- \t\u2014:LDKX0123#_a")),
               max_size=80))
@pytest.mark.slow
def test_any_directive_text_is_read_or_reported(body: str) -> None:
    """Whatever follows `gdpr-lint:`, the comment is a suppression, an X010 or an X012."""
    findings = lint_text(f"# gdpr-lint:{body}\n" + TWO)
    comment = [f for f in findings if f.line == 1]
    assert len(comment) <= 1 and all(f.rule in ("X010", "X011", "X012") for f in comment)
    if comment and comment[0].rule == "X012":
        assert comment[0].message.split(": ", 1)[1]  # says what is wrong


def test_a_directive_inside_a_quoted_or_block_value_is_text() -> None:
    base = activities_document({"security_measures": None})
    quoted = base.replace("  name: Monthly newsletter\n", "  name: Monthly newsletter\n"
                          "  description: \"see # gdpr-lint: disable-file=D004 -- x\n"
                          "    # gdpr-lint: nonsense\"\n")
    block = base.replace("  name: Monthly newsletter\n", "  name: Monthly newsletter\n"
                         "  description: |\n    Usage:\n    # gdpr-lint: disable=D004 -- x\n"
                         "  # gdpr-lint: disable=D004 -- a real comment after the block\n")
    assert rule_ids(lint_text(quoted)) == ["D004"]
    # the text in the block suppresses nothing; the real comment covers the field below it
    assert rule_ids(lint_text(block)) == ["D004", "X011"]


@pytest.mark.slow
def test_a_block_of_20000_own_line_comments_is_read_in_linear_time(cli, tmp_path) -> None:
    """Each comment of a block once covered the rest of the block again: 20,000 lines took
    minutes. The run's timeout (120 s) is the hang guard; linear, it takes seconds."""
    from gdpr_lint.rules.examples import activities_document

    block = "".join(f"# gdpr-lint: disable=D004 -- reason {i}\n" for i in range(20_000))
    text = activities_document({"security_measures": None})
    (tmp_path / "a.gdpr.yaml").write_text(text.replace("- id: newsletter",
                                                       block + "- id: newsletter", 1))
    result = cli("check", "a.gdpr.yaml", "--format", "json", cwd=tmp_path)
    import json

    findings = json.loads(result.stdout)["findings"]
    # the first comment hides D004; the 19,999 after it match nothing
    assert [f["rule"] for f in findings] == ["X011"] * 19_999
    assert findings[0]["line"] == 11  # the second comment: the first hid D004


_RULES = st.sampled_from(["D004", "D", "K001", "X011", "B0"])


@given(st.lists(st.tuples(st.sampled_from(["line", "field", "activity", "file"]),
                          st.integers(1, 30), st.integers(0, 10),
                          st.lists(_RULES, min_size=1, max_size=2)), max_size=25),
       st.lists(st.tuples(st.integers(1, 40), st.sampled_from(["D004", "K001", "B001"])),
                max_size=25))
@pytest.mark.slow
def test_the_index_picks_the_suppression_a_scan_in_file_order_picks(
        comments: list[tuple[str, int, int, list[str]]],
        findings: list[tuple[int, str]]) -> None:
    from gdpr_lint.lint.suppressions import Suppression, _Index

    valid = [Suppression(line, 1, kind, tuple(rules), "why", line, line + length)
             for kind, line, length, rules in comments]
    found = [Finding("a.gdpr.yaml", line, 1, rule, Severity.WARNING, "m")
             for line, rule in findings]
    index = _Index(valid, (f.line for f in found))
    for finding in found:
        scan = next(((s, r) for s in valid if (r := s.covers(finding)) is not None), None)
        assert index.covering(finding) == scan
