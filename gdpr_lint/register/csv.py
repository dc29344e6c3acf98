"""CSV: one row per activity and per processor activity (the `record` column says which)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from gdpr_lint.register.layouts import Layout, rows
from gdpr_lint.register.model import Register


def stream(record: Register, layout: Layout) -> Iterator[str]:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(layout.headings)
    for _, row in rows(record, layout):
        writer.writerow(row)
        if out.tell() > 65536:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()


def render(record: Register, layout: Layout) -> str:
    return "".join(stream(record, layout))
