"""S: special categories (Art. 9), criminal data (Art. 10) and children's consent (Art. 8)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from gdpr_lint import data
from gdpr_lint.findings import Severity
from gdpr_lint.model import Activity
from gdpr_lint.registry import Hit, rule

NEEDS_LAW = {"employment_social_security": "b", "substantial_public_interest": "g",
             "health_or_social_care": "h", "public_health": "i",
             "archiving_research_statistics": "j"}

_HEALTH = ("health", [r"\bhealth\b(?! ?(?:insurance|care)? ?(?:number|provider|plan)\b)",
                      r"\bmedical\b", r"\bdiagnos[ie]s\b", r"\billness(es)?\b", r"\bdiseases?\b",
                      r"\bdisabilit(y|ies)\b", r"\bprescriptions?\b", r"\bsymptoms?\b",
                      r"\ballerg(y|ies)\b", r"\bpregnan(t|cy)\b", r"\bsick[- ]?(leave|notes?)\b",
                      r"\bmental\b", r"\bblood (type|group|pressure)\b", r"\bvaccinations?\b",
                      r"^user\.health_and_medical\b"])
# A "device/browser/key fingerprint" identifies a machine, not a person's body.
_BIOMETRIC = ("biometric", [r"\bbiometrics?\b",
                            r"(?<!device )(?<!browser )(?<!canvas )(?<!tls )(?<!ssh )(?<!key )"
                            r"(?<!certificate )(?<!audio )(?<!file )(?<!digital )\bfingerprints?\b",
                            r"\bfacial (recognition|image|template|geometry)\b",
                            r"\bface (scan|template|geometry|print)s?\b", r"\biris\b",
                            r"\bretina(l)?\b", r"\bvoice ?prints?\b", r"\bpalm ?prints?\b",
                            r"^user\.biometric\b"])
_PATTERNS: list[tuple[str, list[str]]] = [
    _HEALTH, _BIOMETRIC,
    ("racial_or_ethnic_origin", [r"\bethnic(ity|al)?\b", r"\brac(e|ial)\b",
                                 r"^user\.demographic\.race_ethnicity\b"]),
    ("religious_or_philosophical_beliefs", [r"\breligio(n|us)\b", r"\bphilosophical beliefs?\b",
                                            r"\bfaith\b",
                                            r"^user\.demographic\.religious_belief\b"]),
    ("political_opinions", [r"\bpolitical (opinions?|views?|affiliations?|part(y|ies))\b",
                            r"^user\.demographic\.political_opinion\b"]),
    ("trade_union_membership", [r"\btrade[- ]unions?\b", r"\bunion (membership|member)s?\b",
                                r"\blabou?r unions?\b"]),
    ("genetic", [r"\bgenetic\b", r"\bdna\b", r"\bgenom(e|ic)s?\b", r"\bgenotypes?\b",
                 r"^user\.genetic\b"]),
    ("sex_life", [r"\bsex(ual)? (life|activity|history|behaviou?r)\b"]),
    ("sexual_orientation", [r"\bsexual orientation\b", r"\bsexuality\b",
                            r"^user\.demographic\.sexual_orientation\b"]),
]
_SPECIAL = [(name, re.compile("|".join(p), re.IGNORECASE)) for name, p in _PATTERNS]
_CRIMINAL = re.compile(r"\b(criminal (records?|convictions?|history|offen[cs]es)|"
                       r"convictions?|offen[cs]es)\b|^user\.criminal_history\b", re.IGNORECASE)


def looks_special(category: str) -> list[str]:
    """The special categories a free-text or fideslang data category looks like."""
    category = " ".join(category.split())
    return [name for name, pattern in _SPECIAL if pattern.search(category)]


def looks_criminal(category: str) -> bool:
    return bool(_CRIMINAL.search(category))


_HEALTH_BAD = """data_categories: [name, diagnosis]
special_categories: [health]"""


@rule(id="S001", title="Special-category data without an Art. 9(2) condition",
      article="Art. 9(1); Art. 9(2)", severity=Severity.ERROR, base="contract",
      bad=_HEALTH_BAD,
      good=_HEALTH_BAD + "\nart9_condition: health_or_social_care\n"
           "art9_reference: Patients' Rights Act, section 630f")
def art9_condition(a: Activity) -> Iterator[Hit]:
    """Processing special categories of data is prohibited (Art. 9(1)) unless one of the ten
    conditions of Art. 9(2) applies, in addition to a lawful basis under Art. 6. Declare
    which one."""
    if a.special and not a.text("art9_condition"):
        yield Hit(("special_categories",), "special categories need an Art. 9(2) condition: "
                  "add art9_condition (explicit_consent, employment_social_security, ...)")


@rule(id="S002", title="Art. 9(2) condition without the law behind it",
      article="Art. 9(2)(b), (g)-(j)", severity=Severity.ERROR, base="contract",
      bad=_HEALTH_BAD + "\nart9_condition: health_or_social_care",
      good=_HEALTH_BAD + "\nart9_condition: health_or_social_care\n"
           "art9_reference: Patients' Rights Act, section 630f")
def art9_reference(a: Activity) -> Iterator[Hit]:
    """Conditions (b), (g), (h), (i) and (j) of Art. 9(2) apply only on the basis of Union
    or Member State law (or a collective agreement for (b)) that provides suitable
    safeguards. Name that law."""
    condition = a.text("art9_condition")
    if condition in NEEDS_LAW and not a.text("art9_reference"):
        yield Hit(("art9_condition",), f"Art. 9(2)({NEEDS_LAW[condition]}) needs Union or "
                  "Member State law: add art9_reference naming it")


@rule(id="S003", title="Data category looks like special-category or criminal data",
      article="Art. 9(1); Art. 10", severity=Severity.WARNING, base="contract",
      bad="data_categories: [name, allergies]", good="data_categories: [name, device fingerprint]")
def undeclared_special(a: Activity) -> Iterator[Hit]:
    """Special categories (health, biometric, genetic, ethnic origin, beliefs, political
    opinions, union membership, sex life, sexual orientation) and criminal-offence data carry
    extra conditions. A data category that names one of them should be declared as such, so
    that the Art. 9 and Art. 10 rules apply. Technical identifiers that merely share a word,
    such as a device fingerprint, are not biometric data."""
    declared = set(a.special)
    for index, category in enumerate(a.items("data_categories")):
        if not isinstance(category, str):
            continue
        missing = [name for name in looks_special(category) if name not in declared]
        if missing:
            yield Hit(("data_categories", index), f"'{category}' looks like special-category "
                      f"data: add {', '.join(missing)} to special_categories (or rename the "
                      "category if it is not)")
        elif looks_criminal(category) and not a.flag("criminal_data"):
            yield Hit(("data_categories", index), f"'{category}' looks like criminal-offence "
                      "data: set criminal_data: true and art10_authority")


@rule(id="S004", title="Explicit consent condition without explicit consent",
      article="Art. 9(2)(a); Art. 7(1)", severity=Severity.ERROR,
      bad="""data_categories: [email address, religious dietary requirements]
special_categories: [religious_or_philosophical_beliefs]
art9_condition: explicit_consent""",
      good="""data_categories: [email address, religious dietary requirements]
special_categories: [religious_or_philosophical_beliefs]
art9_condition: explicit_consent
consent:
  how_obtained: Separate checkbox naming the dietary data, unticked
  records: consent_log table (timestamp, form version)
  withdrawal: Unsubscribe link in every email
  explicit: true""")
def explicit_consent(a: Activity) -> Iterator[Hit]:
    """Art. 9(2)(a) needs explicit consent: an express statement, not a mere affirmative
    act, and the controller must be able to demonstrate it (Art. 7(1))."""
    if a.text("art9_condition") != "explicit_consent":
        return
    if not a.flag("consent", "explicit"):
        yield Hit(("consent",), "art9_condition explicit_consent needs consent.explicit: true, "
                  "with how the express statement is obtained")
    elif not a.text("consent", "records"):
        yield Hit(("consent",), "add consent.records: where the explicit consent is recorded")


@rule(id="S005", title="Criminal-offence data without Art. 10 authority", article="Art. 10",
      severity=Severity.ERROR, base="legal_obligation",
      bad="""data_categories: [name, criminal record certificate]
criminal_data: true""",
      good="""data_categories: [name, criminal record certificate]
criminal_data: true
art10_authority: Federal Central Criminal Register Act, section 30a""")
def art10_authority(a: Activity) -> Iterator[Hit]:
    """Personal data relating to criminal convictions and offences may be processed only
    under the control of official authority or when authorised by Union or Member State law
    providing appropriate safeguards (Art. 10)."""
    if a.flag("criminal_data") and not a.text("art10_authority"):
        yield Hit(("criminal_data",), "add art10_authority: the law authorising this "
                  "processing, or the official authority in control")


@rule(id="S006", title="Children's consent without parental consent",
      article="Art. 8(1)", severity=Severity.ERROR,
      bad="children: true",
      good="""children: true
consent:
  how_obtained: Unticked checkbox on the signup form, confirmed by double opt-in
  records: consent_log table (timestamp, form version)
  withdrawal: Unsubscribe link in every email
  parental_consent: Under-16s sign up through a parent's verified account""")
def parental_consent(a: Activity) -> Iterator[Hit]:
    """For an information society service offered directly to a child below the age set by
    the Member State (13 to 16, default 16), consent is lawful only if given or authorised
    by the holder of parental responsibility, with reasonable efforts to verify it (Art. 8).
    The age comes from config `member_state`."""
    if a.basis == "consent" and a.has_children and not a.text("consent", "parental_consent"):
        state = a.ctx.config.member_state
        age = data.consent_age(state)
        where = f" in {state}" if state else ""
        yield Hit(("consent",), f"children under {age}{where} cannot consent alone: add "
                  "consent.parental_consent (how it is obtained and verified)")
