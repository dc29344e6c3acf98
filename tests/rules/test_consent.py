"""B011-B014, B012 v1.1, B022, B032, B041: consent and the other bases, both ways."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import lint_activity, rule_ids

RECORDS = "consent_log table (timestamp, form version, IP address)"


def consent(how: str, withdrawal: str = "Unsubscribe link in every email",
            **extra: Any) -> dict[str, Any]:
    return {"how_obtained": how, "records": RECORDS, "withdrawal": withdrawal, **extra}


@pytest.mark.parametrize("how", [
    "Pre-ticked checkbox at checkout",
    "Box preticked on the registration form; users can untick it",
    "Marketing consent is ticked by default in the account settings",
    "Opt-out: customers are subscribed unless they untick the box",
    "Customers are automatically enrolled and can opt out",
    "Implied consent when the customer hands over a business card",
    "Consent is deemed given when the user keeps the app installed",
    "By continuing to browse the site the visitor accepts analytics cookies",
    "Cookie banner: continued use of the website counts as consent",
    "Case pré-cochée dans le formulaire d'inscription",
    "Customers are opted in automatically at checkout and consent is assumed",
    "The box is already ticked when the page loads",
    "Vorangekreuztes Kästchen im Bestellformular",
])
def test_b011_consent_that_is_not_an_affirmative_act(how: str) -> None:
    findings = lint_activity(consent=consent(how))
    assert rule_ids(findings) == ["B011"], [f.message for f in findings]
    assert findings[0].severity.value == "error"


@pytest.mark.parametrize("how", [
    "Unticked checkbox on the signup form, confirmed by double opt-in",
    "Checkbox, not pre-ticked, next to the newsletter description",
    "No boxes are pre-ticked; the visitor clicks 'Subscribe'",
    "Separate un-ticked box for each purpose; continuing to browse is not treated as consent",
    "Explicit opt-in toggle in the app onboarding (off by default)",
    "Signed paper form at the front desk, then an unticked box in the portal",
])
def test_b011_affirmative_consent_and_negations_are_clean(how: str) -> None:
    assert lint_activity(consent=consent(how)) == []


def test_b011_opt_out_link_for_withdrawal_is_right() -> None:
    assert lint_activity(consent=consent(
        "Unticked checkbox on the signup form, confirmed by double opt-in",
        withdrawal="Opt-out link in every email and in the account settings")) == []


def test_b011_consent_bundled_with_the_terms_is_a_warning() -> None:
    findings = lint_activity(consent=consent(
        "By accepting our terms and conditions the customer consents to marketing"))
    assert [(f.rule, f.severity.value) for f in findings] == [("B011", "warning")]


def test_b011_soft_opt_in_points_to_legitimate_interests() -> None:
    findings = lint_activity(consent=consent(
        "Soft opt-in: existing customers receive offers for similar products"))
    assert rule_ids(findings) == ["B011"]
    assert "legitimate_interests" in findings[0].message and "Recital 47" in findings[0].message


def test_b011_reads_the_explicit_consent_of_art9_too() -> None:
    findings = lint_activity(
        "contract", data_categories=["name", "allergies"], special_categories=["health"],
        art9_condition="explicit_consent",
        consent=consent("Pre-ticked box 'share my allergies with the kitchen'", explicit=True),
        rights=["access", "rectification", "erasure", "restriction", "portability",
                "withdraw_consent", "complaint"])
    assert "B011" in rule_ids(findings)


@pytest.mark.parametrize("subject", [
    "employees", "staff", "job applicants", "applicants for open positions", "our warehouse staff",
    "interns and trainees", "Staff members of the Berlin office",
])
def test_b012_own_staff_and_applicants(subject: str) -> None:
    findings = lint_activity(data_subjects=[subject])
    assert [(f.rule, f.severity.value) for f in findings] == [("B012", "warning")]


@pytest.mark.parametrize("subject", [
    "loan applicants", "mortgage applicants", "customer staff", "customers' employees",
    "employees of our business customers", "visa applicants", "suppliers' staff",
    "client staff who use the portal", "election candidates",
])
def test_b012_not_someone_elses_staff(subject: str) -> None:
    assert lint_activity(data_subjects=[subject]) == []


def test_b012_public_authority_consent_is_a_warning_to_review() -> None:
    city = {"id": "city", "name": "City of Ghent", "contact": "privacy@ghent.example",
            "country": "BE", "public_authority": True,
            "dpo": {"name": "DPO", "contact": "dpo@ghent.example"},
            "requests": {"channel": "privacy@ghent.example", "response_time": "P1M"}}
    findings = lint_activity(controller=city)
    assert [(f.rule, f.severity.value) for f in findings] == [("B012", "warning")]


def test_b013_condition_of_service() -> None:
    tracking = consent("Cookie wall: accept tracking to read articles",
                       withdrawal="Cookie settings link in the page footer",
                       condition_of_service=True)
    error = lint_activity(consent=tracking)
    assert [(f.rule, f.severity.value) for f in error] == [("B013", "error")]
    with_alternative = lint_activity(consent={
        **tracking, "alternative": "Subscription at 2.99 EUR a month without tracking ads"})
    assert [(f.rule, f.severity.value) for f in with_alternative] == [("B013", "warning")]
    assert "genuinely equivalent" in with_alternative[0].message
    declared_free = lint_activity(consent={**tracking, "condition_of_service": False})
    assert [(f.rule, f.severity.value) for f in declared_free] == [("B013", "info")]


@pytest.mark.parametrize("withdrawal", [
    "By registered letter to the head office", "Call our customer service line",
    "In writing, by post, to the data protection officer",
])
def test_b014_online_consent_withdrawn_offline(withdrawal: str) -> None:
    findings = lint_activity(consent=consent("Unticked checkbox in the app", withdrawal))
    assert [(f.rule, f.severity.value) for f in findings] == [("B014", "warning")]


@pytest.mark.parametrize(("how", "withdrawal"), [
    ("Unticked checkbox in the app", "Toggle in the app settings, or by letter"),
    ("Unticked checkbox in the app", "Email privacy@acme.example or call us"),
    ("Signed paper form at the counter", "In writing at the counter or by post"),
])
def test_b014_withdrawal_as_easy_as_consent(how: str, withdrawal: str) -> None:
    assert lint_activity(consent=consent(how, withdrawal)) == []


@pytest.mark.parametrize("purpose", [
    "Show personalised ads in the app", "Targeted advertising on partner sites",
    "Marketing emails about new products", "Behavioural ads based on viewing history",
])
def test_b022_advertising_on_the_contract_basis(purpose: str) -> None:
    findings = lint_activity("contract", purposes=["Deliver what customers order", purpose])
    assert [(f.rule, f.severity.value) for f in findings] == [("B022", "warning")]


@pytest.mark.parametrize("purpose", [
    "Provide the email marketing platform the customer subscribed to",
    "Deliver the ordered goods; no marketing use",
    "Run the ad hoc delivery slot booking",
])
def test_b022_not_on_services_or_negations(purpose: str) -> None:
    assert lint_activity("contract", purposes=[purpose]) == []


@pytest.mark.parametrize("law", [
    "Sarbanes-Oxley Act section 802", "17 CFR 240.17a-4 (SEC record keeping)",
    "US Bank Secrecy Act", "HIPAA Privacy Rule", "15 U.S.C. 78dd-1 (FCPA)",
    "Companies Act 2006 (England and Wales), section 388", "UK GDPR Art. 6(1)(c)",
])
def test_b032_third_country_law(law: str) -> None:
    findings = lint_activity("legal_obligation", legal_obligation={"law": law})
    assert [(f.rule, f.severity.value) for f in findings] == [("B032", "warning")]


@pytest.mark.parametrize("law", [
    "UStG section 14b (German VAT Act): keep invoices 10 years",
    "German Fiscal Code (AO) section 147 and Commercial Code (HGB) section 257",
    "Anti-Money Laundering Act (GwG) section 8: the law requires us to keep records",
    "Directive (EU) 2015/849 as implemented by the Wwft, Art. 33",
    "FATCA-USA-Umsetzungsverordnung (FATCA-USA-UmsV) § 8, based on § 117c AO",
])
def test_b032_union_and_member_state_law_is_clean(law: str) -> None:
    assert lint_activity("legal_obligation", legal_obligation={"law": law}) == []


def test_b032_public_task_too() -> None:
    findings = lint_activity("public_task", public_task={"law": "USA PATRIOT Act section 215"})
    assert rule_ids(findings) == ["B032"]


def test_b041_vital_interests_never_for_marketing() -> None:
    rights = ["access", "rectification", "erasure", "restriction", "object", "complaint"]
    findings = lint_activity("vital_interests", direct_marketing=True, rights=rights)
    assert [(f.rule, f.severity.value) for f in findings] == [("B041", "error")]
    assert lint_activity("vital_interests") == []


def test_l008_the_interest_is_stated() -> None:
    lia = {"purpose_test": "Fraud prevention is a recognised legitimate interest (Recital 47)",
           "necessity_test": "Card and device signals are the least data that detect fraud",
           "balancing_test": "Customers expect fraud checks; data kept 90 days",
           "assessed_on": "2026-06-01"}
    findings = lint_activity("legitimate_interests", legitimate_interests={"lia": lia})
    assert [(f.rule, f.severity.value) for f in findings] == [("L008", "error")]
    assert lint_activity("legitimate_interests") == []


def test_b032_reads_every_field_that_names_a_law() -> None:
    findings = lint_activity("contract", automated_decisions={
        "legal_or_similar_effect": True, "exception": "law", "law": "US Bank Secrecy Act",
        "safeguards": ["human_intervention", "express_view", "contest"]},
        dpia={"reference": "DPIA-4", "date": "2026-01-05"})
    assert [(f.rule, f.severity.value) for f in findings] == [("B032", "warning")]
    assert "Art. 22(2)(b)" in findings[0].message
    kept = lint_activity("contract", retention={"period": "P7Y", "start": "end of the year",
                                                "law": "SOX section 802"})
    assert rule_ids(kept) == ["B032"]
