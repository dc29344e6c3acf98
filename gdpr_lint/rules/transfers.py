"""T: transfers of personal data to third countries and international organisations
(Arts 44-49). The same checks read an activity's recipients and a processor activity's
sub-processors (Art. 30(1)(e), 30(2)(c))."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

from gdpr_lint.law import data
from gdpr_lint.lint.findings import Severity
from gdpr_lint.lint.lazyre import lazy_re
from gdpr_lint.lint.model import Activity, Node, parties, serves
from gdpr_lint.lint.model import transfer_adequate as _adequate_destination
from gdpr_lint.rules.registry import Hit, rule

NEEDS_REFERENCE = ("scc", "bcr", "code_of_conduct", "certification", "ad_hoc_clauses")
_BOTH = ("processor_activity",)
_US_RECIPIENT = "recipients: [{name: Helpdesk Inc, role: processor, country: US"
_CONTRACT = ", contract: DPA-2026-007"
_SCC = ("{country: US, mechanism: scc, reference: DPA-2026-007 with SCC module 2 (Decision "
        "2021/914)")
_TIA = (", tia: 'TIA-2026-03: FISA 702 and EO 12333 assessed; tickets encrypted with keys "
        "held in the EU'")
_WITH_SCC = f"{_US_RECIPIENT}{_CONTRACT}}}]\ntransfers: [{_SCC}{_TIA}}}]"
# Country names too common as other words (a US state, a first name, a bird) to be read
# as a country in free text.
_AMBIGUOUS = {"GE", "JE", "JO", "TD", "TR", "GN", "DM", "ML", "OM", "NE", "PE", "SN", "TG",
              "CK", "MO", "PS", "VA", "IO", "UM", "HM", "BV", "PN", "NF", "CC", "CX", "SH"}
_ALIASES = {"US": "US", "USA": "US", "U.S.": "US", "U.S.A.": "US", "United States": "US",
            "United States of America": "US", "UK": "GB", "United Kingdom": "GB",
            "Great Britain": "GB", "England": "GB", "Scotland": "GB", "South Korea": "KR",
            "Russia": "RU", "Vietnam": "VN", "Taiwan": "TW", "Iran": "IR", "Syria": "SY"}


def _transfers(a: Node) -> Iterator[tuple[int, dict[str, Any]]]:
    for index, transfer in enumerate(a.items("transfers")):
        if isinstance(transfer, dict):
            yield index, transfer


def _third_country(country: Any) -> bool:
    return data.is_third_country(country)


def _organisation(value: Any) -> str | None:
    return value.strip().lower() if isinstance(value, str) and value.strip() else None


def _destination(item: dict[str, Any]) -> str | None:
    """Where data go outside the EEA: a third country's code or an organisation's name."""
    if item.get("role") == "internal":
        return None  # the controller's own staff, wherever they sit: not a transfer
    if _third_country(item.get("country")):
        return str(item["country"])
    return _organisation(item.get("organisation"))


def _outside(transfer: dict[str, Any]) -> bool:
    return _third_country(transfer.get("country")) or (
        not transfer.get("country") and _organisation(transfer.get("organisation")) is not None)


@functools.cache
def _country_patterns() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    """Third-country names (any case) and codes such as USA or UK (capitals only)."""
    words = {name.casefold(): code for code, name in data.countries().items()
             if code not in _AMBIGUOUS and len(name) > 3 and _third_country(code)}
    words.update({w.casefold(): c for w, c in _ALIASES.items()})
    upper = [w for w in _ALIASES if w.isupper() or "." in w]
    names = [w for w in words if w not in {u.casefold() for u in upper}]

    def alternation(items: list[str]) -> str:
        return "|".join(re.escape(i) for i in sorted(items, key=len, reverse=True))

    return (re.compile(rf"(?<![\w.])({alternation(names)})(?!\w)", re.IGNORECASE),
            re.compile(rf"(?<![\w.])({alternation(upper)})(?!\w)"), words)


def named_countries(text: str) -> list[str]:
    """Third countries a plain-text recipient names ("Mailchimp (Intuit Inc., USA)")."""
    names, codes, words = _country_patterns()
    found = [words[m.group(1).casefold()] for m in (*names.finditer(text),
                                                   *codes.finditer(text))]
    return list(dict.fromkeys(found))


@rule(id="T001", title="Recipient outside the EEA without a transfer", article="Art. 44",
      severity=Severity.ERROR, also=_BOTH,
      bad=_US_RECIPIENT + _CONTRACT + "}]",
      good=_WITH_SCC)
def recipient_transfer(a: Node) -> Iterator[Hit]:
    """Any transfer to a third country or an international organisation may take place only
    if the conditions of Chapter V are met (Art. 44). A recipient that processes the data
    outside the EEA means a transfer, which the record declares with its mechanism
    (Art. 30(1)(e)). The controller's own staff working abroad (`role: internal`) are not a
    recipient and cause no transfer; another company of the same group does. A transfer that
    names its `recipient` serves that recipient only; one that names none serves every
    recipient in its country. A recipient written as plain text that names a third country,
    or a processor or controller given without `country` (or `organisation`), is a warning:
    the transfer cannot be checked until the record says where the recipient is."""
    declared = {t.get("country") for _, t in _transfers(a) if isinstance(t.get("country"), str)}
    declared |= {_organisation(t.get("organisation")) for _, t in _transfers(a)}
    flagged: set[str] = set()
    for path, recipient in parties(a):
        where = _destination(recipient)
        if where and where not in flagged and not any(
                where in (t.get("country"), _organisation(t.get("organisation")))
                and serves(t, recipient) for _, t in _transfers(a)):
            field = "country" if _third_country(recipient.get("country")) else "organisation"
            kind = f"in {where}, outside the EEA" if field == "country" else \
                f"the international organisation '{where}'"
            named = " naming it" if where in declared else ""
            yield Hit((*path, field), f"recipient '{recipient.get('name')}' is {kind}: add a "
                      f"transfers entry for {where}{named} with its mechanism")
            flagged.add(where)
        elif _unplaced(recipient, path[0] == "sub_processors"):
            yield Hit(path, f"recipient '{recipient.get('name')}' has no country: add its "
                      "country (or organisation), so the record shows whether data leave the "
                      "EEA (Art. 30(1)(e))", Severity.WARNING)
    for index, recipient in enumerate(a.items("recipients")):
        if isinstance(recipient, str):
            missing = [c for c in named_countries(recipient) if c not in declared]
            if missing:
                yield Hit(("recipients", index), f"recipient '{recipient}' names "
                          f"{', '.join(missing)}: write it as {{name, role, country}} and "
                          "declare the transfer, so it can be checked", Severity.WARNING)


def _unplaced(party: dict[str, Any], sub_processor: bool) -> bool:
    """A processor or controller (a sub-processor is a processor) whose place is not said."""
    role = "processor" if sub_processor else party.get("role")
    return role in ("processor", "controller", "joint_controller") and \
        not party.get("country") and not _organisation(party.get("organisation"))


@rule(id="T002", title="Transfer without a mechanism", article="Arts 45-49",
      severity=Severity.ERROR, also=_BOTH,
      bad=_US_RECIPIENT + _CONTRACT + "}]\ntransfers: [{country: US}]",
      good=_WITH_SCC)
def mechanism_given(a: Node) -> Iterator[Hit]:
    """A transfer outside the EEA rests on an adequacy decision (Art. 45), appropriate
    safeguards such as standard contractual clauses or binding corporate rules (Arts 46,
    47), or a derogation (Art. 49). The record says which."""
    for index, transfer in _transfers(a):
        if _outside(transfer) and not transfer.get("mechanism"):
            yield Hit(("transfers", index), "add mechanism: adequacy, scc, bcr, "
                      "code_of_conduct, certification, ad_hoc_clauses or derogation")


def adequacy_table() -> list[str]:
    """The shipped adequacy decisions, dated and sourced, for `explain T003`."""
    adequacy = data.adequacy()
    lines = [f"Adequate countries (as of {adequacy['as_of']}): "
             f"{', '.join(adequacy['countries'])}; international organisations: "
             f"{', '.join(adequacy['organisations'])}", f"Source: {adequacy['source']}", ""]
    for d in adequacy["decisions"]:
        where = d.get("country") or d.get("organisation")
        expiry = f", expires {d['expiry']}" if d.get("expiry") else ""
        lines.append(f"  {where} ({d['name']}): {d['decision']} of {d['adopted']}, "
                     f"{d['official_journal']}{expiry}")
        if d.get("scope"):
            lines.append(f"      scope: {d['scope']}")
        if d.get("note"):
            lines.append(f"      note: {d['note']}")
        if d.get("contested"):
            lines.append(f"      contested (as of {d['contested']['as_of']}): "
                         f"{d['contested']['note']}")
        if d.get("source") != adequacy["source"]:
            lines.append(f"      source: {d['source']}")
    return [*lines, ""]


@rule(id="T003", title="Adequacy claimed where there is no decision", article="Art. 45",
      severity=Severity.ERROR, also=_BOTH, reference=adequacy_table,
      bad=_US_RECIPIENT + _CONTRACT + "}]\ntransfers: [{country: US, mechanism: adequacy}]",
      good="recipients: [{name: Helpdesk Ltd, role: processor, country: GB" + _CONTRACT
           + "}]\ntransfers: [{country: GB, mechanism: adequacy}]")
def adequacy_decision(a: Node) -> Iterator[Hit]:
    """Only countries and international organisations the European Commission has found
    adequate (Art. 45(3)) receive data on adequacy alone. For the United States the
    decision covers only organisations certified under the EU-US Data Privacy Framework,
    and a configured `adequacy` list does not change that. Some decisions cover part of a
    country's law only (Canada, Japan, Korea, Israel): an `info` names the scope to check.
    A transfer that names its `recipient` is judged for that recipient alone, so a certified
    US vendor on adequacy and an uncertified one on SCC sit in one activity. The DPF decision
    is contested before the Court of Justice (C-703/25 P): each transfer resting on it gets
    one `info` suggesting an Art. 46 fallback (SCC with a TIA), unless the transfer already
    names one (SCC in its `reference`, or a `tia`).
    The list ships as dated data ({adequacy_source}, as of {adequacy_date}) and can be
    replaced with config `adequacy`."""
    for index, transfer in _transfers(a):
        if transfer.get("mechanism") != "adequacy" or not _outside(transfer):
            continue
        country = transfer.get("country")
        if not _adequate_destination(a, transfer):
            where = country or transfer.get("organisation")
            lapsed = data.adequacy_decision(country=str(country)) if country else None
            named = transfer.get("recipient")
            reason = (f"'{named}' is not certified under the Data Privacy Framework (or not "
                      "among the recipients): adequacy for the US covers certified "
                      "organisations only; set dpf_certified: true if it is, or use scc"
                      if country == "US" and isinstance(named, str) else
                      "adequacy for the US covers only recipients certified under the Data "
                      "Privacy Framework: set dpf_certified: true on them, or use scc"
                      if country == "US" else f"the adequacy decision for {where} expired on "
                      f"{lapsed['expiry']}: use scc, bcr or another Art. 46 safeguard"
                      if lapsed and a.ctx.config.adequacy is None else
                      f"there is no adequacy decision for {where}: use scc, bcr or another "
                      "Art. 46 safeguard")
            yield Hit(("transfers", index, "mechanism"), reason)
            continue
        decision = data.adequacy_decision(country=str(country)) if country else None
        if decision and decision.get("scope") and country != "US":
            yield Hit(("transfers", index, "mechanism"), f"the adequacy decision for "
                      f"{country} ({decision['decision']}) covers {decision['scope']}: "
                      "check the recipient falls within it", Severity.INFO)
        elif decision and decision.get("contested") and a.ctx.config.adequacy is None \
                and not _fallback(transfer):
            case = decision["contested"].get("case", "")
            yield Hit(("transfers", index, "mechanism"), f"{decision['decision']} is "
                      f"contested ({case} pending): keep an Art. 46 fallback ready (SCC with "
                      "a TIA) should it be annulled", Severity.INFO)


_SCC_WORDS = lazy_re(r"\b(scc|standard (contractual|data protection) clauses|2021/914|"
                     r"Standardvertragsklauseln|clauses contractuelles types|cl[áa]usulas "
                     r"contractuales tipo|clausole contrattuali (tipo|standard)|"
                     r"modelcontractbepalingen|standaardcontractbepalingen)\b", re.IGNORECASE)


def _fallback(transfer: dict[str, Any]) -> bool:
    """The transfer already documents an Art. 46 fallback: a TIA, or SCC in its reference."""
    reference = transfer.get("reference")
    return bool(transfer.get("tia")) or (isinstance(reference, str)
                                         and _SCC_WORDS.search(reference) is not None)


@rule(id="T004", title="Safeguard without a reference", article="Art. 46; Art. 47",
      severity=Severity.ERROR, also=_BOTH,
      bad=_US_RECIPIENT + _CONTRACT + "}]\ntransfers: [{country: US, mechanism: scc" + _TIA
      + "}]",
      good=_WITH_SCC)
def safeguard_reference(a: Node) -> Iterator[Hit]:
    """Appropriate safeguards are documents: signed clauses, approved binding corporate
    rules, a code or certification with binding commitments. Say where they are."""
    for index, transfer in _transfers(a):
        mechanism = transfer.get("mechanism")
        if mechanism in NEEDS_REFERENCE and not transfer.get("reference"):
            yield Hit(("transfers", index), f"add reference: where the {mechanism} safeguard "
                      "is documented")


@rule(id="T005", title="Transfer on an Art. 49 derogation", article="Art. 49",
      severity=Severity.WARNING, also=_BOTH,
      bad=_US_RECIPIENT + _CONTRACT + "}]\ntransfers: [{country: US, mechanism: derogation}]",
      good=_WITH_SCC)
def derogation(a: Node) -> Iterator[Hit]:
    """Derogations for specific situations (Art. 49) are for occasional, non-repetitive
    transfers; a regular flow to a recipient needs adequacy or an Art. 46 safeguard. Each
    derogation is one of the points of Art. 49(1), with its own conditions (explicit consent
    after being told the risks, a contract with the data subject, legal claims, ...): the
    `reference` says which. The last resort, compelling legitimate interests (Art. 49(1)
    second subparagraph), must be documented with its assessment and safeguards in the record
    (Arts 49(6), 30(1)(e)) and notified to the supervisory authority. Where the reference or
    the activity itself describes a regular flow ("monthly export", "daily sync", "every
    order", "regelmäßig", "chaque mois"), the record states the breach: an `error` (EDPB
    Guidelines 2/2018, 2.1: a transfer that occurs regularly within a stable relationship is
    systematic and repeated, not occasional). A derogation whose reference names its point
    and describes no regular flow is an `info` reminding to keep it occasional; without the
    point, a `warning` asks for it."""
    activity_words = _activity_words(a)
    for index, transfer in _transfers(a):
        if transfer.get("mechanism") != "derogation":
            continue
        reference = transfer.get("reference")
        regular = regular_flow(reference) if isinstance(reference, str) else None
        regular = regular or next(filter(None, map(regular_flow, activity_words)), None)
        if regular:
            yield Hit(("transfers", index, "mechanism"), f"'{regular}' describes a regular "
                      "flow: Art. 49 derogations are for occasional transfers only (EDPB "
                      "Guidelines 2/2018, 2.1): use adequacy, scc or bcr", Severity.ERROR)
        elif not isinstance(reference, str) or not reference.strip():
            yield Hit(("transfers", index, "mechanism"), "derogations are for occasional "
                      "transfers only (Art. 49): name in reference the Art. 49(1) point relied "
                      "on (e.g. '(b) booking the customer's hotel abroad'), or use scc or "
                      "another safeguard for a regular flow")
        elif _COMPELLING.search(reference):
            yield Hit(("transfers", index, "mechanism"), "compelling legitimate interests "
                      "(Art. 49(1) second subparagraph) is the last resort for a transfer that "
                      "is not repetitive and concerns a limited number of data subjects: keep "
                      "the assessment and the safeguards on record (Arts 49(6), 30(1)(e)) and "
                      "inform the supervisory authority")
        elif _POINT.search(reference):
            yield Hit(("transfers", index, "mechanism"), "a derogation of Art. 49(1) named "
                      "for an occasional transfer: keep it occasional, and use scc or another "
                      "safeguard if it becomes a regular flow (EDPB Guidelines 2/2018, 2.1)",
                      Severity.INFO)
        else:
            yield Hit(("transfers", index, "mechanism"), "derogations are for occasional "
                      "transfers only (Art. 49): name in reference the Art. 49(1) point relied "
                      "on, or use scc or another safeguard for a regular flow")


# The point of Art. 49(1) a derogation's reference names: "Art. 49(1)(e)", "(b) booking the
# customer's hotel", or the words of a point.
_POINT = lazy_re(
    r"\b49\s*\(\s*1\s*\)\s*\(?\s*[a-g]\s*\)|^\s*\(?[a-g]\)\s|\b(explicit(ly)? consent|"
    r"legal claims?|vital interests?|important reasons? of public interest|public register|"
    r"(conclusion|performance) of (a|the) contract|ausdr[üu]ckliche einwilligung|"
    r"rechtsanspr[üu]ch\w*|consentement explicite|droits? en justice|consentimiento "
    r"expl[íi]cito|reclamaciones|consenso esplicito|diritto in sede giudiziaria|"
    r"uitdrukkelijke toestemming|rechtsvordering\w*)\b", re.IGNORECASE)


_PERIODS = r"(day|week|month|night|hour|quarter|year|morning|evening|weekday|payroll run)s?"
_REGULAR = lazy_re(
    r"\b(daily|nightly|hourly|weekly|fortnightly|monthly|quarterly|yearly|annually|"
    r"regular(ly)?|systematic(ally)?|routine(ly)?|recurring|recurrent|repeated(ly)?|"
    r"periodic(al(ly)?)?|(ongoing|continuous(ly)?)(?! (litigation|proceedings?|claims?|cases?|"
    r"disputes?|investigations?|lawsuits?))|on a (regular|rolling|scheduled) basis|"
    rf"(every|each) (\w+ )?{_PERIODS}|(once|twice) (a|per|every) {_PERIODS}|"
    r"t[äa]glich\w*|w[öo]chentlich\w*|monatlich\w*|j[äa]hrlich\w*|regelm[äa][ßs]ig\w*|"
    r"systematisch\w*|laufend\w*|fortlaufend\w*|st[äa]ndig\w*|(jede[nrs]?|alle) (Tag|Woche|"
    r"Monat|Nacht|Jahr)\w*|quotidien\w*|hebdomadaire\w*|mensuel\w*|"
    r"annuel\w*|r[ée]guli[èe]re?(ment)?s?|syst[ée]matique(ment)?s?|"
    r"(chaque|tous les|toutes les) (jours?|semaines?|mois|nuits?|ann[ée]es?)|"
    r"diari[ao]s?|diariamente|semanal(es|mente)?|mensual(es|mente)?|anual(es|mente)?|"
    r"peri[óo]dic[ao]s?|peri[óo]dicamente|sistem[áa]tic[ao]s?|sistem[áa]ticamente|"
    r"cada (d[íi]a|semana|mes|noche|a[ñn]o)|giornalier[aoie]|"
    r"quotidian[aoie]|settimanal[ei]|mensil[ei]|annual[ei]|regolar[ei]|regolarmente|"
    r"sistematic[aoie]|sistematicamente|continuativ[aoie]|ogni (giorno|settimana|mese|notte|"
    r"anno)|dagelijks\w*|wekelijks\w*|maandelijks\w*|jaarlijks\w*|regelmatig\w*|"
    r"systematisch\w*|doorlopend\w*|(elke|iedere) (dag|week|maand|nacht|jaar))\b",
    re.IGNORECASE)
# "not regular", "no systematic transfer", "one-off, never repeated".
_NOT = lazy_re(r"(\b(not|no|never|non|without|nicht|kein\w*|pas|sans|jamais|sin|senza|"
               r"niet|geen|nooit|nor)\b|n't)\W+(\w+\W+)?$", re.IGNORECASE)


def regular_flow(text: str) -> str | None:
    """The words of ``text`` that describe a regular, repeated flow, unless negated."""
    for match in _REGULAR.finditer(text):
        if not _NOT.search(text[max(0, match.start() - 40):match.start()]):
            return match.group(0)
    return None


# What moves data to a recipient: the activity's words describe a regular flow only with one
# of these (sending the monthly newsletter to subscribers moves nothing abroad by itself).
_FLOW = lazy_re(
    r"\b(transfer|export|upload|sync|replicat|cop(y|ies)|shar(e|ed|es|ing)|feed|forward|"
    r"transmi|disclos|[üu]bermitt|[üu]bertrag|weitergabe|weitergeleitet|exportier|"
    r"transf[eé]r|transmis|trasfer|inoltr|esporta|transferencia|exporta|doorgifte|"
    r"doorgegeven|doorgestuurd|overdracht|gedeeld)\w*", re.IGNORECASE)
_CLAUSES = lazy_re(r"[.;\n]")


def _activity_words(a: Node) -> list[str]:
    """The clauses of the activity's name, description and purposes that speak of moving
    data (a monthly newsletter is not a monthly transfer; a monthly export is)."""
    texts = [a.text("name") or "", a.text("description") or "",
             *(p for p in a.items("purposes") if isinstance(p, str))]
    return [clause for text in texts for clause in _CLAUSES.split(text)
            if clause.strip() and _FLOW.search(clause)]


_COMPELLING = lazy_re(r"\bcompelling\b|\blegitimate interests?\b|49\s*\(1\)\s*"
                         r"(second|2nd|subpara|sub-para|UAbs|al\.? ?2)", re.IGNORECASE)


@rule(id="T006", title="Art. 46 safeguard without a transfer impact assessment",
      article="Art. 46(1); CJEU C-311/18", severity=Severity.ERROR, also=_BOTH,
      bad=f"{_US_RECIPIENT}{_CONTRACT}}}]\ntransfers: [{_SCC}}}]",
      good=_WITH_SCC)
def impact_assessment(a: Node) -> Iterator[Hit]:
    """Standard clauses, binding corporate rules and the other Art. 46 tools bind the
    parties, not the destination's authorities. Where no adequacy decision covers the
    destination, the exporter assesses whether its law and practice let the importer keep
    the safeguards, and adds supplementary measures where they do not (CJEU C-311/18
    Schrems II; SCC 2021/914 clause 14; EDPB Recommendations 01/2020). A transfer to the US
    counts as adequate only when every US recipient is certified under the Data Privacy
    Framework; otherwise the assessment may rely on the findings of Decision 2023/1795 on
    EO 14086."""
    for index, transfer in _transfers(a):
        mechanism = transfer.get("mechanism")
        if mechanism in NEEDS_REFERENCE and _outside(transfer) and not transfer.get("tia") \
                and not _adequate_destination(a, transfer):
            where = transfer.get("country") or transfer.get("organisation")
            yield Hit(("transfers", index), f"add tia: the transfer impact assessment for the "
                      f"{mechanism} transfer to {where}, which has no adequacy decision")


# T007: a legal form after a name, or a group relation, marks another legal entity. Legal
# forms are matched with their capitals and only after a word of the name ("Acme AG", not
# "AG Arbeitsschutz", a German working group, nor "AB testing team"); the group words in any
# case and only as phrases naming a company ("parent company", "an affiliate of", not a
# shop's own "affiliate partnerships team").
_ENTITY = lazy_re(
    r"(?<=\w)[.,&)]?\s+(?P<form>Inc\.?|LLC|L\.L\.C\.|LLP|Ltd\.?|Limited|GmbH|AG|S\.A\.|SA|SAS|"
    r"SARL|S\.?r\.?l\.?|S\.p\.A\.|SpA|S\.L\.|B\.V\.|BV|N\.V\.|NV|plc|PLC|Corp\.?|Corporation|"
    r"Pty|K\.K\.|Oy|AB|A/S|ApS|sp\. z o\.o\.|KG|SE)(?![\w])|"
    r"(?i:\b(?P<group>parent (company|companies|group|organi[sz]ation)|holding compan(y|ies)|"
    r"subsidiar(y|ies)|affiliated compan(y|ies)|an affiliate of|our affiliates?|"
    r"group compan(y|ies)|sister compan(y|ies)|"
    r"Mutter(gesellschaft|konzern)|Tochter(gesellschaft|unternehmen)|Konzerngesellschaft|"
    r"Schwestergesellschaft|soci[ée]t[ée] m[èe]re|maison m[èe]re|filiale [àa] 100|"
    r"soci[ée]t[ée] (s(œ|oe)ur|du groupe)|sociedad (matriz|filial|dominante)|empresa del grupo|"
    r"filial|societ[àa] (controllante|controllata|del gruppo|capogruppo)|controllata|"
    r"capogruppo|moeder(maatschappij|onderneming|bedrijf)|dochter(maatschappij|onderneming|"
    r"bedrijf)|groepsmaatschappij|zusterbedrijf)\b)")

@rule(id="T007", title="Another company of the group declared as internal",
      article="Art. 4(9); Art. 4(19); Art. 44", severity=Severity.WARNING,
      bad="recipients: [{name: Acme Inc. (US parent company) IT team, role: internal, "
          "country: US}]",
      good="recipients: [{name: Acme Ltd IT team, role: internal, country: US}]")
def internal_is_own_staff(a: Activity) -> Iterator[Hit]:
    """`role: internal` is the controller's own staff, wherever they work: no disclosure and
    no transfer. A parent company, a subsidiary or another company of the same group is a
    separate legal person: a recipient (Art. 4(9)), a processor or controller in its own
    right (Recital 48 allows an interest in sharing within a group, not an exemption), and
    outside the EEA a transfer (Art. 44). A recipient declared `internal` whose name carries
    another legal entity's form after its name (Inc., LLC, GmbH, S.A., B.V., ...) or says
    "parent company", "subsidiary", "an affiliate of", "group company" is a `warning`; a
    form at the head of a name ("AG Arbeitsschutz", a German working group) and a team
    named after its work ("affiliate partnerships team") are not. The controller's own name
    in the recipient's name (its own IT team) is the declared fact that wins."""
    own = (a.controller.text("name") or "") if a.controller is not None else ""
    for path, recipient in parties(a):
        name = recipient.get("name")
        if recipient.get("role") != "internal" or not isinstance(name, str):
            continue
        rest = _without(name, own)
        match = _ENTITY.search(rest)
        if match:
            entity = match.group("form") or match.group("group")
            yield Hit((*path, "role"), f"'{name}' names another legal entity ('{entity}'): "
                      "a group company is a recipient, not internal; "
                      "declare it as processor or controller (with its contract), and a "
                      "transfer if it is outside the EEA")


def _without(name: str, own: str) -> str:
    """``name`` less the controller's own name (so "Acme Ltd IT team" is Acme's own team)."""
    own = own.strip()
    if not own:
        return name
    return re.sub(re.escape(own), " ", name, flags=re.IGNORECASE)
