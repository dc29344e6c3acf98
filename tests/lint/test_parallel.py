"""A parallel run reports exactly what a serial run does."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from corpus import write_corpus


@pytest.mark.slow
def test_jobs_give_identical_output(cli, tmp_path: Path) -> None:
    write_corpus(300, tmp_path / "corpus", seed=7)
    shutil.copy(ROOT / "examples" / "policies" / "acme.policy.yaml", tmp_path)
    (tmp_path / ".gdpr-lint.yaml").write_text("policies: [acme.policy.yaml]\n")
    # a suppression and a cross-file duplicate id, so every stage has work to do
    first = sorted((tmp_path / "corpus").rglob("*.gdpr.yaml"))[1]
    first.write_text("# gdpr-lint: disable-file=D004 -- test\n" + first.read_text())
    shutil.copy(first, tmp_path / "corpus" / "copy.gdpr.yaml")
    shutil.copy(ROOT / "tests" / "fixtures" / "policies" / "breaches.gdpr.yaml",
                tmp_path / "corpus")
    outputs = {}
    for jobs in ("1", "2", "3"):
        result = cli("check", "corpus", "--jobs", jobs, "--format", "json", cwd=tmp_path)
        assert result.returncode == 1, result.stderr
        outputs[jobs] = result.stdout
    assert outputs["1"] == outputs["2"] == outputs["3"]
    assert '"rule": "X004"' in outputs["1"] and '"rule": "ACME' in outputs["1"]
