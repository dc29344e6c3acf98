"""`gdpr-lint register`: the record of processing activities (Art. 30) in a document format.

`build` makes the register's record from the paths as `check` lints them; `gdpr-lint notice`
(`commands/notice.py`) builds from the same.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field

from gdpr_lint.commands import emit
from gdpr_lint.register.model import Record


@dataclass
class DocumentOptions:
    paths: Sequence[str] = ()
    fmt: str = "html"
    layout: str = "generic"
    output: str | None = None
    config_path: str | None = None
    controller: str | None = None
    activities: list[str] = field(default_factory=list)


def build(options: DocumentOptions) -> Record:
    """Lint the paths as `check` does and build the record; bad selections are usage errors.

    The project (its configuration and root) is found from the paths, and folders are
    searched honouring `.gitignore`, exactly as `check` finds and searches them.
    """
    from gdpr_lint.lint.discover import UsageError, discover
    from gdpr_lint.lint.engine import resolve_files
    from gdpr_lint.lint.policies import all_rules
    from gdpr_lint.lint.project import open_project
    from gdpr_lint.register.model import build_record

    paths = list(options.paths or (".",))
    project = open_project(paths, options.config_path)
    config = project.config
    rules = all_rules(config)
    files = list(discover(paths, config, project))
    if not files:
        sys.stderr.write(f"gdpr-lint: no declaration files found in {' '.join(paths)}\n")
    resolved = resolve_files(files, config, rules=rules)
    record = build_record(resolved, paths)
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
        record = build_record(resolved, paths, options.controller, options.activities or None)
    return record


def main(options: DocumentOptions) -> int:
    from gdpr_lint.lint.discover import UsageError
    from gdpr_lint.register import render

    if options.layout != "generic" and options.fmt not in ("csv", "xlsx"):
        raise UsageError(f"--layout {options.layout} applies to csv and xlsx, not "
                         f"{options.fmt}")

    record = build(options)
    emit(options.output, render(options.fmt, record, options.layout))
    if options.output:
        sys.stderr.write(f"Wrote the register of {len(record.entries)} activities to "
                         f"{options.output}.\n")
    return 0
