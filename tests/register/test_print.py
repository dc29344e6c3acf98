"""The XLSX register as a printed document: page setup read back by openpyxl, and the
pages LibreOffice prints from it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import Run, call_main
from tests.register.conftest import line_of


def xlsx(folder: Path, out: Path, *args: str, run: Run = call_main) -> Path:
    """The XLSX register of ``folder``: in this process, or with ``run=cli``."""
    result = run("register", "--format", "xlsx", "--output", str(out), *args, cwd=folder)
    assert result.returncode == 0, result.stderr
    return out


@pytest.mark.parametrize("layout", ["generic", "ico", "cnil"])
def test_every_sheet_prints_landscape_a4_fitted_to_the_width(company: Path,
                                                             tmp_path: Path,
                                                             layout: str) -> None:
    import openpyxl

    book = openpyxl.load_workbook(xlsx(company, tmp_path / "r.xlsx", "--layout", layout))
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert setup.orientation == "landscape", sheet.title
        assert int(setup.paperSize) == 9, sheet.title  # A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert (setup.fitToWidth or 1) == 1 and int(setup.fitToHeight) == 0, sheet.title
        assert "&P" in sheet.oddFooter.right.text, sheet.title
    controller = book["Contoso Learning SAS"]
    assert controller.print_title_rows == "$6:$6"  # the table's heading row, on every page
    assert [c.value for c in controller[6]][:2] == (
        ["Référence", "Nom du traitement"] if layout == "cnil" else
        ["Business function", "Purpose of processing"] if layout == "ico" else ["record", "id"])
    assert book["Completeness"].print_title_rows == "$1:$1"


def test_cells_wrap_with_measured_widths_and_heights(company: Path,
                                                     tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.load_workbook(xlsx(company, tmp_path / "r.xlsx"))
    sheet = book["Contoso Learning SAS"]
    headings = {c.value: c.column_letter for c in sheet[6]}
    widths = {h: sheet.column_dimensions[col].width for h, col in headings.items()}
    # Measured, not one width for all: an id column is narrower than the retention text.
    assert widths["record"] < widths["retention"] <= 48 + 1
    assert all(8 <= w <= 48 + 1 for w in widths.values())
    for row in sheet.iter_rows(min_row=6):
        assert all(c.alignment.wrap_text for c in row if c.value)
    # A row whose text wraps to several lines carries a height for them, so the next row
    # is not drawn over it.
    analytics = next(r for r in range(7, sheet.max_row + 1)
                     if sheet.cell(row=r, column=2).value == "analytics")
    assert sheet.row_dimensions[analytics].height >= 2 * 15


def test_record_sheets_one_activity_a_page(company: Path, tmp_path: Path) -> None:
    import openpyxl

    sheet = openpyxl.load_workbook(xlsx(company, tmp_path / "r.xlsx"))["Record sheets"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Item", "Declared"]
    titles = [n for n, row in enumerate(rows) if row[0] and row[0].endswith(
        " \u2014 Contoso Learning SAS")]
    assert [rows[n][0].split(" \u2014 ")[0] for n in titles] == [
        "Newsletter (newsletter)", "'=HYPERLINK(\"http://evil.example\",\"x\") (analytics)",
        "Support (support)"]
    assert [b.id for b in sheet.row_breaks.brk] == titles[1:]  # a page break before each
    support = dict(r for r in rows[titles[2] + 1:] if r[0])
    assert support["recipients"] == "MISSING"
    assert "consent" not in support  # another basis's field is left out, not "not applicable"
    assert support["declared at"] == \
        f"shop/shop.gdpr.yaml:{line_of(company / 'shop/shop.gdpr.yaml', 'id: support')}"
    assert sheet.print_title_rows == "$1:$1"


@pytest.mark.slow
@pytest.mark.integration
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
@pytest.mark.parametrize(("layout", "title", "heading"), [
    ("cnil", "Fiches de registre", "Rubrique"), ("ico", "Record sheets", "Item")])
def test_libreoffice_prints_the_record_sheets_on_a4_pages(cli, company: Path,
                                                          tmp_path: Path, layout: str,
                                                          title: str, heading: str) -> None:
    from pypdf import PdfReader

    out = xlsx(company, tmp_path / "r.xlsx", "--layout", layout, run=cli)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
                   check=True, capture_output=True, timeout=300)
    pages = PdfReader(tmp_path / "r.pdf").pages
    for page in pages:  # A4 landscape: 842 x 595 points
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == \
            (842, 595)
    texts = [page.extract_text() for page in pages]
    fiches = [t for t in texts if title in t]
    assert len(fiches) == 3  # one page per activity, each short enough for one page
    assert all(heading in t for t in fiches)  # the heading row repeated on every page
