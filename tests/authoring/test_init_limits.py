"""`gdpr-lint init` on endless or unkeepable answers: it ends, says why, writes nothing."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path


def test_yes_piped_into_init_ends(tmp_path: Path) -> None:
    """`yes | gdpr-lint init`: "y" for ever answers every question; it stops with exit 2."""
    exe = shutil.which("gdpr-lint")
    assert exe is not None
    result = subprocess.run(f"yes | {exe} init", shell=True, cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "stopping (nothing was written)" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_nel_in_an_answer_is_refused_not_folded(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """YAML would read U+0085 back as a line break folded to a space: the answer is refused,
    asked again, and after three such answers init stops."""
    result = cli("init", cwd=tmp_path, input="newsletter\n" + "Monthly\x85news\n" * 3)
    assert result.returncode == 2
    assert result.stderr.count("line-break character U+0085") == 3
    assert "answer 'name': 3 invalid answers in a row" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_nel_in_an_answers_file_is_refused(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    answers = tmp_path / "answers.yaml"
    answers.write_text('id: newsletter\nname: "Monthly\\Nnews"\n')
    result = cli("init", "--answers", str(answers), "--no-input", cwd=tmp_path)
    assert result.returncode == 2
    assert "answer 'name'" in result.stderr and "U+0085" in result.stderr
