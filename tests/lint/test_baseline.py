from __future__ import annotations

import json
from pathlib import Path

from gdpr_lint.rules.examples import activities_document
from tests.conftest import call_main


def test_baseline_hides_old_findings_and_shows_new_ones(tmp_path: Path) -> None:
    doc = tmp_path / "a.gdpr.yaml"
    doc.write_text(activities_document({"retention": None},
                                       {"id": "second", "security_measures": None}))
    written = call_main("check", "--write-baseline", "baseline.json", cwd=tmp_path)
    assert written.returncode == 0
    assert written.stderr == "Wrote 2 findings to baseline.json.\n"
    recorded = json.loads((tmp_path / "baseline.json").read_text())
    assert {(f["rule"], f["activity"]) for f in recorded["findings"]} == \
        {("K001", "newsletter"), ("D004", "second")}

    clean = call_main("check", "--baseline", "baseline.json", cwd=tmp_path)
    assert clean.returncode == 0 and clean.stdout == "No findings in 1 file.\n"
    assert "2 findings hidden by the baseline" in clean.stderr

    # unrelated edits shift every line: the old findings still match
    doc.write_text("# a new header comment\n# and another\n" + doc.read_text())
    assert call_main("check", "--baseline", "baseline.json", cwd=tmp_path).returncode == 0

    # a new problem in the same activity is reported
    doc.write_text(doc.read_text().replace("name: Monthly newsletter",
                                           "name: Monthly newsletter\n  lawful_basis: consnet", 1))
    text = doc.read_text().replace("  lawful_basis: consent\n", "", 1)
    doc.write_text(text)
    new = call_main("check", "--baseline", "baseline.json", cwd=tmp_path)
    assert new.returncode == 1
    assert [line.split(": ")[1].split()[0] for line in new.stdout.splitlines()[:-1]] == ["B002"]


def test_baseline_counts_repeated_findings(tmp_path: Path) -> None:
    doc = tmp_path / "a.gdpr.yaml"
    doc.write_text(activities_document({"retention": None}))
    call_main("check", "--write-baseline", "b.json", cwd=tmp_path)
    # the same finding a second time (another file) is new
    (tmp_path / "b.gdpr.yaml").write_text(activities_document({"id": "other",
                                                               "retention": None}))
    result = call_main("check", "--baseline", "b.json", cwd=tmp_path)
    assert result.returncode == 1 and "b.gdpr.yaml" in result.stdout


def test_bad_baseline_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "a.gdpr.yaml").write_text(activities_document({}))
    (tmp_path / "b.json").write_text("[1, 2]")
    for name in ("b.json", "missing.json"):
        result = call_main("check", "--baseline", name, cwd=tmp_path)
        assert result.returncode == 2 and name in result.stderr
        assert "Traceback" not in result.stderr


def test_a_baseline_written_at_the_root_hides_the_same_findings_from_a_subfolder(
        tmp_path: Path) -> None:
    """The configured controllers file is shown from the current folder, like every other
    file, so a finding on it keeps its place in a baseline whichever folder the run starts in."""
    import subprocess

    import yaml

    from gdpr_lint.rules.examples import CONTROLLER, overlay

    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    controller = {k: v for k, v in CONTROLLER.items() if k != "requests"}  # R007
    (tmp_path / "controllers.gdpr.yaml").write_text(
        yaml.safe_dump({"controllers": [controller]}, sort_keys=False))
    (tmp_path / ".gdpr-lint.yaml").write_text("controllers: [controllers.gdpr.yaml]\n")
    app = tmp_path / "app"
    app.mkdir()
    (app / "a.gdpr.yaml").write_text(yaml.safe_dump(
        {"controller": "acme", "activities": [overlay("consent", {"retention": None})]},
        sort_keys=False))

    shown = call_main("check", "--format", "json", cwd=app)
    assert {(f["path"], f["rule"]) for f in json.loads(shown.stdout)["findings"]} == \
        {("../controllers.gdpr.yaml", "R007"), ("a.gdpr.yaml", "K001")}

    assert call_main("check", "--write-baseline", "baseline.json", cwd=tmp_path).returncode == 0
    recorded = json.loads((tmp_path / "baseline.json").read_text())
    assert {(f["path"], f["rule"]) for f in recorded["findings"]} == \
        {("controllers.gdpr.yaml", "R007"), ("app/a.gdpr.yaml", "K001")}
    for cwd, args in [(app, ["--baseline", "../baseline.json"]),
                      (app, ["a.gdpr.yaml", "--baseline", "../baseline.json"]),
                      (tmp_path, ["app/a.gdpr.yaml", "--baseline", "baseline.json"]),
                      (tmp_path, ["--baseline", "baseline.json"])]:
        result = call_main("check", *args, cwd=cwd)
        assert (result.returncode, result.stdout.startswith("No findings")) == (0, True), \
            (cwd, args, result.stdout)
        assert "hidden by the baseline" in result.stderr and "match no" not in result.stderr
