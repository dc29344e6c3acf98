"""`gdpr-lint diff BASE [HEAD]`: what a change does to the declared processing (SPEC §9)."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass


@dataclass
class DiffOptions:
    base: str
    head: str | None = None
    fmt: str = "md"
    output: str | None = None
    fail_on_review: bool = False
    config_path: str | None = None


def run_diff(options: DiffOptions) -> int:
    from gdpr_lint.lint.project import open_project
    from gdpr_lint.review.diff import diff_records
    from gdpr_lint.review.record import record_at
    from gdpr_lint.review.render import RENDERERS, render_markdown

    project = open_project((".",), options.config_path)
    base = record_at(project, options.base)
    head = record_at(project, options.head)
    review = diff_records(base, head)
    text = RENDERERS[options.fmt](review)
    if options.output:
        from gdpr_lint.atomic import write_atomic

        write_atomic(options.output, text)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary and os.environ.get("GITHUB_ACTIONS") == "true":
        with open(summary, "a", encoding="utf-8", errors="replace") as handle:
            handle.write(render_markdown(review))
    return 1 if options.fail_on_review and review.review else 0
