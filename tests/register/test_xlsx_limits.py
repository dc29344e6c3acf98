"""A cell holds 32,767 characters: longer declaration text is cut with a visible mark saying
how much is missing, never cut without a word."""

from __future__ import annotations

from pathlib import Path

from tests.register.test_formats import register


def test_a_cell_over_the_limit_is_marked(company: Path, tmp_path: Path) -> None:
    import openpyxl

    shop = company / "shop/shop.gdpr.yaml"
    long = "Answer questions " + "x" * 40_000
    shop.write_text(shop.read_text().replace("purposes: [Answer questions]",
                                             f"purposes: [{long}]"))
    out = tmp_path / "register.xlsx"
    register(company, "--format", "xlsx", "--output", str(out))
    book = openpyxl.load_workbook(out)
    cells = [str(c.value) for sheet in book.worksheets for row in sheet.iter_rows()
             for c in row if c.value is not None]
    cuts = [c for c in cells if c.startswith("Answer questions x")]
    assert len(cuts) == 2  # the register's table and the activity's record sheet
    for cut in cuts:
        assert len(cut) <= 32_767
        kept = len(cut) - len(cut[cut.index("… [truncated:"):])
        assert cut.endswith(f"… [truncated: {len(long) - kept:,} characters]")
