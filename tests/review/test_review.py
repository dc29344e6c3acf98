"""`gdpr-lint diff` and `check --new-from` (SPEC §9), on real git repositories."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from gdpr_lint.rules.examples import CONTROLLER, overlay
from tests.conftest import call_main, write

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
                   cwd=cwd, check=True, capture_output=True, timeout=60)


def declaration(*activities: dict[str, Any]) -> str:
    text: str = yaml.safe_dump({"controller": "acme", "activities": [
        overlay(a.pop("base", "consent"), a) for a in activities]}, sort_keys=False)
    return text


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    git("init", "-q", "-b", "main", cwd=root)
    write(root, ".gdpr-lint.yaml", "controllers: [controllers.gdpr.yaml]\n")
    write(root, "controllers.gdpr.yaml",
          yaml.safe_dump({"controllers": [CONTROLLER]}, sort_keys=False))
    write(root, "shop/orders.gdpr.yaml", declaration({"id": "shop.orders", "base": "contract"}))
    write(root, "shop/news.gdpr.yaml", declaration({"id": "shop.news"},
                                                   {"id": "shop.old", "retention": None}))
    git("add", "-A", cwd=root)
    git("commit", "-qm", "base", cwd=root)
    return root


def health_and_us(root: Path) -> None:
    """The change of the issue: health data and a US transfer added to an activity."""
    doc = yaml.safe_load((root / "shop/orders.gdpr.yaml").read_text())
    activity = doc["activities"][0]
    activity["data_categories"].append("allergies")
    activity["special_categories"] = ["health"]
    activity["art9_condition"] = "explicit_consent"
    activity["recipients"].append({"name": "Analytics Inc", "role": "processor",
                                   "country": "US"})
    activity["transfers"] = [{"country": "US", "mechanism": "scc",
                              "reference": "SCC 2021/914 module 2"}]
    (root / "shop/orders.gdpr.yaml").write_text(yaml.safe_dump(doc, sort_keys=False))


def test_health_data_and_a_us_transfer_are_flagged_in_markdown(cli, repo: Path) -> None:
    health_and_us(repo)
    result = cli("diff", "main", cwd=repo)
    assert result.returncode == 0, result.stderr
    md = result.stdout
    assert md.startswith("## gdpr-lint review: `main` → `work tree`\n")
    assert "| `shop.orders` | new special category (Art. 9) | special\\_categories | health |" in md
    assert "| `shop.orders` | new third country (Chapter V) | third\\_countries | US |" in md
    assert "| `shop.orders` | processor added (Art. 28) | recipients | Analytics Inc |" in md
    assert "- **changed** `shop.orders` (shop/orders.gdpr.yaml:3)" in md
    assert "  - `special_categories`: + health" in md
    # the new findings the change brings (an S001-family gap: no explicit consent records)
    assert "### Findings" in md and "new, 0 fixed." in md
    # with --fail-on-review the job fails
    assert cli("diff", "main", "--fail-on-review", cwd=repo).returncode == 1


def test_json_shape_and_committed_revisions(repo: Path) -> None:
    health_and_us(repo)
    write(repo, "hr/payroll.gdpr.yaml", declaration({"id": "hr.payroll", "children": True}))
    (repo / "shop/news.gdpr.yaml").write_text(declaration({"id": "shop.news"}))  # drop old
    git("add", "-A", cwd=repo)
    git("commit", "-qm", "change", cwd=repo)
    (repo / "shop/orders.gdpr.yaml").write_text("not: [committed\n")  # work tree ignored
    result = call_main("diff", "main~1", "main", "--format", "json", cwd=repo)
    assert result.returncode == 0, result.stderr
    review = json.loads(result.stdout)
    assert set(review) == {"base", "head", "added", "added_activities", "removed", "changed",
                           "review", "findings"}
    assert (review["base"], review["head"]) == ("main~1", "main")
    assert review["added"] == ["hr.payroll"] and review["removed"] == ["shop.old"]
    [changed] = review["changed"]
    assert changed["activity"] == "shop.orders"
    assert changed["fields"]["special_categories"] == {"added": ["health"], "removed": []}
    assert changed["fields"]["third_countries"] == {"added": ["US"], "removed": []}
    reasons = {(r["activity"], r["reason"].split(" (")[0], r["field"], r["value"])
               for r in review["review"]}
    assert ("shop.orders", "new special category", "special_categories", "health") in reasons
    assert ("shop.orders", "new third country", "third_countries", "US") in reasons
    assert ("hr.payroll", "new activity", None, "hr.payroll") in reasons
    assert ("hr.payroll", "children among the data subjects", "children", True) in reasons
    assert all(set(r) == {"activity", "reason", "field", "value"} for r in review["review"])
    # shop.old lacked retention (K001): removing it fixed that finding
    assert [(f["rule"], f["activity"]) for f in review["findings"]["fixed"]] == \
        [("K001", "shop.old")]
    assert set(review["findings"]["fixed"][0]) == {"path", "line", "column", "rule",
                                                   "severity", "message", "activity", "article"}
    assert review["findings"]["fixed"][0]["path"] == "shop/news.gdpr.yaml"


def test_basis_change_and_formatting_only_edits(repo: Path) -> None:
    original = (repo / "shop/news.gdpr.yaml").read_text()
    # reformatted and reordered, same meaning: nothing changed
    data = yaml.safe_load(original)
    data["activities"][0]["purposes"] = list(reversed(data["activities"][0]["purposes"]))
    (repo / "shop/news.gdpr.yaml").write_text("# a comment\n" + yaml.safe_dump(
        data, default_flow_style=True, width=60))
    quiet = json.loads(call_main("diff", "HEAD", "--format", "json", cwd=repo).stdout)
    assert quiet["changed"] == [] and quiet["review"] == []
    (repo / "shop/news.gdpr.yaml").write_text(declaration(
        {"id": "shop.news", "base": "legitimate_interests"},
        {"id": "shop.old", "retention": None}))
    result = call_main("diff", "HEAD", "--format", "text", cwd=repo)
    assert "REVIEW shop.news: lawful basis changed on an existing activity: the basis may not " \
           "be swapped after collection (Art. 6(1); EDPB Guidelines 05/2020 §§ 122-123) " \
           "[lawful_basis]: consent → legitimate_interests" in result.stdout
    assert "  lawful_basis: consent → legitimate_interests" in result.stdout


@pytest.mark.slow
def test_step_summary_inside_github_actions(repo: Path, tmp_path: Path) -> None:
    health_and_us(repo)
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    result = call_main("diff", "HEAD", "--format", "json", cwd=repo,
                 env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)})
    assert json.loads(result.stdout)["review"]
    text = summary.read_text()
    assert text.startswith("earlier step\n## gdpr-lint review: `HEAD` → `work tree`")
    assert "new third country" in text


def test_bad_revision_is_a_usage_error(repo: Path, tmp_path: Path) -> None:
    for args in (["diff", "no-such-branch"], ["check", "--new-from", "no-such-branch"],
                 ["diff", "--", "-x"]):
        result = call_main(*args, cwd=repo)
        assert result.returncode == 2, args
        assert "not a git revision" in result.stderr and "Traceback" not in result.stderr
    outside = tmp_path / "outside"
    outside.mkdir()
    result = call_main("diff", "HEAD", cwd=outside)
    assert result.returncode == 2 and "git" in result.stderr


def test_new_from_reports_only_what_the_work_tree_adds(repo: Path) -> None:
    # shop.old's K001 is at main already; the new D004 is not
    assert call_main("check", cwd=repo).returncode == 1
    (repo / "shop/orders.gdpr.yaml").write_text(declaration(
        {"id": "shop.orders", "base": "contract", "security_measures": None},
        {"id": "shop.extra", "base": "contract", "lawful_basis": None}))
    result = call_main("check", "--new-from", "main", "--format", "json", cwd=repo)
    assert result.returncode == 1
    assert {(f["rule"], f["activity"]) for f in json.loads(result.stdout)["findings"]} >= \
        {("D004", "shop.orders"), ("B001", "shop.extra")}
    assert "K001" not in result.stdout
    assert "already at main not reported" in result.stderr
    # from a subfolder, the same
    sub = call_main("check", ".", "--new-from", "main", "--format", "json", cwd=repo / "shop")
    assert "K001" not in sub.stdout and '"B001"' in sub.stdout
    # nothing new: exit 0
    git("stash", "-q", cwd=repo)
    assert call_main("check", "--new-from", "main", cwd=repo).returncode == 0


def test_an_assessment_the_change_invalidates_is_flagged(repo: Path) -> None:
    write(repo, "shop/fraud.gdpr.yaml", declaration({"id": "shop.fraud",
                                                     "base": "legitimate_interests"}))
    stamped = call_main("stamp", "shop/fraud.gdpr.yaml", cwd=repo)
    assert stamped.returncode == 0, stamped.stderr
    git("add", "-A", cwd=repo)
    git("commit", "-qm", "fraud screening", cwd=repo)
    text = (repo / "shop/fraud.gdpr.yaml").read_text()
    (repo / "shop/fraud.gdpr.yaml").write_text(
        text.replace("- Detect and prevent payment fraud",
                     "- Detect and prevent payment fraud\n  - Build marketing profiles", 1))
    result = call_main("diff", "HEAD", "--format", "json", cwd=repo)
    assert result.returncode == 0, result.stderr
    review = json.loads(result.stdout)
    assert review["changed"][0]["fields"]["purposes"] == {
        "added": ["Build marketing profiles"], "removed": []}
    assert any(r["activity"] == "shop.fraud" and "L005" in r["reason"]
               for r in review["review"]), review["review"]
    assert [f["rule"] for f in review["findings"]["new"]] == ["L005"]


def test_data_that_look_special_are_flagged_even_when_not_declared_so(repo: Path) -> None:
    doc = yaml.safe_load((repo / "shop/news.gdpr.yaml").read_text())
    doc["activities"][0]["data_categories"].append("diagnosis")
    (repo / "shop/news.gdpr.yaml").write_text(yaml.safe_dump(doc, sort_keys=False))
    review = json.loads(call_main("diff", "HEAD", "--format", "json", cwd=repo).stdout)
    assert [(r["activity"], r["field"], r["value"]) for r in review["review"]] == [
        ("shop.news", "data_categories", "diagnosis")]
    assert "S003" in review["review"][0]["reason"]


@pytest.mark.slow
def test_links_leaving_the_tree_do_not_stop_the_review(repo: Path) -> None:
    (repo / "absolute-link").symlink_to("/etc/hostname")
    (repo / "shop" / "outside-link").symlink_to("../../../outside")
    git("add", "-A", cwd=repo)
    git("commit", "-qm", "links", cwd=repo)
    result = call_main("diff", "HEAD~1", "HEAD", "--format", "text", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("0 changes for review; 0 new findings, 0 fixed.\n")


@pytest.mark.slow
def test_configuration_above_the_repository(tmp_path: Path) -> None:
    write(tmp_path, "org/.gdpr-lint.yaml", "controllers: [shared/controllers.gdpr.yaml]\n")
    write(tmp_path, "org/shared/controllers.gdpr.yaml",
          yaml.safe_dump({"controllers": [CONTROLLER]}, sort_keys=False))
    repo = tmp_path / "org" / "repo"
    write(repo, "a.gdpr.yaml", declaration({"id": "a"}))
    git("init", "-q", cwd=repo)
    git("add", "-A", cwd=repo)
    git("commit", "-qm", "a", cwd=repo)
    write(repo, "b.gdpr.yaml", declaration({"id": "b", "retention": None}))
    review = json.loads(call_main("diff", "HEAD", "--format", "json", cwd=repo).stdout)
    assert review["added"] == ["b"] and review["removed"] == []
    assert [(f["path"], f["rule"]) for f in review["findings"]["new"]] == [
        ("repo/b.gdpr.yaml", "K001")]
    assert review["findings"]["fixed"] == []


@pytest.mark.slow
def test_export_ignore_cannot_hide_a_declaration_from_the_review(repo: Path) -> None:
    """The revision is read from git's objects, not `git archive`, which honours the
    revision's own .gitattributes."""
    write(repo, ".gitattributes", "*.gdpr.yaml export-ignore\n")
    write(repo, "hr/payroll.gdpr.yaml", declaration({"id": "hr.payroll"}))
    git("add", "-A", cwd=repo)
    git("commit", "-qm", "hidden", cwd=repo)
    result = call_main("diff", "HEAD~1", "HEAD", "--format", "json", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["added"] == ["hr.payroll"]
    again = call_main("diff", "HEAD", "--format", "json", cwd=repo)  # no change in the work tree
    review = json.loads(again.stdout)
    assert (review["added"], review["removed"], review["changed"]) == ([], [], [])


@pytest.mark.slow
def test_an_empty_first_commit_is_a_base_like_any_other(tmp_path: Path) -> None:
    root = tmp_path / "fresh"
    root.mkdir()
    git("init", "-q", "-b", "main", cwd=root)
    git("commit", "-q", "--allow-empty", "-m", "start", cwd=root)
    write(root, "a.gdpr.yaml", yaml.safe_dump({"controller": CONTROLLER, "activities": [
        overlay("consent", {"id": "news"})]}, sort_keys=False))
    result = call_main("diff", "HEAD", "--format", "json", cwd=root)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["added"] == ["news"]


@pytest.mark.slow
def test_a_large_file_in_the_revision_is_not_copied(repo: Path) -> None:
    """Only what a lint reads is written out; anything else, and anything over the size
    limit, becomes a sparse file of its size (a declaration that large is still X006)."""
    (repo / "video.bin").write_bytes(b"\x01" * (3 * 1024 * 1024))
    (repo / "shop" / "huge.gdpr.yaml").write_bytes(b"# " + b"x" * (3 * 1024 * 1024) + b"\n")
    git("add", "-A", cwd=repo)
    git("commit", "-qm", "large", cwd=repo)
    result = call_main("diff", "HEAD~1", "HEAD", "--format", "json", cwd=repo)
    assert result.returncode == 0, result.stderr
    new = json.loads(result.stdout)["findings"]["new"]
    assert [(f["path"], f["rule"]) for f in new] == [("shop/huge.gdpr.yaml", "X006")]
