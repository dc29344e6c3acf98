"""The command line: parse options, call the engine, hand findings to a reporter, exit."""

from __future__ import annotations

from collections.abc import Sequence
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
              help="Processes to lint with, at most one per core and per file "
                   "[default: 0, one per core for large runs].")
@click.option("--baseline", type=click.Path(dir_okay=False), default=None,
              help="Hide the findings recorded in this baseline file; report new ones.")
@click.option("--write-baseline", type=click.Path(dir_okay=False), default=None,
              help="Record today's findings in FILE, to adopt the linter step by step.")
@click.option("--exit-zero", is_flag=True,
              help="Exit 0 even with findings (a usage or configuration error stays 2).")
@click.option("--quiet", "-q", is_flag=True, help="Findings only: no summary, no notes.")
@click.option("--new-from", metavar="REF", default=None,
              help="Report only findings the work tree adds over the git revision REF.")
@click.option("--annotate", is_flag=True,
              help="Also write GitHub annotations to stdout and a Markdown summary to "
                   "$GITHUB_STEP_SUMMARY, from the same run.")
@click.option("--fix", is_flag=True,
              help="Apply the fixes that have one right answer, keeping comments; then report.")
@click.option("--diff", is_flag=True,
              help="Print the fixes as a unified diff; write nothing; exit 1 if any.")
def check(paths: tuple[str, ...], fmt: str | None, output: str | None, fail_on: str | None,
          select: list[str], ignore: list[str], config_path: str | None,
          statistics: bool, jobs: int, baseline: str | None,
          write_baseline: str | None, exit_zero: bool, quiet: bool, new_from: str | None,
          annotate: bool, fix: bool, diff: bool) -> int:
    """Lint declarations in PATHS (files or folders; default: the current folder)."""
    from gdpr_lint.commands import check as command

    return command.main(command.CheckOptions(
        paths, fmt, output, fail_on, select, ignore, config_path, statistics, jobs, baseline,
        write_baseline, exit_zero, quiet, new_from, annotate, fix=fix, diff=diff))


_CONFIG_OPTION = click.option(
    "--config", "config_path", type=click.Path(dir_okay=False), default=None,
    help="Configuration file, for its policy rules [default: found upward].")


@cli.command("rules", short_help="List every rule.")
@_CONFIG_OPTION
def rules_command(config_path: str | None) -> int:
    """List every rule: ID, default severity, title and article (and policy file)."""
    from gdpr_lint.commands import rules as command

    return command.main(config_path)


@cli.command(short_help="Explain a rule, with a bad and a good example.")
@click.argument("rule_id")
@click.option("--full", is_flag=True, help="Print the examples as whole declaration files.")
@_CONFIG_OPTION
def explain(rule_id: str, full: bool, config_path: str | None) -> int:
    """Print a rule's rationale and its bad and good examples."""
    from gdpr_lint.commands import explain as command

    return command.main(command.ExplainOptions(rule_id, full, config_path))


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
    from gdpr_lint.commands import stamp as command

    return command.main(command.StampOptions(paths, dry_run))


@cli.command(short_help="Review what a change does to the declared processing.")
@click.argument("base")
@click.argument("head", required=False)
@click.option("--format", "fmt", type=click.Choice(("md", "json", "text")), default="md",
              show_default=True, help="Report format (md: a pull-request comment).")
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None,
              help="Write the report to FILE (atomically) instead of standard output.")
@click.option("--fail-on-review", is_flag=True,
              help="Exit 1 when a change needs the DPO's review.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="Configuration file [default: .gdpr-lint.yaml or pyproject.toml, upward].")
def diff(base: str, head: str | None, fmt: str, output: str | None, fail_on_review: bool,
         config_path: str | None) -> int:
    """Compare the declarations at git revision BASE with HEAD (default: the work tree).

    Lists activities added, removed and changed field by field, flags the changes a DPO
    reviews (special categories, new third countries, basis changes, children, processors
    and joint controllers, outdated assessments, new activities) and splits findings into
    new and fixed. Inside GitHub Actions the Markdown also goes to $GITHUB_STEP_SUMMARY.
    """
    from gdpr_lint.commands import diff as command

    return command.main(command.DiffOptions(base, head, fmt, output, fail_on_review, config_path))


@cli.command(short_help="Print the declaration JSON Schema.")
@click.option("--draft", type=click.Choice(["2020-12", "7"]), default="2020-12",
              show_default=True,
              help="JSON Schema draft: 7 for editors such as yaml-language-server.")
@click.option("--record", is_flag=True,
              help="The schema of the record file (`register --format json`) instead.")
def schema(draft: str, record: bool) -> int:
    """Print the JSON Schema of the declaration format (or of the record file)."""
    from gdpr_lint.commands import schema as command

    return command.main(draft, record)


def _activity_ids(_: click.Context, __: click.Parameter, values: Sequence[str]) -> list[str]:
    return [v for value in values for v in value.replace(",", " ").split()]


_DOCUMENT_OPTIONS = [
    click.argument("paths", nargs=-1, type=click.Path()),
    click.option("--output", "-o", type=click.Path(dir_okay=False), default=None,
                 help="Write to FILE (atomically) instead of standard output."),
    click.option("--controller", default=None, metavar="ID",
                 help="Only this controller's activities."),
    click.option("--activity", "activities", multiple=True, callback=_activity_ids,
                 metavar="IDS", help="Only these activity ids (comma-separated, repeatable)."),
    _CONFIG_OPTION,
]


def _document_options(function: Any) -> Any:
    for option in reversed(_DOCUMENT_OPTIONS):
        function = option(function)
    return function


@cli.command(short_help="Write the record of processing activities (Art. 30).")
@click.option("--format", "fmt", type=click.Choice(("html", "md", "csv", "xlsx", "json",
                                                    "jsonld")), default="html",
              show_default=True, help="Document format.")
@click.option("--layout", type=click.Choice(("generic", "ico", "cnil")), default="generic",
              show_default=True, help="Columns of csv/xlsx: generic, the ICO template's, or "
              "the CNIL register's (in French).")
@_document_options
def register(fmt: str, layout: str, paths: tuple[str, ...], output: str | None,
             controller: str | None, activities: list[str], config_path: str | None) -> int:
    """Build the record of processing activities from the declarations in PATHS.

    Every activity with its Art. 30 items and where it is declared, the processor record,
    a completeness table and, as an annex, the open findings and suppressions.
    """
    from gdpr_lint.commands import register as command

    return command.main(command.DocumentOptions(paths, fmt, layout, output, config_path, controller,
                                        activities))


@cli.command(short_help="Merge many repositories' records into the organisation's register.")
@click.argument("inputs", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(("html", "md", "csv", "xlsx", "json",
                                                    "jsonld", "duckdb")), default="html",
              show_default=True, help="Document format, or duckdb: a database file.")
@click.option("--layout", type=click.Choice(("generic", "ico", "cnil")), default="generic",
              show_default=True, help="Columns of csv/xlsx: generic, the ICO template's, or "
              "the CNIL register's (in French).")
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None,
              help="Write to FILE (atomically) instead of standard output.")
@click.option("--fail-on", type=click.Choice(LEVELS), default=None,
              help="Lowest severity of the checks across repositories that fails the run "
                   "[default: error, or config fail_on].")
@_CONFIG_OPTION
def aggregate(inputs: tuple[str, ...], fmt: str, layout: str, output: str | None,
              fail_on: str | None, config_path: str | None) -> int:
    """Merge record files (`gdpr-lint register --format json`), folders of them, or
    repositories (linted in place, each under its own configuration) into one register.

    Every entry names its repository and commit; the header lists every repository. The
    checks across repositories (O001-O005) are reported on stderr; exit 1 when one reaches
    --fail-on.
    """
    from gdpr_lint.commands import aggregate as command

    return command.main(command.AggregateOptions(inputs, fmt, layout, output, config_path,
                                                 fail_on))


@cli.command(short_help="Draft the layered privacy notice (Arts 13, 14), per audience.")
@click.option("--format", "fmt", type=click.Choice(("html", "md")), default="html",
              show_default=True, help="Document format.")
@click.option("--lang", type=click.Choice(("en", "de", "fr", "es", "it", "nl")),
              default="en", show_default=True,
              help="Language of every fixed text; declared values are shown as written.")
@click.option("--audience", default=None, metavar="URL|NAME",
              help="Only the notice of this audience: its notice.url or notice.document, its "
                   "name (as --output-dir names its file) or one of its data subjects.")
@click.option("--output-dir", type=click.Path(file_okay=False), default=None, metavar="DIR",
              help="Write each audience's notice to DIR/NAME.LANG.FORMAT.")
@_document_options
def notice(fmt: str, lang: str, audience: str | None, output_dir: str | None,
           paths: tuple[str, ...], output: str | None, controller: str | None,
           activities: list[str], config_path: str | None) -> int:
    """Draft a privacy notice for each audience from the declarations in PATHS.

    An audience is the activities sharing a notice.url (its fragment ignored) or
    notice.document; an activity without one is in the notice of each data subject it
    names. Each notice has a short first layer, the right to object on its own, then each
    activity in detail, and names the supervisory authority of member_state. With one
    audience the notice goes to standard output or --output; with several, pick one with
    --audience or write all with --output-dir (otherwise exit 2 lists them). What the
    declarations lack is listed for the author, and on standard error with where it is
    declared.
    """
    from gdpr_lint.commands import notice as command

    return command.main(command.NoticeOptions(paths, fmt, "generic", output, config_path,
                                              controller, activities, lang, audience,
                                              output_dir))


@cli.command(short_help="Write a first declaration by answering questions.")
@click.argument("path", required=False, type=click.Path(dir_okay=False))
@click.option("--basis", type=click.Choice(["consent", "contract", "legal_obligation",
                                            "vital_interests", "public_task",
                                            "legitimate_interests"]),
              help="The lawful basis, if already known (skips the flowchart's questions).")
@click.option("--id", "activity_id", metavar="ID", help="The activity's id, e.g. newsletter.")
@click.option("--name", help="The activity's name.")
@click.option("--controller", metavar="ID", help="Id of a controller declared elsewhere.")
@click.option("--answers", type=click.Path(exists=True, dir_okay=False),
              help="Answers in a YAML or JSON file (keys as in a declaration); asks nothing.")
@click.option("--no-input", is_flag=True, help="Ask nothing; leave unanswered items open.")
@click.option("--schema", "schema_url", metavar="URL",
              default="https://gdpr-lint.dev/schemas/declaration-v1.draft-07.schema.json",
              show_default=True, help="Schema for the editor's modeline (a URL or a path).")
def init(path: str | None, basis: str | None, activity_id: str | None, name: str | None,
         controller: str | None, answers: str | None, no_input: bool, schema_url: str) -> int:
    """Write a new declaration (PATH, default ID.gdpr.yaml) by asking questions: the
    lawful basis by the decision flowchart (required by law? a contract? a public task? a
    threat to life? a legitimate interest after a balancing test? otherwise consent),
    then what that basis needs. Never overwrites a file without asking."""
    from gdpr_lint.authoring.init import InitOptions
    from gdpr_lint.commands import init as command

    return command.main(InitOptions(path, answers, no_input, schema_url,
                                {"lawful_basis": basis, "id": activity_id, "name": name,
                                 "controller": controller}))


@cli.command(short_help="Run the language server (stdio) for editors.")
def server() -> int:
    """Run the gdpr-lint language server on stdin/stdout: diagnostics from every rule while
    you type, hover, completion and quick fixes. Editors start it; see the README."""
    from gdpr_lint.commands import server as command

    return command.main()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (0 clean, 1 findings, 2 usage)."""
    from gdpr_lint.commands.guard import guarded

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
