"""`gdpr-lint init`: a first declaration written by asking questions (`authoring/init.py`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gdpr_lint.authoring.init import InitOptions


def main(options: InitOptions) -> int:
    from gdpr_lint.authoring.init import run_init

    return run_init(options)
