"""R003 in format v1.2: portability is not a right under public task (Art. 20(3)) nor for
paper files (Art. 20(1)(b)); the register and R004 read the same derivation."""

from __future__ import annotations

from gdpr_lint.law.rights import rights_available
from tests.conftest import lint_activity, rule_ids

WITHOUT = ["access", "rectification", "erasure", "restriction", "complaint"]


def test_r003_contract_and_consent_still_need_portability() -> None:
    assert rule_ids(lint_activity("contract", rights=WITHOUT)) == ["R003"]
    assert rule_ids(lint_activity(rights=[*WITHOUT, "withdraw_consent"])) == ["R003"]


def test_r003_paper_files_have_no_portability() -> None:
    assert lint_activity("contract", rights=WITHOUT, manual_only=True) == []
    offered = lint_activity("contract", manual_only=True)  # the base announces portability
    assert [(f.rule, f.severity.value) for f in offered] == [("R004", "info")]
    assert "Art. 20(1)(b)" in offered[0].message


def test_r003_public_task_with_explicit_consent_has_no_portability() -> None:
    fields = {"special_categories": ["health"], "art9_condition": "explicit_consent",
              "data_categories": ["name", "vaccination status"],
              "consent": {"how_obtained": "Signed form at the municipal clinic",
                          "records": "Scanned forms in the clinic's file", "explicit": True,
                          "withdrawal": "Tell the clinic staff or write to the city"},
              "rights": ["access", "rectification", "restriction", "object",
                         "withdraw_consent", "complaint"],
              "dpia": {"reference": "DPIA-2026-01", "date": "2026-01-10"}}
    findings = lint_activity("public_task", **fields)
    assert "R003" not in rule_ids(findings)


def test_the_derivation_is_shared() -> None:
    assert "portability" not in rights_available({"lawful_basis": "contract",
                                                  "manual_only": True})
    assert "portability" in rights_available({"lawful_basis": "contract"})
