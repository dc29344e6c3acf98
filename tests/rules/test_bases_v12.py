"""Format v1.2 (SPEC §11) on the lawful basis: B011 consent inferred from signing up or using
the service, B012 and B013 rows, B023, B030, B042 and B050, each both ways, and each rule that
reads words yielding to a declared field."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import lint_activity, rule_ids

RECORDS = "consent_log table (timestamp, form version, IP address)"
LIA = {"interest": "Keeping in touch with our business customers",
       "lia": {"purpose_test": "Account management is a legitimate interest (Recital 47)",
               "necessity_test": "Name, work e-mail and role are the least data to reach them",
               "balancing_test": "Contacts expect it from their employer's supplier; opt-out",
               "assessed_on": "2026-06-01"}}


def consent(how: str, **extra: Any) -> dict[str, Any]:
    return {"how_obtained": how, "records": RECORDS,
            "withdrawal": "Unsubscribe link in every email", **extra}


def severities(findings: list[Any]) -> list[tuple[str, str]]:
    return [(f.rule, f.severity.value) for f in findings]


# -- B011: consent inferred from signing up, ordering or using -----------------------------
@pytest.mark.parametrize("how", [
    "By creating an account the user agrees to receive offers by e-mail",
    "By signing up you consent to marketing from our partners",
    "By placing an order the customer accepts our newsletter",
    "By using our services you consent to personalised advertising",
    "Registration implies consent to the newsletter",
    "Durch die weitere Nutzung der Website willigt der Nutzer in Werbung ein",
    "Mit der Registrierung erklärt sich der Kunde mit Werbe-E-Mails einverstanden",
    "En poursuivant votre navigation, vous acceptez les cookies publicitaires",
    "En créant un compte, vous acceptez de recevoir nos offres",
    "Al crear una cuenta, el usuario acepta recibir comunicaciones comerciales",
    "Si continúa navegando, consideramos que acepta su uso",
    "Proseguendo la navigazione l'utente acconsente ai cookie di profilazione",
    "Creando un account accetti di ricevere la newsletter",
    "Door verder te surfen gaat u akkoord met marketingcookies",
    "Door een account aan te maken geeft u toestemming voor nieuwsbrieven",
])
def test_b011_consent_inferred_from_signing_up_or_using(how: str) -> None:
    findings = lint_activity(consent=consent(how))
    assert severities(findings) == [("B011", "error")], [f.message for f in findings]


@pytest.mark.parametrize("how", [
    "When creating an account the user may tick a separate, unticked box for offers",
    "By creating an account users agree to the terms; marketing needs its own unticked box",
    "Bei der Registrierung ein eigenes, nicht vorausgewähltes Kästchen für den Newsletter",
    "Lors de la création du compte, une case à cocher distincte, non cochée",
    "Unticked checkbox on the signup form, confirmed by double opt-in",
    "Continuing to use the site is not treated as consent; a banner asks with Accept / Refuse",
    "Door verder te surfen geeft u geen toestemming; alleen de knop 'Akkoord' telt",
])
def test_b011_a_separate_act_or_a_negation_is_clean(how: str) -> None:
    assert lint_activity(consent=consent(how)) == []


def test_b011_no_declared_field_answers_how_consent_is_given() -> None:
    # how_obtained is itself the declaration of how consent is given: no structured field
    # says otherwise, so declared flags around it do not silence what it states.
    how = "By creating an account you agree to receive offers"
    findings = lint_activity(consent=consent(how, condition_of_service=False, explicit=True))
    assert ("B011", "error") in severities(findings)


def test_b011_patterns_are_linear() -> None:
    import time

    how = "by " + "using the " * 20000 + "x"
    start = time.perf_counter()
    lint_activity(consent=consent(how))
    assert time.perf_counter() - start < 5


# -- B012 -----------------------------------------------------------------------------------
def test_b012_employee_monitoring_on_consent_is_an_error() -> None:
    findings = lint_activity(data_subjects=["employees"], systematic_monitoring=True,
                             purposes=["Log keystrokes on work laptops"],
                             dpia={"reference": "DPIA-2026-04", "date": "2026-03-01"})
    assert ("B012", "error") in severities(findings)
    assert "EDPB Guidelines 05/2020, 21" in next(f.message for f in findings
                                                 if f.rule == "B012")


def test_b012_employee_consent_without_monitoring_stays_a_warning() -> None:
    assert severities(lint_activity(data_subjects=["employees"])) == [("B012", "warning")]


def _authority(condition: Any) -> dict[str, Any]:
    return {"controller": {"id": "city", "name": "City of Gent", "contact": "privacy@gent.example",
                           "country": "BE", "public_authority": True,
                           "dpo": {"name": "DPO office", "contact": "dpo@gent.example"},
                           "requests": {"channel": "privacy@gent.example"}},
            "consent": consent("Unticked box on the city's web form, double opt-in",
                               **({} if condition is None else
                                  {"condition_of_service": condition}))}


def test_b012_an_authoritys_optional_newsletter_is_info() -> None:
    findings = lint_activity(**_authority(False))
    assert severities(findings) == [("B012", "info")]
    assert "Example 2" in findings[0].message


def test_b012_an_authoritys_consent_without_the_declaration_stays_a_warning() -> None:
    assert severities(lint_activity(**_authority(None))) == [("B012", "warning")]


# -- B013: a wall in the words --------------------------------------------------------------
@pytest.mark.parametrize("how", [
    "Cookie wall: the articles load only after the reader accepts tracking",
    "Visitors must accept advertising cookies to read the articles",
    "The videos play only after the viewer accepts; there is no way to refuse",
    "Ohne Zustimmung kein Zugang zu den Artikeln (Cookie-Wall)",
    "Um die Artikel zu lesen, muss der Besucher den Werbe-Cookies zustimmen",
    "Le lecteur doit accepter les cookies pour lire les articles",
    "Sin aceptar las cookies no puede acceder al contenido",
    "Senza accettare i cookie non è possibile leggere gli articoli",
    "De bezoeker moet akkoord gaan met cookies om de site te gebruiken",
])
def test_b013_a_wall_in_how_obtained_without_the_flag(how: str) -> None:
    findings = lint_activity(consent=consent(how))
    assert severities(findings) == [("B013", "warning")], [f.message for f in findings]


@pytest.mark.parametrize("how", [
    "Banner with equally prominent Accept and Refuse buttons; the site works either way",
    "Newsletter sent only after the subscriber confirms by double opt-in",
    "No cookie wall: readers who refuse keep full access",
    "Users must actively consent by ticking an unticked box before any tracking starts",
    "Der Nutzer muss aktiv zustimmen (nicht vorausgewähltes Kästchen)",
    "L'utilisateur doit accepter expressément, par une case non cochée",
])
def test_b013_free_choice_is_clean(how: str) -> None:
    assert lint_activity(consent=consent(how)) == []


def test_b013_a_declared_condition_of_service_false_beats_the_words() -> None:
    how = "Visitors must accept advertising cookies to read the articles"
    findings = lint_activity(consent=consent(how, condition_of_service=False))
    assert severities(findings) == [("B013", "info")]
    assert "check which is true" in findings[0].message


# -- B023 -----------------------------------------------------------------------------------
@pytest.mark.parametrize("subject", [
    "contact persons at business customers", "customer staff", "employees of our clients",
    "business contacts", "Ansprechpartner bei Firmenkunden", "personnes de contact des clients",
    "personas de contacto de proveedores", "referenti dei fornitori", "contactpersonen",
    "beneficiaries of the life insurance",
])
def test_b023_contract_basis_for_people_who_are_not_the_party(subject: str) -> None:
    findings = lint_activity("contract", data_subjects=["customers", subject])
    assert severities(findings) == [("B023", "warning")], [f.message for f in findings]
    assert "EDPB Guidelines 2/2019" in findings[0].message


@pytest.mark.parametrize("subject", [
    "customers", "sole traders who are our business customers", "policyholders",
    "self-employed contact persons who sign the contract themselves",
])
def test_b023_the_party_itself_is_clean(subject: str) -> None:
    assert lint_activity("contract", data_subjects=[subject]) == []


def test_b023_legitimate_interests_for_business_contacts_is_clean() -> None:
    assert lint_activity("legitimate_interests", data_subjects=["business contacts"],
                         legitimate_interests=LIA) == []


# -- B030 -----------------------------------------------------------------------------------
@pytest.mark.parametrize("law", [
    "Group Compliance Policy", "Internal retention guideline v3", "Code of Conduct, chapter 4",
    "Konzernrichtlinie Datenschutz", "Politique interne de sécurité", "Política interna del grupo",
    "Procedura interna di gruppo", "Groepsbeleid integriteit",
    "PCI DSS standard",
])
def test_b030_an_internal_document_is_not_law(law: str) -> None:
    findings = lint_activity("legal_obligation", legal_obligation={"law": law})
    assert severities(findings) == [("B030", "warning")], [f.message for f in findings]


@pytest.mark.parametrize("law", [
    "German Fiscal Code (AO) section 147", "Code du travail, article L. 3243-4",
    "Geldwäschegesetz (GwG) § 8, as applied in our group policy",
    "Directive (EU) 2015/849 as transposed by the Wet ter voorkoming van witwassen",
    "Real Decreto 1619/2012, artículo 29", "Codice civile art. 2220",
    "Richtlinie (EU) 2019/1937 und Hinweisgeberschutzgesetz",
])
def test_b030_a_statute_is_clean(law: str) -> None:
    assert lint_activity("legal_obligation", legal_obligation={"law": law},
                         retention={"period": "P10Y", "start": "end of the year",
                                    "law": "German Fiscal Code (AO) section 147(3)"}) == []


# -- B042 -----------------------------------------------------------------------------------
SOFT = {"existing_customers": True, "similar_products": True, "opt_out_at_collection": True,
        "opt_out_each_message": True}
MARKETING = {"direct_marketing": True, "legitimate_interests": LIA,
             "rights": ["access", "rectification", "erasure", "restriction", "object",
                        "complaint"]}


@pytest.mark.parametrize("channels", [["email"], ["sms"], ["messaging"], ["post", "email"]])
def test_b042_electronic_marketing_without_consent_is_an_error(channels: list[str]) -> None:
    findings = lint_activity("legitimate_interests", direct_marketing_channels=channels,
                             **MARKETING)
    assert severities(findings) == [("B042", "error")], [f.message for f in findings]
    assert "Art. 13(1)" in findings[0].message


def test_b042_the_soft_opt_in_needs_all_four_conditions() -> None:
    assert lint_activity("legitimate_interests", direct_marketing_channels=["email"],
                         soft_opt_in=SOFT, **MARKETING) == []
    partial = lint_activity("legitimate_interests", direct_marketing_channels=["email"],
                            soft_opt_in={**SOFT, "similar_products": False}, **MARKETING)
    assert severities(partial) == [("B042", "error")]
    assert "similar_products" in partial[0].message


def test_b042_post_phone_and_consent_are_outside() -> None:
    assert lint_activity("legitimate_interests", direct_marketing_channels=["post", "phone"],
                         **MARKETING) == []
    assert lint_activity(direct_marketing=True, direct_marketing_channels=["email", "sms"],
                         rights=["access", "rectification", "erasure", "restriction",
                                 "portability", "object", "withdraw_consent",
                                 "complaint"]) == []


def test_b042_business_contacts_are_a_warning() -> None:
    findings = lint_activity("legitimate_interests", direct_marketing_channels=["email"],
                             data_subjects=["business contacts at customer companies"],
                             **MARKETING)
    assert severities(findings) == [("B042", "warning")]
    mixed = lint_activity("legitimate_interests", direct_marketing_channels=["email"],
                          data_subjects=["business contacts", "consumers"], **MARKETING)
    assert severities(mixed) == [("B042", "error")]


# -- B050 -----------------------------------------------------------------------------------
def test_b050_reuse_without_compatibility_or_basis() -> None:
    findings = lint_activity("legitimate_interests",
                             purposes=["Train the support chatbot's language model"],
                             further_processing={"from": "support-tickets"})
    assert severities(findings) == [("B050", "error")]
    assert "EDPB Opinion 28/2024" in findings[0].message
    plain = lint_activity("legitimate_interests",
                          further_processing={"from": "customer orders"})
    assert severities(plain) == [("B050", "error")]
    assert "28/2024" not in plain[0].message


@pytest.mark.parametrize("reuse", [
    {"from": "support-tickets", "compatibility": "Same customers; pseudonymised; no decisions "
                                                  "about anyone; expected from the notice"},
    {"from": "support-tickets", "basis_of_reuse": "law",
     "law": "Loi n° 78-17, article 6 (statistics)"},
])
def test_b050_an_assessment_or_a_law_answers(reuse: dict[str, str]) -> None:
    assert lint_activity("legitimate_interests", further_processing=reuse) == []


def test_b050_a_law_basis_names_the_law_and_consent_means_consent() -> None:
    law = lint_activity("legitimate_interests",
                        further_processing={"from": "orders", "basis_of_reuse": "law"})
    assert severities(law) == [("B050", "error")] and "further_processing.law" in law[0].message
    assert lint_activity(further_processing={"from": "orders", "basis_of_reuse": "consent"}) \
        == []
    mismatch = lint_activity("legitimate_interests",
                             further_processing={"from": "orders", "basis_of_reuse": "consent"})
    assert rule_ids(mismatch) == ["B050"]


def test_b050_a_third_countrys_law_is_b032() -> None:
    findings = lint_activity("legitimate_interests", further_processing={
        "from": "orders", "basis_of_reuse": "law", "law": "CLOUD Act"})
    assert rule_ids(findings) == ["B032"]


@pytest.mark.parametrize("subjects", [["Beschäftigte im Außendienst"], ["dipendenti"],
                                      ["salariés"], ["empleados de almacén"], ["medewerkers"]])
def test_b012_staff_monitored_on_consent_in_six_languages(subjects: list[str]) -> None:
    findings = lint_activity(data_subjects=subjects, systematic_monitoring=True)
    assert ("B012", "error") in [(f.rule, f.severity.value) for f in findings], subjects


@pytest.mark.parametrize("subjects", [["Mitarbeiter der Kunden"], ["salariés de nos clients"],
                                      ["dipendenti dei clienti"], ["medewerkers van klanten"]])
def test_b012_someone_elses_staff_are_not_the_employers(subjects: list[str]) -> None:
    assert "B012" not in rule_ids(lint_activity(data_subjects=subjects))


def test_b012_staff_consent_declared_optional_is_an_info() -> None:
    """EDPB Guidelines 05/2020, 22: employee consent where refusing has no consequence."""
    consent = {"how_obtained": "Optional photo upload in the HR portal",
               "records": "HR portal audit log", "withdrawal": "Delete button in the portal",
               "condition_of_service": False}
    findings = lint_activity(data_subjects=["employees"], consent=consent)
    assert [(f.rule, f.severity.value) for f in findings if f.rule == "B012"] == \
        [("B012", "info")]


@pytest.mark.parametrize("how", [
    "Le simple fait de s'inscrire vaut acceptation de la transmission aux partenaires",
    "Die Anmeldung gilt als Einwilligung in die Weitergabe",
    "Registration is deemed consent to receive partner offers",
    "L'iscrizione comporta il consenso all'invio di offerte",
])
def test_b011_consent_deemed_from_another_act(how: str) -> None:
    assert "B011" in rule_ids(lint_activity(consent=consent(how)))


@pytest.mark.parametrize("how", [
    "Para usar la aplicación es obligatorio aceptar la publicidad; no se puede rechazar",
    "Il est obligatoire d'accepter les cookies publicitaires",
    "Per usare l'app è obbligatorio accettare la profilazione",
])
def test_b013_a_wall_in_other_languages(how: str) -> None:
    assert "B013" in rule_ids(lint_activity(consent=consent(how)))


@pytest.mark.parametrize(("law", "internal"), [
    ("Regolamento aziendale sulla sicurezza", True),
    ("Règlement intérieur de l'entreprise", True),
    ("Regolamento (UE) 2016/679 e regolamento aziendale", False),
    ("Reglamento (UE) 2023/1114, artículo 68", False),
])
def test_b030_a_company_regulation_is_not_law(law: str, internal: bool) -> None:
    findings = lint_activity("legal_obligation", legal_obligation={"law": law})
    assert ("B030" in rule_ids(findings)) is internal, law


@pytest.mark.parametrize(("state", "severity"), [
    ("DE", "error"), ("AT", "error"), ("IT", "error"), ("ES", "error"), ("FR", "info"),
    ("SE", "warning"), (None, "warning"),
])
def test_b042_business_email_follows_the_member_states_rule(state: str | None,
                                                            severity: str) -> None:
    """ePrivacy Art. 13(5): Member States decide for business contacts (dated data)."""
    config = {"member_state": state} if state else None
    findings = lint_activity("legitimate_interests", config=config, direct_marketing=True,
                             direct_marketing_channels=["email"],
                             data_subjects=["business contacts at customer companies"])
    assert [(f.rule, f.severity.value) for f in findings if f.rule == "B042"] == \
        [("B042", severity)]


@pytest.mark.parametrize(("fields", "found"), [
    ({"purposes": ["Werbe-E-Mails und Newsletter an alle Kunden senden"]}, True),
    ({"name": "Customer newsletter"}, True),
    ({"purposes": ["Catalogue sent by post"]}, False),
    ({"purposes": ["Newsletter"], "direct_marketing_channels": ["post"]}, False),
])
def test_b042_channel_named_only_in_words_asks_for_the_field(fields: dict[str, Any],
                                                             found: bool) -> None:
    findings = lint_activity("legitimate_interests", direct_marketing=True, **fields)
    assert [(f.rule, f.severity.value) for f in findings if f.rule == "B042"] == \
        ([("B042", "warning")] if found else []), fields


@pytest.mark.parametrize(("purpose", "found"), [
    ("Die im Kundensupport erhobenen Chatverläufe zum Training unseres KI-Modells "
     "weiterverwenden", True),
    ("Reuse support tickets to improve the help centre", True),
    ("Train our fraud model on transactions collected at checkout", True),
    ("Answer customer questions in the support chat", False),
    ("Train staff on the new checkout", False),
])
def test_b050_reuse_named_only_in_words_asks_for_the_field(purpose: str, found: bool) -> None:
    findings = lint_activity("legitimate_interests", purposes=[purpose])
    assert [(f.rule, f.severity.value) for f in findings if f.rule == "B050"] == \
        ([("B050", "warning")] if found else []), purpose


def test_b022_declared_no_direct_marketing_beats_the_words() -> None:
    purposes = ["Deliver what customers order", "Show personalised ads in the app"]
    words = lint_activity("contract", purposes=purposes)
    declared = lint_activity("contract", purposes=purposes, direct_marketing=False)
    assert [(f.rule, f.severity.value) for f in words] == [("B022", "warning")]
    assert [(f.rule, f.severity.value) for f in declared] == [("B022", "info")]
