"""The register in each format, read back by its real consumer."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.conftest import Run, call_main
from tests.register.conftest import head, line_of

ICO_HEADINGS = [
    "Business function", "Purpose of processing",
    "Name and contact details of joint controller (if applicable)",
    "Categories of individuals", "Categories of personal data", "Categories of recipients",
    "Link to contract with processor",
    "Names of third countries or international organisations that personal data are "
    "transferred to (if applicable)",
    "Safeguards for exceptional transfers of personal data to third countries or "
    "international organisations (if applicable)",
    "Retention schedule (if possible)",
    "General description of technical and organisational security measures (if possible)",
    "Article 6 lawful basis for processing personal data",
    "Article 9 condition for processing special category data",
    "Legitimate interests for the processing (if applicable)",
    "Link to record of legitimate interests assessment (if applicable)",
    "Rights available to individuals",
    "Existence of automated decision-making, including profiling (if applicable)",
    "The source of the personal data (if applicable)", "Link to record of consent",
    "Location of personal data", "Data Protection Impact Assessment required?",
    "Data Protection Impact Assessment progress", "Link to Data Protection Impact Assessment",
]


# rdflib's own JSON-LD parser still builds a ConjunctiveGraph, which rdflib deprecates.
_RDFLIB = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")


def register(folder: Path, *args: str, run: Run = call_main) -> str:
    """`gdpr-lint register` in ``folder``: in this process, or with ``run=cli``."""
    result = run("register", *args, cwd=folder)
    assert result.returncode == 0, result.stderr
    return result.stdout


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_one_row_per_activity_and_processor_activity(company: Path) -> None:
    rows = {r["id"]: r for r in csv_rows(register(company, "--format", "csv"))}
    assert [(i, r["record"]) for i, r in rows.items()] == [
        ("newsletter", "controller"), ("analytics", "controller"), ("support", "controller"),
        ("hosting", "processor")]
    shop = company / "shop" / "shop.gdpr.yaml"
    assert rows["support"]["declared at"] == f"shop/shop.gdpr.yaml:{line_of(shop, 'id: support')}"
    assert rows["hosting"]["declared at"] == f"shop/shop.gdpr.yaml:{line_of(shop, 'id: hosting')}"
    assert rows["newsletter"]["commit"] == head(company)
    # Missing (key absent) and none (declared empty) are told apart, never blank.
    assert rows["support"]["recipients"] == "MISSING"
    assert rows["newsletter"]["recipients"] == "none"
    assert rows["newsletter"]["transfers"] == "none"  # no recipient outside the EEA
    assert rows["analytics"]["transfers"].startswith("MISSING: recipients outside the EEA (US)")
    assert rows["support"]["missing art. 30 items"] == "2"  # recipients, retention
    assert rows["newsletter"]["missing art. 30 items"] == "0"
    assert rows["hosting"]["categories of processing"] == "hosting; backups"
    assert rows["analytics"]["retention"] == \
        "pages viewed: 13 months (P13M) from collection; referrer: 1 month (P1M) from collection"


def test_csv_and_xlsx_neutralise_formulas(company: Path, tmp_path: Path) -> None:
    rows = {r["id"]: r for r in csv_rows(register(company, "--format", "csv"))}
    analytics = rows["analytics"]
    assert analytics["name"] == "'=HYPERLINK(\"http://evil.example\",\"x\")"
    assert analytics["purposes"].startswith("'+1 measure")
    assert analytics["data subjects"] == "'@visitors"
    assert all(not v.startswith(("=", "+", "-", "@", "\t", "\r"))
               for row in rows.values() for v in row.values())

    import openpyxl

    out = tmp_path / "register.xlsx"
    register(company, "--format", "xlsx", "--output", str(out))
    book = openpyxl.load_workbook(out)
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row
             if c.value is not None]
    assert cells and all(c.data_type == "s" for c in cells)  # no formula, ever
    assert not any(str(c.value).startswith(("=", "+", "-", "@")) for c in cells)
    assert "'=HYPERLINK(\"http://evil.example\",\"x\")" in {c.value for c in cells}


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_neutralise_every_formula_start(text: str) -> None:
    from gdpr_lint.register.layouts import neutralise

    assert neutralise(text) == "'" + text
    assert neutralise("plain " + text) == "plain " + text


def test_xlsx_sheet_per_controller_and_processor_record(company: Path,
                                                        tmp_path: Path) -> None:
    import openpyxl

    out = tmp_path / "register.xlsx"
    register(company, "--format", "xlsx", "--output", str(out))
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Contoso Learning SAS", "Processor record", "Record sheets",
                               "Completeness", "Findings", "Suppressions", "About"]
    sheet = book["Contoso Learning SAS"]
    assert sheet["A1"].value == "Controller" and sheet["B1"].value.startswith("Contoso")
    headings = [c.value for c in sheet[6]]
    ids = [sheet.cell(row=r, column=2).value for r in range(7, sheet.max_row + 1)]
    assert headings[:3] == ["record", "id", "name"] and ids == ["newsletter", "analytics",
                                                                "support"]
    processor = book["Processor record"]
    assert [c.value for c in processor[2]][1] == "hosting"
    about = {r[0].value: r[1].value for r in book["About"].iter_rows()}
    assert about["Commit"] == head(company)


def test_xlsx_and_csv_ico_layout(company: Path, tmp_path: Path) -> None:
    import openpyxl

    text = register(company, "--format", "csv", "--layout", "ico")
    reader = list(csv.reader(io.StringIO(text)))
    assert reader[0][:23] == ICO_HEADINGS
    assert len(reader) == 4  # the controller activities only: the ICO controller template
    row = dict(zip(reader[0], reader[2], strict=True))
    assert row["Link to contract with processor"] == "Stats Inc: DPA-9"
    assert row["Business function"] == "MISSING"
    newsletter = dict(zip(reader[0], reader[1], strict=True))
    assert newsletter["Business function"] == "Marketing"
    assert newsletter["Link to record of consent"] == "consent_log table"
    assert newsletter["Location of personal data"] == "Mailer EU region"
    out = tmp_path / "ico.xlsx"
    register(company, "--format", "xlsx", "--layout", "ico", "--output", str(out))
    sheet = openpyxl.load_workbook(out)["Contoso Learning SAS"]
    assert [c.value for c in sheet[6]][:23] == ICO_HEADINGS


def test_csv_cnil_layout_in_french(company: Path) -> None:
    rows = csv_rows(register(company, "--format", "csv", "--layout", "cnil"))
    assert list(rows[0])[:8] == [
        "Référence", "Nom du traitement", "Responsable du traitement",
        "Délégué à la protection des données", "Représentant", "Responsables conjoints",
        "Finalité(s) du traitement effectué", "Base légale"]
    support = next(r for r in rows if r["Référence"] == "support")
    assert support["Catégories de destinataires"] == "MANQUANT"
    assert support["Transferts des données hors UE"] == "aucun"
    assert support["Durées de conservation"] == "MANQUANT"


def test_json_resolved_activities(company: Path) -> None:
    report = json.loads(register(company, "--format", "json"))
    assert (report["format"], report["version"]) == ("gdpr-lint-record", 1)
    assert report["source"]["commit"] == head(company)
    activities = {a["id"]: a for a in report["activities"]}
    assert activities["support"]["controller"]["id"] == "contoso"
    assert activities["support"]["missing"] == ["recipients", "retention"]
    recipients = {"label": "Recipients", "article": "Art. 30(1)(d)"}
    assert activities["newsletter"]["items"]["recipients"] == {
        **recipients, "state": "none", "values": []}
    assert activities["support"]["items"]["recipients"] == {
        **recipients, "state": "missing", "values": []}
    rights = {r["right"] for r in activities["newsletter"]["rights_available"]}
    assert {"withdraw_consent", "portability", "object"} <= rights  # consent, marketing
    assert "portability" not in {r["right"] for r in activities["analytics"]["rights_available"]}
    assert [p["id"] for p in report["processor_activities"]] == ["hosting"]
    assert {(f["rule"], f["activity"]) for f in report["findings"]} >= {("T001", "analytics")}
    suppression = report["suppressions"][0]
    assert suppression["rules"] == ["D004"] and suppression["used"] is True
    assert suppression["reason"] == "measures are documented in the ISMS, ref ISMS-7"


@pytest.mark.slow
@_RDFLIB
def test_jsonld_parses_with_rdflib_into_dpv_terms(cli, company: Path) -> None:
    from rdflib import Graph, Namespace, URIRef
    from rdflib.namespace import RDF

    text = register(company, "--format", "jsonld", run=cli)
    assert '"@context": {' in text  # inline: readable offline
    graph = Graph().parse(data=text, format="json-ld")
    dpv = Namespace("https://w3id.org/dpv#")
    gdpr = Namespace("https://w3id.org/dpv/legal/eu/gdpr#")
    newsletter = URIRef("urn:gdpr-lint:activity:newsletter")
    analytics = URIRef("urn:gdpr-lint:activity:analytics")
    assert (newsletter, RDF.type, dpv.Process) in graph
    assert (newsletter, dpv.hasLegalBasis, gdpr["A6-1-a"]) in graph
    assert (analytics, dpv.hasLegalBasis, gdpr["A6-1-f"]) in graph
    assert (newsletter, dpv.hasRight, gdpr["A7-3"]) in graph
    assert (analytics, dpv.hasRight, gdpr.A21) in graph
    assert (analytics, dpv.hasRight, gdpr.A20) not in graph
    controller = next(graph.objects(newsletter, dpv.hasDataController))
    assert (controller, RDF.type, dpv.DataController) in graph
    assert str(next(graph.objects(controller, dpv.hasName))) == "Contoso Learning SAS"
    register_node = URIRef("urn:gdpr-lint:register")
    assert (register_node, RDF.type, dpv.ROPA) in graph
    assert len(list(graph.objects(register_node, dpv.hasProcess))) == 4


@pytest.mark.slow
@_RDFLIB
def test_jsonld_transfer_mechanisms(tmp_path: Path) -> None:
    from rdflib import Graph, Namespace

    from tests.conftest import write

    write(tmp_path, "a.gdpr.yaml", """\
controller: {name: A, contact: a@example.com}
activities:
  - id: crm
    name: CRM
    purposes: [x]
    data_subjects: [y]
    data_categories: [z]
    lawful_basis: contract
    recipients: [{name: R, role: processor, country: IN, contract: C}]
    transfers: [{country: IN, mechanism: scc, reference: SCC module 2, tia: TIA-1}]
    special_categories: [health]
    art9_condition: health_or_social_care
""")
    graph = Graph().parse(data=register(tmp_path, "--format", "jsonld"), format="json-ld")
    dpv = Namespace("https://w3id.org/dpv#")
    gdpr = Namespace("https://w3id.org/dpv/legal/eu/gdpr#")
    loc = Namespace("https://w3id.org/dpv/loc#")
    transfer = next(graph.subjects(dpv.hasThirdCountry, loc.IN))
    assert (transfer, dpv.hasLegalBasis, gdpr["A46-2-c"]) in graph
    assert (None, dpv.hasLegalBasis, gdpr["A9-2-h"]) in graph


def test_html_declaration_text_is_data(company: Path) -> None:
    html = register(company, "--format", "html")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Send the newsletter" in html
    assert "<script" not in html.lower()  # readable without script
    for external in ("<link", " src=", "@import", "url("):
        assert external not in html  # self-contained: nothing is fetched


def test_markdown_escapes_declaration_text(company: Path) -> None:
    text = register(company, "--format", "md")
    assert "<script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Send the newsletter" in text
    table_rows = [line for line in text.splitlines() if line.startswith("| Purposes |")]
    assert table_rows and all(line.count(" | ") == 2 for line in table_rows)


def test_html_sections_completeness_and_annex(company: Path) -> None:
    html = register(company, "--format", "html")
    for heading in ("Contents", "Contoso Learning SAS", "Processor record (Art. 30(2))",
                    "Completeness", "Annex: open findings",
                    "Annex: suppressions and their reasons"):
        assert f">{heading}</" in html, heading
    assert "measures are documented in the ISMS, ref ISMS-7" in html
    assert "T001" in html
    table = html[html.index('id="completeness"'):html.index('id="findings"')]
    table = table[table.index("<table"):]
    # analytics: transfers, security measures; support: recipients, retention; hosting: security
    assert table.count('<span class="missing">missing</span>') == 5


def test_rights_follow_basis_and_exemptions(tmp_path: Path) -> None:
    from tests.conftest import write

    write(tmp_path, "a.gdpr.yaml", """\
controller: {name: Institute, contact: info@institute.example, public_authority: true}
activities:
  - id: survey
    name: Health survey
    purposes: [Statistics on public health]
    data_subjects: [residents]
    data_categories: [age, region]
    lawful_basis: public_task
    public_task: {law: Statistics Act s. 4}
    exemptions:
      - {provision: art21_6, justification: Research for a task in the public interest}
      - {provision: art23, law: Statistics Act s. 9, justification: Access would disclose
           other respondents, rights: [access]}
  - id: registry
    name: Registry
    purposes: [Keep the registry]
    data_subjects: [residents]
    data_categories: [name]
    lawful_basis: public_task
    public_task: {law: Registry Act s. 1}
""")
    report = json.loads(register(tmp_path, "--format", "json"))
    rights = {a["id"]: {r["right"]: r["note"] for r in a["rights_available"]}
              for a in report["activities"]}
    assert "object" not in rights["survey"]  # Art. 21(6)
    assert rights["survey"]["access"] == "restricted under Art. 23 (Statistics Act s. 9)"
    assert rights["survey"]["erasure"] == "limited to the extent Art. 17(3)(b) applies"
    assert "object" in rights["registry"] and "portability" not in rights["registry"]
