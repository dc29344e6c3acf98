"""XLSX: one sheet per controller, the processor record, completeness, findings, about.

Written with XlsxWriter: write-only, pure Python, no dependencies, and reproducible (fixed
timestamps inside the archive; the document date is the build date). Every cell is written
with `write_string`, so declaration text is never a formula, and text that a spreadsheet
would still read as one is neutralised as in CSV.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from gdpr_lint.register.layouts import GENERIC, Layout, neutralise
from gdpr_lint.register.model import ART30_CONTROLLER, ART30_PROCESSOR, Register, Section

MAX_CELL = 32_767  # characters a cell holds (Excel's limit; XlsxWriter cuts longer text)


def cell(value: str) -> str:
    """A declaration's text for a cell: neutralised, and when it is over a cell's limit, cut
    with a mark that says how much is missing (never cut without a word)."""
    text = neutralise(value)
    if len(text) <= MAX_CELL:
        return text
    keep = MAX_CELL - 40
    return f"{text[:keep]}… [truncated: {len(text) - keep:,} characters]"


_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_NOT_ON_CONTROLLER_SHEETS = {"commit", "built", "Commit", "Built", "Généré le",
                             "controllers acted for", "categories of processing",
                             "sub-processors"}


def _sheet_name(title: str, used: set[str]) -> str:
    base = _BAD_SHEET_CHARS.sub(" ", title).strip("' ")[:31] or "Sheet"
    name, n = base, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name, n = base[:31 - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name


def render(record: Register, layout: Layout) -> bytes:
    import xlsxwriter  # type: ignore[import-untyped]

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False,
                                     "strings_to_urls": False, "strings_to_numbers": False})
    built = dt.datetime.strptime(record.built, "%Y-%m-%dT%H:%M:%SZ")
    book.set_properties({"title": "Record of processing activities", "created": built,
                         "comments": f"gdpr-lint {record.version}, commit {record.commit}"})
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top",
                            "bg_color": "#DDE5F0", "border": 1})
    wrap = book.add_format({"text_wrap": True, "valign": "top", "border": 1})
    missing = book.add_format({"text_wrap": True, "valign": "top", "border": 1,
                               "bg_color": "#FCE4E4"})
    used: set[str] = set()

    def table(sheet: Any, top: int, headings: list[str], rows: list[list[str]]) -> None:
        for col, heading in enumerate(headings):
            sheet.write_string(top, col, neutralise(heading), bold)
            sheet.set_column(col, col, 28)
        for r, row in enumerate(rows, start=top + 1):
            for col, value in enumerate(row):
                style = missing if value.startswith(("MISSING", layout.words.missing)) else wrap
                sheet.write_string(r, col, cell(value), style)
        sheet.freeze_panes(top + 1, 0)

    def header(sheet: Any, section: Section, role: str) -> int:
        party = section.party
        lines = [(role, ", ".join(p for p in (party.name, party.contact) if p) or
                  layout.words.missing),
                 ("Data protection officer", party.person("dpo") or layout.words.none),
                 ("Representative", party.person("representative") or layout.words.none),
                 ("Declared at", party.where or layout.words.missing)]
        for r, (label, value) in enumerate(lines):
            sheet.write_string(r, 0, label, bold)
            sheet.write_string(r, 1, cell(value))
        return len(lines) + 1

    # The About sheet names the commit and date once; processor-only columns stay on the
    # processor record.
    kept = [(h, c) for h, c in layout.columns if h not in _NOT_ON_CONTROLLER_SHEETS]
    for section in record.controllers:
        sheet = book.add_worksheet(_sheet_name(section.party.title, used))
        top = header(sheet, section, "Controller")
        table(sheet, top, [h for h, _ in kept],
              [[neutralise(cell(e, record)) for _, cell in kept] for e in section.entries])
    if record.processors:
        sheet = book.add_worksheet(_sheet_name("Processor record", used))
        columns = [c for c in GENERIC.columns if c[0] not in (
            "joint controllers", "lawful basis", "rights available", "rights announced",
            "commit", "built")]
        rows = []
        for section in record.processors:
            for entry in section.entries:
                rows.append([neutralise(cell(entry, record)) for _, cell in columns])
        table(sheet, 0, [h for h, _ in columns], rows)

    sheet = book.add_worksheet(_sheet_name("Completeness", used))
    headings = ["record", "id", "name", *ART30_CONTROLLER, "missing"]
    rows = []
    for entry in record.entries:
        cells = [i.state for i in entry.completeness]
        if entry.record == "processor":  # the processor record has its own Art. 30(2) items
            cells = [f"{k}: {i.state}" for k, i in zip(ART30_PROCESSOR, entry.completeness,
                                                        strict=True)]
            cells += [""] * (len(ART30_CONTROLLER) - len(cells))
        rows.append([entry.record, entry.id, entry.name, *cells, str(len(entry.missing))])
    table(sheet, 0, headings, rows)

    sheet = book.add_worksheet(_sheet_name("Findings", used))
    table(sheet, 0, ["where", "rule", "severity", "activity", "message", "article"],
          [[f.location(), f.rule, f.severity.value, f.activity or "", f.message, f.article]
           for f in record.findings])
    sheet = book.add_worksheet(_sheet_name("Suppressions", used))
    table(sheet, 0, ["where", "scope", "rules", "reason", "matched a finding"],
          [[s.where, s.scope, ", ".join(s.rules), s.reason, "yes" if s.used else "no"]
           for s in record.suppressions])
    sheet = book.add_worksheet(_sheet_name("About", used))
    for r, (label, value) in enumerate((("Generated by", f"gdpr-lint {record.version}"),
                                        ("Commit", record.commit), ("Built", record.built),
                                        ("Files", str(record.files)),
                                        ("Layout", layout.name))):
        sheet.write_string(r, 0, label, bold)
        sheet.write_string(r, 1, value)
    book.close()
    return out.getvalue()
