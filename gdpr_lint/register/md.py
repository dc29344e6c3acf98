"""Markdown: the register for wikis (tables; every declared value escaped)."""

from __future__ import annotations

from gdpr_lint.register.html import context
from gdpr_lint.register.layouts import Layout
from gdpr_lint.register.model import Register
from gdpr_lint.register.templates import render_template


def render(record: Register, layout: Layout) -> str:
    return render_template("md", "register.md.j2", **context(record))
