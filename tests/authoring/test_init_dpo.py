"""`gdpr-lint init` asks what a DPO asks (SPEC §14): age 0, source, scale, the DPIA
indicators, owner, review, marketing channels; and offers to create the target folder."""

from __future__ import annotations

from pathlib import Path

from gdpr_lint.lint.loader import read_document
from tests.authoring.test_init import CONTROLLERS, findings, lines
from tests.conftest import call_main, write

# A maternity ward's follow-up calls, under a legal obligation, up to the security measures.
START = ("ward.calls", "Maternity follow-up calls", "acme",
         "Call mothers after birth", "", "mothers", "newborns", "", "name", "phone number", "",
         "yes",                      # children
         "no",                       # offered online (Art. 8)?
         "0",                        # the youngest: a newborn
         "y",                        # required by law
         "Gesetz über den öffentlichen Gesundheitsdienst § 5",
         "y",                        # direct marketing (to reach the channels question)
         "",                         # special categories
         "",                         # recipients
         "1 year", "birth",
         "https://acme.example/privacy", "1",
         "TLS", "")
DPO = ("email, sms",                 # direct marketing channels
       "third_party",                # source
       "birth register of the hospital",
       "large",                      # scale
       "y", "n", "n",                # systematic monitoring, public area, new technology
       "Maternity ward",             # owner
       "Head midwife", "6 months", "2026-01-10")


def test_age_zero_and_the_dpo_questions(tmp_path: Path) -> None:
    write(tmp_path, "controllers.gdpr.yaml", CONTROLLERS)
    result = call_main("init", cwd=tmp_path, input=lines(*START, *DPO))
    assert result.returncode == 0, result.stderr
    for question in ("Where do the data come from", "At what scale",
                     "systematically monitored", "publicly accessible area",
                     "new technology", "owns the activity", "Who reviews this record",
                     "How often is it reviewed", "Through which channels"):
        assert question in result.stdout, question
    activity = read_document(str(tmp_path / "ward.calls.gdpr.yaml")).data["activities"][0]
    assert activity["children"] is True and activity["children_min_age"] == 0
    assert activity["direct_marketing_channels"] == ["email", "sms"]
    assert (activity["source"], activity["source_detail"]) == (
        "third_party", "birth register of the hospital")
    assert activity["scale"] == "large"
    assert (activity["systematic_monitoring"], activity["public_area"],
            activity["new_technology"]) == (True, False, False)
    assert activity["owner"] == "Maternity ward"
    assert activity["review"] == {"owner": "Head midwife", "last_reviewed": "2026-01-10",
                                  "every": "P6M"}
    rules = {f["rule"] for f in findings(tmp_path)}
    assert "X003" not in rules, rules


def test_an_age_out_of_range_is_asked_again(tmp_path: Path) -> None:
    start = list(START)
    start[start.index("0")] = "-1\n19\n0"
    result = call_main("init", cwd=tmp_path, input=lines(*start))
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("is not a child's age in years (0 to 18)") == 2
    activity = read_document(str(tmp_path / "ward.calls.gdpr.yaml")).data["activities"][0]
    assert activity["children_min_age"] == 0


def test_answers_file_with_the_dpo_answers(tmp_path: Path) -> None:
    answers = write(tmp_path, "answers.yaml", """\
id: cctv
name: Entrance CCTV
controller: acme
purposes: [Protect the entrance]
data_subjects: [visitors]
data_categories: [video images]
lawful_basis: legitimate_interests
source: data_subject
scale: medium
systematic_monitoring: true
public_area: true
new_technology: false
owner: Facility management
review: {owner: Security officer, every: P1Y}
""")
    result = call_main("init", "--answers", str(answers), "site/cctv.gdpr.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    # Nobody to ask: the folder named in PATH is created, and said so.
    assert "Created the folder site." in result.stdout
    activity = read_document(str(tmp_path / "site/cctv.gdpr.yaml")).data["activities"][0]
    assert (activity["public_area"], activity["scale"]) == (True, "medium")
    assert activity["review"] == {"owner": "Security officer", "every": "P1Y"}


def test_the_folder_is_created_after_asking(tmp_path: Path) -> None:
    result = call_main("init", "new/deeper/calls.gdpr.yaml", cwd=tmp_path,
                 input=lines("y", *START, *DPO))
    assert result.returncode == 0, result.stderr
    assert "The folder new/deeper does not exist. Create it?" in result.stdout
    assert (tmp_path / "new/deeper/calls.gdpr.yaml").is_file()


def test_declining_the_folder_writes_nothing(tmp_path: Path) -> None:
    result = call_main("init", "new/calls.gdpr.yaml", cwd=tmp_path, input=lines("n", *START))
    assert result.returncode == 1
    assert "new does not exist; nothing was written" in result.stderr
    assert not (tmp_path / "new").exists()
    # Nothing was asked after the refusal.
    assert "Activity id" not in result.stdout


def test_no_input_creates_the_folder_it_was_given(tmp_path: Path) -> None:
    result = call_main("init", "--no-input", "--id", "a", "--name", "A", "x/a.gdpr.yaml",
                 cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "x/a.gdpr.yaml").is_file()


def test_a_file_where_the_folder_should_be_is_a_usage_error(tmp_path: Path) -> None:
    write(tmp_path, "x", "a file\n")
    result = call_main("init", "--no-input", "--id", "a", "--name", "A", "x/a.gdpr.yaml",
                 cwd=tmp_path)
    assert result.returncode == 2
    assert "x is not a folder" in result.stderr
    write(tmp_path, "y", "a file\n")
    result = call_main("init", "--no-input", "--id", "a", "--name", "A", "y/z/a.gdpr.yaml",
                 cwd=tmp_path)
    assert result.returncode == 2
    assert "cannot create the folder y/z" in result.stderr
