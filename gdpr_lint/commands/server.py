"""`gdpr-lint server`: the language server on stdin/stdout (see `authoring/server.py`)."""

from __future__ import annotations


def main() -> int:
    from gdpr_lint.authoring.server import run

    run()
    return 0
