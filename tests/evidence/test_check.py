"""Evidence through `check` and the other surfaces: configuration, cost when unused, a broken
file beside good ones, the register, `diff`, baselines."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from gdpr_lint.rules.examples import activities_document
from tests.conftest import call_main, write

API = """openapi: 3.1.0
info: {title: newsletter-api, version: "1"}
paths: {}
components:
  schemas:
    Subscriber:
      properties:
        email: {type: string, x-pii: user.contact.email}
        phone: {type: string, x-pii: user.contact.phone_number}
"""


def project(folder: Path, evidence: list[dict[str, str]], **fields: object) -> Path:
    write(folder, ".gdpr-lint.yaml", yaml.safe_dump({"evidence": evidence}))
    write(folder, "newsletter.gdpr.yaml",
          activities_document({"systems": ["newsletter-api"], **fields}))
    return folder


def rules(result: subprocess.CompletedProcess[str]) -> list[tuple[str, str]]:
    return [(f["rule"], f["path"]) for f in json.loads(result.stdout)["findings"]]


def test_no_evidence_configured_imports_nothing(tmp_path: Path) -> None:
    write(tmp_path, "newsletter.gdpr.yaml", activities_document({"systems": ["crm"]}))
    code = ("import sys\nfrom gdpr_lint.cli import main\n"
            "try:\n    main(['check', 'newsletter.gdpr.yaml'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith('gdpr_lint.evidence')))\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                         text=True, timeout=120)
    assert out.stdout.splitlines()[-1] == "[]", out.stderr
    write(tmp_path, ".gdpr-lint.yaml", "evidence:\n  - {path: api.yaml}\n")
    write(tmp_path, "api.yaml", API)
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                         text=True, timeout=120)
    assert "gdpr_lint.evidence.openapi" in out.stdout.splitlines()[-1]


@pytest.mark.parametrize("entry, message", [
    ("evidence: api.yaml", "'evidence' must be a list of mappings with `path`"),
    ("evidence: [{kind: dbt}]", "'evidence' must be a list of mappings with `path`"),
    ("evidence: [{path: a.json, kind: snowflake}]", "one of dbt, odcs, openapi, apple"),
    ("evidence: [{path: a.json, sytem: crm}]", "'evidence' must be a list"),
    ("evidense: []", "did you mean 'evidence'?"),
])
def test_configuration_errors_exit_2(tmp_path: Path, entry: str, message: str) -> None:
    write(tmp_path, ".gdpr-lint.yaml", entry + "\n")
    write(tmp_path, "a.gdpr.yaml", activities_document({}))
    result = call_main("check", cwd=tmp_path)
    assert result.returncode == 2 and message in result.stderr, result.stderr


def test_a_broken_file_is_named_and_the_rest_still_checked(tmp_path: Path) -> None:
    write(tmp_path, "api.yaml", API)
    write(tmp_path, "broken.json", '{"nodes": {\n  "a": [1,,2]}}')
    project(tmp_path, [{"path": "api.yaml"}, {"path": "broken.json", "system": "warehouse"},
                       {"path": "missing/manifest.json", "system": "crm"}])
    result = call_main("check", "--format", "json", cwd=tmp_path)
    assert result.returncode == 1
    found = json.loads(result.stdout)["findings"]
    assert [(f["rule"], f["path"], f["line"], f["column"]) for f in found] == [
        ("E006", "broken.json", 2, 11), ("E006", "missing/manifest.json", 1, 1),
        ("E001", "newsletter.gdpr.yaml", 52, 5)]
    assert found[0]["message"].startswith("broken.json: invalid JSON")
    assert "phone" in found[2]["message"] and "api.yaml" in found[2]["message"]


def test_declared_and_suppressed(tmp_path: Path) -> None:
    write(tmp_path, "api.yaml", API)
    project(tmp_path, [{"path": "api.yaml"}], data_categories=["email address", "phone number"])
    assert call_main("check", cwd=tmp_path).stdout == "No findings in 1 file.\n"
    project(tmp_path, [{"path": "api.yaml"}])
    assert "E001" in call_main("check", cwd=tmp_path).stdout
    text = (tmp_path / "newsletter.gdpr.yaml").read_text()
    text = text.replace("  - newsletter-api\n", "  - newsletter-api  # gdpr-lint: disable=E001 -- "
                        "the phone field is dropped before storage\n")
    (tmp_path / "newsletter.gdpr.yaml").write_text(text)
    result = call_main("check", cwd=tmp_path)
    assert result.stdout == "No findings in 1 file.\n", result.stdout


def test_evidence_for_a_system_no_activity_lists(tmp_path: Path) -> None:
    write(tmp_path, "api.yaml", API)
    project(tmp_path, [{"path": "api.yaml", "system": "billing-api"}])
    assert rules(call_main("check", "--format", "json", cwd=tmp_path)) == [
        ("E001", "api.yaml"), ("E005", "newsletter.gdpr.yaml")]


def test_baseline_keeps_evidence_findings(tmp_path: Path) -> None:
    write(tmp_path, "api.yaml", API)
    project(tmp_path, [{"path": "api.yaml"}])
    assert call_main("check", "--write-baseline", "baseline.json", cwd=tmp_path).returncode == 0
    assert "E001" in (tmp_path / "baseline.json").read_text()
    result = call_main("check", "--baseline", "baseline.json", cwd=tmp_path)
    assert result.returncode == 0 and "E001" not in result.stdout, result.stdout


def test_register_shows_the_evidence_behind_an_activity(tmp_path: Path) -> None:
    write(tmp_path, "api.yaml", API)
    project(tmp_path, [{"path": "api.yaml"}])
    report = json.loads(call_main("register", "--format", "json", cwd=tmp_path).stdout)
    activity = report["activities"][0]
    assert activity["evidence"] == [{"file": "api.yaml", "kind": "openapi",
                                     "system": "newsletter-api",
                                     "categories": ["email address"]}]
    assert activity["items"]["evidence"]["values"] == [
        "api.yaml (openapi, system newsletter-api): shows email address"]
    markdown = call_main("register", "--format", "md", cwd=tmp_path).stdout
    assert "| Evidence describing its systems | Art. 5(2) | api.yaml (openapi, system " \
           "newsletter-api): shows email address |" in markdown
    html = call_main("register", "--format", "html", cwd=tmp_path).stdout
    assert "Evidence describing its systems" in html and "api.yaml (openapi" in html


def test_diff_shows_the_evidence_findings_a_change_adds(tmp_path: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
                       cwd=tmp_path, check=True, capture_output=True, timeout=60)

    write(tmp_path, "api.yaml", API.replace("        phone: {type: string, x-pii: "
                                            "user.contact.phone_number}\n", ""))
    project(tmp_path, [{"path": "api.yaml"}])
    git("init", "-q")
    git("add", ".")
    git("commit", "-qm", "base")
    write(tmp_path, "api.yaml", API)  # the API now carries a phone number
    result = call_main("diff", "HEAD", "--format", "json", cwd=tmp_path)
    report = json.loads(result.stdout)
    assert [f["rule"] for f in report["findings"]["new"]] == ["E001"], report["findings"]
    assert report["findings"]["fixed"] == []


def test_a_partial_run_counts_what_other_files_declare_for_the_system(tmp_path: Path) -> None:
    """pre-commit passes the staged file alone: the phone number declared by another
    activity of the same system, in a file not linted, still counts."""
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True, timeout=60)
    write(tmp_path, "api.yaml", API)
    project(tmp_path, [{"path": "api.yaml"}])
    write(tmp_path, "sms/reminders.gdpr.yaml", activities_document({
        "id": "sms-reminders", "systems": ["newsletter-api"],
        "data_categories": ["phone number"]}))
    result = call_main("check", "--format", "json", "newsletter.gdpr.yaml", cwd=tmp_path)
    assert json.loads(result.stdout)["findings"] == [], result.stdout
    (tmp_path / "sms" / "reminders.gdpr.yaml").unlink()
    result = call_main("check", "--format", "json", "newsletter.gdpr.yaml", cwd=tmp_path)
    assert rules(result) == [("E001", "newsletter.gdpr.yaml")]


def test_a_scanners_guess_of_health_data_is_a_warning(tmp_path: Path) -> None:
    report = {"subjects": [{"subject_name": "User", "name": "Email Address"},
                           {"subject_name": "User", "name": "Blood Type"}],
              "third_party": [{"third_party": "Sentry", "data_types": ["Email Address"]}]}
    write(tmp_path, "bearer.json", json.dumps(report))
    project(tmp_path, [{"path": "bearer.json", "system": "newsletter-api"}])
    result = call_main("check", "--format", "json", cwd=tmp_path)
    found = [(f["rule"], f["severity"]) for f in json.loads(result.stdout)["findings"]]
    assert found == [("E002", "warning"), ("E003", "warning")]
    assert result.returncode == 0
    assert "guesses health" in result.stdout and "confirm the scanner is wrong" in result.stdout
