"""S: special categories (Art. 9), criminal data (Art. 10) and children's consent (Art. 8)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

from gdpr_lint.law import data
from gdpr_lint.law.statutes import names_third_country_law
from gdpr_lint.lint.findings import Severity
from gdpr_lint.lint.lazyre import Prefilter, cached_fold, compiled, fold, lazy_re
from gdpr_lint.lint.loader import JsonPath
from gdpr_lint.lint.model import Activity
from gdpr_lint.rules.registry import Hit, rule

NEEDS_LAW = {"employment_social_security": "b", "substantial_public_interest": "g",
             "health_or_social_care": "h", "public_health": "i",
             "archiving_research_statistics": "j"}

# Every ASCII character re's \w does not match, but the space: where a text's words break.
_BREAK = str.maketrans({c: "\0" for c in map(chr, range(128))
                        if not (c.isalnum() or c in "_ ")})
_KINDS = ("terms", "look_alikes", "not_if")
# An ASCII text's runs of words, and the word beginnings of the terms they start with.
_Grams = tuple[frozenset[str], frozenset[str]]


class _Words:
    r"""A category's terms that are words (``\bsant[ée]\b``, ``\bdiagnose\w*``,
    ``\bpenalty points\b``; scripts/generate.py spells them), as the words they spell."""

    def __init__(self, patterns: list[str],
                 words: dict[str, tuple[bool, tuple[str, ...]]]) -> None:
        whole: set[str] = set()
        begins: set[str] = set()
        self.spelled: list[tuple[str, str]] = []  # (folded word, its pattern)
        for pattern in patterns:
            starts, spelled = words[pattern]
            (begins if starts else whole).update(spelled)
            self.spelled += [(fold(w), pattern) for w in spelled]
        # re.IGNORECASE pairs an ASCII letter with no other ASCII letter than its other
        # case, and with no letter of a word that is not ASCII (a test proves it for these
        # words): in an ASCII text, the lower-cased words answer exactly as the patterns
        self.whole = frozenset(w for w in whole if w.isascii())
        self.begins = frozenset(w for w in begins if w.isascii())

    def search(self, text: str, grams: _Grams | None) -> bool:
        """Whether ``text`` holds one of the words; ``grams`` are its :func:`_grams`."""
        if grams is not None:
            return not self.whole.isdisjoint(grams[0]) or not self.begins.isdisjoint(grams[1])
        folded = cached_fold(text)  # a folded word in it names the patterns that may match
        return any(word in folded and re.search(pattern, text, re.IGNORECASE)
                   for word, pattern in self.spelled)


@functools.cache
def _term_lists() -> tuple[Prefilter[tuple[str, str]], dict[str, _Words], list[str]]:
    """The per-language term lists of gdpr_lint/law/data/special_terms.json: a prefilter over
    (category, kind) for kind in terms, look-alikes and not-if, criminal data included, but
    for the terms that are words; those words of each category, in order; the languages."""
    from gdpr_lint.lint._needles import WORDS

    terms = data.load("special_terms.json")
    merged: dict[tuple[str, str], list[str]] = {}
    names: dict[str, None] = {}
    for lists in terms["languages"].values():
        for name, parts in lists.items():
            names[name] = None
            for kind in _KINDS:
                merged.setdefault((name, kind), []).extend(parts.get(kind, []))
    for name, keys in terms["keys"].items():
        names[name] = None
        merged.setdefault((name, "terms"), []).extend(keys)
    words = {name: _Words([p for p in merged[name, "terms"] if p in WORDS], WORDS)
             for name in names}
    rest = {key: [p for p in patterns if key[1] != "terms" or p not in WORDS]
            for key, patterns in merged.items()}
    return Prefilter(rest, re.IGNORECASE), words, sorted(terms["languages"])


@functools.cache
def _spelled() -> tuple[frozenset[str], int, int, dict[str, list[str]]]:
    """The first words of the terms of several words, the most words a term spells, the
    length of the shortest word beginning, and the beginnings by their first that many
    characters."""
    from gdpr_lint.lint._needles import WORDS

    begins = [w for starts, spelled in WORDS.values() if starts for w in spelled]
    shortest = min(map(len, begins))
    heads: dict[str, list[str]] = {}
    for word in begins:
        heads.setdefault(word[:shortest], []).append(word)
    every = [w.split(" ") for _, spelled in WORDS.values() for w in spelled]
    return (frozenset(w[0] for w in every if len(w) > 1), max(map(len, every)), shortest,
            heads)


def _grams(text: str) -> _Grams | None:
    r"""The lower-cased runs of words of an ASCII ``text`` that single spaces join (as
    ``\b...\b`` reads them), as long as the longest term, and the word beginnings they
    start with; None when ``text`` is not ASCII."""
    if not text.isascii():
        return None
    firsts, longest, shortest, heads = _spelled()
    grams: set[str] = set()
    for part in text.lower().translate(_BREAK).split("\0"):
        run = part.split(" ")
        grams.update(run)
        for start, word in enumerate(run):
            if word not in firsts:
                continue  # no term of several words starts with it: the usual case
            for end in range(start + 2, min(start + longest, len(run)) + 1):
                if not run[end - 1]:
                    break  # two spaces in a row, or one at an end
                grams.add(" ".join(run[start:end]))
    grams.discard("")
    return frozenset(grams), frozenset({begins for g in grams for begins in heads.get(
        g[:shortest], ()) if g.startswith(begins)})


def _matches(category: str, name: str, found: dict[tuple[str, str], tuple[str, ...]],
             grams: _Grams | None) -> bool:
    """Whether ``category`` names ``name``, given the patterns it may match (``found``)
    and its words (``grams``)."""
    prefilter, words, _ = _term_lists()
    look_alikes = found.get((name, "look_alikes"))
    text = compiled(look_alikes).sub(" ", category) if look_alikes else category
    if text != category:  # a term may span the space a look-alike leaves
        found, grams = prefilter.candidates(text), _grams(text)
    terms = found.get((name, "terms"))
    if not words[name].search(text, grams) and not (terms and compiled(terms).search(text)):
        return False
    not_if = found.get((name, "not_if"))
    return not (not_if and compiled(not_if).search(category))


def looks_special(category: str) -> list[str]:
    """The special categories a free-text or fideslang data category looks like, in any of
    the shipped languages (en, de, fr, es, it, nl)."""
    category = " ".join(category.split())
    prefilter, words, _ = _term_lists()
    found, grams = prefilter.candidates(category), _grams(category)
    return [name for name in words if name != "criminal" and
            _matches(category, name, found, grams)]


def looks_criminal(category: str) -> bool:
    category = " ".join(category.split())
    return _matches(category, "criminal", _term_lists()[0].candidates(category),
                    _grams(category))


def term_languages() -> list[str]:
    return _term_lists()[2]


def term_patterns() -> list[str]:
    """Every pattern of the term lists, in every language."""
    terms = data.load("special_terms.json")
    return [p for lists in terms["languages"].values() for parts in lists.values()
            for patterns in parts.values() for p in patterns] + \
        [p for keys in terms["keys"].values() for p in keys]


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


_TREATMENT = """purposes: [Treat patients who book an appointment]
data_categories: [name, medical history, diagnosis]
special_categories: [health]
art9_condition: health_or_social_care
contract: {reference: "Treatment contract (BGB section 630a)"}"""
_CONTRACT = lazy_re(r"\b(contracts?|terms|agreements?|vertrag\w*|\w+vertrag|contrats?|"
                    r"contratos?|contratt[oi]|overeenkomst\w*|AGB|CGU|CGV)\b", re.IGNORECASE)
# Art. 9(3): the data are processed by or under the responsibility of a professional subject
# to an obligation of professional secrecy. A (h) reference through a contract names both.
_PROFESSIONAL = lazy_re(
    r"\b(health(care)? professionals?|physicians?|doctors?|medical practitioners?|"
    r"nurses?|midwi(fe|ves)|dentists?|pharmacists?|physiotherapists?|psychotherapists?|"
    r"psychologists?|therapists?|clinicians?|social workers?|care workers?|hospitals?|"
    r"clinics?|[äa]rzt\w*|\w*[äa]rzt(e|in|innen)?|heilberuf\w*|pflegekr[äa]ft\w*|"
    r"psychotherapeut\w*|m[ée]decins?|infirmi[eè]re?s?|professionnels? de sant[ée]|"
    r"m[ée]dicos?|enfermer[oa]s?|profesionales? sanitari[oa]s?|medic[oi]|infermier[ei]|"
    r"professionisti sanitari|artsen|arts|verpleegkundigen?|zorgverleners?|"
    r"BGB (§|section) ?630\w*|§ ?630a)\b", re.IGNORECASE)
_SECRECY = lazy_re(
    r"\b(secrecy|confidentiality|privilege|hippocratic|schweigepflicht\w*|"
    r"berufsgeheimnis\w*|(§|section) ?203 StGB|StGB (§|section) ?203|secret (m[ée]dical|"
    r"professionnel)|secreto (m[ée]dico|profesional)|segreto (professionale|medico)|"
    r"beroepsgeheim|medisch geheim|geheimhoudingsplicht)\b|§ ?203", re.IGNORECASE)


@rule(id="S002", title="Art. 9(2) condition without the law behind it",
      article="Art. 9(2)(b), (g)-(j); Art. 9(3)", severity=Severity.ERROR,
      base="legal_obligation",
      bad=_TREATMENT + "\nart9_reference: App terms of service, section 4",
      good=_TREATMENT + "\nart9_reference: Treatment contract with the clinic's physicians, "
                        "bound by medical secrecy (StGB section 203)")
def art9_reference(a: Activity) -> Iterator[Hit]:
    """Conditions (b), (g), (h), (i) and (j) of Art. 9(2) apply only on the basis of Union
    or Member State law that provides suitable safeguards; (b) also under a collective
    agreement, and (h) also "pursuant to contract with a health professional", subject to
    the conditions of Art. 9(3): the data are processed by or under the responsibility of a
    professional bound by professional secrecy. Name the law, the agreement, or, for the
    contract route, in `art9_reference`, the health professional and the secrecy rule that
    binds them: a contract alone (a wellness app's terms of service) is not that route."""
    condition = a.text("art9_condition")
    if condition not in NEEDS_LAW:
        return
    reference = a.text("art9_reference")
    if condition == "health_or_social_care" and reference and \
            (a.basis == "contract" or _CONTRACT.search(reference)) and \
            not _STATUTE.search(reference) and \
            not (_PROFESSIONAL.search(reference) and _SECRECY.search(reference)):
        yield Hit(("art9_reference",), f"'{reference}' does not show the Art. 9(3) conditions "
                  "of the contract route of Art. 9(2)(h): name the health professional the "
                  "contract is with and the professional secrecy that binds them, or the law "
                  "that provides the safeguards")
        return
    if reference:
        return
    extra = {"employment_social_security": ", or the collective agreement",
             "health_or_social_care": ", or the contract with a health professional and the "
                                      "professional secrecy that binds them (Art. 9(3))"}
    yield Hit(("art9_condition",), f"Art. 9(2)({NEEDS_LAW[condition]}) needs Union or "
              f"Member State law{extra.get(condition, '')}: add art9_reference naming it")


@rule(id="S003", title="Data category looks like special-category or criminal data",
      article="Art. 9(1); Art. 10", severity=Severity.WARNING, base="contract",
      bad="data_categories: [name, allergies]",
      good="data_categories: [name, device fingerprint, race results, health and safety "
           "training, dog breed]")
def undeclared_special(a: Activity) -> Iterator[Hit]:
    """Special categories (health, biometric, genetic, ethnic origin, beliefs, political
    opinions, union membership, sex life, sexual orientation) and criminal-offence data carry
    extra conditions. A data category that names one of them should be declared as such, so
    that the Art. 9 and Art. 10 rules apply; data that reveal them indirectly count too
    (CJEU C-184/20: church tax reveals a religion, halal meals a belief), and so do penalty
    points for traffic offences (CJEU C-439/19). Terms are read in English, German, French,
    Spanish, Italian and Dutch (gdpr_lint/law/data/special_terms.json). Look-alikes are not
    flagged: race results, health and safety training, a biometric passport number, a
    device or TLS fingerprint, Face ID kept on the user's device, and a photo for an ID
    badge (a photograph is biometric data only when processed by specific technical means,
    Recital 51), nor an animal's breed (a dog's race, Hunderasse, race du chien: Art. 9(1)
    is about natural persons), nor the French "convictions religieuses / politiques /
    philosophiques" as criminal convictions (they are beliefs). A heuristic over free text:
    a `warning`, and only where the record does not answer: when `special_categories` is
    declared (even empty) or `criminal_data: false`, the words give at most an `info`
    naming the conflict (a declared fact beats a guess from words)."""
    declared = set(a.special)
    listed = isinstance(a.get("special_categories"), list)
    denied = a.get("criminal_data") is False
    for index, category in enumerate(a.items("data_categories")):
        if not isinstance(category, str):
            continue
        missing = [name for name in looks_special(category) if name not in declared]
        if missing:
            if listed:
                yield Hit(("data_categories", index), f"'{category}' reads like "
                          f"{', '.join(missing)}, which special_categories does not list: "
                          "the declared list applies; check it, or rename the category",
                          Severity.INFO)
            else:
                yield Hit(("data_categories", index), f"'{category}' looks like "
                          f"special-category data: add {', '.join(missing)} to "
                          "special_categories (or rename the category if it is not)")
        elif looks_criminal(category) and not a.flag("criminal_data"):
            if denied:
                yield Hit(("data_categories", index), f"'{category}' reads like "
                          "criminal-offence data, but the record declares criminal_data: "
                          "false: check it, or rename the category", Severity.INFO)
            else:
                yield Hit(("data_categories", index), f"'{category}' looks like "
                          "criminal-offence data: set criminal_data: true and "
                          "art10_authority")


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


_PRIVATE_GROUND = lazy_re(r"\b(consent\w*|einwilligung\w*|zustimmung|consentement|"
                          r"consentimiento|consenso|toestemming|policy|policies|richtlinie\w*|"
                          r"politique|pol[íi]tica|procedur\w*|beleid|integrity|compliance|"
                          r"agreement|contract|code of conduct|terms|internal|intern\w*|"
                          r"interne?s?|group|konzern\w*|groupe|grupo|gruppo|groep)\b",
                          re.IGNORECASE)
_STATUTE = lazy_re(r"\b(act|law|code(?! of conduct)|gesetz\w*|\w+gesetz|loi|ley|legge|wet|"
                      r"decree|d\.? ?lgs|ordinance|regulation|directive|statute)\b|§|"
                      r"(?-i:\b[A-Z][A-Za-z]*G\b)", re.IGNORECASE)
# Official authority: a public body's control (Art. 10, first limb), named as such.
_OFFICIAL = lazy_re(r"\b(official authority|under the control of|court order|public "
                    r"prosecutor|police|beh[öo]rde|staatsanwaltschaft|gericht|autorit[ée] "
                    r"publique|autoridad (p[úu]blica|judicial)|autorit[àa] (pubblica|"
                    r"giudiziaria)|openbaar gezag|openbaar ministerie)\b", re.IGNORECASE)


@rule(id="S005", title="Criminal-offence data without Art. 10 authority", article="Art. 10",
      severity=Severity.ERROR, base="legal_obligation",
      bad="""data_categories: [name, criminal record certificate]
criminal_data: true
art10_authority: Applicant's consent and our group integrity policy""",
      good="""data_categories: [name, criminal record certificate]
criminal_data: true
art10_authority: Federal Central Criminal Register Act, section 30a""")
def art10_authority(a: Activity) -> Iterator[Hit]:
    """Personal data relating to criminal convictions and offences may be processed only
    under the control of official authority or when authorised by Union or Member State law
    providing appropriate safeguards (Art. 10). Consent, a contract or an internal policy
    (a code of conduct, a group integrity policy) authorise nothing under Art. 10: naming
    one of them as the authority, and no statute or official authority beside it, is an
    `error`. A statute of a third country is not Union or Member State law either: B032
    reports it (gdpr_lint/law/statutes.py)."""
    authority = a.text("art10_authority")
    if a.flag("criminal_data") and not authority:
        yield Hit(("criminal_data",), "add art10_authority: the law authorising this "
                  "processing, or the official authority in control")
        return
    if not authority:
        return
    if names_third_country_law(authority):
        return  # B032 reports a third country's law in every law field
    if _PRIVATE_GROUND.search(authority) and not _STATUTE.search(authority) and \
            not _OFFICIAL.search(authority):
        yield Hit(("art10_authority",), f"'{authority}' is not an Art. 10 authority: consent, "
                  "a contract or an internal policy do not authorise criminal-offence data; "
                  "name the Union or Member State law, or the official authority")


# "aged 13 to 17", "13-17-year-olds", "13+", "aged 14 and over": the youngest age named.
_AGE_RANGE = lazy_re(r"\b(\d{1,2}) ?(?:-|–|to|bis|à|a|tot|al) ?\d{1,2}\b|\b(\d{1,2}) ?\+|"
                     r"\b(?:aged|over|from|ab|dès|desde|dai|vanaf) (\d{1,2})\b", re.IGNORECASE)


def _youngest_named(subjects: list[str]) -> int | None:
    """The youngest age the data subject categories name, when each names one."""
    ages = []
    for subject in subjects:
        match = _AGE_RANGE.search(subject)
        if match is None:
            if _CHILD_HINT.search(subject):
                return None  # a category of children with no age: nothing to go on
            continue
        ages.append(int(next(g for g in match.groups() if g)))
    return min(ages) if ages else None


_CHILD_HINT = lazy_re(r"\b(child|children|minors?|kids?|pupils?|teen\w*|students?|players?|"
                      r"users?)\b", re.IGNORECASE)


def ages_table() -> list[str]:
    """The Art. 8(1) ages per member state, dated and sourced, for `explain S006`."""
    ages = data.load("member_state_ages.json")
    lines = [f"Art. 8(1) ages (as of {ages['as_of']}; default {ages['default']}; config "
             "`member_state` and an activity's `member_states` pick them: the highest "
             "applies)", f"Source: {ages['source']}", ""]
    for state, entry in sorted(ages["ages"].items()):
        lines.append(f"  {state}: {entry['age']} since {entry['since']} ({entry['law']}; "
                     f"checked: {entry['source']})")
        if data.disputed(entry):
            for reading in data.readings(entry):
                lines.append(f"      disputed, reading {reading['age']}: {reading['reading']} "
                             f"(sources: {'; '.join(reading['sources'])})")
        if entry.get("note"):
            lines.append(f"      note: {entry['note']}")
    return [*lines, ""]


def state_children(a: Activity, at: JsonPath, why: str) -> Iterator[Hit]:
    """An `info` when `children` is not declared but a data subject category names children
    (words only fill in what no field says, SPEC §11)."""
    named = a.children_named
    if named:
        yield Hit(at, f"'{named}' may name children: state children (true or false) so that "
                  f"{why} can be checked", Severity.INFO)


class _Art8Age:
    """The Art. 8(1) age that applies where the service is offered: the highest among the
    configured `member_state` and the activity's `member_states`; ``certain`` is the highest
    age every reading of a disputed entry agrees on."""

    def __init__(self, a: Activity) -> None:
        states = [a.ctx.config.member_state] if a.ctx.config.member_state else []
        eea = data.eea()
        states += [s for s in a.items("member_states")
                   if isinstance(s, str) and s in eea and s not in states]
        entries: list[tuple[str | None, dict[str, Any]]] = \
            [(state, data.consent_age_entry(state)) for state in states] or \
            [(None, data.consent_age_entry(None))]
        ranked = [(max(int(r["age"]) for r in data.readings(e)),
                   min(int(r["age"]) for r in data.readings(e)), state, e)
                  for state, e in entries]
        self.age, _, self.state, self.entry = max(ranked, key=lambda r: r[0])
        self.certain = max(low for _, low, _, _ in ranked)
        self.several = len(states) > 1

    def where(self) -> str:
        if self.state is None:
            return " (the GDPR default; set member_state in the configuration)"
        among = " (the highest age among the member states where it is offered)" \
            if self.several else ""
        return f" in {self.state} ({self.entry['law']}){among}"

    def dispute(self) -> str:
        if not data.disputed(self.entry):
            return ""
        ages = " or ".join(str(r["age"]) for r in data.readings(self.entry))
        return (f"; the age in {self.state} is disputed ({ages}; `gdpr-lint explain S006` "
                "gives the sources), so this is a warning")


# Parental "consent" that is an objection window or mere information: no one authorises
# anything (Art. 8(1): "given or authorised by the holder of parental responsibility"; EDPB
# Guidelines 05/2020 on consent, 7.1: silence or inactivity is no consent).
_NOT_PARENTAL_CONSENT = lazy_re(
    r"\b(may|can|could|have the right to|are free to) (object|refuse|opt[- ]out|decline)|"
    r"\bright to object\b|\bobject(ion)? within\b|\bunless (they|the parents?|a parent|"
    r"parents|guardians?) (object|refuse|opt[- ]out|decline|say no)|"
    r"\bif (they|the parents?|parents|no parent) (do not|don't|does not|doesn't) "
    r"(object|refuse|opt[- ]out|respond|reply)|\bno objection\b|"
    r"\b(are|is|get|gets|will be|being) (informed|notified|told|sent (a|an) (letter|"
    r"notice|e-?mail))\b|\b(inform|notify)(ing)? (the )?parents\b|"
    r"\b(deemed|presumed|implied|tacit)\b|"
    r"\bwiderspr\w*|\bwiderspruch\w*|\b(werden|wird) (informiert|benachrichtigt|"
    r"unterrichtet)\b|\bes sei denn\b[^.;]{0,40}?\b(widersprech\w*|ablehn\w*)|"
    r"\bsofern (sie|die eltern) nicht\b|"
    r"\b(peuvent|peut|pourront) s'opposer\b|\bopposition\b|\bsont (inform[ée]s|"
    r"avis[ée]s|pr[ée]venus)\b|\bsauf (opposition|refus)\b|"
    r"\b[àa] moins qu'ils\b[^.;]{0,40}?\b(s'opposent|refusent)\b|"
    r"\bpueden oponerse\b|\boposici[óo]n\b|\bson informad[oa]s\b|\bse (les )?informa\b|"
    r"\bsalvo (que se opongan|oposici[óo]n)\b|\ba menos que\b[^.;]{0,40}?\b(se opongan|rechacen)\b|"
    r"\bpossono opporsi\b|\bopposizione\b|\bsono informati\b|\bvengono informati\b|"
    r"\bsalvo (opposizione|rifiuto|diniego)\b|"
    r"\ba meno che\b[^.;]{0,40}?\b(si oppongano|rifiutino)\b|"
    r"\bbezwaar\b|\bworden ge[ïi]nformeerd\b|\bop de hoogte (gebracht|gesteld)\b|"
    r"\btenzij\b[^.;]{0,40}?\b(bezwaar|weiger\w*)", re.IGNORECASE)
# ... unless the text also says that a parent gives or confirms consent.
_GIVES_CONSENT = lazy_re(
    r"\b(consent(s|ed)? (is )?(given|obtained|recorded|confirmed|collected)|give[sn]? "
    r"(their )?consent|(parent|guardian)s?'?s?'? (consent|approval|confirmation)|"
    r"approv(e|es|ed|al)|authori[sz](e|es|ed|ation)|confirm(s|ed|ation)?|sign(s|ed)?|"
    r"opt(s|ed)?[- ]in|verified|einwillig\w*|zustimm\w*|genehmig\w*|best[äa]tig\w*|"
    r"donnent (leur )?(consentement|accord)|autoris\w*|consienten|autoriza\w*|"
    r"acconsent\w*|autorizza\w*|geven toestemming|toestemming (geven|gegeven)|"
    r"bevestig\w*)\b", re.IGNORECASE)


def not_parental_consent(text: str) -> str | None:
    """The words of ``text`` that describe an objection window or information rather than a
    parent's consent, unless the text also says a parent gives or confirms it."""
    match = _NOT_PARENTAL_CONSENT.search(text)
    if match is None:
        return None
    strong = match.group(0).lower().startswith((
        "deemed", "presumed", "implied", "tacit", "unless", "if ", "no objection",
        "es sei denn", "sofern", "à moins", "a moins", "sauf", "salvo", "a menos", "a meno",
        "tenzij"))
    return match.group(0) if strong or not _GIVES_CONSENT.search(text) else None


_CHILD_CONSENT = """children: true
information_society_service: true
children_min_age: 13
consent:
  how_obtained: Unticked checkbox on the signup form, confirmed by double opt-in
  records: consent_log table (timestamp, form version)
  withdrawal: Unsubscribe link in every email
  parental_consent: """


@rule(id="S006", title="Children's consent without parental consent",
      article="Art. 8(1)", severity=Severity.ERROR, reference=ages_table,
      bad=_CHILD_CONSENT + "Parents are informed by email and may object within 14 days",
      good=_CHILD_CONSENT + "Under-16s sign up through a parent's verified account")
def parental_consent(a: Activity) -> Iterator[Hit]:
    """Art. 8(1) applies where consent is the basis for an information society service
    offered directly to a child: below the age the Member State sets (13 to 16, default 16),
    consent is lawful only if given or authorised by the holder of parental responsibility,
    with reasonable efforts to verify it (Art. 8(2)). A service offered in several Member
    States meets the highest of their ages (config `member_state` and the activity's
    `member_states`). Telling parents, or leaving them a window to object, is not their
    consent (EDPB Guidelines 05/2020, 7.1): `consent.parental_consent` that describes only
    that is an `error`. The children are the declared ones (`children: true`): a data subject
    category that names children while `children` is absent gives an `info` asking to state
    it. Art. 8 does not apply when the youngest users (`children_min_age`) are at or above
    the age, nor to services not offered online to the children themselves
    (`information_society_service: false`). When the record does not say, a `warning` asks
    it to. Where the age of a member state is disputed (dated data), a finding that holds
    only under one reading is a `warning` that says so."""
    if a.basis != "consent":
        return
    if not a.flag("children"):
        if a.get("information_society_service") is not False:
            yield from state_children(a, (), "Art. 8 (parental consent)")
        return
    art8 = _Art8Age(a)
    declared = a.get("children_min_age")
    youngest = declared if isinstance(declared, int) and not isinstance(declared, bool) \
        else _youngest_named(a.subjects)
    if youngest is not None and youngest >= art8.age:
        return
    service = a.get("information_society_service")
    if service is False:
        return
    parental = a.text("consent", "parental_consent")
    objection = not_parental_consent(parental) if parental else None
    if parental and not objection:
        return
    disputed = youngest is not None and youngest >= art8.certain
    severity = Severity.WARNING if disputed else None
    if service is None:
        yield Hit((), "children give consent here: state information_society_service (is the "
                  "service offered online directly to them?), and if so children_min_age, so "
                  f"Art. 8 can be checked (age {art8.age}{art8.where()})", Severity.WARNING)
        return
    if objection:
        yield Hit(("consent", "parental_consent"), f"'{objection}': parental_consent describes "
                  f"an objection or information, not consent: below {art8.age}{art8.where()}, "
                  "a parent must give or authorise the consent, and silence or a missed "
                  "objection is not consent (Art. 8(1); EDPB Guidelines 05/2020)"
                  f"{art8.dispute() if disputed else ''}", severity)
        return
    at = ("children_min_age",) if isinstance(declared, int) else ("consent",)
    yield Hit(at, f"children under {art8.age}{art8.where()} cannot consent alone to an "
              "information society service: add consent.parental_consent (how it is obtained "
              "and verified), or state children_min_age if none is younger (Art. 8)"
              f"{art8.dispute() if disputed else ''}", severity)


@rule(id="S007", title="Children profiled for direct marketing",
      article="Recitals 38, 71; Art. 21(2)", severity=Severity.WARNING, base="legitimate_interests",
      bad="""data_subjects: [customers, children of customers]
children: true
direct_marketing: true
profiling: true
legitimate_interests:
  interest: Recommending products families buy
  lia:
    purpose_test: Marketing to existing customers is a legitimate interest (Recital 47)
    necessity_test: Purchase history is the least data that selects relevant offers
    balancing_test: Offers go to the parent account; opt-out in every message
    children: Children's purchases are not used for the recommendations
    assessed_on: 2026-06-01
dpia: {reference: DPIA-2026-03 family recommendations, date: 2026-03-02}""",
      good="""direct_marketing: true
legitimate_interests:
  interest: Recommending products customers buy
  lia:
    purpose_test: Marketing to existing customers is a legitimate interest (Recital 47)
    necessity_test: Purchase history is the least data that selects relevant offers
    balancing_test: Adult customers only; opt-out in every message; no profiling
    assessed_on: 2026-06-01""")
def children_marketing(a: Activity) -> Iterator[Hit]:
    """Children merit specific protection, in particular when their data are used for
    marketing or to create profiles (Recital 38); profiling measures "should not concern a
    child" (Recital 71). The EDPB/WP29 guidelines on profiling (WP251 rev.01) say controllers
    should in general refrain from profiling children for marketing. Direct marketing to
    children under legitimate interests without profiling is an `info` when the assessment
    weighs the children (`lia.children`; L006 covers its absence). The children are the
    declared ones (`children: true`); a data subject category that names children while
    `children` is absent gives an `info` asking to state it."""
    if not a.flag("direct_marketing"):
        return
    if not a.flag("children"):
        if a.flag("profiling"):
            yield from state_children(a, ("profiling",), "profiling children for marketing "
                                      "(Recitals 38, 71)")
        return
    if a.flag("profiling"):
        yield Hit(("profiling",), "children are profiled for direct marketing: controllers "
                  "should in general refrain (Recitals 38, 71; WP251 rev.01), and online "
                  "platforms may not show minors ads based on profiling (DSA, Regulation (EU) "
                  "2022/2065, Art. 28(2)): exclude children from the profiling, or stop it")
    elif a.basis == "legitimate_interests" and a.text("legitimate_interests", "lia",
                                                      "children"):
        yield Hit(("direct_marketing",), "direct marketing reaches children: check the "
                  "balancing test's weight for them stays right (Recital 38)", Severity.INFO)


_EMPLOYMENT = lazy_re(
    r"\b(employees?|staff|workers?|personnel|workforce|applicants?|candidates?|"
    r"apprentices?|trainees?|interns?|officials?|civil servants?|pensioners?|retirees?|"
    r"beneficiar(y|ies)|claimants?|insured|benefit recipients?|dependants?|dependents?|"
    r"family members?|recipients of (benefits|social)|social (security|protection)|"
    r"besch[äa]ftigte\w*|mitarbeite\w*|arbeitnehmer\w*|bewerber\w*|versicherte\w*|"
    r"salari[ée]s?|employ[ée]s?|agents?|candidats?|allocataires?|assur[ée]s?|empleados?|"
    r"trabajadores?|dipendenti|lavoratori|werknemers?|medewerkers?|personeel)\b",
    re.IGNORECASE)


@rule(id="S008", title="Art. 9(2) condition that does not fit the processing",
      article="Art. 9(2)(b); Art. 9(2)(e)", severity=Severity.WARNING, base="contract",
      bad="""data_categories: [name, health questionnaire]
special_categories: [health]
art9_condition: employment_social_security
art9_reference: Insurance Contracts Act, section 19""",
      good="""data_subjects: [employees]
data_categories: [name, sick notes]
special_categories: [health]
art9_condition: employment_social_security
art9_reference: Continued Remuneration Act (EFZG), section 5
dpia: {reference: DPIA-2025-07 HR absence management, date: 2025-07-01}""")
def condition_fits(a: Activity) -> Iterator[Hit]:
    """Art. 9(2)(b) covers obligations and rights in employment, social security and social
    protection law: its data subjects are employees, applicants, beneficiaries and their
    families, not customers. Art. 9(2)(e) lifts the prohibition for data the person has
    manifestly made public, but not for advertising or profiling on them (CJEU C-252/21
    *Meta*, paras 76-85: visiting sites or apps is not making data public, and the processing
    must still be necessary and lawful). A `warning` to review the condition."""
    condition = a.text("art9_condition")
    if condition == "employment_social_security" and a.subjects and \
            not any(_EMPLOYMENT.search(s) for s in a.subjects):
        yield Hit(("art9_condition",), "Art. 9(2)(b) covers employment, social security and "
                  "social protection; none of the data subjects is an employee or a "
                  "beneficiary: review the condition")
    elif condition == "made_public" and (a.flag("direct_marketing") or a.flag("profiling")):
        yield Hit(("art9_condition",), "data made public by the person (Art. 9(2)(e)) are not "
                  "thereby open to advertising or profiling (C-252/21 Meta): rely on "
                  "explicit_consent")
