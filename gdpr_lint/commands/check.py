"""`gdpr-lint check`: plan, fix, lint, filter, report, exit code.

Each step is a function of its own; `main` only strings them together. The start-up fast path
in `launch.py` calls `main` for the invocation pre-commit makes on every commit, so this module
imports nothing heavy at the top.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from gdpr_lint.commands import emit, err, out

if TYPE_CHECKING:
    from gdpr_lint.lint.config import Config
    from gdpr_lint.lint.engine import LintResult
    from gdpr_lint.lint.project import Project
    from gdpr_lint.rules.registry import Rule


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


def main(options: CheckOptions) -> int:
    """Lint, report, and return the exit code."""
    from gdpr_lint.lint.project import open_project, plan_run
    from gdpr_lint.lint.resolve import resolve_files

    paths = options.paths or (".",)
    project = open_project(paths, options.config_path)
    config = project.config
    rules = _rules(options, config)
    plan = plan_run(project, paths)
    files = plan.files
    if not files and all(os.path.isfile(p) for p in paths):
        return 0  # e.g. pre-commit passing another tool's pyproject.toml: nothing to say
    _before_the_work(options, paths, files, config)
    fixed = 0
    if options.fix or options.diff:
        fixes = _fixes(files, config, rules)
        if options.diff:
            return _show_fixes(fixes)
        fixed = _write_fixes(fixes)
    result = resolve_files(files, config, jobs=options.jobs or None, rules=rules,
                           documents=False, others=plan.context,
                           affected=plan.affected).result
    result.fixed = fixed
    if options.write_baseline:
        return _write_baseline(result, options.write_baseline, project)
    notes = _filter(result, options, project)
    _report(result, rules, options, project, notes)
    return _exit_code(result, options, config)


def _rules(options: CheckOptions, config: Config) -> dict[str, Rule]:
    """The rules of this run: the configuration's, with the command line's selection."""
    from gdpr_lint.lint.policies import all_rules

    if options.select:
        config.select = options.select
    config.ignore = [*config.ignore, *options.ignore]
    rules = all_rules(config)
    check_ids(config.select + config.ignore + list(config.severity), rules)
    return rules


def _before_the_work(options: CheckOptions, paths: Sequence[str], files: list[str],
                     config: Config) -> None:
    """Say when nothing was found; refuse an output that would overwrite an input."""
    if not files:
        err(f"gdpr-lint: no declaration files found in {' '.join(paths)} "
            f"(include: {', '.join(config.include)})")
    if options.output or options.write_baseline:  # refuse before the work, not after
        from gdpr_lint.edit.atomic import check_target

        inputs = [*files, *([config.source] if config.source else [])]
        if options.output:
            check_target(options.output, [*inputs, *([options.baseline] if options.baseline
                                                     else [])], "--output")
        if options.write_baseline:  # may refresh the --baseline it reads
            check_target(options.write_baseline, inputs, "--write-baseline")


def _fixes(files: list[str], config: Config, rules: dict[str, Rule]) -> list[Any]:
    from gdpr_lint.authoring.fix import fix_files
    from gdpr_lint.lint.engine import Linter

    return fix_files(files, Linter(config, rules))


def _show_fixes(fixes: list[Any]) -> int:
    """--diff: the fixes as a unified diff; nothing written; 1 if there is any."""
    out("".join(f.diff() for f in fixes if f.changed))
    count = sum(f.fixed for f in fixes if f.changed)
    err(f"Would fix {count} finding{'s' if count != 1 else ''}." if count
        else "Nothing to fix.")
    return 1 if any(f.changed for f in fixes) else 0


def _write_fixes(fixes: list[Any]) -> int:
    from gdpr_lint.authoring.fix import write_fixes

    write_fixes(fixes)
    return sum(f.fixed for f in fixes if f.changed)


def _write_baseline(result: LintResult, target: str, project: Project) -> int:
    from gdpr_lint.lint.baseline import dump_baseline
    from gdpr_lint.lint.project import rebase

    emit(target, dump_baseline(rebase(result.findings, project, result.activities)))
    count = len(result.findings)
    err(f"Wrote {count} finding{'s' if count != 1 else ''} to {target}.")
    return 0


def _filter(result: LintResult, options: CheckOptions, project: Project) -> list[str]:
    """Hide what a baseline or --new-from names; the notes that say how much."""
    notes = []
    if options.baseline:
        notes += _apply_baseline(result, options.baseline, project)
    if options.new_from:
        from gdpr_lint.review.record import findings_at

        result.findings, hidden = _hide(result.findings, findings_at(project, options.new_from),
                                        project)
        notes.append(f"{hidden} finding{'s' if hidden != 1 else ''} already at "
                     f"{options.new_from} not reported (--new-from).")
    return notes


def _report(result: LintResult, rules: dict[str, Rule], options: CheckOptions,
            project: Project, notes: list[str]) -> None:
    """The report on stdout or --output; annotations; notes and the summary on stderr."""
    from gdpr_lint import __version__
    from gdpr_lint.lint.project import rebase_result
    from gdpr_lint.reporters import Report, render, summary_line

    fmt = options.fmt or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    color = (fmt == "text" and options.output is None and sys.stdout.isatty()
             and "NO_COLOR" not in os.environ)
    # Reports that tools match across runs name files from the project root (SPEC §6).
    shown = rebase_result(result, project) if fmt in ("sarif", "gitlab", "junit") else result
    report = Report(shown, rules, __version__, color=color, statistics=options.statistics,
                    quiet=options.quiet)
    emit(options.output, render(fmt, report))
    if options.annotate:  # the GitHub Action: annotations and step summary, same run
        _annotate(Report(result, rules, __version__),
                  already=fmt == "github" and options.output is None)
    if options.quiet:
        return
    for note in notes:
        err(note)
    if fmt != "text":  # machine formats keep stdout for the report
        if options.statistics:
            from gdpr_lint.reporters.text import statistics_lines

            for line in statistics_lines(report):
                err(line)
        err(summary_line(result))
    elif options.output:
        err(summary_line(result))


def _exit_code(result: LintResult, options: CheckOptions, config: Config) -> int:
    from gdpr_lint.lint.findings import Severity

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


def check_ids(ids: Sequence[str], known: dict[str, Any]) -> None:
    from gdpr_lint.lint.discover import UsageError

    for rule_id in ids:
        if not any(k.startswith(rule_id) for k in known):
            raise UsageError(f"unknown rule ID or prefix '{rule_id}' (see `gdpr-lint rules`)")


