"""R001, R004, R006, R007 and N001, N002, N005, N006 with the GDPR's own exemptions."""

from __future__ import annotations

from typing import Any

import pytest

from gdpr_lint.law.rights import rights_available, rights_restricted
from gdpr_lint.rules.rights import RIGHTS_BY_BASIS, basis_gives
from tests.conftest import lint_activity, lint_text, rule_ids

CORE = ["access", "rectification", "restriction", "complaint"]

UNIVERSITY = {"id": "uni", "name": "University of Tartu", "contact": "info@uni.example",
              "country": "EE", "public_authority": True,
              "dpo": {"name": "Data protection officer", "contact": "dpo@uni.example"},
              "requests": {"channel": "dpo@uni.example", "response_time": "P1M"}}
COHORT: dict[str, Any] = {
    "id": "heart-cohort",
    "controller": UNIVERSITY,
    "name": "Cardiovascular cohort study",
    "purposes": ["Scientific research into cardiovascular disease in the adult population"],
    "data_subjects": ["cohort participants"],
    "data_categories": ["pseudonymised participant code", "year of birth", "diagnosis codes"],
    "special_categories": ["health"],
    "art9_condition": "archiving_research_statistics",
    "art9_reference": "Research Data Act, section 12; national health registry law",
    "source": "third_party",
    "source_detail": "National hospital discharge registry",
    "lawful_basis": "public_task",
    "public_task": {"law": "University Act, section 2 (research mission)"},
    "exemptions": [
        {"provision": "art21_6",
         "justification": "The study is necessary for the university's research task in the "
                          "public interest; objections would bias the population sample"},
        {"provision": "art14_5_b",
         "justification": "Contacting 400,000 registry patients individually would be "
                          "disproportionate; the study is published on the university website"},
    ],
    "rights": CORE,
    "notice": {"url": "https://uni.example/heart-cohort/privacy"},
    "dpia": {"reference": "DPIA-2025-11 heart cohort", "date": "2025-11-03"},
    "scale": "large",
}

WHISTLEBLOWING: dict[str, Any] = {
    "id": "whistleblowing",
    "name": "Internal reporting channel",
    "purposes": ["Receive and follow up reports of breaches of Union law"],
    "data_subjects": ["reporting persons", "persons concerned by a report", "witnesses"],
    "data_categories": ["name", "role", "facts reported"],
    "source": ["data_subject", "third_party"],
    "lawful_basis": "legal_obligation",
    "legal_obligation": {"law": "Whistleblower Protection Act (HinSchG), sections 12 and 17"},
    "exemptions": [
        {"provision": "art23", "law": "HinSchG section 8; BDSG section 29(1)",
         "rights": ["access"],
         "justification": "Informing the person concerned, or giving access, before the "
                          "investigation ends would reveal the reporting person (Art. 14)"},
    ],
    "rights": ["access", "rectification", "restriction", "complaint"],
    "notice": {"url": "https://acme.example/whistleblowing/privacy", "timing": "at_collection"},
}


def test_rights_by_basis_still_serves_its_v1_readers() -> None:
    assert {b for b, rights in RIGHTS_BY_BASIS.items() if "portability" in rights} == \
        {"consent", "contract"}
    assert basis_gives("legitimate_interests", "object")
    assert not basis_gives("consent", "object")


def test_rights_available_applies_basis_and_exemptions() -> None:
    available = rights_available(COHORT)
    assert set(available) == {"access", "rectification", "restriction", "complaint"}
    assert rights_restricted(COHORT) == {"erasure": "Art. 17(3)(b)", "object": "Art. 21(6)"}
    li = {"lawful_basis": "legitimate_interests", "art9_condition": "explicit_consent"}
    assert rights_available(li)["portability"] == "Art. 20(1)"
    assert rights_available({"lawful_basis": "contract", "direct_marketing": True})["object"] \
        == "Art. 21(2)"
    research = {"lawful_basis": "consent", "purposes": ["Statistics on mobility habits"]}
    assert rights_available(research)["object"] == "Art. 21(6)"
    # Art. 21(6) lifts the objection only for a task in the public interest
    assert "object" in rights_available({**COHORT, "lawful_basis": "legitimate_interests"})


def test_public_interest_research_cohort_is_clean() -> None:
    assert lint_activity("public_task", **COHORT) == []


def test_r001_without_the_exemption() -> None:
    findings = lint_activity("public_task", **{**COHORT, "exemptions": COHORT["exemptions"][1:]})
    assert rule_ids(findings) == ["R001"]


def test_r001_honours_art89_and_art23_that_name_the_objection() -> None:
    archive = {"provision": "art89_3", "law": "Federal Archives Act, section 11",
               "justification": "Archived records cannot be withdrawn from the archive on "
                                "objection (Art. 21)"}
    assert lint_activity("public_task", rights=CORE, exemptions=[archive]) == []
    unrelated = {**archive, "justification": "Archived records are kept for the public"}
    assert rule_ids(lint_activity("public_task", rights=CORE, exemptions=[unrelated])) == \
        ["R001"]
    whistle = {"provision": "art23", "law": "HinSchG section 8", "rights": ["object"],
               "justification": "Objections would reveal the reporting person"}
    assert lint_activity("legitimate_interests", rights=[*CORE, "erasure"],
                         exemptions=[whistle]) == []


def test_whistleblowing_with_deferred_notice_is_clean() -> None:
    assert lint_activity("legal_obligation", **WHISTLEBLOWING) == []


def test_r004_portability_under_li_with_explicit_consent_is_clean() -> None:
    findings = lint_activity(
        "legitimate_interests", data_categories=["heart rate", "sleep data"],
        special_categories=["health"], art9_condition="explicit_consent",
        consent={"how_obtained": "Separate unticked box naming the health data",
                 "records": "consent_log table", "withdrawal": "Toggle in the app settings",
                 "explicit": True},
        rights=["access", "rectification", "erasure", "restriction", "object", "portability",
                "withdraw_consent", "complaint"])
    assert findings == []


def test_r004_erasure_under_legal_obligation_is_info() -> None:
    findings = lint_activity("legal_obligation", rights=[*CORE, "erasure"])
    assert [(f.rule, f.severity.value) for f in findings] == [("R004", "info")]
    assert "Art. 17(3)(b)" in findings[0].message


def test_r004_objection_to_research_under_any_basis() -> None:
    assert lint_activity("consent", purposes=["Statistics on how readers use the app"],
                         rights=["access", "rectification", "erasure", "restriction",
                                 "portability", "object", "withdraw_consent",
                                 "complaint"]) == []


@pytest.mark.parametrize(("base", "rights", "missing"), [
    ("consent", ["access", "portability", "withdraw_consent"],
     ["rectification", "erasure", "restriction", "complaint"]),
    ("contract", ["access", "rectification", "erasure", "portability", "complaint"],
     ["restriction"]),
    ("legal_obligation", ["access", "rectification", "complaint"], ["restriction"]),
])
def test_r006_rights_every_basis_gives(base: str, rights: list[str], missing: list[str]) -> None:
    findings = lint_activity(base, rights=rights)
    r006 = [f for f in findings if f.rule == "R006"]
    assert len(r006) == 1 and r006[0].severity.value == "warning"
    for right in missing:
        assert right in r006[0].message


def test_r006_no_rights_at_all() -> None:
    findings = lint_activity("legal_obligation", rights=None)
    assert rule_ids(findings) == ["R006"]


def test_r006_erasure_answered_by_art17_3() -> None:
    kept = {"provision": "art17_3",
            "justification": "Claims files are kept until limitation ends (Art. 17(3)(e))"}
    assert lint_activity("contract", rights=["access", "rectification", "restriction",
                                             "portability", "complaint"],
                         exemptions=[kept]) == []


def text_with_controller(requests: dict[str, Any] | None) -> str:
    from gdpr_lint.rules.examples import activities_document

    text = activities_document({})
    head = "  requests:\n    channel: privacy@acme.example\n    response_time: P1M\n"
    assert head in text
    if requests is None:
        return text.replace(head, "")
    import yaml

    block = yaml.safe_dump({"requests": requests}, default_flow_style=False)
    return text.replace(head, "".join(f"  {line}\n" for line in block.splitlines()))


@pytest.mark.parametrize("time", ["P1M", "P30D", "P4W", "P2W", "PT720H"])
def test_r007_answer_within_a_month(time: str) -> None:
    assert lint_text(text_with_controller({"channel": "privacy@acme.example",
                                           "response_time": time})) == []


@pytest.mark.parametrize("time", ["P2M", "P3M", "P45D", "P1M1D", "P6W", "P1Y"])
def test_r007_slower_than_a_month(time: str) -> None:
    findings = lint_text(text_with_controller({"channel": "privacy@acme.example",
                                               "response_time": time}))
    assert [(f.rule, f.severity.value) for f in findings] == [("R007", "warning")]
    assert "one month" in findings[0].message


def test_r007_no_channel_and_unreadable_duration() -> None:
    assert rule_ids(lint_text(text_with_controller(None))) == ["R007"]
    odd = lint_text(text_with_controller({"channel": "privacy@acme.example",
                                          "response_time": "one month"}))
    assert rule_ids(odd) == ["R007"] and "ISO 8601" in odd[0].message


def test_n001_exemptions() -> None:
    secrecy = {"provision": "art14_5_d", "justification": "Client data held under the "
               "lawyers' professional secrecy (BRAO section 43a)"}
    indirect = {"source": "third_party", "notice": None}
    assert lint_activity("legitimate_interests", **indirect, exemptions=[secrecy]) == []
    effort = {"provision": "art14_5_b", "justification": "Individual notice would be "
              "disproportionate for 2 million archived records"}
    findings = lint_activity("legitimate_interests", **indirect, exemptions=[effort])
    assert rule_ids(findings) == ["N001"] and "notice.url" in findings[0].message


def test_n002_timing() -> None:
    missing = lint_activity("legitimate_interests", source="third_party",
                            notice={"url": "https://acme.example/privacy"})
    assert [(f.rule, f.severity.value) for f in missing] == [("N002", "error")]
    at_collection = lint_activity("legitimate_interests", source="public",
                                  notice={"url": "https://acme.example/privacy",
                                          "timing": "at_collection"})
    assert [(f.rule, f.severity.value) for f in at_collection] == [("N002", "warning")]
    several = lint_activity("legitimate_interests", source=["data_subject", "third_party"],
                            notice={"url": "https://acme.example/privacy",
                                    "timing": ["at_collection", "within_one_month"]})
    assert several == []


def test_state_archive_is_clean() -> None:
    archive = {
        "purposes": ["Preserve records of permanent value transferred by federal agencies"],
        "data_subjects": ["persons named in agency files"],
        "data_categories": ["names", "case files"],
        "source": "third_party",
        "source_detail": "Federal agencies' closed files, transferred under the Archives Act",
        "public_task": {"law": "Federal Archives Act (BArchG), sections 1 and 3"},
        "exemptions": [
            {"provision": "art89_3", "law": "BArchG section 14",
             "rights": ["rectification", "object"],
             "justification": "Archived records are kept as received; a counter-statement "
                              "is added instead of rectification"},
            {"provision": "art14_5_b",
             "justification": "Informing everyone named in decades-old files is impossible; "
                              "the archive's holdings are described on its website"},
        ],
        "rights": ["access", "restriction", "complaint"],
        "notice": {"url": "https://archive.example/privacy"},
    }
    assert lint_activity("public_task", **archive) == []


def test_n005_law_and_justification() -> None:
    findings = lint_activity("legal_obligation",
                             exemptions=[{"provision": "art14_5_c"},
                                         {"provision": "art17_3", "justification": "Tax law"}])
    messages = [f.message for f in findings if f.rule == "N005"]
    assert len(messages) == 2 and any("add law" in m for m in messages) \
        and any("add justification" in m for m in messages)


def test_n006_exemptions_that_cannot_apply() -> None:
    direct = lint_activity("legal_obligation", exemptions=[
        {"provision": "art14_5_b", "justification": "Too many customers"}])
    assert rule_ids(direct) == ["N006"]
    indirect = lint_activity("legitimate_interests", source="third_party",
                             notice={"url": "https://acme.example/privacy",
                                     "timing": "within_one_month"},
                             exemptions=[{"provision": "art13_4", "justification": "Known"}])
    assert rule_ids(indirect) == ["N006"]
    too_wide = lint_activity("public_task", exemptions=[
        {"provision": "art89_2", "law": "Research Act section 3", "rights": ["erasure"],
         "justification": "Research data sets stay complete"}])
    assert rule_ids(too_wide) == ["N006"] and "art17_3" in too_wide[0].message


def test_n001_art14_5_does_not_cover_direct_collection() -> None:
    mixed = {"source": ["data_subject", "third_party"], "notice": None,
             "exemptions": [{"provision": "art14_5_c", "law": "Tax Code section 93",
                             "justification": "Data from the tax office are laid down by law"}]}
    findings = lint_activity("legal_obligation", **mixed)
    assert rule_ids(findings) == ["N001"]
    assert "collected from the data subject" in findings[0].message


def test_n002_direct_collection_is_informed_at_collection() -> None:
    late = lint_activity(notice={"url": "https://acme.example/privacy",
                                 "timing": "within_one_month"})
    assert [(f.rule, f.severity.value) for f in late] == [("N002", "error")]
    assert "Art. 13(1)" in late[0].message
