"""`gdpr-lint diff` shows the change itself (SPEC §14): an added activity in full, the
documentation of the basis, rights, DPIA and exemptions, a basis swapped after collection,
and new text that looks like special-category data; on real git repositories."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt

from tests.conftest import call_main, write
from tests.review.test_review import declaration, git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    from gdpr_lint.rules.examples import CONTROLLER

    root = tmp_path / "repo"
    root.mkdir()
    git("init", "-q", "-b", "main", cwd=root)
    write(root, ".gdpr-lint.yaml", "controllers: [controllers.gdpr.yaml]\n")
    write(root, "controllers.gdpr.yaml",
          yaml.safe_dump({"controllers": [CONTROLLER]}, sort_keys=False))
    write(root, "ward.gdpr.yaml", declaration({
        "id": "ward.followup", "purposes": ["Follow up patients after surgery"],
        "data_subjects": ["patients"], "data_categories": ["name", "diagnosis"],
        "special_categories": ["health"], "art9_condition": "explicit_consent",
        "consent": {"how_obtained": "Signed form", "records": "consent table",
                    "withdrawal": "Ask the ward", "explicit": True}}))
    git("add", "-A", cwd=root)
    git("commit", "-qm", "base", cwd=root)
    return root


def diff(repo: Path, fmt: str) -> str:
    result = call_main("diff", "main", "--format", fmt, cwd=repo)
    assert result.returncode == 0, result.stderr
    return result.stdout


def edit(repo: Path, **fields: object) -> None:
    path = repo / "ward.gdpr.yaml"
    doc = yaml.safe_load(path.read_text())
    for key, value in fields.items():
        if value is None:
            doc["activities"][0].pop(key, None)
        else:
            doc["activities"][0][key] = value
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True))


def test_an_added_activity_is_shown_in_full(repo: Path) -> None:
    write(repo, "registry.gdpr.yaml", declaration({
        "id": "ward.registry", "name": "Cancer registry <b>report</b>",
        "purposes": ["Report tumour diagnoses, treatment and outcomes"],
        "retention": {"period": "P10Y", "start": "the report"}}))
    review = json.loads(diff(repo, "json"))
    [added] = review["added_activities"]
    assert (added["activity"], added["where"]) == ("ward.registry", "registry.gdpr.yaml:3")
    assert added["declared"]["purposes"] == ["Report tumour diagnoses, treatment and outcomes"]
    md = diff(repo, "md")
    assert "- **added** `ward.registry` (registry.gdpr.yaml:3)" in md
    assert "  - `purposes`: Report tumour diagnoses, treatment and outcomes" in md
    assert "  - `retention`: period: P10Y, start: the report" in md
    assert "  - `lawful_basis`: consent" in md
    # Declared text is data: the name's markup is printed as text, not rendered.
    html = MarkdownIt("commonmark").enable("table").render(md)
    assert "<b>report</b>" not in html and "&lt;b&gt;report&lt;/b&gt;" in html
    text = diff(repo, "text")
    assert "added ward.registry (registry.gdpr.yaml:3)\n  id: ward.registry\n" in text
    assert "  consent: how_obtained: Unticked checkbox" in text


def test_a_switch_from_consent_to_legitimate_interests(repo: Path) -> None:
    edit(repo, lawful_basis="legitimate_interests", consent=None,
         rights=["access", "rectification", "erasure", "restriction", "object", "complaint"],
         legitimate_interests={"interest": "Improve aftercare", "lia": {
             "purpose_test": "Better outcomes", "necessity_test": "Only follow-up data",
             "balancing_test": "Patients expect a call", "assessed_on": "2026-03-01"}})
    review = json.loads(diff(repo, "json"))
    [changed] = review["changed"]
    fields = changed["fields"]
    assert fields["lawful_basis"] == {"from": "consent", "to": "legitimate_interests"}
    assert fields["consent"]["to"] is None and fields["consent"]["from"]["explicit"] is True
    assert fields["legitimate_interests"]["from"] is None
    assert fields["legitimate_interests"]["to"]["lia"]["assessed_on"] == "2026-03-01"
    assert fields["rights"] == {"added": ["object"],
                                "removed": ["portability", "withdraw_consent"]}
    [basis] = [r for r in review["review"] if r["field"] == "lawful_basis"]
    assert "may not be swapped after collection" in basis["reason"]
    assert "EDPB Guidelines 05/2020 §§ 122-123" in basis["reason"]
    md = diff(repo, "md")
    assert "  - `consent`: how\\_obtained: Signed form → (none); records: consent table → " \
        "(none)" in md
    assert "  - `legitimate_interests`: interest: (none) → Improve aftercare; lia: (none) → " \
        "purpose\\_test: Better outcomes" in md
    assert "  - `rights`: + object; − portability; − withdraw\\_consent" in md
    text = diff(repo, "text")
    assert "  legitimate_interests: interest: (none) → Improve aftercare" in text


def test_lia_dpia_and_exemptions_changes_are_shown(repo: Path) -> None:
    edit(repo, dpia={"reference": "DPIA-7", "date": "2026-01-10"},
         exemptions=[{"provision": "art17_3", "justification": "Medical records law",
                      "law": "Patientenrechtegesetz § 630f BGB"}])
    git("add", "-A", cwd=repo)
    git("commit", "-qm", "dpia", cwd=repo)
    edit(repo, dpia={"reference": "DPIA-7", "date": "2026-06-30"}, exemptions=None)
    fields = json.loads(diff(repo, "json"))["changed"][0]["fields"]
    assert fields["dpia"] == {"from": {"reference": "DPIA-7", "date": "2026-01-10"},
                              "to": {"reference": "DPIA-7", "date": "2026-06-30"}}
    assert fields["exemptions"]["removed"][0]["provision"] == "art17_3"
    md = diff(repo, "md")
    assert "  - `dpia`: date: 2026-01-10 → 2026-06-30" in md


def test_new_health_questions_are_flagged_though_health_is_declared(repo: Path) -> None:
    edit(repo, data_categories=["name", "diagnosis", "pain level after surgery",
                                "previous convictions", "preferred language"])
    review = json.loads(diff(repo, "json"))
    flagged = [(r["field"], r["value"], r["reason"]) for r in review["review"]]
    assert ("data_categories", "pain level after surgery",
            "new text that looks like health data (S003)") in flagged
    assert ("data_categories", "previous convictions",
            "new text that looks like criminal-offence data (S003)") in flagged
    assert not any(value in ("diagnosis", "preferred language") for _, value, _ in flagged)
    # The S003 rule itself stays quiet on the pain level: health is declared.
    assert not [f for f in review["findings"]["new"]
                if f["rule"] == "S003" and "pain" in f["message"]]


def test_text_moved_from_one_item_to_another_is_not_new(repo: Path) -> None:
    edit(repo, purposes=["Follow up patients after surgery by phone"])
    review = json.loads(diff(repo, "json"))
    assert review["review"] == []
