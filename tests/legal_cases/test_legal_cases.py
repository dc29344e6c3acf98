"""Lawful and unlawful records, written from the GDPR and the EDPB's texts.

Each file under `lawful/` is a record a DPO would sign off: `check` must report no error and
no warning on it (information is allowed). Each file under `unlawful/` names,
in a `# expect: RULE` comment, the rule its breach must raise, with the article in its
header comment. A `# member_state: XX` comment runs the case with that configuration.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from pathlib import Path
from typing import Any

import pytest

from gdpr_lint.lint.config import parse_config
from gdpr_lint.lint.engine import Linter
from gdpr_lint.lint.loader import load_document

HERE = Path(__file__).resolve().parent
LAWFUL = sorted((HERE / "lawful").glob("*.gdpr.yaml"))
UNLAWFUL = sorted((HERE / "unlawful").glob("*.gdpr.yaml"))
_EXPECT = re.compile(r"^# expect: ([A-Z][0-9]{3})(?: \((error|warning|info)\))?\s*$", re.M)
_STATE = re.compile(r"^# member_state: ([A-Z]{2})\s*$", re.M)


@functools.cache
def linter(member_state: str | None) -> Linter:
    """The linter `check` runs with the case's configuration, shared by the cases that have
    it (linting keeps no state between files)."""
    config = parse_config({"member_state": member_state} if member_state else {},
                          HERE / ".gdpr-lint.yaml")
    return Linter(config, today=dt.date.today())


def lint(case: Path) -> list[dict[str, Any]]:
    """The findings of one case file, as `check --format json` gives them."""
    text = case.read_text(encoding="utf-8")
    state = _STATE.search(text)
    result = linter(state.group(1) if state else None).lint_documents(
        [load_document(text, str(case))])
    return [{"rule": f.rule, "severity": f.severity.value, "line": f.line,
             "message": f.message} for f in result.findings]


def test_there_are_enough_cases() -> None:
    assert len(LAWFUL) >= 25 and len(UNLAWFUL) >= 25
    for case in LAWFUL + UNLAWFUL:
        lines = case.read_text(encoding="utf-8").splitlines()
        header = " ".join(line for line in lines[:6] if line.startswith("# "))
        assert lines[0].startswith("# ") and re.search(r"\bArt(s|icle)?\.? ?\d", header), \
            f"{case.name}: start with a comment citing the article"


@pytest.mark.parametrize("case", LAWFUL, ids=[c.stem for c in LAWFUL])
def test_lawful_record_raises_no_error_or_warning(case: Path) -> None:
    findings = [f for f in lint(case) if f["severity"] in ("error", "warning")]
    assert findings == [], [f"{f['line']}: {f['rule']} {f['message']}" for f in findings]


@pytest.mark.parametrize("case", UNLAWFUL, ids=[c.stem for c in UNLAWFUL])
def test_unlawful_record_raises_the_named_rule(case: Path) -> None:
    expected = _EXPECT.findall(case.read_text(encoding="utf-8"))
    assert expected, f"{case.name}: add '# expect: RULE'"
    findings = lint(case)
    for rule, severity in expected:
        raised = [f for f in findings if f["rule"] == rule]
        assert raised, f"{rule} not raised; got {[(f['rule'], f['message']) for f in findings]}"
        if severity:
            assert raised[0]["severity"] == severity
