"""What `gdpr-lint check` does once its options are parsed, free of the option parser.

The click application in `cli.py` parses options into a `CheckOptions` and calls
`run_check`; so does the start-up fast path in `launch.py`, which serves the invocation
pre-commit makes on every commit without importing click.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class CheckOptions:
    paths: Sequence[str] = ()
    fmt: str | None = None
    output: str | None = None
    fail_on: str | None = None
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    config_path: str | None = None
    statistics: bool = False
    jobs: int = 0
    baseline: str | None = None
    write_baseline: str | None = None


def out(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def err(text: str) -> None:
    sys.stderr.write(text + "\n")


def run_check(options: CheckOptions) -> int:
    """Lint, report, and return the exit code."""
    from gdpr_lint import __version__
    from gdpr_lint.config import load_config
    from gdpr_lint.discover import discover
    from gdpr_lint.engine import lint_files
    from gdpr_lint.findings import Severity
    from gdpr_lint.policies import all_rules
    from gdpr_lint.reporters import Report, render, summary_line

    config = load_config(Path(options.config_path) if options.config_path else None)
    if options.select:
        config.select = options.select
    config.ignore = [*config.ignore, *options.ignore]
    rules = all_rules(config)
    check_ids(config.select + config.ignore + list(config.severity), rules)
    paths = options.paths or (".",)
    files = list(discover(paths, config))
    if not files:
        err(f"gdpr-lint: no declaration files found in {' '.join(paths)} "
            f"(include: {', '.join(config.include)})")
    if options.output or options.write_baseline:  # refuse before the work, not after
        from gdpr_lint.atomic import check_target

        inputs = [*files, *([config.source] if config.source else [])]
        if options.output:
            check_target(options.output, [*inputs, *([options.baseline] if options.baseline
                                                     else [])], "--output")
        if options.write_baseline:  # may refresh the --baseline it reads
            check_target(options.write_baseline, inputs, "--write-baseline")
    result = lint_files(files, config, jobs=options.jobs or None, rules=rules)
    if options.write_baseline:
        from gdpr_lint.atomic import write_atomic
        from gdpr_lint.baseline import dump_baseline

        write_atomic(options.write_baseline, dump_baseline(result.findings))
        err(f"Wrote {len(result.findings)} findings to {options.write_baseline}.")
        return 0
    hidden = 0
    if options.baseline:
        from gdpr_lint.baseline import apply_baseline, load_baseline

        result.findings, hidden = apply_baseline(result.findings,
                                                 load_baseline(options.baseline))
    fmt = options.fmt or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    color = (fmt == "text" and options.output is None and sys.stdout.isatty()
             and "NO_COLOR" not in os.environ)
    report = Report(result, rules, __version__, color=color, statistics=options.statistics)
    text = render(fmt, report)
    if options.output:
        from gdpr_lint.atomic import write_atomic

        write_atomic(options.output, text)
    else:
        out(text)
    if hidden:
        err(f"{hidden} finding{'s' if hidden != 1 else ''} hidden by the baseline "
            f"{options.baseline}.")
    if fmt != "text":  # machine formats keep stdout for the report; people read stderr
        if options.statistics:
            from gdpr_lint.reporters.text import statistics_lines

            for line in statistics_lines(report):
                err(line)
        err(summary_line(result))
    elif options.output:
        err(summary_line(result))
    threshold = Severity(options.fail_on or config.fail_on).rank
    return 1 if any(f.severity.rank >= threshold for f in result.findings) else 0


def check_ids(ids: Sequence[str], known: dict[str, Any]) -> None:
    from gdpr_lint.discover import UsageError

    for rule_id in ids:
        if not any(k.startswith(rule_id) for k in known):
            raise UsageError(f"unknown rule ID or prefix '{rule_id}' (see `gdpr-lint rules`)")


def guarded(run: Callable[[], int]) -> int:
    """Run a command; turn every failure into a message on stderr and an exit code."""
    from gdpr_lint.baseline import BaselineError
    from gdpr_lint.config import ConfigError
    from gdpr_lint.discover import UsageError

    try:
        return run()
    except (ConfigError, UsageError, BaselineError) as exc:
        err(f"gdpr-lint: error: {exc}")
        return 2
    except BrokenPipeError:  # e.g. `gdpr-lint check | head`
        sys.stderr.close()
        return 1
    except OSError as exc:
        err(f"gdpr-lint: error: {exc}")
        return 2
    except Exception as exc:  # a bug: say so plainly, with what to report
        err(f"gdpr-lint: internal error: {type(exc).__name__}: {exc}\n"
            "Please report it with the command line and the file that caused it.")
        return 2
