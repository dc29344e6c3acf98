"""K rules in format v1.1: retention per data category, negations, laws and exemptions."""

from __future__ import annotations

from typing import Any

import pytest

from gdpr_lint.rules.examples import activities_document
from tests.conftest import lint_activity, lint_text, rule_ids

ARCHIVE = """\
controller:
  id: landesarchiv
  name: Landesarchiv Baden-Württemberg
  contact: poststelle@la-bw.example
  country: DE
  public_authority: true
  dpo: {name: Datenschutzbeauftragte, contact: datenschutz@la-bw.example}
  requests: {channel: poststelle@la-bw.example, response_time: P1M}
activities:
  - id: archive.records-of-lasting-value
    name: Permanent keeping of public records of lasting value
    purposes: [Preserve records of lasting value offered by state authorities]
    data_subjects: [persons named in the records of state authorities]
    data_categories: [name, date of birth, case files]
    lawful_basis: public_task
    public_task: {law: Landesarchivgesetz Baden-Württemberg (LArchG) sections 2 and 3}
    exemptions:
      - provision: art5_1_e
        justification: Archiving in the public interest with the safeguards of Art. 89(1)
    rights: [access, rectification, restriction, object, complaint]
    recipients: []
    retention:
      criteria: Kept permanently as archival records
      law: LArchG Baden-Württemberg section 2(3)
    notice: {url: "https://la-bw.example/datenschutz", timing: at_collection}
    security_measures: [closed stacks, protection periods of LArchG section 6]
"""


@pytest.mark.parametrize("criteria", [
    "Until the end of the permanent contract plus six years",
    "Never kept indefinitely: deleted two years after the last order",
    "Not stored permanently; anonymised after the season",
    "Permanent address kept until the account is closed",
    "Unlimited plan customers: until the subscription ends",
    "Permanently deleted 30 days after the account is closed",
    "Backups are erased permanently after 35 days",
])
def test_k002_reads_negations_and_compound_nouns(criteria: str) -> None:
    assert lint_activity(retention={"criteria": criteria, "period": "P2Y",
                                    "start": "the event the criteria name"}) == []


@pytest.mark.parametrize("value", ["Kept forever", "Stored permanently", "indefinitely",
                                   "No time limit", "P100Y", "P1200M"])
def test_k002_indefinite_wording(value: str) -> None:
    field = "period" if value.startswith("P") or value == "indefinitely" else "criteria"
    findings = lint_activity(retention={field: value, "start": "signup"})
    assert [(f.rule, f.severity.value) for f in findings] == [("K002", "error")]


def test_state_archive_keeping_records_permanently_is_info() -> None:
    findings = lint_text(ARCHIVE)
    assert [(f.rule, f.severity.value) for f in findings] == [("K002", "info")]
    assert "LArchG" in findings[0].message


def test_a_law_requiring_permanent_keeping_is_info() -> None:
    register = {"criteria": "Kept permanently in the civil-status register",
                "law": "Personenstandsgesetz (PStG) section 5(5)"}
    findings = lint_activity("legal_obligation", retention=register)
    assert [(f.rule, f.severity.value) for f in findings] == [("K002", "info")]


def test_retention_per_category() -> None:
    entries: list[dict[str, Any]] = [
        {"categories": ["email address"], "period": "P2Y", "start": "last newsletter opened"},
        {"categories": ["consent records"], "period": "P3Y", "start": "withdrawal of consent"},
    ]
    assert lint_activity(retention=entries) == []
    entries[1] = {"categories": ["consent records"], "criteria": "Kept forever"}
    text = activities_document({"retention": entries})
    line = text.splitlines().index("    criteria: Kept forever") + 1
    assert [(f.rule, f.line) for f in lint_text(text)] == [("K002", line)]
    entries[1] = {"categories": ["consent records"], "start": "withdrawal"}
    assert rule_ids(lint_activity(retention=entries)) == ["K001"]
    entries[1] = {"categories": ["consent records"], "period": "3 years", "start": "withdrawal"}
    assert rule_ids(lint_activity(retention=entries)) == ["K003"]
    entries[1] = {"categories": ["consent records"], "period": "P3Y"}
    assert rule_ids(lint_activity(retention=entries)) == ["K004"]


def test_k004_period_without_start() -> None:
    findings = lint_activity(retention={"period": "P2Y"})
    assert [(f.rule, f.severity.value) for f in findings] == [("K004", "warning")]
    closed = lint_activity(retention={"criteria": "Until the account is closed"})
    assert [(f.rule, f.severity.value) for f in closed] == [("K002", "info")]


def test_k005_legal_obligation_names_the_law_of_the_period() -> None:
    plain = {"period": "P10Y", "start": "end of the calendar year"}
    findings = lint_activity("legal_obligation", retention=plain)
    assert [(f.rule, f.severity.value) for f in findings] == [("K005", "warning")]
    assert lint_activity("legal_obligation", retention={**plain, "law": "HGB section 257"}) \
        == []
    # other bases set their own periods
    assert lint_activity("contract", retention=plain) == []


AUDIT_PAPERS = """\
controller: {id: acme-de, name: Acme Deutschland GmbH, contact: datenschutz@acme.example,
             country: DE, requests: {channel: datenschutz@acme.example}}
activities:
  - id: finance.audit-work-papers
    name: Audit work papers of the group audit
    purposes: [Keep the work papers of the annual audit for the group's US listing]
    data_subjects: [employees named in the work papers]
    data_categories: [name, role, approvals given]
    lawful_basis: legal_obligation
    legal_obligation: {law: "Handelsgesetzbuch (HGB) section 257(1) no. 1 and (4)"}
    rights: [access, rectification, restriction, complaint]
    recipients: []
    retention:
      criteria: Kept permanently in the audit archive
      law: {law}
    notice: {url: "https://acme.example/datenschutz/mitarbeiter", timing: at_collection}
    security_measures: [archive access limited to internal audit]
"""


@pytest.mark.parametrize("law", [
    "Sarbanes-Oxley Act section 802",
    "17 CFR 210.2-06 (SEC record retention for audit work papers)",
    "18 U.S.C. 1519",
    "US Bank Secrecy Act",
    "Companies Act 2006 (England and Wales) section 388",
])
def test_a_third_country_law_does_not_justify_permanent_keeping(law: str) -> None:
    findings = lint_text(AUDIT_PAPERS.replace("{law}", f'"{law}"'))
    # B032 may also speak about the law field; K002 speaks about the keeping
    kept = [f for f in findings if f.rule.startswith("K")]
    assert [(f.rule, f.severity.value) for f in kept] == [("K002", "error")]
    assert "third country's law" in kept[0].message
    assert "Arts 6(3), 17(3)(b)" in kept[0].message


@pytest.mark.parametrize("law", [
    "Grundbuchordnung (GBO) section 10a: the land register is kept permanently",
    "FATCA-USA-Umsetzungsverordnung (FATCA-USA-UmsV) § 8, based on § 117c AO",
    "Personenstandsgesetz (PStG) section 5(5); UStG section 14b for the fee invoices",
])
def test_union_or_member_state_law_still_makes_it_info(law: str) -> None:
    findings = lint_text(AUDIT_PAPERS.replace("{law}", f'"{law}"'))
    assert [(f.rule, f.severity.value) for f in findings] == [("K002", "info")]
    assert law.split(" ")[0] in findings[0].message


def test_the_archiving_exemption_answers_whatever_the_law() -> None:
    findings = lint_text(ARCHIVE.replace("LArchG Baden-Württemberg section 2(3)",
                                         "LArchG section 2(3); US-Recht nicht anwendbar"))
    assert [(f.rule, f.severity.value) for f in findings] == [("K002", "info")]


@pytest.mark.parametrize(("period", "proposal"), [
    ("P72H", "PT72H"),  # hours follow a T; "P72H" is not a duration
    ("1 year", "P1Y"), ("6 months", "P6M"), ("90 days", "P90D"), ("72 hours", "PT72H"),
    ("p2y", "P2Y"),
])
def test_k003_proposes_the_conversion(period: str, proposal: str) -> None:
    # CCTV footage of a shop, overwritten after three days
    findings = lint_activity(retention={"period": period, "start": "recording"})
    assert [(f.rule, f.severity.value) for f in findings] == [("K003", "warning")]
    assert f"write {proposal}" in findings[0].message
    assert lint_activity(retention={"period": proposal, "start": "recording"}) == []


def test_k003_without_a_simple_reading_gives_examples() -> None:
    findings = lint_activity(retention={"period": "two and a half years", "start": "exit"})
    assert [f.rule for f in findings] == ["K003"]
    assert "write it as P2Y, P6M, P30D, PT72H" in findings[0].message


# -- K002, format v1.2: a declared period beats the words; kept until someone asks ----------
@pytest.mark.parametrize("criteria", [
    "Kept until the customer asks us to delete it",
    "Stored until the user requests deletion of the account data",
    "Until the data subject asks for erasure",
    "Kept unless the client requests that we remove the file",
    "Until a deletion request is received",
    "Gespeichert, bis der Kunde die Löschung verlangt",
    "Bis zum Löschantrag der betroffenen Person",
    "Conservées jusqu'à ce que le client demande leur suppression",
    "Jusqu'à la demande de suppression de l'utilisateur",
    "Se conservan hasta que el cliente solicite su supresión",
    "Hasta la solicitud de supresión del interesado",
    "Conservati finché l'utente non chiede la cancellazione",
    "Fino alla richiesta di cancellazione dell'interessato",
    "Bewaard totdat de klant om verwijdering verzoekt",
    "Tot een verzoek tot verwijdering van de betrokkene",
])
def test_k002_kept_until_someone_asks_is_an_error(criteria: str) -> None:
    findings = lint_activity(retention={"criteria": criteria})
    assert [(f.rule, f.severity.value) for f in findings] == [("K002", "error")], criteria
    assert "Art. 17" in findings[0].message


def test_k002_erasure_on_request_before_a_period_ends_is_fine() -> None:
    entry = {"period": "P2Y", "start": "last order",
             "criteria": "Deleted earlier when the customer asks us to delete it"}
    assert lint_activity(retention=entry) == []


@pytest.mark.parametrize("entry", [
    {"period": "P3Y", "start": "end of the permanent or fixed-term contract"},
    {"period": "P3Y", "start": "end of the contract",
     "criteria": "3 years after the end of the permanent or fixed-term contract"},
    {"period": "P6M", "start": "end of employment",
     "criteria": "Permanent employees: six months after they leave"},
    {"period": "P1Y", "start": "move-out",
     "criteria": "Permanent residents of the building: one year after they move out"},
    {"criteria": "Three years after the end of the permanent or fixed-term contract"},
    {"criteria": "Until the end of the indefinite or fixed-term employment, then 6 months"},
])
def test_k002_words_that_qualify_a_contract_are_not_a_period(entry: dict[str, str]) -> None:
    assert [f for f in lint_activity(retention=entry) if f.rule == "K002"] == []


def test_k002_a_declared_period_beats_indefinite_words() -> None:
    entry = {"period": "P2Y", "start": "last login", "criteria": "Kept forever for analytics"}
    findings = lint_activity(retention=entry)
    assert [(f.rule, f.severity.value) for f in findings] == [("K002", "info")]
    assert "P2Y" in findings[0].message


@pytest.mark.parametrize("criteria", [
    "Until the account is closed", "Until the end of the membership",
    "Bis zur Kündigung des Kundenkontos", "Jusqu'à la clôture du compte",
    "Hasta el cierre de la cuenta", "Fino alla chiusura dell'account",
    "Tot de opzegging van het lidmaatschap",
])
def test_k002_an_account_end_is_an_end_event(criteria: str) -> None:
    findings = lint_activity(retention={"criteria": criteria})
    assert [(f.rule, f.severity.value) for f in findings] == [("K002", "info")], criteria
    assert "inactive" in findings[0].message
