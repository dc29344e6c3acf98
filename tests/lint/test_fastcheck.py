"""The fast schema gate never calls valid what jsonschema calls invalid."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gdpr_lint.lint.fastcheck import generate_fastcheck, is_valid
from gdpr_lint.lint.loader import read_document
from gdpr_lint.lint.schema import validator
from gdpr_lint.rules.examples import BASES, CONTROLLER, overlay
from tests.conftest import ROOT


def jsonschema_valid(data: Any) -> bool:
    return not any(True for _ in validator().iter_errors(data))


def test_generated_gate_is_in_step_with_the_schema() -> None:
    assert (ROOT / "gdpr_lint" / "lint" / "_fastcheck.py").read_text() == generate_fastcheck(), \
        "out of date: run python scripts/generate.py"


@pytest.mark.parametrize("path", sorted((ROOT / "examples").rglob("*.gdpr.yaml")),
                         ids=lambda p: p.name)
def test_gate_agrees_with_jsonschema_on_the_examples(path: Path) -> None:
    data = read_document(str(path)).data
    if data is not None:
        assert is_valid(data) == jsonschema_valid(data)


SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.floats(allow_nan=False),
                    st.sampled_from(["", "NO", "P2Y", "2026-02-31", "2026-02-28", "consent",
                                     "legitimate_interests", "health", "US", "DE", "us",
                                     "https://x.example", "x", "Bad Id", "ok-id"]))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(
        ["id", "name", "law", "country", "mechanism", "period", "extra"]), inner, max_size=3)),
    max_leaves=6)
FIELDS = st.sampled_from(sorted({k for base in BASES.values() for k in base} |
                                {"special_categories", "art9_condition", "transfers",
                                 "recipients", "notice", "children", "scale", "dpia",
                                 "automated_decisions", "controller", "version", "unknown"}))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(base=st.sampled_from(sorted(BASES)), changes=st.dictionaries(FIELDS, VALUES,
                                                                    max_size=3))
@pytest.mark.slow
def test_gate_never_passes_what_jsonschema_refuses(base: str, changes: dict[str, Any]) -> None:
    data = {"controller": dict(CONTROLLER), "activities": [overlay(base, changes)]}
    if is_valid(data):
        assert jsonschema_valid(data), data
