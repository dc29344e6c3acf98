"""Worker processes of `gdpr-lint check --jobs`: capped, started or done without, and reaped
on every exit (SIGTERM, the main process killed, a worker killed), so that no process is left
holding the caller's pipes (a CI step that waits for ever)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.commands.test_interrupt import OpenWatch, corpus  # noqa: F401 - a fixture
from tests.conftest import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform != "linux",
                                                    reason="reads Linux /proc and inotify")]


def _exe() -> str:
    exe = shutil.which("gdpr-lint")
    assert exe is not None
    return exe


def _children(pid: int) -> list[int]:
    """The worker processes of ``pid`` (not a `git` it runs meanwhile)."""
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    workers = []
    for child in text.split():
        try:
            if b"gdpr-lint" in Path(f"/proc/{child}/cmdline").read_bytes():
                workers.append(int(child))
        except OSError:
            continue
    return workers


def _group_left(pgid: int, timeout: float = 30) -> bool:
    """Whether a process of the group is still there after ``timeout`` (polled, bounded)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return False
        if time.monotonic() > deadline:
            os.killpg(pgid, signal.SIGKILL)
            return True
        time.sleep(0.05)


def _start(args: list[str], cwd: Path, opened: int) -> tuple[subprocess.Popen[bytes], list[int]]:
    """`gdpr-lint ARGS` in its own process group, once its workers have opened ``opened``
    declarations; with the pids of its workers then."""
    watch = OpenWatch(cwd / "corpus")
    try:
        process = subprocess.Popen([_exe(), *args], cwd=cwd, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, start_new_session=True)
        watch.wait_or_kill(opened, process)
        deadline = time.monotonic() + 120  # the workers start after a first pass
        while not (workers := _children(process.pid)) and time.monotonic() < deadline \
                and process.poll() is None:
            time.sleep(0.01)
        watch.wait_or_kill(opened + 200, process)  # and they have work in hand
    finally:
        watch.close()
    return process, workers


def test_jobs_are_capped_by_cores_and_files(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """`--jobs 100000` on three files starts no more workers than there are cores or files
    (it once started one per request: 1,967 orphans, the OOM killer), and says so in --help."""
    for n in range(3):
        shutil.copy(ROOT / "examples/valid/shop/orders.gdpr.yaml",
                    tmp_path / f"orders{n}.gdpr.yaml")
    process = subprocess.Popen([_exe(), "check", ".", "--jobs", "100000"], cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    most = 0
    while process.poll() is None:
        most = max(most, len(_children(process.pid)))
        time.sleep(0.005)
    out, err = process.communicate()
    assert process.returncode == 1, err
    assert most <= min(3, len(os.sched_getaffinity(0)))
    assert cli("check", ".", "--jobs", "1", cwd=tmp_path).stdout == out.decode()  # type: ignore[attr-defined]
    assert "at most one per core and per file" in " ".join(
        cli("check", "--help").stdout.split())  # type: ignore[attr-defined]


@pytest.fixture
def shared_corpus(corpus: Path) -> Iterator[Path]:  # noqa: F811
    """The corpus where another user can read it."""
    folder = Path(tempfile.mkdtemp(prefix="gdpr-lint-nproc-"))
    try:
        folder.chmod(0o755)
        shutil.copytree(corpus, folder / "corpus")
        for path in [folder / "corpus", *(folder / "corpus").rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        yield folder
    finally:
        shutil.rmtree(folder)


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("setpriv") or
                    not shutil.which("prlimit"), reason="runs as another user: needs root")
def test_workers_that_cannot_start_are_done_without(shared_corpus: Path) -> None:
    """No process may be started (RLIMIT_NPROC, as under memory pressure): the run goes on in
    one process, says so, and reports what a serial run reports."""
    user = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    serial = subprocess.run([*user, _exe(), "check", "corpus", "--jobs", "1"],
                            cwd=shared_corpus, capture_output=True, text=True, timeout=600)
    # The limit is set before the user changes (the user's own exec of the interpreter
    # would need to read under /root): one more process than the run itself.
    limited = subprocess.run(["prlimit", "--nproc=2", *user, _exe(), "check", "corpus",
                              "--jobs", "2"], cwd=shared_corpus, capture_output=True,
                             text=True, timeout=600)
    assert serial.returncode == 1, serial.stderr
    assert "cannot start 2 worker processes" in limited.stderr
    assert "linting in this process" in limited.stderr
    assert "internal error" not in limited.stderr and "Traceback" not in limited.stderr
    assert (limited.returncode, limited.stdout) == (1, serial.stdout)


def test_sigterm_reaps_the_workers(corpus: Path) -> None:  # noqa: F811
    """SIGTERM to the main process alone (a CI runner's timeout): exit 143, one line, and
    every worker gone, so the caller's pipe closes."""
    process, workers = _start(["check", "corpus", "--jobs", "2"], corpus.parent, 500)
    assert workers, "no worker started"
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=120)  # returns only once every writer closed
    assert (process.returncode, out, err) == (143, b"", b"gdpr-lint: terminated\n")
    assert not _group_left(process.pid)


def test_a_killed_main_process_leaves_no_worker(corpus: Path) -> None:  # noqa: F811
    """The main process killed outright (the OOM killer's SIGKILL, no handler runs): its
    workers die with it, and the pipe they shared closes."""
    process, workers = _start(["check", "corpus", "--jobs", "2"], corpus.parent, 500)
    assert workers, "no worker started"
    process.kill()
    process.communicate(timeout=120)
    assert not _group_left(process.pid)


def test_a_killed_worker_is_an_error_not_a_wait(corpus: Path) -> None:  # noqa: F811
    """A worker killed mid-run (out of memory): exit 2 with a clear message, no worker left
    (the pool once replaced it and waited for its lost work for ever)."""
    process, workers = _start(["check", "corpus", "--jobs", "2"], corpus.parent, 500)
    assert workers, "no worker started"
    os.kill(workers[0], signal.SIGKILL)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 2, err
    assert b"a worker process was killed (out of memory?)" in err
    assert b"Traceback" not in err and out == b""
    assert not _group_left(process.pid)
