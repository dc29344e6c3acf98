"""`gdpr-lint notice`: the layered privacy notice (Arts 13, 14), one per audience.

One audience goes to standard output or ``--output``; with several, ``--audience`` picks one
or ``--output-dir`` writes each to ``<slug>.<lang>.<format>``. What the declarations lack is
listed in the notice (for the author, in its language) and here on standard error with where
each activity is declared, which the notice never shows.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

from gdpr_lint.commands import emit
from gdpr_lint.commands.register import DocumentOptions, build


@dataclass
class NoticeOptions(DocumentOptions):
    lang: str = "en"
    audience: str | None = None
    output_dir: str | None = None


def main(options: NoticeOptions) -> int:
    from gdpr_lint.lint.discover import UsageError
    from gdpr_lint.register.notice import audiences, build_notices, pick, render

    if options.output and options.output_dir:
        raise UsageError("--output and --output-dir exclude each other: --output writes one "
                         "audience's notice, --output-dir one file per audience")
    record = build(options)
    found = audiences(record)
    known = "; ".join(f"{a.slug} ({', '.join(n for n in a.names if n != a.slug) or a.label})"
                      for a in found) or "none"
    if options.audience:
        chosen = pick(found, options.audience)
        if chosen is None:
            raise UsageError(f"--audience {options.audience}: no such audience (known: "
                             f"{known})")
        found = [chosen]
    if options.output_dir:
        os.makedirs(options.output_dir, exist_ok=True)
        for audience in found:
            path = os.path.join(options.output_dir,
                                f"{audience.slug}.{options.lang}.{options.fmt}")
            emit(path, render(options.fmt, record, options.lang, audience))
            sys.stderr.write(f"Wrote the notice for {audience.label or audience.slug} to "
                             f"{path}.\n")
    elif len(found) > 1:
        raise UsageError(f"{len(found)} audiences, each with its own notice: pick one with "
                         f"--audience, or write each with --output-dir DIR (known: {known})")
    else:
        emit(options.output, render(options.fmt, record, options.lang,
                                    found[0] if found else None))
        if options.output:
            who = f" for {found[0].label}" if found and found[0].label else ""
            sys.stderr.write(f"Wrote the notice{who} to {options.output}.\n")
    todo = list(dict.fromkeys((t.where, t.activity, t.key, t.label) for audience in found
                              for n in build_notices(record, "en", audience) for t in n.todo))
    if todo:  # an activity in several audiences' notices lacks its items once
        sys.stderr.write(f"{len(todo)} item{'s' if len(todo) != 1 else ''} missing from the "
                         "declarations (listed for the author at the end of the notice):\n")
        for where, activity, key, label in todo:
            sys.stderr.write(f"  {where}: {activity}: {key} — {label}\n")
    return 0
