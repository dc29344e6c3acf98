from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gdpr_lint.rules.fingerprint import COVERED
from tests.conftest import Run, call_main, lint_text, rule_ids

COMMENTED = """\
# yaml-language-server: $schema=declaration-v1.schema.json
controller: {id: acme, name: Acme Ltd, contact: privacy@acme.example,   # the company
             requests: {channel: privacy@acme.example}}
activities:
  # Fraud screening, owned by the payments team.
  - id: fraud-screening
    name: Payment fraud screening  # keep short
    purposes: [Detect and prevent payment fraud]
    data_subjects: [customers]
    data_categories:
      - payment card BIN   # first six digits only
      - IP address
    lawful_basis: legitimate_interests
    legitimate_interests:
      interest: Preventing payment fraud
      lia:
        purpose_test: 'Fraud prevention is legitimate (Recital 47)'   # quoted on purpose
        necessity_test: Card and device signals are the least data that detect fraud
        balancing_test: >-
          Customers expect fraud checks;
          data kept 90 days
        assessed_on: 2026-06-01    # reviewed yearly
    rights: [access, rectification, erasure, restriction, object, complaint]
    recipients: []
    retention: {period: P90D, start: the payment}
    notice: {url: "https://acme.example/privacy", timing: at_collection}
    security_measures: [TLS]

  - id: flow-style
    name: Flow style assessment
    purposes: [Network security]
    data_subjects: [visitors]
    data_categories: [IP address]
    lawful_basis: legitimate_interests
    legitimate_interests: {interest: Security, lia: {purpose_test: p, necessity_test: n,
                                                     balancing_test: b, assessed_on: 2026-06-01}}
    rights: [access, rectification, erasure, restriction, object, complaint]
    recipients: []
    retention: {period: P30D, start: the request}
    notice: {url: "https://acme.example/privacy"}
    security_measures: [TLS]
"""


def stamp(path: Path, *args: str, run: Run = call_main):
    """`gdpr-lint stamp` in the file's folder: in this process, or with ``run=cli``."""
    return run("stamp", *args, str(path.name), cwd=path.parent)


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    import difflib

    diff = list(difflib.ndiff(before.splitlines(), after.splitlines()))
    removed = [d[2:] for d in diff if d.startswith("- ")]
    return removed, [d[2:] for d in diff if d.startswith("+ ")]


def test_stamp_round_trip_keeps_every_other_byte(tmp_path: Path) -> None:
    path = tmp_path / "a.gdpr.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    result = stamp(path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "a.gdpr.yaml: stamped fraud-screening, flow-style\n"
    stamped = path.read_text(encoding="utf-8")
    removed, added = changed_lines(COMMENTED, stamped)
    # block style: one line added under the assessment, at its indentation
    assert added[0].startswith('        fingerprint: {purposes: "')
    assert stamped.index(added[0]) > stamped.index("assessed_on: 2026-06-01    # reviewed yearly")
    # flow style: the fingerprint goes inside the braces of the same line
    assert removed == ["                                                     balancing_test: b, "
                       "assessed_on: 2026-06-01}}"]
    assert added[1].startswith(removed[0][:-2] + ", fingerprint: {purposes: ")
    assert len(added) == 2
    assert lint_text(stamped) == []
    # stamping again changes nothing
    assert stamp(path).stdout == "All assessments are stamped and up to date.\n"
    assert path.read_text(encoding="utf-8") == stamped


def test_l005_after_a_change_then_restamp_only_once_redated(tmp_path: Path) -> None:
    path = tmp_path / "a.gdpr.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    stamp(path)
    changed = path.read_text().replace("      - IP address\n",
                                       "      - IP address\n      - location\n")
    changed = changed.replace("period: P90D", "period: P1Y")
    path.write_text(changed)
    findings = lint_text(changed)
    assert rule_ids(findings) == ["L005"]
    assert findings[0].message.startswith("data_categories, retention changed since")
    assert stamp(path, "--check").returncode == 1
    assert path.read_text() == changed  # --check writes nothing
    # the fields changed and assessed_on did not: stamping again is refused
    refused = stamp(path)
    assert refused.returncode == 1
    assert refused.stderr.startswith("a.gdpr.yaml:23:22: cannot stamp activity "
                                     "'fraud-screening': data_categories, retention changed")
    assert "update lia.assessed_on" in refused.stderr
    assert path.read_text() == changed
    # the other activity of the file is still stamped when it needs it; once the assessment
    # is reviewed and re-dated, stamping clears L005
    redated = changed.replace("assessed_on: 2026-06-01    # reviewed yearly",
                              "assessed_on: 2026-09-01    # reviewed yearly")
    path.write_text(redated)
    result = stamp(path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "a.gdpr.yaml: stamped fraud-screening\n"
    assert lint_text(path.read_text()) == []
    assert 'assessed_on: "2026-09-01"}' in path.read_text()


def test_formatting_only_edits_keep_the_fingerprint(tmp_path: Path) -> None:
    path = tmp_path / "a.gdpr.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    stamp(path)
    reformatted = path.read_text().replace(
        "    purposes: [Detect and prevent payment fraud]\n",
        "    purposes:\n      - \"Detect and prevent   payment fraud\"   # reworded spacing\n")
    reformatted = reformatted.replace("{period: P90D, start: the payment}",
                                      "{start: the payment, period: 'P90D'}")
    path.write_text(reformatted)
    assert lint_text(reformatted) == []


def test_crlf_and_bom_are_preserved(cli, tmp_path: Path) -> None:
    path = tmp_path / "a.gdpr.yaml"
    raw = b"\xef\xbb\xbf" + COMMENTED.replace("\n", "\r\n").encode()
    path.write_bytes(raw)
    stamp(path, run=cli)
    after = path.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") and b"\n" not in after.replace(b"\r\n", b"")
    assert len(after.splitlines()) == len(raw.splitlines()) + 1
    assert lint_text(after.decode("utf-8-sig")) == []


def test_broken_file_is_not_touched(tmp_path: Path) -> None:
    path = tmp_path / "a.gdpr.yaml"
    path.write_text("activities: [\n")
    result = stamp(path)
    assert result.returncode == 1 and "a.gdpr.yaml:2:1: X001" in result.stderr
    assert path.read_text() == "activities: [\n"


# -- layouts that once produced an invalid file ----------------------------------------------

ACTIVITY = """\
controller: {id: acme, name: Acme Ltd, contact: privacy@acme.example,
             requests: {channel: privacy@acme.example}}
activities:
  - id: fraud
    name: Fraud screening
    purposes: [Detect fraud]
    data_subjects: [customers]
    data_categories: [IP address]
    lawful_basis: legitimate_interests
    legitimate_interests:
      interest: Preventing fraud
      lia:
LIA
    rights: [access, rectification, erasure, restriction, object, complaint]
    recipients: []
    retention: {period: P90D, start: the payment}
    notice: {url: "https://acme.example/privacy"}
    security_measures: [TLS]
"""
TESTS = ("        purpose_test: p\n        necessity_test: n\n        balancing_test: b\n"
         "        assessed_on: 2026-06-01\n")


def declaration(lia: str) -> str:
    return ACTIVITY.replace("      lia:\nLIA\n", lia)


FLOW = ("      lia: {purpose_test: p, necessity_test: n, balancing_test: b, "
        "assessed_on: 2026-06-01, FP}\n")
LAYOUTS = {
    "empty-fingerprint-last": "      lia:\n" + TESTS + "        fingerprint:\n",
    "empty-fingerprint-first": "      lia:\n        fingerprint:\n" + TESTS,
    "empty-fingerprint-comment": "      lia:\n" + TESTS + "        fingerprint:   # to do\n",
    "null-fingerprint": "      lia:\n" + TESTS + "        fingerprint: ~\n",
    "flow-trailing-comma": "      lia: {purpose_test: p, necessity_test: n, balancing_test: b, "
                           "assessed_on: 2026-06-01,}\n",
    "flow-multiline-comma-comment": "      lia: {purpose_test: p, necessity_test: n,\n"
                                    "        balancing_test: b, assessed_on: 2026-06-01 ,  # c\n"
                                    "        }\n",
    "question-mark-key-first": "      lia:\n        ? purpose_test\n        : p\n"
                               "        necessity_test: n\n        balancing_test: b\n"
                               "        assessed_on: 2026-06-01\n",
    "anchored-assessment-not-aliased": "      lia: &mine\n" + TESTS,
    "fingerprint-alias": "      lia:\n" + TESTS + "        fingerprint: *old\n",
    "duplicate-anchor-names": "      lia:\n        purpose_test: &a p\n"
                              "        necessity_test: &a n\n        balancing_test: *a\n"
                              "        assessed_on: 2026-06-01\n",
    "block-fingerprint": "      lia:\n" + TESTS + "        fingerprint:\n"
                         "          purposes: 0123456789ab   # old\n",
    "keep-chomped-block-scalar-last": "      lia:\n        purpose_test: p\n"
                                      "        necessity_test: n\n"
                                      "        assessed_on: 2026-06-01\n"
                                      "        balancing_test: |+\n          b\n\n",
    "no-final-line-break": "      lia:\n" + TESTS.rstrip("\n") + "\n",
    "flow-empty-value": FLOW.replace("FP", "fingerprint: "),
    "flow-bare-key": FLOW.replace("FP", "fingerprint"),
    "flow-empty-with-comma": FLOW.replace("FP", "fingerprint: ,"),
    "flow-empty-mapping": FLOW.replace("FP", "fingerprint: {}"),
    "empty-string": "      lia:\n" + TESTS + "        fingerprint: ''\n",
    "literal-last": "      lia:\n" + TESTS + "        fingerprint: |\n          abc\n\n"
                    "        # c\n",
    "folded-first": "      lia:\n        fingerprint: >\n          abc\n" + TESTS,
    "block-sequence": "      lia:\n" + TESTS + "        fingerprint:\n          - a\n"
                      "          - b\n",
    "block-mapping-after-comment": "      lia:\n" + TESTS + "        fingerprint:  # stamped\n"
                                   "          purposes: 0123456789ab\n",
    "block-mapping-anchored": "      lia:\n" + TESTS + "        fingerprint: &fp\n"
                              "          purposes: 0123456789ab\n",
    "explicit-key-without-value": "      lia:\n" + TESTS + "        ? fingerprint   # c\n",
    "explicit-key-with-value": "      lia:\n" + TESTS + "        ? fingerprint\n"
                               "        : {purposes: 0123456789ab}\n",
    "tagged-assessment": "      lia: !!map\n" + TESTS,
    "tagged-fingerprint": "      lia:\n" + TESTS + "        fingerprint: !!map {}\n",
    "comments-after": "      lia:\n" + TESTS + "        # trailing comment\n      # less\n",
    "tab-before-comment": "      lia:\n" + TESTS.replace("2026-06-01\n", "2026-06-01\t\t# x\n"),
}


@pytest.mark.parametrize("layout", list(LAYOUTS), ids=list(LAYOUTS))
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r", "\x85", "\u2028", "\u2029"],
                         ids=["LF", "CRLF", "CR", "NEL", "LS", "PS"])
def test_every_layout_and_line_break_gives_a_valid_stamped_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        layout: str, newline: str) -> None:
    from gdpr_lint.cli import main

    def run() -> tuple[int, str, str]:
        code = main(["stamp", "a.gdpr.yaml"])
        out, err = capsys.readouterr()
        return code, out, err

    monkeypatch.chdir(tmp_path)
    text = declaration(LAYOUTS[layout])
    if layout == "fingerprint-alias":
        text = text.replace("controller: {id: acme,", "controller: {old: &old {purposes: "
                            "0123456789ab}, id: acme,", 1)
    if layout == "no-final-line-break":
        text = text.rstrip("\n")
    text = text.replace("\n", newline)
    path = tmp_path / "a.gdpr.yaml"
    path.write_bytes(text.encode("utf-8"))
    code, out, err = run()
    after = path.read_bytes().decode("utf-8")
    if layout == "fingerprint-alias":  # the controller holds an unknown key on purpose
        assert code == 0, err
        assert after.count("*old") == 0 and after.count("&old") == 1
        return
    assert (code, err) == (0, ""), err
    assert out == "a.gdpr.yaml: stamped fraud\n"
    assert lint_text(after) == [], after
    # only the fingerprint changed, and the line breaks are the file's own
    other_breaks = {"\n", "\r", "\x85", "\u2028", "\u2029"} - set(newline)
    assert not any(b in after for b in other_breaks), repr(after)
    assert run() == (0, "All assessments are stamped and up to date.\n", "")


@pytest.mark.slow
def test_edits_keep_everything_but_the_fingerprint(tmp_path: Path) -> None:
    from gdpr_lint.lint.loader import load_document

    for layout, lia in LAYOUTS.items():
        if layout == "fingerprint-alias":
            continue
        text = declaration(lia)
        path = tmp_path / f"{layout}.gdpr.yaml"
        path.write_text(text, encoding="utf-8")
        assert stamp(path).returncode == 0
        before = load_document(text, "x").data
        after = load_document(path.read_text(encoding="utf-8"), "x").data
        stamped = after["activities"][0]["legitimate_interests"]["lia"].pop("fingerprint")
        before["activities"][0]["legitimate_interests"]["lia"].pop("fingerprint", None)
        assert after == before, layout
        assert set(stamped) == {*COVERED, "assessed_on"}
        assert stamped["assessed_on"] == "2026-06-01"


SHARED = ACTIVITY.replace("      lia:\nLIA\n", "      lia: &shared\n" + TESTS) + """\
  - id: fraud-two
    name: Fraud screening for partners
    purposes: [Detect partner fraud]
    data_subjects: [partners]
    data_categories: [IP address]
    lawful_basis: legitimate_interests
    legitimate_interests:
      interest: Preventing fraud
      lia: *shared
  - id: fraud-three
    name: Fraud screening, own assessment
    purposes: [Detect fraud]
    data_subjects: [customers]
    data_categories: [IP address]
    lawful_basis: legitimate_interests
    legitimate_interests:
      interest: Preventing fraud
      lia: {purpose_test: p, necessity_test: n, balancing_test: b, assessed_on: 2026-06-01}
"""


def test_an_assessment_shared_by_alias_is_refused_and_the_rest_stamped(tmp_path: Path) -> None:
    path = tmp_path / "a.gdpr.yaml"
    path.write_text(SHARED, encoding="utf-8")
    result = stamp(path)
    assert result.returncode == 1
    errors = result.stderr.splitlines()
    assert errors == [
        "a.gdpr.yaml:12:12: cannot stamp activity 'fraud': the assessment is shared with "
        "another place by an alias (YAML anchor &shared); give each activity its own "
        "assessment to stamp it",
        "a.gdpr.yaml:30:12: cannot stamp activity 'fraud-two': the assessment is shared with "
        "another place by an alias (YAML anchor &shared); give each activity its own "
        "assessment to stamp it"]
    assert result.stdout == "a.gdpr.yaml: stamped fraud-three\n"
    after = path.read_text()
    assert after.count("fingerprint") == 1 and "lia: *shared\n" in after


def test_a_shared_fingerprint_is_refused(tmp_path: Path) -> None:
    text = declaration("      lia:\n" + TESTS + "        fingerprint: &fp {purposes: "
                       "0123456789ab}\n")
    text += ("  - id: other\n    name: Other\n    lawful_basis: legitimate_interests\n"
             "    legitimate_interests:\n      interest: x\n      lia: {purpose_test: p, "
             "necessity_test: n, balancing_test: b, assessed_on: 2026-06-01, "
             "fingerprint: *fp}\n")
    path = tmp_path / "a.gdpr.yaml"
    path.write_text(text)
    result = stamp(path)
    assert result.returncode == 1
    assert result.stderr.startswith("a.gdpr.yaml:17:22: cannot stamp activity 'fraud': the "
                                    "fingerprint is shared by an alias (YAML anchor &fp)")
    # the other activity's alias is its own text: replacing it is a local edit
    assert result.stdout == "a.gdpr.yaml: stamped other\n"
    assert "&fp {purposes: 0123456789ab}" in path.read_text()


@pytest.mark.parametrize("date", ["soon", "'20260601'", "2026-W22-1", "2026-02-30", "''"])
def test_undated_assessment_is_refused(tmp_path: Path, date: str) -> None:
    path = tmp_path / "a.gdpr.yaml"
    text = declaration("      lia:\n" + TESTS.replace("2026-06-01", date))
    path.write_text(text)
    result = stamp(path)
    assert result.returncode == 1
    assert result.stderr == ("a.gdpr.yaml:16:22: cannot stamp activity 'fraud': the "
                             "assessment has no valid assessed_on (YYYY-MM-DD): date the "
                             "assessment before stamping it\n")
    assert path.read_text() == text


def test_a_folder_goes_on_after_a_file_it_cannot_stamp(tmp_path: Path) -> None:
    (tmp_path / "a.gdpr.yaml").write_text(declaration("      lia: &x\n" + TESTS)
                                          + "other: *x\n")
    (tmp_path / "b.gdpr.yaml").write_text("activities: [\n")
    (tmp_path / "c.gdpr.yaml").write_text(declaration("      lia:\n" + TESTS))
    result = call_main("stamp", ".", cwd=tmp_path)
    assert result.returncode == 1
    assert "c.gdpr.yaml: stamped fraud" in result.stdout
    assert "a.gdpr.yaml:12:12: cannot stamp activity 'fraud'" in result.stderr
    assert "b.gdpr.yaml:2:1: X001" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_symlinked_declaration_stays_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "shared" / "fraud.gdpr.yaml"
    real.parent.mkdir()
    real.write_text(declaration("      lia:\n" + TESTS))
    real.chmod(0o640)
    link = tmp_path / "repo" / "fraud.gdpr.yaml"
    link.parent.mkdir()
    link.symlink_to(Path("..") / "shared" / "fraud.gdpr.yaml")
    result = call_main("stamp", "fraud.gdpr.yaml", cwd=link.parent)
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and "fingerprint:" in real.read_text()
    assert real.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in real.parent.iterdir()) == ["fraud.gdpr.yaml"]


def test_v1_fingerprint_keeps_working_and_is_upgraded(tmp_path: Path) -> None:
    from gdpr_lint.lint.loader import load_document
    from gdpr_lint.rules.fingerprint import COVERED_V1, fingerprint

    text = declaration("      lia:\n" + TESTS)
    data = load_document(text, "x").data["activities"][0]
    v1 = ", ".join(f"{k}: '{v}'" for k, v in fingerprint(data).items() if k in COVERED_V1)
    stamped_v1 = declaration("      lia:\n" + TESTS + f"        fingerprint: {{{v1}}}\n")
    assert lint_text(stamped_v1) == []
    # a change in a field v1 did not cover is not reported against a v1 fingerprint
    assert lint_text(stamped_v1.replace("[customers]", "[customers, prospects]")) == []
    # a change in a field it covers is, and names the field
    changed = lint_text(stamped_v1.replace("[Detect fraud]", "[Detect fraud, Marketing]"))
    assert [(f.rule, f.message.split(" changed")[0]) for f in changed] == [("L005", "purposes")]
    path = tmp_path / "a.gdpr.yaml"
    path.write_text(stamped_v1)
    result = stamp(path)
    assert (result.returncode, result.stdout) == (0, "a.gdpr.yaml: stamped fraud\n")
    after = load_document(path.read_text(), "x").data["activities"][0]
    assert set(after["legitimate_interests"]["lia"]["fingerprint"]) == {*COVERED, "assessed_on"}


@pytest.mark.parametrize(("field", "old", "new"), [
    ("data_subjects", "data_subjects: [customers]", "data_subjects: [customers, prospects]"),
    ("children", "data_subjects: [customers]", "data_subjects: [customers]\n    children: true"),
    ("recipients", "recipients: []", "recipients: [{name: Ads Ltd, role: controller}]"),
    ("transfers", "recipients: []",
     "recipients: []\n    transfers: [{country: US, mechanism: scc, reference: SCC-1}]"),
    ("source", "lawful_basis:", "source: third_party\n    lawful_basis:"),
    ("automated_decisions", "lawful_basis:",
     "automated_decisions: {legal_or_similar_effect: false}\n    lawful_basis:"),
    ("profiling", "lawful_basis:", "profiling: true\n    lawful_basis:"),
    ("direct_marketing", "lawful_basis:", "direct_marketing: true\n    lawful_basis:"),
])
def test_v1_1_fields_are_covered(tmp_path: Path, field: str, old: str, new: str) -> None:
    path = tmp_path / "a.gdpr.yaml"
    path.write_text(declaration("      lia:\n" + TESTS))
    assert stamp(path).returncode == 0
    changed = path.read_text().replace(old, new, 1)
    l005 = [f for f in lint_text(changed) if f.rule == "L005"]
    assert [f.message.split(" changed")[0] for f in l005] == [field]
    path.write_text(changed)
    refused = stamp(path)
    assert refused.returncode == 1 and f"'fraud': {field} changed" in refused.stderr


@pytest.mark.parametrize(("old", "new"), [
    ("    rights:", "    children: false\n    profiling: false\n    direct_marketing: false\n"
                  "    source: data_subject\n    rights:"),
    ("    rights:", "    source: [data_subject]\n    rights:"),
    ("retention: {period: P90D, start: the payment}",
     "retention:\n      period: 'P90D'\n      start: the payment"),
    ("recipients: []", "recipients: []  # none"),
    ("data_subjects: [customers]", "data_subjects:\n      - '  Customers '"),
])
def test_defaults_and_formatting_do_not_change_digests(tmp_path: Path, old: str,
                                                       new: str) -> None:
    path = tmp_path / "a.gdpr.yaml"
    path.write_text(declaration("      lia:\n" + TESTS))
    assert stamp(path).returncode == 0
    changed = path.read_text().replace(old, new, 1)
    assert changed != path.read_text()
    assert lint_text(changed) == []


def test_one_period_as_a_mapping_or_a_one_item_list_is_the_same() -> None:
    from gdpr_lint.rules.fingerprint import fingerprint

    period = {"period": "P90D", "start": "the payment"}
    assert fingerprint({"retention": period}) == fingerprint({"retention": [period]})
    assert fingerprint({"recipients": ["Mailer Ltd"]}) == \
        fingerprint({"recipients": [{"name": "mailer  ltd"}]})


def test_a_fifo_named_like_a_declaration_is_refused_without_blocking(cli, tmp_path: Path) -> None:
    import os

    os.mkfifo(tmp_path / "pipe.gdpr.yaml")
    (tmp_path / "c.gdpr.yaml").write_text(declaration("      lia:\n" + TESTS))
    result = cli("stamp", ".", cwd=tmp_path)  # opening the FIFO would block for ever
    assert result.returncode == 1
    assert "pipe.gdpr.yaml:1:1: not a regular file" in result.stderr
    assert result.stdout == "c.gdpr.yaml: stamped fraud\n"


# -- property: any layout of an assessment is stamped, and only the fingerprint changes -------

_ENTRIES = {"purpose_test": "p q", "necessity_test": "n", "balancing_test": "b",
            "assessed_on": "2026-06-01"}
_OLD_FINGERPRINTS = ["", " ~", " {}", " ''", " {purposes: 0123456789ab}",
                     "\n{i}  purposes: 0123456789ab\n{i}  retention: 0123456789ab"]


@st.composite
def assessments(draw: st.DrawFn) -> tuple[str, str]:
    """An assessment in a random but valid layout, and the line break of its file."""
    newline = draw(st.sampled_from(["\n", "\r\n", "\r", "\x85", "\u2028", "\u2029"]))
    flow = draw(st.booleans())
    keys = draw(st.permutations([*_ENTRIES, "fingerprint"]))
    if not draw(st.booleans()):
        keys = [k for k in keys if k != "fingerprint"]
    comment = st.sampled_from(["", "  # note", "\t# tab before"])
    if flow:
        parts = []
        for key in keys:
            value = f" {_ENTRIES[key]}" if key != "fingerprint" else \
                draw(st.sampled_from(_OLD_FINGERPRINTS[:5]))
            parts.append(f"{key}:{value or ' '}")
        separator = draw(st.sampled_from([", ", ",\n          ", " ,  "]))
        trailing = draw(st.sampled_from(["", ",", " , ", ",\n        "]))
        lia = "      lia: {" + separator.join(parts) + trailing + "}" + draw(comment) + "\n"
    else:
        indent = " " * (6 + draw(st.integers(2, 5)))
        lines = ["      lia:" + draw(comment)]
        for key in keys:
            if key == "fingerprint":
                lines.append(f"{indent}fingerprint:" + draw(st.sampled_from(
                    _OLD_FINGERPRINTS)).replace("{i}", indent))
                continue
            value = _ENTRIES[key]
            style = draw(st.sampled_from(["plain", "single", "double", "literal", "folded",
                                          "explicit"]))
            if key == "assessed_on" and style in ("literal", "folded"):
                style = "plain"
            if style == "plain":
                lines.append(f"{indent}{key}: {value}" + draw(comment))
            elif style == "single":
                lines.append(f"{indent}{key}: '{value}'" + draw(comment))
            elif style == "double":
                lines.append(f'{indent}"{key}": "{value}"' + draw(comment))
            elif style == "explicit":
                lines.append(f"{indent}? {key}" + draw(comment))
                lines.append(f"{indent}: {value}")
            else:
                mark = "|" if style == "literal" else ">"
                lines.append(f"{indent}{key}: {mark}{draw(st.sampled_from(['', '-', '+']))}")
                lines.append(f"{indent}  {value}")
                lines.extend([""] * draw(st.integers(0, 2)))
            if draw(st.integers(0, 5)) == 0:
                lines.append(draw(st.sampled_from(["", "      # outdented comment",
                                                   f"{indent}# comment"])))
        lia = "\n".join(lines) + "\n"
    return lia, newline


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@pytest.mark.slow
@given(assessments())
def test_any_layout_is_stamped_and_only_the_fingerprint_changes(
        tmp_path: Path, case: tuple[str, str]) -> None:
    from gdpr_lint.authoring.stamp import stamp_file
    from gdpr_lint.lint.loader import load_document

    lia, newline = case
    text = declaration(lia).replace("\n", newline)
    before = load_document(text, "x")
    assert not before.problems, (before.problems, text)
    path = tmp_path / "a.gdpr.yaml"
    path.write_bytes(text.encode("utf-8"))
    result = stamp_file(str(path))
    assert (result.stamped, result.refused) == (["fraud"], []), text
    after_text = path.read_bytes().decode("utf-8")
    after = load_document(after_text, "x")
    assert not after.problems, (after.problems, after_text)
    stamped = after.data["activities"][0]["legitimate_interests"]["lia"].pop("fingerprint")
    before.data["activities"][0]["legitimate_interests"]["lia"].pop("fingerprint", None)
    assert after.data == before.data
    assert set(stamped) == {*COVERED, "assessed_on"}
    assert [f.rule for f in lint_text(after_text)] == [], after_text
    assert stamp_file(str(path)).stamped == []
