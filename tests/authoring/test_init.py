"""`gdpr-lint init`: seed 001's flowchart as questions, answered by options, a file or stdin."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gdpr_lint.lint.loader import read_document
from tests.conftest import call_main, write

CONTROLLERS = "controllers:\n  - {id: acme, name: Acme Ltd, contact: privacy@acme.example, " \
              "country: DE, dpo: {name: DPO, contact: dpo@acme.example}, " \
              "requests: {channel: privacy@acme.example, response_time: P1M}}\n"


def findings(*paths: Path) -> list[dict[str, object]]:
    """`check --format json` of ``paths`` (absolute)."""
    result = call_main("check", "--format", "json", *map(str, paths))
    found: list[dict[str, object]] = json.loads(result.stdout)["findings"]
    return found


def lines(*answers: str) -> str:
    return "".join(f"{a}\n" for a in answers)


# Seed 001's order: law, contract, official function, threat to life, legitimate interest.
@pytest.mark.parametrize(("flowchart", "basis"), [
    (["y"], "legal_obligation"),
    (["n", "y"], "contract"),
    (["n", "n", "y"], "public_task"),
    (["n", "n", "n", "y"], "vital_interests"),
    (["n", "n", "n", "n", "y"], "legitimate_interests"),
    (["n", "n", "n", "n", "n"], "consent"),
])
def test_the_flowchart_chooses_the_basis_in_seed_order(tmp_path: Path,
                                                        flowchart: list[str],
                                                        basis: str) -> None:
    stdin = lines("act", "An activity", "acme", "p", "", "s", "", "c", "", "n", *flowchart)
    result = call_main("init", cwd=tmp_path, input=stdin)
    assert result.returncode == 0, result.stderr
    doc = read_document(str(tmp_path / "act.gdpr.yaml"))
    activity = doc.data["activities"][0]
    assert activity["lawful_basis"] == basis
    # The questions were asked in the flowchart's order, and stopped at the first yes.
    asked = [q for q in ("required by EU or Member State law", "perform a contract",
                         "public authority performing", "threat to someone's life",
                         "legitimate interest") if q in result.stdout]
    assert len(asked) == len(flowchart)
    # What the basis documents comes next, as placeholders since stdin ran out.
    assert basis in activity
    rights = activity["rights"]
    assert ("object" in rights) == (basis in ("public_task", "legitimate_interests"))
    assert ("withdraw_consent" in rights) == (basis == "consent")
    assert ("portability" in rights) == (basis in ("consent", "contract"))


def test_a_complete_interview_on_piped_input_lints_clean(cli, tmp_path: Path) -> None:
    write(tmp_path, "controllers.gdpr.yaml", CONTROLLERS)
    stdin = lines(
        "newsletter", "Monthly newsletter", "acme",
        "Send the monthly newsletter", "", "subscribers", "", "email address", "first name", "",
        "no",                                  # children
        "n", "n", "n", "n", "n",               # the flowchart: consent
        "Unticked checkbox on the signup form", "consent_log table",
        "Unsubscribe link in every email",
        "n",                                   # direct marketing
        "",                                    # special categories: none
        "Mailer Ltd", "processor", "United States", "DPA-2025-014",
        "Mailer Inc", "controller", "IE", "",
        "scc", "SCC module 2 signed 2025-03-01", "docs/tia/mailer-us.md",
        "2 years", "last newsletter opened",
        "https://acme.example/privacy", "1",
        "TLS in transit", "encryption at rest", "")
    result = cli("init", cwd=tmp_path, input=stdin)
    assert result.returncode == 0, result.stderr
    path = tmp_path / "newsletter.gdpr.yaml"
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=")
    assert "TODO" not in text
    activity = read_document(str(path)).data["activities"][0]
    assert activity["retention"] == {"period": "P2Y", "start": "last newsletter opened"}
    assert activity["recipients"] == [
        {"name": "Mailer Ltd", "role": "processor", "country": "US", "contract": "DPA-2025-014"},
        {"name": "Mailer Inc", "role": "controller", "country": "IE"}]
    assert activity["transfers"] == [{"country": "US", "mechanism": "scc",
                                      "reference": "SCC module 2 signed 2025-03-01",
                                      "tia": "docs/tia/mailer-us.md"}]
    # The questions the answers stop before (owner, review) are left out: only G001's
    # reminder to add a review remains.
    assert [(f["rule"], f["severity"]) for f in findings(tmp_path)] == [("G001", "info")]


def test_answers_file_and_options(tmp_path: Path) -> None:
    write(tmp_path, "controllers.gdpr.yaml", CONTROLLERS)
    answers = write(tmp_path, "answers.yaml", """\
id: fraud-checks
name: Payment fraud checks
controller: acme
purposes: [Detect payment fraud]
data_subjects: [customers]
data_categories: [card fingerprint, order history]
legitimate_interest: true     # the flowchart's fifth question
legitimate_interests:
  interest: Prevent payment fraud
  lia:
    purpose_test: Fraud prevention is a recognised legitimate interest (Recital 47)
    necessity_test: No less intrusive means detects stolen cards
    balancing_test: Customers expect checks; data are minimised
    assessed_on: 2026-01-15
required_by_law: false
contract_necessary: false
official_function: false
threat_to_life: false
recipients: []
retention: {period: 13 months, start: order date}
notice: {url: "https://acme.example/privacy", timing: at collection}
security_measures: [pseudonymised card numbers]
""")
    result = call_main("init", "--answers", str(answers), "fraud.gdpr.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    activity = read_document(str(tmp_path / "fraud.gdpr.yaml")).data["activities"][0]
    assert activity["lawful_basis"] == "legitimate_interests"
    assert activity["legitimate_interests"]["lia"]["assessed_on"] == "2026-01-15"
    assert activity["retention"]["period"] == "P13M"
    assert activity["notice"]["timing"] == "at_collection"
    assert "object" in activity["rights"]
    rules = {f["rule"] for f in findings(tmp_path / "fraud.gdpr.yaml",
                                         tmp_path / "controllers.gdpr.yaml")}
    assert not rules & {"X003", "B001", "L001", "L002", "L003", "R001"}, rules
    # JSON answers with --basis given as an option skip the flowchart.
    json_answers = write(tmp_path, "a.json", json.dumps({"purposes": "Payroll"}))
    result = call_main("init", "--answers", str(json_answers), "--basis", "legal_obligation",
                 "--id", "payroll", "--name", "Payroll", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    payroll = read_document(str(tmp_path / "payroll.gdpr.yaml")).data["activities"][0]
    assert payroll["purposes"] == ["Payroll"]
    assert payroll["legal_obligation"] == {"law": "TODO"}
    assert "required by EU" not in result.stdout


def test_unanswered_items_are_placeholders_or_left_out(tmp_path: Path) -> None:
    result = call_main("init", "--no-input", "--id", "draft", "--name", "Draft", "--basis",
                 "contract", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "left as TODO" in result.stdout
    path = tmp_path / "draft.gdpr.yaml"
    activity = read_document(str(path)).data["activities"][0]
    assert activity["contract"] == {"reference": "TODO", "necessity": "TODO"}
    for left_out in ("purposes", "children", "direct_marketing", "recipients",
                     "special_categories", "security_measures"):
        assert left_out not in activity
    found = findings(path)
    # Every placeholder is reported by X008, every item left out by the rule that needs it.
    todo = [n for n, line in enumerate(path.read_text().splitlines(), 1) if "TODO" in line
            and not line.lstrip().startswith("#")]
    assert sorted({f["line"] for f in found if f["rule"] == "X008"}) == todo
    assert {"D002", "D003", "D004", "D001"} <= {f["rule"] for f in found}
    assert "X003" not in {f["rule"] for f in found}
    # Without a basis, the flowchart's questions stay unanswered: B001 reports it.
    call_main("init", "--no-input", "--id", "nobasis", "--name", "No basis", cwd=tmp_path)
    assert "B001" in {f["rule"] for f in findings(tmp_path / "nobasis.gdpr.yaml")}


def test_never_overwrites_without_asking(tmp_path: Path) -> None:
    path = write(tmp_path, "mine.gdpr.yaml", "# my work\n")
    refused = call_main("init", "--no-input", "--id", "x", "--name", "X", str(path), cwd=tmp_path)
    assert refused.returncode == 2 and "not overwriting" in refused.stderr
    closed = call_main("init", "--id", "x", "--name", "X", str(path), cwd=tmp_path, input="")
    assert closed.returncode != 0
    declined = call_main("init", "--id", "x", "--name", "X", str(path), cwd=tmp_path, input="n\n")
    assert declined.returncode == 1 and "not overwritten" in declined.stderr
    assert path.read_text() == "# my work\n"
    accepted = call_main("init", "--id", "x", "--name", "X", str(path), cwd=tmp_path,
                   input="y\n")
    assert accepted.returncode == 0, accepted.stderr
    assert "id: x" in path.read_text()
    # Without PATH, <id>.gdpr.yaml is protected the same way.
    again = call_main("init", "--no-input", "--id", "x", "--name", "X", cwd=tmp_path)
    assert again.returncode == 0 and (tmp_path / "x.gdpr.yaml").exists()
    twice = call_main("init", "--no-input", "--id", "x", "--name", "X", cwd=tmp_path)
    assert twice.returncode == 2 and "not overwriting" in twice.stderr


@pytest.mark.parametrize(("args", "message"), [
    (["--id", "Not A Slug"], "is not an id"),
    (["--answers", "bad.yaml"], "answers file bad.yaml:2:1: invalid YAML"),
    (["--answers", "unknown.yaml"], "not asked by `gdpr-lint init`: favourite_colour"),
    (["--answers", "country.yaml"], "'Narnia' is not a country"),
    (["--no-input"], "an activity id is needed"),
    (["--no-input", "--id", "x"], "an activity name is needed"),
])
def test_bad_answers_are_usage_errors(tmp_path: Path, args: list[str],
                                      message: str) -> None:
    write(tmp_path, "bad.yaml", "id: [unclosed\n")
    write(tmp_path, "unknown.yaml", "id: x\nname: X\nfavourite_colour: blue\n")
    write(tmp_path, "country.yaml", "id: x\nname: X\ncontroller: {name: A, contact: a@a, "
                                    "country: Narnia}\n")
    result = call_main("init", *args, cwd=tmp_path, input="")
    assert result.returncode == 2, result.stdout + result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr
