"""Which law references name a third country's law (used by K002 and any rule reading a law)."""

from __future__ import annotations

import pytest

from gdpr_lint.law.statutes import names_third_country_law


@pytest.mark.parametrize(("text", "words"), [
    ("Sarbanes-Oxley Act section 802", "Sarbanes-Oxley"),
    ("SOX 404 documentation", "SOX"),
    ("17 CFR 240.17a-4", "CFR"),
    ("18 U.S.C. 1519", "U.S.C."),
    ("26 USC 6001", "USC"),
    ("US Bank Secrecy Act", "US"),
    ("HIPAA 45 CFR 164.316(b)(2)", "HIPAA"),
    ("Companies Act 2006 (England and Wales) section 388", "Companies Act 2006"),
    ("Swiss Code of Obligations art. 958f", "Swiss"),
    ("Aufbewahrung nach US-Recht (SEC)", "US-Recht"),
    ("Records kept for Acme AG's US listing under SEC Rule 17a-4", "US"),
])
def test_third_country_laws(text: str, words: str) -> None:
    assert names_third_country_law(text) == words


@pytest.mark.parametrize("text", [
    "UStG section 14b",  # German VAT Act: 'US' is not a word here
    "FATCA-USA-Umsetzungsverordnung (FATCA-USA-UmsV) § 8, based on § 117c AO",
    "The law requires us to keep invoices: AO section 147",
    "Handelsgesetzbuch (HGB) section 257; also relevant for the US listing",
    "Code de commerce, art. L123-22 (filiale UK exclue)",
    "Directive (EU) 2015/849 as transposed by the Geldwäschegesetz",
    "Civil-status register: Personenstandsgesetz section 5(5)",
    "Kadasterwet art. 7s", "",
    "LArchG section 2(3); US-Recht nicht anwendbar",  # a German act abbreviated with a final G
])
def test_union_and_member_state_law(text: str) -> None:
    assert names_third_country_law(text) is None
