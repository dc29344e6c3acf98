"""What `gdpr-lint check` does once its options are parsed, free of the option parser.

The click application in `cli.py` parses options into a `CheckOptions` and calls
`run_check`; so does the start-up fast path in `launch.py`, which serves the invocation
pre-commit makes on every commit without importing click.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import Any


class CheckOptions:
    __slots__ = ("annotate", "baseline", "config_path", "diff", "exit_zero", "fail_on", "fix",
                 "fmt", "ignore", "jobs", "new_from", "output", "paths", "quiet", "select",
                 "statistics", "write_baseline")

    def __init__(self, paths: Sequence[str] = (), fmt: str | None = None,
                 output: str | None = None, fail_on: str | None = None,
                 select: list[str] | None = None, ignore: list[str] | None = None,
                 config_path: str | None = None, statistics: bool = False, jobs: int = 0,
                 baseline: str | None = None, write_baseline: str | None = None,
                 exit_zero: bool = False, quiet: bool = False, new_from: str | None = None,
                 annotate: bool = False, fix: bool = False, diff: bool = False) -> None:
        self.paths = paths
        self.fmt = fmt
        self.output = output
        self.fail_on = fail_on
        self.select = [] if select is None else select
        self.ignore = [] if ignore is None else ignore
        self.config_path = config_path
        self.statistics = statistics
        self.jobs = jobs
        self.baseline = baseline
        self.write_baseline = write_baseline
        self.exit_zero = exit_zero
        self.quiet = quiet
        self.new_from = new_from
        self.annotate = annotate
        self.fix = fix
        self.diff = diff


def out(text: str) -> None:
    sys.stdout.write(encodable(text))
    sys.stdout.flush()


def err(text: str) -> None:
    sys.stderr.write(text + "\n")


def run_check(options: CheckOptions) -> int:
    """Lint, report, and return the exit code."""
    from gdpr_lint.lint.project import open_project, plan_run, rebase, rebase_result

    paths = options.paths or (".",)
    project = open_project(paths, options.config_path)
    config = project.config
    from gdpr_lint import __version__
    from gdpr_lint.findings import Severity
    from gdpr_lint.lint.engine import lint_files
    from gdpr_lint.lint.policies import all_rules
    from gdpr_lint.reporters import Report, render, summary_line

    if options.select:
        config.select = options.select
    config.ignore = [*config.ignore, *options.ignore]
    rules = all_rules(config)
    check_ids(config.select + config.ignore + list(config.severity), rules)
    plan = plan_run(project, paths)
    files = plan.files
    if not files and all(os.path.isfile(p) for p in paths):
        return 0  # e.g. pre-commit passing another tool's pyproject.toml: nothing to say
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
    fixed = 0
    if options.fix or options.diff:
        from gdpr_lint.authoring.fix import fix_files, write_fixes
        from gdpr_lint.lint.engine import Linter

        fixes = fix_files(files, Linter(config, rules))
        if options.diff:
            out("".join(f.diff() for f in fixes if f.changed))
            count = sum(f.fixed for f in fixes if f.changed)
            err(f"Would fix {count} finding{'s' if count != 1 else ''}." if count
                else "Nothing to fix.")
            return 1 if any(f.changed for f in fixes) else 0
        write_fixes(fixes)
        fixed = sum(f.fixed for f in fixes if f.changed)
    result = lint_files(files, config, jobs=options.jobs or None, rules=rules,
                        others=plan.context, affected=plan.affected)
    result.fixed = fixed
    if options.write_baseline:
        from gdpr_lint.atomic import write_atomic
        from gdpr_lint.lint.baseline import dump_baseline

        write_atomic(options.write_baseline, encodable(dump_baseline(
            rebase(result.findings, project, result.activities))))
        count = len(result.findings)
        err(f"Wrote {count} finding{'s' if count != 1 else ''} to {options.write_baseline}.")
        return 0
    notes = []
    if options.baseline:
        notes += _apply_baseline(result, options.baseline, project)
    if options.new_from:
        from gdpr_lint.review.record import findings_at

        result.findings, hidden = _hide(result.findings, findings_at(project, options.new_from),
                                        project)
        notes.append(f"{hidden} finding{'s' if hidden != 1 else ''} already at "
                     f"{options.new_from} not reported (--new-from).")
    fmt = options.fmt or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    color = (fmt == "text" and options.output is None and sys.stdout.isatty()
             and "NO_COLOR" not in os.environ)
    # Reports that tools match across runs name files from the project root (SPEC §6).
    shown = rebase_result(result, project) if fmt in ("sarif", "gitlab", "junit") else result
    report = Report(shown, rules, __version__, color=color, statistics=options.statistics,
                    quiet=options.quiet)
    text = render(fmt, report)
    if options.output:
        from gdpr_lint.atomic import write_atomic

        write_atomic(options.output, encodable(text))
    else:
        out(text)
    if options.annotate:  # the GitHub Action: annotations and step summary, same run
        _annotate(Report(result, rules, __version__),
                  already=fmt == "github" and options.output is None)
    if not options.quiet:
        for note in notes:
            err(note)
    if fmt != "text" and not options.quiet:  # machine formats keep stdout for the report
        if options.statistics:
            from gdpr_lint.reporters.text import statistics_lines

            for line in statistics_lines(report):
                err(line)
        err(summary_line(result))
    elif options.output and not options.quiet:
        err(summary_line(result))
    threshold = Severity(options.fail_on or config.fail_on).rank
    failed = any(f.severity.rank >= threshold for f in result.findings)
    return 1 if failed and not options.exit_zero else 0


def _apply_baseline(result: Any, baseline: str, project: Any) -> list[str]:
    """Hide the baselined findings; say how many, and which entries match nothing now."""
    from gdpr_lint.lint.baseline import load_baseline, match_baseline, stale_entries
    from gdpr_lint.lint.project import rebase

    result.findings, hidden, remaining = match_baseline(result.findings,
                                                        load_baseline(baseline),
                                                        rebase(result.findings, project,
                                                               result.activities))
    notes = []
    if hidden:
        notes.append(f"{hidden} finding{'s' if hidden != 1 else ''} hidden by the baseline "
                     f"{baseline}.")
    linted = {project.relative(p) for p in result.activities}
    stale = stale_entries(remaining, linted, lambda rel: (project.root / rel).exists())
    if stale:
        notes.append(f"{stale} baseline entr{'ies match' if stale != 1 else 'y matches'} no "
                     f"finding any more in {baseline} (fixed?): write it again with "
                     "--write-baseline.")
    return notes


def _annotate(report: Any, already: bool) -> None:
    from gdpr_lint.reporters import render

    if not already:
        out(render("github", report))
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8", errors="replace") as handle:
            handle.write(render("summary", report))


def _hide(findings: list[Any], known: list[Any], project: Any) -> tuple[list[Any], int]:
    from gdpr_lint.lint.baseline import apply_baseline, load_entries
    from gdpr_lint.lint.project import rebase

    return apply_baseline(findings, load_entries(known), rebase(findings, project))


def encodable(text: str) -> str:
    """Text that encodes as UTF-8. A file name that is not UTF-8 reaches a report as lone
    surrogates (Python's decoding of its bytes), which no UTF-8 output can hold: they are
    written as their escapes (``\\udce9``) instead of losing the run."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def check_ids(ids: Sequence[str], known: dict[str, Any]) -> None:
    from gdpr_lint.lint.discover import UsageError

    for rule_id in ids:
        if not any(k.startswith(rule_id) for k in known):
            raise UsageError(f"unknown rule ID or prefix '{rule_id}' (see `gdpr-lint rules`)")


class Interrupted(BaseException):
    """Ctrl-C, from our own SIGINT handler. Not a KeyboardInterrupt, which click turns into
    an Abort after printing a blank line: the user sees one line, printed here."""


def _interrupt(signum: int, frame: Any) -> None:
    raise Interrupted


def _raise_on_sigint() -> Any:
    import signal

    if signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        return None  # not ours to change (a host that handles Ctrl-C itself)
    try:
        return signal.signal(signal.SIGINT, _interrupt)
    except ValueError:  # not the main thread (asking threading would cost an import)
        return None


def _restore_sigint(previous: Any) -> None:
    import signal

    if previous is not None and signal.getsignal(signal.SIGINT) is _interrupt:
        signal.signal(signal.SIGINT, previous)


def interrupted() -> int:
    """Ctrl-C: one line on stderr, nothing on stdout, the shell's exit code for SIGINT."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not interrupt this
    err("gdpr-lint: interrupted")
    return 130


def guarded(run: Callable[[], int]) -> int:
    """Run a command; turn every failure into a message on stderr and an exit code."""
    from gdpr_lint.lint.baseline import BaselineError
    from gdpr_lint.lint.config import ConfigError
    from gdpr_lint.lint.discover import UsageError

    previous = _raise_on_sigint()
    try:
        return run()
    except (KeyboardInterrupt, Interrupted):
        return interrupted()
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
    finally:
        _restore_sigint(previous)
