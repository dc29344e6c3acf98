"""`gdpr-lint notice`: the layered privacy notice (Arts 13, 14) drafted from the record."""

from __future__ import annotations

import sys

from gdpr_lint.commands import emit
from gdpr_lint.commands.register import DocumentOptions, build


def main(options: DocumentOptions) -> int:
    from gdpr_lint.register.notice import build_notices, render

    record = build(options)
    emit(options.output, render(options.fmt, record))
    missing = sum(len(n.todo) for n in build_notices(record))
    if missing:
        sys.stderr.write(f"{missing} item{'s' if missing != 1 else ''} missing from the "
                         f"declarations {'are' if missing != 1 else 'is'} listed for the "
                         "author at the end of the notice.\n")
    return 0
