"""Markdown summary of a run, for the GitHub Actions step summary ($GITHUB_STEP_SUMMARY)."""

from __future__ import annotations

from gdpr_lint.reporters import Report, summary_line

_ICONS = {"error": "❌", "warning": "⚠️", "info": "ℹ️"}
MAX_ROWS = 200  # the step summary is capped at 1 MiB; the SARIF report has every finding


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|") \
        .replace("<", "&lt;").replace(">", "&gt;")


def render(report: Report) -> str:
    result = report.result
    lines = ["## gdpr-lint", "", summary_line(result), ""]
    if result.findings:
        lines += ["| | Where | Rule | Activity | Finding |", "|---|---|---|---|---|"]
        for f in result.findings[:MAX_ROWS]:
            article = f" ({f.article})" if f.article else ""
            lines.append(f"| {_ICONS[f.severity.value]} | `{cell(f.location())}` | {f.rule} | "
                         f"{cell(f.activity or '')} | {cell(f.message + article)} |")
        if len(result.findings) > MAX_ROWS:
            lines += ["", f"… and {len(result.findings) - MAX_ROWS} more in the SARIF report."]
        lines.append("")
    return "\n".join(lines) + "\n"
