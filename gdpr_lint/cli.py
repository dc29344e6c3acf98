"""The command line: parse options, call the engine, hand findings to a reporter, exit."""

from __future__ import annotations

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


@cli.command(short_help="Lint declaration files and folders.")
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
    from gdpr_lint.commands import CheckOptions, run_check

    return run_check(CheckOptions(paths, fmt, output, fail_on, select, ignore, config_path,
                                  statistics, jobs, baseline, write_baseline))


_CONFIG_OPTION = click.option(
    "--config", "config_path", type=click.Path(dir_okay=False), default=None,
    help="Configuration file, for its policy rules [default: found upward].")


@cli.command("rules", short_help="List every rule.")
@_CONFIG_OPTION
def rules_command(config_path: str | None) -> None:
    """List every rule: ID, default severity, title and article (and policy file)."""
    from gdpr_lint.config import load_config
    from gdpr_lint.policies import all_rules

    for rule in all_rules(load_config(Path(config_path) if config_path else None)).values():
        article = f"  ({rule.article})" if rule.article else ""
        origin = f"  [policy {rule.origin}]" if rule.scope == "policy" else ""
        click.echo(f"{rule.id:<8} {rule.severity.value:<8} {rule.title}{article}{origin}")


@cli.command(short_help="Explain a rule, with a bad and a good example.")
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


@cli.command(short_help="Fingerprint legitimate interest assessments (for L005).")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--check", "dry_run", is_flag=True,
              help="Change nothing; exit 1 if an assessment would be stamped.")
def stamp(paths: tuple[str, ...], dry_run: bool) -> int:
    """Record in each legitimate interest assessment a fingerprint of what it weighed.

    L005 then reports when what the assessment weighed (purposes, data subjects and
    categories, recipients, transfers, retention, ...) changes after it. Only the
    fingerprint is written; comments and formatting stay as they are. An assessment whose
    fields changed is stamped again only once its assessed_on is updated.
    """
    from gdpr_lint.config import load_config
    from gdpr_lint.discover import discover
    from gdpr_lint.stamp import StampError, stamp_file

    config = load_config(None)
    failed = changed = 0
    for path in discover(paths or (".",), config):
        try:
            result = stamp_file(path, write=not dry_run)
        except StampError as exc:
            click.echo(f"{exc}", err=True)
            failed += 1
            continue
        except Exception as exc:  # a bug must not cost the other files their stamp
            click.echo(f"{path}: internal error: {type(exc).__name__}: {exc}; nothing "
                       "stamped. Please report it with the file.", err=True)
            failed += 1
            continue
        for message in result.refused:
            click.echo(message, err=True)
        failed += len(result.refused)
        if result.stamped:
            changed += len(result.stamped)
            verb = "would stamp" if dry_run else "stamped"
            click.echo(f"{path}: {verb} {', '.join(result.stamped)}")
    if not changed and not failed:
        click.echo("All assessments are stamped and up to date.")
    return 1 if failed or (dry_run and changed) else 0


@cli.command(short_help="Print the declaration JSON Schema.")
def schema() -> None:
    """Print the JSON Schema of the declaration format."""
    from gdpr_lint.schema import schema_text

    click.echo(schema_text(), nl=False)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (0 clean, 1 findings, 2 usage)."""
    from gdpr_lint.commands import guarded

    def run() -> int:
        try:
            value: Any = cli.main(args=list(argv) if argv is not None else None,
                                  prog_name="gdpr-lint", standalone_mode=False)
        except click.exceptions.Exit as exc:
            return int(exc.exit_code)
        except click.ClickException as exc:
            exc.show()
            return 2
        except click.exceptions.Abort:
            click.echo("Aborted.", err=True)
            return 130
        return value if isinstance(value, int) else 0

    return guarded(run)
