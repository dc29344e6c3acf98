"""The evidence files of the acceptance repository, made and checked by the real tools: a
dbt project parsed by `dbt parse`, a contract valid against the ODCS JSON Schema, an API
description valid for openapi-spec-validator, a privacy manifest written by plistlib."""

from __future__ import annotations

import json
import plistlib
from pathlib import Path

import pytest
import yaml

from gdpr_lint.evidence.read import read_evidence
from tests.conftest import ROOT
from tests.evidence.conftest import SHOP, privacy_manifest


@pytest.mark.slow
@pytest.mark.integration
def test_dbt_parse_manifest_is_read(shop_built: Path) -> None:
    manifest = shop_built / "warehouse" / "target" / "manifest.json"
    data = json.loads(manifest.read_text())
    assert data["metadata"]["dbt_schema_version"].endswith("/manifest/v12.json")
    ev = read_evidence(manifest, "manifest.json")
    assert (ev.kind, ev.system, ev.problem) == ("dbt", "shop_warehouse", None)
    seen = {(s.key, s.where) for s in ev.seen}
    assert seen == {
        ("user.unique_id", "model customers, column customer_id"),
        ("user.name.first", "model customers, column first_name"),
        ("user.name.last", "model customers, column last_name"),
        ("user.contact.email", "model customers, column email"),
        ("user.contact.phone_number", "model customers, column phone"),
        ("user.contact.address", "model customers, column postal_address"),
        ("user.health_and_medical", "model customers, column allergies"),
        ("user.unique_id", "model orders, column customer_id")}


def test_contract_is_valid_odcs() -> None:
    import jsonschema

    schema = json.loads((ROOT / "tests/fixtures/odcs-json-schema-v3.1.0.json").read_text())
    contract = yaml.safe_load((SHOP / "contracts" / "orders.odcs.yaml").read_text())
    jsonschema.Draft201909Validator(schema).validate(contract)
    broken = {**contract, "slaProperties": [{"property": "retention", "value": [10]}]}
    with pytest.raises(jsonschema.ValidationError):  # the schema does check what we read
        jsonschema.Draft201909Validator(schema).validate(broken)


def test_api_description_is_valid_openapi() -> None:
    validator = pytest.importorskip("openapi_spec_validator")
    document = yaml.safe_load((SHOP / "api" / "openapi.yaml").read_text())
    validator.validate(document)
    with pytest.raises(Exception, match="servers"):
        validator.validate({**document, "servers": "https://api.shop.example"})


def test_privacy_manifest_round_trips_through_plistlib(tmp_path: Path) -> None:
    path = tmp_path / "ShopApp" / "PrivacyInfo.xcprivacy"
    path.parent.mkdir()
    with open(path, "wb") as handle:
        plistlib.dump(privacy_manifest(["metrics.shopmetrics.example", "sdk.adtracker.example"],
                                       ["EmailAddress", "Name", "PreciseLocation"]), handle)
    data = plistlib.loads(path.read_bytes())
    assert data["NSPrivacyTrackingDomains"] == ["metrics.shopmetrics.example",
                                                "sdk.adtracker.example"]
    ev = read_evidence(path, "PrivacyInfo.xcprivacy")
    assert [s.key for s in ev.seen] == ["user.contact.email", "user.name",
                                        "user.location.precise"]
