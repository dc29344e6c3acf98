"""Lawful and unlawful records, written from the GDPR and the EDPB's texts.

Each file under `lawful/` is a record a DPO would sign off: the real entry point must report
no error and no warning on it (information is allowed). Each file under `unlawful/` names,
in a `# expect: RULE` comment, the rule its breach must raise, with the article in its
header comment. A `# member_state: XX` comment runs the case with that configuration.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from gdpr_lint.cli import main

HERE = Path(__file__).resolve().parent
LAWFUL = sorted((HERE / "lawful").glob("*.gdpr.yaml"))
UNLAWFUL = sorted((HERE / "unlawful").glob("*.gdpr.yaml"))
_EXPECT = re.compile(r"^# expect: ([A-Z][0-9]{3})(?: \((error|warning|info)\))?\s*$", re.M)
_STATE = re.compile(r"^# member_state: ([A-Z]{2})\s*$", re.M)


def lint(case: Path, tmp_path: Path) -> list[dict[str, str]]:
    """Lint one case file with the installed CLI code, as JSON."""
    text = case.read_text(encoding="utf-8")
    config = tmp_path / ".gdpr-lint.yaml"
    state = _STATE.search(text)
    config.write_text(f"member_state: {state.group(1)}\n" if state else "{}\n",
                      encoding="utf-8")
    out = tmp_path / "findings.json"
    code = main(["check", str(case), "--config", str(config), "--format", "json",
                 "--output", str(out), "--fail-on", "error"])
    assert code in (0, 1)
    findings: list[dict[str, str]] = json.loads(out.read_text(encoding="utf-8"))["findings"]
    return findings


def test_there_are_enough_cases() -> None:
    assert len(LAWFUL) >= 25 and len(UNLAWFUL) >= 25
    for case in LAWFUL + UNLAWFUL:
        lines = case.read_text(encoding="utf-8").splitlines()
        header = " ".join(line for line in lines[:6] if line.startswith("# "))
        assert lines[0].startswith("# ") and re.search(r"\bArt(s|icle)?\.? ?\d", header), \
            f"{case.name}: start with a comment citing the article"


@pytest.mark.parametrize("case", LAWFUL, ids=[c.stem for c in LAWFUL])
def test_lawful_record_raises_no_error_or_warning(case: Path, tmp_path: Path) -> None:
    findings = [f for f in lint(case, tmp_path) if f["severity"] in ("error", "warning")]
    assert findings == [], [f"{f['line']}: {f['rule']} {f['message']}" for f in findings]


@pytest.mark.parametrize("case", UNLAWFUL, ids=[c.stem for c in UNLAWFUL])
def test_unlawful_record_raises_the_named_rule(case: Path, tmp_path: Path) -> None:
    expected = _EXPECT.findall(case.read_text(encoding="utf-8"))
    assert expected, f"{case.name}: add '# expect: RULE'"
    findings = lint(case, tmp_path)
    for rule, severity in expected:
        raised = [f for f in findings if f["rule"] == rule]
        assert raised, f"{rule} not raised; got {[(f['rule'], f['message']) for f in findings]}"
        if severity:
            assert raised[0]["severity"] == severity
