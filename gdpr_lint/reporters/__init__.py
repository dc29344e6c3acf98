"""Reporters: pure formatting of a lint result, one module per format."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gdpr_lint.lint.engine import LintResult
    from gdpr_lint.rules.registry import Rule

FORMATS = ("text", "json", "sarif", "junit", "github", "gitlab")


class Report:
    """What a reporter gets: the result and the rules that were in force."""

    __slots__ = ("color", "quiet", "result", "rules", "statistics", "version")

    def __init__(self, result: LintResult, rules: Mapping[str, Rule], version: str,
                 color: bool = False, statistics: bool = False, quiet: bool = False) -> None:
        self.result = result
        self.rules = rules
        self.version = version
        self.color = color
        self.statistics = statistics
        self.quiet = quiet  # findings only: no summary line


def render(fmt: str, report: Report) -> str:
    module = importlib.import_module(f"gdpr_lint.reporters.{fmt}")
    text: str = module.render(report)
    return text


def summary_line(result: LintResult) -> str:
    from gdpr_lint.lint.findings import Severity

    counts = [(result.count(Severity.ERROR), "error"), (result.count(Severity.WARNING), "warning"),
              (result.count(Severity.INFO), "info")]
    files = f"{result.files} file{'s' if result.files != 1 else ''}"
    fixed = (f"Fixed {result.fixed} finding{'s' if result.fixed != 1 else ''}. "
             if result.fixed else "")
    if not result.findings:
        return f"{fixed}No findings in {files}."
    parts = ", ".join(f"{n} {word}{'s' if n != 1 and word != 'info' else ''}"
                      for n, word in counts)
    return f"{fixed}Found {parts} in {files}."
