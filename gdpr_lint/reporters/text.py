"""Text: one line per finding, `path:line:col: ID [severity] message (article)`."""

from __future__ import annotations

from collections import Counter

from gdpr_lint.reporters import Report, summary_line

_COLORS = {"error": "red", "warning": "yellow", "info": "cyan"}


def render(report: Report) -> str:
    def style(text: str, **kwargs: object) -> str:
        if not report.color:
            return text
        import click

        return click.style(text, **kwargs)  # type: ignore[arg-type]

    lines = []
    for f in report.result.findings:
        where = style(f.location(), bold=True)
        level = style(f"[{f.severity}]", fg=_COLORS[f.severity.value])
        article = f" ({f.article})" if f.article else ""
        lines.append(f"{where}: {style(f.rule, bold=True)} {level} {f.message}{article}")
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
        out.append(f"{count:5d}  {rule_id:<8} {title}")
    return out
