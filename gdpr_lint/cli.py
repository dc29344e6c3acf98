"""The command line: parse options, call the engine, hand findings to a reporter, exit."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from gdpr_lint import __version__

FORMATS = ("text", "json", "sarif", "junit", "github", "gitlab")
LEVELS = ("error", "warning", "info")


def _ids(_: click.Context, __: click.Parameter, values: Sequence[str]) -> list[str]:
    """Comma- or space-separated rule IDs, repeatable."""
    ids = [v.strip().upper() for value in values for v in value.replace(",", " ").split()]
    return [i for i in ids if i]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="gdpr-lint")
def cli() -> None:
    """Lint GDPR records of processing activities (*.gdpr.yaml)."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Report format [default: text, or github inside GitHub Actions].")
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None,
              help="Write the report to FILE (atomically) instead of standard output.")
@click.option("--fail-on", type=click.Choice(LEVELS), default=None,
              help="Lowest severity that fails the run [default: error, or config fail_on].")
@click.option("--select", multiple=True, callback=_ids, metavar="IDS",
              help="Only these rule IDs or prefixes (e.g. B,L001). Replaces config select.")
@click.option("--ignore", multiple=True, callback=_ids, metavar="IDS",
              help="Skip these rule IDs or prefixes. Adds to config ignore.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="Configuration file [default: .gdpr-lint.yaml or pyproject.toml, upward].")
@click.option("--statistics", is_flag=True, help="Add a count of findings per rule.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, show_default=False,
              help="Processes to lint with [default: 0, one per core for large runs].")
@click.option("--baseline", type=click.Path(dir_okay=False), default=None,
              help="Hide the findings recorded in this baseline file; report new ones.")
@click.option("--write-baseline", type=click.Path(dir_okay=False), default=None,
              help="Record today's findings in FILE, to adopt the linter step by step.")
def check(paths: tuple[str, ...], fmt: str | None, output: str | None, fail_on: str | None,
          select: list[str], ignore: list[str], config_path: str | None,
          statistics: bool, jobs: int, baseline: str | None,
          write_baseline: str | None) -> int:
    """Lint declarations in PATHS (files or folders; default: the current folder)."""
    from gdpr_lint.config import load_config
    from gdpr_lint.discover import discover
    from gdpr_lint.engine import lint_files
    from gdpr_lint.findings import Severity
    from gdpr_lint.policies import all_rules
    from gdpr_lint.reporters import Report, render, summary_line

    config = load_config(Path(config_path) if config_path else None)
    if select:
        config.select = select
    config.ignore = [*config.ignore, *ignore]
    rules = all_rules(config)
    _check_ids(config.select + config.ignore + list(config.severity), rules)
    files = list(discover(paths or (".",), config))
    if not files:
        click.echo(f"gdpr-lint: no declaration files found in {' '.join(paths or ('.',))} "
                   f"(include: {', '.join(config.include)})", err=True)
    result = lint_files(files, config, jobs=jobs or None, rules=rules)
    if write_baseline:
        from gdpr_lint.atomic import write_atomic
        from gdpr_lint.baseline import dump_baseline

        write_atomic(write_baseline, dump_baseline(result.findings))
        click.echo(f"Wrote {len(result.findings)} findings to {write_baseline}.", err=True)
        return 0
    hidden = 0
    if baseline:
        from gdpr_lint.baseline import apply_baseline, load_baseline

        result.findings, hidden = apply_baseline(result.findings, load_baseline(baseline))
    if fmt is None:
        fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    color = (fmt == "text" and output is None and sys.stdout.isatty()
             and "NO_COLOR" not in os.environ)
    report = Report(result, rules, __version__, color=color, statistics=statistics)
    text = render(fmt, report)
    if output:
        from gdpr_lint.atomic import write_atomic

        write_atomic(output, text)
    else:
        click.echo(text, nl=False)
    if hidden:
        click.echo(f"{hidden} finding{'s' if hidden != 1 else ''} hidden by the baseline "
                   f"{baseline}.", err=True)
    if fmt != "text":  # machine formats keep stdout for the report; people read stderr
        if statistics:
            from gdpr_lint.reporters.text import statistics_lines

            for line in statistics_lines(report):
                click.echo(line, err=True)
        click.echo(summary_line(result), err=True)
    elif output:
        click.echo(summary_line(result), err=True)
    threshold = Severity(fail_on or config.fail_on).rank
    return 1 if any(f.severity.rank >= threshold for f in result.findings) else 0


def _check_ids(ids: Sequence[str], known: dict[str, Any]) -> None:
    for rule_id in ids:
        if not any(k.startswith(rule_id) for k in known):
            raise click.UsageError(f"unknown rule ID or prefix '{rule_id}' "
                                   "(see `gdpr-lint rules`)")


_CONFIG_OPTION = click.option(
    "--config", "config_path", type=click.Path(dir_okay=False), default=None,
    help="Configuration file, for its policy rules [default: found upward].")


@cli.command("rules")
@_CONFIG_OPTION
def rules_command(config_path: str | None) -> None:
    """List every rule: ID, default severity, title and article (and policy file)."""
    from gdpr_lint.config import load_config
    from gdpr_lint.policies import all_rules

    for rule in all_rules(load_config(Path(config_path) if config_path else None)).values():
        article = f"  ({rule.article})" if rule.article else ""
        origin = f"  [policy {rule.origin}]" if rule.scope == "policy" else ""
        click.echo(f"{rule.id:<8} {rule.severity.value:<8} {rule.title}{article}{origin}")


@cli.command()
@click.argument("rule_id")
@click.option("--full", is_flag=True, help="Print the examples as whole declaration files.")
@_CONFIG_OPTION
def explain(rule_id: str, full: bool, config_path: str | None) -> None:
    """Print a rule's rationale and its bad and good examples."""
    from gdpr_lint.config import load_config
    from gdpr_lint.explain import explain_rule
    from gdpr_lint.policies import all_rules

    rules = all_rules(load_config(Path(config_path) if config_path else None))
    click.echo(explain_rule(rule_id.upper(), full, rules), nl=False)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--check", "dry_run", is_flag=True,
              help="Change nothing; exit 1 if an assessment would be stamped.")
def stamp(paths: tuple[str, ...], dry_run: bool) -> int:
    """Record in each legitimate interest assessment a fingerprint of what it weighed.

    L005 then reports when purposes, data categories, special categories or retention
    change after the assessment. Only the fingerprint is written; comments and formatting
    stay as they are.
    """
    from gdpr_lint.config import load_config
    from gdpr_lint.discover import discover
    from gdpr_lint.stamp import StampError, stamp_file

    config = load_config(None)
    failed = changed = 0
    for path in discover(paths or (".",), config):
        try:
            stamped = stamp_file(path, write=not dry_run)
        except StampError as exc:
            click.echo(f"{exc}", err=True)
            failed += 1
            continue
        if stamped:
            changed += len(stamped)
            verb = "would stamp" if dry_run else "stamped"
            click.echo(f"{path}: {verb} {', '.join(stamped)}")
    if not changed and not failed:
        click.echo("All assessments are stamped and up to date.")
    return 1 if failed or (dry_run and changed) else 0


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the declaration format."""
    from gdpr_lint.schema import schema_text

    click.echo(schema_text(), nl=False)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (0 clean, 1 findings, 2 usage)."""
    from gdpr_lint.baseline import BaselineError
    from gdpr_lint.config import ConfigError
    from gdpr_lint.discover import UsageError

    try:
        value: Any = cli.main(args=list(argv) if argv is not None else None,
                              prog_name="gdpr-lint", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        return 2
    except (ConfigError, UsageError, BaselineError) as exc:
        click.echo(f"gdpr-lint: error: {exc}", err=True)
        return 2
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return 130
    except BrokenPipeError:  # e.g. `gdpr-lint check | head`
        sys.stderr.close()
        return 1
    except OSError as exc:
        click.echo(f"gdpr-lint: error: {exc}", err=True)
        return 2
    except Exception as exc:  # a bug: say so plainly, with what to report
        click.echo(f"gdpr-lint: internal error: {type(exc).__name__}: {exc}\n"
                   "Please report it with the command line and the file that caused it.",
                   err=True)
        return 2
    return value if isinstance(value, int) else 0


def entry() -> None:
    sys.exit(main())
