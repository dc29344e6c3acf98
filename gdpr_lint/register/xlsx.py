"""XLSX: one sheet per controller, the processor record, completeness, findings, about.

Written with XlsxWriter: write-only, pure Python, no dependencies, and reproducible (fixed
timestamps inside the archive; the document date is the build date). Every cell is written
with `write_string`, so declaration text is never a formula, and text that a spreadsheet
would still read as one is neutralised as in CSV.

Every sheet prints as a document for an authority: landscape A4, scaled to the page width,
the table's heading row repeated on each page, cells wrapped at a width measured from their
text, and a footer naming the sheet and the page. Row heights are left for the spreadsheet
to fit to the wrapped text (no fixed height, so lines never overlap).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from gdpr_lint.register.layouts import GENERIC, Layout, neutralise
from gdpr_lint.register.model import (
    ART30_CONTROLLER,
    ART30_PROCESSOR,
    Register,
    RegisterEntry,
    Section,
)

# Column widths in characters: no column narrower than a short word, none wider than a
# paragraph a reader takes in at once.
MIN_WIDTH, MAX_WIDTH = 8, 48
A4 = 9  # the paper size code of the OOXML (ECMA-376) page setup

MAX_CELL = 32_767  # characters a cell holds (Excel's limit; XlsxWriter cuts longer text)


def fitted(value: str) -> str:
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


def width(heading: str, values: list[str]) -> int:
    """A column's width: its longest heading word or the typical line of its cells (the
    90th percentile, so one long text wraps instead of widening the column), within
    MIN_WIDTH..MAX_WIDTH."""
    word = max((len(w) for w in heading.split()), default=0)
    lengths = sorted(max((len(line) for line in v.splitlines()), default=0) for v in values)
    typical = lengths[min(len(lengths) - 1, len(lengths) * 9 // 10)] if lengths else 0
    return max(MIN_WIDTH, min(MAX_WIDTH, max(word, typical) + 2))


LINE_HEIGHT = 15  # points per line of 11-point text
MAX_HEIGHT = 409  # the tallest row a spreadsheet keeps


def height(values: list[str], widths: list[int]) -> float | None:
    """The height of a row whose cells wrap at ``widths``: enough lines for its longest
    cell. LibreOffice keeps the default height for rows that carry none, so wrapped text
    would run over the next row; None for a row of one line (the default suits it)."""
    lines = 1
    for value, chars in zip(values, widths, strict=False):
        usable = max(1, chars - 1)
        parts = value.splitlines() or [""]
        # A cell shorter than its column takes one line per line break (most cells).
        lines = max(lines, len(parts) if len(value) <= usable else
                    sum(max(1, -(-len(line) // usable)) for line in parts))
    return None if lines == 1 else min(MAX_HEIGHT, lines * LINE_HEIGHT + 3)


def print_setup(sheet: Any, title: str, heading_row: int | None) -> None:
    """Landscape A4, fitted to the page width (as many pages down as it takes), the heading
    row repeated on every page, and a footer with the sheet's name and the page number."""
    sheet.set_landscape()
    sheet.set_paper(A4)
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    if heading_row is not None:
        sheet.repeat_rows(heading_row)
    sheet.set_footer(f"&L{_footer_text(title)}&R&P / &N")


def _footer_text(text: str) -> str:
    """Footer text as text: `&` starts a code in a header or footer, so it is doubled."""
    return text.replace("&", "&&")[:100]


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
    plain = book.add_format({"text_wrap": True, "valign": "top"})
    title_format = book.add_format({"bold": True, "text_wrap": True, "valign": "top",
                                    "font_size": 12, "bottom": 2})
    used: set[str] = set()

    def table(sheet: Any, top: int, headings: list[str], rows: list[list[str]],
              title: str) -> None:
        widths = [width(heading, [row[col] for row in rows])
                  for col, heading in enumerate(headings)]
        for col, heading in enumerate(headings):
            sheet.write_string(top, col, neutralise(heading), bold)
            sheet.set_column(col, col, widths[col])
        sheet.set_row(top, height(headings, widths))
        for r, row in enumerate(rows, start=top + 1):
            for col, value in enumerate(row):
                style = missing if value.startswith(("MISSING", layout.words.missing)) else wrap
                sheet.write_string(r, col, fitted(value), style)
            sheet.set_row(r, height(row, widths))
        sheet.freeze_panes(top + 1, 0)
        print_setup(sheet, title, top)

    def record_sheets(sheet: Any, title: str,
                      sections: list[tuple[Section, list[tuple[RegisterEntry,
                                                                list[tuple[str, str]]]]]],
                      ) -> None:
        """Each activity as a sheet of its own (heading | declared), a page each: the form
        that prints at a readable size, where the wide table prints at a fraction of it."""
        # The label column takes a long heading (the ICO template's) in two lines at most.
        longest = max((len(h) for h, _ in kept), default=0)
        widths = [max(34, min(56, longest // 2 + 3)), 100]
        sheet.set_column(0, 0, widths[0])
        sheet.set_column(1, 1, widths[1])
        sheet.write_string(0, 0, layout.words.item, bold)
        sheet.write_string(0, 1, layout.words.declared, bold)
        r = 1
        breaks = []
        for section, entries in sections:
            for entry, cells in entries:
                if r > 1:
                    breaks.append(r)
                heading = f"{entry.name} ({entry.id}) \u2014 {section.party.title}"
                sheet.merge_range(r, 0, r, 1, "", title_format)
                sheet.write_string(r, 0, neutralise(heading), title_format)
                sheet.set_row(r, height([heading], [sum(widths)]))
                r += 1
                for label, value in cells:
                    if value == layout.words.not_applicable:
                        continue  # another basis's field: the fiche names what applies
                    style = missing if value.startswith(("MISSING", layout.words.missing)) \
                        else wrap
                    sheet.write_string(r, 0, neutralise(label), bold)
                    sheet.write_string(r, 1, fitted(value), style)
                    sheet.set_row(r, height([label, value], widths))
                    r += 1
        sheet.set_h_pagebreaks(breaks)
        sheet.freeze_panes(1, 0)
        print_setup(sheet, title, 0)

    def header(sheet: Any, section: Section, role: str, columns: int) -> int:
        party = section.party
        words = layout.words
        lines = [(role, ", ".join(p for p in (party.name, party.contact) if p) or
                  words.missing),
                 (words.dpo, party.person("dpo") or words.none),
                 (words.representative, party.person("representative") or words.none),
                 (words.declared_at, party.where or words.missing)]
        last = max(1, min(columns - 1, 6))  # the value spans a few columns, not one narrow one
        for r, (label, value) in enumerate(lines):
            sheet.write_string(r, 0, label, bold)
            if last > 1:
                sheet.merge_range(r, 1, r, last, "", plain)
            sheet.write_string(r, 1, fitted(value), plain)
        return len(lines) + 1

    # The About sheet names the commit and date once; processor-only columns stay on the
    # processor record.
    # In an organisation's register each row names its own commit (and "declared at" its
    # repository); the About sheet lists every repository.
    per_entry = {"commit", "Commit"} if record.organisation else set()
    kept = [(h, c) for h, c in layout.columns
            if h not in _NOT_ON_CONTROLLER_SHEETS or h in per_entry]
    for section in record.controllers:
        name = _sheet_name(section.party.title, used)
        sheet = book.add_worksheet(name)
        top = header(sheet, section, layout.words.controller, len(kept))
        table(sheet, top, [h for h, _ in kept],
              [[neutralise(cell(e, record)) for _, cell in kept] for e in section.entries],
              name)
    if record.processors:
        name = _sheet_name("Processor record", used)
        sheet = book.add_worksheet(name)
        columns = [c for c in GENERIC.columns if c[0] not in (
            "joint controllers", "lawful basis", "rights available", "rights announced",
            "commit", "built") or c[0] in per_entry]
        rows = []
        for section in record.processors:
            for entry in section.entries:
                rows.append([neutralise(cell(entry, record)) for _, cell in columns])
        table(sheet, 0, [h for h, _ in columns], rows, name)

    if record.controllers:
        name = _sheet_name(layout.words.record_sheets, used)
        record_sheets(book.add_worksheet(name), name, [
            (section, [(e, [(h, neutralise(cell(e, record))) for h, cell in kept])
                       for e in section.entries]) for section in record.controllers])

    name = _sheet_name("Completeness", used)
    sheet = book.add_worksheet(name)
    headings = ["record", "id", "name", *ART30_CONTROLLER, "missing"]
    rows = []
    for entry in record.entries:
        cells = [i.state for i in entry.completeness]
        if entry.record == "processor":  # the processor record has its own Art. 30(2) items
            cells = [f"{k}: {i.state}" for k, i in zip(ART30_PROCESSOR, entry.completeness,
                                                        strict=True)]
            cells += [""] * (len(ART30_CONTROLLER) - len(cells))
        rows.append([entry.record, entry.id, entry.name, *cells, str(len(entry.missing))])
    table(sheet, 0, headings, rows, name)

    name = _sheet_name("Findings", used)
    table(book.add_worksheet(name), 0,
          ["where", "rule", "severity", "activity", "message", "article"],
          [[f.location(), f.rule, f.severity.value, f.activity or "", f.message, f.article]
           for f in record.findings], name)
    name = _sheet_name("Suppressions", used)
    table(book.add_worksheet(name), 0, ["where", "scope", "rules", "reason", "matched a finding"],
          [[s.where, s.scope, ", ".join(s.rules), s.reason, "yes" if s.used else "no"]
           for s in record.suppressions], name)
    name = _sheet_name("About", used)
    sheet = book.add_worksheet(name)
    about = (("Generated by", f"gdpr-lint {record.version}"), ("Commit", record.commit),
             ("Built", record.built), ("Files", str(record.files)), ("Layout", layout.name))
    for r, (label, value) in enumerate(about):
        sheet.write_string(r, 0, label, bold)
        sheet.write_string(r, 1, value, plain)
    sheet.set_column(0, 0, width("", [label for label, _ in about]))
    sheet.set_column(1, 1, width("", [value for _, value in about]))
    print_setup(sheet, name, None)
    if record.organisation:
        table(sheet, 7, ["repository", "commit", "committed", "record built"],
              [[s.repository, s.commit, s.committed or "unknown", s.built]
               for s in record.sources], name)
    book.close()
    return out.getvalue()
