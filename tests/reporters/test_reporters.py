"""Each report format checked against what its consumer requires."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest

from gdpr_lint.rules.examples import activities_document
from tests.conftest import ROOT, call_main, multitool_problems, write

FIXTURES = ROOT / "tests" / "fixtures"


class Reports:
    """The reports of examples/invalid, one file per format, each written by `gdpr-lint
    check` when a test first asks for it (``reports / "sarif"``)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def __truediv__(self, fmt: str) -> Path:
        path = self.folder / fmt
        if not path.exists():
            result = call_main("check", "examples/invalid", "--format", fmt, "--output",
                               str(path), cwd=ROOT)
            assert result.returncode == 1, result.stderr
            assert result.stderr.startswith("Found ")
        return path


@pytest.fixture(scope="module")
def invalid_report(tmp_path_factory: pytest.TempPathFactory) -> Reports:
    return Reports(tmp_path_factory.mktemp("reports"))


@pytest.mark.slow
def test_sarif_matches_the_sarif_2_1_0_schema(invalid_report: Reports) -> None:
    schema = json.loads((FIXTURES / "sarif-2.1.0.schema.json").read_text())
    sarif = json.loads((invalid_report / "sarif").read_text())
    jsonschema.validate(sarif, schema)
    run = sarif["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "gdpr-lint" and driver["version"] and driver["informationUri"]
    rules = {r["id"]: r for r in driver["rules"]}
    assert rules["B001"]["properties"]["article"] == "Art. 6(1); Art. 5(2)"
    assert rules["B001"]["shortDescription"]["text"] == "No lawful basis."
    b001 = next(r for r in run["results"] if r["ruleId"] == "B001")
    assert b001["level"] == "error"
    assert driver["rules"][b001["ruleIndex"]]["id"] == "B001"
    location = b001["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == \
        "examples/invalid/B001-no-lawful-basis.gdpr.yaml"
    assert location["region"] == {"startLine": 12, "startColumn": 3}
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels["D004"] == "warning" and levels["P002"] == "note"


@pytest.mark.slow
@pytest.mark.integration
def test_sarif_passes_microsofts_validator_with_github_rules(invalid_report: Reports,
                                                             tmp_path: Path) -> None:
    assert multitool_problems(invalid_report / "sarif", tmp_path) == []


def test_junit_is_parseable_and_has_a_case_per_activity_and_rule(invalid_report: Reports) -> None:
    root = ET.parse(invalid_report / "junit").getroot()
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    suite = suites["examples/invalid/B001-no-lawful-basis.gdpr.yaml"]
    cases = {c.get("name"): c for c in suite.iter("testcase")}
    failed = cases["b001-newsletter B001"]
    assert failed.find("failure") is not None
    failure = failed.find("failure").text or ""
    assert "B001-no-lawful-basis.gdpr.yaml:12:3: B001 [error]" in failure
    assert cases["b001-newsletter K001"].find("failure") is None  # a pass is a case too
    assert int(suite.get("failures") or 0) == 1
    assert int(root.get("tests") or 0) == sum(int(s.get("tests") or 0) for s in suites.values())
    # a file that could not be read is a failing case of its own
    x001 = suites["examples/invalid/X001-file-is-not-valid-yaml.gdpr.yaml"]
    assert [c.get("name") for c in x001.iter("testcase")] == ["(file) X001"]


def test_gitlab_code_quality_fields(invalid_report: Reports) -> None:
    issues = json.loads((invalid_report / "gitlab").read_text())
    json_findings = json.loads((invalid_report / "json").read_text())["findings"]
    assert len(issues) == len(json_findings)
    for issue in issues:
        assert set(issue) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert isinstance(issue["location"]["lines"]["begin"], int)
    assert len({i["fingerprint"] for i in issues}) == len(issues)


def test_gitlab_fingerprints_survive_line_shifts(tmp_path: Path) -> None:
    doc = tmp_path / "a.gdpr.yaml"
    doc.write_text(activities_document({"retention": None}, {"id": "two", "retention": None}))
    first = json.loads(call_main("check", "--format", "gitlab", cwd=tmp_path).stdout)
    doc.write_text("# a comment that moves every line down\n\n" + doc.read_text())
    second = json.loads(call_main("check", "--format", "gitlab", cwd=tmp_path).stdout)
    assert [i["fingerprint"] for i in first] == [i["fingerprint"] for i in second]
    assert [i["location"]["lines"]["begin"] + 2 for i in first] == \
        [i["location"]["lines"]["begin"] for i in second]


def test_github_workflow_commands(invalid_report: Reports) -> None:
    lines = (invalid_report / "github").read_text().splitlines()
    assert "::error file=examples/invalid/B001-no-lawful-basis.gdpr.yaml,line=12,col=3," \
           "title=B001::add lawful_basis" in "\n".join(lines)
    assert any(line.startswith("::warning ") for line in lines)
    assert any(line.startswith("::notice ") for line in lines)


def test_github_escapes_property_and_data_characters() -> None:
    from gdpr_lint.lint.engine import LintResult
    from gdpr_lint.lint.findings import Finding, Severity
    from gdpr_lint.reporters import Report, render

    finding = Finding("dir,x/a:b.yaml", 2, 3, "B001", Severity.ERROR, "100% bad\nnext", None, "")
    text = render("github", Report(LintResult([finding], 1), {}, "0"))
    assert text == "::error file=dir%2Cx/a%3Ab.yaml,line=2,col=3,title=B001::100%25 bad%0Anext\n"


def test_printable_text_is_shown_as_it_is() -> None:
    from gdpr_lint.reporters._safe import _table, visible

    # visible() returns printable text untouched without building its table: that holds
    # while every character the table escapes is one that is not printable.
    assert not any(chr(code).isprintable() for code in _table())
    assert visible("Straße café — ok") == "Straße café — ok"
    assert visible("a\tb\u00a0c\x1b") == "a\tb\u00a0c\\x1b"


def test_statistics(tmp_path: Path) -> None:
    (tmp_path / "a.gdpr.yaml").write_text(
        activities_document({"retention": None}, {"id": "two", "retention": None}))
    text = call_main("check", "--statistics", cwd=tmp_path).stdout.splitlines()
    assert "    2  K001     No retention period or criteria" in text
    machine = call_main("check", "--statistics", "--format", "json", cwd=tmp_path)
    assert json.loads(machine.stdout)["summary"]["errors"] == 2
    assert "    2  K001" in machine.stderr and "Found 2 errors" in machine.stderr


# -- values and file names that try to break the report ---------------------------------------

FORGED_NAME = "a\nfake.gdpr.yaml:1:1: B001 [error] forged.gdpr.yaml"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A file whose name and values hold line breaks, ANSI and bidi controls, NUL, BEL."""
    folder = tmp_path_factory.mktemp("hostile")
    text = activities_document({}).replace(
        "  name: Monthly newsletter\n",
        '  name: Monthly newsletter\n  "extra\\nforged.gdpr.yaml:1:1: B001 [error] forged'
        '\\e[2K\\0\\u202e\\u2028\\x85\\uFFFE": 1\n').replace(
        "lawful_basis: consent",
        'lawful_basis: "consent\\rforged.gdpr.yaml:9:9: X001 [error] fake\\x07\\x0b"')
    (folder / FORGED_NAME).write_text(text, encoding="utf-8")
    return folder


def _run(folder: Path, fmt: str) -> subprocess.CompletedProcess[str]:
    result = call_main("check", "--format", fmt, ".", cwd=folder)
    assert result.returncode == 1, result.stderr
    return result


def test_text_output_cannot_be_forged_by_values_or_file_names(hostile: Path) -> None:
    lines = _run(hostile, "text").stdout.split("\n")
    assert lines.pop() == "" and lines.pop() == "Found 2 errors, 0 warnings, 0 info in 1 file."
    shown = "a\\nfake.gdpr.yaml:1:1: B001 [error] forged.gdpr.yaml"
    assert [line[len(shown):].split(": ", 2)[:2] for line in lines] == [
        [":12:3", "X003 [error] unknown field 'extra\\nforged.gdpr.yaml:1:1"],
        [":20:17", "B002 [error] 'consent\\rforged.gdpr.yaml:9:9"]]
    assert "\\x1b[2K\\x00\\u202e\\u2028\\x85\\ufffe'" in lines[0]
    assert "fake\\x07\\x0b'" in lines[1]
    assert all(c.isprintable() for line in lines for c in line)


def test_junit_is_well_formed_whatever_the_values(hostile: Path) -> None:
    out = _run(hostile, "junit").stdout
    root = ET.fromstring(out)  # raises on any character XML 1.0 forbids
    failures = {f.get("type"): f for f in root.iter("failure")}
    assert set(failures) == {"B002", "X003"}
    assert "fake\\x07\\x0b'" in (failures["B002"].text or "")
    assert "\\x1b[2K\\x00\\u202e" in failures["X003"].get("message", "")
    assert {s.get("name") for s in root.iter("testsuite")} == \
        {"a\\nfake.gdpr.yaml:1:1: B001 [error] forged.gdpr.yaml"}


def test_github_annotations_are_one_line_each(hostile: Path) -> None:
    lines = _run(hostile, "github").stdout.splitlines()
    assert len(lines) == 2 and all(line.startswith("::error file=a%0Afake.gdpr.yaml%3A1%3A1%3A")
                                   for line in lines)
    assert "forged\\x1b[2K\\x00\\u202e" in lines[0] and "%0Dforged" in lines[1]
    assert all(c.isprintable() for line in lines for c in line)


def sarif_fingerprints(where: Path, *args: str) -> list[tuple[str, int, str]]:
    sarif = json.loads(call_main("check", *args, "--format", "sarif", cwd=where).stdout)
    return [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"],
             r["partialFingerprints"]["gdprLintFinding/v1"]) for r in sarif["runs"][0]["results"]]


def test_sarif_fingerprints_survive_line_shifts_and_differ_per_finding(tmp_path: Path) -> None:
    doc = tmp_path / "a.gdpr.yaml"
    # two findings of one rule, one file, identical messages
    doc.write_text(activities_document({"security_measures": None},
                                       {"id": "two", "security_measures": None},
                                       {"id": "two", "security_measures": None}))
    first = sarif_fingerprints(tmp_path)
    assert len({f for _, _, f in first}) == len(first) >= 5
    assert sorted(r for r, _, _ in first).count("D004") == 3
    doc.write_text("# a comment that moves every line down\n\n" + doc.read_text())
    second = sarif_fingerprints(tmp_path)
    assert [f for _, _, f in first] == [f for _, _, f in second]
    assert [line + 2 for _, line, _ in first] == [line for _, line, _ in second]
    # the same from a subfolder: paths and fingerprints name the file from the project root
    write(tmp_path, ".gdpr-lint.yaml", "fail_on: error\n")
    write(tmp_path, "sub/b.gdpr.yaml", activities_document({"id": "b", "retention": None}))
    at_root = [f for r, _, f in sarif_fingerprints(tmp_path, "sub") if r == "K001"]
    inside = [f for r, _, f in sarif_fingerprints(tmp_path / "sub", ".") if r == "K001"]
    assert at_root == inside and len(at_root) == 1


@pytest.mark.slow
@pytest.mark.integration
def test_sarif_with_fingerprints_passes_the_multitool(tmp_path: Path) -> None:
    doc = tmp_path / "a.gdpr.yaml"
    doc.write_text(activities_document({"security_measures": None},
                                       {"id": "two", "security_measures": None}))
    call_main("check", "--format", "sarif", "--output", "out.sarif", cwd=tmp_path)
    assert multitool_problems(tmp_path / "out.sarif", tmp_path) == []
