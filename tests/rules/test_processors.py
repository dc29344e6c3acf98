"""C rules and processor activities (Arts 26, 28, 30(2)), read through the real engine."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from gdpr_lint.rules.examples import CONTROLLER, PROCESSOR_ACTIVITY, processor_document
from tests.conftest import call_main, lint_activity, lint_text, only_dpf_fallback, rule_ids, write

# A payroll bureau's own record: it runs payroll for client employers (Art. 30(2)).
PAYROLL_BUREAU = """\
controllers:
  - id: lohnbuero
    name: Lohnbüro Schmidt GmbH
    contact: datenschutz@lohnbuero.example
    country: DE
    dpo: {name: Dr. Anna Weber, contact: dsb@lohnbuero.example}
    requests: {channel: datenschutz@lohnbuero.example, response_time: P1M}
processor_activities:
  - id: payroll-for-clients
    name: Payroll runs for client employers
    processor: lohnbuero
    controllers:
      - name: Bäckerei Müller KG
        contact: inhaber@baeckerei-mueller.example
      - category: Small employers on the standard payroll service
        contract: Auftragsverarbeitungsvertrag AVV-2025 (Art. 28(3)), annex to each service contract
        list: Client register in DATEV, with each employer's contact and DPO
    categories_of_processing: [Monthly gross-to-net payroll, Social security notifications]
    data_subjects: [the clients' employees]
    data_categories: [name, tax identification number, salary, bank account]
    special_categories: [religious_or_philosophical_beliefs]
    contract: Auftragsverarbeitungsvertrag AVV-2025, signed with each client
    sub_processors:
      - name: DATEV eG
        country: DE
        contract: DATEV AVV 2024 (Art. 28(4) terms)
        authorisation: specific
    security_measures: [ISO 27001 certified data centre, two-person rule for bank files]
"""


def _processing(**fields: Any) -> str:
    return processor_document(fields)


def test_a_processors_record_is_clean() -> None:
    assert lint_text(PAYROLL_BUREAU) == []
    assert lint_text(_processing()) == []


@pytest.mark.parametrize(("fields", "rule", "severity"), [
    ({"controllers": None}, "C003", "error"),
    ({"controllers": [{"name": "Northwind Schools Trust"}]}, "C003", "error"),
    ({"controllers": [{"category": "Schools", "contract": "School DPA v3"}]}, "C003", "warning"),
    ({"categories_of_processing": None}, "C004", "error"),
    ({"contract": None, "controllers": [{"name": "Northwind", "contact": "dpo@nw.example"}]},
     "C005", "error"),
    ({"sub_processors": [{"name": "Cloud Hosting GmbH", "country": "DE",
                          "authorisation": "general"}]}, "C006", "error"),
    ({"security_measures": None}, "C007", "warning"),
])
def test_processor_record_gaps(fields: dict[str, Any], rule: str, severity: str) -> None:
    findings = lint_text(_processing(**fields))
    assert [(f.rule, f.severity.value) for f in findings] == [(rule, severity)]
    assert findings[0].activity == "helpdesk-hosting"


def test_c005_satisfied_by_each_controllers_own_contract() -> None:
    controllers = [{"name": "Northwind", "contact": "dpo@nw.example",
                    "contract": "DPA-NW-2026 (Art. 28(3))"}]
    assert lint_text(_processing(contract=None, controllers=controllers)) == []


def test_c006_names_what_is_missing() -> None:
    findings = lint_text(_processing(sub_processors=[{"name": "Mailgun", "country": "DE"}]))
    assert "add contract and authorisation" in findings[0].message


def test_c001_c002_on_activities() -> None:
    processor = {"name": "Mailer Ltd", "role": "processor", "country": "IE"}
    c001 = lint_activity(recipients=[processor])
    assert [(f.rule, f.severity.value) for f in c001] == [("C001", "error")]
    assert lint_activity(recipients=[{**processor, "contract": "DPA-2025-014"}]) == []
    # controllers and public authorities receive data under their own responsibility
    assert lint_activity(recipients=[{"name": "Tax office", "role": "public_authority",
                                      "country": "DE"}]) == []
    joint = {"name": "Partner Bank AG", "contact": "privacy@partnerbank.example"}
    assert rule_ids(lint_activity(joint_controllers=[joint])) == ["C002"]
    assert lint_activity(joint_controllers=[{**joint, "arrangement": "JCA-2026-02"}]) == []
    as_recipient = {"name": "Partner Bank AG", "role": "joint_controller", "country": "DE"}
    assert rule_ids(lint_activity(recipients=[as_recipient])) == ["C002"]
    assert lint_activity(recipients=[{**as_recipient, "contract": "JCA-2026-02"}]) == []


def test_c002_one_joint_controller_declared_twice_is_one_finding() -> None:
    # a co-branded sweepstakes: the partner is named as joint controller and as recipient
    joint = {"name": "Partner AG", "contact": "privacy@partner.example"}
    recipient = {"name": "Partner  AG", "role": "joint_controller", "country": "DE"}
    findings = lint_activity(joint_controllers=[joint], recipients=[recipient])
    assert [(f.rule, f.message.split(":")[0]) for f in findings] == [
        ("C002", "joint controller 'Partner AG'")]
    # the arrangement given on either entry answers for both
    assert lint_activity(joint_controllers=[{**joint, "arrangement": "JCA-2026-02"}],
                         recipients=[recipient]) == []
    assert lint_activity(joint_controllers=[joint],
                         recipients=[{**recipient, "contract": "JCA-2026-02"}]) == []
    # a different joint controller is still its own finding
    other = {"name": "Lottery Services BV", "role": "joint_controller", "country": "NL"}
    findings = lint_activity(joint_controllers=[joint], recipients=[recipient, other])
    assert [f.rule for f in findings] == ["C002", "C002"]


def test_transfer_rules_read_sub_processors() -> None:
    us = {"name": "Helpdesk Inc", "country": "US", "contract": "Sub-processing terms 2025",
          "authorisation": "general"}
    findings = lint_text(_processing(sub_processors=[us]))
    assert [(f.rule, f.activity) for f in findings] == [("T001", "helpdesk-hosting")]
    scc = {"country": "US", "mechanism": "scc", "reference": "SCC module 3 (P2P), 2025-06"}
    assert rule_ids(lint_text(_processing(sub_processors=[us], transfers=[scc]))) == ["T006"]
    with_tia = {**scc, "tia": "TIA-2025-09 on FISA 702, with EU-held keys"}
    assert lint_text(_processing(sub_processors=[us], transfers=[with_tia])) == []
    dpf = {**us, "dpf_certified": True}
    adequacy = {"country": "US", "mechanism": "adequacy"}
    assert only_dpf_fallback(lint_text(_processing(sub_processors=[dpf], transfers=[adequacy])))
    assert rule_ids(lint_text(_processing(sub_processors=[us], transfers=[adequacy]))) == \
        ["T003"]


def test_x008_reads_processor_records() -> None:
    text = _processing(contract="TBD")
    line = text.splitlines().index("  contract: TBD") + 1
    assert [(f.rule, f.line) for f in lint_text(text)] == [("X008", line)]


def test_d001_names_the_processor() -> None:
    text = _processing(processor={"name": "Helpdesk SaaS GmbH"})
    findings = lint_text(text)
    assert rule_ids(findings) == ["D001"] and "processor" in findings[0].message
    assert "Art. 30(2)(a)" in findings[0].article
    without_controller = yaml.safe_dump({"processor_activities": [
        copy.deepcopy(PROCESSOR_ACTIVITY)]}, sort_keys=False)
    assert rule_ids(lint_text(without_controller)) == ["D001"]


def test_processor_reference_resolves_like_a_controller() -> None:
    text = _processing(processor="acmee")
    findings = lint_text(text)
    assert rule_ids(findings) == ["X005"] and "did you mean 'acme'?" in findings[0].message
    assert lint_text(_processing(processor="acme")) == []


def test_ids_share_one_namespace_with_activities(tmp_path: Path) -> None:
    processing = copy.deepcopy(PROCESSOR_ACTIVITY)
    processing["id"] = "newsletter"
    write(tmp_path, "processor.gdpr.yaml", yaml.safe_dump(
        {"controller": dict(CONTROLLER), "processor_activities": [processing]}, sort_keys=False))
    from gdpr_lint.rules.examples import activities_document
    write(tmp_path, "activity.gdpr.yaml", activities_document({}))
    result = call_main("check", cwd=tmp_path)
    assert result.returncode == 1
    assert [line.split()[1] for line in result.stdout.splitlines() if ": X004" in line] == \
        ["X004", "X004"]


def test_one_problem_one_finding_for_empty_lists() -> None:
    findings = lint_text(_processing(controllers=[], categories_of_processing=[]))
    assert [f.rule for f in findings] == ["C003", "C004"]


def test_schema_findings_name_the_processor_activity() -> None:
    findings = lint_text(_processing(contract=None, contrcat="DPA v4"))
    assert [(f.rule, f.activity) for f in findings] == [("X003", "helpdesk-hosting")]
    assert "did you mean 'contract'?" in findings[0].message


def test_a_processor_from_the_configured_controllers_file(tmp_path: Path) -> None:
    write(tmp_path, "orgs/controllers.gdpr.yaml",
          "controllers:\n  - {id: helpdesk-saas, name: Helpdesk SaaS Inc, "
          "contact: privacy@helpdesk.example, country: US}\n")
    write(tmp_path, ".gdpr-lint.yaml", "controllers: [orgs/controllers.gdpr.yaml]\n")
    write(tmp_path, "hosting.gdpr.yaml", _processing(processor="helpdesk-saas"))
    result = call_main("check", ".", cwd=tmp_path)
    # the processor's own details are checked too: established in the US, no EU representative
    assert "D005" in result.stdout and "X005" not in result.stdout, result.stdout


def test_explain_prints_processor_examples() -> None:
    text = call_main("explain", "C006").stdout
    assert "Art. 28(2); Art. 28(4)" in text and "(Fields of a processor activity;" in text
    full = call_main("explain", "--full", "C006").stdout
    assert "processor_activities:" in full and "categories_of_processing:" in full
