"""HTML: one self-contained page (inline CSS, no script, no network), printable to A4."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gdpr_lint.register.layouts import Layout
from gdpr_lint.register.model import Register
from gdpr_lint.register.templates import stream_template

ART30_LABELS = ("Controller (a)", "Purposes (b)", "Data subjects (c)", "Data categories (c)",
                "Recipients (d)", "Transfers (e)", "Retention (f)", "Security (g)")
ART30_PROCESSOR_LABELS = ("Processor (a)", "Controllers (a)", "Categories of processing (b)",
                          "Transfers (c)", "Security (d)")


def context(record: Register) -> dict[str, Any]:
    activities = [e for s in record.controllers for e in s.entries]
    processor_entries = [e for s in record.processors for e in s.entries]
    return {"record": record, "activities": activities, "processor_entries": processor_entries,
            "missing_total": sum(len(e.missing) for e in activities + processor_entries),
            "art30_labels": ART30_LABELS, "art30_processor_labels": ART30_PROCESSOR_LABELS}


def render(record: Register, layout: Layout) -> str:
    return "".join(stream(record, layout))


def stream(record: Register, layout: Layout) -> Iterator[str]:
    return stream_template("html", "register.html.j2", **context(record))
