"""`check`, `register` and `notice` see the same project: the same files, controllers and
findings, in a repository with a gitignored copy, a symlinked folder, a broken controller
reference and processor activities."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT, write

pytestmark = [pytest.mark.slow, pytest.mark.integration]

BROKEN = """\
controller: nosuch
activities:
  - id: team.broken
    name: Broken reference
    purposes: [Answer support tickets]
    data_subjects: [customers]
    data_categories: [email address]
    lawful_basis: contract
    contract: {reference: Terms of service, necessity: Needed to answer the ticket}
    rights: [access, rectification, erasure, restriction, portability, complaint]
    recipients: []
    retention: {period: P1Y, start: ticket closed}
    notice: {url: "https://acme.example/privacy", timing: at_collection}
    security_measures: [TLS in transit]
"""


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    shutil.copytree(ROOT / "examples/valid", tmp_path / "examples/valid")
    write(tmp_path, ".gdpr-lint.yaml", "controllers: [examples/valid/controllers.gdpr.yaml]\n")
    write(tmp_path, ".gitignore", "build/\n")
    shutil.copytree(tmp_path / "examples/valid/shop", tmp_path / "build/shop")  # a build output
    for copy in (tmp_path / "build/shop").glob("*.gdpr.yaml"):
        copy.write_text(copy.read_text().replace("    name: ", "    name: BUILD-COPY "))
    os.symlink(tmp_path / "examples/valid/support", tmp_path / "linked")
    write(tmp_path, "team/broken.gdpr.yaml", BROKEN)
    return tmp_path


def findings(report: dict[str, object]) -> set[tuple[str, str, int]]:
    return {(f["rule"], f["path"], f["line"]) for f in report["findings"]}  # type: ignore[index, attr-defined]


@pytest.mark.parametrize("where", [".", "examples"], ids=["root", "subfolder"])
def test_check_and_register_agree(cli, repository: Path, where: str) -> None:
    checked = cli("check", where, "--format", "json", cwd=repository)
    assert checked.returncode == (1 if where == "." else 0), checked.stderr
    registered = cli("register", where, "--format", "json", cwd=repository)
    assert registered.returncode == 0, registered.stderr
    check_report, record = json.loads(checked.stdout), json.loads(registered.stdout)
    assert findings(check_report) == findings(record)
    assert not any(path.startswith(("build/", "linked/")) for _, path, _ in findings(record))
    if where == ".":
        assert ("X005", "team/broken.gdpr.yaml", 1) in findings(record)
    ids = {a["id"] for a in record["activities"]}
    assert len(ids) == len(record["activities"])  # nothing counted twice
    assert "BUILD-COPY" not in registered.stdout
    assert {a["id"] for a in record["processor_activities"]}
    assert record["files"] == check_report["summary"]["files"]


def test_notice_reads_the_same_files(cli, repository: Path,
                                    tmp_path_factory: pytest.TempPathFactory) -> None:
    out = tmp_path_factory.mktemp("notices")
    notice = cli("notice", ".", "--output-dir", str(out), cwd=repository)
    assert notice.returncode == 0, notice.stderr
    text = "".join(page.read_text("utf-8") for page in sorted(out.iterdir()))
    assert "BUILD-COPY" not in text and "Order" in text
