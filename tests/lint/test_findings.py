"""A Finding has a full, consistent ordering and equality, among findings only; its message
does not repeat the article it gives."""

from __future__ import annotations

import json
import operator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gdpr_lint.lint.findings import Finding, Severity, without_repeated_article
from tests.conftest import call_main

findings = st.builds(
    Finding, path=st.sampled_from(["a.gdpr.yaml", "b.gdpr.yaml"]),
    line=st.integers(1, 3), column=st.integers(1, 3), rule=st.sampled_from(["B001", "X003"]),
    severity=st.sampled_from(list(Severity)), message=st.sampled_from(["m", "n"]),
    activity=st.sampled_from([None, "", "shop.orders"]), article=st.sampled_from(["", "Art. 6"]))


@given(findings, findings, findings)
def test_the_ordering_is_total_and_consistent(a: Finding, b: Finding, c: Finding) -> None:
    assert sum((a < b, a == b, a > b)) == 1  # exactly one holds
    assert (a <= b) == (a < b or a == b) and (a >= b) == (a > b or a == b)
    assert (a == b) == tuple.__eq__(a, b)  # equal means every field is equal
    if a == b:
        assert hash(a) == hash(b)
    if a <= b and b <= c:
        assert a <= c
    assert sorted([c, b, a]) == sorted([a, b, c])


def test_without_an_activity_sorts_before_an_empty_id_and_is_not_equal_to_it() -> None:
    bare = Finding("a.gdpr.yaml", 1, 1, "X001", Severity.ERROR, "m")
    empty = bare._replace(activity="")
    assert bare < empty and bare <= empty and empty >= bare and bare != empty
    assert len({bare, empty, bare._replace()}) == 2


@pytest.mark.parametrize("compare", [operator.lt, operator.le, operator.gt, operator.ge])
def test_a_finding_is_not_ordered_against_a_plain_tuple(compare: object) -> None:
    finding = Finding("a.gdpr.yaml", 1, 1, "X001", Severity.ERROR, "m")
    with pytest.raises(TypeError, match="not ordered against tuple"):
        compare(finding, tuple(finding))  # type: ignore[operator]
    with pytest.raises(TypeError):
        compare(tuple(finding), finding)  # type: ignore[operator]


def test_a_finding_never_equals_a_plain_tuple() -> None:
    finding = Finding("a.gdpr.yaml", 1, 1, "X001", Severity.ERROR, "m")
    assert finding != tuple(finding) and tuple(finding) != finding
    assert not finding == tuple(finding)  # noqa: SIM201 - the operator itself is under test
    assert finding in {finding._replace()} and tuple(finding) not in {finding}


@pytest.mark.parametrize(("message", "article", "expected"), [
    # A paragraph inside the finding's range of paragraphs is not printed twice.
    ("Name a channel (Art. 12(2))", "Art. 12(2)-(3)", "Name a channel"),
    ("Answer in time (Art. 12(3))", "Art. 12(2)-(3)", "Answer in time"),
    # A point inside a range of points, and a reference the article does not give, stay apart.
    ("State the purposes (Art. 30(1)(c))", "Art. 30(1)(b)-(d)", "State the purposes"),
    ("Ask the DPO (Art. 38(4))", "Art. 12(2)-(3)", "Ask the DPO (Art. 38(4))"),
    ("Too late (Art. 12(4))", "Art. 12(2)-(3)", "Too late (Art. 12(4))"),
])
def test_an_article_the_finding_gives_is_not_repeated(message: str, article: str,
                                                      expected: str) -> None:
    assert without_repeated_article(message, article) == expected


def test_r007_names_its_article_once(tmp_path: Path) -> None:
    (tmp_path / "a.gdpr.yaml").write_text(
        "version: 1\ncontroller: {id: acme, name: Acme, contact: privacy@acme.example}\n"
        "activities:\n- id: a\n  name: A\n  purposes: [Billing]\n  data_subjects: [Customers]\n"
        "  data_categories: [Name]\n  lawful_basis: contract\n", encoding="utf-8")
    result = call_main("check", "a.gdpr.yaml", "--format", "json", cwd=tmp_path)
    r007 = [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "R007"]
    assert r007 and all(f["message"].count("(Art. 12(2)") == 0 for f in r007)
