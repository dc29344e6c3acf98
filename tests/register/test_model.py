"""Small pieces of the record model."""

from __future__ import annotations

import pytest

from gdpr_lint.register.model import human_duration, provision_label


@pytest.mark.parametrize(("text", "words"), [
    ("P2Y", "2 years"), ("P1M", "1 month"), ("P2Y6M", "2 years 6 months"), ("P90D", "90 days"),
    ("P1W", "1 week"), ("P", None), ("PT5H", None), ("2 years", None), ("P1Y2", None)])
def test_human_duration(text: str, words: str | None) -> None:
    assert human_duration(text) == words


@pytest.mark.parametrize(("provision", "label"), [
    ("art14_5_b", "Art. 14(5)(b)"), ("art23", "Art. 23"), ("art89_2", "Art. 89(2)"),
    ("art5_1_e", "Art. 5(1)(e)"), ("other", "other")])
def test_provision_label(provision: str, label: str) -> None:
    assert provision_label(provision) == label
