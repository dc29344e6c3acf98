"""Values from declarations as literal Markdown: every Markdown surface prints them through
here (the review of a change, the step summary, the register and the notice in `md`).

Markdown has no escaping of its own, and GitHub, GitLab and wikis render links, images,
HTML and tables from whatever text reaches them, so an activity id or a purpose could
otherwise add a link, an image, a heading or a forged paragraph to a pull-request comment.
Text is kept on one line, HTML is written as entities, and every character that can open
Markdown syntax is backslash-escaped (CommonMark lets any ASCII punctuation be escaped);
text shown as code gets a backtick fence longer than any run of backticks inside it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gdpr_lint.lint.findings import Finding

ICONS = {"error": "❌", "warning": "⚠️", "info": "ℹ️"}
FINDINGS_HEADER = ["| | Where | Rule | Activity | Finding |", "|---|---|---|---|---|"]
_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_LINE_START = re.compile(r"^(?:#{1,6}|[+-])(?= |$)|^(?:=+|-+)$")


def md_text(value: Any) -> str:
    """A value as literal Markdown text, on one line, safe in a paragraph or a table cell."""
    if value is None:
        return ""
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = " ".join(text.split())
    text = _SPECIAL.sub(r"\\\1", text)
    # what would make a heading, a list item or a rule of a value printed at a line's start
    return _LINE_START.sub(lambda m: "\\" + m.group(0), text, count=1)


def md_code(value: Any, table: bool = False) -> str:
    """A value as a code span: a fence of more backticks than any run inside; in a ``table``
    cell `|` is escaped too (GFM splits cells on it even inside code)."""
    text = " ".join(str(value).split()) if value is not None else ""
    runs = [len(run) for run in re.findall(r"`+", text)]
    fence = "`" * (max(runs, default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    if table:
        text = text.replace("|", "\\|")
    return f"{fence}{pad}{text}{pad}{fence}"


def finding_row(f: Finding) -> str:
    """One finding as a row of a table under FINDINGS_HEADER."""
    article = f" ({f.article})" if f.article else ""
    return (f"| {ICONS[f.severity.value]} | {md_code(f.location(), table=True)} | {f.rule} | "
            f"{md_text(f.activity or '')} | {md_text(f.message + article)} |")
