"""The GitHub Action's lint step, run as the runner would run it."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

ACTION = yaml.safe_load((ROOT / "action.yml").read_text())


def lint_step() -> dict[str, object]:
    return next(s for s in ACTION["runs"]["steps"] if s.get("id") == "lint")


def run_step(tmp_path: Path, paths: str) -> tuple[subprocess.CompletedProcess[str], str, Path]:
    step = lint_step()
    output = tmp_path / "github_output"
    output.write_text("")
    sarif = tmp_path / "out.sarif"
    env = {**os.environ, "PATHS": paths, "ARGS": "", "SARIF": str(sarif),
           "ANNOTATIONS": "true", "GITHUB_OUTPUT": str(output)}
    result = subprocess.run(["bash", "-e", "-c", str(step["run"])], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    return result, output.read_text(), sarif


def test_action_is_a_composite_action_with_the_documented_inputs() -> None:
    assert ACTION["runs"]["using"] == "composite"
    assert set(ACTION["inputs"]) >= {"paths", "args", "sarif-file", "upload-sarif"}
    uses = [s.get("uses", "") for s in ACTION["runs"]["steps"]]
    assert any(u.startswith("github/codeql-action/upload-sarif@") for u in uses)


@pytest.mark.slow
def test_lint_step_on_clean_declarations(tmp_path: Path) -> None:
    result, outputs, sarif = run_step(tmp_path, "examples/valid")
    assert result.returncode == 0, result.stderr
    assert outputs == "exit-code=0\n"
    assert json.loads(sarif.read_text())["runs"][0]["results"] == []


@pytest.mark.slow
def test_lint_step_on_faulty_declarations(tmp_path: Path) -> None:
    result, outputs, sarif = run_step(tmp_path, "examples/invalid/B001-no-lawful-basis.gdpr.yaml")
    assert result.returncode == 0  # the step records the code; a later step fails the job
    assert outputs == "exit-code=1\n"
    assert json.loads(sarif.read_text())["runs"][0]["results"][0]["ruleId"] == "B001"
    assert "::error file=examples/invalid/B001-no-lawful-basis.gdpr.yaml,line=12,col=3," \
           "title=B001::" in result.stdout


@pytest.mark.slow
def test_lint_step_runs_gdpr_lint_once_for_sarif_annotations_and_summary(tmp_path: Path) -> None:
    assert str(lint_step()["run"]).count("gdpr-lint check") == 1
    summary = tmp_path / "summary.md"
    step = lint_step()
    env = {**os.environ, "PATHS": "examples/invalid/B001-no-lawful-basis.gdpr.yaml",
           "ARGS": "", "SARIF": str(tmp_path / "out.sarif"), "ANNOTATIONS": "true",
           "GITHUB_OUTPUT": str(tmp_path / "out"), "GITHUB_STEP_SUMMARY": str(summary),
           "GITHUB_ACTIONS": "true"}
    result = subprocess.run(["bash", "-e", "-c", str(step["run"])], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("::error ") == 1
    text = summary.read_text()
    assert text.startswith("## gdpr-lint\n") and "| B001 |" in text
    assert json.loads((tmp_path / "out.sarif").read_text())["runs"][0]["results"]


def test_sarif_upload_cannot_fail_a_pull_request_from_a_fork() -> None:
    upload = next(s for s in ACTION["runs"]["steps"]
                  if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif@"))
    assert upload.get("continue-on-error") is True
    assert "github.event.pull_request.head.repo.full_name == github.repository" in upload["if"]
