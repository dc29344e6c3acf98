from __future__ import annotations

import json
from pathlib import Path

from gdpr_lint.rules.examples import activities_document


def test_baseline_hides_old_findings_and_shows_new_ones(cli, tmp_path: Path) -> None:
    doc = tmp_path / "a.gdpr.yaml"
    doc.write_text(activities_document({"retention": None},
                                       {"id": "second", "security_measures": None}))
    written = cli("check", "--write-baseline", "baseline.json", cwd=tmp_path)
    assert written.returncode == 0
    assert written.stderr == "Wrote 2 findings to baseline.json.\n"
    recorded = json.loads((tmp_path / "baseline.json").read_text())
    assert {(f["rule"], f["activity"]) for f in recorded["findings"]} == \
        {("K001", "newsletter"), ("D004", "second")}

    clean = cli("check", "--baseline", "baseline.json", cwd=tmp_path)
    assert clean.returncode == 0 and clean.stdout == "No findings in 1 file.\n"
    assert "2 findings hidden by the baseline" in clean.stderr

    # unrelated edits shift every line: the old findings still match
    doc.write_text("# a new header comment\n# and another\n" + doc.read_text())
    assert cli("check", "--baseline", "baseline.json", cwd=tmp_path).returncode == 0

    # a new problem in the same activity is reported
    doc.write_text(doc.read_text().replace("name: Monthly newsletter",
                                           "name: Monthly newsletter\n  lawful_basis: consnet", 1))
    text = doc.read_text().replace("  lawful_basis: consent\n", "", 1)
    doc.write_text(text)
    new = cli("check", "--baseline", "baseline.json", cwd=tmp_path)
    assert new.returncode == 1
    assert [line.split(": ")[1].split()[0] for line in new.stdout.splitlines()[:-1]] == ["B002"]


def test_baseline_counts_repeated_findings(cli, tmp_path: Path) -> None:
    doc = tmp_path / "a.gdpr.yaml"
    doc.write_text(activities_document({"retention": None}))
    cli("check", "--write-baseline", "b.json", cwd=tmp_path)
    # the same finding a second time (another file) is new
    (tmp_path / "b.gdpr.yaml").write_text(activities_document({"id": "other",
                                                               "retention": None}))
    result = cli("check", "--baseline", "b.json", cwd=tmp_path)
    assert result.returncode == 1 and "b.gdpr.yaml" in result.stdout


def test_bad_baseline_is_a_usage_error(cli, tmp_path: Path) -> None:
    (tmp_path / "a.gdpr.yaml").write_text(activities_document({}))
    (tmp_path / "b.json").write_text("[1, 2]")
    for name in ("b.json", "missing.json"):
        result = cli("check", "--baseline", name, cwd=tmp_path)
        assert result.returncode == 2 and name in result.stderr
        assert "Traceback" not in result.stderr
