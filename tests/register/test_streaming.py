"""The register is written as it is rendered: the same document as a whole render, and a
render that fails half-way leaves the file it was to replace as it was."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from gdpr_lint.commands import emit
from gdpr_lint.lint.resolve import build_record
from gdpr_lint.register import FORMATS, render, stream
from gdpr_lint.register.model import build_register

EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "xlsx"])
def test_written_file_and_stdout_are_the_whole_render(cli, company: Path, fmt: str,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    written = cli("register", "--format", fmt, "--output", "out.txt", cwd=company, env=EPOCH)
    assert written.returncode == 0, written.stderr
    printed = cli("register", "--format", fmt, cwd=company, env=EPOCH)
    assert printed.returncode == 0, printed.stderr
    monkeypatch.chdir(company)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH["SOURCE_DATE_EPOCH"])
    record, _ = build_record(["."])
    whole = render(fmt, build_register(record, ["."]))
    assert isinstance(whole, str)
    assert (company / "out.txt").read_bytes() == whole.encode()
    assert printed.stdout == whole.replace("\r\n", "\n")  # read back in text mode
    pieces = stream(fmt, build_register(record, ["."]))
    assert not isinstance(pieces, bytes)
    assert "".join(pieces) == whole


def test_a_render_failing_half_way_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "register.json"
    target.write_text("the register of yesterday\n")

    def pieces() -> Iterator[str]:
        yield "{\n"
        raise RuntimeError("broken renderer")

    with pytest.raises(RuntimeError, match="broken renderer"):
        emit(str(target), pieces())
    assert target.read_text() == "the register of yesterday\n"
    assert [p.name for p in tmp_path.iterdir()] == ["register.json"]


def test_pieces_with_lone_surrogates_are_written_escaped(tmp_path: Path) -> None:
    target = tmp_path / "register.md"
    emit(str(target), iter(["a \udce9 b", "\n"]))
    assert target.read_bytes() == b"a \\udce9 b\n"
