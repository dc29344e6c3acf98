"""Property tests over policy packs: random `require` schemas (nested allOf/anyOf/oneOf,
$ref chains, patterns from regex pieces) run through `gdpr-lint check`. Each pack is
either refused with a clear configuration error (exit 2, naming the file and rule) or
linted, in bounded time, never with an internal error or a traceback."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gdpr_lint.cli import main
from tests.conftest import ROOT

pytestmark = pytest.mark.slow

BUDGET = settings(max_examples=60, deadline=None, derandomize=True,
                  suppress_health_check=[HealthCheck.too_slow,
                                         HealthCheck.function_scoped_fixture])
PIECES = st.sampled_from(["a", "b", "(", ")", "+", "*", "?", "|", ".", "\\d", "[a-z]",
                          "[^b]", "{2,3}", "^", "$", "(?:", "\\1", "x"])
PATTERNS = st.lists(PIECES, min_size=1, max_size=12).map("".join)
LEAVES = st.one_of(
    PATTERNS.map(lambda p: {"properties": {"name": {"pattern": p}}}),
    PATTERNS.map(lambda p: {"patternProperties": {p: {"type": "string"}}}),
    st.sampled_from([{"required": ["name"]}, {"type": "object"}, {"$ref": "#/$defs/d0"},
                     {"$ref": "#/$defs/d1"}, {"properties": {"x": {"$ref": "#"}}}]))
SCHEMAS = st.recursive(LEAVES, lambda inner: st.one_of(
    st.builds(lambda k, v: {k: v}, st.sampled_from(["allOf", "anyOf", "oneOf"]),
              st.lists(inner, min_size=1, max_size=4)),
    st.builds(lambda v: {"not": v}, inner)), max_leaves=12)


def _run(folder: Path) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["check", "."])
    finally:
        os.chdir(cwd)
    return code, err.getvalue()


@BUDGET
@given(SCHEMAS, st.lists(SCHEMAS, min_size=2, max_size=2))
def test_any_policy_pack_is_refused_or_run_bounded(tmp_path: Path, require: Any,
                                                   defs: list[Any]) -> None:
    folder = tmp_path / f"p{time.monotonic_ns()}"
    folder.mkdir()
    pack = {"version": 1, "rules": [{
        "id": "FUZZ001", "title": "A generated rule", "severity": "error",
        "message": "breaks the generated rule",
        "require": {**require, "$defs": {"d0": defs[0], "d1": defs[1]}}}]}
    (folder / "fuzz.policy.yaml").write_text(yaml.safe_dump(pack))
    (folder / ".gdpr-lint.yaml").write_text("policies: [fuzz.policy.yaml]\n")
    declaration = (ROOT / "tests/fixtures/policies/breaches.gdpr.yaml").read_text()
    (folder / "a.gdpr.yaml").write_text(declaration.replace(
        "name:", f"name: {'a' * 5000}b #", 1))
    started = time.monotonic()
    code, err = _run(folder)
    assert time.monotonic() - started < 30, require
    assert "internal error" not in err and "Traceback" not in err, err
    if code == 2:
        assert "fuzz.policy.yaml" in err and "FUZZ001" in err, err
    else:
        assert code in (0, 1), err
    shutil.rmtree(folder)
