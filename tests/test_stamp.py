from __future__ import annotations

from pathlib import Path

from tests.conftest import lint_text, rule_ids

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


def stamp(cli, path: Path, *args: str):
    return cli("stamp", *args, str(path.name), cwd=path.parent)


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    import difflib

    diff = list(difflib.ndiff(before.splitlines(), after.splitlines()))
    removed = [d[2:] for d in diff if d.startswith("- ")]
    return removed, [d[2:] for d in diff if d.startswith("+ ")]


def test_stamp_round_trip_keeps_every_other_byte(cli, tmp_path: Path) -> None:
    path = tmp_path / "a.gdpr.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    result = stamp(cli, path)
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
    assert stamp(cli, path).stdout == "All assessments are stamped and up to date.\n"
    assert path.read_text(encoding="utf-8") == stamped


def test_l005_after_a_change_then_restamp(cli, tmp_path: Path) -> None:
    path = tmp_path / "a.gdpr.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    stamp(cli, path)
    changed = path.read_text().replace("      - IP address\n",
                                       "      - IP address\n      - location\n")
    changed = changed.replace("period: P90D", "period: P1Y")
    path.write_text(changed)
    findings = lint_text(changed)
    assert rule_ids(findings) == ["L005"]
    assert findings[0].message.startswith("data_categories, retention changed since")
    assert stamp(cli, path, "--check").returncode == 1
    assert path.read_text() == changed  # --check writes nothing
    stamp(cli, path)
    assert lint_text(path.read_text()) == []


def test_formatting_only_edits_keep_the_fingerprint(cli, tmp_path: Path) -> None:
    path = tmp_path / "a.gdpr.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    stamp(cli, path)
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
    stamp(cli, path)
    after = path.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") and b"\n" not in after.replace(b"\r\n", b"")
    assert len(after.splitlines()) == len(raw.splitlines()) + 1
    assert lint_text(after.decode("utf-8-sig")) == []


def test_broken_file_is_not_touched(cli, tmp_path: Path) -> None:
    path = tmp_path / "a.gdpr.yaml"
    path.write_text("activities: [\n")
    result = stamp(cli, path)
    assert result.returncode == 1 and "a.gdpr.yaml:2:1: X001" in result.stderr
    assert path.read_text() == "activities: [\n"
