"""The review as Markdown (a pull-request comment or step summary), JSON or text."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from gdpr_lint.lint.findings import Finding
from gdpr_lint.reporters._markdown import FINDINGS_HEADER, finding_row, md_code, md_text
from gdpr_lint.review.diff import Review


def _value(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and "name" in value:
        rest = ", ".join(f"{k}: {v}" for k, v in value.items() if k != "name")
        return f"{value['name']} ({rest})" if rest else str(value["name"])
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def full(value: Any) -> str:
    """A declared value in words, however deep: lists joined with "; ", mappings as
    "key: value", nested ones in parentheses."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "; ".join(full(v) for v in value) or "(none)"
    if isinstance(value, dict):
        return ", ".join(f"{k}: ({full(v)})" if isinstance(v, dict) else f"{k}: {full(v)}"
                         for k, v in value.items()) or "(none)"
    return "(none)" if value is None else str(value)


def declared_lines(data: dict[str, Any], shown: Callable[[str], str] = str,
                   name: Callable[[str], str] = str) -> list[str]:
    """An added activity in full: one line per declared field."""
    return [f"{name(key)}: {shown(full(value))}" for key, value in data.items()]


def _changes(change: dict[str, Any], shown: Callable[[str], str] = str) -> list[str]:
    """A field's change as lines; ``shown`` prints each value (escapes it for Markdown). A
    mapping (consent, legitimate interests and the LIA, DPIA) shows each key that changed."""
    def value(v: Any) -> str:
        return shown(_value(v)) if v is not None else "(none)"

    if "from" in change:
        old, new = change["from"], change["to"]
        if isinstance(old, dict) or isinstance(new, dict):
            old, new = old if isinstance(old, dict) else {}, new if isinstance(new, dict) else {}
            return [f"{shown(key)}: {shown(full(old.get(key)))} → {shown(full(new.get(key)))}"
                    for key in dict.fromkeys([*old, *new])
                    if json.dumps(old.get(key), sort_keys=True, default=str) !=
                    json.dumps(new.get(key), sort_keys=True, default=str)]
        return [f"{value(old)} → {value(new)}"]
    return [f"+ {value(v)}" for v in change["added"]] + \
        [f"− {value(v)}" for v in change["removed"]]


def _finding(f: Finding) -> str:
    article = f" ({f.article})" if f.article else ""
    return f"{f.location()}: {f.rule} [{f.severity.value}] {f.message}{article}"


def render_json(review: Review) -> str:
    return json.dumps(review.as_json(), indent=2, ensure_ascii=False) + "\n"


def render_markdown(review: Review) -> str:
    lines = [f"## gdpr-lint review: {md_code(review.base)} → {md_code(review.head)}", ""]
    count = len(review.review)
    if count:
        lines += [f"**{count} change{'s' if count != 1 else ''} for DPO review**", "",
                  "| Activity | Why | Field | Value |", "|---|---|---|---|"]
        for item in review.review:
            lines.append(f"| {md_code(item['activity'], table=True)} | {md_text(item['reason'])} | "
                         f"{md_text(item['field'] or '')} | {md_text(_value(item['value']))} |")
    else:
        lines.append("No change needs DPO review.")
    lines += ["", "### Processing activities", ""]
    if not (review.added or review.removed or review.changed):
        lines.append("No declared processing changed.")
    for activity in review.added:
        lines.append(f"- **added** {md_code(activity)} "
                     f"({md_text(review.where.get(activity, ''))})")
        lines += [f"  - {line}" for line in declared_lines(
            review.declared.get(activity, {}), md_text, md_code)]
    for activity in review.removed:
        lines.append(f"- **removed** {md_code(activity)} "
                     f"(was {md_text(review.where.get(activity, ''))})")
    for change in review.changed:
        activity = change["activity"]
        lines.append(f"- **changed** {md_code(activity)} "
                     f"({md_text(review.where.get(activity, ''))})")
        for name, detail in change["fields"].items():
            lines.append(f"  - {md_code(name)}: " +
                         "; ".join(_changes(detail, md_text)))
    lines += ["", "### Findings", "",
              f"{len(review.new)} new, {len(review.fixed)} fixed."]
    for title, findings in (("New", review.new), ("Fixed", review.fixed)):
        if findings:
            lines += ["", f"**{title}**", "", *FINDINGS_HEADER]
            lines += [finding_row(f) for f in findings]
    return "\n".join(lines) + "\n"


def render_text(review: Review) -> str:
    lines = [f"Review {review.base} → {review.head}"]
    for item in review.review:
        field = f" [{item['field']}]" if item["field"] else ""
        lines.append(f"  REVIEW {item['activity']}: {item['reason']}{field}: "
                     f"{_value(item['value'])}")
    for activity in review.added:
        lines.append(f"added {activity} ({review.where.get(activity, '')})")
        lines += [f"  {line}" for line in declared_lines(review.declared.get(activity, {}))]
    for activity in review.removed:
        lines.append(f"removed {activity} (was {review.where.get(activity, '')})")
    for change in review.changed:
        lines.append(f"changed {change['activity']} ({review.where.get(change['activity'], '')})")
        for name, detail in change["fields"].items():
            for line in _changes(detail):
                lines.append(f"  {name}: {line}")
    lines += [f"new: {_finding(f)}" for f in review.new]
    lines += [f"fixed: {_finding(f)}" for f in review.fixed]
    lines.append(f"{len(review.review)} change{'s' if len(review.review) != 1 else ''} for "
                 f"review; {len(review.new)} new finding{'s' if len(review.new) != 1 else ''}, "
                 f"{len(review.fixed)} fixed.")
    return "\n".join(lines) + "\n"


RENDERERS = {"md": render_markdown, "json": render_json, "text": render_text}
