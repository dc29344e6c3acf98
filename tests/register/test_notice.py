"""The layered privacy notice: first layer, the right to object apart, second layer, gaps."""

from __future__ import annotations

from pathlib import Path

import pytest


def notice(cli, folder: Path, *args: str) -> str:
    result = cli("notice", *args, cwd=folder)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["html", "md"])
def test_layers_in_order(cli, company: Path, fmt: str) -> None:
    text = notice(cli, company, "--format", fmt)
    first = text.index("Basic data protection information")
    objection = text.index("Your right to object")
    second = text.index("More about each processing activity")
    author = text.index("For the author: missing from the declarations")
    assert first < objection < second < author
    layer = text[first:objection]
    for row in ("Controller", "Data protection officer", "Purposes and lawful basis",
                "Recipients", "Transfers outside the EEA and safeguards",
                "How long the data are kept", "Your rights and how to exercise them",
                "Right to complain", "Automated decisions, including profiling",
                "Where the data come from"):
        assert row in layer, row
    assert "https://contoso.example/privacy/requests" in layer  # how to exercise them
    assert "dpo@contoso.example" in layer


@pytest.mark.slow
def test_right_to_object_is_separate_and_only_where_it_applies(cli, company: Path) -> None:
    text = notice(cli, company, "--format", "md")
    block = text[text.index("## Your right to object"):text.index("## More about each")]
    assert "**Newsletter.**" in block and "direct marketing" in block  # Art. 21(2)
    assert "particular situation" in block  # Art. 21(1), the analytics' legitimate interests
    assert "**Support.**" not in block  # contract: no right to object
    assert "Object (Art. 21): see below" in text


@pytest.mark.slow
def test_second_layer_per_activity(cli, company: Path) -> None:
    text = notice(cli, company, "--format", "md")
    second = text[text.index("## More about each"):]
    assert [line for line in second.splitlines() if line.startswith("### ")] == [
        "### Newsletter", '### =HYPERLINK("http://evil.example","x")', "### Support"]
    support = second[second.index("### Support"):]
    assert "Partner SA: Partner answers access requests" in support  # Art. 26(2) essence
    assert "necessary to enter into or perform the contract (Terms section 9)" in support
    newsletter = second[:second.index("### Support")]
    assert "You may withdraw consent at any time: Unsubscribe link in every email" in newsletter


@pytest.mark.slow
def test_missing_items_are_listed_for_the_author_not_invented(cli, company: Path) -> None:
    text = notice(cli, company, "--format", "md")
    todo = text[text.index("## For the author"):]
    items = [line for line in todo.splitlines() if line.startswith("- [ ]")]
    assert any("legitimate\\_interests.interest" in i and "analytics" in i for i in items)
    assert any("source\\_detail" in i and "support" in i for i in items)  # Art. 14(2)(f)
    assert any("(Art. 13(2)(e))" in i and "analytics" in i for i in items)
    assert any("recipients" in i and "support" in i for i in items)
    assert len(items) == len(set(items))
    assert "**MISSING**" in text  # shown in place too, not left blank


@pytest.mark.slow
def test_controller_and_activity_selection(cli, tmp_path: Path) -> None:
    from gdpr_lint.rules.examples import activities_document
    from tests.conftest import write

    write(tmp_path, "a.gdpr.yaml", activities_document({}))
    text = notice(cli, tmp_path, "--format", "html")
    assert text.count("<h1>Privacy notice") == 1
    assert "<script" not in text.lower()


@pytest.mark.slow
def test_example_company_notice(cli) -> None:
    from tests.conftest import ROOT

    result = cli("notice", "examples/valid", "--config", "examples/valid/.gdpr-lint.yaml",
                 "--format", "md", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "# Privacy notice — Northwind Bikes GmbH" in result.stdout
    assert "## Basic data protection information" in result.stdout


@pytest.mark.slow
def test_first_layer_shows_gaps_in_place(cli, company: Path) -> None:
    text = notice(cli, company, "--format", "md")
    layer = text[text.index("Basic data protection information"):
                 text.index("Your right to object")]
    recipients = next(line for line in layer.splitlines() if "**Recipients**" in line)
    transfers = next(line for line in layer.splitlines() if "**Transfers" in line)
    assert "Support: MISSING" in recipients
    assert 'HYPERLINK("http://evil.example","x"): MISSING' in transfers
    assert "answered within 1 month" in layer
    assert "Newsletter: 2 years (P2Y) from last email opened" in layer
