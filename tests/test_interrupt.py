"""Ctrl-C during `gdpr-lint check`: exit 130, one line, no traceback, no output, no workers."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("interrupt") / "corpus"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "corpus.py"), "4000", str(folder)],
                   check=True, capture_output=True, timeout=300)
    return folder


def _interrupt(args: list[str], cwd: Path, after: float) -> tuple[int, str, str, bool]:
    exe = shutil.which("gdpr-lint")
    assert exe is not None
    process = subprocess.Popen([exe, *args], cwd=cwd, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True)
    time.sleep(after)
    if process.poll() is not None:
        pytest.fail(f"finished before the interrupt: {process.returncode}")
    # What a terminal does on Ctrl-C: SIGINT to the whole foreground process group.
    os.killpg(process.pid, signal.SIGINT)
    out, err = process.communicate(timeout=60)
    deadline = time.monotonic() + 10
    while True:  # any worker left in the group?
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            left = False
            break
        if time.monotonic() > deadline:
            left = True
            os.killpg(process.pid, signal.SIGKILL)
            break
        time.sleep(0.1)
    return process.returncode, out, err, left


@pytest.mark.parametrize("args", [
    ["check", "corpus"],                       # the launch.py fast path pre-commit uses
    ["check", "corpus", "--format", "json"],   # through the option parser
    ["check", "corpus", "--jobs", "2"],        # worker processes
], ids=["plain", "options", "workers"])
@pytest.mark.parametrize("after", [0.8, 1.6])
def test_ctrl_c_exits_130_with_one_line(corpus: Path, args: list[str], after: float) -> None:
    code, out, err, left = _interrupt(args, corpus.parent, after)
    assert (code, out, err, left) == (130, "", "gdpr-lint: interrupted\n", False)


def test_ctrl_c_with_output_writes_no_file(corpus: Path) -> None:
    report = corpus.parent / "report.json"
    code, _, err, _ = _interrupt(["check", "corpus", "-j", "2", "--format", "json",
                                    "--output", str(report)], corpus.parent, 1.0)
    assert (code, err) == (130, "gdpr-lint: interrupted\n")
    assert not report.exists()
    assert not [p for p in corpus.parent.iterdir() if p.name.startswith(".gdpr-lint-")]
