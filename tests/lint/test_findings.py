"""A Finding has a full, consistent ordering and equality, among findings only."""

from __future__ import annotations

import operator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gdpr_lint.lint.findings import Finding, Severity

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
