from __future__ import annotations

from pathlib import Path

import pytest

from gdpr_lint.rules.examples import activities_document
from tests.conftest import (
    ROOT,
    call_main,
    lint_activity,
    lint_text,
    only_dpf_fallback,
    rule_ids,
    write,
)

US = {"name": "Helpdesk Inc", "role": "processor", "country": "US",
      "contract": "DPA-2026-007 (Art. 28(3))"}
SCC = {"country": "US", "mechanism": "scc", "reference": "DPA 2026, SCC module 2",
       "tia": "TIA-2026-03 (EDPB Recommendations 01/2020)"}


def test_t001_to_t005() -> None:
    assert rule_ids(lint_activity(recipients=[US])) == ["T001"]
    assert lint_activity(recipients=[US], transfers=[SCC]) == []
    no_mechanism = [{"country": "US"}]
    assert rule_ids(lint_activity(recipients=[US], transfers=no_mechanism)) == ["T002"]
    no_reference = [{"country": "US", "mechanism": "scc", "tia": "TIA-2026-03"}]
    assert rule_ids(lint_activity(recipients=[US], transfers=no_reference)) == ["T004"]
    assert rule_ids(lint_activity(recipients=[US], transfers=[{"country": "US",
                                                               "mechanism": "derogation"}])) \
        == ["T005"]
    # EEA recipients need no transfer
    assert lint_activity(recipients=[{**US, "country": "NO"}]) == []


def test_t003_adequacy_list_and_dpf() -> None:
    adequacy = [{"country": "US", "mechanism": "adequacy"}]
    assert rule_ids(lint_activity(recipients=[US], transfers=adequacy)) == ["T003"]
    assert only_dpf_fallback(lint_activity(recipients=[{**US, "dpf_certified": True}],
                                           transfers=adequacy))
    japan = {**US, "country": "JP"}
    scoped = lint_activity(recipients=[japan], transfers=[{"country": "JP",
                                                          "mechanism": "adequacy"}])
    assert [(f.rule, f.severity.value) for f in scoped] == [("T003", "info")]
    assert "APPI" in scoped[0].message  # a partial decision names its scope
    swiss = {**US, "country": "CH"}
    assert lint_activity(recipients=[swiss], transfers=[{"country": "CH",
                                                         "mechanism": "adequacy"}]) == []
    india = {**US, "country": "IN"}
    assert rule_ids(lint_activity(recipients=[india], transfers=[{"country": "IN",
                                                                 "mechanism": "adequacy"}])) \
        == ["T003"]
    # config replaces the shipped list
    assert rule_ids(lint_activity(config={"adequacy": ["IN"]}, recipients=[swiss],
                                  transfers=[{"country": "CH", "mechanism": "adequacy"}])) \
        == ["T003"]


def test_t003_explain_shows_the_dated_list() -> None:
    text = call_main("explain", "T003").stdout
    assert "as of 2026-11-23" in text and "European Commission" in text
    assert "Adequate countries (as of 2026-11-23): AD, AR, BR, CA, CH" in text
    assert "GB (United Kingdom)" in text and "expires 2031-12-27" in text
    assert "european-patent-organisation (European Patent Organisation)" in text
    assert "OJ L 231, 20.9.2023" in text  # the DPF decision's Official Journal reference


@pytest.mark.parametrize(("retention", "rule", "severity"), [
    ({"start": "x"}, "K001", "error"),
    ({"criteria": "Kept forever"}, "K002", "error"),
    ({"period": "indefinitely"}, "K002", "error"),
    ({"criteria": "As long as necessary"}, "K002", "warning"),
    ({"period": "2 years", "start": "signup"}, "K003", "warning"),
])
def test_retention(retention: dict[str, str], rule: str, severity: str) -> None:
    findings = lint_activity(retention=retention)
    assert [(f.rule, f.severity.value) for f in findings] == [(rule, severity)]


@pytest.mark.parametrize("period", ["P2Y", "P6M", "P30D", "P1Y6M", "PT12H", "P2W"])
def test_iso_periods_pass(period: str) -> None:
    assert lint_activity(retention={"period": period, "start": "signup"}) == []


def test_n001_to_n004() -> None:
    assert rule_ids(lint_activity(notice={"timing": "at_collection"})) == ["N001"]
    assert rule_ids(lint_activity(source="third_party")) == ["N002"]
    assert lint_activity(source="third_party", notice={"url": "https://x.example",
                                                       "timing": "within_one_month"}) == []
    n003 = lint_activity(notice={"url": "https://x.example", "covers": ["controller_identity"]})
    assert rule_ids(n003) == ["N003"]
    assert n003[0].message == ("the notice must also cover: purposes_and_basis, recipients, "
                               "retention, rights, withdraw_consent, complaint")
    assert rule_ids(lint_activity(notice={"document": "docs/missing.md"})) == ["N004"]
    assert lint_activity(notice={"document": "pyproject.toml"}) == []


def test_d001_to_d005() -> None:
    no_controller = lint_text(activities_document({}).replace(
        "controller:\n  id: acme\n  name: Acme Ltd\n  contact: privacy@acme.example\n"
        "  country: DE\n  requests:\n    channel: privacy@acme.example\n    response_time: P1M\n",
        ""))
    assert rule_ids(no_controller) == ["D001"]
    requests = {"channel": "privacy@acme.example"}
    assert rule_ids(lint_activity(controller={"name": "Acme", "requests": requests})) == ["D001"]
    assert rule_ids(lint_activity(data_subjects=None, data_categories=[])) == ["D002"]
    d003 = lint_activity(recipients=None)
    assert [(f.rule, f.severity.value) for f in d003] == [("D003", "error")]
    assert lint_activity(recipients=[]) == []
    assert rule_ids(lint_activity(security_measures=[])) == ["D004"]
    assert rule_ids(lint_activity(controller={"id": "us", "name": "Us Inc", "contact": "x",
                                              "country": "US", "requests": requests})) == ["D005"]


def test_p001_to_p003() -> None:
    authority = {"id": "city", "name": "City", "contact": "c", "public_authority": True,
                 "dpo": {"name": "DPO", "contact": "dpo@city.example"},
                 "requests": {"channel": "dpo@city.example"}}
    p001 = lint_activity("legitimate_interests", controller=authority)
    assert rule_ids(p001) == ["P001"] and p001[0].severity.value == "error"
    li = {"interest": "i", "outside_public_tasks": {"justification": "museum shop"},
          "lia": {"purpose_test": "p", "necessity_test": "n", "balancing_test": "b",
                  "assessed_on": "2026-06-01"}}
    p002 = lint_activity("legitimate_interests", controller=authority, legitimate_interests=li)
    assert [(f.rule, f.severity.value) for f in p002] == [("P002", "info")]
    # P002 still applies the assessment rules
    li["lia"] = {"purpose_test": "p"}
    assert rule_ids(lint_activity("legitimate_interests", controller=authority,
                                  legitimate_interests=li)) == ["L002", "L003", "P002"]
    without_dpo = {k: v for k, v in authority.items() if k != "dpo"}
    p003 = lint_activity("public_task", controller=without_dpo)
    assert [(f.rule, f.severity.value) for f in p003] == [("P003", "error")]


def test_controller_resolution_across_files_config_and_default(tmp_path: Path) -> None:
    activity = activities_document({}).split("activities:\n", 1)[1]
    write(tmp_path, "controllers.gdpr.yaml",
          "controllers:\n  - {id: acme, name: Acme Ltd, contact: privacy@acme.example}\n")
    write(tmp_path, "by-id.gdpr.yaml", "controller: acme\nactivities:\n" + activity)
    assert call_main("check", cwd=tmp_path).returncode == 0
    # one changed file alone (the pre-commit case) resolves through the config
    alone = call_main("check", "by-id.gdpr.yaml", cwd=tmp_path)
    assert "X005" in alone.stdout and "controller 'acme' is not declared" in alone.stdout
    write(tmp_path, ".gdpr-lint.yaml", "controllers: [controllers.gdpr.yaml]\n")
    assert call_main("check", "by-id.gdpr.yaml", cwd=tmp_path).returncode == 0
    # default_controller covers files with no controller at all
    write(tmp_path, "default.gdpr.yaml",
          "activities:\n" + activity.replace("id: newsletter", "id: other"))
    assert "D001" in call_main("check", "default.gdpr.yaml", cwd=tmp_path).stdout
    write(tmp_path, ".gdpr-lint.yaml",
          "controllers: [controllers.gdpr.yaml]\ndefault_controller: acme\n")
    assert call_main("check", cwd=tmp_path).returncode == 0


def test_x005_suggests_the_nearest_id() -> None:
    text = ("controllers: [{id: acme, name: Acme, contact: c, requests: {channel: c}}]\n"
            "controller: acmee\n")
    findings = lint_text(text)
    assert [(f.rule, f.line, f.column) for f in findings] == [("X005", 2, 13)]
    assert "did you mean 'acme'?" in findings[0].message


def test_x004_names_both_places(tmp_path: Path) -> None:
    write(tmp_path, "a.gdpr.yaml", activities_document({}))
    write(tmp_path, "b.gdpr.yaml", activities_document({}))
    result = call_main("check", cwd=tmp_path)
    assert result.stdout.splitlines()[:2] == [
        "a.gdpr.yaml:10:7: X004 [error] activity id 'newsletter' is also used at b.gdpr.yaml:10: "
        "give each activity its own id (Art. 30(1); Art. 5(2))",
        "b.gdpr.yaml:10:7: X004 [error] activity id 'newsletter' is also used at a.gdpr.yaml:10: "
        "give each activity its own id (Art. 30(1); Art. 5(2))"]


@pytest.mark.slow
def test_generated_files_are_in_step() -> None:
    from gdpr_lint.rules.explain import example_file_name, invalid_example, rules_markdown
    from gdpr_lint.rules.registry import builtin_rules

    hint = "out of date: run python scripts/generate.py"
    assert (ROOT / "docs/rules.md").read_text() == rules_markdown(), hint
    # Evidence rules' examples are repositories (tests/evidence/test_rule_examples.py), the
    # organisation's are record files (tests/organisation): neither is a declaration.
    files = [r for r in builtin_rules().values() if r.scope not in ("evidence", "organisation")]
    for rule in files:
        assert (ROOT / "examples/invalid" / example_file_name(rule)).read_text() == \
            invalid_example(rule), hint
    assert len(list((ROOT / "examples/invalid").glob("*.gdpr.yaml"))) == len(files)


@pytest.mark.slow
def test_each_invalid_example_raises_the_rule_its_name_promises() -> None:
    import json

    result = call_main("check", "--format", "json", "examples/invalid", cwd=ROOT)
    raised: dict[str, set[str]] = {}
    for f in json.loads(result.stdout)["findings"]:
        raised.setdefault(Path(f["path"]).name.split("-")[0], set()).add(f["rule"])
    names = {p.name.split("-")[0] for p in (ROOT / "examples/invalid").glob("*.gdpr.yaml")}
    assert raised == {name: {name} for name in names}


def test_x007_controller_redeclared_with_other_details(tmp_path: Path) -> None:
    first = ("controllers:\n  - {id: acme, name: Acme Ltd, contact: privacy@acme.example, "
             "requests: {channel: privacy@acme.example}}\n")
    write(tmp_path, "a.gdpr.yaml", first)
    write(tmp_path, "same.gdpr.yaml", first)  # an identical repeat is harmless
    assert call_main("check", cwd=tmp_path).returncode == 0
    write(tmp_path, "b.gdpr.yaml",
          "controller: {id: acme, name: Acme GmbH, contact: privacy@acme.example, "
          "requests: {channel: privacy@acme.example}}\n")
    result = call_main("check", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        "b.gdpr.yaml:1:18: X007 [error] controller 'acme' is declared again with other "
        "details (first at a.gdpr.yaml:2, which is used): declare it once and refer to it by "
        "id (Art. 30(1)(a))")
