"""`gdpr-lint check --fix` and `--diff`, through the installed command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gdpr_lint.edit.edits import country_code, enum_value
from gdpr_lint.law.duration import iso_duration
from tests.conftest import call_main, write

CONTROLLER = ("controller: {id: acme, name: Acme Ltd, contact: privacy@acme.example, country: DE, "
              "requests: {channel: privacy@acme.example}}\n")

# Every mechanical slip of the first declaration a new user wrote, with comments around them.
MESSY = CONTROLLER + """\
activities:
  # The monthly one; keep in step with the CRM.
  - id: newsletter   # owner: marketing
    name: Monthly newsletter
    purposes: Send the monthly newsletter, with offers   # one purpose
    data_subjects: [subscribers]
    data_categories: [email address]
    lawful_basis: Consent
    consent:
      how_obtained: Unticked checkbox on the signup form
      records: consent_log table
      withdrawal: Unsubscribe link in every email
    rights:
      - access        # always
      - rectification
      - erasure
      - restriction
      - portability
      - complaint     # to the DPC
    recipients: [{name: Mailer Ltd, role: Processor, country: Ireland}]
    transfers: []
    retention: {period: 2 years, start: last newsletter opened}
    notice: {url: "https://acme.example/privacy", timing: At collection}
    security_measures: [TLS in transit]
"""

FIXED = CONTROLLER + """\
activities:
  # The monthly one; keep in step with the CRM.
  - id: newsletter   # owner: marketing
    name: Monthly newsletter
    purposes: ["Send the monthly newsletter, with offers"]   # one purpose
    data_subjects: [subscribers]
    data_categories: [email address]
    lawful_basis: consent
    consent:
      how_obtained: Unticked checkbox on the signup form
      records: consent_log table
      withdrawal: Unsubscribe link in every email
    rights:
      - access        # always
      - rectification
      - erasure
      - restriction
      - portability
      - complaint     # to the DPC
      - withdraw_consent
    recipients: [{name: Mailer Ltd, role: processor, country: IE}]
    transfers: []
    retention: {period: P2Y, start: last newsletter opened}
    notice: {url: "https://acme.example/privacy", timing: at_collection}
    security_measures: [TLS in transit]
"""


def test_fix_rewrites_only_the_mistakes_and_counts_them(cli, tmp_path: Path) -> None:
    path = write(tmp_path, "news.gdpr.yaml", MESSY)
    result = cli("check", "--fix", "--select", "B,X,K,R", str(path))
    assert path.read_text(encoding="utf-8") == FIXED
    # Consent, the list, Ireland, Processor, 2 years, At collection; then the right that
    # the corrected basis gives (R002, revealed by the first round).
    assert "Fixed 7 findings. No findings in 1 file." in result.stdout
    assert result.returncode == 0, result.stdout + result.stderr


def test_second_fix_changes_nothing(tmp_path: Path) -> None:
    path = write(tmp_path, "news.gdpr.yaml", MESSY)
    call_main("check", "--fix", str(path))
    first = path.read_bytes()
    again = call_main("check", "--fix", str(path))
    assert path.read_bytes() == first
    assert "Fixed" not in again.stdout


def test_diff_prints_a_unified_diff_and_writes_nothing(tmp_path: Path) -> None:
    path = write(tmp_path, "news.gdpr.yaml", MESSY)
    result = call_main("check", "--diff", str(path), cwd=tmp_path)
    assert result.returncode == 1
    assert path.read_text(encoding="utf-8") == MESSY
    assert result.stdout.startswith("--- a/")
    assert "-    lawful_basis: Consent\n+    lawful_basis: consent\n" in result.stdout
    assert "+      - withdraw_consent\n" in result.stdout
    assert "Would fix 7 findings." in result.stderr
    # The diff applies: patch(1)-style check with difflib's own output is the fixed file.
    both = call_main("check", "--fix", "--diff", str(path), cwd=tmp_path)
    assert both.returncode == 1 and both.stdout == result.stdout
    assert path.read_text(encoding="utf-8") == MESSY
    write(tmp_path, "news.gdpr.yaml", FIXED)
    clean = call_main("check", "--diff", str(path), cwd=tmp_path)
    assert clean.returncode == 0 and clean.stdout == ""


def test_crlf_and_byte_order_mark_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "news.gdpr.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + MESSY.replace("\n", "\r\n").encode())
    call_main("check", "--fix", str(path))
    assert path.read_bytes() == b"\xef\xbb\xbf" + FIXED.replace("\n", "\r\n").encode()


def test_suppressed_findings_and_guesses_are_left_alone(tmp_path: Path) -> None:
    text = MESSY.replace("lawful_basis: Consent",
                         "lawful_basis: Consent  # gdpr-lint: disable=B002 -- migrating")
    text = text.replace("role: Processor", "role: Procesor")  # a typo: no single answer
    path = write(tmp_path, "news.gdpr.yaml", text)
    call_main("check", "--fix", str(path))
    after = path.read_text(encoding="utf-8")
    assert "lawful_basis: Consent  # gdpr-lint" in after
    assert "role: Procesor" in after
    assert "period: P2Y" in after


@pytest.mark.parametrize(("rights", "basis", "extra", "expected"), [
    ("[access, rectification, erasure, restriction, complaint]", "legitimate_interests", "",
     "[access, rectification, erasure, restriction, complaint, object]"),
    ("[]", "consent", "", "[withdraw_consent, portability, access, rectification, erasure, "
     "restriction, complaint]"),
    ("[access, rectification, erasure, restriction, portability, object, complaint]",
     "consent", "", "[access, rectification, erasure, restriction, portability, object, "
     "complaint, withdraw_consent]"),
    ("[access, rectification, erasure, restriction, portability, withdraw_consent, "
     "complaint]", "consent", "direct_marketing: true\n    ", "[access, rectification, "
     "erasure, restriction, portability, withdraw_consent, complaint, object]"),
    ("[access, rectification, erasure, restriction, complaint]", "contract", "",
     "[access, rectification, erasure, restriction, complaint, portability]"),
    ("[access, portability]", "contract", "",
     "[access, portability, rectification, erasure, restriction, complaint]"),
    ("[access, rectification, restriction]", "legal_obligation", "",
     "[access, rectification, restriction, complaint]"),
], ids=["R001", "R002-empty", "R002", "R005", "R003", "R006", "R006-legal-obligation"])
def test_missing_rights_are_added(tmp_path: Path, rights: str, basis: str, extra: str,
                                  expected: str) -> None:
    text = (CONTROLLER + "activities:\n  - id: a\n    name: A\n    purposes: [p]\n"
            f"    data_subjects: [s]\n    data_categories: [c]\n    lawful_basis: {basis}\n"
            f"    {extra}rights: {rights}  # announced in the notice\n")
    path = write(tmp_path, "a.gdpr.yaml", text)
    call_main("check", "--fix", str(path))
    assert f"rights: {expected}  # announced in the notice\n" in path.read_text()


def test_country_names_and_codes_become_iso_codes(tmp_path: Path) -> None:
    text = CONTROLLER.replace("country: DE", "country: Germany") + (
        "controllers:\n  - {id: b, name: B, contact: b@b.example, country: de}\n"
        "  - {id: c, name: C, contact: c@c.example, country: United Kingdom}\n")
    path = write(tmp_path, "c.gdpr.yaml", text)
    result = call_main("check", "--fix", "--format", "json", str(path))
    after = path.read_text()
    assert "country: DE, requests:" in after and "country: de" not in after
    assert "country: GB}" in after
    assert not [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "X003"]


def test_explain_shows_the_declared_fix() -> None:
    assert "Fix (`gdpr-lint check --fix`" in call_main("explain", "K003").stdout
    assert "Fix (" not in call_main("explain", "L001").stdout


@pytest.mark.parametrize(("text", "expected"), [
    ("1 year", "P1Y"), ("6 months", "P6M"), ("90 days", "P90D"), ("2 years and 6 months",
                                                                   "P2Y6M"),
    ("ten years", "P10Y"), ("4 weeks", "P4W"), ("2 Years", "P2Y"),
    ("as long as needed", None), ("1 year after the contract", None), ("3 weeks 2 days", None),
])
def test_durations(text: str, expected: str | None) -> None:
    assert iso_duration(text) == expected


def test_values() -> None:
    assert enum_value("legitimate interest", ["consent", "legitimate_interests"]) == \
        "legitimate_interests"
    assert enum_value("Legal-Obligation", ["legal_obligation"]) == "legal_obligation"
    assert enum_value("Consnt", ["consent"]) is None
    assert (country_code("UK"), country_code("EL"), country_code("Deutschland"),
            country_code("DEU"), country_code("Narnia")) == ("GB", "GR", "DE", "DE", None)


def test_shared_and_block_values(tmp_path: Path) -> None:
    text = MESSY.replace("    lawful_basis: Consent\n", "    lawful_basis: &basis Consent\n") \
        .replace("    purposes: Send the monthly newsletter, with offers   # one purpose\n",
                 "    purposes: |\n      Send the monthly newsletter,\n      with offers\n")
    text += "  - id: second\n    name: Second\n    lawful_basis: *basis\n"
    path = write(tmp_path, "news.gdpr.yaml", text)
    call_main("check", "--fix", str(path))
    after = path.read_text()
    # The anchored basis is used twice: correcting it here would change the other place.
    assert "lawful_basis: &basis Consent" in after and "lawful_basis: *basis" in after
    # A block text becomes a one-item list holding the same text.
    assert '    purposes: ["Send the monthly newsletter,\\nwith offers\\n"]\n' in after
    assert "period: P2Y" in after


def test_a_file_that_does_not_parse_is_left_alone(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.gdpr.yaml", MESSY + "  - [unclosed\n")
    result = call_main("check", "--fix", str(path))
    assert path.read_text() == MESSY + "  - [unclosed\n"
    assert "X001" in result.stdout and result.returncode == 1


def test_text_where_a_mapping_is_expected_is_not_wrapped(tmp_path: Path) -> None:
    text = MESSY.replace("retention: {period: 2 years, start: last newsletter opened}",
                         "retention: 2 years") \
        .replace("recipients: [{name: Mailer Ltd, role: Processor, country: Ireland}]",
                 "recipients: Mailer Ltd")
    path = write(tmp_path, "news.gdpr.yaml", text)
    call_main("check", "--fix", str(path))
    after = path.read_text()
    assert "    retention: 2 years\n" in after  # a mapping is needed: no single answer
    assert "    recipients: [Mailer Ltd]\n" in after  # a recipient may be a name


def test_fix_leaves_an_unused_suppression_for_the_author(tmp_path: Path) -> None:
    """X011's removal is a quick fix the author asks for, never applied by --fix."""
    text = (CONTROLLER + "# gdpr-lint: disable-file=K001 -- retention is in the ISMS\n"
            "activities: []\n")
    path = write(tmp_path, "a.gdpr.yaml", text)
    result = call_main("check", "--fix", str(path))
    assert "X011" in result.stdout
    assert path.read_text() == text
    assert "the editor's quick fix, applied when asked" in call_main("explain", "X011").stdout
