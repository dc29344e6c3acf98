"""The HTML register in a real browser: Debian's headless Chromium prints it and shoots it."""

from __future__ import annotations

import subprocess
import unicodedata
from pathlib import Path

import pytest

from tests.conftest import ROOT

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [pytest.mark.slow, pytest.mark.integration, pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Chromium is not installed (/usr/bin/chromium; .ci/run installs Debian's chromium "
           "package where apt is available)")]


def chromium(tmp_path: Path, page: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium on a local page, logging the page's console to stderr."""
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    return subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
         *args, page.as_uri()],
        capture_output=True, text=True, timeout=180, check=False)


def console_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stderr.splitlines() if ":CONSOLE" in line]


def test_console_messages_are_seen(tmp_path: Path) -> None:
    """The check below can fail: a page that logs an error is caught."""
    page = tmp_path / "noisy.html"
    page.write_text("<!DOCTYPE html><title>x</title><script>console.error('boom')</script>")
    result = chromium(tmp_path, page, "--dump-dom")
    assert any("boom" in line for line in console_lines(result)), result.stderr[-2000:]


def test_example_register_prints_to_a4_and_renders(cli, tmp_path: Path) -> None:
    import pypdf

    page = tmp_path / "register.html"
    result = cli("register", "examples/valid", "--config", "examples/valid/.gdpr-lint.yaml",
                 "--format", "html", "--output", str(page), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    pdf, png, phone = tmp_path / "register.pdf", tmp_path / "register.png", tmp_path / "phone.png"
    printed = chromium(tmp_path, page, "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    assert pdf.exists(), printed.stderr[-2000:]
    assert console_lines(printed) == []
    reader = pypdf.PdfReader(pdf)
    assert len(reader.pages) >= 3
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)  # A4 in points, from @page
    # NFKC undoes the typographic ligatures the PDF holds ("ﬁ" -> "fi").
    text = unicodedata.normalize("NFKC", " ".join(p.extract_text() for p in reader.pages))
    assert f"1 / {len(reader.pages)}" in text  # the @page footer
    for words in ("Record of processing activities", "Payment fraud screening", "Completeness",
                  "Annex: open findings"):
        assert words in " ".join(text.split()), words
    shot = chromium(tmp_path, page, "--hide-scrollbars", "--window-size=1100,1400",
                    f"--screenshot={png}")
    assert png.exists() and png.stat().st_size > 20_000, shot.stderr[-2000:]
    assert console_lines(shot) == []
    narrow = chromium(tmp_path, page, "--hide-scrollbars", "--window-size=390,844",
                      f"--screenshot={phone}")
    assert phone.exists() and phone.stat().st_size > 10_000, narrow.stderr[-2000:]


def test_phone_width_does_not_scroll_sideways(cli, tmp_path: Path) -> None:
    """At a phone's width, the page lays out within the viewport (read from the dumped DOM)."""
    page = tmp_path / "register.html"
    cli("register", "examples/valid", "--config", "examples/valid/.gdpr-lint.yaml",
        "--output", str(page), cwd=ROOT)
    scroll, client, _ = phone_widths(tmp_path, page)
    assert scroll <= client


def phone_widths(tmp_path: Path, page: Path) -> tuple[int, int, list[str]]:
    """The page framed at 390 px: its scroll width, its client width and the console lines."""
    # A probe page frames the page at 390 px and reports its scroll width in the DOM.
    probe = tmp_path / "probe.html"
    probe.write_text(
        "<!DOCTYPE html><meta charset=utf-8><body style=margin:0>"
        f"<iframe id=f src='{page.name}' style='width:390px;height:800px;border:0'></iframe>"
        "<pre id=out></pre><script>f.onload=()=>{const d=f.contentDocument.documentElement;"
        "out.textContent='scroll='+d.scrollWidth+' client='+d.clientWidth;}</script>")
    result = chromium(tmp_path, probe, "--allow-file-access-from-files",
                      "--virtual-time-budget=5000", "--dump-dom")
    assert "scroll=" in result.stdout, result.stderr[-2000:]
    numbers = result.stdout.split("scroll=")[1].split("<")[0]
    scroll, client = (int(part.split("=")[-1]) for part in numbers.split())
    return scroll, client, console_lines(result)
