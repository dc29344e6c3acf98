"""A repository with a dbt project, a data contract, an API description and an app's privacy
manifest gets exactly the findings a DPO expects — an undeclared phone number and precise
location, an undeclared health field, an undeclared tracking domain, a contract keeping e-mail
addresses longer than declared — and none on what is declared: through `check`, SARIF and the
pre-commit hook (real pre-commit, real git) alike. Once the record says what the evidence
shows, all three are clean."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml

from gdpr_lint.rules.examples import BASES, overlay
from tests.commands.test_precommit import git, hook_repo, try_repo  # noqa: F401 (fixture)
from tests.conftest import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.integration]

EXPECTED = [
    ("E004", "error", 34, "contracts/orders.odcs.yaml (odcs) keeps email (user.contact.email) "
                          "for 10 y (slaProperties[0] retention), longer than the P3Y"),
    ("E001", "warning", 37, "warehouse/target/manifest.json (dbt) shows phone "
                            "(user.contact.phone_number) at model customers, column phone;"),
    ("E002", "error", 37, "warehouse/target/manifest.json (dbt) labels health "
                          "(user.health_and_medical) at model customers, column allergies;"),
    ("E001", "warning", 37, "app/ShopApp/PrivacyInfo.xcprivacy (apple) shows precise location "
                            "(user.location.precise) at NSPrivacyCollectedDataTypes[2]"),
    ("E003", "warning", 37, "app/ShopApp/PrivacyInfo.xcprivacy (apple) shows third party "
                            "'sdk.adtracker.example' at NSPrivacyTrackingDomains[1];"),
]


def declare_everything(shop: Path) -> None:
    """The record as the DPO completes it from the findings."""
    path = shop / "shop.gdpr.yaml"
    data = yaml.safe_load(path.read_text())
    orders = data["activities"][0]
    orders["data_categories"] += ["phone number", "precise location"]
    orders["recipients"].append({"name": "AdTracker Inc", "role": "processor", "country": "IE",
                                 "contract": "Data processing agreement DPA-2026-019"})
    orders["retention"] = [{"categories": ["email address"], "period": "P10Y",
                            "start": "delivery of the order",
                            "law": "Commercial code, section 257 (business letters)"},
                           {"period": "P3Y", "start": "delivery of the order"}]
    consent = BASES["consent"]["consent"]
    data["activities"].append(overlay("consent", {
        "id": "allergy-notes", "name": "Allergy notes for deliveries",
        "purposes": ["Keep food allergies customers tell us about off their deliveries"],
        "data_subjects": ["customers"], "data_categories": ["food allergies"],
        "special_categories": ["health"], "art9_condition": "explicit_consent",
        "consent": {**consent, "explicit": True}, "systems": ["shop_warehouse"],
        "notice": {"url": "https://shop.example/privacy#allergies", "timing": "at_collection"},
        "recipients": []}))
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def test_check_finds_what_a_dpo_expects(cli, shop: Path) -> None:
    result = cli("check", "--format", "json", cwd=shop)
    assert result.returncode == 1
    found = [(f["rule"], f["severity"], f["line"], f["message"], f["path"], f["activity"])
             for f in json.loads(result.stdout)["findings"]]
    assert [(r, s, line) for r, s, line, *_ in found] == [(r, s, line) for r, s, line, _ in
                                                          EXPECTED]
    for (*_, message, path, activity), (*_, expected) in zip(found, EXPECTED, strict=True):
        assert message.startswith(expected), message
        assert (path, activity) == ("shop.gdpr.yaml", "orders")
    declare_everything(shop)
    result = cli("check", "--format", "json", cwd=shop)
    assert json.loads(result.stdout)["findings"] == [], result.stdout
    assert result.returncode == 0


def test_sarif_carries_the_evidence_findings(cli, shop: Path) -> None:
    result = cli("check", "--format", "sarif", cwd=shop)
    sarif = json.loads(result.stdout)
    schema = json.loads((ROOT / "tests/fixtures/sarif-2.1.0.schema.json").read_text())
    jsonschema.validate(sarif, schema)
    run = sarif["runs"][0]
    assert [(r["ruleId"], r["level"]) for r in run["results"]] == [
        (rule, severity) for rule, severity, *_ in EXPECTED]
    location = run["results"][2]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "shop.gdpr.yaml"
    assert location["region"]["startLine"] == 37
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert {"E001", "E002", "E003", "E004"} <= set(rules)
    assert "Art. 9(1)" in json.dumps(rules["E002"])


def test_pre_commit_hook_blocks_then_passes(hook_repo: Path, shop: Path) -> None:  # noqa: F811
    git("init", "-q", cwd=shop)
    git("add", ".", cwd=shop)
    result = try_repo(hook_repo, shop)
    assert result.returncode == 1, result.stdout
    for rule, severity, line, message in EXPECTED:
        assert f"shop.gdpr.yaml:{line}:" in result.stdout
        assert f"{rule} [{severity}] {message}" in result.stdout, result.stdout
    declare_everything(shop)
    git("add", ".", cwd=shop)
    result = try_repo(hook_repo, shop)
    assert result.returncode == 0, result.stdout
    assert " E00" not in result.stdout
    committed = subprocess.run(["git", "status", "--porcelain"], cwd=shop, capture_output=True,
                               text=True, check=True).stdout
    assert "shop.gdpr.yaml" in committed  # staged, as a commit would take it
