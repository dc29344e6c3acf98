"""Per entry: when it was created and last changed (git history), who reviews it and when."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import call_main, write

CONTROLLER = """\
controller: {id: acme, name: Acme Ltd, contact: privacy@acme.example, country: DE}
"""

ACTIVITY = """\
  - id: {id}
    name: {name}
    purposes: [Send the newsletter]
    data_subjects: [subscribers]
    data_categories: [email address]
    lawful_basis: consent
    consent: {{how_obtained: Checkbox, records: consent log, withdrawal: Unsubscribe link}}
    rights: [access, rectification, erasure, restriction, portability, withdraw_consent,
             complaint]
    recipients: []
    retention: {{period: P2Y, start: last email opened}}
    security_measures: [TLS]
"""


def commit(folder: Path, when: str, message: str = "change") -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com",
           "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "add", "-A"], cwd=folder, check=True, env=env)
    subprocess.run([*git, "commit", "-q", "-m", message], cwd=folder, check=True, env=env)


def activities(*items: str) -> str:
    return CONTROLLER + "activities:\n" + "".join(items)


@pytest.fixture
def history(tmp_path: Path) -> Path:
    """Three commits: `a` in January 2024, `b` added in March 2025, `a` renamed in June."""
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    path = tmp_path / "m.gdpr.yaml"
    path.write_text(activities(ACTIVITY.format(id="a", name="Newsletter")))
    commit(tmp_path, "2024-01-15T10:00:00+00:00")
    path.write_text(activities(ACTIVITY.format(id="a", name="Newsletter"),
                               ACTIVITY.format(id="b", name="Offers")))
    commit(tmp_path, "2025-03-02T10:00:00+00:00")
    path.write_text(activities(ACTIVITY.format(id="a", name="Monthly newsletter"),
                               ACTIVITY.format(id="b", name="Offers")))
    commit(tmp_path, "2025-06-30T23:30:00-02:00")  # 1 July in UTC
    return tmp_path


def register(folder: Path, fmt: str, *args: str) -> str:
    result = call_main("register", "--format", fmt, *args, cwd=folder)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_created_and_last_changed_from_git_history(history: Path) -> None:
    entries = {e["id"]: e for e in json.loads(register(history, "json"))["activities"]}
    assert entries["a"]["history"] == {"created": "2024-01-15", "last_changed": "2025-07-01",
                                       "uncommitted": False}
    assert entries["b"]["history"] == {"created": "2025-03-02", "last_changed": "2025-03-02",
                                       "uncommitted": False}
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(register(history, "csv")))}
    assert (rows["a"]["created"], rows["a"]["last changed"]) == ("2024-01-15", "2025-07-01")
    cnil = {r["Référence"]: r for r in csv.DictReader(io.StringIO(
        register(history, "csv", "--layout", "cnil")))}
    assert cnil["b"]["Date de création de la fiche"] == "2025-03-02"
    assert cnil["b"]["Date de dernière mise à jour de la fiche"] == "2025-03-02"
    md = register(history, "md")
    assert "| Created |  | 2024-01-15 |" in md and "| Last changed |  | 2025-07-01 |" in md


def test_uncommitted_change_is_said(history: Path) -> None:
    path = history / "m.gdpr.yaml"
    path.write_text(path.read_text().replace("name: Offers", "name: Special offers"))
    entries = {e["id"]: e for e in json.loads(register(history, "json"))["activities"]}
    assert entries["b"]["history"] == {"created": "2025-03-02", "last_changed": "2025-03-02",
                                       "uncommitted": True}
    assert entries["a"]["history"]["uncommitted"] is False
    html = register(history, "html")
    assert "2025-03-02, with uncommitted changes" in html
    write(history, "new.gdpr.yaml", activities(ACTIVITY.format(id="c", name="New")))
    entries = {e["id"]: e for e in json.loads(register(history, "json"))["activities"]}
    assert entries["c"]["history"] is None  # untracked: git knows nothing of it yet


def test_outside_git_the_dates_are_unknown(tmp_path: Path) -> None:
    write(tmp_path, "m.gdpr.yaml", activities(ACTIVITY.format(id="a", name="Newsletter")))
    entry = json.loads(register(tmp_path, "json"))["activities"][0]
    assert entry["history"] is None
    created = entry["items"]["created"]
    assert (created["state"], created["values"]) == ("given", ["unknown (not in git history)"])
    row = next(csv.DictReader(io.StringIO(register(tmp_path, "csv", "--layout", "ico"))))
    assert row["Created"] == row["Last changed"] == "unknown (not in git history)"


def test_one_git_call_per_file_not_per_activity(tmp_path: Path) -> None:
    """History costs one `git blame` per declaration file, whatever its number of entries."""
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    write(tmp_path, "m.gdpr.yaml", activities(*(ACTIVITY.format(id=f"a{n}", name=f"A {n}")
                                                for n in range(300))))
    commit(tmp_path, "2024-01-15T10:00:00+00:00")
    # git is found on PATH as a script that notes each call (gdpr-lint passes git none of the
    # caller's GIT_ variables, GIT_TRACE among them)
    calls = tmp_path / "calls.txt"
    traced = tmp_path / "bin" / "git"
    traced.parent.mkdir()
    traced.write_text(f'#!/bin/sh\necho "$@" >> "{calls}"\nexec "{shutil.which("git")}" "$@"\n')
    traced.chmod(0o755)
    result = call_main("register", "--format", "json", cwd=tmp_path,
                       env={"PATH": f"{traced.parent}{os.pathsep}{os.environ['PATH']}"})
    assert result.returncode == 0, result.stderr
    blames = [line for line in calls.read_text().splitlines() if "blame" in line.split()]
    assert len(blames) == 1
    entries = json.loads(result.stdout)["activities"]
    assert {e["history"]["created"] for e in entries} == {"2024-01-15"}


def test_review_owner_and_due_date(tmp_path: Path) -> None:
    reviewed = ACTIVITY.format(id="a", name="Newsletter") + (
        "    review: {owner: Head of Marketing, last_reviewed: 2025-02-28, every: P6M}\n")
    default = ACTIVITY.format(id="b", name="Offers") + (
        "    review: {owner: DPO office, last_reviewed: 2024-02-29}\n")
    write(tmp_path, "m.gdpr.yaml", activities(reviewed, default,
                                              ACTIVITY.format(id="c", name="Other")))
    env = {"SOURCE_DATE_EPOCH": "1767225600"}  # 2026-01-01
    result = call_main("register", "--format", "json", cwd=tmp_path, env=env)
    entries = {e["id"]: e for e in json.loads(result.stdout)["activities"]}
    assert entries["a"]["review"] == {"owner": "Head of Marketing",
                                      "last_reviewed": "2025-02-28", "every": "P6M",
                                      "due": "2025-08-28"}
    assert entries["b"]["review"]["due"] == "2025-02-28"  # default P1Y, from a 29 February
    assert entries["c"]["review"] is None
    assert entries["c"]["items"]["review"]["state"] == "missing"
    assert entries["a"]["items"]["review"]["values"] == [
        "owner: Head of Marketing", "last reviewed 2025-02-28", "every 6 months",
        "due 2025-08-28 (overdue)"]
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(
        call_main("register", "--format", "csv", cwd=tmp_path, env=env).stdout))}
    assert (rows["a"]["review owner"], rows["a"]["review due"]) == ("Head of Marketing",
                                                                    "2025-08-28")
    assert rows["c"]["review owner"] == "MISSING"
    jsonld = json.loads(call_main("register", "--format", "jsonld", cwd=tmp_path, env=env).stdout)
    node = next(n for n in jsonld["@graph"] if n.get("dct:identifier") == "a")
    assert node["dpv:hasOrganisationalMeasure"]["dct:date"]["@value"] == "2025-08-28"


def test_xlsx_shows_history_and_review(history: Path, tmp_path: Path) -> None:
    import openpyxl

    out = tmp_path / "r.xlsx"
    assert call_main("register", "--format", "xlsx", "--output", str(out), cwd=history
               ).returncode == 0
    sheet = openpyxl.load_workbook(out)["Acme Ltd"]
    headings = [c.value for c in sheet[6]]
    row = dict(zip(headings, [c.value for c in sheet[7]], strict=True))
    assert (row["created"], row["last changed"], row["review owner"]) == (
        "2024-01-15", "2025-07-01", "MISSING")
