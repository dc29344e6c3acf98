"""`gdpr-lint register`: the record of processing activities (Art. 30) in a document format.

`build` makes the register's record from the paths as `check` lints them; `gdpr-lint notice`
(`commands/notice.py`) builds from the same.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from gdpr_lint.commands import emit
from gdpr_lint.register.model import Register

if TYPE_CHECKING:
    from gdpr_lint.organisation.merge import Input


@dataclass
class DocumentOptions:
    paths: Sequence[str] = ()
    fmt: str = "html"
    layout: str = "generic"
    output: str | None = None
    config_path: str | None = None
    controller: str | None = None
    activities: list[str] = field(default_factory=list)


def build(options: DocumentOptions) -> Register:
    """The register of the project's Record for the paths (`lint/resolve.py`, the one `check`
    sees); a selection of a controller or activities that names nothing is a usage error."""
    from gdpr_lint.lint.discover import UsageError
    from gdpr_lint.lint.resolve import build_record
    from gdpr_lint.register.model import build_register

    paths = list(options.paths or (".",))
    resolved, files = build_record(paths, options.config_path)
    if not files:
        sys.stderr.write(f"gdpr-lint: no declaration files found in {' '.join(paths)}\n")
    record = build_register(resolved, paths)
    known_controllers = {s.party.id for s in record.controllers + record.processors
                         if s.party.id}
    if options.controller and options.controller not in known_controllers:
        raise UsageError(f"--controller {options.controller}: no such controller with "
                         f"activities (known: {', '.join(sorted(known_controllers)) or 'none'})")
    known_ids = {e.id for e in record.entries}
    unknown = [a for a in options.activities if a not in known_ids]
    if unknown:
        raise UsageError(f"--activity: no activity {', '.join(unknown)} in {' '.join(paths)}")
    if options.controller or options.activities:
        record = build_register(resolved, paths, options.controller, options.activities or None)
    return record


def main(options: DocumentOptions) -> int:
    from gdpr_lint.lint.discover import UsageError
    from gdpr_lint.register import stream

    if options.layout != "generic" and options.fmt not in ("csv", "xlsx"):
        raise UsageError(f"--layout {options.layout} applies to csv and xlsx, not "
                         f"{options.fmt}")

    if not options.config_path and len(options.paths) > 1:
        from gdpr_lint.organisation.merge import by_project

        projects = by_project(options.paths)
        if len(projects) > 1:
            return _several(options, projects)
    record = build(options)
    emit(options.output, stream(options.fmt, record, options.layout))
    if options.output:
        sys.stderr.write(f"Wrote the register of {len(record.entries)} activities to "
                         f"{options.output}.\n")
    return 0


def _several(options: DocumentOptions, projects: list[Input]) -> int:
    """Paths in several repositories: each linted under its own configuration, the register
    theirs together, each entry naming its repository and commit (as `aggregate` writes it)."""
    from gdpr_lint.commands.aggregate import AggregateOptions, organisation_register
    from gdpr_lint.lint.config import Config
    from gdpr_lint.lint.discover import UsageError
    from gdpr_lint.organisation.merge import Merger

    if options.controller or options.activities:
        raise UsageError("--controller and --activity select within one repository; these "
                         f"paths are in {len(projects)} (run one register per repository)")
    merger = Merger(Config())
    organisation_register(AggregateOptions(options.paths, options.fmt, options.layout,
                                           options.output), merger, projects)
    if options.output:
        sys.stderr.write(f"Wrote the register of {len(projects)} repositories to "
                         f"{options.output}.\n")
    return 0
