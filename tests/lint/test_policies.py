"""Organisation policies: rules written only in YAML behave like built-in ones."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest

from tests.conftest import ROOT, call_main, multitool_problems

PACK = ROOT / "examples" / "policies" / "acme.policy.yaml"
BREACHES = ROOT / "tests" / "fixtures" / "policies" / "breaches.gdpr.yaml"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copy(PACK, tmp_path / "acme.policy.yaml")
    shutil.copy(BREACHES, tmp_path / "breaches.gdpr.yaml")
    (tmp_path / ".gdpr-lint.yaml").write_text("policies: ['*.policy.yaml']\n")
    return tmp_path


def test_policy_findings_have_id_severity_activity_and_location(project: Path) -> None:
    result = call_main("check", "--format", "json", cwd=project)
    assert result.returncode == 1
    findings = [f for f in json.loads(result.stdout)["findings"] if f["rule"].startswith("ACME")]
    assert [(f["rule"], f["severity"], f["activity"], f["line"], f["column"], f["article"])
            for f in findings] == [
        ("ACME001", "error", "promo-mail", 8, 19, "Northwind privacy policy §4.2"),
        ("ACME003", "warning", "promo-mail", 15, 25, "Northwind retention schedule, row C-1"),
    ]
    assert findings[0]["message"] == \
        "direct marketing must rely on consent; set lawful_basis to consent"


def test_policy_findings_in_every_format(project: Path) -> None:
    text = call_main("check", cwd=project).stdout
    assert ("breaches.gdpr.yaml:8:19: ACME001 [error] direct marketing must rely on consent; "
            "set lawful_basis to consent (Northwind privacy policy §4.2)") in text
    github = call_main("check", "--format", "github", cwd=project).stdout
    assert "::error file=breaches.gdpr.yaml,line=8,col=19,title=ACME001::" in github
    assert "::warning file=breaches.gdpr.yaml,line=15,col=25,title=ACME003::" in github
    gitlab = json.loads(call_main("check", "--format", "gitlab", cwd=project).stdout)
    acme = {i["check_name"]: i for i in gitlab if i["check_name"].startswith("ACME")}
    assert acme["ACME001"]["severity"] == "major" and acme["ACME003"]["severity"] == "minor"
    assert acme["ACME001"]["location"] == {"path": "breaches.gdpr.yaml",
                                           "lines": {"begin": 8, "end": 8}}
    sarif = json.loads(call_main("check", "--format", "sarif", cwd=project).stdout)
    jsonschema.validate(sarif, json.loads(
        (ROOT / "tests" / "fixtures" / "sarif-2.1.0.schema.json").read_text()))
    rules = {r["id"]: r for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["ACME001"]["properties"]["policy"] == "acme.policy.yaml"
    assert rules["ACME001"]["shortDescription"]["text"] == "Direct marketing relies on consent."
    assert rules["ACME001"]["properties"]["article"] == "Northwind privacy policy §4.2"
    junit = ET.fromstring(call_main("check", "--format", "junit", cwd=project).stdout)
    cases = {c.get("name"): c for c in junit.iter("testcase")}
    assert cases["promo-mail ACME001"].find("failure") is not None
    assert cases["promo-mail ACME002"].find("failure") is None  # checked, passed


def test_policy_rules_are_selected_configured_suppressed_and_baselined(project: Path) -> None:
    def rules(*args: str) -> list[str]:
        out = call_main("check", "--format", "json", *args, cwd=project).stdout
        return sorted({f["rule"] for f in json.loads(out)["findings"]})

    assert rules("--select", "ACME") == ["ACME001", "ACME003"]
    assert rules("--select", "ACME", "--ignore", "ACME001") == ["ACME003"]
    (project / ".gdpr-lint.yaml").write_text(
        "policies: ['*.policy.yaml']\nseverity: {ACME003: 'off'}\n")
    assert rules("--select", "ACME") == ["ACME001"]
    source = (project / "breaches.gdpr.yaml").read_text()
    (project / "breaches.gdpr.yaml").write_text(source.replace(
        "    lawful_basis: legitimate_interests\n",
        "    lawful_basis: legitimate_interests  # gdpr-lint: disable=ACME001 -- legacy opt-out\n"))
    assert rules("--select", "ACME") == []
    (project / "breaches.gdpr.yaml").write_text(source)
    assert call_main("check", "--select", "ACME", "--write-baseline", "b.json",
               cwd=project).returncode == 0
    assert call_main("check", "--select", "ACME", "--baseline", "b.json",
                     cwd=project).returncode == 0


@pytest.mark.slow
@pytest.mark.integration
def test_policy_sarif_passes_microsofts_validator(project: Path) -> None:
    call_main("check", "--format", "sarif", "--output", "p.sarif", cwd=project)
    assert multitool_problems(project / "p.sarif", project) == []


def test_rules_and_explain_show_policy_rules(project: Path) -> None:
    listing = call_main("rules", cwd=project).stdout.splitlines()
    assert ("ACME001  error    Direct marketing relies on consent  (Northwind privacy policy "
            "§4.2)  [policy acme.policy.yaml]") in listing
    explained = call_main("explain", "acme004", cwd=project).stdout
    assert explained.startswith("ACME004: Large-scale activities reference a DPIA\n")
    assert "Policy rule from acme.policy.yaml" in explained and "const: large" in explained


def test_when_absent_applies_to_every_activity_and_controller_is_resolved(
        tmp_path: Path) -> None:
    (tmp_path / "p.policy.yaml").write_text(
        "rules:\n  - id: ORG001\n    title: Controllers are in the EU\n    severity: info\n"
        "    message: the controller must be established in the EU\n"
        "    require: {properties: {controller: {properties: {country: {enum: [DE, FR]}}}}}\n")
    (tmp_path / ".gdpr-lint.yaml").write_text("policies: [p.policy.yaml]\n")
    shutil.copy(BREACHES, tmp_path / "a.gdpr.yaml")
    out = call_main("check", "--format", "json", "--select", "ORG", cwd=tmp_path).stdout
    assert json.loads(out)["findings"] == []
    (tmp_path / "a.gdpr.yaml").write_text(BREACHES.read_text().replace("country: DE",
                                                                       "country: US"))
    out = call_main("check", "--format", "json", "--select", "ORG", cwd=tmp_path).stdout
    finding = json.loads(out)["findings"][0]
    assert (finding["rule"], finding["severity"], finding["line"]) == ("ORG001", "info", 3)


_REF_RULE = ("rules:\n  - id: ORG001\n    title: t\n    severity: error\n    message: m\n"
             "    require: {}\n")

BROKEN = {
    "bad-yaml": ("rules: [\n", "p.policy.yaml:2:1", "invalid YAML"),
    "missing-field": ("rules:\n  - id: ORG001\n    title: t\n    severity: error\n"
                      "    require: {}\n", "p.policy.yaml:2:5: rule ORG001",
                      "missing required field 'message'"),
    "invalid-schema": ("rules:\n  - id: ORG001\n    title: t\n    severity: error\n"
                       "    message: m\n    require: {type: strnig}\n",
                       "p.policy.yaml:2: rule ORG001", "`require` is not a valid JSON Schema"),
    "invalid-when": ("rules:\n  - id: ORG001\n    title: t\n    severity: error\n"
                     "    message: m\n    when: {minItems: -1}\n    require: {}\n",
                     "p.policy.yaml:2: rule ORG001", "`when` is not a valid JSON Schema"),
    "builtin-clash": ("rules:\n  - id: B001\n    title: t\n    severity: error\n"
                      "    message: m\n    require: {}\n", "p.policy.yaml:2: rule B001",
                      "ID already used by a built-in rule"),
    "policy-clash": ("rules:\n" + "".join(
        f"  - id: ORG001\n    title: t{n}\n    severity: error\n    message: m\n"
        "    require: {}\n" for n in (1, 2)), "p.policy.yaml:7: rule ORG001",
        "ID already used by p.policy.yaml:2"),
    "bad-id": ("rules:\n  - id: org-1\n    title: t\n    severity: error\n    message: m\n"
               "    require: {}\n", "p.policy.yaml:2:9: rule org-1", "'org-1' is not"),
    "bad-severity": ("rules:\n  - id: ORG001\n    title: t\n    severity: fatal\n"
                     "    message: m\n    require: {}\n", "p.policy.yaml:4:15: rule ORG001",
                     "'fatal' is not an allowed value"),
    "ref-unresolvable": (_REF_RULE.replace("{}", "{$ref: '#/$defs/nope'}"),
                         "p.policy.yaml:2: rule ORG001", "`require` has a $ref that does not "
                         "resolve inside the policy file: '#/$defs/nope'"),
    "ref-relative-file": (_REF_RULE.replace("{}", "{$ref: 'other.schema.json'}"),
                          "p.policy.yaml:2: rule ORG001", "'other.schema.json' (references "
                          "are never fetched"),
    "ref-to-itself": (_REF_RULE.replace("{}", "{$ref: '#'}"), "p.policy.yaml:2: rule ORG001",
                      "`require` has a $ref that leads back to itself"),
    "ref-cycle": (_REF_RULE.replace("{}", "{$defs: {a: {$ref: '#/$defs/b'}, b: {allOf: [{$ref: "
                                   "'#/$defs/a'}]}}, $ref: '#/$defs/a'}"),
                  "p.policy.yaml:2: rule ORG001", "would recurse for ever"),
    "ref-cycle-in-when": (_REF_RULE.replace(
        "    require: {}", "    when: {properties: {x: {not: {$ref: '#/properties/x'}}}}\n"
        "    require: {}"), "p.policy.yaml:2: rule ORG001", "`when` has a $ref that leads"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_pack_is_exit_2_naming_file_and_rule(tmp_path: Path, case: str) -> None:
    text, where, what = BROKEN[case]
    (tmp_path / "p.policy.yaml").write_text(text)
    (tmp_path / ".gdpr-lint.yaml").write_text("policies: [p.policy.yaml]\n")
    shutil.copy(BREACHES, tmp_path / "a.gdpr.yaml")
    for command in (["check"], ["rules"]):
        result = call_main(*command, cwd=tmp_path)
        assert result.returncode == 2, result.stdout
        assert where in result.stderr and what in result.stderr, result.stderr
        assert "Traceback" not in result.stderr


def test_policy_glob_that_matches_nothing(tmp_path: Path) -> None:
    (tmp_path / ".gdpr-lint.yaml").write_text("policies: ['policies/*.yaml']\n")
    result = call_main("check", cwd=tmp_path)
    assert result.returncode == 2
    assert "policies entry 'policies/*.yaml' matches no file" in result.stderr


def test_valid_examples_pass_the_example_pack() -> None:
    result = call_main("check", cwd=ROOT / "examples" / "valid")
    assert result.returncode == 0 and result.stdout == "No findings in 8 files.\n"
    listing = call_main("rules", cwd=ROOT / "examples" / "valid").stdout
    assert "[policy ../policies/acme.policy.yaml]" in listing


def test_policy_schema_is_valid_2020_12() -> None:
    from gdpr_lint.lint.schema import load_schema

    jsonschema.Draft202012Validator.check_schema(load_schema("policy-v1.schema.json"))


def test_refs_are_never_fetched_nor_read(tmp_path: Path) -> None:
    """A policy $ref to http:// or file:// is a configuration error, and nothing is
    requested or read: a local server sees no request, a FIFO is never opened (opening it
    would block the run)."""
    import http.server
    import os
    import threading

    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b'{"required": ["purposes"]}')

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    fifo = tmp_path / "schema.fifo"
    os.mkfifo(fifo)
    try:
        (tmp_path / ".gdpr-lint.yaml").write_text("policies: [p.policy.yaml]\n")
        shutil.copy(BREACHES, tmp_path / "a.gdpr.yaml")
        for ref in (f"http://127.0.0.1:{server.server_port}/policy.json", fifo.as_uri()):
            (tmp_path / "p.policy.yaml").write_text(_REF_RULE.replace("{}", f"{{$ref: '{ref}'}}"))
            result = call_main("check", cwd=tmp_path)
            assert result.returncode == 2
            assert f"p.policy.yaml:2: rule ORG001: `require` has a $ref that does not " \
                   f"resolve inside the policy file: '{ref}'" in result.stderr
    finally:
        server.shutdown()
        server.server_close()
    assert requests == []


def test_refs_inside_the_pack_resolve(tmp_path: Path) -> None:
    (tmp_path / "p.policy.yaml").write_text(
        "rules:\n  - id: ORG001\n    title: t\n    severity: warning\n    message: needs an owner\n"
        "    require: {$defs: {owned: {required: [owner]}}, $ref: '#/$defs/owned'}\n"
        "  - id: ORG002\n    title: t\n    severity: warning\n    message: needs systems\n"
        "    when: {$id: 'urn:acme:marketing', properties: {direct_marketing: {const: true}},\n"
        "           required: [direct_marketing]}\n"
        "    require: {required: [systems]}\n"
        "  - id: ORG003\n    title: t\n    severity: warning\n    message: same, by reference\n"
        "    when: {$ref: 'urn:acme:marketing'}\n"
        "    require: {properties: {recipients: {items: {$ref: '#/$defs/r'}}},\n"
        "              $defs: {r: {anyOf: [{type: string}, {properties: {next: "
        "{$ref: '#/$defs/r'}}}]}},\n"
        "              required: [systems]}\n")
    (tmp_path / ".gdpr-lint.yaml").write_text("policies: [p.policy.yaml]\n")
    shutil.copy(BREACHES, tmp_path / "a.gdpr.yaml")
    result = call_main("check", "--format", "json", "--select", "ORG", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rules = sorted(f["rule"] for f in json.loads(result.stdout)["findings"])
    assert rules == ["ORG001", "ORG002", "ORG003"], rules


@pytest.mark.slow
def test_a_policy_unique_items_on_a_long_list_of_mappings_stays_linear(cli, tmp_path: Path
                                                                         ) -> None:
    # 20,000 recipients: comparing every pair (jsonschema's way for mappings) takes minutes,
    # far past the cli fixture's timeout; hashing them takes a moment
    from gdpr_lint.rules.examples import activities_document

    (tmp_path / "org.policy.yaml").write_text(
        "version: 1\nrules:\n  - id: ORG001\n    title: Each recipient once\n"
        "    severity: warning\n    article: House rule 1\n    message: list each recipient once\n"
        "    when: {}\n    require: {properties: {recipients: {uniqueItems: true}}}\n"
        "    at: recipients\n")
    (tmp_path / ".gdpr-lint.yaml").write_text("policies: ['*.policy.yaml']\n")
    doc = activities_document({})
    items = "".join(f"  - {{name: Hosting {i}, role: processor, country: DE, contract: DPA {i}}}\n"
                    for i in [*range(20_000), 7])
    start = doc.index("  recipients:\n") + len("  recipients:\n")
    doc = doc[:start] + items + doc[doc.index("  notice:"):]
    (tmp_path / "many.gdpr.yaml").write_text(doc)
    result = cli("check", "--format", "json", "many.gdpr.yaml", cwd=tmp_path)
    assert [f["rule"] for f in json.loads(result.stdout)["findings"]] == ["ORG001"], \
        result.stderr
