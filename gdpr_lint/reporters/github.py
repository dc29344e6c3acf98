"""GitHub Actions workflow commands: an annotation per finding on the pull request."""

from __future__ import annotations

from gdpr_lint.reporters import Report
from gdpr_lint.reporters._safe import visible

_LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    # The workflow-command encoding of % and line breaks, then visible escapes for every
    # other control character, so none reaches the log raw.
    return visible(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report) -> str:
    lines = []
    for f in report.result.findings:
        article = f" ({f.article})" if f.article else ""
        lines.append(f"::{_LEVELS[f.severity.value]} file={_property(f.path)},line={f.line},"
                     f"col={f.column},title={_property(f.rule)}::{_data(f.message + article)}")
    return "".join(line + "\n" for line in lines)
