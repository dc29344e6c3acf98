"""Each kind's reader on the format's real structure, and hostile evidence: malformed,
enormous, deeply referenced, pointing at the network."""

from __future__ import annotations

import json
import plistlib
import socket
import time
from pathlib import Path

import pytest
import yaml

from gdpr_lint.evidence.read import read_evidence
from tests.conftest import write
from tests.evidence.conftest import SHOP, privacy_manifest


def read(path: Path, kind: str | None = None, system: str | None = None, **kw: int):
    return read_evidence(path, path.name, kind, system, **kw)


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Evidence is never fetched: any connection attempt fails the test."""
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("evidence reading tried to connect")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def keys(ev) -> list[tuple[str | None, str]]:
    return [(s.key, s.where) for s in ev.seen]


def test_dbt_manifest_nodes_and_columns(tmp_path: Path) -> None:
    manifest = {"metadata": {"dbt_schema_version":
                             "https://schemas.getdbt.com/dbt/manifest/v12.json",
                             "project_name": "warehouse"},
                "nodes": {
                    "model.w.customers": {
                        "resource_type": "model", "name": "customers",
                        "config": {"meta": {"contains_pii": True}, "tags": []},
                        "columns": {"email": {"name": "email", "meta": {"pii": True},
                                              "tags": []},
                                    "tier": {"name": "tier", "meta": {}, "tags": []}}},
                    "model.w.visits": {"resource_type": "model", "name": "visits",
                                       "meta": {"contains_pii": True},
                                       "columns": {"ip_address": {"name": "ip_address"},
                                                   "day": {"name": "day"}}},
                    "test.w.x": {"resource_type": "test", "name": "x",
                                 "meta": {"pii": True}}},
                "sources": {"source.w.crm.people": {
                    "resource_type": "source", "name": "people", "columns": {
                        "diagnosis": {"name": "diagnosis",
                                      "meta": {"data_category": "user.health_and_medical"},
                                      "policy_tags": []}}}}}
    path = write(tmp_path, "manifest.json", json.dumps(manifest))
    ev = read(path)
    assert (ev.kind, ev.system, ev.problem) == ("dbt", "warehouse", None)
    assert [(s.key, s.where, s.explicit) for s in ev.seen] == [
        ("user.contact.email", "model customers, column email", False),
        ("user.device.ip_address", "model visits, column ip_address", False),
        ("user.health_and_medical", "source people, column diagnosis", True)]


def test_odcs_properties_and_retention() -> None:
    ev = read(SHOP / "contracts" / "orders.odcs.yaml")
    assert (ev.kind, ev.system) == ("odcs", "orders-contract")
    assert [(s.key, s.where, s.line) for s in ev.seen] == [
        ("user.contact.email", "property orders.customer_email", 16),
        ("user.contact.address", "property orders.delivery_address", 20)]
    assert [(k.text, k.keys, k.duration.months) for k in ev.kept] == [
        ("10 y", ("user.contact.email",), 120), ("3 y", ("user.contact.address",), 36)]


def test_openapi_schemas_parameters_and_servers() -> None:
    ev = read(SHOP / "api" / "openapi.yaml")
    assert (ev.kind, ev.system) == ("openapi", "shop-api")
    assert sorted(keys(ev)) == sorted([
        ("user.unique_id", "#/paths/~1customers~1{customerId}/get/parameters/0"),
        ("user.contact.email", "#/components/schemas/Customer/properties/email"),
        ("user.name.first", "#/components/schemas/Customer/properties/firstName"),
        ("user.contact.address", "#/components/schemas/Customer/properties/address"),
        ("user.contact.address", "#/components/schemas/Order/properties/deliveryAddress")])
    assert [p.name for p in ev.parties] == ["https://api.shop.example/v2",
                                            "https://checkout.paymentsprovider.example/v1"]


def test_openapi_refs_to_urls_are_not_fetched_and_cycles_cost_one_walk(tmp_path: Path) -> None:
    # 40 schemas, each referring twice to the next and once to itself: unfolding the
    # references would take 2**40 steps; each is walked once.
    schemas = {f"S{i}": {"type": "object", "properties": {
        "a": {"$ref": f"#/components/schemas/S{i + 1}"},
        "b": {"$ref": f"#/components/schemas/S{i + 1}"},
        "me": {"$ref": f"#/components/schemas/S{i}"},
        "remote": {"$ref": "http://127.0.0.1:9/schema.json#/Person"},
        "file": {"$ref": "other.yaml#/Person"},
        "broken": {"$ref": "#/components/schemas/Nope"}}} for i in range(40)}
    schemas["S40"] = {"type": "object", "x-pii": True,
                      "properties": {"email": {"type": "string"}}}
    document = {"openapi": "3.0.3", "info": {"title": "deep", "version": "1"}, "paths": {},
                "components": {"schemas": schemas}}
    path = write(tmp_path, "api.json", json.dumps(document))
    started = time.perf_counter()
    ev = read(path)
    assert time.perf_counter() - started < 2
    assert ev.problem is None
    assert keys(ev) == [("user.contact.email", "#/components/schemas/S40/properties/email")]


def test_apple_privacy_manifest_read_with_plistlib(tmp_path: Path) -> None:
    path = tmp_path / "App" / "PrivacyInfo.xcprivacy"
    path.parent.mkdir()
    path.write_bytes(plistlib.dumps(privacy_manifest(["t.example"], ["Health", "SensitiveInfo",
                                                                   "OtherDataTypes"])))
    ev = read(path)
    assert (ev.kind, ev.system) == ("apple", "App")
    assert [(s.key, s.special_hint) for s in ev.seen] == [
        ("user.health_and_medical", False), ("user", True), ("user", False)]
    assert [(p.name, p.where) for p in ev.parties] == [("t.example",
                                                        "NSPrivacyTrackingDomains[0]")]
    binary = write(tmp_path, "b.xcprivacy", "")
    binary.write_bytes(plistlib.dumps(privacy_manifest([], ["Name"]),
                                      fmt=plistlib.FMT_BINARY))
    assert [s.key for s in read(binary, system="app").seen] == ["user.name"]


def test_fides_dataset_and_system(tmp_path: Path) -> None:
    manifest = {"dataset": [{"fides_key": "crm", "name": "CRM", "collections": [
        {"name": "people", "fields": [
            {"name": "email", "data_categories": ["user.contact.email"]},
            {"name": "profile", "fields": [
                {"name": "religion", "data_categories": ["user.demographic.religious_belief"]}]},
            {"name": "created", "data_categories": ["system.operations"]}]}]}],
        "system": [{"fides_key": "mailer", "name": "Mailer", "privacy_declarations": [
            {"data_categories": ["user.name"], "data_use": "marketing",
             "third_parties": "Mailer Ltd"}]}]}
    path = write(tmp_path, "fides.yml", yaml.safe_dump(manifest))
    ev = read(path)
    assert (ev.kind, ev.system) == ("fides", "CRM")
    assert [(s.key, s.where) for s in ev.seen] == [
        ("user.contact.email", "field CRM.people.email"),
        ("user.demographic.religious_belief", "field CRM.people.profile.religion"),
        ("user.name", "system Mailer, privacy_declarations[0]")]
    assert [p.name for p in ev.parties] == ["Mailer Ltd"]


def test_bearer_reports_are_guesses(tmp_path: Path) -> None:
    report = {"subjects": [{"subject_name": "User", "name": "Email Address",
                            "detection_count": 3},
                           {"subject_name": "User", "name": "Blood Type"},
                           {"subject_name": "Unknown", "name": "Unknown"}],
              "third_party": [{"third_party": "Sentry", "subject_name": "User",
                               "data_types": ["Email Address"]}]}
    path = write(tmp_path, "bearer.json", json.dumps(report))
    ev = read(path, system="shop-api")
    assert [(s.key, s.explicit) for s in ev.seen] == [
        ("user.contact.email", False), ("user.health_and_medical", False)]
    assert [p.name for p in ev.parties] == ["Sentry"]
    assert "set `system`" in read(path).problem[0]  # Bearer names no system


def test_privado_result(tmp_path: Path) -> None:
    result = {"repoName": "shop-backend", "sources": [
        {"sourceType": "Data Element", "id": "Data.Sensitive.ContactData.EmailAddress",
         "name": "Email Address", "category": "Contact Data"},
        {"sourceType": "Data Element", "id": "Data.Sensitive.HealthData.MedicalCertificates",
         "name": "Medical Certificates"}],
        "dataFlow": {"third_parties": [{"sourceId": "x", "sinks": [
            {"sinkType": "third_parties", "id": "ThirdParties.SDK.Segment", "name": "Segment"}]}]}}
    ev = read(write(tmp_path, "privado.json", json.dumps(result)))
    assert (ev.kind, ev.system) == ("privado", "shop-backend")
    assert [s.key for s in ev.seen] == ["user.contact.email", "user.health_and_medical"]
    assert [p.name for p in ev.parties] == ["Segment"]


@pytest.mark.parametrize("name, text, expected", [
    ("m.json", '{"nodes": {}, "sources": {},\n  "metadata": [1, 2,,]}',
     ("invalid JSON: Expecting value", 2, 21)),
    ("a.yaml", "openapi: 3.1.0\ninfo: {title: x\n", ("invalid YAML", 3, 1)),
    ("a.yaml", "openapi: 3.1.0\nopenapi: 3.0.0\n", ("duplicate key", 2, 1)),
    ("P.xcprivacy", "<?xml version='1.0'?>\n<plist><dict><key>a</key>\n</plist>",
     ("invalid property list", 3, 3)),
    ("x.json", '{"hello": "world"}', ("cannot tell which kind", 1, 1)),
    ("x.json", "[" * 100_000 + "]" * 100_000, ("nested too deeply", 1, 1)),
])
def test_malformed_evidence_is_named_with_line_and_column(tmp_path: Path, name: str,
                                                          text: str,
                                                          expected: tuple[str, int, int]) -> None:
    ev = read(write(tmp_path, name, text))
    assert ev.problem is not None
    message, line, column = ev.problem
    assert expected[0] in message, message
    assert (line, column) == expected[1:]


def test_missing_directory_and_oversized(tmp_path: Path) -> None:
    assert "not found" in read(tmp_path / "nope.json").problem[0]
    assert "directory" in read(tmp_path).problem[0]
    big = write(tmp_path, "manifest.json", json.dumps({"nodes": {}, "x": "a" * 5000}))
    message = read(big, limit=1000).problem[0]
    assert "over the 1,000-byte limit" in message


def test_yaml_evidence_builds_no_objects(tmp_path: Path) -> None:
    path = write(tmp_path, "a.yaml", "openapi: !!python/object/apply:os.system ['true']\n")
    ev = read(path)
    assert ev.problem is not None and "tag" in ev.problem[0].lower()
