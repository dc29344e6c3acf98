"""Provenance and reproducibility: file:line, commit, build date, byte-identical output."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from gdpr_lint.register import FORMATS
from tests.register.conftest import head

EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}


@pytest.mark.slow
@pytest.mark.parametrize("fmt", FORMATS)
def test_same_input_gives_byte_identical_output(cli, company: Path, tmp_path: Path,
                                                fmt: str) -> None:
    outputs = []
    for name in ("first", "second"):
        out = tmp_path / f"{name}.{fmt}"
        result = cli("register", "--format", fmt, "--output", str(out), cwd=company, env=EPOCH)
        assert result.returncode == 0, result.stderr
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) > 500


@pytest.mark.slow
def test_build_date_honours_source_date_epoch(cli, company: Path) -> None:
    result = cli("register", "--format", "html", cwd=company, env=EPOCH)
    assert "Built 2023-11-14T22:13:20Z from commit" in result.stdout
    assert f"<code>{head(company)}</code>" in result.stdout


@pytest.mark.slow
def test_uncommitted_changes_are_said(cli, company: Path) -> None:
    shop = company / "shop" / "shop.gdpr.yaml"
    shop.write_text(shop.read_text().replace("Answer questions", "Answer all questions"))
    result = cli("register", "--format", "json", cwd=company)
    assert f'"commit": "{head(company)} with uncommitted changes"' in result.stdout


@pytest.mark.slow
def test_the_commit_is_the_projects_whatever_git_dir_says(cli, company: Path,
                                                           tmp_path: Path) -> None:
    """A git hook, or a shell, may export GIT_DIR and GIT_INDEX_FILE for another repository;
    the register still names the commit of the repository its files are in."""
    other = tmp_path / "other"
    subprocess.run(["git", "init", "-q", str(other)], check=True)
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit",
                    "-q", "--allow-empty", "-m", "other"], cwd=other, check=True)
    env = {"GIT_DIR": str(other / ".git"), "GIT_INDEX_FILE": str(other / ".git/index"),
           "GIT_WORK_TREE": str(other)}
    result = cli("register", "--format", "json", cwd=company, env=env)
    assert result.returncode == 0, result.stderr
    assert f'"commit": "{head(company)}"' in result.stdout


@pytest.mark.slow
def test_outside_git(cli, tmp_path: Path) -> None:
    from gdpr_lint.rules.examples import activities_document
    from tests.conftest import write

    write(tmp_path, "a.gdpr.yaml", activities_document({}))
    env = {"GIT_CEILING_DIRECTORIES": str(tmp_path.parent)}
    result = cli("register", "--format", "md", cwd=tmp_path, env=env)
    assert result.returncode == 0
    assert "from commit not in a git work tree" in result.stdout


@pytest.mark.slow
def test_output_is_atomic_and_leaves_the_declarations_alone(cli, company: Path) -> None:
    before = subprocess.run(["git", "status", "--porcelain"], cwd=company,
                            capture_output=True, text=True).stdout
    out = company / "register.html"
    out.write_text("old")
    result = cli("register", "--output", str(out), cwd=company)
    assert result.returncode == 0
    assert out.read_text().startswith("<!DOCTYPE html>")
    after = subprocess.run(["git", "status", "--porcelain"], cwd=company,
                           capture_output=True, text=True).stdout
    assert after.replace("?? register.html\n", "") == before
    assert not [p for p in company.iterdir() if p.name.startswith(".gdpr-lint-")]


@pytest.mark.slow
def test_usage_errors(cli, company: Path) -> None:
    result = cli("register", "--format", "html", "--layout", "ico", cwd=company)
    assert result.returncode == 2 and "--layout ico applies to csv and xlsx" in result.stderr
    result = cli("register", "--controller", "nobody", cwd=company)
    assert result.returncode == 2 and "known: contoso" in result.stderr
    result = cli("notice", "--activity", "newsletter,nothing", cwd=company)
    assert result.returncode == 2 and "no activity nothing" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_selection(cli, company: Path) -> None:
    import json

    result = cli("register", "--format", "json", "--activity", "support", cwd=company)
    assert [a["id"] for a in json.loads(result.stdout)["activities"]] == ["support"]
    result = cli("register", "--format", "json", "--controller", "contoso", cwd=company)
    assert len(json.loads(result.stdout)["activities"]) == 3


@pytest.mark.slow
def test_bad_yaml_is_a_finding_in_the_annex_not_a_crash(cli, company: Path) -> None:
    (company / "broken.gdpr.yaml").write_text("activities: [\n")
    result = cli("register", "--format", "md", cwd=company)
    assert result.returncode == 0, result.stderr
    assert "broken.gdpr.yaml:2:1 | X001 | error" in result.stdout


@pytest.mark.slow
def test_example_company_smoke(cli) -> None:
    import yaml

    from tests.conftest import ROOT

    result = cli("register", "examples/valid", "--config", "examples/valid/.gdpr-lint.yaml",
                 cwd=ROOT)
    assert result.returncode == 0, result.stderr
    ids = [a["id"] for path in sorted((ROOT / "examples" / "valid").rglob("*.gdpr.yaml"))
           for a in (yaml.safe_load(path.read_text()) or {}).get("activities") or []]
    assert len(ids) >= 5
    for activity_id in ids:
        assert f"<code>{activity_id}</code>" in result.stdout
