"""The `gdpr-lint` executable.

pre-commit runs `gdpr-lint check FILE...` on every commit, usually on one file, so that
invocation goes straight to the check without importing the option parser (click); any
other command line, options included, goes through click as usual.
"""

from __future__ import annotations

import sys


def is_plain_check(argv: list[str]) -> bool:
    """`check` followed by paths only: nothing for an option parser to do."""
    return len(argv) >= 2 and argv[0] == "check" and \
        not any(arg.startswith("-") for arg in argv[1:])


def entry() -> None:
    try:
        code = _run(sys.argv[1:])
    except KeyboardInterrupt:  # Ctrl-C while modules load, before a command handles it
        import signal

        signal.signal(signal.SIGINT, signal.SIG_IGN)
        sys.stderr.write("gdpr-lint: interrupted\n")
        code = 130
    sys.exit(code)


def _run(argv: list[str]) -> int:
    if is_plain_check(argv):
        from gdpr_lint.commands import CheckOptions, guarded, run_check

        return guarded(lambda: run_check(CheckOptions(paths=argv[1:])))
    from gdpr_lint.cli import main

    return main(argv)
