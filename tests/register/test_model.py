"""Small pieces of the record model."""

from __future__ import annotations

import pytest

from gdpr_lint.law.rights import provision_name
from gdpr_lint.register.model import human_duration


@pytest.mark.parametrize(("text", "words"), [
    ("P2Y", "2 years"), ("P1M", "1 month"), ("P2Y6M", "2 years 6 months"), ("P90D", "90 days"),
    ("P1W", "1 week"), ("P", None), ("PT5H", None), ("2 years", None), ("P1Y2", None)])
def test_human_duration(text: str, words: str | None) -> None:
    assert human_duration(text) == words


@pytest.mark.parametrize(("provision", "label"), [
    ("art14_5_b", "Art. 14(5)(b)"), ("art23", "Art. 23"), ("art89_2", "Art. 89(2)"),
    ("art5_1_e", "Art. 5(1)(e)"), ("other", "other")])
def test_provision_name(provision: str, label: str) -> None:
    assert provision_name(provision) == label


def test_parallel_and_serial_runs_build_the_same_record(company, monkeypatch) -> None:
    from gdpr_lint.lint.config import load_config
    from gdpr_lint.lint.discover import discover
    from gdpr_lint.lint.resolve import resolve_files
    from gdpr_lint.register import render
    from gdpr_lint.register.model import build_register

    monkeypatch.chdir(company)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    config = load_config(None)
    files = list(discover(["."], config))
    serial = build_register(resolve_files(files, config, jobs=1), ["."])
    parallel = build_register(resolve_files(files, config, jobs=2), ["."])
    assert render("json", serial) == render("json", parallel)
    assert any(s.used for s in parallel.suppressions)  # marked in the worker's copy, kept
