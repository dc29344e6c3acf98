"""B: the lawful basis of processing (Art. 6)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from gdpr_lint.law.statutes import names_third_country_law
from gdpr_lint.lint.findings import Severity
from gdpr_lint.lint.lazyre import lazy_re
from gdpr_lint.lint.model import Activity
from gdpr_lint.rules.registry import Fix, Hit, rule

if TYPE_CHECKING:
    from gdpr_lint.edit.textedit import Edit
    from gdpr_lint.lint.loader import Document, JsonPath

BASES = ("consent", "contract", "legal_obligation", "vital_interests", "public_task",
         "legitimate_interests")
# The controller's own staff and applicants: the word, then (B012) a check that nothing
# before or after it makes them someone else's ("loan applicants", "customer staff").
_EMPLOYEES = lazy_re(r"\b(employees?|staff( members?)?|workers?|personnel|workforce|"
                        r"(job )?applicants?|candidates?|recruits?|interns?|trainees?|"
                        r"apprentices?|colleagues?)\b", re.IGNORECASE)
_OTHERS_BEFORE = lazy_re(
    r"(\b(customers?|clients?|suppliers?|vendors?|partners?|tenants?|patients?|members?|"
    r"users?|visitors?|guests?|contractors?|subcontractors?|third[- ]part(y|ies)|loan|"
    r"mortgage|credit|visa|grant|tenancy|rental|housing|scholarship|benefits?|insurance|"
    r"account|card|permit|licen[cs]e|programme|program|course|admissions?|membership|"
    r"franchisees?|dealers?|retailers?|carriers?|merchants?|election|electoral|political|"
    r"business(es)?)|'s?|s')\s*$", re.IGNORECASE)
_OTHERS_AFTER = lazy_re(
    r"^\s+(of|at|from|for|with|working for|employed by)\s+(\w+\s+){0,3}?(customers?|clients?|"
    r"suppliers?|vendors?|partners?|contractors?|subcontractors?|tenants?|third[- ]part(y|ies)|"
    r"merchants?|retailers?|dealers?|franchisees?|member companies|other companies|"
    r"loans?|credit|mortgages?|housing|benefits?|visas?|grants?|membership|accounts?|cards?|"
    r"permits?|licen[cs]es?|scholarships?|tenanc(y|ies)|insurance|places?|admissions?)\b",
    re.IGNORECASE)


def nearest_basis(value: str) -> str | None:
    """`legitimate interest` -> `legitimate_interests`; None when nothing is close."""
    words = re.sub(r"[^a-z]+", "_", value.lower()).strip("_")
    for basis in BASES:
        if words in (basis, basis.rstrip("s"), basis.replace("_", "")):
            return basis
    import difflib  # only for a basis that is not one

    close = difflib.get_close_matches(words, BASES, n=1, cutoff=0.5)
    return close[0] if close else None



def _missing(a: Activity, section: str, needs: dict[str, str]) -> Iterator[Hit]:
    """A finding for each field of ``section`` that is absent or empty, saying what it is."""
    for name, what in needs.items():
        if not a.text(section, name):
            yield Hit((section, name), f"add {section}.{name}: {what}")


@rule(id="B001", title="No lawful basis", article="Art. 6(1); Art. 5(2)",
      severity=Severity.ERROR, covers=("lawful_basis",),
      bad="lawful_basis: ~", good="lawful_basis: consent")
def basis_required(a: Activity) -> Iterator[Hit]:
    """Processing is lawful only if and to the extent that at least one of the six bases
    of Art. 6(1) applies, and the basis must be determined and documented before processing
    starts; it cannot be swapped afterwards (Art. 5(2), accountability). An Art. 9(2)
    condition for special-category data is needed in addition to a basis, never instead."""
    if a.get("lawful_basis") in (None, ""):
        hint = (f" (art9_condition '{a.text('art9_condition')}' is an Art. 9(2) condition, "
                "needed in addition to a basis, not instead of one)"
                if a.text("art9_condition") else "")
        yield Hit(("lawful_basis",), "add lawful_basis: one of " + ", ".join(BASES) + hint)


def _basis_fix(doc: Document, path: JsonPath) -> list[Edit]:
    from gdpr_lint.edit.edits import enum_value, replace_scalar, scalar_at

    found = scalar_at(doc, path)
    near = enum_value(found[1], list(BASES)) if found else None
    return replace_scalar(doc, path, near) if near else []


BASIS_FIX = Fix("write the lawful basis as the schema spells it (`Consent` -> `consent`, "
                "`legitimate interest` -> `legitimate_interests`)", _basis_fix)


@rule(id="B002", title="Lawful basis is not one of the six", article="Art. 6(1)",
      severity=Severity.ERROR, covers=("lawful_basis",),
      bad="lawful_basis: legitimate interest", good="lawful_basis: consent", fix=BASIS_FIX)
def basis_known(a: Activity) -> Iterator[Hit]:
    """Art. 6(1) lists exactly six lawful bases: consent, contract, legal obligation, vital
    interests, public task and legitimate interests. Each activity documents exactly one;
    purposes that need different bases are separate activities, because the basis decides
    which rights the data subjects have."""
    value = a.get("lawful_basis")
    if value in (None, "") or value in BASES:
        return
    if isinstance(value, list):
        yield Hit(("lawful_basis",), "give exactly one lawful_basis; purposes that need "
                  "different bases are separate activities")
        return
    near = nearest_basis(str(value))
    hint = f"; did you mean '{near}'?" if near else ""
    yield Hit(("lawful_basis",), f"'{value}' is not a lawful basis{hint} "
              f"(one of {', '.join(BASES)})")


@rule(id="B010", title="Consent not documented", article="Art. 7(1); Art. 7(3)",
      severity=Severity.ERROR,
      bad="consent: {how_obtained: Checkbox on the signup form}",
      good="consent: {how_obtained: Unticked checkbox on the signup form, "
           "records: consent_log table, withdrawal: Unsubscribe link in every email}")
def consent_documented(a: Activity) -> Iterator[Hit]:
    """Where processing rests on consent, the controller must be able to demonstrate that the
    data subject consented (Art. 7(1)): how consent was asked for and where it is recorded.
    Withdrawing must be as easy as giving consent (Art. 7(3)), so the way to withdraw is
    part of the record."""
    if a.basis != "consent":
        return
    needs = {"how_obtained": "how consent is asked for and given",
             "records": "where consent is recorded, to demonstrate it (Art. 7(1))",
             "withdrawal": "how consent is withdrawn, as easily as given (Art. 7(3))"}
    yield from _missing(a, "consent", needs)


def own_staff(subject: str) -> bool:
    """The data subject category names the controller's own staff or job applicants, not
    someone else's staff or applicants for something else (`loan applicants`)."""
    for match in _EMPLOYEES.finditer(subject):
        before, after = subject[:match.start()], subject[match.end():]
        if _OTHERS_BEFORE.search(before) or _OTHERS_AFTER.match(after):
            continue
        return True
    return False


@rule(id="B012", title="Consent from employees, job applicants or to a public authority",
      article="Recital 43; Art. 4(11); Art. 7(4)", severity=Severity.WARNING,
      bad="data_subjects: [employees]", good="data_subjects: [subscribers, customer staff]")
def consent_imbalance(a: Activity) -> Iterator[Hit]:
    """Consent is not freely given where there is a clear imbalance of power between the
    data subject and the controller (Recital 43), as between employer and employee or job
    applicant, or a public authority and the public (EDPB Guidelines 05/2020 on consent,
    3.1.1). Prefer contract, legal obligation, public task or legitimate interests, or
    document why refusing has no consequence (suppress with that reason). Only the
    controller's own staff and applicants count: `loan applicants` or `customer staff` are
    not in that relation."""
    if a.basis != "consent":
        return
    for index, subject in enumerate(a.items("data_subjects")):
        if isinstance(subject, str) and own_staff(subject):
            yield Hit(("data_subjects", index), f"consent from '{subject}' is rarely free "
                      "(imbalance of power, Recital 43): choose another basis, or suppress "
                      "with the reason refusal has no consequence")
            return
    if a.public_authority:
        yield Hit(("lawful_basis",), "a public authority relies on consent: review whether "
                  "people can refuse without any consequence (Recital 43; EDPB Guidelines "
                  "05/2020, 3.1.1), else use public_task")


@rule(id="B020", title="Contract basis not documented", article="Art. 6(1)(b)",
      severity=Severity.ERROR, base="contract",
      bad="contract: {reference: Terms of sale}",
      good="contract: {reference: Terms of sale section 3, necessity: No delivery without "
           "an address}")
def contract_documented(a: Activity) -> Iterator[Hit]:
    """Art. 6(1)(b) covers only processing objectively necessary to perform a contract with
    the data subject, or to take steps they asked for before entering into one (EDPB
    Guidelines 2/2019). Name the contract or step, and say why the processing is necessary
    for it rather than merely useful."""
    if a.basis != "contract":
        return
    needs = {"reference": "which contract, or which pre-contractual step",
             "necessity": "why the processing is objectively necessary to perform it"}
    yield from _missing(a, "contract", needs)


@rule(id="B021", title="Direct marketing on the contract basis", article="Art. 6(1)(b); Art. 21(2)",
      severity=Severity.ERROR, base="contract",
      bad="direct_marketing: true\nrights: [access, rectification, erasure, restriction, "
          "portability, object, complaint]",
      good="direct_marketing: false")
def contract_not_marketing(a: Activity) -> Iterator[Hit]:
    """Direct marketing is not necessary to perform a contract with the data subject, even
    when the contract mentions it (EDPB Guidelines 2/2019). Marketing is a separate
    activity on consent or legitimate interests, with the right to object."""
    if a.basis == "contract" and a.flag("direct_marketing"):
        yield Hit(("direct_marketing",), "direct marketing is not necessary for a contract: "
                  "declare it as its own activity on consent or legitimate_interests")


def _law(a: Activity, section: str, article: str) -> Iterator[Hit]:
    if a.basis == section and not a.text(section, "law"):
        yield Hit((section, "law"), f"add {section}.law: the EU or Member State provision "
                  f"that lays it down ({article})")


@rule(id="B030", title="Legal obligation without the law", article="Art. 6(1)(c); Art. 6(3)",
      severity=Severity.ERROR, base="legal_obligation",
      bad="legal_obligation: {}",
      good="legal_obligation: {law: German Fiscal Code (AO) section 147}")
def legal_obligation_law(a: Activity) -> Iterator[Hit]:
    """The legal obligation must be laid down by Union or Member State law to which the
    controller is subject (Art. 6(3)). A record that says only "legal obligation" cannot be
    checked: name the provision."""
    yield from _law(a, "legal_obligation", "Art. 6(3)")


@rule(id="B031", title="Public task without the law", article="Art. 6(1)(e); Art. 6(3)",
      severity=Severity.ERROR, base="public_task",
      bad="public_task: {}", good="public_task: {law: Municipal Libraries Act section 4}")
def public_task_law(a: Activity) -> Iterator[Hit]:
    """A task carried out in the public interest or in the exercise of official authority
    must have a basis in Union or Member State law (Art. 6(3)). Name the provision that
    gives the controller the task."""
    yield from _law(a, "public_task", "Art. 6(3)")


@rule(id="B040", title="Vital interests without justification", article="Art. 6(1)(d); Recital 46",
      severity=Severity.ERROR, base="vital_interests",
      bad="vital_interests: {}",
      good="vital_interests: {justification: The visitor cannot consent when unconscious}")
def vital_interests_justified(a: Activity) -> Iterator[Hit]:
    """Vital interests protect someone's life. Recital 46 allows the basis in principle only
    where the processing cannot manifestly be based on another basis, so the record says
    why no other basis can apply."""
    if a.basis == "vital_interests" and not a.text("vital_interests", "justification"):
        yield Hit(("vital_interests", "justification"), "add vital_interests.justification: "
                  "why no other basis can apply (Recital 46)")


# B011: consent that is not an affirmative act (Art. 4(11); Recital 32; C-673/17 Planet49).
_NOT_AFFIRMATIVE = lazy_re(
    r"\b(pre[- ]?(ticked|checked|selected|filled|enabled|activated)|"
    r"(ticked|checked|selected|enabled|on|opted[- ]in) by default|default(s|ed)? to (yes|on|"
    r"opt[- ]?in|consent)|auto(matically)?[- ](opted[- ]in|enrolled|subscribed|included)|"
    r"(opted|signed|subscribed|enrolled)[- ](in|up)? ?(automatically|by default)|"
    r"already (ticked|checked|selected)|automatic(ally)? (consent|enrol\w*)|"
    r"assum(ed|es|ing)|"
    r"opt[- ]?out(?!\s+(link|button|option|page|form|mechanism|at any time|anytime|later|"
    r"whenever|in every|in each|in all|of|from))|unless (they|the user|users|customers|"
    r"visitors|members|people|subscribers|recipients) (object|opt|untick|decline)|"
    r"implied|implicit(ly)?|inferred|deemed|presumed|tacit(ly)?|silence|inactivity|"
    r"(by|when|through|on) (continu(ing|ed)|further) (to )?(use|using|brows(e|ing)|"
    r"navigat(e|ing|ion)|scroll(ing)?|visit(ing)?)|continu(ed|ing) (use|brows(e|ing)|"
    r"navigation|scrolling)|by (using|visiting|browsing|accessing) (this|the|our) "
    r"(site|website|web ?site|app|service|page)|vorangekreuzt|voreingestellt|"
    r"stillschweigend|pr[ée][- ]?coch[ée]e?s?|consentement implicite|en poursuivant (votre|"
    r"la) navigation|premarcad[ao]s?|consentimiento t[áa]cito|preselezionat[ao]|"
    r"consenso implicito|vooraf aangevinkt)", re.IGNORECASE)
_BUNDLED = lazy_re(r"\bby (accepting|agreeing to|signing) (our|the) (general )?(terms|t&cs?|"
                      r"conditions|privacy policy|contract)\b", re.IGNORECASE)
_SOFT_OPT_IN = lazy_re(r"\bsoft[- ]opt[- ]?in\b", re.IGNORECASE)
# A negation just before the words ("not pre-ticked", "no boxes are pre-ticked"), or just
# after them ("continuing to browse is not treated as consent").
_NEGATED_BEFORE = lazy_re(
    r"(\b(not|no|never|without|nor|neither|non|instead of|rather than|ohne|nicht|kein\w*|"
    r"pas|sans|jamais|sin|senza|niet|geen|zonder)\b|n't)\W+(\w+\W+)?$|"
    r"\b(no|none|nothing|neither|kein\w*|aucune?|ning[uú]n\w*|nessun\w*|geen)\b"
    r"(\W+\w+){0,3}\W+(is|are|was|were|be|been|being|ist|sind|est|sont|es|son|è|sono|is|zijn)"
    r"\W+$", re.IGNORECASE)
_NEGATED_AFTER = lazy_re(
    r"^\W*(\w+\W+){0,3}?(is|are|does|do|did|will|shall|must|can|may|counts?)\s+(not|never)\b|"
    r"^\W*(\w+\W+){0,3}?(isn't|aren't|doesn't|don't|never|is never|are never)\b|"
    r"^\W*(is|are)\s+(not used|never used|prohibited|forbidden|excluded|ruled out)\b",
    re.IGNORECASE)
_CLAUSE_END = lazy_re(r"[.;:!?\n]")


def _clause(text: str, start: int, end: int) -> tuple[str, str]:
    """The text of the same clause before and after a match."""
    before = _CLAUSE_END.split(text[:start])[-1]
    after = _CLAUSE_END.split(text[end:])[0]
    return before, after


def not_affirmative(how: str) -> str | None:
    """The words of ``how`` that describe consent without an affirmative act, unless negated."""
    for match in _NOT_AFFIRMATIVE.finditer(how):
        before, after = _clause(how, match.start(), match.end())
        if _NEGATED_BEFORE.search(before) or _NEGATED_AFTER.match(after):
            continue
        return match.group(0)
    return None


@rule(id="B011", title="Consent without an affirmative act",
      article="Art. 4(11); Art. 7(2); Recital 32", severity=Severity.ERROR,
      bad="""consent:
  how_obtained: Pre-ticked box on the signup form
  records: consent_log table (timestamp, form version)
  withdrawal: Unsubscribe link in every email""",
      good="""consent:
  how_obtained: Checkbox on the signup form, not pre-ticked; confirmed by double opt-in
  records: consent_log table (timestamp, form version)
  withdrawal: Opt-out link in every email""")
def affirmative_act(a: Activity) -> Iterator[Hit]:
    """Consent is a clear affirmative act (Art. 4(11)): "silence, pre-ticked boxes or
    inactivity should not therefore constitute consent" (Recital 32; CJEU C-673/17
    *Planet49*). Continuing to browse or scroll is not consent either (EDPB Guidelines
    05/2020, 3.4), nor is an opt-out. Words that deny it ("not pre-ticked", "unticked") are
    fine, and an opt-out link is the right way to withdraw (Art. 7(3)). The "soft opt-in" of
    ePrivacy Art. 13(2) is not consent: e-mail marketing to existing customers rests on
    legitimate interests (Recital 47), with an objection offered at every message."""
    if a.basis != "consent" and a.text("art9_condition") != "explicit_consent":
        return
    how = a.text("consent", "how_obtained")
    if not how:
        return
    bundled = _BUNDLED.search(how)
    if bundled and not _NEGATED_BEFORE.search(how[:bundled.start()]):
        yield Hit(("consent", "how_obtained"), f"'{bundled.group(0)}': consent bundled with "
                  "terms is not specific or free; ask for it separately (Art. 7(2), 7(4); "
                  "Recital 43; EDPB Guidelines 05/2020, 3.1.2)", Severity.WARNING)
        return
    soft = _SOFT_OPT_IN.search(how)
    if soft and not _NEGATED_BEFORE.search(how[:soft.start()]):
        yield Hit(("consent", "how_obtained"), "a soft opt-in is not consent: e-mail marketing "
                  "to existing customers (ePrivacy Art. 13(2)) rests on legitimate_interests "
                  "(Recital 47), with the right to object at every message")
        return
    words = not_affirmative(how)
    if words:
        yield Hit(("consent", "how_obtained"), f"'{words}' is not consent: consent needs a "
                  "clear affirmative act, never pre-ticked boxes, silence, inactivity, an "
                  "opt-out or continued browsing (Art. 4(11); Recital 32; C-673/17 Planet49)")


@rule(id="B013", title="Consent as a condition of the service",
      article="Art. 7(4); Art. 4(11)", severity=Severity.ERROR,
      bad="""consent:
  how_obtained: Unticked checkbox on the signup form
  records: consent_log table (timestamp, form version)
  withdrawal: Unsubscribe link in every email
  condition_of_service: true""",
      good="""consent:
  how_obtained: Unticked checkbox on the signup form
  records: consent_log table (timestamp, form version)
  withdrawal: Unsubscribe link in every email
  condition_of_service: false""")
def not_conditional(a: Activity) -> Iterator[Hit]:
    """Consent is presumed not freely given when the performance of a contract or service is
    made conditional on consent to processing it does not need (Art. 7(4); Recital 43; EDPB
    Guidelines 05/2020, 3.1.2). Offering an equivalent option without the processing can
    answer that, but only if it is genuinely equivalent, if need be for an appropriate fee
    (CJEU C-252/21 *Meta*, para 150; EDPB Opinion 08/2024): a `warning` to confirm it."""
    if a.basis != "consent" or not a.flag("consent", "condition_of_service"):
        return
    alternative = a.text("consent", "alternative")
    if not alternative:
        yield Hit(("consent", "condition_of_service"), "consent asked as a condition of the "
                  "service is presumed not free (Art. 7(4)): offer the service without this "
                  "processing and describe it in consent.alternative, or use another basis")
    else:
        yield Hit(("consent", "alternative"), "confirm the alternative is genuinely "
                  "equivalent (same service, no detriment, an appropriate fee at most: "
                  "C-252/21 para 150; EDPB Opinion 08/2024), then suppress with that reason",
                  Severity.WARNING)


_ONLINE = lazy_re(r"\b(online|on-?line|web|website|site|app|click|checkbox|check box|tick|"
                     r"toggle|switch|button|banner|web ?form|online form|sign[- ]?up|e-?mail|"
                     r"link|portal|account|settings|dashboard|unsubscribe|sms|text message|reply|"
                     r"preference (centre|center))\b|@|https?://", re.IGNORECASE)
_OFFLINE = lazy_re(r"\b(post|postal|letter|by mail|registered mail|in writing|written "
                      r"request|phone|telephone|call(ing)?|hotline|fax|in person|in-person|"
                      r"visit|at (the|our) (office|branch|counter|store|shop))\b",
                      re.IGNORECASE)


_PAPER = lazy_re(r"\b(paper|signed|signature|in person|in-person|at the (counter|desk|front "
                    r"desk|reception|branch)|by post|letter|by phone|telephone|verbal(ly)?|"
                    r"orally)\b", re.IGNORECASE)


@rule(id="B014", title="Withdrawing consent is harder than giving it", article="Art. 7(3)",
      severity=Severity.WARNING,
      bad="""consent:
  how_obtained: Unticked checkbox on the signup form
  records: consent_log table (timestamp, form version)
  withdrawal: By registered letter to our head office""",
      good="""consent:
  how_obtained: Unticked checkbox on the signup form
  records: consent_log table (timestamp, form version)
  withdrawal: Unsubscribe link in every email, or untick the box in the account settings""")
def easy_withdrawal(a: Activity) -> Iterator[Hit]:
    """"It shall be as easy to withdraw as to give consent" (Art. 7(3)): consent given with
    a click is withdrawn with a click, not by letter or on the phone (EDPB Guidelines
    05/2020, 5.2)."""
    if a.basis != "consent" and a.text("art9_condition") != "explicit_consent":
        return
    how, withdrawal = a.text("consent", "how_obtained"), a.text("consent", "withdrawal")
    if not how or not withdrawal:
        return
    if _PAPER.search(how):
        return  # given on paper or in person: withdrawing the same way is as easy
    if _OFFLINE.search(withdrawal) and _ONLINE.search(how) and not _ONLINE.search(withdrawal):
        yield Hit(("consent", "withdrawal"), "consent is given online but withdrawn only "
                  "offline: offer the same online way to withdraw (Art. 7(3))")


_ADVERTISING = lazy_re(
    r"\b(advertis(ing|ements?|ers?)|marketing|ads|adverts?|ad (targeting|personali[sz]ation|"
    r"campaigns?|serving|delivery)|(personali[sz]ed|targeted|behaviou?ral|tailored) "
    r"(ads?|adverts?|offers|promotions)|promotional|remarketing|retargeting|"
    r"Werbung|publicit[ée]|publicidad|pubblicit[àa]|reclame)\b(?!\s+(platform|tool|"
    r"software|suite|automation (platform|software|tool)|agency|preferences|opt-?out|"
    r"consent|service we (sell|provide)))", re.IGNORECASE)
_NO = lazy_re(r"\b(no|not|never|without|nor|excluding)\b\W+(\w+\W+){0,2}$", re.IGNORECASE)


@rule(id="B022", title="Advertising purposes on the contract basis", article="Art. 6(1)(b)",
      severity=Severity.WARNING, base="contract",
      bad="purposes: [Deliver what customers order, Show personalised ads in the app]",
      good="purposes: [Deliver what customers order and take payment]")
def contract_not_advertising(a: Activity) -> Iterator[Hit]:
    """Processing for advertising, marketing or personalised ads is not objectively
    necessary to perform a contract with the data subject, even where the contract or the
    terms mention it (CJEU C-252/21 *Meta Platforms*, paras 98-104; EDPB Guidelines 2/2019,
    3.3 and 5). A purpose worded that way belongs in its own activity, on consent or
    legitimate interests. A heuristic over free text: a `warning`."""
    if a.basis != "contract" or a.flag("direct_marketing"):
        return  # B021 already reports direct marketing on the contract basis
    for index, purpose in enumerate(a.items("purposes")):
        if not isinstance(purpose, str):
            continue
        for match in _ADVERTISING.finditer(purpose):
            if _NO.search(purpose[:match.start()]):
                continue
            yield Hit(("purposes", index), f"'{match.group(0)}' is not necessary to perform "
                      "the contract (C-252/21 Meta; EDPB Guidelines 2/2019): declare it as its "
                      "own activity on consent or legitimate_interests (if it is direct "
                      "marketing, set direct_marketing: true there)")
            return


# B032: names of third countries' laws, whole words; the acronyms case-sensitive so that
# `UStG` (German VAT Act) or "requires us to" never match.
@rule(id="B032", title="A third country's law as the legal basis", article="Art. 6(3); Art. 48",
      severity=Severity.WARNING, base="legal_obligation",
      bad="legal_obligation: {law: Sarbanes-Oxley Act section 802 (18 U.S.C. 1519)}",
      good="legal_obligation: {law: German Fiscal Code (AO) section 147; UStG section 14b}")
def union_or_member_state_law(a: Activity) -> Iterator[Hit]:
    """A legal obligation or public task is a basis only when laid down by Union or Member
    State law (Art. 6(3)); a third country's law, however binding on a group company, is not
    (Art. 48; Recital 115; EDPB Guidelines 2/2018 on Art. 49 derogations). Rely on the EU or
    national provision, or on legitimate interests with an assessment. The same holds for
    every other law the record names: the law behind automated decisions (Art. 22(2)(b)), an
    Art. 9(2) condition, Art. 10 data, an exemption (Arts 14(5)(c), 23, 89), Art. 35(10) and a
    legal retention period. Law names are matched as whole words (`US`, `CFR`, `SOX`, never
    inside `UStG` or `FATCA-USA-UmsV`), and a reference that also names a Member State's act
    rests on it: a `warning`."""
    for path, text, article in _law_fields(a):
        words = names_third_country_law(text)
        if words:
            yield Hit(path, f"'{words}' names a third country's law: {article} needs Union or "
                      "Member State law; name that provision"
                      + (", or use legitimate_interests" if path[-1] == "law" and
                         path[0] == a.basis else ""))


def _law_fields(a: Activity) -> Iterator[tuple[tuple[str | int, ...], str, str]]:
    """Every field that must name Union or Member State law, with the article that says so."""
    if a.basis in ("legal_obligation", "public_task"):
        yield (a.basis, "law"), a.text(a.basis, "law") or "", "Art. 6(3)"
    yield ("automated_decisions", "law"), a.text("automated_decisions", "law") or "", \
        "Art. 22(2)(b)"
    yield ("art9_reference",), a.text("art9_reference") or "", "Art. 9(2)"
    yield ("art10_authority",), a.text("art10_authority") or "", "Art. 10"
    yield ("dpia", "law"), a.text("dpia", "law") or "", "Art. 35(10)"
    for index, item in enumerate(a.items("exemptions")):
        if isinstance(item, dict) and isinstance(item.get("law"), str):
            yield ("exemptions", index, "law"), item["law"], "an exemption (Arts 14(5)(c), 23, 89)"
    retention = a.get("retention")
    entries = retention if isinstance(retention, list) else [retention]
    for index, item in enumerate(entries):
        if isinstance(item, dict) and isinstance(item.get("law"), str):
            where = ("retention", index, "law") if isinstance(retention, list) \
                else ("retention", "law")
            yield where, item["law"], "a legal retention period (Art. 6(3), 17(3)(b))"


@rule(id="B041", title="Direct marketing on vital interests", article="Art. 6(1)(d); Recital 46",
      severity=Severity.ERROR, base="vital_interests",
      bad="direct_marketing: true\nrights: [access, rectification, erasure, restriction, "
          "object, complaint]",
      good="direct_marketing: false")
def vital_not_marketing(a: Activity) -> Iterator[Hit]:
    """Vital interests cover what is essential for the life or physical integrity of a
    person (Recital 46): an emergency, an epidemic, a humanitarian disaster. Marketing never
    is."""
    if a.basis == "vital_interests" and a.flag("direct_marketing"):
        yield Hit(("direct_marketing",), "direct marketing does not protect anyone's life "
                  "(Recital 46): declare it as its own activity on consent or "
                  "legitimate_interests")
