"""The subcommands, free of the option parser: one module per subcommand.

Each module has an options class and a ``main(options) -> int`` returning the exit code; the
click application in `cli.py` only parses a command line into those options (as pre-commit's
`pre_commit/commands/`). The start-up fast path in `launch.py` calls `check.main` directly for
the invocation pre-commit makes on every commit, without importing click. What every command
shares lives here: writing to the terminal or a file, and `guard` (errors and Ctrl-C as exit
codes).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator


def out(text: str) -> None:
    sys.stdout.write(encodable(text))
    sys.stdout.flush()


def err(text: str) -> None:
    sys.stderr.write(text + "\n")


def encodable(text: str) -> str:
    """Text that encodes as UTF-8. A file name that is not UTF-8 reaches a report as lone
    surrogates (Python's decoding of its bytes), which no UTF-8 output can hold: they are
    written as their escapes (``\\udce9``) instead of losing the run."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def emit(output: str | None, data: str | bytes | Iterator[str]) -> None:
    """A report or document to ``output`` (written atomically) or to standard output; text
    that a non-UTF-8 file name made unencodable is written with its escapes either way.
    Text in pieces (a renderer's stream) is written piece by piece, never held whole."""
    if isinstance(data, Iterator):
        if output:
            from gdpr_lint.edit.atomic import write_atomic

            write_atomic(output, data)
        else:
            for piece in data:
                sys.stdout.write(encodable(piece))
            sys.stdout.flush()
        return
    if output:
        from gdpr_lint.edit.atomic import write_atomic

        write_atomic(output, encodable(data) if isinstance(data, str) else data)
    elif isinstance(data, bytes):
        if sys.stdout.isatty():
            from gdpr_lint.lint.discover import UsageError

            raise UsageError("XLSX is binary: write it to a file with --output FILE")
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        out(data)
