"""The GitHub Action's register steps: off by default, an HTML artifact when asked."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

ACTION = yaml.safe_load((ROOT / "action.yml").read_text())


def step(step_id: str | None = None, uses: str | None = None) -> dict[str, str]:
    return next(s for s in ACTION["runs"]["steps"]
                if (step_id and s.get("id") == step_id) or (uses and
                                                            s.get("uses", "").startswith(uses)))


def test_register_input_is_off_by_default() -> None:
    assert ACTION["inputs"]["register"]["default"] == "false"
    assert "inputs.register == 'true'" in step("register")["if"]
    upload = step(uses="actions/upload-artifact@")
    assert "steps.register.outcome == 'success'" in upload["if"]
    assert upload["with"]["path"] == "${{ runner.temp }}/gdpr-lint-register.html"


@pytest.mark.slow
def test_register_step_writes_the_html_register(tmp_path: Path) -> None:
    env = {**os.environ, "PATHS": "examples/valid --config examples/valid/.gdpr-lint.yaml",
           "RUNNER_TEMP": str(tmp_path)}
    result = subprocess.run(["bash", "-e", "-c", step("register")["run"]], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "gdpr-lint-register.html").read_text()
    assert html.startswith("<!DOCTYPE html>") and "Northwind Bikes GmbH" in html
