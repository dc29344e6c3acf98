"""Every command's failures as an exit code and one line on stderr, never a traceback.

A usage, configuration or baseline error is exit 2 with its message; Ctrl-C is exit 130 with
one line (our own SIGINT handler: click would turn a KeyboardInterrupt into a blank line and
"Aborted!"); a closed pipe (`gdpr-lint check | head`) ends quietly; a bug says so plainly.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from gdpr_lint.commands import err


class Interrupted(BaseException):
    """Ctrl-C, from our own SIGINT handler. Not a KeyboardInterrupt, which click turns into
    an Abort after printing a blank line: the user sees one line, printed here."""


class Terminated(BaseException):
    """SIGTERM (a CI runner's timeout, `kill`): unwound as Ctrl-C is, so worker processes
    are stopped and no partial file is left, then exit 143."""


def _interrupt(signum: int, frame: Any) -> None:
    raise Interrupted


def _terminate(signum: int, frame: Any) -> None:
    raise Terminated


def _raise_on_sigterm() -> Any:
    import signal

    if signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        return None
    try:
        return signal.signal(signal.SIGTERM, _terminate)
    except ValueError:  # not the main thread
        return None


def _raise_on_sigint() -> Any:
    import signal

    if signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        return None  # not ours to change (a host that handles Ctrl-C itself)
    try:
        return signal.signal(signal.SIGINT, _interrupt)
    except ValueError:  # not the main thread (asking threading would cost an import)
        return None


def _restore_sigint(previous: Any) -> None:
    import signal

    if previous is not None and signal.getsignal(signal.SIGINT) is _interrupt:
        signal.signal(signal.SIGINT, previous)


def interrupted() -> int:
    """Ctrl-C: one line on stderr, nothing on stdout, the shell's exit code for SIGINT."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not interrupt this
    err("gdpr-lint: interrupted")
    return 130


def guarded(run: Callable[[], int]) -> int:
    """Run a command; turn every failure into a message on stderr and an exit code."""
    from gdpr_lint.lint.baseline import BaselineError
    from gdpr_lint.lint.config import ConfigError
    from gdpr_lint.lint.discover import UsageError

    previous = _raise_on_sigint()
    previous_term = _raise_on_sigterm()
    try:
        return run()
    except (KeyboardInterrupt, Interrupted):
        return interrupted()
    except Terminated:
        import signal

        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        err("gdpr-lint: terminated")
        return 143
    except (ConfigError, UsageError, BaselineError) as exc:
        err(f"gdpr-lint: error: {exc}")
        return 2
    except BrokenPipeError:  # e.g. `gdpr-lint check | head`
        sys.stderr.close()
        return 1
    except OSError as exc:
        err(f"gdpr-lint: error: {exc}")
        return 2
    except Exception as exc:  # a bug: say so plainly, with what to report
        err(f"gdpr-lint: internal error: {type(exc).__name__}: {exc}\n"
            "Please report it with the command line and the file that caused it.")
        return 2
    finally:
        _restore_sigint(previous)
        if previous_term is not None:
            import signal

            if signal.getsignal(signal.SIGTERM) is _terminate:
                signal.signal(signal.SIGTERM, previous_term)
