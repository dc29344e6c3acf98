"""Parallel runs: files spread over worker processes, and every way such a run can end.

A large run checks its files in a pool of processes (at most one per core and never more
than the files), each set up once with the linter and the controllers' registry. What spans
files is computed in the main process, so a parallel run reports exactly what a serial one
does. Every exit (an error, Ctrl-C, SIGTERM, a worker killed by the out-of-memory killer, the
main process itself killed) leaves no worker behind holding the caller's pipes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from gdpr_lint.lint.engine import Linter, Registry, may_declare_controllers
from gdpr_lint.lint.links import outside_link
from gdpr_lint.lint.loader import Document, read_document, read_regular

if TYPE_CHECKING:
    from pathlib import Path

    from gdpr_lint.lint.config import Config
    from gdpr_lint.rules.registry import Rule

_worker: tuple[Linter, Registry] | None = None


def current() -> tuple[Linter, Registry]:
    """The linter and registry this worker process was set up with."""
    assert _worker is not None, "not a worker process"
    return _worker


def _init_worker(config: Config, today: dt.date, registry: Registry,
                 rules: dict[str, Rule] | None, parent: int) -> None:
    global _worker
    import signal

    # Ctrl-C reaches the whole process group: the main process alone handles it (and stops
    # the workers), so no worker prints a traceback. SIGTERM (the pool's own way to stop a
    # worker) ends it at once, and so does the end of the main process, however it ends
    # (the kernel's out-of-memory killer included): no worker outlives it holding the
    # caller's pipes.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent()
    if os.getppid() != parent:  # it ended before the line above: nobody waits for this one
        os._exit(1)
    _release_sigint()  # held while the pool forked this process
    _worker = (Linter(config, rules, today=today), registry)


class WorkerLost(OSError):
    """A worker process ended in the middle of its work (killed: out of memory, a signal);
    an error of the system, exit 2 as any other."""


def _die_with_parent() -> None:
    """Linux: the kernel kills this process when its parent ends (PR_SET_PDEATHSIG)."""
    import signal
    import sys

    if sys.platform != "linux":  # pragma: no cover - other systems: the pool's own stop
        return
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - no libc to ask
        pass


def _start_pool(jobs: int, linter: Linter, registry: Registry) -> Any:
    """A pool of ``jobs`` workers, or None when the system cannot start them (no memory for
    a thread, a process limit): the run then goes on in this process. A pool that failed
    half-way leaves no worker behind."""
    import multiprocessing

    fork = os.name == "posix"
    context = multiprocessing.get_context("fork" if fork else "spawn")
    # Forked workers inherit the rules already loaded (policy rules hold compiled
    # validators that do not pickle); spawned ones load them again.
    inherited = linter.rules if fork else None
    try:
        return context.Pool(jobs, _init_worker,
                            (linter.config, linter.ctx.today, registry, inherited,
                             os.getpid()))
    except (OSError, RuntimeError, MemoryError) as exc:
        for child in multiprocessing.active_children():
            child.kill()
            child.join()
        import sys

        sys.stderr.write(f"gdpr-lint: note: cannot start {jobs} worker processes ({exc}); "
                         "linting in this process\n")
        return None


def map_files(linter: Linter, registry: Registry, files: Sequence[str], jobs: int | None,
              work: Callable[..., list[Any]]) -> list[Any]:
    """``work(paths, (linter, registry))`` over the files, in order; ``jobs`` > 1 spreads it
    over processes, each set up once with the linter and the registry. The processes are
    never more than the cores nor the files; every exit (an error, Ctrl-C, SIGTERM) stops
    them, and a worker lost mid-run (out of memory) is an error, not a wait for ever."""
    jobs = default_jobs(len(files)) if jobs is None or jobs < 1 else \
        min(jobs, available_cores(), len(files))
    if jobs <= 1 or len(files) < 2:
        return work(files, (linter, registry))
    size = max(1, min(50, len(files) // (jobs * 4)))
    chunks = [files[i:i + size] for i in range(0, len(files), size)]
    # Ctrl-C is held back while the workers start (they inherit that, then ignore it),
    # and reaches the main process once the pool is in hand to be stopped.
    with _sigint_held():
        pool = _start_pool(jobs, linter, registry)
    if pool is None:
        _release_sigint()
        return work(files, (linter, registry))
    import multiprocessing

    with pool:  # leaving it, by any exception, terminates the workers
        _release_sigint()
        workers = {p.pid for p in pool._pool}
        results = pool.imap(work, chunks)
        found: list[Any] = []
        for _ in chunks:
            while True:
                try:
                    found += results.next(timeout=0.5)
                    break
                except multiprocessing.TimeoutError:
                    if {p.pid for p in pool._pool} != workers:  # one died and was replaced
                        _abandon(pool)
                        raise WorkerLost("a worker process was killed (out of memory?); "
                                         "run again with fewer --jobs") from None
        return found


def _abandon(pool: Any) -> None:
    """Kill a pool's workers without the pool's own terminate, which waits for the task
    queue's lock: a worker killed while waiting for work dies holding it, and that wait
    never ends. The pool's finaliser is cancelled so that neither leaving the `with` nor
    the interpreter's exit runs it."""
    from multiprocessing.pool import TERMINATE

    pool._worker_handler._state = TERMINATE  # no new worker in place of those killed
    for process in list(pool._pool):
        process.kill()
        process.join()
    pool._terminate.cancel()
    pool.terminate = lambda: None


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def default_jobs(files: int) -> int:
    """Processes for a run: one below a few hundred files, else one per available core."""
    return 1 if files < 200 else max(1, min(available_cores(), files // 100))


def declaring(files: Sequence[str], boundary: Path | None = None) -> Iterator[Document]:
    """The files that may declare controllers, loaded (a cheap text scan picks them); a link
    leading out of the project's ``boundary`` is not read (X006 when it is linted)."""
    for path in files:
        if outside_link(path, boundary) is not None:
            continue
        try:
            head, _ = read_regular(path)
        except OSError:  # not a regular file, or unreadable: reported when it is linted
            continue
        if may_declare_controllers(head.decode("utf-8", "replace")):
            yield read_document(path, root=boundary)


@contextlib.contextmanager
def _sigint_held() -> Iterator[None]:
    """Block SIGINT and SIGTERM (they stay pending) for the block; release them only on
    failure. A worker forked meanwhile keeps them blocked until it has set its own
    handlers, so the pool's SIGTERM cannot meet the main process's handler there."""
    import signal

    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - not on POSIX
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    except BaseException:
        _release_sigint()
        raise


def _release_sigint() -> None:
    import signal

    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
