"""The command line, as a user or a CI job runs it: what its options and configuration mean
(asked of `cli.main` in this process), and the installed `gdpr-lint` where the process
itself is the subject (start-up fast path, a terminal, `python -m`, exit codes)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from gdpr_lint import __version__
from gdpr_lint.cli import main
from gdpr_lint.rules.examples import activities_document
from gdpr_lint.rules.registry import builtin_rules
from tests.conftest import ROOT, call_main, write

LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<rule>[A-Z]+\d{3}) "
                  r"\[(?P<sev>error|warning|info)\] .+ \(.+\)$")


@pytest.mark.slow
def test_valid_examples_lint_clean() -> None:
    result = call_main("check", "examples/valid", cwd=ROOT)
    assert result.returncode == 0, result.stdout
    assert result.stdout == "No findings in 8 files.\n"


@pytest.mark.slow
def test_invalid_examples_fail_with_located_findings() -> None:
    result = call_main("check", "examples/invalid", cwd=ROOT)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert all(LINE.match(line) for line in lines[:-1]), lines[:3]
    count = len(list((ROOT / "examples" / "invalid").glob("*.gdpr.yaml")))
    assert re.match(rf"Found \d+ errors, \d+ warnings, 1 info in {count} files\.", lines[-1])
    assert "\x1b[" not in result.stdout  # no colour when not on a terminal


def test_missing_basis_names_b001_at_line_and_column(cli, tmp_path: Path) -> None:
    write(tmp_path, "a.gdpr.yaml", activities_document({"lawful_basis": None, "consent": None,
                                                        "rights": ["access", "complaint"]}))
    result = cli("check", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        "a.gdpr.yaml:10:3: B001 [error] add lawful_basis: one of consent, contract, "
        "legal_obligation, vital_interests, public_task, legitimate_interests "
        "(Art. 6(1); Art. 5(2))")


def test_json_format(tmp_path: Path) -> None:
    write(tmp_path, "sub/a.gdpr.yaml", activities_document({"security_measures": None}))
    result = call_main("check", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0  # a warning does not fail by default
    report = json.loads(result.stdout)
    assert report == {
        "version": 1,
        "findings": [{"path": "sub/a.gdpr.yaml", "line": 10, "column": 3, "rule": "D004",
                      "severity": "warning", "message": report["findings"][0]["message"],
                      "activity": "newsletter", "article": "Art. 30(1)(g); Art. 32"}],
        "summary": {"files": 1, "errors": 0, "warnings": 1, "infos": 0},
    }


def test_fail_on_warning(tmp_path: Path) -> None:
    write(tmp_path, "a.gdpr.yaml", activities_document({"security_measures": None}))
    assert call_main("check", cwd=tmp_path).returncode == 0
    assert call_main("check", "--fail-on", "warning", cwd=tmp_path).returncode == 1
    write(tmp_path, ".gdpr-lint.yaml", "fail_on: warning\n")
    assert call_main("check", cwd=tmp_path).returncode == 1


def test_select_and_ignore(tmp_path: Path) -> None:
    write(tmp_path, "a.gdpr.yaml", activities_document({"security_measures": None,
                                                        "retention": None}))
    both = call_main("check", "--format", "json", cwd=tmp_path)
    assert {f["rule"] for f in json.loads(both.stdout)["findings"]} == {"D004", "K001"}
    only_k = call_main("check", "--format", "json", "--select", "K", cwd=tmp_path)
    assert {f["rule"] for f in json.loads(only_k.stdout)["findings"]} == {"K001"}
    no_k = call_main("check", "--format", "json", "--ignore", "K001,D", cwd=tmp_path)
    assert json.loads(no_k.stdout)["findings"] == []
    assert no_k.returncode == 0


def test_severity_override_and_off(tmp_path: Path) -> None:
    write(tmp_path, "a.gdpr.yaml", activities_document({"security_measures": None}))
    write(tmp_path, ".gdpr-lint.yaml", "severity: {D004: error}\n")
    result = call_main("check", cwd=tmp_path)
    assert result.returncode == 1 and "D004 [error]" in result.stdout
    write(tmp_path, ".gdpr-lint.yaml", "severity: {D004: 'off'}\n")
    assert call_main("check", cwd=tmp_path).stdout == "No findings in 1 file.\n"


def test_config_found_upward_and_in_pyproject(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", '[tool.gdpr-lint]\nignore = ["D004"]\n')
    write(tmp_path, "svc/a.gdpr.yaml", activities_document({"security_measures": None}))
    assert call_main("check", ".", cwd=tmp_path / "svc").stdout == "No findings in 1 file.\n"


@pytest.mark.parametrize(("config", "words"), [
    ("colour: true\n", "unknown configuration key 'colour'"),
    ("fail_on: sometimes\n", "'fail_on' must be one of error, warning, info"),
    ("severity: {D004: loud}\n", "'severity' must be a mapping"),
    ("ignore: D004\n", "'ignore' must be a list"),
    ("member_state: germany\n", "'member_state' must be an ISO"),
    ("lia_max_age_months: -1\n", "'lia_max_age_months' must be a positive"),
    ("a: [\n", "invalid YAML"),
])
def test_bad_config_is_exit_2_naming_key_and_file(tmp_path: Path, config: str,
                                                  words: str) -> None:
    write(tmp_path, ".gdpr-lint.yaml", config)
    write(tmp_path, "a.gdpr.yaml", activities_document({}))
    result = call_main("check", cwd=tmp_path)
    assert result.returncode == 2
    assert ".gdpr-lint.yaml" in result.stderr and words in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_pyproject_key_is_exit_2(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", '[tool.gdpr-lint]\nselekt = ["B"]\n')
    result = call_main("check", cwd=tmp_path)
    assert result.returncode == 2
    assert "pyproject.toml: unknown configuration key 'selekt'; did you mean 'select'?" in \
        result.stderr


@pytest.mark.parametrize(("toml", "where", "kind"), [
    pytest.param('[tool]\ngdpr-lint = 5\n', "pyproject.toml:2:1", "an integer", id="tool-table"),
    pytest.param('[project]\nname = "x"\n\n[tool]\n"gdpr-lint" = [1]\n', "pyproject.toml:5:1",
                 "an array", id="quoted-key"),
    pytest.param('tool.gdpr-lint = "strict"\n', "pyproject.toml:1:1", "a string", id="dotted"),
    pytest.param('tool = {gdpr-lint = true}\n', "pyproject.toml:1:1", "a boolean", id="inline"),
])
@pytest.mark.parametrize("explicit", [False, True], ids=["found", "given"])
def test_pyproject_section_that_is_not_a_table_is_exit_2(tmp_path: Path, toml: str,
                                                         where: str, kind: str,
                                                         explicit: bool) -> None:
    write(tmp_path, "pyproject.toml", toml)
    write(tmp_path, "a.gdpr.yaml", "controller: acme\n")
    args = ["--config", "pyproject.toml"] if explicit else []
    result = call_main("check", *args, "a.gdpr.yaml", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (f"gdpr-lint: error: {where}: [tool.gdpr-lint] must be a table of "
                             f"configuration keys, not {kind}\n")


def test_another_tools_pyproject_is_not_ours(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", 'tool = 5\n[project]\nname = "x"\n')
    write(tmp_path, "a.gdpr.yaml", "version: 1\n")
    result = call_main("check", "a.gdpr.yaml", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (1, "")  # no configuration error
    assert "X003 [error] declares nothing" in result.stdout


@pytest.mark.parametrize("args", [
    ["check", "no/such/path"], ["check", "--format", "xml"], ["check", "--select", "Q999"],
    ["explain", "B999"], ["check", "--config", "missing.yaml"], ["frobnicate"],
])
def test_usage_errors_are_exit_2_without_traceback(tmp_path: Path, args: list[str]) -> None:
    result = call_main(*args, cwd=tmp_path)
    assert result.returncode == 2, result
    assert result.stderr.strip() and "Traceback" not in result.stderr


def test_directory_walk_skips_vendored_and_honours_exclude(tmp_path: Path) -> None:
    clean = activities_document({})
    write(tmp_path, "svc/a.gdpr.yml", clean)
    write(tmp_path, "node_modules/x/b.gdpr.yaml", "broken: [")
    write(tmp_path, ".git/c.gdpr.yaml", "broken: [")
    write(tmp_path, "env/pyvenv.cfg", "")
    write(tmp_path, "env/lib/d.gdpr.yaml", "broken: [")
    write(tmp_path, "legacy/e.gdpr.yaml", "broken: [")
    write(tmp_path, "notes.yaml", "broken: [")
    write(tmp_path, ".gdpr-lint.yaml", "exclude: ['legacy/**']\n")
    assert call_main("check", cwd=tmp_path).stdout == "No findings in 1 file.\n"
    # a file named explicitly is always linted, whatever its name
    assert call_main("check", "notes.yaml", cwd=tmp_path).returncode == 1


def test_output_file_and_summary_on_stderr(tmp_path: Path) -> None:
    write(tmp_path, "a.gdpr.yaml", activities_document({"retention": None}))
    result = call_main("check", "--format", "json", "--output", "report.json", cwd=tmp_path)
    assert result.returncode == 1 and result.stdout == ""
    assert "Found 1 error" in result.stderr
    assert json.loads((tmp_path / "report.json").read_text())["summary"]["errors"] == 1


def test_colour_only_on_a_terminal_and_never_with_no_color() -> None:
    from gdpr_lint.lint.engine import LintResult
    from gdpr_lint.lint.findings import Finding, Severity
    from gdpr_lint.reporters import Report, render

    result = LintResult([Finding("a", 1, 1, "B001", Severity.ERROR, "m", "x", "Art. 6")], 1)
    assert "\x1b[" in render("text", Report(result, {}, "0", color=True))
    assert "\x1b[" not in render("text", Report(result, {}, "0", color=False))


@pytest.mark.slow
def test_no_color_env_disables_colour_on_a_tty(tmp_path: Path) -> None:
    import os
    import pty
    import shutil
    import subprocess

    write(tmp_path, "a.gdpr.yaml", activities_document({"retention": None}))
    exe = shutil.which("gdpr-lint")
    assert exe
    for env_extra, coloured in (({}, True), ({"NO_COLOR": "1"}, False)):
        leader, follower = pty.openpty()
        env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"} | env_extra
        proc = subprocess.run([exe, "check"], cwd=tmp_path, stdout=follower, env=env,
                              timeout=60)
        os.close(follower)
        output = os.read(leader, 65536).decode()
        os.close(leader)
        assert proc.returncode == 1
        assert ("\x1b[" in output) is coloured


def test_version_rules_explain_schema() -> None:
    assert call_main("--version").stdout.strip() == f"gdpr-lint, version {__version__}"
    rules = call_main("rules").stdout.splitlines()
    assert len(rules) == len(builtin_rules()) and rules[0].startswith("A001     error    ")
    explained = call_main("explain", "l001").stdout
    assert explained.startswith("L001: Legitimate interests need a legitimate interest assessment")
    assert "Raises it:" in explained and "Does not:" in explained
    schema = json.loads(call_main("schema").stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_main_is_callable_from_tests(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, "a.gdpr.yaml", activities_document({}))
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 0
    assert capsys.readouterr().out == "No findings in 1 file.\n"
    assert main(["check", "nope"]) == 2


def test_github_actions_default_format(tmp_path: Path) -> None:
    write(tmp_path, "a.gdpr.yaml", activities_document({"retention": None}))
    result = call_main("check", cwd=tmp_path, env={"GITHUB_ACTIONS": "true"})
    assert result.stdout.startswith("::error file=a.gdpr.yaml,line=10,col=3,title=K001::")


def test_an_empty_folder_says_so(tmp_path: Path) -> None:
    result = call_main("check", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout == "No findings in 0 files.\n"
    assert result.stderr.startswith("gdpr-lint: no declaration files found in .")


@pytest.mark.slow
def test_python_dash_m(python: str, tmp_path: Path) -> None:
    import subprocess

    write(tmp_path, "a.gdpr.yaml", activities_document({"retention": None}))
    result = subprocess.run([python, "-m", "gdpr_lint", "check"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "K001 [error]" in result.stdout


@pytest.mark.parametrize("fmt", ["json", "sarif", "junit", "github", "gitlab"])
def test_machine_formats_summarise_on_stderr(tmp_path: Path, fmt: str) -> None:
    write(tmp_path, "a.gdpr.yaml", activities_document({"retention": None}))
    result = call_main("check", "--format", fmt, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == "Found 1 error, 0 warnings, 0 info in 1 file.\n"
    assert "Found" not in result.stdout


@pytest.mark.slow
@pytest.mark.parametrize("case", ["clean", "faulty", "missing", "bad-config", "folder"])
def test_fast_path_and_option_parser_agree(cli, tmp_path: Path, case: str) -> None:
    """`check PATHS` skips click at start-up; with any option it goes through click."""
    from gdpr_lint.launch import plain_check_paths

    write(tmp_path, "ok.gdpr.yaml", activities_document({}))
    write(tmp_path, "bad.gdpr.yaml", activities_document({"id": "other", "retention": None}))
    target = {"clean": "ok.gdpr.yaml", "faulty": "bad.gdpr.yaml", "missing": "nope.gdpr.yaml",
              "bad-config": "ok.gdpr.yaml", "folder": "."}[case]
    if case == "bad-config":
        write(tmp_path, ".gdpr-lint.yaml", "fail-on: warning\n")
    assert plain_check_paths(["check", target]) == plain_check_paths(["check", "--", target]) \
        == [target]
    fast = cli("check", target, cwd=tmp_path)
    hook = cli("check", "--", target, cwd=tmp_path)
    parsed = cli("check", "--fail-on", "error", target, cwd=tmp_path)
    assert plain_check_paths(["check", "--fail-on", "error", target]) is None
    assert (fast.returncode, fast.stdout, fast.stderr) == \
        (hook.returncode, hook.stdout, hook.stderr) == \
        (parsed.returncode, parsed.stdout, parsed.stderr)
    assert fast.returncode == {"clean": 0, "faulty": 1, "missing": 2, "bad-config": 2,
                               "folder": 1}[case]


def test_a_one_file_check_loads_only_what_it_needs(python: str, tmp_path: Path) -> None:
    """The run pre-commit makes on every commit imports no option parser, no full schema
    validator, no dataclasses (which bring inspect and ast) and no difflib or decimal, and
    compiles no source text at run time (typing does, for annotations given as text)."""
    import subprocess

    write(tmp_path, "a.gdpr.yaml", activities_document({}))
    probe = (
        "import builtins, sys\n"
        "real, texts = builtins.compile, []\n"
        "def spy(source, filename, mode, *args, **kwargs):\n"
        "    if mode == 'eval':\n"
        "        texts.append(source)\n"
        "    return real(source, filename, mode, *args, **kwargs)\n"
        "builtins.compile = spy\n"
        "from gdpr_lint.launch import _run\n"
        "code = _run(['check', 'a.gdpr.yaml'])\n"
        "unwanted = {'click', 'jsonschema', 'dataclasses', 'inspect', 'ast', 'difflib', "
        "'decimal'}\n"
        "print(code, sorted(unwanted & set(sys.modules)), texts)\n")
    result = subprocess.run([python, "-c", probe], cwd=tmp_path, capture_output=True,
                            text=True, timeout=60)
    assert result.stdout.splitlines()[-1] == "0 [] []", result.stdout + result.stderr


@pytest.mark.parametrize("name", ["--config=cfg.gdpr.yaml", "--baseline=bl.gdpr.yaml",
                                  "-x.gdpr.yaml", "--"])
@pytest.mark.slow
def test_after_a_double_dash_every_argument_is_a_file(tmp_path: Path, name: str) -> None:
    """The hook's entry ends in `--`: a staged file named like an option is linted as a file,
    never read as an option that changes the run."""
    write(tmp_path, name, activities_document({"retention": None}))
    write(tmp_path, "bad.gdpr.yaml", activities_document({"id": "other", "retention": None}))
    for args in (["check", "--", name, "bad.gdpr.yaml"],
                 ["check", "--format", "json", "--", name, "bad.gdpr.yaml"]):
        result = call_main(*args, cwd=tmp_path)
        assert result.returncode == 1, result.stderr
        assert result.stdout.count("K001") == 2, result.stdout
