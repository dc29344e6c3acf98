"""Whatever the declarations hold, every renderer gives a document, never a traceback."""

from __future__ import annotations

import json
import os
import tempfile
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gdpr_lint.lint.config import Config
from gdpr_lint.lint.resolve import resolve_files
from gdpr_lint.register import FORMATS, render
from gdpr_lint.register.model import build_register
from gdpr_lint.register.notice import render as render_notice

pytestmark = pytest.mark.slow

KEYS = ["name", "controller", "purposes", "data_subjects", "data_categories",
        "special_categories", "art9_condition", "lawful_basis", "consent", "contract",
        "legitimate_interests", "recipients", "transfers", "retention", "rights",
        "exemptions", "automated_decisions", "joint_controllers", "source", "dpia", "notice",
        "security_measures", "systems", "owner", "children", "direct_marketing"]
INNER = ["name", "contact", "role", "country", "mechanism", "period", "provision", "rights",
         "withdrawal", "law", "responsibilities", "legal_or_similar_effect", "exception",
         "reference", "url", "timing", "categories", "dpo", "representative"]
SCALARS = st.none() | st.booleans() | st.integers() | st.sampled_from(
    ["consent", "contract", "US", "processor", "scc", "P1Y", "=1+1", "<b>x</b>", "art23"]) | \
    st.text(max_size=8)
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
    st.sampled_from(INNER), inner, max_size=4), max_leaves=12)


def declaration(fields: dict[str, Any]) -> dict[str, Any]:
    return {"activities": [{"id": "a", **fields}],
            "processor_activities": [{"id": "p", **{k: v for k, v in fields.items()
                                                      if k != "controller"}}]}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=10))
def test_every_format_renders_any_declaration(fields: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "x.gdpr.yaml")
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(declaration(fields), handle)  # JSON is YAML
        record = build_register(resolve_files([path], Config()), [path])
        for fmt in FORMATS:
            assert render(fmt, record)
        for layout in ("ico", "cnil"):
            assert render("csv", record, layout)
        assert render_notice("html", record) and render_notice("md", record)
