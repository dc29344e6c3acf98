"""Markdown: the register for wikis (tables; every declared value escaped)."""

from __future__ import annotations

from collections.abc import Iterator

from gdpr_lint.register.html import context
from gdpr_lint.register.layouts import Layout
from gdpr_lint.register.model import Register
from gdpr_lint.register.templates import stream_template


def render(record: Register, layout: Layout) -> str:
    return "".join(stream(record, layout))


def stream(record: Register, layout: Layout) -> Iterator[str]:
    return stream_template("md", "register.md.j2", **context(record))
