"""`gdpr-lint schema --draft 7`, checked by jsonschema and by the real yaml-language-server."""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from lsprotocol import types
from pytest_lsp.client import LanguageClient, make_test_lsp_client

from gdpr_lint.lint.loader import read_document
from gdpr_lint.lint.schema import load_schema
from tests.conftest import ROOT, write

pytestmark = [pytest.mark.slow, pytest.mark.integration]

ONLY_2020_12 = {"$defs", "prefixItems", "dependentRequired", "dependentSchemas",
                "unevaluatedProperties", "unevaluatedItems", "$dynamicRef", "$anchor"}


@pytest.fixture(scope="module")
def draft7() -> dict[str, Any]:
    from gdpr_lint.authoring.draft7 import draft7_text

    schema: dict[str, Any] = json.loads(draft7_text())
    return schema


def _walk(schema: Any, where: str = "#") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(schema, dict):
        yield where, schema
        for key, value in schema.items():
            if key in ("enum", "const", "required", "examples"):
                continue
            yield from _walk(value, f"{where}/{key}")
    elif isinstance(schema, list):
        for index, value in enumerate(schema):
            yield from _walk(value, f"{where}/{index}")


def test_cli_prints_a_draft_7_schema(cli) -> None:
    result = cli("schema", "--draft", "7")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    jsonschema.Draft7Validator.check_schema(schema)
    assert json.loads(cli("schema").stdout) == load_schema()  # the default is unchanged


def test_no_2020_12_keyword_and_every_field_named(draft7: dict[str, Any]) -> None:
    for where, node in _walk(draft7):
        assert not ONLY_2020_12 & set(node), where
        if "$ref" in node:
            assert set(node) == {"$ref"}, f"{where}: draft 7 ignores a $ref's siblings"
            assert node["$ref"].startswith("#/definitions/"), where
        if node.get("type") == "object" or "properties" in node:
            assert node.get("title"), f"{where} has no title"
    for where, node in _walk(draft7):
        for name, sub in node.get("properties", {}).items():
            assert sub.get("title"), f"{where}/properties/{name} has no title"


def _examples() -> list[Path]:
    return sorted((ROOT / "examples").rglob("*.gdpr.yaml"))


def test_draft_7_accepts_and_refuses_what_the_source_schema_does(
        draft7: dict[str, Any]) -> None:
    source = jsonschema.Draft202012Validator(load_schema())
    converted = jsonschema.Draft7Validator(draft7)
    checked = 0
    for path in _examples():
        doc = read_document(str(path))
        if not doc.loaded:
            continue
        checked += 1
        assert source.is_valid(doc.data) == converted.is_valid(doc.data), path
    assert checked > 20


# -- the real yaml-language-server ------------------------------------------------------------
def yaml_language_server() -> list[str] | None:
    """The server's command: $YAML_LANGUAGE_SERVER, the copy .ci/run installs, or PATH."""
    explicit = os.environ.get("YAML_LANGUAGE_SERVER")
    if explicit:
        return [explicit, "--stdio"]
    script = ROOT / ".ci/node/node_modules/yaml-language-server/bin/yaml-language-server"
    node = shutil.which("node")
    if script.is_file() and node:
        return [node, str(script), "--stdio"]
    found = shutil.which("yaml-language-server")
    return [found, "--stdio"] if found else None


async def _diagnostics(folder: Path, schema: Path, document: Path) -> list[types.Diagnostic]:
    command = yaml_language_server()
    assert command is not None
    client: LanguageClient = make_test_lsp_client()
    await client.start_io(*command)
    settings = {"schemas": {schema.as_uri(): "*.gdpr.yaml"}, "validate": True}
    client.set_configuration(settings, section="yaml")
    try:
        await client.initialize_session(types.InitializeParams(
            capabilities=types.ClientCapabilities(
                workspace=types.WorkspaceClientCapabilities(configuration=True)),
            root_uri=folder.as_uri()))
        client.workspace_did_change_configuration(
            types.DidChangeConfigurationParams(settings={"yaml": settings}))
        uri = document.as_uri()
        client.text_document_did_open(types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri, "yaml", 1, document.read_text())))
        await asyncio.wait_for(
            client.wait_for_notification("textDocument/publishDiagnostics"), 60)
        return list(client.diagnostics.get(uri, []))
    finally:
        await client.shutdown_session()
        await client.stop()


VALID = (ROOT / "examples/valid").rglob("*.gdpr.yaml")


@pytest.fixture
def server_or_skip() -> None:
    if yaml_language_server() is None:
        pytest.skip("yaml-language-server not installed (.ci/run installs it where npm "
                    "exists; or set YAML_LANGUAGE_SERVER)")


@pytest.mark.asyncio
@pytest.mark.usefixtures("server_or_skip")
async def test_yaml_language_server_reads_a_valid_file_without_complaint(
        tmp_path: Path, draft7: dict[str, Any]) -> None:
    schema = write(tmp_path, "schema.json", json.dumps(draft7))
    valid = max(VALID, key=lambda p: p.stat().st_size)  # the richest example
    # Its modeline points at the 2020-12 schema; a user of this editor points at draft 7.
    text = re.sub(r"(?m)^# yaml-language-server: \$schema=.*$",
                  f"# yaml-language-server: $schema={schema}", valid.read_text())
    assert text.count("$schema=") <= 1
    document = write(tmp_path, "valid.gdpr.yaml", text)
    assert await _diagnostics(tmp_path, schema, document) == []


@pytest.mark.asyncio
@pytest.mark.usefixtures("server_or_skip")
async def test_yaml_language_server_names_the_field_of_a_nested_error(
        tmp_path: Path, draft7: dict[str, Any]) -> None:
    schema = write(tmp_path, "schema.json", json.dumps(draft7))
    document = write(tmp_path, "bad.gdpr.yaml", """\
controller: {id: acme, name: Acme Ltd, contact: privacy@acme.example, country: DE}
activities:
  - id: newsletter
    name: Monthly newsletter
    purposes: [Send the newsletter]
    data_subjects: [subscribers]
    data_categories: [email address]
    lawful_basis: consent
    consent:
      how_obtained: Unticked checkbox
      recrds: consent_log table
""")
    diagnostics = await _diagnostics(tmp_path, schema, document)
    assert len(diagnostics) == 1, diagnostics
    [problem] = diagnostics
    assert problem.range.start.line == 10
    assert "recrds" in problem.message
    assert problem.source is not None and problem.source.endswith("activity.consent")
