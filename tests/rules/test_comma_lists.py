"""X013: a flow list whose commas probably cut one sentence into items."""

from __future__ import annotations

import pytest

from gdpr_lint.rules.examples import activities_document
from tests.conftest import lint_text


def with_lines(*lines: str) -> str:
    """The clean example activity with the field of ``lines[0]`` (purposes, data subjects or
    data categories, dumped as block lists) written as ``lines`` instead."""
    key = lines[0].split(":")[0] if lines else "purposes"
    out, skipping = [], False
    for line in activities_document({}).splitlines(keepends=True):
        if line == f"  {key}:\n":
            out += [f"  {new}\n" for new in lines]
            skipping = True
        elif not (skipping and line.startswith("  - ")):
            skipping = False
            out.append(line)
    return "".join(out)


def x013(text: str) -> list[tuple[int, str]]:
    return [(f.line, f.message) for f in lint_text(text) if f.rule == "X013"]


@pytest.mark.parametrize("line", [
    "purposes: [Report tumour diagnoses, treatment and outcomes to the state cancer registry]",
    "purposes: [Send the newsletter, and the offers of the month]",
    "purposes: [Versand des Newsletters, und Angebote des Monats]",
    "purposes: [Envoyer la lettre, et les offres du mois]",
    "purposes: [Enviar el boletín, y las ofertas del mes]",
    "purposes: [Inviare la newsletter, e le offerte del mese]",
    "purposes: [De nieuwsbrief sturen, en de aanbiedingen van de maand]",
    "purposes: [send the newsletter, or the offers of the month]",
    "data_subjects: [Parents of pupils, guardians and carers]",
    "data_categories: [name, email address, and phone number]",
    "purposes: [Send the newsletter, measure openings, improve subjects]",
])
def test_a_sentence_cut_at_its_commas(line: str) -> None:
    text = with_lines(line)
    found = x013(text)
    assert len(found) == 1, found
    key = line.split(":")[0]
    assert found[0][1].startswith(f"`{key}` is a list written with commas")
    assert "quote it, or write a block list" in found[0][1]
    assert found[0][0] == text.splitlines().index(f"  {line}") + 1


@pytest.mark.parametrize("lines", [
    # A block list: each line is one item, whatever its case.
    ("purposes:", "- Report tumour diagnoses", "- treatment and outcomes to the registry"),
    # Quoted: the author placed the commas.
    ('purposes: ["Report tumour diagnoses, treatment and outcomes to the registry"]',),
    ('purposes: ["Report tumour diagnoses", treatment and outcomes]',),
    # One item, or items that each start like a sentence.
    ("purposes: [Report tumour diagnoses to the state cancer registry]",),
    ("purposes: [Send the newsletter, Measure how often it is opened]",),
    # Single words and acronyms are not sentences.
    ("purposes: [Newsletter, offers]",),
    ("purposes: [IP address logging, fraud checks]",),
    # "e-mail" and "end" are not conjunctions.
    ("purposes: [send the newsletter, e-mail the offers, end subscriptions]",),
])
def test_lists_that_are_not_a_cut_sentence(lines: tuple[str, ...]) -> None:
    assert x013(with_lines(*lines)) == []


def test_processor_activities_too() -> None:
    text = """\
controller: {id: acme, name: Acme Ltd, contact: privacy@acme.example, country: DE}
processor_activities:
  - id: hosting
    name: Course hosting
    controllers: [{category: schools, contract: Standard DPA, list: CRM}]
    categories_of_processing: [hosting]
    data_subjects: [Pupils of partner schools, teachers and parents]
    data_categories: [name]
    contract: Standard DPA
    security_measures: [TLS]
"""
    assert [line for line, _ in x013(text)] == [7]


def test_loader_keeps_which_items_were_plain_in_a_flow_list() -> None:
    from gdpr_lint.lint.loader import load_document

    doc = load_document('a: [x, "y", z]\nb:\n  - w\nc: {d: [v]}\n', "t.yaml")
    assert doc.flow_items == {("a", 0), ("a", 2), ("c", "d", 0)}
