"""G001: a record due for review, and one that says nothing of its review."""

from __future__ import annotations

import datetime as dt

import pytest

from gdpr_lint.rules.examples import activities_document
from tests.conftest import call_main, lint_text


def review_findings(review: object, today: dt.date) -> list[tuple[str, str]]:
    text = activities_document({"review": review})
    return [(f.rule, f.severity.value) for f in lint_text(text, today=today, review_info=True)]


@pytest.mark.parametrize(("review", "today", "expected"), [
    ({"owner": "DPO", "last_reviewed": "2025-11-01"}, dt.date(2026, 11, 1), []),
    ({"owner": "DPO", "last_reviewed": "2025-11-01"}, dt.date(2026, 11, 2), [("G001", "warning")]),
    ({"last_reviewed": "2026-01-31", "every": "P1M"}, dt.date(2026, 2, 28), []),
    ({"last_reviewed": "2026-01-31", "every": "P1M"}, dt.date(2026, 3, 1), [("G001", "warning")]),
    ({"last_reviewed": "2026-01-01", "every": "P6M"}, dt.date(2026, 7, 2), [("G001", "warning")]),
    ({"last_reviewed": "2026-01-01", "every": "P90D"}, dt.date(2026, 3, 31), []),
    ({"last_reviewed": "2026-01-01", "every": "P90D"}, dt.date(2026, 4, 2), [("G001", "warning")]),
    ({"last_reviewed": "9999-12-31", "every": "P100Y"}, dt.date(2026, 11, 1), []),
    ({"owner": "Marketing lead"}, dt.date(2026, 11, 1), []),
])
def test_g001_review_due(review: dict[str, str], today: dt.date,
                         expected: list[tuple[str, str]]) -> None:
    assert review_findings(review, today) == expected


def test_g001_the_message_says_since_when() -> None:
    text = activities_document({"review": {"owner": "DPO", "last_reviewed": "2024-03-01"}})
    finding = lint_text(text, today=dt.date(2026, 11, 23))[0]
    assert "due since 2025-03-01" in finding.message and "P1Y" in finding.message


def test_g001_no_review_is_one_short_info_per_activity() -> None:
    text = activities_document({"review": None}, {"review": None, "id": "second"})
    findings = lint_text(text, review_info=True)
    assert [(f.rule, f.severity.value) for f in findings] == [("G001", "info")] * 2
    assert len(findings[0].message) < 90


def test_g001_info_never_fails_the_run(tmp_path) -> None:
    (tmp_path / "a.gdpr.yaml").write_text(activities_document({"review": None}),
                                          encoding="utf-8")
    result = call_main("check", "a.gdpr.yaml", "--fail-on", "warning", cwd=tmp_path)
    assert result.returncode == 0 and "G001 [info]" in result.stdout
