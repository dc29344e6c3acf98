"""S003 per language (data file), S006-S008 and A003, A004, A006 in format v1.1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gdpr_lint.rules.special import looks_criminal, looks_special, term_languages
from tests.conftest import lint_activity, rule_ids

TERMS = Path(__file__).resolve().parents[2] / "gdpr_lint" / "law" / "data" / "special_terms.json"

# Per language: categories that name special or criminal data, and look-alikes that do not.
FLAGGED = {
    "en": [("HIV status", "health"), ("therapy notes", "health"), ("sick days", "health"),
           ("psychologist appointment", "health"), ("doctor's note", "health"),
           ("fitness tracker heart rate", "health"), ("disabled parking permit", "health"),
           ("prayer room booking", "religious_or_philosophical_beliefs"),
           ("speeding fines", "criminal"),
           ("drug test results", "health"), ("church tax", "religious_or_philosophical_beliefs"),
           ("halal or kosher meals", "religious_or_philosophical_beliefs"),
           ("DBS check", "criminal"), ("traffic offences", "criminal"),
           ("penalty points", "criminal"), ("fingerprint template for the time clock",
                                            "biometric"),
           ("trade union dues", "trade_union_membership")],
    "de": [("Gesundheitsdaten", "health"), ("Arbeitsunfähigkeitsbescheinigung", "health"),
           ("Führungszeugnis", "criminal"), ("Kirchensteuermerkmal",
                                              "religious_or_philosophical_beliefs"),
           ("Gewerkschaftszugehörigkeit", "trade_union_membership"),
           ("Fingerabdruck", "biometric")],
    "fr": [("données de santé", "health"), ("arrêt maladie", "health"),
           ("casier judiciaire", "criminal"), ("empreintes digitales", "biometric"),
           ("appartenance syndicale", "trade_union_membership"),
           ("origine ethnique", "racial_or_ethnic_origin")],
    "es": [("datos de salud", "health"), ("baja médica", "health"),
           ("antecedentes penales", "criminal"), ("huella dactilar", "biometric"),
           ("afiliación sindical", "trade_union_membership")],
    "it": [("dati sulla salute", "health"), ("certificato medico", "health"),
           ("casellario giudiziale", "criminal"), ("impronte digitali", "biometric"),
           ("opinioni politiche", "political_opinions")],
    "nl": [("gezondheidsgegevens", "health"), ("ziekmelding", "health"),
           ("verklaring omtrent het gedrag", "criminal"), ("VOG", "criminal"),
           ("vingerafdruk", "biometric"), ("vakbondslidmaatschap", "trade_union_membership")],
}
LOOK_ALIKES = {
    "en": ["race results", "health and safety training", "biometric passport number",
           "photo for an ID badge", "device fingerprint", "TLS fingerprint",
           "Face ID unlock, kept on the user's device", "golf handicap", "device diagnostics",
           "good faith declaration", "religious convictions stated by the employee"[:0] or
           "health insurance number", "system health checks", "customer health score"],
    "de": ["Arbeits- und Gesundheitsschutz-Unterweisung", "biometrischer Reisepass",
           "Krankenkasse", "UStG-Nummer"],
    "fr": ["formation santé et sécurité", "passeport biométrique", "carte vitale",
           "syndic de copropriété"],
    "es": ["formación en seguridad y salud", "pasaporte biométrico"],
    "it": ["corso salute e sicurezza", "passaporto biometrico", "tessera sanitaria"],
    "nl": ["training gezondheid en veiligheid", "biometrisch paspoort"],
}


def test_every_shipped_language_is_tested() -> None:
    assert term_languages() == sorted(FLAGGED) == sorted(LOOK_ALIKES)
    data = json.loads(TERMS.read_text(encoding="utf-8"))
    assert data["as_of"] and data["source"]


@pytest.mark.parametrize(("language", "category", "kind"),
                         [(lang, c, k) for lang, items in FLAGGED.items() for c, k in items])
def test_terms_flag_in_each_language(language: str, category: str, kind: str) -> None:
    if kind == "criminal":
        assert looks_criminal(category)
    else:
        assert kind in looks_special(category)


@pytest.mark.parametrize(("language", "category"),
                         [(lang, c) for lang, items in LOOK_ALIKES.items() for c in items])
def test_look_alikes_stay_quiet_in_each_language(language: str, category: str) -> None:
    assert looks_special(category) == [] and not looks_criminal(category)


def test_s003_as_a_rule() -> None:
    findings = lint_activity("contract", data_categories=["name", "Führungszeugnis"])
    assert [(f.rule, f.severity.value) for f in findings] == [("S003", "warning")]
    assert lint_activity("contract", data_categories=[
        "name", "race results", "health and safety training", "photo for an ID badge"]) == []


CHILD = {"data_subjects": ["players aged 13 to 17"], "children": True}


def test_s006_information_society_service_below_the_age() -> None:
    findings = lint_activity(**CHILD, information_society_service=True, children_min_age=13)
    assert [(f.rule, f.severity.value) for f in findings] == [("S006", "error")]
    assert "16" in findings[0].message


def test_s006_teenagers_in_belgium_are_clean() -> None:
    assert lint_activity(config={"member_state": "BE"}, **CHILD,
                         information_society_service=True, children_min_age=13) == []
    # the same in Germany (16) needs parental consent
    assert rule_ids(lint_activity(config={"member_state": "DE"}, **CHILD,
                                  information_society_service=True,
                                  children_min_age=13)) == ["S006"]


def test_s006_employees_children_enrolled_by_their_parent() -> None:
    benefit = {"data_subjects": ["employees", "employees' children"], "children": True}
    assert "S006" not in rule_ids(lint_activity(**benefit, information_society_service=False))



def test_s006_a_parent_informed_afterwards_is_not_parental_consent() -> None:
    informed = {"how_obtained": "The child ticks an unticked box; parents are informed by "
                                "email afterwards", "records": "consent table",
                "withdrawal": "Toggle in the app settings"}
    findings = lint_activity(**CHILD, information_society_service=True, consent=informed)
    assert [(f.rule, f.severity.value) for f in findings] == [("S006", "error")]


def test_s006_asks_for_the_service_when_unsaid() -> None:
    findings = lint_activity(**CHILD)
    assert [(f.rule, f.severity.value) for f in findings] == [("S006", "warning")]
    assert "information_society_service" in findings[0].message


LIA = {"interest": "Recommending toys families buy",
       "lia": {"purpose_test": "Marketing to existing customers is a legitimate interest",
               "necessity_test": "Order history is the least data that selects relevant offers",
               "balancing_test": "Offers go to the parent account; opt-out in every message",
               "children": "Only the parent's account receives offers",
               "assessed_on": "2026-06-01"}}
MARKETING_RIGHTS = ["access", "rectification", "erasure", "restriction", "object", "complaint"]


def test_s007_children_profiled_for_marketing() -> None:
    findings = lint_activity("legitimate_interests", **CHILD, direct_marketing=True,
                             profiling=True, legitimate_interests=LIA, rights=MARKETING_RIGHTS,
                             dpia={"reference": "DPIA-7", "date": "2026-01-10"})
    assert [(f.rule, f.severity.value) for f in findings] == [("S007", "warning")]
    info = lint_activity("legitimate_interests", **CHILD, direct_marketing=True,
                         legitimate_interests=LIA, rights=MARKETING_RIGHTS)
    assert [(f.rule, f.severity.value) for f in info] == [("S007", "info")]


def test_s008_conditions_that_do_not_fit() -> None:
    health = {"data_categories": ["name", "health questionnaire"], "special_categories": ["health"]}
    customers = lint_activity("contract", **health, art9_condition="employment_social_security",
                              art9_reference="Insurance Contracts Act, section 19")
    assert [(f.rule, f.severity.value) for f in customers] == [("S008", "warning")]
    staff = lint_activity("contract", **health, data_subjects=["Beschäftigte"],
                          art9_condition="employment_social_security",
                          art9_reference="EFZG section 5",
                          dpia={"reference": "DPIA-3", "date": "2025-02-01"})
    assert staff == []
    scraped = lint_activity("legitimate_interests", data_categories=["political views"],
                            special_categories=["political_opinions"],
                            art9_condition="made_public", profiling=True)
    assert "S008" in rule_ids(scraped)


AD = "automated_decisions"
REMINDER = {AD: {"legal_or_similar_effect": False, "exception": "contract"},
            "data_categories": ["name", "appointment time", "clinic"],
            "special_categories": ["health"], "art9_condition": "health_or_social_care",
            "art9_reference": "Patients' Rights Act, section 630f"}


def test_a003_a004_only_for_significant_decisions() -> None:
    assert not {"A003", "A004"} & set(rule_ids(lint_activity("contract", **REMINDER)))
    significant = {**REMINDER, AD: {"legal_or_similar_effect": True, "exception": "contract"},
                   "dpia": {"reference": "DPIA-9", "date": "2026-02-01"}}
    assert rule_ids(lint_activity("contract", **significant)) == ["A003", "A004"]


def test_a006_explicit_consent_exception() -> None:
    decision = {"legal_or_similar_effect": True, "exception": "explicit_consent",
                "safeguards": ["human_intervention", "express_view", "contest"]}
    dpia = {"reference": "DPIA-2", "date": "2026-01-01"}
    assert rule_ids(lint_activity(automated_decisions=decision, dpia=dpia)) == ["A006"]
    explicit = {"how_obtained": "Separate unticked box naming the automated decision",
                "records": "consent_log table", "withdrawal": "Unsubscribe link in every email",
                "explicit": True}
    assert lint_activity(automated_decisions=decision, dpia=dpia, consent=explicit) == []


def test_s002_health_care_under_a_treatment_contract() -> None:
    """Art. 9(2)(h) through a contract needs the health professional and the secrecy that
    binds them (Art. 9(3)) named; the contract alone no longer answers."""
    care = {"data_categories": ["name", "treatment notes"], "special_categories": ["health"],
            "art9_condition": "health_or_social_care"}
    bare = lint_activity("contract", **care)
    assert rule_ids(bare) == ["S002"] and "Art. 9(3)" in bare[0].message
    terms = lint_activity("contract", **care, art9_reference="Wellness app terms of service")
    assert rule_ids(terms) == ["S002"] and "professional secrecy" in terms[0].message
    for reference in ("Treatment contract with our physiotherapists, bound by professional "
                      "secrecy (StGB section 203)",
                      "Behandlungsvertrag mit den Ärzten der Praxis; ärztliche Schweigepflicht",
                      "Contrat de soins avec les médecins du centre, tenus au secret médical",
                      "Patients' Rights Act, section 630f"):
        assert lint_activity("contract", **care, art9_reference=reference) == [], reference
    findings = lint_activity("legitimate_interests", **care)
    s002 = [f for f in findings if f.rule == "S002"]
    assert s002 and "contract with a health professional" in s002[0].message


def test_s005_consent_is_not_an_art10_authority() -> None:
    record = {"data_categories": ["name", "criminal record certificate"], "criminal_data": True}
    findings = lint_activity("legal_obligation", **record,
                             art10_authority="Written consent of the applicant")
    assert [(f.rule, f.severity.value) for f in findings] == [("S005", "error")]
    assert lint_activity("legal_obligation", **record,
                         art10_authority="SGB VIII section 72a; BZRG section 30a") == []


@pytest.mark.parametrize(("subjects", "clean"), [
    (["players aged 13 to 17"], True), (["13-17-year-olds"], True), (["members 14+"], True),
    (["players aged 10 to 17"], False), (["children"], False),
    (["adult customers", "their children"], False),
])
def test_s006_reads_the_youngest_age_from_the_subjects(subjects: list[str], clean: bool) -> None:
    findings = lint_activity(config={"member_state": "BE"}, data_subjects=subjects,
                             children=True, information_society_service=True)
    assert (findings == []) is clean, [f.message for f in findings]
