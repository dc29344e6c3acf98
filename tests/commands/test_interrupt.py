"""Ctrl-C during `gdpr-lint check`: exit 130, one line, no traceback, no output, no workers."""

from __future__ import annotations

import ctypes
import os
import select
import shutil
import signal
import struct
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform != "linux",
                                                    reason="reads Linux inotify")]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("interrupt") / "corpus"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "corpus.py"), "4000", str(folder)],
                   check=True, capture_output=True, timeout=300)
    return folder


class OpenWatch:
    """Counts the declaration files other processes open under a folder (Linux inotify).

    The readiness signal of these tests: a child that has opened a declaration has started its
    run, handlers in place, whatever the load on the machine; no fixed sleep guesses when.
    """

    IN_OPEN, IN_ISDIR, IN_NONBLOCK = 0x20, 0x40000000, os.O_NONBLOCK

    def __init__(self, folder: Path) -> None:
        self.libc = ctypes.CDLL(None, use_errno=True)
        self.fd = self.libc.inotify_init1(self.IN_NONBLOCK | os.O_CLOEXEC)
        if self.fd < 0:  # pragma: no cover - inotify is in every Linux kernel CI uses
            pytest.skip(f"inotify unavailable: {os.strerror(ctypes.get_errno())}")
        for directory in [folder, *(p for p in folder.rglob("*") if p.is_dir())]:
            if self.libc.inotify_add_watch(self.fd, os.fsencode(directory), self.IN_OPEN) < 0:
                raise OSError(ctypes.get_errno(), "inotify_add_watch", str(directory))
        self.opened = 0

    def wait(self, count: int, process: subprocess.Popen[str], timeout: float = 300) -> None:
        """Return once ``count`` declarations were opened; fail if the child ends first."""
        deadline = time.monotonic() + timeout
        while self.opened < count:
            if process.poll() is not None:
                pytest.fail(f"finished before the interrupt: {process.returncode}")
            left = deadline - time.monotonic()
            if left <= 0:
                pytest.fail(f"{self.opened} of {count} declarations opened in {timeout} s")
            if select.select([self.fd], [], [], min(left, 0.5))[0]:
                self._read()

    def wait_or_kill(self, count: int, process: subprocess.Popen[Any]) -> None:
        """``wait``; on failure the child's whole process group is killed and reaped."""
        try:
            self.wait(count, process)
        except BaseException:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise

    def _read(self) -> None:
        data = os.read(self.fd, 65536)
        offset = 0
        while offset < len(data):
            _, mask, _, length = struct.unpack_from("iIII", data, offset)
            name = data[offset + 16: offset + 16 + length].rstrip(b"\0")
            offset += 16 + length
            if not mask & self.IN_ISDIR and name.endswith(b".gdpr.yaml"):
                self.opened += 1

    def close(self) -> None:
        os.close(self.fd)


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _interrupt(args: list[str], cwd: Path, opened: int) -> tuple[int, str, str, bool]:
    """Start `gdpr-lint ARGS`, press Ctrl-C once it has opened ``opened`` declarations."""
    exe = shutil.which("gdpr-lint")
    assert exe is not None
    watch = OpenWatch(cwd / "corpus")
    try:
        # A terminal's foreground job: SIGINT at its default, whatever this test run inherited
        # (a shell without job control starts background jobs with SIGINT ignored, and an
        # ignored signal stays ignored across exec).
        process = subprocess.Popen([exe, *args], cwd=cwd, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True, start_new_session=True,
                                   preexec_fn=_default_sigint)
        watch.wait_or_kill(opened, process)
    finally:
        watch.close()
    # What a terminal does on Ctrl-C: SIGINT to the whole foreground process group.
    os.killpg(process.pid, signal.SIGINT)
    out, err = process.communicate(timeout=120)
    deadline = time.monotonic() + 60
    while True:  # any worker left in the group? (polled, bounded: not a guess at timing)
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            left = False
            break
        if time.monotonic() > deadline:
            left = True
            os.killpg(process.pid, signal.SIGKILL)
            break
        time.sleep(0.05)
    return process.returncode, out, err, left


@pytest.mark.parametrize("args", [
    ["check", "corpus"],                       # the launch.py fast path pre-commit uses
    ["check", "corpus", "--format", "json"],   # through the option parser
    ["check", "corpus", "--jobs", "2"],        # worker processes
], ids=["plain", "options", "workers"])
@pytest.mark.parametrize("opened", [1, 1500], ids=["first-file", "mid-run"])
def test_ctrl_c_exits_130_with_one_line(corpus: Path, args: list[str], opened: int) -> None:
    code, out, err, left = _interrupt(args, corpus.parent, opened)
    assert (code, out, err, left) == (130, "", "gdpr-lint: interrupted\n", False)


def test_ctrl_c_with_output_writes_no_file(corpus: Path) -> None:
    report = corpus.parent / "report.json"
    code, _, err, _ = _interrupt(["check", "corpus", "-j", "2", "--format", "json",
                                    "--output", str(report)], corpus.parent, 1000)
    assert (code, err) == (130, "gdpr-lint: interrupted\n")
    assert not report.exists()
    assert not [p for p in corpus.parent.iterdir() if p.name.startswith(".gdpr-lint-")]
