"""The `gdpr-lint` executable.

pre-commit runs `gdpr-lint check FILE...` on every commit, usually on one file, so that
invocation goes straight to the check without importing the option parser (click); any
other command line, options included, goes through click as usual.
"""

from __future__ import annotations

import sys


def plain_check_paths(argv: list[str]) -> list[str] | None:
    """The paths of `check PATH...` or `check -- PATH...` (the hook's form: after `--` every
    argument is a path, even one named like an option); None when there are options for the
    parser to read."""
    if len(argv) < 2 or argv[0] != "check":
        return None
    if argv[1] == "--":
        return argv[2:] if len(argv) > 2 else None
    return None if any(arg.startswith("-") for arg in argv[1:]) else argv[1:]


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
    paths = plain_check_paths(argv)
    if paths is not None:
        from gdpr_lint.commands import check
        from gdpr_lint.commands.guard import guarded

        return guarded(lambda: check.main(check.CheckOptions(paths=paths)))
    from gdpr_lint.cli import main

    return main(argv)
