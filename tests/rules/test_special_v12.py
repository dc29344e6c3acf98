"""Format v1.2 (SPEC §11): a declared fact beats a guess from words in L006, S003, S006 and
S007; S006's objection windows and member states; S002's contract route; S005's private
grounds; dated data that is disputed."""

from __future__ import annotations

from typing import Any

import pytest

from gdpr_lint.law import data
from gdpr_lint.rules.special import looks_criminal, looks_special, not_parental_consent
from tests.conftest import lint_activity, rule_ids

LIA = {"interest": "Preventing payment fraud",
       "lia": {"purpose_test": "Fraud prevention is a recognised legitimate interest",
               "necessity_test": "Card and device signals are the least data that detect fraud",
               "balancing_test": "Customers expect fraud checks; data kept 90 days",
               "assessed_on": "2026-06-01"}}
ONLINE = {"children": True, "information_society_service": True, "children_min_age": 13}
CONSENT = {"how_obtained": "Unticked checkbox in the app, confirmed by double opt-in",
           "records": "consent_log table (timestamp, form version)",
           "withdrawal": "Toggle in the app settings"}


def severities(findings: list[Any], rule: str) -> list[str]:
    return [f.severity.value for f in findings if f.rule == rule]


# -- children are the declared ones -------------------------------------------------------
@pytest.mark.parametrize("subjects", [["parents of pupils"], ["child benefit claimants"],
                                      ["Kindergeldempfänger"], ["parents d'élèves"]])
def test_l006_declared_no_children_beats_the_words(subjects: list[str]) -> None:
    declared = lint_activity("legitimate_interests", data_subjects=subjects, children=False,
                             legitimate_interests=LIA)
    assert "L006" not in rule_ids(declared)
    unsaid = lint_activity("legitimate_interests", data_subjects=subjects,
                           legitimate_interests=LIA)
    assert severities(unsaid, "L006") == ["info"]
    assert "state children" in next(f.message for f in unsaid if f.rule == "L006")


def test_l006_declared_children_still_need_their_weight() -> None:
    findings = lint_activity("legitimate_interests", data_subjects=["customers"], children=True,
                             legitimate_interests=LIA)
    assert severities(findings, "L006") == ["error"]


@pytest.mark.parametrize("subjects", [["parents of pupils"], ["child benefit claimants"],
                                      ["Kindergeldempfänger"]])
def test_s006_declared_no_children_beats_the_words(subjects: list[str]) -> None:
    declared = lint_activity(data_subjects=subjects, children=False)
    assert "S006" not in rule_ids(declared)
    unsaid = lint_activity(data_subjects=subjects)
    assert severities(unsaid, "S006") == ["info"]
    # a service not offered online to children: nothing to ask
    offline = lint_activity(data_subjects=subjects, information_society_service=False)
    assert "S006" not in rule_ids(offline)


def test_s007_declared_no_children_beats_the_words() -> None:
    record = {"data_subjects": ["parents of pupils"], "direct_marketing": True,
              "profiling": True}
    assert "S007" not in rule_ids(lint_activity(**record, children=False))
    assert severities(lint_activity(**record), "S007") == ["info"]
    assert severities(lint_activity(**record, children=True), "S007") == ["warning"]


def test_the_dpia_criteria_follow_the_declared_children() -> None:
    record = {"data_subjects": ["parents of pupils"], "systematic_monitoring": True}
    assert "I003" not in rule_ids(lint_activity("legitimate_interests", **record,
                                                legitimate_interests=LIA, children=False))
    assert "I003" in rule_ids(lint_activity("legitimate_interests", **record,
                                            legitimate_interests=LIA))


def test_a005_declared_no_children_beats_the_words() -> None:
    decision = {"legal_or_similar_effect": True, "exception": "contract",
                "safeguards": ["human_intervention", "express_view", "contest"]}
    record = {"data_subjects": ["parents of pupils"], "automated_decisions": decision,
              "dpia": {"reference": "DPIA-9", "date": "2026-01-10"}}
    assert "A005" not in rule_ids(lint_activity("contract", **record, children=False))
    assert "A005" in rule_ids(lint_activity("contract", **record, children=True))


# -- S006: parental "consent" that is no consent; the highest age -------------------------
@pytest.mark.parametrize("text", [
    "Parents are informed by email and may object within 14 days",
    "Parents are notified; the account opens unless they refuse",
    "Consent is deemed given if the parents do not object",
    "Die Eltern werden informiert und können innerhalb von 14 Tagen Widerspruch einlegen",
    "Les parents sont informés et peuvent s'opposer au traitement",
    "Los padres son informados y pueden oponerse",
    "I genitori sono informati e possono opporsi entro 14 giorni",
    "Ouders worden geïnformeerd en kunnen bezwaar maken",
    "Het account wordt geopend, tenzij de ouders binnen 14 dagen bezwaar maken",
    "El alta es automática a menos que los padres se opongan",
])
def test_s006_an_objection_window_is_not_parental_consent(text: str) -> None:
    assert not_parental_consent(text)
    findings = lint_activity(**ONLINE, consent={**CONSENT, "parental_consent": text})
    assert [(f.rule, f.severity.value) for f in findings] == [("S006", "error")], text
    assert "objection or information" in findings[0].message


@pytest.mark.parametrize("text", [
    "Under-16s sign up through a parent's verified account",
    "A parent confirms by email link before the account opens; parents are informed of "
    "every change",
    "Die Eltern willigen über ihr verifiziertes Konto ein",
    "Les parents donnent leur consentement depuis leur propre compte vérifié",
    "Los padres autorizan el alta desde su cuenta verificada",
    "Un genitore acconsente tramite il proprio account verificato",
    "Ouders geven toestemming via hun geverifieerde account",
    "Ouders geven toestemming via hun account, tenzij het kind al 16 is",
])
def test_s006_real_parental_consent_is_clean(text: str) -> None:
    assert not_parental_consent(text) is None, text
    assert lint_activity(**ONLINE, consent={**CONSENT, "parental_consent": text}) == []


def test_s006_takes_the_highest_age_among_the_member_states() -> None:
    belgium = {"member_state": "BE"}
    assert lint_activity(config=belgium, **ONLINE) == []
    findings = lint_activity(config=belgium, **ONLINE, member_states=["DE", "NL"])
    assert [(f.rule, f.severity.value) for f in findings] == [("S006", "error")]
    assert "children under 16 in DE" in findings[0].message
    assert "highest age among the member states" in findings[0].message
    assert lint_activity(config=belgium, **ONLINE, member_states=["BE", "SE"]) == []
    # a country outside the EEA sets no Art. 8 age
    assert lint_activity(config=belgium, **ONLINE, member_states=["CH"]) == []


def test_a_disputed_age_gives_at_most_a_warning_that_says_so() -> None:
    denmark = {"member_state": "DK"}
    assert data.disputed(data.consent_age_entry("DK"))
    # 13- and 14-year-olds: a breach only under one reading (15), not the other (13)
    findings = lint_activity(config=denmark, **ONLINE)
    assert [(f.rule, f.severity.value) for f in findings] == [("S006", "warning")]
    assert "disputed (13 or 15" in findings[0].message
    # 10-year-olds consenting alone: a breach under every reading
    younger = lint_activity(config=denmark, **{**ONLINE, "children_min_age": 10})
    assert [(f.rule, f.severity.value) for f in younger] == [("S006", "error")]
    assert lint_activity(config=denmark, **{**ONLINE, "children_min_age": 15}) == []


# -- S002: Art. 9(2)(h) through a contract ------------------------------------------------
def test_s002_terms_of_service_are_not_the_contract_route() -> None:
    wellness = {"data_categories": ["name", "heart rate", "sleep data"],
                "special_categories": ["health"], "art9_condition": "health_or_social_care",
                "art9_reference": "Pursuant to contract: our terms of service, section 7"}
    findings = lint_activity("contract", **wellness)
    assert [(f.rule, f.severity.value) for f in findings] == [("S002", "error")]
    lawful = {**wellness, "art9_reference": "Contract with the app's physicians, bound by "
                                             "medical secrecy (§ 203 StGB)"}
    assert lint_activity("contract", **lawful) == []


# -- S003: breeds, French convictions, the missed terms ------------------------------------
@pytest.mark.parametrize("category", [
    "dog breed", "race of the dog", "pet breed and race", "Hunderasse", "Rasse des Hundes",
    "race du chien", "race de l'animal", "raza del perro", "razza del cane", "hondenras",
    "ras van de hond",
])
def test_s003_an_animals_breed_is_not_racial_origin(category: str) -> None:
    assert looks_special(category) == []
    assert lint_activity("contract", data_categories=["owner name", category]) == []


@pytest.mark.parametrize(("category", "special"), [
    ("convictions religieuses", "religious_or_philosophical_beliefs"),
    ("convictions philosophiques", "religious_or_philosophical_beliefs"),
    ("convictions politiques", "political_opinions"),
])
def test_s003_french_convictions_are_beliefs_not_crimes(category: str, special: str) -> None:
    assert looks_special(category) == [special] and not looks_criminal(category)
    findings = lint_activity("contract", data_categories=["nom", category])
    assert [(f.rule, f.severity.value) for f in findings] == [("S003", "warning")]
    assert "criminal" not in findings[0].message


@pytest.mark.parametrize(("category", "special"), [
    ("HIV status", "health"), ("seropositivity", "health"), ("séropositivité", "health"),
    ("statut sérologique", "health"), ("VIH", "health"), ("SIDA", "health"),
    ("invalidité", "health"), ("sieropositività", "health"), ("invalidità", "health"),
    ("seropositividad", "health"), ("minusvalía", "health"), ("incapacidad temporal", "health"),
    ("Blutgruppe", "health"), ("Pflegegrad", "health"), ("Krankenakte", "health"),
    ("Patientenakte", "health"), ("medicatie", "health"), ("arbeidsongeschiktheid", "health"),
    ("patiëntendossier", "health"),
    ("empreinte vocale", "biometric"), ("Stimmprofil", "biometric"),
    ("huella vocal", "biometric"), ("impronta vocale", "biometric"),
    ("stemafdruk", "biometric"), ("DNS-Analyse", "genetic"),
])
def test_s003_added_special_terms(category: str, special: str) -> None:
    assert looks_special(category) == [special]


@pytest.mark.parametrize("category", [
    "casier judiciaire", "antécédents pénaux", "procédure pénale", "poursuites pénales",
    "mesures de sûreté", "Vorstrafen", "Strafverfahren", "Ermittlungsverfahren",
    "Strafanzeige", "Strafbefehl", "antecedentes penales", "infracciones penales",
    "procedimiento penal", "casellario giudiziale", "precedenti penali",
    "procedimento penale", "strafblad", "strafzaak", "strafrechtelijke antecedenten",
    "criminal charges", "criminal investigation",
])
def test_s003_criminal_terms(category: str) -> None:
    assert looks_criminal(category), category
    findings = lint_activity("contract", data_categories=["name", category])
    assert [(f.rule, f.severity.value) for f in findings] == [("S003", "warning")]


def test_s003_a_declared_special_category_or_criminal_data_is_not_contradicted() -> None:
    """`special_categories` and `criminal_data` answer what the words guess."""
    declared = lint_activity("contract", data_categories=["name", "HIV status"],
                             special_categories=["health"], art9_condition="vital_interests")
    assert "S003" not in rule_ids(declared)
    crime = lint_activity("legal_obligation", data_categories=["name", "casier judiciaire"],
                          criminal_data=True,
                          art10_authority="Code de procédure pénale, article 776")
    assert "S003" not in rule_ids(crime)
    # a declared list that leaves a category out: the words give at most an info
    listed = lint_activity("contract", data_categories=["name", "Hautfarbe"],
                           special_categories=[], art9_condition=None)
    assert severities(listed, "S003") == ["info"]
    assert "racial_or_ethnic_origin" in next(f.message for f in listed if f.rule == "S003")
    assert severities(lint_activity("contract", data_categories=["name", "Hautfarbe"]),
                      "S003") == ["warning"]
    # criminal_data: false declared: the words give at most an info naming the conflict
    denied = lint_activity("contract", data_categories=["name", "casier judiciaire"],
                           criminal_data=False)
    assert severities(denied, "S003") == ["info"]
    assert "criminal_data: false" in next(f.message for f in denied if f.rule == "S003")


# -- S005: consent or a policy is no Art. 10 authority ------------------------------------
@pytest.mark.parametrize("authority", [
    "Employee consent and our integrity policy",
    "Group Compliance Policy, section 4",
    "Einwilligung der Beschäftigten",
    "Consentement du candidat",
    "Política interna de integridad",
    "Policy di gruppo sulla compliance",
    "Toestemming van de sollicitant",
])
def test_s005_consent_or_an_internal_policy_is_an_error(authority: str) -> None:
    findings = lint_activity("legal_obligation", data_categories=["name", "criminal record"],
                             criminal_data=True, art10_authority=authority)
    assert [(f.rule, f.severity.value) for f in findings] == [("S005", "error")], authority


@pytest.mark.parametrize("authority", [
    "Federal Central Criminal Register Act (BZRG) section 30a",
    "Applicant's consent, as required by § 72a SGB VIII",
    "Code du travail, article L. 1121-1; casier judiciaire bulletin n° 3",
    "Under the control of the public prosecutor's office (official authority)",
])
def test_s005_law_or_official_authority_is_clean(authority: str) -> None:
    assert lint_activity("legal_obligation", data_categories=["name", "criminal record"],
                         criminal_data=True, art10_authority=authority) == []


def test_s005_a_third_countrys_law_is_no_art10_authority() -> None:
    findings = lint_activity("legal_obligation", data_categories=["name", "criminal record"],
                             criminal_data=True,
                             art10_authority="US Fair Credit Reporting Act (FCRA)")
    assert [f.rule for f in findings] == ["B032"]  # B032 names it; S005 says it no twice
    assert "third country" in findings[0].message
