"""CSV: one row per activity and per processor activity (the `record` column says which)."""

from __future__ import annotations

import csv
import io

from gdpr_lint.register.layouts import Layout, rows
from gdpr_lint.register.model import Register


def render(record: Register, layout: Layout) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(layout.headings)
    for _, row in rows(record, layout):
        writer.writerow(row)
    return out.getvalue()
