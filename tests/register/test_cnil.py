"""The CNIL layout: French throughout, data categories in the CNIL's families."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from tests.conftest import call_main, write

CLINIC = """\
controller: {id: clinique, name: Clinique du Parc, contact: dpo@parc.example, country: FR}
activities:
  - id: rappels
    name: Rappels de rendez-vous
    purposes: [Rappeler les rendez-vous]
    data_subjects: [patients]
    children: true
    children_min_age: 0
    data_categories: [name, email address, IP address, GPS position, bank account,
                      social security number, shoe size]
    special_categories: [health]
    art9_condition: health_or_social_care
    art9_reference: Code de la santé publique, art. L1110-4 (secret médical)
    lawful_basis: legitimate_interests
    legitimate_interests:
      interest: Éviter les rendez-vous manqués
      lia: {purpose_test: a, necessity_test: b, balancing_test: c, assessed_on: 2026-01-10}
    rights: [access, rectification, erasure, restriction, object, complaint]
    recipients:
      - {name: SMS Cloud Inc, role: processor, country: US, contract: DPA-7}
    transfers:
      - {country: US, mechanism: scc, reference: SCC 2021/914 module 2, tia: TIA-2026-3}
    retention: {period: P1Y6M, start: the appointment}
    security_measures: [chiffrement]
    dpia: {not_required: Pas de critère WP248 réuni}
"""


@pytest.fixture
def clinic(tmp_path: Path) -> Path:
    write(tmp_path, "c.gdpr.yaml", CLINIC)
    return tmp_path


def cnil_row(folder: Path) -> dict[str, str]:
    result = call_main("register", "--format", "csv", "--layout", "cnil", cwd=folder)
    assert result.returncode == 0, result.stderr
    return next(csv.DictReader(io.StringIO(result.stdout)))


def test_enum_values_and_fixed_texts_are_french(clinic: Path) -> None:
    row = cnil_row(clinic)
    assert row["Base légale"] == ("Intérêts légitimes (art. 6(1)(f)) ; intérêt poursuivi : "
                                  "Éviter les rendez-vous manqués")
    assert row["Catégories de destinataires"] == "SMS Cloud Inc (sous-traitant, US) ; " \
        "contrat : DPA-7"
    assert row["Transferts des données hors UE"] == (
        "US : clauses contractuelles types (art. 46(2)(c)), SCC 2021/914 module 2 ; "
        "analyse d'impact des transferts : TIA-2026-3")
    assert row["Durées de conservation"] == "1 an 6 mois (P1Y6M), à compter de : the " \
        "appointment"
    assert row["Catégories de personnes concernées"] == "patients ; dont des enfants (dès 0 ans)"
    assert row["Analyse d'impact (AIPD)"] == "non requise : Pas de critère WP248 réuni"
    assert row["Date de création de la fiche"] == "inconnue (hors de l'historique git)"
    assert row["Responsable de la revue"] == "MANQUANT"
    # No enum token and no English fixed text under the French headings.
    tokens = re.compile(r"\b(legitimate_interests|health_or_social_care|processor|scc|"
                        r"MISSING|none|months?|years?|not applicable|from)\b")
    for heading, value in row.items():
        if heading not in ("Déclaré dans", "Commit", "Généré le", "Catégories de données "
                           "personnelles concernées"):
            assert not tokens.search(value), (heading, value)


def test_categories_grouped_in_the_cnil_families(clinic: Path) -> None:
    row = cnil_row(clinic)
    assert row["Catégories de données personnelles concernées"] == (
        "État civil, identité, données d'identification, images : name, email address ; "
        "Informations d'ordre économique et financier : bank account ; "
        "Données de connexion : IP address ; Données de localisation : GPS position ; "
        "Autres catégories (telles que déclarées) : social security number, shoe size")
    assert row["Données sensibles"] == (
        "Données concernant la santé ; Numéro d'identification national unique (NIR pour la "
        "France) ; condition de l'art. 9(2) : médecine préventive, diagnostics, soins (h)")


@pytest.mark.parametrize(("category", "family"), [
    ("user.contact.email", "État civil"),
    ("IP address", "Données de connexion"),  # the longest word wins over "address"
    ("postal address", "État civil"),
    ("adresse IP", "Données de connexion"),
    ("Bankverbindung", "Informations d'ordre économique"),
    ("user.location.precise", "Données de localisation"),
    ("cookies", "Internet"),
    ("CV and diplomas", "Vie professionnelle"),
    ("shoe size", None),
    ("race results", None),
])
def test_family_of_a_category(category: str, family: str | None) -> None:
    from gdpr_lint.register.cnil import family as family_of

    found = family_of(category)
    assert (found.startswith(family) if family and found else found is family), found


def test_cnil_data_is_dated_and_cited() -> None:
    from gdpr_lint.law.data import load

    data = load("cnil_register.json")
    assert data["as_of"] and "cnil.fr" in data["source"]
    assert [f["id"] for f in data["families"]][:6] == [
        "identity", "personal_life", "professional_life", "economic", "connection",
        "location"]


def test_xlsx_cnil_in_french(cli, clinic: Path, tmp_path: Path) -> None:
    import openpyxl

    out = tmp_path / "cnil.xlsx"
    result = cli("register", "--format", "xlsx", "--layout", "cnil", "--output", str(out),
                 cwd=clinic)
    assert result.returncode == 0, result.stderr
    book = openpyxl.load_workbook(out)
    sheet = book["Clinique du Parc"]
    assert [sheet.cell(row=r, column=1).value for r in range(1, 5)] == [
        "Responsable du traitement", "Délégué à la protection des données", "Représentant",
        "Déclaré dans"]
    fiches = book["Fiches de registre"]
    assert [c.value for c in fiches[1]] == ["Rubrique", "Déclaré"]
    assert fiches.cell(row=2, column=1).value == \
        "Rappels de rendez-vous (rappels) \u2014 Clinique du Parc"
