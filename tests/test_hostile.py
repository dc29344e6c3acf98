"""Hostile and arbitrary input: a clean finding or a clean exit, never an exception."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gdpr_lint.findings import Finding
from gdpr_lint.loader import load_document
from gdpr_lint.rules.examples import BASES, CONTROLLER, overlay
from tests.conftest import lint_text

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def no_internal_errors(findings: list[Finding]) -> None:
    assert not [f for f in findings if "internal error" in f.message], findings


@FAST
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_give_a_finding_or_a_declaration(raw: bytes) -> None:
    from gdpr_lint.config import Config
    from gdpr_lint.engine import Linter

    doc = load_document(raw, "f.gdpr.yaml")
    findings = Linter(Config()).lint_documents([doc]).findings
    no_internal_errors(findings)
    assert findings or isinstance(doc.data, dict)  # never a silent pass on junk


YAML_PIECES = st.sampled_from([
    "a", "- ", ": ", "\n", "  ", "{", "}", "[", "]", ", ", "&x ", "*x", "!!str ", "!!int ",
    "!!python/object ", "? ", "|\n", ">-\n", "'", '"', "#", "---\n", "...\n", "%YAML 1.1\n",
    "activities", "controller", "lawful_basis", "consent", "legitimate_interests", "id",
    "NO", "yes", "1:30", "2026-01-15", "~", "0x1F", "1e3", "\t", "\x00", "\ufeff", "é",
])


@FAST
@given(st.lists(YAML_PIECES, max_size=40).map("".join))
def test_arbitrary_yaml_text_lints_cleanly(text: str) -> None:
    no_internal_errors(lint_text(text))


JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
              st.text(max_size=20)),
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.text(max_size=12), inner, max_size=4)),
    max_leaves=20)
FIELD_NAMES = st.sampled_from(sorted({k for base in BASES.values() for k in base} | {
    "special_categories", "art9_condition", "transfers", "recipients", "notice", "children",
    "scale", "dpia", "automated_decisions", "controller", "rights", "source", "criminal_data",
    "direct_marketing", "retention", "legitimate_interests", "consent"}))


@FAST
@given(base=st.sampled_from(sorted(BASES)),
       changes=st.dictionaries(FIELD_NAMES, JSON, max_size=4))
def test_arbitrary_field_values_run_every_rule_cleanly(base: str, changes: dict[str, Any]) -> None:
    document = {"controller": dict(CONTROLLER), "activities": [overlay(base, changes)]}
    no_internal_errors(lint_text(yaml.safe_dump(document)))


@FAST
@given(JSON)
def test_arbitrary_documents_lint_cleanly(data: Any) -> None:
    no_internal_errors(lint_text(yaml.safe_dump(data)))


def test_bounded_time_on_a_large_valid_looking_file() -> None:
    text = "activities:\n" + "".join(f"  - id: a{i}\n    name: x\n" for i in range(20_000))
    start = time.monotonic()
    findings = lint_text(text)
    assert findings and time.monotonic() - start < 120


def test_symlink_loop_and_dangling_link_in_a_scanned_directory(cli, tmp_path: Path) -> None:
    os.symlink("loop.gdpr.yaml", tmp_path / "loop.gdpr.yaml")
    os.symlink("missing.yaml", tmp_path / "dangling.gdpr.yaml")
    os.symlink(".", tmp_path / "subdir-loop")
    result = cli("check", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert "dangling.gdpr.yaml:1:1: X006 [error] cannot be read: No such file or directory" \
        in lines[0]
    assert "loop.gdpr.yaml:1:1: X006 [error] cannot be read: Too many levels of symbolic" \
        in lines[1]
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_in_a_scanned_directory(cli, tmp_path: Path) -> None:
    secret = tmp_path / "secret.gdpr.yaml"
    secret.write_text("activities: []\n")
    secret.chmod(0)
    result = cli("check", cwd=tmp_path)
    assert result.returncode == 1
    assert "secret.gdpr.yaml:1:1: X006 [error] cannot be read: Permission denied" in result.stdout


@pytest.mark.parametrize("args", [
    ["check", "--config", "adir"], ["check", "--output", "adir"],
    ["check", "--baseline", "adir"], ["check", "--write-baseline", "adir"],
])
def test_directory_where_a_file_is_expected(cli, tmp_path: Path, args: list[str]) -> None:
    (tmp_path / "adir").mkdir()
    (tmp_path / "adir" / "a.gdpr.yaml").write_text("controller: x\n")
    result = cli(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert "adir" in result.stderr and "directory" in result.stderr.lower()
    assert "Traceback" not in result.stderr


def test_hostile_files_through_the_cli(cli, tmp_path: Path) -> None:
    (tmp_path / "nul.gdpr.yaml").write_bytes(b"\x00" * 4096)
    (tmp_path / "latin1.gdpr.yaml").write_bytes(b"controller: caf\xe9\n")
    (tmp_path / "python.gdpr.yaml").write_text(
        "controller: !!python/object/apply:os.system ['touch pwned']\n")
    (tmp_path / "big.gdpr.yaml").write_bytes(b"# " + b"x" * (50 * 1024 * 1024))
    (tmp_path / "deep.gdpr.yaml").write_text("[" * 20_000 + "]" * 20_000)
    bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    bomb += [f"{n}: &{n} [{','.join(['*' + p] * 9)}]" for n, p in zip("bcdefghi", "abcdefgh",
                                                                        strict=True)]
    (tmp_path / "bomb.gdpr.yaml").write_text("\n".join(bomb) + "\n")
    start = time.monotonic()
    result = cli("check", "--format", "json", cwd=tmp_path)
    assert time.monotonic() - start < 60
    assert result.returncode == 1 and "Traceback" not in result.stderr
    import json

    rules = {Path(f["path"]).name: f["rule"] for f in json.loads(result.stdout)["findings"]}
    assert rules == {name: "X006" for name in ("nul.gdpr.yaml", "latin1.gdpr.yaml",
                                               "python.gdpr.yaml", "big.gdpr.yaml",
                                               "deep.gdpr.yaml", "bomb.gdpr.yaml")}
    assert not (tmp_path / "pwned").exists()
