"""Text: one line per finding, `path:line:col: ID [severity] message (article)`."""

from __future__ import annotations

from collections import Counter

from gdpr_lint.reporters import Report, summary_line
from gdpr_lint.reporters._safe import visible

_COLORS = {"error": "red", "warning": "yellow", "info": "cyan"}


def render(report: Report) -> str:
    def style(text: str, **kwargs: object) -> str:
        if not report.color:
            return text
        import click

        return click.style(text, **kwargs)  # type: ignore[arg-type]

    lines = []
    for f in report.result.findings:
        where = style(visible(f.location()), bold=True)
        level = style(f"[{f.severity}]", fg=_COLORS[f.severity.value])
        article = f" ({visible(f.article)})" if f.article else ""
        lines.append(f"{where}: {style(visible(f.rule), bold=True)} {level} "
                     f"{visible(f.message)}{article}")
    if report.statistics:
        lines.extend(statistics_lines(report))
    if not report.quiet:
        lines.append(summary_line(report.result))
    return "".join(line + "\n" for line in lines)


def statistics_lines(report: Report) -> list[str]:
    counts = Counter(f.rule for f in report.result.findings)
    out = []
    for rule_id, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        title = report.rules[rule_id].title if rule_id in report.rules else ""
        out.append(f"{count:5d}  {visible(rule_id):<8} {visible(title)}")
    return out
