"""B: the lawful basis of processing (Art. 6)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from gdpr_lint.law.statutes import internal_document, names_third_country_law
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
                        r"apprentices?|colleagues?|"
                        r"besch[äa]ftigte\w*|mitarbeite\w*|arbeitnehmer\w*|angestellte\w*|"
                        r"bewerber\w*|auszubildende\w*|salari[ée]\w*|employ[ée]\w*|"
                        r"collaborat(eur|rice)s?|stagiaires?|empleados?|trabajador\w*|"
                        r"plantilla|dipendent[ei]|lavorator[ei]|personale|werknemers?|"
                        r"medewerkers?|personeel|sollicitant\w*|stagiair\w*)\b", re.IGNORECASE)
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
    r"permits?|licen[cs]es?|scholarships?|tenanc(y|ies)|insurance|places?|admissions?)\b|"
    # "Mitarbeiter der Kunden", "salariés de nos clients", "dipendenti dei clienti", ...
    r"^\s+(der|des|von|unserer|bei|de|du|d'|de nos|de los|de las|del|dei|degli|delle|di|van|"
    r"bij)\s*(\w+\s+){0,2}?(kunden\w*|lieferanten|partner\w*|auftragnehmer\w*|"
    r"dienstleister\w*|clients?|fournisseurs?|prestataires?|sous-traitants?|clientes|"
    r"proveedores|subcontratistas|clienti|fornitori|subappaltatori|klanten|leveranciers|"
    r"onderaannemers)\b",
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
    not in that relation. Where the record itself declares `systematic_monitoring` of staff on
    consent, it states the imbalance it relies on: an `error` (EDPB Guidelines 05/2020, 21).
    An employer or a public authority that declares the consent optional
    (`consent.condition_of_service: false`: a staff photo nobody must upload, a city's
    newsletter about road works) gets an `info` only (EDPB Guidelines 05/2020, 22 and
    Example 2). Staff are read in English, German, French, Spanish, Italian and Dutch."""
    if a.basis != "consent":
        return
    for index, subject in enumerate(a.items("data_subjects")):
        if isinstance(subject, str) and own_staff(subject):
            if a.flag("systematic_monitoring"):
                yield Hit(("data_subjects", index), f"consent from '{subject}' to systematic "
                          "monitoring cannot be free: the employer monitors the people who "
                          "depend on it (Recital 43; EDPB Guidelines 05/2020, 21): rely on "
                          "legitimate_interests with an assessment, or a legal_obligation",
                          Severity.ERROR)
            elif a.get("consent", "condition_of_service") is False:
                yield Hit(("consent", "condition_of_service"), f"consent from '{subject}', "
                          "declared optional: valid only where refusing has no adverse "
                          "consequence at all (EDPB Guidelines 05/2020, 22)", Severity.INFO)
            else:
                yield Hit(("data_subjects", index), f"consent from '{subject}' is rarely free "
                          "(imbalance of power, Recital 43): choose another basis, declare "
                          "consent.condition_of_service: false when refusing has no "
                          "consequence, or suppress with that reason")
            return
    if a.public_authority and a.get("consent", "condition_of_service") is False:
        yield Hit(("consent", "condition_of_service"), "a public authority's consent, declared "
                  "optional: fine when refusing has no consequence at all, as for an "
                  "optional newsletter (EDPB Guidelines 05/2020, Example 2)", Severity.INFO)
    elif a.public_authority:
        yield Hit(("lawful_basis",), "a public authority relies on consent: review whether "
                  "people can refuse without any consequence (Recital 43; EDPB Guidelines "
                  "05/2020, 3.1.1), else use public_task; declare consent.condition_of_service: "
                  "false when they can")


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
    checked: name the provision. A policy, guideline, standard, code of conduct or another
    internal or group document is not law: where the reference names only such a document
    and no statute, a `warning` (Art. 6(3): "laid down by Union law or Member State law")."""
    yield from _law(a, "legal_obligation", "Art. 6(3)")
    law = a.text("legal_obligation", "law") if a.basis == "legal_obligation" else None
    document = internal_document(law) if law else None
    if document and not names_third_country_law(law or ""):
        yield Hit(("legal_obligation", "law"), f"'{law}' names an internal document "
                  f"('{document}'), not law: a legal obligation is laid down by Union or "
                  "Member State law (Art. 6(3)); name the statute that imposes it, or use "
                  "legitimate_interests",
                  Severity.WARNING)


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
# Consent inferred from signing up, ordering or using the service (EDPB Guidelines 05/2020,
# 3.1.2 and 3.4; Planet49): the act is for something else, so it is not consent to this. Six
# languages; every repetition bounded.
_INFERRED = lazy_re(
    r"\bby (creating|opening|registering|setting up|signing up for) (an?|your|their|the|his|"
    r"her) ((user|customer|online|free) )?(account|profile)|\bby (signing|registering|"
    r"logging) (up|in|on)\b|\bby registering\b|\bby (placing|completing) (an?|the|their|"
    r"your) (order|purchase|booking)|\bby (using|accessing|downloading|installing|"
    r"continuing to use) (this|the|our|these|its) (\w+ ){0,2}?(site|website|app|"
    r"application|services?|platform|portal|product)|\b(sign(ing)?[- ]?up|registration|"
    r"creating an account|account creation|(use|using) (of )?(the|this|our) (site|website|"
    r"app|service|platform)) (means|implies|constitutes|counts as|is deemed|is treated as|"
    r"amounts to) (\w+ ){0,2}?(consent|agreement|acceptance)|"
    r"\b(durch|mit|bei) (der |die |dem |das )?(weitere[nr]? |fortgesetzte[nr]? )?(nutzung|"
    r"benutzung|verwendung|registrierung|anmeldung|besuch|erstellung (eines|des) "
    r"(\w+)?kontos|anlegen (eines|des) (\w+)?kontos)\b|\bweiter(hin)? (surft|nutzt|"
    r"navigiert)|"
    r"\ben (poursuivant|continuant) (votre |la |sa )?(navigation|visite|utilisation)|"
    r"\ben (cr[ée]ant|ouvrant) (un|votre|son) compte|\ben vous (inscrivant|"
    r"enregistrant|connectant)|\ben (utilisant|naviguant sur|visitant) (ce|le|notre|cette|"
    r"l'|la) ?(site|service|application|appli|plateforme)|\bla poursuite de (la |votre )?"
    r"navigation|"
    r"\bal (crear|abrir) (una|su|tu) cuenta|\bal (registrarse|registrarte|suscribirse|"
    r"suscribirte)|\bal (utilizar|usar|navegar (por|en)|acceder a|visitar) (este|el|nuestro|"
    r"esta|la|nuestra) (sitio|web|servicio|aplicaci[óo]n|app|p[áa]gina|plataforma)|"
    r"\b(si )?(contin[uú]a|sigue|contin[uú]as|sigues|continuar|seguir) navegando|"
    r"\b(proseguendo|continuando|prosegui|continui) (la |nella |con la |a )?(navigazione|"
    r"navigare)|\bcreando (un|il tuo|il proprio|il suo) account|\b(registrandoti|"
    r"registrandosi|iscrivendoti|iscrivendosi)|\b(utilizzando|usando) (il|questo|il nostro|"
    r"l'|la) ?(sito|servizio|app|applicazione|piattaforma)|"
    r"\bdoor (verder te (surfen|gaan|klikken|browsen|navigeren)|een account aan te maken|"
    r"(je|u|zich) (te )?(registreren|aan te melden)|gebruik te maken van|(de|deze|onze) "
    r"(site|website|app|dienst) te (gebruiken|bezoeken))|\bverder (surfen|browsen)|"
    r"\bvoortgezet gebruik|"
    # Consent deemed from an act: "vaut acceptation", "gilt als Einwilligung", "is deemed
    # consent", "implica la aceptación", "comporta il consenso", "geldt als toestemming".
    r"\b(vaut|emporte|implique) (votre |leur |son )?(acceptation|consentement|accord)|"
    r"\bgilt als (einwilligung|zustimmung|einverst[äa]ndnis)|\b(implica|supone|conlleva) "
    r"(la |su )?(aceptaci[óo]n|consentimiento)|\b(implica|comporta) (l'accettazione|il "
    r"(suo |tuo )?consenso)|\bgeldt als (toestemming|akkoord)|\b(is|shall be|will be) deemed "
    r"(to be |as )?(consent|acceptance|agreement)|\bdeemed to have (consented|agreed)",
    re.IGNORECASE)
# The clause names a separate act for this consent ("and ticks an unticked box"): the
# sign-up is then when consent is asked, not how it is given.
_SEPARATE_ACT = lazy_re(
    r"\b(check ?box(es)?|tick(s|ed|ing)?|un-?ticked|toggle|opt[- ]?in (box|toggle|button)|"
    r"K[äa]stchen|H[äa]kchen|Checkbox|case (à|a) cocher|casilla|casella|vakje|"
    r"selectievakje|aanvinkt|anklick\w*|separate(ly)?|distinct|gesondert\w*|s[ée]par[ée]\w*|"
    r"separad\w*|separat\w*|apart\w*|afzonderlijk\w*)\b", re.IGNORECASE)
# ...or the act is only agreeing to the terms (the contract), or it is denied in any of the
# six languages ("geeft u geen toestemming", "vous n'acceptez pas").
_ONLY_TERMS = lazy_re(r"^\W*(\w+\W+){0,4}?(agrees?|accepts?) (to )?(our |the )?(general )?"
                      r"(terms|conditions|t&cs?|terms of (use|service))\b", re.IGNORECASE)
_DENIED_AFTER = lazy_re(r"^\W*(\w+\W+){0,4}?(geen|niet|nicht|keine?[nmrs]?|n'|ne|non|no|"
                        r"nunca|jamais|mai)\b", re.IGNORECASE)
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


def inferred_from_use(how: str) -> str | None:
    """The words of ``how`` that infer consent from signing up, ordering or using the
    service, unless negated or the same clause names a separate act for this consent."""
    for match in _INFERRED.finditer(how):
        before, after = _clause(how, match.start(), match.end())
        if _NEGATED_BEFORE.search(before) or _NEGATED_AFTER.match(after) or \
                _DENIED_AFTER.match(after) or _ONLY_TERMS.match(after) or \
                _SEPARATE_ACT.search(before) or _SEPARATE_ACT.search(after):
            continue
        return match.group(0)
    return None


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
    05/2020, 3.4), nor is an opt-out, nor consent inferred from creating an account, placing
    an order or using the service ("by creating an account you agree", "Durch die weitere
    Nutzung willigen Sie ein", "en poursuivant votre navigation"): that act is for something
    else, so the consent is neither specific nor unambiguous (Art. 4(11), 7(2)). A sign-up
    that shows its own unticked box for this consent is fine. Words that deny it ("not
    pre-ticked", "unticked") are fine, and an opt-out link is the right way to withdraw
    (Art. 7(3)). The "soft opt-in" of ePrivacy Art. 13(2) is not consent: e-mail marketing
    to existing customers rests on legitimate interests (Recital 47), with an objection
    offered at every message."""
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
        return
    words = inferred_from_use(how)
    if words:
        yield Hit(("consent", "how_obtained"), f"'{words}': signing up, ordering or using the "
                  "service is an act for something else, not consent to this processing: ask "
                  "for it with its own unticked box or button (Art. 4(11), 7(2); Recital 32; "
                  "EDPB Guidelines 05/2020, 3.4)")


# A wall: the service, the content or the site only for those who accept ("cookie wall",
# "must accept to read", "no way to refuse"), in the six languages.
_WALL = lazy_re(
    r"\b((cookie|tracking|consent)[- ]?wall|accept or (leave|pay)|pay or (ok|okay|accept|"
    r"consent)|(cannot|can ?not|can't|unable to) (use|read|access|watch|view|"
    r"enter|continue|play|open|see|log in)\b[^.;]{0,60}?\b(without|unless|until) "
    r"(accepting|consenting|agreeing|they accept|he accepts|she accepts|you accept|the user "
    r"accepts|the visitor accepts)|(play|load|open|show|display|work|start|unlock|access|"
    r"read)\w* only (after|once|if|when) (the )?(\w+ )?(accept(s|ing)?|consent(s|ing)?|"
    r"agree(s|ing)?)|(access|content|site|page|service|app|video|article)s? "
    r"(is |are )?(blocked|locked|hidden|withheld|denied) (until|unless)|no (way|option|"
    r"possibility|button) to (refuse|decline|reject|say no)|(refusing|declining|rejecting) "
    r"(is not possible|blocks|closes|ends|exits)|"
    r"cookie-?wand|nur (nach|mit) "
    r"(der )?(zustimmung|einwilligung|akzeptanz)|ohne (zustimmung|einwilligung) kein\w*|"
    r"keine (ablehnungsm[öo]glichkeit|m[öo]glichkeit,? (abzulehnen|zu widersprechen))|"
    r"mur (de|des) cookies|obligatoire pour (acc[ée]der|"
    r"utiliser|lire)|sans (accepter|consentir)[^.;]{0,40}?\b(pas|aucun) acc[èe]s|"
    r"uniquement apr[èe]s (acceptation|avoir accept[ée])|"
    r"muro de cookies|solo (tras|despu[ée]s de) aceptar|"
    r"sin aceptar[^.;]{0,40}?\bno (puede|se puede|podr[áa])|"
    r"solo dopo (aver )?accettat\w*|senza accettare[^.;]"
    r"{0,40}?\bnon ([èe] possibile|si pu[òo]|pu[òo])|"
    r"cookiemuur|alleen na "
    r"(akkoord|acceptatie|toestemming)|zonder (akkoord|toestemming|te accepteren)[^.;]"
    r"{0,40}?\bgeen toegang|"
    # "es obligatorio aceptar", "il est obligatoire d'accepter", "è obbligatorio accettare",
    # "it is mandatory to accept"; "no se puede rechazar", "impossible de refuser", ...
    r"(es|est|[èe]|is|ist) (obligatori[oa]|obligatoire|obbligatori[oa]|mandatory|compulsory|"
    r"verplicht|pflicht|verpflichtend) (de |d'|di |to |om te |zu )?(aceptar|accepter|"
    r"accettare|accept|accepteren|akzeptieren|zustimmen)|no (se )?puede rechazar|"
    r"impossible de refuser|non ([èe] possibile|si pu[òo]) rifiutare|kan niet (worden )?"
    r"geweigerd|kann nicht abgelehnt werden|cannot (be )?(refused|declined))", re.IGNORECASE)


# "must accept ... to read": an obligation counts as a wall only with the access it buys
# ("users must actively consent" is how consent should be given, not a wall).
_MUST = lazy_re(
    r"\b(must|ha(ve|s) to|required to|obliged to|muss|m[üu]ssen|doit|doivent|debe|deben|"
    r"deve|devono|moet|moeten) ([\w-]+ ){0,4}?(accept\w*|consent\w*|agree\w*|zustimm\w*|"
    r"akzeptier\w*|einwillig\w*|accepter|consentir|aceptar|consentir|accettare|acconsentire|"
    r"akkoord gaan|accepteren|toestemming geven)", re.IGNORECASE)
_ACCESS = lazy_re(
    r"\b(to|in order to|before (they|he|she|you|the \w+) can|um|pour|para|per|om)\b[^.;]{0,40}?"
    r"\b(read|use|access|watch|view|continue|enter|see|play|open|download|log in|lesen|nutzen|"
    r"zugreifen|sehen|ansehen|lire|utiliser|acc[ée]der|voir|regarder|leer|usar|utilizar|"
    r"acceder|ver|leggere|usare|utilizzare|accedere|vedere|guardare|lezen|gebruiken|bekijken|"
    r"openen|toegang)", re.IGNORECASE)


def describes_wall(how: str) -> str | None:
    """The words of ``how`` that describe a wall (accept or lose the service), unless negated."""
    walls = [*_WALL.finditer(how)] + [m for m in _MUST.finditer(how) if any(
        _ACCESS.search(part) for part in _clause(how, m.start(), m.end()))]
    for match in walls:
        before, after = _clause(how, match.start(), match.end())
        if _NEGATED_BEFORE.search(before) or _NEGATED_AFTER.match(after):
            continue
        return match.group(0)
    return None


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
    (CJEU C-252/21 *Meta*, para 150; EDPB Opinion 08/2024): a `warning` to confirm it.
    When `how_obtained` describes a wall ("the videos play only after the viewer accepts",
    "cookie wall", "no way to refuse") and `condition_of_service` is not declared, a
    `warning`; a declared `condition_of_service: false` wins over the words (an `info`
    naming the conflict)."""
    if a.basis != "consent":
        return
    declared = a.get("consent", "condition_of_service")
    if declared is not True:
        how = a.text("consent", "how_obtained")
        wall = describes_wall(how) if how else None
        if wall and declared is None:
            yield Hit(("consent", "how_obtained"), f"'{wall}' describes a wall: consent asked "
                      "as a condition of the service is presumed not free (Art. 7(4); EDPB "
                      "Guidelines 05/2020, 3.1.2): let people refuse and still use it, or "
                      "declare condition_of_service: true with the consent.alternative",
                      Severity.WARNING)
        elif wall:
            yield Hit(("consent", "condition_of_service"), f"condition_of_service: false is "
                      f"declared, but how_obtained reads like a wall ('{wall}'): check which "
                      "is true", Severity.INFO)
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
    legitimate interests. A heuristic over free text: a `warning`; an `info` naming the
    conflict where `direct_marketing: false` is declared (a declared fact beats the words)."""
    if a.basis != "contract" or a.flag("direct_marketing"):
        return  # B021 already reports direct marketing on the contract basis
    for index, purpose in enumerate(a.items("purposes")):
        if not isinstance(purpose, str):
            continue
        for match in _ADVERTISING.finditer(purpose):
            if _NO.search(purpose[:match.start()]):
                continue
            if a.get("direct_marketing") is False:  # the declared field beats the words
                yield Hit(("purposes", index), f"'{match.group(0)}' reads as advertising, but "
                          "direct_marketing is false: reword the purpose, or move the "
                          "advertising to its own activity on consent or legitimate_interests",
                          Severity.INFO)
                return
            yield Hit(("purposes", index), f"'{match.group(0)}' is not necessary to perform "
                      "the contract (C-252/21 Meta; EDPB Guidelines 2/2019): declare it as its "
                      "own activity on consent or legitimate_interests (if it is direct "
                      "marketing, set direct_marketing: true there)")
            return


# B023, B042: people who act for an organisation (a customer's or supplier's staff, contact
# persons) and third parties a contract benefits, in the six languages.
_COMPANIES = (r"(business |corporate |b2b )?(customers?|clients?|suppliers?|vendors?|partners?|"
              r"companies|businesses|firms|organi[sz]ations|prospects?|accounts)")
_BUSINESS_CONTACT = lazy_re(
    r"\b(business|professional|corporate|b2b|trade|commercial|sales) (contacts?|"
    r"representatives?|users?)|\bcontact (persons?|people|partners?)|\bcontacts? (at|in|of|"
    rf"from) {_COMPANIES}|\b{_COMPANIES}['’]?s?['’]? (staff|employees?|personnel|"
    r"representatives?|contacts?|agents?|workers?|team members?)|\b(employees?|staff|"
    rf"personnel|representatives?|workers?) (of|at|from) (our |the )?{_COMPANIES}|"
    r"\b(authori[sz]ed (representatives?|signator(y|ies))|signator(y|ies))\b|"
    r"\bAnsprechpartner\w*|\bKontaktpersonen?\b|\bgesch[äa]ftskontakt\w*|"
    r"\bMitarbeiter\w* (von|der|unserer|bei) (\w+ )?(Kunden|Lieferanten|Gesch[äa]ftspartner)|"
    r"\bcontacts? (professionnels?|commerciaux|clients?)|\bpersonnes? (de )?contact|"
    r"\binterlocuteurs?\b|\b(salari[ée]s?|employ[ée]s?|personnel) (des|de nos|du) "
    r"(clients?|fournisseurs?)|"
    r"\bpersonas? de contacto|\bcontactos? (comerciales|profesionales|de (clientes|"
    r"proveedores))|\b(empleados|personal) de (los |nuestros )?(clientes|proveedores)|"
    r"\breferenti\b|\bpersone di (contatto|riferimento)|\bcontatti (commerciali|aziendali|"
    r"professionali)|\bdipendenti (dei|di|dei nostri) (clienti|fornitori)|"
    r"\bcontactpersonen?\b|\bzakelijke contacten|\bmedewerkers van (\w+ )?(klanten|"
    r"leveranciers|relaties)", re.IGNORECASE)
_BENEFICIARY = lazy_re(r"\b(beneficiar(y|ies)|Beg[üu]nstigte\w*|b[ée]n[ée]ficiaires?|"
                       r"beneficiari[oa]s?|beneficiari|begunstigden?)\b", re.IGNORECASE)
# ...unless the entry says the person is the party (a sole trader contracts in person).
_OWN_PARTY = lazy_re(r"\b(sole (traders?|proprietors?)|self[- ]employed|freelancers?|"
                     r"one[- ]person|Einzelunternehmer\w*|Freiberufler\w*|"
                     r"(auto|micro)[- ]entrepreneurs?|ind[ée]pendants?|aut[óo]nomos?|"
                     r"liberi professionisti|zzp['’]?ers?|eenmanszaak\w*)\b", re.IGNORECASE)


def business_contact(subject: str) -> bool:
    """The data subject category names people who act for an organisation, not for
    themselves (a customer's staff, contact persons), and not sole traders."""
    return bool(_BUSINESS_CONTACT.search(subject)) and not _OWN_PARTY.search(subject)


def not_the_party(subject: str) -> str | None:
    """Why a data subject category is not the party to the contract, or None."""
    if business_contact(subject):
        return "acts for an organisation, which is the party"
    if _BENEFICIARY.search(subject) and not _OWN_PARTY.search(subject):
        return "benefits from a contract others concluded"
    return None


@rule(id="B023", title="Contract basis for people who are not the contracting party",
      article="Art. 6(1)(b)", severity=Severity.WARNING, base="contract",
      bad="data_subjects: [contact persons at business customers]",
      good="data_subjects: [customers]")
def contract_with_the_data_subject(a: Activity) -> Iterator[Hit]:
    """Art. 6(1)(b) covers processing necessary for a contract *to which the data subject is
    party*, or for steps they ask for before entering into one (EDPB Guidelines 2/2019,
    paras 26-29). A business customer's staff, contact persons and a supplier's
    representatives act for their organisation, which is the party; a beneficiary benefits
    from a contract others concluded. Their data rest on legitimate interests (with an
    assessment: Recital 47), or on a legal obligation. Sole traders contract in person and
    are not flagged. A heuristic over the data subject categories: a `warning`."""
    if a.basis != "contract":
        return
    for index, subject in enumerate(a.items("data_subjects")):
        why = not_the_party(subject) if isinstance(subject, str) else None
        if why:
            yield Hit(("data_subjects", index), f"'{subject}' {why}: Art. 6(1)(b) covers only "
                      "the person the contract is with (EDPB Guidelines 2/2019, 26-29); use "
                      "legitimate_interests for them, as a separate activity")
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
    yield ("further_processing", "law"), a.text("further_processing", "law") or "", \
        "Art. 6(4)"
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
