"""`gdpr-lint diff BASE [HEAD]`: what a change does to the declared processing (SPEC §9)."""

from __future__ import annotations

import os
from dataclasses import dataclass

from gdpr_lint.commands import emit


@dataclass
class DiffOptions:
    base: str
    head: str | None = None
    fmt: str = "md"
    output: str | None = None
    fail_on_review: bool = False
    config_path: str | None = None


def main(options: DiffOptions) -> int:
    from gdpr_lint.lint.project import open_project
    from gdpr_lint.review.diff import diff_records
    from gdpr_lint.review.record import record_at
    from gdpr_lint.review.render import RENDERERS, render_markdown

    project = open_project((".",), options.config_path)
    base = record_at(project, options.base)
    head = record_at(project, options.head)
    review = diff_records(base, head)
    emit(options.output, RENDERERS[options.fmt](review))
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary and os.environ.get("GITHUB_ACTIONS") == "true":
        with open(summary, "a", encoding="utf-8", errors="replace") as handle:
            handle.write(render_markdown(review))
    return 1 if options.fail_on_review and review.review else 0
