"""Markdown summary of a run, for the GitHub Actions step summary ($GITHUB_STEP_SUMMARY)."""

from __future__ import annotations

from gdpr_lint.reporters import Report, summary_line
from gdpr_lint.reporters._markdown import FINDINGS_HEADER, finding_row

MAX_ROWS = 200  # the step summary is capped at 1 MiB; the SARIF report has every finding


def render(report: Report) -> str:
    result = report.result
    lines = ["## gdpr-lint", "", summary_line(result), ""]
    if result.findings:
        lines += FINDINGS_HEADER
        lines += [finding_row(f) for f in result.findings[:MAX_ROWS]]
        if len(result.findings) > MAX_ROWS:
            lines += ["", f"… and {len(result.findings) - MAX_ROWS} more in the SARIF report."]
        lines.append("")
    return "\n".join(lines) + "\n"
