"""S: special categories (Art. 9), criminal data (Art. 10) and children's consent (Art. 8)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from gdpr_lint.law import data
from gdpr_lint.lint.findings import Severity
from gdpr_lint.lint.lazyre import Prefilter, cached_fold, compiled, fold, lazy_re
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


_NOTIFIABLE = """purposes: [Report notifiable diseases to the public health office]
data_subjects: [patients]
data_categories: [name, notifiable disease, date of diagnosis]
special_categories: [health]
art9_condition: public_health
legal_obligation: {law: Infection Protection Act (IfSG) section 8}"""


@rule(id="S002", title="Art. 9(2) condition without the law behind it",
      article="Art. 9(2)(b), (g)-(j)", severity=Severity.ERROR, base="legal_obligation",
      bad=_NOTIFIABLE, good=_NOTIFIABLE + "\nart9_reference: Infection Protection Act (IfSG) "
                                        "sections 6 and 9")
def art9_reference(a: Activity) -> Iterator[Hit]:
    """Conditions (b), (g), (h), (i) and (j) of Art. 9(2) apply only on the basis of Union
    or Member State law that provides suitable safeguards; (b) also under a collective
    agreement, and (h) also "pursuant to contract with a health professional", subject to
    the professional secrecy of Art. 9(3). Name the law, the agreement or the contract."""
    condition = a.text("art9_condition")
    if condition not in NEEDS_LAW or a.text("art9_reference"):
        return
    if condition == "health_or_social_care" and a.basis == "contract" and \
            a.text("contract", "reference"):
        return  # a treatment contract with a health professional (Art. 9(2)(h), 9(3))
    extra = {"employment_social_security": ", or the collective agreement",
             "health_or_social_care": ", or the contract with a health professional and the "
                                      "professional secrecy that binds them (Art. 9(3))"}
    yield Hit(("art9_condition",), f"Art. 9(2)({NEEDS_LAW[condition]}) needs Union or "
              f"Member State law{extra.get(condition, '')}: add art9_reference naming it")


@rule(id="S003", title="Data category looks like special-category or criminal data",
      article="Art. 9(1); Art. 10", severity=Severity.WARNING, base="contract",
      bad="data_categories: [name, allergies]",
      good="data_categories: [name, device fingerprint, race results, health and safety "
           "training]")
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
    Recital 51). A heuristic over free text: a `warning`."""
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


_PRIVATE_GROUND = lazy_re(r"\b(consent\w*|einwilligung\w*|consentement|consentimiento|"
                             r"consenso|toestemming|policy|policies|agreement|contract|"
                             r"code of conduct|terms)\b", re.IGNORECASE)
_STATUTE = lazy_re(r"\b(act|law|code(?! of conduct)|gesetz\w*|\w+gesetz|loi|ley|legge|wet|"
                      r"decree|d\.? ?lgs|ordinance|regulation|directive|statute)\b|§|"
                      r"(?-i:\b[A-Z][A-Za-z]*G\b)", re.IGNORECASE)


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
    authority = a.text("art10_authority")
    if a.flag("criminal_data") and not authority:
        yield Hit(("criminal_data",), "add art10_authority: the law authorising this "
                  "processing, or the official authority in control")
    elif authority and _PRIVATE_GROUND.search(authority) and not _STATUTE.search(authority):
        yield Hit(("art10_authority",), f"'{authority}' is not an Art. 10 authority: consent, "
                  "a contract or an internal policy do not authorise criminal-offence data; "
                  "name the Union or Member State law, or the official authority",
                  Severity.WARNING)


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
             "`member_state` picks one)", f"Source: {ages['source']}", ""]
    for state, entry in sorted(ages["ages"].items()):
        lines.append(f"  {state}: {entry['age']} since {entry['since']} ({entry['law']}; "
                     f"checked: {entry['source']})")
        if entry.get("note"):
            lines.append(f"      note: {entry['note']}")
    return [*lines, ""]


@rule(id="S006", title="Children's consent without parental consent",
      article="Art. 8(1)", severity=Severity.ERROR, reference=ages_table,
      bad="children: true\ninformation_society_service: true\nchildren_min_age: 13",
      good="""children: true
information_society_service: true
children_min_age: 13
consent:
  how_obtained: Unticked checkbox on the signup form, confirmed by double opt-in
  records: consent_log table (timestamp, form version)
  withdrawal: Unsubscribe link in every email
  parental_consent: Under-16s sign up through a parent's verified account""")
def parental_consent(a: Activity) -> Iterator[Hit]:
    """Art. 8(1) applies where consent is the basis for an information society service
    offered directly to a child: below the age the Member State sets (13 to 16, default 16;
    config `member_state`), consent is lawful only if given or authorised by the holder of
    parental responsibility, with reasonable efforts to verify it (Art. 8(2)). It does not
    apply when the youngest users (`children_min_age`) are at or above that age, nor to
    services not offered online to the children themselves (a parent enrolling a child in
    an employee benefit: `information_society_service: false`). When the record does not
    say, a `warning` asks it to."""
    if a.basis != "consent" or not a.has_children or a.text("consent", "parental_consent"):
        return
    state = a.ctx.config.member_state
    entry = data.consent_age_entry(state)
    age = int(entry["age"])
    where = f" in {state} ({entry['law']})" if state else \
        " (the GDPR default; set member_state in the configuration)"
    declared = a.get("children_min_age")
    youngest = declared if isinstance(declared, int) and not isinstance(declared, bool) \
        else _youngest_named(a.subjects)
    if youngest is not None and youngest >= age:
        return
    service = a.get("information_society_service")
    if service is False:
        return
    if service is None:
        yield Hit((), "children give consent here: state information_society_service (is the "
                  "service offered online directly to them?), and if so children_min_age, so "
                  f"Art. 8 can be checked (age {age}{where})", Severity.WARNING)
        return
    at = ("children_min_age",) if isinstance(declared, int) else ("consent",)
    yield Hit(at, f"children under {age}{where} cannot consent alone to an information "
              "society service: add consent.parental_consent (how it is obtained and "
              "verified), or state children_min_age if none is younger (Art. 8)")


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
    weighs the children (`lia.children`; L006 covers its absence)."""
    if not a.has_children or not a.flag("direct_marketing"):
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
