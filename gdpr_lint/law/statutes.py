"""Whose law a reference names. Only Union or Member State law can lay down a legal obligation
or a public task (Art. 6(3)), keep data beyond what the purpose needs (Art. 17(3)(b)) or
restrict a right (Art. 23(1)); a third country's law cannot (Art. 48; Recital 115), however
binding it is on a group company. One place for every rule that reads a law reference.
"""

from __future__ import annotations

import re

from gdpr_lint.lint.lazyre import lazy_re

# Acronyms, case-sensitive and whole words where a hyphen belongs to the word: `US` never
# matches inside `UStG` (German VAT Act) or `FATCA-USA-UmsV` (a German ordinance), nor "us".
_ACRONYM = lazy_re(
    r"(?<![A-Za-z0-9-])(U\.S\.(?:A\.|C\.)?|USA|USC|U\.?S\.?C\.?|US|CFR|SOX|HIPAA|FCPA|"
    r"CCPA|CPRA|GLBA|FINRA|"
    r"FISA|PIPEDA|PIPL|LGPD|UK GDPR|UK|FADP|DPDP Act)(?![A-Za-z0-9-])")
# Names of third countries' statutes and jurisdictions, any case.
_NAME = lazy_re(
    r"\b(United States|Sarbanes[- ]Oxley|Patriot Act|CLOUD Act|Dodd[- ]Frank|"
    r"Gramm[- ]Leach[- ]Bliley|Bank Secrecy Act|Code of Federal Regulations|"
    r"Internal Revenue Code|Securities Exchange Act|SEC Rule|Foreign Corrupt Practices Act|"
    r"Health Insurance Portability and Accountability Act|Companies Act 2006|"
    r"Data Protection Act 2018|Cybersecurity Law of the People's Republic|England and Wales|"
    r"Scotland|Northern Ireland|Switzerland|Swiss|"
    r"US-(?:amerikanisch\w*|Recht|Bundesrecht|Gesetz\w*))\b", re.IGNORECASE)
# A reference that also names a Union or Member State act rests on that act ("FATCA-USA-UmsV
# § 8, based on § 117c AO"; "UK branch: HGB § 257"): the third country's name is context.
_UNION_OR_MEMBER_STATE = lazy_re(
    r"\b(AO|BGB|HGB|UStG|AktG|GmbHG|BDSG|KWG|GwG|SGB [IVX]+|BAO|UGB|ABGB)\b"
    # German and Austrian acts are abbreviated with a final G (Gesetz): LArchG, BDSG, TTDSG
    r"|(?-i:(?<![A-Za-z0-9-])[A-Z][A-Za-z]{1,12}G(?![A-Za-z0-9-]))"
    r"|\w+(gesetz|gesetzbuch|verordnung|ordnung)\b|Umsetzung"
    r"|\bLoi n|\bCode (civil|de|du|des|g[ée]n[ée]ral|p[ée]nal|mon[ée]taire)\b|\bC[óo]digo\b"
    r"|\bLey\b|\bWet\b|\bBurgerlijk Wetboek\b|\bD\.? ?Lgs\b|\bDecreto\b|\bCodice\b"
    r"|\b(Directive|Regulation|Decision) \((EU|EC|EEC)\)|\bDirective \d{2,4}/\d+/E[CU]\b"
    r"|\btranspos(ing|ition|es)\b|\bimplement(ing|ation|s)\b", re.IGNORECASE)


def names_third_country_law(text: str) -> str | None:
    """The words of ``text`` that name a third country's law, or None.

    None as well when the same reference names a Union or Member State act, on which it then
    rests. Matching is by whole words (hyphens included), so German abbreviations such as
    `UStG` or `FATCA-USA-UmsV` never match."""
    match = _ACRONYM.search(text) or _NAME.search(text)
    if match is None or _UNION_OR_MEMBER_STATE.search(text):
        return None
    return match.group(0)


# B030: internal or group documents, which are not law (Art. 6(3)), in the six languages.
_INTERNAL = lazy_re(
    r"\b(polic(y|ies)|guidelines?|standards?|handbook|manual|procedures?|rule ?book|charter|"
    r"codes? of (conduct|ethics|practice|business conduct)|group|internal|in-house|"
    r"Konzern\w*|intern\w*|Unternehmens\w*|Leitlinie\w*|Handbuch|Arbeitsanweisung\w*|"
    r"Verfahrensanweisung\w*|Richtlinie(?!\s*(\(E[GUW]+\)|\d|des Rates|der E)))\b|"
    r"\b(politique|charte|proc[ée]dure|groupe|interne|directive interne|"
    r"pol[íi]tica|normativa interna|procedimiento|grupo|manuale|procedura|politica|gruppo|"
    r"interno|interna|beleid|richtlijn(?!\s*(\(E[GU]\)|\d))|handboek|concern\w*|groeps\w*)\b",
    re.IGNORECASE)
# Words that name a statute, a legal act or a provision of one.
_STATUTE = lazy_re(
    r"\b(acts?|law|laws|statutes?|regulations?|decrees?|ordinances?|treaty|"
    r"(civil|commercial|fiscal|tax|labou?r|penal|criminal|social security|companies|"
    r"insurance|banking) code|code (civil|de|du|des|p[ée]nal|of (civil|criminal) procedure)|"
    r"Gesetz\w*|\w+gesetz\w*|\w*verordnung|Vorschrift\w*|loi|d[ée]cret|arr[êe]t[ée]|"
    r"r[èe]glement|ley|leyes|real decreto|legge|decreto|d\.? ?lgs|regolamento|wet|wetboek|"
    r"besluit)\b|§", re.IGNORECASE)


# A company's own rules named with a statute's word: "Regolamento aziendale", "règlement
# intérieur", "reglamento interno", "Betriebsordnung", "huishoudelijk reglement".
_OWN_RULES = lazy_re(
    r"\b(r[èe]glement int[ée]rieur|r[èe]glement d'entreprise|regolamento (aziendale|interno)|"
    r"reglamento (interno|de r[ée]gimen interior|de empresa)|betriebsordnung|hausordnung|"
    r"arbeitsordnung|huishoudelijk reglement|bedrijfsreglement|company (rules|regulations?)|"
    r"internal (rules|regulations?)|staff regulations? of the company)\b", re.IGNORECASE)


def internal_document(text: str) -> str | None:
    """The words of ``text`` that name an internal or group document, when it names no
    statute at all (`Group Compliance Policy`, `Regolamento aziendale`), else None."""
    own = _OWN_RULES.search(text)
    rest = f"{text[:own.start()]} {text[own.end():]}" if own else text
    match = own or _INTERNAL.search(text)
    if match is None or _STATUTE.search(rest) or _UNION_OR_MEMBER_STATE.search(rest):
        return None
    return match.group(0)
