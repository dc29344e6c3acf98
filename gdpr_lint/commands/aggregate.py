"""`gdpr-lint aggregate`: the organisation's register from many repositories' records.

Reads every input once (`organisation/merge.py`), reports the checks across repositories
(O001-O005) on stderr as `check` reports findings, and writes the register in a §8 format,
as streamed JSON or as a DuckDB database. Exit codes as `check`: 1 when a finding of the
cross-repository checks reaches ``--fail-on``, 2 on a usage error.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from gdpr_lint.commands import emit, err

if TYPE_CHECKING:
    from gdpr_lint.organisation.merge import Input, Merger


@dataclass
class AggregateOptions:
    inputs: Sequence[str] = ()
    fmt: str = "html"
    layout: str = "generic"
    output: str | None = None
    config_path: str | None = None
    fail_on: str | None = None


def main(options: AggregateOptions) -> int:
    from gdpr_lint.lint.config import load_config
    from gdpr_lint.lint.discover import UsageError
    from gdpr_lint.organisation.merge import Merger, expand, severity_at_least

    if not options.inputs:
        raise UsageError("aggregate: name record files, folders of them or repositories")
    if options.layout != "generic" and options.fmt not in ("csv", "xlsx"):
        raise UsageError(f"--layout {options.layout} applies to csv and xlsx, not "
                         f"{options.fmt}")
    if options.fmt == "duckdb" and not options.output:
        raise UsageError("a DuckDB database is a file: write it with --output FILE")
    config = load_config(Path(options.config_path) if options.config_path else None)
    merger = Merger(config)
    report = organisation_register(options, merger, expand(options.inputs))
    for finding in merger.findings:
        err(f"{finding.location()}: {finding.rule} {finding.severity.value} "
            f"{finding.message}")
    sys.stderr.write(f"Merged {len(merger.sources)} record"
                     f"{'' if len(merger.sources) == 1 else 's'}; {report}; "
                     f"{len(merger.findings)} finding"
                     f"{'' if len(merger.findings) == 1 else 's'} across repositories.\n")
    level = options.fail_on or config.fail_on
    return 1 if any(severity_at_least(f, level) for f in merger.findings) else 0


def organisation_register(options: AggregateOptions, merger: Merger,
                          inputs: Iterable[Input]) -> str:
    """Merge the inputs into the output; what was written, for the summary line."""
    from gdpr_lint.organisation.merge import merge

    if options.fmt == "duckdb":
        from gdpr_lint.organisation.database import DatabaseSink, check_output

        assert options.output is not None
        check_output(options.output)
        database = DatabaseSink()
        try:
            merge(inputs, merger, [database])
            database.write(options.output, merger.sources, merger.findings)
        finally:
            database.close()
        return f"wrote {options.output}"
    if options.fmt == "json":
        from gdpr_lint.organisation.outputs import JsonSink

        stream = JsonSink()
        try:
            merge(inputs, merger, [stream])
            if options.output:
                from gdpr_lint.edit.atomic import atomic_path

                with atomic_path(options.output) as temporary, \
                        open(temporary, "w", encoding="utf-8") as handle:
                    stream.write(handle, merger.sources, merger.findings)
            else:
                text = io.StringIO()
                stream.write(text, merger.sources, merger.findings)
                emit(None, text.getvalue())
        finally:
            stream.close()
        return f"wrote {options.output or 'the register'}"
    from gdpr_lint.organisation.outputs import RegisterSink
    from gdpr_lint.register import render

    sink = RegisterSink()
    merge(inputs, merger, [sink])
    register = sink.register(merger.sources, merger.findings)
    emit(options.output, render(options.fmt, register, options.layout))
    return f"{len(register.entries)} activities"
