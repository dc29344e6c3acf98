"""Property tests over the structure of declarations, where hostile input hides: many
duplicates, long lists of mappings, long lines, aliases. Each property runs a bounded number
of examples (CI runs them every time); what they check is what the hostile-input reports
found broken: an exception, an internal error, or output that grows faster than the input.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gdpr_lint.lint.engine import MAX_MESSAGE
from gdpr_lint.lint.findings import Finding
from gdpr_lint.rules.examples import BASES, CONTROLLER, overlay
from tests.conftest import lint_text

pytestmark = pytest.mark.slow

BUDGET = settings(max_examples=60, deadline=None, derandomize=True,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

IDS = st.sampled_from(["a", "b", "newsletter", "crm.contacts", "x-1", "Not A Slug", "", "1"])
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6),
                    st.text(max_size=30), st.sampled_from(["consent", "US", "P2Y", "access"]))
SMALL = st.one_of(SCALARS, st.dictionaries(st.text(max_size=8), SCALARS, max_size=3),
                  st.lists(SCALARS, max_size=3))
LIST_FIELDS = st.sampled_from(["rights", "purposes", "recipients", "transfers",
                               "data_categories", "special_categories", "security_measures",
                               "data_subjects"])
LINE_CHARS = st.sampled_from([*"ab :#,{}[]'\"-&*!|>%@`\\", "é", "\u2028", "\t"])


def well_behaved(findings: list[Finding], nodes: int) -> None:
    """No internal error; findings and their text grow at most linearly with the input."""
    assert not [f for f in findings if "internal error" in f.message], findings[:3]
    assert len(findings) <= 40 * (nodes + 1), (len(findings), nodes)
    assert all(len(f.message) <= MAX_MESSAGE for f in findings)
    assert sum(len(f.message) for f in findings) <= 600 * (len(findings) + 1)


def declaration(activities: list[Any]) -> str:
    return yaml.safe_dump({"controller": dict(CONTROLLER), "activities": activities},
                          allow_unicode=True, sort_keys=False)


@BUDGET
@given(st.lists(IDS, min_size=2, max_size=400), st.sampled_from(sorted(BASES)))
def test_many_duplicate_ids(ids: list[str], base: str) -> None:
    activities = [overlay(base, {"id": i}) for i in ids]
    findings = lint_text(declaration(activities))
    well_behaved(findings, len(ids) * 20)
    x004 = [f for f in findings if f.rule == "X004"]
    repeated = [i for i in set(ids) if ids.count(i) > 1 and i and "Not" not in i]
    # Every place of a repeated id is named once, whatever the number of repeats.
    assert len(x004) >= sum(ids.count(i) for i in repeated) - len(repeated)
    assert len(x004) <= len(ids)


@BUDGET
@given(LIST_FIELDS, st.lists(SMALL, max_size=600), st.sampled_from(sorted(BASES)))
def test_long_lists_of_anything(name: str, items: list[Any], base: str) -> None:
    findings = lint_text(declaration([overlay(base, {name: items})]))
    well_behaved(findings, 40 + 4 * len(items))


@BUDGET
@given(st.lists(st.dictionaries(st.sampled_from(["name", "role", "country", "k", "contract"]),
                                SCALARS, max_size=4), min_size=100, max_size=2000))
def test_long_lists_of_mappings_where_names_are_expected(items: list[dict[str, Any]]) -> None:
    findings = lint_text(declaration([overlay("consent", {"rights": items,
                                                          "recipients": items})]))
    well_behaved(findings, 40 + 10 * len(items))


@BUDGET
@given(st.text(LINE_CHARS, min_size=1, max_size=200).map(lambda s: s * 500),
       st.sampled_from(["name", "purposes", "lawful_basis", "id", "retention", "comment"]))
def test_long_lines(line: str, where: str) -> None:
    base = declaration([overlay("consent", {})])
    if where == "comment":
        text = "# " + line.replace("\n", " ") + "\n" + base
    else:
        text = base + f"    {where}: {line}\n"
    findings = lint_text(text)
    well_behaved(findings, 200)
    assert findings or where == "comment"


ANCHORED = st.sampled_from([
    "{id: same}", "{id: a, name: N}", "[x, y]", "consent", "{lawful_basis: consent}",
    "{controller: acme}", "{}", "[]", "~", "1",
])


@BUDGET
@given(st.lists(ANCHORED, min_size=1, max_size=4),
       st.lists(st.tuples(st.integers(0, 3), st.sampled_from(["item", "value", "key"])),
                min_size=1, max_size=3000))
def test_aliases_everywhere(anchored: list[str], uses: list[tuple[int, str]]) -> None:
    lines = [f"x{i}: &a{i} {value}" for i, value in enumerate(anchored)]
    lines.append("activities:")
    for number, (target, kind) in enumerate(uses):
        ref = f"*a{target % len(anchored)}"
        if kind == "item":
            lines.append(f"  - {ref}")
        elif kind == "value":
            lines.append(f"  - {{id: v{number}, lawful_basis: {ref}}}")
        else:
            lines.append(f"  - {{id: k{number}, {ref} : 1}}")
    findings = lint_text("\n".join(lines) + "\n")
    well_behaved(findings, 20 * len(uses))
