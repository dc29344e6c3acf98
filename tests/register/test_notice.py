"""The layered privacy notice: one per audience, in six languages, with nothing internal.

Every case runs the installed `gdpr-lint notice` as a DPO would.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT, call_main, write

LANGUAGES = ("en", "de", "fr", "es", "it", "nl")


def notice(folder: Path, *args: str) -> str:
    result = call_main("notice", *args, cwd=folder)
    assert result.returncode == 0, result.stderr
    return result.stdout


# -- the layers ---------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["html", "md"])
def test_layers_in_order(company: Path, fmt: str) -> None:
    text = notice(company, "--format", fmt)
    first = text.index("Basic data protection information")
    objection = text.index("Your right to object")
    second = text.index("More about each processing activity")
    author = text.index("For the author: missing from the declarations")
    assert first < objection < second < author
    layer = text[first:objection]
    for row in ("Controller", "Data protection officer", "Purposes and lawful basis",
                "Recipients", "Transfers outside the European Economic Area", "Your rights",
                "Right to lodge a complaint with a supervisory authority",
                "Where the data come from"):
        assert row in layer, row
    assert "https://contoso.example/privacy/requests" in layer  # how to exercise them
    assert "We answer within 1 month." in layer
    assert "dpo@contoso.example" in layer
    assert "Automated decision-making" not in layer  # none here: not a row of "none"


def test_first_layer_is_short_one_line_per_purpose(company: Path) -> None:
    """WP260 rev.01 §§ 35-38: the first layer gives the purposes, one line each, not the
    details, which are in the second layer."""
    text = notice(company, "--format", "md")
    layer = text[text.index("## Basic data"):text.index("## Your right to object")]
    purposes = next(line for line in layer.splitlines() if "**Purposes and lawful" in line)
    assert purposes.count("<br>") == 2  # three activities, three lines
    assert "Answer questions (Performance of a contract with you" in purposes
    assert "How long" not in layer and "Categories of personal data" not in layer
    assert "Countries: United States." in layer  # the country's name, not US


def test_right_to_object_is_separate_and_only_where_it_applies(company: Path) -> None:
    text = notice(company, "--format", "md")
    block = text[text.index("## Your right to object"):text.index("## More about each")]
    assert "**Newsletter.**" in block and "direct marketing" in block  # Art. 21(2)
    assert "particular situation" in block  # Art. 21(1), the analytics' legitimate interests
    assert "**Support.**" not in block  # contract: no right to object
    assert "Objection (Art. 21 GDPR): see below" in text


def test_second_layer_per_activity(company: Path) -> None:
    text = notice(company, "--format", "md")
    second = text[text.index("## More about each"):]
    assert [line for line in second.splitlines() if line.startswith("### ")] == [
        "### Newsletter", '### =HYPERLINK("http://evil.example","x")', "### Support"]
    support = second[second.index("### Support"):]
    assert "Partner SA: Partner answers access requests" in support  # Art. 26(2) essence
    assert "necessary to enter into or perform the contract with you. Without them: " \
           "Questions cannot be answered otherwise." in support
    newsletter = second[:second.index("### Support")]
    assert "You may withdraw your consent at any time: Unsubscribe link in every email" \
        in newsletter
    assert "2 years from last email opened" in newsletter
    analytics = second[second.index("### =HYPERLINK"):second.index("### Support")]
    assert "Stats Inc — service provider acting on our instructions (processor), United " \
           "States" in analytics
    assert "pages viewed: 13 months from collection" in analytics


def test_missing_items_are_listed_for_the_author_not_invented(company: Path) -> None:
    result = call_main("notice", "--format", "md", cwd=company)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    todo = text[text.index("## For the author"):]
    items = [line for line in todo.splitlines() if line.startswith("- [ ]")]
    analytics = '=HYPERLINK("http://evil.example","x")'
    assert any("legitimate interests pursued" in i and analytics in i for i in items)
    assert any("Art. 14(2)(f)" in i and "Support" in i for i in items)
    assert any("(Art. 13(2)(e) GDPR)" in i and analytics in i for i in items)
    assert any("recipients" in i and "Support" in i for i in items)
    assert len(items) == len(set(items))
    assert "**Missing: see the list for the author**" in text  # shown in place too
    # the author's terminal says where, with the declaration's keys; the notice does not
    assert re.search(r"shop/shop\.gdpr\.yaml:\d+: .*: legitimate_interests\.interest",
                     result.stderr), result.stderr
    assert "shop.gdpr.yaml" not in text and "legitimate_interests" not in text


def test_controller_and_activity_selection(tmp_path: Path) -> None:
    from gdpr_lint.rules.examples import activities_document

    write(tmp_path, "a.gdpr.yaml", activities_document({}))
    text = notice(tmp_path, "--format", "html")
    assert text.count('<h1>Privacy notice') == 1
    assert "<script" not in text.lower()


def test_example_company_notice(cli) -> None:
    result = cli("notice", "examples/valid", "--config", "examples/valid/.gdpr-lint.yaml",
                 "--format", "md", "--audience", "https://northwind.example/privacy", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "# Privacy notice — Northwind Bikes GmbH" in result.stdout
    assert "Payroll" not in result.stdout  # the staff read their own notice


# -- audiences ----------------------------------------------------------------------------
HOSPITAL = """\
controllers:
  - id: clinic
    name: Klinikum Nord gGmbH
    contact: datenschutz@klinikum.example, Nordring 1, 20095 Hamburg
    country: DE
    dpo: {name: Datenschutzbeauftragte, contact: dsb@klinikum.example}
activities:
  - id: treatment
    controller: clinic
    name: Treatment
    purposes: [Treat patients]
    data_subjects: [patients]
    data_categories: [diagnoses]
    lawful_basis: contract
    recipients: []
    notice: {url: "https://klinikum.example/datenschutz/patienten#behandlung"}
  - id: billing
    controller: clinic
    name: Billing
    purposes: [Bill health insurers]
    data_subjects: [patients]
    data_categories: [insurance number]
    lawful_basis: legal_obligation
    legal_obligation: {law: SGB V section 301}
    recipients: []
    notice: {url: "https://klinikum.example/datenschutz/patienten#abrechnung"}
  - id: payroll
    controller: clinic
    name: Payroll
    purposes: [Pay staff]
    data_subjects: [staff]
    data_categories: [salary]
    lawful_basis: legal_obligation
    legal_obligation: {law: EStG section 41}
    recipients: []
  - id: website
    controller: clinic
    name: Website statistics
    purposes: [Count visits]
    data_subjects: [website visitors]
    data_categories: [pages viewed]
    lawful_basis: consent
    consent: {how_obtained: banner, records: consent table, withdrawal: cookie settings}
    recipients: []
    notice: {url: "https://klinikum.example/datenschutz/website"}
  - id: cctv
    controller: clinic
    name: Video surveillance of the entrance
    purposes: [Protect the entrance]
    data_subjects: [patients, staff, suppliers]
    data_categories: [images]
    lawful_basis: legitimate_interests
    legitimate_interests: {interest: Safety of patients and staff}
    recipients: []
"""


@pytest.fixture
def hospital(tmp_path: Path) -> Path:
    write(tmp_path, ".gdpr-lint.yaml", "member_state: DE\n")
    write(tmp_path, "hospital.gdpr.yaml", HOSPITAL)
    return tmp_path


def test_several_audiences_need_a_choice(hospital: Path) -> None:
    result = call_main("notice", cwd=hospital)
    assert result.returncode == 2 and result.stdout == ""
    for name in ("klinikum-example-datenschutz-patienten", "klinikum-example-datenschutz-website",
                 "staff", "suppliers", "--audience", "--output-dir"):
        assert name in result.stderr, name
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("wanted", ["https://klinikum.example/datenschutz/patienten",
                                    "https://klinikum.example/datenschutz/patienten#abrechnung",
                                    "klinikum-example-datenschutz-patienten", "Patients"])
def test_audience_by_url_name_or_data_subject(hospital: Path, wanted: str) -> None:
    text = notice(hospital, "--format", "md", "--audience", wanted)
    names = [line[4:] for line in text.splitlines() if line.startswith("### ")]
    # the patients' page, and the unpublished CCTV that also films patients
    assert names == ["Treatment", "Billing", "Video surveillance of the entrance"]
    assert "This notice is for: patients" in text


def test_activity_without_notice_joins_each_audience_of_its_subjects(hospital: Path) -> None:
    staff = notice(hospital, "--format", "md", "--audience", "staff")
    assert [line[4:] for line in staff.splitlines() if line.startswith("### ")] == [
        "Payroll", "Video surveillance of the entrance"]
    suppliers = notice(hospital, "--format", "md", "--audience", "suppliers")
    assert [line[4:] for line in suppliers.splitlines() if line.startswith("### ")] == [
        "Video surveillance of the entrance"]
    website = notice(hospital, "--format", "md", "--audience",
                     "https://klinikum.example/datenschutz/website")
    assert "Video surveillance" not in website and "Website statistics" in website


def test_unknown_audience_is_a_usage_error_listing_the_known(hospital: Path) -> None:
    result = call_main("notice", "--audience", "visitors-of-mars", cwd=hospital)
    assert result.returncode == 2
    assert "--audience visitors-of-mars: no such audience" in result.stderr
    assert "klinikum-example-datenschutz-website (https://klinikum.example/datenschutz/" \
           "website)" in result.stderr
    assert "staff" in result.stderr


def test_output_dir_writes_one_file_per_audience_with_stable_names(hospital: Path) -> None:
    out = hospital / "out" / "notices"
    result = call_main("notice", "--output-dir", str(out), "--lang", "de", cwd=hospital)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "klinikum-example-datenschutz-patienten.de.html",
        "klinikum-example-datenschutz-website.de.html", "staff.de.html", "suppliers.de.html"]
    patients = (out / "klinikum-example-datenschutz-patienten.de.html").read_text("utf-8")
    assert '<html lang="de">' in patients and "Treatment" in patients
    assert "Payroll" not in patients and "Website statistics" not in patients
    again = call_main("notice", "--output-dir", str(out), "--lang", "de", cwd=hospital)
    assert again.returncode == 0 and sorted(p.name for p in out.iterdir()) == sorted(
        p.name for p in out.iterdir())
    both = call_main("notice", "--output-dir", str(out), "--output", "x.html", cwd=hospital)
    assert both.returncode == 2 and "exclude each other" in both.stderr


def test_one_audience_with_output_dir_and_audience(hospital: Path) -> None:
    out = hospital / "one"
    result = call_main("notice", "--output-dir", str(out), "--audience", "staff", "--format", "md",
                 cwd=hospital)
    assert result.returncode == 0, result.stderr
    assert [p.name for p in out.iterdir()] == ["staff.en.md"]


# -- the supervisory authority -------------------------------------------------------------
def test_authority_of_the_controllers_country(company: Path) -> None:
    text = notice(company, "--format", "md", "--lang", "fr")
    layer = text[text.index("## L'essentiel"):text.index("## Votre droit d'opposition")]
    assert "Commission nationale de l'informatique et des libertés (CNIL)" in layer
    assert "3 Place de Fontenoy" in layer and "https://www.cnil.fr" in layer
    assert "Vous avez le droit d'introduire une réclamation" in layer


def test_one_process_writes_each_notice_in_its_own_language(company: Path) -> None:
    """The templates of one language keep its catalogue when another is installed later."""
    def notice_in(*lang: str) -> str:
        result = call_main("notice", "--format", "md", *lang, cwd=company,
                           env={"SOURCE_DATE_EPOCH": "1764547200"})
        assert result.returncode == 0, result.stderr
        return result.stdout

    french = notice_in("--lang", "fr")
    english = notice_in()
    assert "## L'essentiel" in french and "## L'essentiel" not in english
    assert "## Basic data protection information" in english
    assert notice_in("--lang", "fr") == french


def test_authority_of_the_configured_member_state_and_the_german_land(hospital: Path) -> None:
    """Germany: a private controller answers to the authority of its Land (§ 40 BDSG); the
    notice says so, names the federal authority for what it is, and asks the author for the
    Land's."""
    text = notice(hospital, "--format", "md", "--lang", "de", "--audience", "staff")
    layer = text[text.index("## Datenschutz auf einen Blick"):]
    assert "Datenschutzaufsichtsbehörde des Bundeslandes" in layer and "§ 40 BDSG" in layer
    assert "Graurheindorfer Straße 153, 53117 Bonn" in layer
    todo = text[text.index("## Für die Redaktion"):]
    assert "Bundeslandes, in dem der Verantwortliche seinen Sitz hat" in todo


def test_authority_missing_without_member_state(tmp_path: Path) -> None:
    write(tmp_path, "a.gdpr.yaml", HOSPITAL.replace("country: DE", "country: US"))
    text = notice(tmp_path, "--format", "md", "--audience", "staff")
    todo = text[text.index("## For the author"):]
    assert "set member\\_state in the configuration" in todo


def test_every_eea_state_has_an_authority() -> None:
    from gdpr_lint.law import data

    members = data.load("countries.json")["eea"]["members"]
    block = data.load("supervisory_authorities.json")
    assert set(block["authorities"]) == set(members)
    assert block["as_of"] and block["source"]
    for code, authority in block["authorities"].items():
        assert authority["name"] and authority["address"], code
        assert authority["website"].startswith("https://"), code


# -- languages ----------------------------------------------------------------------------
EVERYTHING = """\
controller:
  id: org
  name: Org
  contact: org@example.org
  country: NL
  dpo: {name: Dee, contact: dee@example.org}
  representative: {name: Rep, contact: rep@example.org}
  requests: {channel: https://example.org/requests, response_time: P30D}
activities:
""" + "".join(f"""\
  - id: a-{basis}
    name: Activity {basis.upper()}
    purposes: [Purpose {basis.upper()}]
    data_subjects: [clients]
    data_categories: [Name]
    special_categories: [racial_or_ethnic_origin, political_opinions,
      religious_or_philosophical_beliefs, trade_union_membership, genetic, biometric, health,
      sex_life, sexual_orientation]
    art9_condition: {condition}
    art9_reference: Act 1
    lawful_basis: {basis}
    {basis}: {extra}
    direct_marketing: {str(basis == "consent").lower()}
    source: [data_subject, third_party, public]
    source_detail: Registry X
    rights: [access, rectification, erasure, restriction, portability, object,
             withdraw_consent, human_review, complaint]
    automated_decisions: {{legal_or_similar_effect: true, exception: {exception},
      safeguards: [human_intervention, express_view, contest]}}
    recipients:
      - {{name: Proc A, role: processor, country: US}}
      - {{name: Ctrl B, role: controller, country: CH}}
      - {{name: Joint C, role: joint_controller, country: FR, responsibilities: C answers}}
      - {{name: Auth D, role: public_authority, country: DE}}
      - {{name: Staff E, role: internal, country: NL}}
    transfers:
""" + "".join(f"""\
      - {{country: US, mechanism: {m}}}
""" for m in ("adequacy", "scc", "bcr", "code_of_conduct", "certification",
              "ad_hoc_clauses", "derogation")) + """\
    retention: {period: P1Y2M3W4D, start: Start X}
    notice: {url: "https://example.org/privacy", timing: at_collection}
""" for basis, condition, extra, exception in (
    ("consent", "explicit_consent", "{how_obtained: Box, records: Log, withdrawal: Link}",
     "explicit_consent"),
    ("contract", "employment_social_security", "{reference: Terms, necessity: Needed}",
     "contract"),
    ("legal_obligation", "vital_interests", "{law: Act 2}", "law"),
    ("vital_interests", "not_for_profit_body", "{justification: Life}", "law"),
    ("public_task", "made_public", "{law: Act 3}", "law"),
    ("legitimate_interests", "legal_claims", "{interest: Interest X}", "contract"),
))
MORE_CONDITIONS = ("substantial_public_interest", "health_or_social_care", "public_health",
                   "archiving_research_statistics")


def enum_tokens() -> set[str]:
    """Every enum value of the declaration schema (public_authority, scc, at_collection...)."""
    schema = json.loads((ROOT / "gdpr_lint/schemas/declaration-v1.schema.json").read_text())
    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            found.update(v for v in node.get("enum", []) if isinstance(v, str))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    return found


@pytest.fixture
def everything(tmp_path: Path) -> Path:
    text = EVERYTHING
    for index, condition in enumerate(MORE_CONDITIONS):
        extra = re.sub(r"art9_condition: \w+", f"art9_condition: {condition}",
                       text[text.index("  - id: a-contract"):text.index("  - id: a-legal")])
        text += extra.replace("id: a-contract", f"id: x-{index}").replace(
            "Activity CONTRACT", f"Activity X{index}")
    write(tmp_path, ".gdpr-lint.yaml", "member_state: NL\n")
    write(tmp_path, "all.gdpr.yaml", text)
    return tmp_path


@pytest.mark.slow  # every language and format
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("fmt", ["html", "md"])
def test_every_language_renders_without_enum_tokens(everything: Path, lang: str,
                                                    fmt: str) -> None:
    text = notice(everything, "--format", fmt, "--lang", lang)
    assert text.count("### " if fmt == "md" else "<h3>") == 10
    body = re.sub(r"<!--.*?-->|<style>.*?</style>|<[^>]+>", " ", text, flags=re.S)
    tokens = enum_tokens()
    # a token with an underscore is never a word of any language; in the other languages no
    # token may appear at all (the declared values of this fixture use none of them)
    words = set(re.findall(r"[A-Za-z_]+", body.replace("\\_", "_")))
    if lang != "en":  # a token that is a word of the language itself ("rectification")
        po = (ROOT / f"gdpr_lint/register/locale/{lang}/LC_MESSAGES/notice.po").read_text()
        own = set(re.findall(r"[A-Za-z_]+", " ".join(re.findall(r'^msgstr.*"(.*)"$', po,
                                                               flags=re.M))))
        tokens = {t for t in tokens if "_" in t or t not in own}
    leaked = {t for t in tokens if "_" in t or lang != "en"} & words
    assert not leaked, leaked
    assert "Auth D" in body and "Staff E" not in body  # the own staff are no recipient


@pytest.mark.slow  # every language and format
@pytest.mark.parametrize("lang", LANGUAGES[1:])
def test_no_english_fixed_text_in_a_translated_notice(everything: Path, lang: str) -> None:
    """Every fixed text the notice can show, shown here, is translated: no English msgid of
    more than two words survives in the rendered notice."""
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    from catalogues import extracted

    text = notice(everything, "--format", "html", "--lang", lang)
    texts = [m.id for m in extracted() if isinstance(m.id, str) and m.id.count(" ") >= 2]
    pieces = [re.split(r"%\(\w+\)[sd]", t) for t in texts]
    english = [p.strip(" .:") for parts in pieces for p in parts if len(p.strip()) > 18]
    import html

    shown = html.unescape(text)
    assert [e for e in english if e in shown] == []
    assert f'lang="{lang}"' in text


def test_the_catalogues_are_complete_and_compiled() -> None:
    """Each language translates every fixed text of the notice, and the committed .mo is the
    compiled .po (scripts/generate.py keeps both in step)."""
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    from catalogues import TRANSLATED, compiled, extracted, po_path, read

    wanted = {m.id for m in extracted() if m.id}
    assert len(wanted) > 100
    for lang in TRANSLATED:
        catalog = read(lang)
        ids = {m.id for m in catalog if m.id}
        assert ids == wanted, (lang, wanted ^ ids)
        empty = [m.id for m in catalog if m.id and (
            not all(m.string) if isinstance(m.string, tuple) else not m.string)]
        assert empty == [], (lang, empty)
        assert not [m.id for m in catalog if m.id and m.fuzzy], lang
        for message in catalog:  # every placeholder kept
            if message.id and isinstance(message.id, str):
                assert sorted(re.findall(r"%\(\w+\)[sd]", message.id)) == sorted(
                    re.findall(r"%\(\w+\)[sd]", message.string)), (lang, message.id)
        assert po_path(lang).with_suffix(".mo").read_bytes() == compiled(catalog), lang
        header = po_path(lang).read_text("utf-8").split("msgid")[0]
        authority = {"de": "BayLDA", "fr": "CNIL", "es": "AEPD", "it": "Garante",
                     "nl": "Autoriteit Persoonsgegevens"}[lang]
        assert authority in header, (lang, "cite the authority's model notice")


# -- nothing internal, and escaping ----------------------------------------------------------
INTERNAL = """\
controller:
  id: corp
  name: Corp
  contact: corp@example.org
  country: FR
activities:
  - id: hr-secret
    name: Staff files
    purposes: [Manage staff]
    data_subjects: [staff]
    data_categories: [name]
    lawful_basis: contract
    contract: {reference: CONTRACT-REF-4711, necessity: No job otherwise}
    owner: OWNER-TEAM-4711
    systems: [SYSTEM-HRDB-4711]
    review: {owner: REVIEWER-4711, last_reviewed: 2026-01-01, every: P1Y}
    joint_controllers:
      - {name: Partner, contact: p@example.org, arrangement: JCA-4711,
         responsibilities: Partner answers requests}
    recipients:
      - {name: Payroll Co, role: processor, country: US, contract: DPA-4711,
         categories: [salary]}
    transfers:
      - {country: US, mechanism: scc, reference: SCC-4711, tia: docs/tia-4711.md}
    retention: {period: P5Y, start: end of employment}
    dpia: {reference: DPIA-4711, date: 2026-01-01}
    security_measures: [MEASURE-4711]
    exemptions:
      - {provision: art17_3, justification: JUSTIFICATION-4711}
    notice: {document: internal/notices/NOTICE-PATH-4711.md}
  - id: li-secret
    name: Fraud checks
    purposes: [Check fraud]
    data_subjects: [staff]
    data_categories: [name]
    lawful_basis: legitimate_interests
    legitimate_interests:
      interest: Prevent fraud
      lia: {purpose_test: PURPOSE-TEST-4711, necessity_test: NECESSITY-4711,
            balancing_test: BALANCING-4711, assessed_on: 2026-01-01,
            document: docs/LIA-4711.md}
    consent: {how_obtained: HOW-4711, records: RECORDS-4711, withdrawal: x}
    recipients: []
    notice: {document: internal/notices/NOTICE-PATH-4711.md}
"""


@pytest.mark.slow  # every language and format
@pytest.mark.parametrize("lang", ["en", "de"])
@pytest.mark.parametrize("fmt", ["html", "md"])
def test_nothing_internal_in_a_notice(tmp_path: Path, lang: str, fmt: str) -> None:
    write(tmp_path, "internal-4711/secret-4711.gdpr.yaml", INTERNAL)
    result = call_main("notice", "--format", fmt, "--lang", lang, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Staff files" in result.stdout and "Partner answers requests" in result.stdout
    assert "Payroll Co" in result.stdout
    assert re.findall(r"[\w./-]*4711[\w./-]*", result.stdout) == []
    assert "secret-4711.gdpr.yaml" in result.stderr  # where: for the author, on stderr


@pytest.mark.slow  # every language and format
@pytest.mark.parametrize("lang", LANGUAGES)
def test_hostile_values_stay_escaped_in_every_language(company: Path, lang: str) -> None:
    html = notice(company, "--format", "html", "--lang", lang)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    md = notice(company, "--format", "md", "--lang", lang)
    assert "<script>" not in md and "&lt;script&gt;" in md


# -- what a reader sees --------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.integration
@pytest.mark.parametrize("lang", LANGUAGES)
def test_notice_fits_a_phone_in_every_language(cli, tmp_path: Path, lang: str) -> None:
    """At a phone's width (390 px) no language's words push the page sideways (read from the
    DOM in headless Chromium), and the page logs nothing to the console."""
    from tests.register.test_browser import CHROMIUM, phone_widths

    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed (/usr/bin/chromium)")
    page = tmp_path / "notice.html"
    result = cli("notice", "examples/valid", "--config", "examples/valid/.gdpr-lint.yaml",
                 "--audience", "northwind-example-privacy", "--lang", lang, "--output",
                 str(page), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    scroll, client, console = phone_widths(tmp_path, page)
    assert scroll <= client
    assert console == []
