"""K: storage limitation (Art. 5(1)(e)). `retention` is one mapping or, from format v1.1,
a list of them (one per group of data categories); every rule reads each entry."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from gdpr_lint.law.duration import is_duration, iso_duration
from gdpr_lint.law.statutes import names_third_country_law
from gdpr_lint.lint.findings import Severity
from gdpr_lint.lint.lazyre import lazy_re
from gdpr_lint.lint.loader import Document, JsonPath
from gdpr_lint.lint.model import Activity
from gdpr_lint.rules.registry import Fix, Hit, rule

if TYPE_CHECKING:
    from gdpr_lint.edit.textedit import Edit

_INDEFINITE = lazy_re(r"\b(forever|indefinite(ly)?|unlimited|permanent(ly)?|perpetual(ly)?|"
                         r"no (time )?limit|never (deleted|erased))\b", re.IGNORECASE)
# "never kept indefinitely", "not stored permanently": the wording denies indefinite keeping.
_NEGATED = lazy_re(r"\b(never|not|no longer|nor|without|isn't|aren't|won't|cannot)"
                      r"(\s+[\w-]+){0,3}\s*$", re.IGNORECASE)
# "permanent contract", "permanent address", "unlimited plan", "permanent or fixed-term
# contract": a compound noun, not a period.
_COMPOUND = lazy_re(r"^(\s*(or|and|/|,)\s*[\w-]+)?[\s-]+(contracts?|employ(ment|ees?)|staff|"
                       r"positions?|jobs?|posts?|"
                       r"address(es)?|residen(ce|ts?)|establishments?|members?|plans?|"
                       r"subscriptions?|tiers?|licen[cs]es?|accounts?|exhibitions?|"
                       r"(fixed[- ])?term)\b", re.IGNORECASE)
# "permanently deleted", "erased permanently": the adverb qualifies the erasure.
_ERASE = r"(deleted|erased|removed|destroyed|purged|anonymi[sz]ed|shredded|wiped)"
_ERASED_AFTER = lazy_re(rf"^\s+{_ERASE}\b", re.IGNORECASE)
_ERASED_BEFORE = lazy_re(rf"\b{_ERASE}\s+$", re.IGNORECASE)
_VAGUE = lazy_re(r"^\s*(for )?(as long as (is )?(necessary|needed|required)|until no longer "
                    r"(needed|necessary))\.?\s*$", re.IGNORECASE)
_YEARS = re.compile(r"^P(\d+)Y|^P(\d+)M")
# Indefinite words that only qualify a contract, an employee or a residence, beside a period.
_QUALIFIES = lazy_re(r"\b(contracts?|employ\w*|staff|positions?|jobs?|posts?|residen\w*|"
                        r"tenanc\w*|leases?|appointments?|civil servants?|vertrag\w*|"
                        r"\w+vertrag|arbeitsverh[äa]ltnis\w*|contrats?|contratos?|"
                        r"contratt[oi]|overeenkomst\w*|dienstverband)\b", re.IGNORECASE)
# Kept until the person asks for erasure: the data stay until someone objects (Art. 5(1)(e)
# puts the duty on the controller, Art. 17 is the person's remedy, not the period).
_ON_REQUEST = lazy_re(
    r"\b(until|unless|till)\b[^.;]{0,60}?\b(asks?|requests?|demands?|applies)\b[^.;]{0,30}?"
    r"\b(delet|eras|remov)\w*|\buntil (a |an |the )?(deletion|erasure|removal) (request|is "
    r"requested|is asked for)|\buntil (we receive|receipt of) (a |an )?(deletion|erasure) "
    r"request|"
    r"\bbis\b[^.;]{0,60}?\bl[öo]sch\w*\s+(verlangt|beantragt|fordert|w[üu]nscht)|"
    r"\bbis zu(m|r)\s+(l[öo]sch(ungs)?(antrag|verlangen|anfrage)|antrag auf l[öo]schung)|"
    r"\bjusqu'(?:à ce qu|au moment o[ùu])[^.;]{0,60}?\b(demande|r[ée]clame|sollicite)\w*"
    r"[^.;]{0,30}?\b(suppression|effacement)|\bjusqu'[àa] (la |une )?demande (de |d')"
    r"(suppression|effacement)|"
    r"\bhasta que\b[^.;]{0,60}?\bsolicit\w*[^.;]{0,30}?\b(supresi[óo]n|eliminaci[óo]n|"
    r"borrado|cancelaci[óo]n)|\bhasta (la |una )?solicitud de (supresi[óo]n|"
    r"eliminaci[óo]n|borrado)|"
    r"\b(fino a quando|finch[ée]|fino a che)\b[^.;]{0,60}?\b(chied|richied)\w*[^.;]{0,30}?"
    r"\b(cancellazione|eliminazione)|\bfino (alla|a una) richiesta di (cancellazione|"
    r"eliminazione)|"
    r"\btot(dat)?\b[^.;]{0,60}?\b(verzoekt|vraagt|verzoek)\b[^.;]{0,30}?\b(verwijder|"
    r"wis)\w*|\btot(dat)?\b[^.;]{0,60}?\b(verwijder\w*|wissing)\b[^.;]{0,30}?\b(verzoekt|"
    r"vraagt)\b|\btot (een |het )?verzoek (tot|om) (verwijdering|wissing)", re.IGNORECASE)
# ... and a purge of inactive accounts already stated beside it.
_INACTIVE = lazy_re(r"\b(inactiv\w*|dormant|last (login|log-in|activity)|without (a )?login|"
                       r"sin actividad|[úu]ltimo acceso|ohne (login|anmeldung|aktivit[äa]t)|"
                       r"letzte[nr]? (anmeldung|aktivit[äa]t)|sans activit[ée]|derni[èe]re "
                       r"connexion|senza attivit[àa]|ultimo accesso|zonder activiteit|laatste "
                       r"aanmelding)\b", re.IGNORECASE)
# The end of an account, a contract or a membership: an end event, not indefinite keeping.
_END_EVENT = lazy_re(
    r"\b(until|till)\b[^.;]{0,30}?\b(account|membership|subscription|contract|customer "
    r"relationship)s? (is |are )?(closed|deleted|ends?|terminated|cancell?ed)|"
    r"\buntil (the )?(closure|end|termination|cancell?ation|deletion) of (the |their |his |"
    r"her )?(user |customer )?(account|membership|subscription|contract)|"
    r"\bbis zu(r|m) (k[üu]ndigung|schlie(ß|ss)ung|l[öo]schung|ende)\s+(des|der)\s+"
    r"(\w+)?(konto|kontos|vertrag\w*|mitgliedschaft|abonnement\w*)|\bbis (zum )?"
    r"vertragsende|"
    r"\bjusqu'[àa] la (cl[ôo]ture|fermeture|suppression|r[ée]siliation|fin) d[ue] "
    r"(compte|contrat|abonnement)|"
    r"\bhasta (el cierre|la baja|la cancelaci[óo]n|la finalizaci[óo]n|el fin) de (la cuenta|"
    r"l contrato|la suscripci[óo]n)|"
    r"\bfino alla (chiusura|cessazione|cancellazione|fine) (dell'account|del conto|del "
    r"contratto|dell'abbonamento)|"
    r"\btot (de )?(opzegging|be[ëe]indiging|sluiting|verwijdering) van (het|de) (account|"
    r"abonnement|overeenkomst|lidmaatschap)", re.IGNORECASE)


def _entries(a: Activity) -> list[tuple[JsonPath, dict[str, Any]]]:
    return a.retention_entries()


def _text(entry: dict[str, Any], key: str) -> str | None:
    value = entry.get(key)
    return value if isinstance(value, str) and value.strip() else None


def indefinite(text: str) -> bool:
    """The wording keeps data without end: not when negated or part of a compound noun."""
    for match in _INDEFINITE.finditer(text):
        before, after = text[:match.start()], text[match.end():]
        if _NEGATED.search(before) or _COMPOUND.match(after):
            continue
        if match.group(0).lower().startswith("permanent") and (
                _ERASED_AFTER.match(after) or _ERASED_BEFORE.search(before)):
            continue
        return True
    period = _YEARS.match(text.strip())
    if period:
        years = int(period.group(1)) if period.group(1) else int(period.group(2)) // 12
        return years >= 100
    return False


@rule(id="K001", title="No retention period or criteria", article="Art. 5(1)(e); Art. 30(1)(f)",
      severity=Severity.ERROR, bad="retention: {start: signup}",
      good="retention: {period: P2Y, start: last newsletter opened}")
def retention_given(a: Activity) -> Iterator[Hit]:
    """Personal data are kept no longer than necessary for the purposes (Art. 5(1)(e)); the
    record gives, where possible, the time limits for erasure (Art. 30(1)(f)) and the notice
    the period or the criteria that set it (Art. 13(2)(a)). When categories are kept for
    different times, each entry of the `retention` list gives its own."""
    entries = _entries(a)
    if not entries:
        yield Hit(("retention",), "add retention.period (ISO 8601, e.g. P2Y) or "
                  "retention.criteria")
    for path, entry in entries:
        if not (_text(entry, "period") or _text(entry, "criteria")):
            yield Hit(path, "add period (ISO 8601, e.g. P2Y) or criteria to this retention "
                      "entry")


@rule(id="K002", title="Retention is indefinite", article="Art. 5(1)(e); Art. 89(1)",
      severity=Severity.ERROR, bad="retention: {criteria: Kept until the customer asks us to "
                                    "delete it}",
      good="retention: {period: P3Y, start: end of the permanent or fixed-term contract}")
def retention_limited(a: Activity) -> Iterator[Hit]:
    """Storage limitation forbids keeping identifiable data indefinitely, and the duty is
    the controller's: data kept "until the customer asks us to delete them" stay until
    someone objects, which is no limit at all (Art. 5(1)(e); the right to erasure of
    Art. 17 is the person's remedy, not the controller's period). Read in English, German,
    French, Spanish, Italian and Dutch. "As long as necessary" with nothing more restates
    the principle instead of applying it (a warning): say what makes the data no longer
    necessary, or give a period. The end of an account, a contract or a membership is an
    end event, not indefinite keeping: an `info` suggests purging inactive accounts too.
    A declared `period` beats the words of `criteria`: words that only qualify a contract,
    an employee or a residence ("permanent or fixed-term contract", "permanent residents")
    are not a period, and other indefinite words beside a period give at most an `info`
    naming the conflict. Longer storage is lawful for archiving in the public interest,
    research or statistics under Art. 89(1) (declare the `art5_1_e` exemption), and where a
    law requires permanent keeping (civil-status or land registers, notarial deeds: name it
    in `retention.law`); both make it an `info`. Only Union or Member State law can require
    it (Arts 6(3), 17(3)(b)): a third country's statute (Sarbanes-Oxley, the CFR, a UK act)
    keeps the error."""
    exempt = any(isinstance(e, dict) and e.get("provision") == "art5_1_e"
                 for e in a.items("exemptions"))
    for path, entry in _entries(a):
        period = _text(entry, "period")
        finite = bool(period and is_duration(period) and not indefinite(period))
        criteria = _text(entry, "criteria")
        if finite:
            if criteria and indefinite(criteria) and not _QUALIFIES.search(criteria):
                yield Hit((*path, "criteria"), f"'{criteria}' reads as indefinite keeping, "
                          f"but period says {period}: the declared period applies; reword the "
                          "criteria so that they agree", Severity.INFO)
            continue
        for name in ("period", "criteria"):
            value = _text(entry, name)
            if value and indefinite(value):
                yield from _indefinite_hit(entry, (*path, name), value, exempt)
                break
        else:
            if not criteria:
                continue
            asked = _ON_REQUEST.search(criteria)
            if asked and not exempt:
                yield Hit((*path, "criteria"), f"'{asked.group(0)}': the data stay until "
                          "someone asks, which is no limit (Art. 5(1)(e)); erasure on request "
                          "is the person's right (Art. 17), not the period: give a period or "
                          "the criteria that end the keeping")
            elif _VAGUE.match(criteria):
                yield Hit((*path, "criteria"), f"'{criteria}' restates the principle: say "
                          "what makes the data no longer necessary, or add a period",
                          Severity.WARNING)
            elif _END_EVENT.search(criteria) and not _INACTIVE.search(criteria):
                yield Hit((*path, "criteria"), f"'{criteria}' ends with the account or "
                          "contract: also purge accounts left inactive (e.g. after two years "
                          "without a login), or they keep their data indefinitely",
                          Severity.INFO)


def _indefinite_hit(entry: dict[str, Any], at: JsonPath, value: str,
                    exempt: bool) -> Iterator[Hit]:
    law = _text(entry, "law")
    foreign = names_third_country_law(law) if law else None
    if foreign and not exempt:
        yield Hit(at, f"'{value}' is indefinite retention, and '{foreign}' in retention.law "
                  "names a third country's law, which does not justify permanent keeping: "
                  "only Union or Member State law can (Arts 6(3), 17(3)(b)); give a period or "
                  "the criteria that end it (Art. 5(1)(e))")
    elif exempt or law:
        why = f"under {law}" if law else "under the art5_1_e exemption"
        yield Hit(at, f"'{value}': permanent keeping {why}; keep the Art. 89(1) safeguards "
                  "(minimisation, access control) on record", Severity.INFO)
    else:
        yield Hit(at, f"'{value}' is indefinite retention: give a period or the criteria that "
                  "end it (Art. 5(1)(e)), or name the law that requires permanent keeping in "
                  "law")


def _duration_fix(doc: Document, path: JsonPath) -> list[Edit]:
    from gdpr_lint.edit.edits import replace_scalar, scalar_at

    found = scalar_at(doc, path)
    duration = iso_duration(found[1]) if found else None
    return replace_scalar(doc, path, duration) if duration else []


DURATION_FIX = Fix("write the period as an ISO 8601 duration (`1 year` -> `P1Y`, "
                   "`6 months` -> `P6M`, `90 days` -> `P90D`)", _duration_fix)


@rule(id="K003", title="Retention period is not an ISO 8601 duration", article="Art. 5(1)(e)",
      severity=Severity.WARNING, bad="retention: {period: 2 years, start: signup}",
      good="retention: {period: P2Y, start: signup}", fix=DURATION_FIX)
def period_format(a: Activity) -> Iterator[Hit]:
    """A period written as an ISO 8601 duration (`P2Y`, `P6M`, `P30D`) can be read by the
    deletion jobs and reports that enforce it, not only by people."""
    for path, entry in _entries(a):
        period = _text(entry, "period")
        if period and not is_duration(period) and not _INDEFINITE.search(period):
            proposal = iso_duration(period)
            yield Hit((*path, "period"), f"'{period}' is not an ISO 8601 duration: " + (
                f"write {proposal}" if proposal else "write it as P2Y, P6M, P30D, PT72H, ..."))


@rule(id="K004", title="Retention period without the event it runs from",
      article="Art. 5(1)(e); Art. 13(2)(a)", severity=Severity.WARNING,
      bad="retention: {period: P2Y}",
      good="retention: {period: P2Y, start: last newsletter opened}")
def period_start(a: Activity) -> Iterator[Hit]:
    """"Two years" means nothing until it says from when: collection, the end of the
    contract, the last login. Without the event, neither the deletion job nor the data
    subject reading the notice can tell when the data go."""
    for path, entry in _entries(a):
        period = _text(entry, "period")
        if period and not _text(entry, "start") and not indefinite(period):
            yield Hit((*path, "period"), "add start: the event the period runs from (end of "
                      "the contract, last login, date of the invoice, ...)")


@rule(id="K005", title="Legal obligation without the law that sets the period",
      article="Art. 5(1)(e); Art. 6(3)", severity=Severity.WARNING, base="legal_obligation",
      bad="retention: {period: P10Y, start: end of the calendar year of the invoice}",
      good="retention: {period: P10Y, start: end of the calendar year of the invoice, "
           "law: German Fiscal Code (AO) section 147(3)}")
def retention_law(a: Activity) -> Iterator[Hit]:
    """When the basis is a legal obligation, the period usually comes from the same law
    (ten years for books of account, six for business letters). Naming the provision shows
    the period is the law's and not a habit, and tells when the data must go (EDPB 2025
    coordinated action on the right to erasure)."""
    entries = _entries(a)
    if a.basis == "legal_obligation" and entries and not any(_text(e, "law")
                                                            for _, e in entries):
        yield Hit(entries[0][0], "add law: the provision that sets this retention period")
