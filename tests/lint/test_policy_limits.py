"""Policy packs run bounded: a pattern that can backtrack catastrophically, a schema that
multiplies at each step, or a `policies` glob outside the project is refused with a clear
error (exit 2) naming the file and the rule, before any declaration is read."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, call_main

ACTIVITY = ROOT / "tests" / "fixtures" / "policies" / "breaches.gdpr.yaml"


def _pack(require: str) -> str:
    return ("version: 1\nrules:\n  - id: ACME900\n    title: A test rule\n    severity: error\n"
            "    message: breaks the test rule\n    require:\n" +
            "".join(f"      {line}\n" for line in require.splitlines()))


def _project(tmp_path: Path, pack: str, policies: str = "['*.policy.yaml']") -> Path:
    (tmp_path / "team.policy.yaml").write_text(pack)
    shutil.copy(ACTIVITY, tmp_path / "breaches.gdpr.yaml")
    (tmp_path / ".gdpr-lint.yaml").write_text(f"policies: {policies}\n")
    return tmp_path


@pytest.mark.parametrize(("pattern", "why"), [
    ("^(a+)+$", "a nested quantifier"),
    ("^(a|aa)*$", "repeats an alternation"),
    ("^(x)\\\\1$", "a backreference"),
    ("^.*.*[^x]*x$", "3 unbounded repeats of any character"),
])
def test_a_backtracking_pattern_is_refused(tmp_path: Path, pattern: str,
                                           why: str) -> None:
    """The value comes from any team's declaration: `(a+)+$` on 40 a's and a b ran for
    hours. Refused at load, in well under a second."""
    _project(tmp_path, _pack(f'properties: {{name: {{pattern: "{pattern}"}}}}'))
    (tmp_path / "breaches.gdpr.yaml").write_text(
        (tmp_path / "breaches.gdpr.yaml").read_text().replace(
            "name:", f"name: {'a' * 40}b #", 1))
    started = time.monotonic()
    result = call_main("check", ".", cwd=tmp_path)
    assert time.monotonic() - started < 60
    assert result.returncode == 2, result.stdout
    assert "team.policy.yaml:3: rule ACME900" in result.stderr
    assert why in result.stderr and "Traceback" not in result.stderr


def test_pattern_properties_keys_are_checked_too(tmp_path: Path) -> None:
    _project(tmp_path, _pack('patternProperties: {"^(\\\\w+\\\\s?)+$": {type: string}}'))
    result = call_main("check", ".", cwd=tmp_path)
    assert result.returncode == 2 and "a nested quantifier" in result.stderr


def test_an_exponential_allof_chain_is_refused(tmp_path: Path) -> None:
    """Each definition applies the next one twice: 2^30 schemas per value."""
    defs = "".join(f"  d{n}: {{allOf: [{{$ref: '#/$defs/d{n + 1}'}}, "
                   f"{{$ref: '#/$defs/d{n + 1}'}}]}}\n" for n in range(30))
    require = "$ref: '#/$defs/d0'\n$defs:\n" + defs + "  d30: {type: object}\n"
    _project(tmp_path, _pack(require))
    started = time.monotonic()
    result = call_main("check", ".", cwd=tmp_path)
    assert time.monotonic() - started < 60
    assert result.returncode == 2, result.stdout
    assert "team.policy.yaml:3: rule ACME900" in result.stderr
    assert "more than 10,000 schemas to one value" in result.stderr


@pytest.mark.parametrize("entry", ["/**/*.policy.yaml", "../*.policy.yaml",
                                   "sub/../../*.policy.yaml"])
def test_policies_outside_the_project_are_refused(tmp_path: Path, entry: str) -> None:
    project = tmp_path / "project"
    project.mkdir()
    _project(project, _pack("required: [name]"), f"['{entry}']")
    started = time.monotonic()
    result = call_main("check", ".", cwd=project)
    assert time.monotonic() - started < 30  # the glob over / is never walked
    assert result.returncode == 2
    assert f"policies entry '{entry}' reaches outside the project" in result.stderr


def test_a_policy_linked_from_outside_is_refused(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    _project(project, _pack("required: [name]"))
    (tmp_path / "outside.policy.yaml").write_text(_pack("required: [name]"))
    (project / "linked.policy.yaml").symlink_to(tmp_path / "outside.policy.yaml")
    result = call_main("check", ".", cwd=project)
    assert result.returncode == 2 and "a link to a file outside the project" in result.stderr


def test_safe_patterns_still_work(tmp_path: Path) -> None:
    _project(tmp_path, _pack('properties: {id: {pattern: "^[a-z]+-[a-z0-9]+$"}}'))
    result = call_main("check", ".", "--format", "json", cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
