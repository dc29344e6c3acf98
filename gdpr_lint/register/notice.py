"""The layered privacy notice (Arts 12-14, 21(4)) drafted from the record, one per audience.

An audience is the activities that share a published notice (`notice.url` without its
fragment, or `notice.document`); an activity without one belongs to each group of data
subjects it names. Each audience's notice has a short first layer (EDPB/WP29 Guidelines on
transparency, WP260 rev.01 §§ 35-38: who we are, the purposes one line each, the rights and
the complaint), the right to object on its own (Art. 21(4)), then a second layer per activity
with the rest of Arts 13 and 14. Every fixed text goes through the catalogue of the chosen
language (`i18n.py`); declared values are shown as written, enum values as words. Nothing
internal is shown: contract references, systems, owners, files, assessments and reviews stay
in the register. What the declarations do not say is listed for the author, never invented.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from gdpr_lint.register.i18n import N_, country_name, environment, long_date, translations
from gdpr_lint.register.model import (
    Register,
    RegisterEntry,
    Right,
    Section,
    listed,
    sources,
)

BASES = {
    "consent": N_("Your consent (Art. 6(1)(a) GDPR)"),
    "contract": N_("Performance of a contract with you, or steps you asked for before "
                   "entering into one (Art. 6(1)(b) GDPR)"),
    "legal_obligation": N_("Compliance with a legal obligation (Art. 6(1)(c) GDPR)"),
    "vital_interests": N_("Protection of vital interests (Art. 6(1)(d) GDPR)"),
    "public_task": N_("Performance of a task carried out in the public interest or in the "
                      "exercise of official authority (Art. 6(1)(e) GDPR)"),
    "legitimate_interests": N_("Legitimate interests (Art. 6(1)(f) GDPR)"),
}
ART9 = {
    "explicit_consent": N_("your explicit consent (Art. 9(2)(a) GDPR)"),
    "employment_social_security": N_("obligations and rights in employment and social "
                                     "security law (Art. 9(2)(b) GDPR)"),
    "vital_interests": N_("protection of vital interests (Art. 9(2)(c) GDPR)"),
    "not_for_profit_body": N_("activities of a not-for-profit body with its members "
                              "(Art. 9(2)(d) GDPR)"),
    "made_public": N_("data you have manifestly made public (Art. 9(2)(e) GDPR)"),
    "legal_claims": N_("establishment, exercise or defence of legal claims "
                       "(Art. 9(2)(f) GDPR)"),
    "substantial_public_interest": N_("reasons of substantial public interest "
                                      "(Art. 9(2)(g) GDPR)"),
    "health_or_social_care": N_("medical diagnosis, treatment, health or social care "
                                "(Art. 9(2)(h) GDPR)"),
    "public_health": N_("reasons of public interest in public health (Art. 9(2)(i) GDPR)"),
    "archiving_research_statistics": N_("archiving in the public interest, scientific or "
                                        "historical research or statistics "
                                        "(Art. 9(2)(j) GDPR)"),
}
SPECIAL = {
    "racial_or_ethnic_origin": N_("racial or ethnic origin"),
    "political_opinions": N_("political opinions"),
    "religious_or_philosophical_beliefs": N_("religious or philosophical beliefs"),
    "trade_union_membership": N_("trade union membership"),
    "genetic": N_("genetic data"),
    "biometric": N_("biometric data for identifying a person"),
    "health": N_("data concerning health"),
    "sex_life": N_("data concerning sex life"),
    "sexual_orientation": N_("sexual orientation"),
}
RIGHTS = {
    "access": N_("Access to your data (Art. 15 GDPR)"),
    "rectification": N_("Rectification (Art. 16 GDPR)"),
    "erasure": N_("Erasure (Art. 17 GDPR)"),
    "restriction": N_("Restriction of processing (Art. 18 GDPR)"),
    "portability": N_("Data portability (Art. 20 GDPR)"),
    "object": N_("Objection (Art. 21 GDPR): see below"),
    "withdraw_consent": N_("Withdrawal of consent at any time (Art. 7(3) GDPR)"),
    "human_review": N_("Human intervention, expressing your point of view and contesting an "
                       "automated decision (Art. 22(3) GDPR)"),
}
ROLES = {
    "processor": N_("service provider acting on our instructions (processor)"),
    "controller": N_("independent controller"),
    "joint_controller": N_("joint controller"),
    "public_authority": N_("public authority"),
}
MECHANISMS = {
    "adequacy": N_("adequacy decision of the European Commission (Art. 45 GDPR)"),
    "scc": N_("standard data protection clauses adopted by the European Commission "
              "(Art. 46(2)(c) GDPR)"),
    "bcr": N_("binding corporate rules (Art. 47 GDPR)"),
    "code_of_conduct": N_("approved code of conduct (Art. 46(2)(e) GDPR)"),
    "certification": N_("approved certification mechanism (Art. 46(2)(f) GDPR)"),
    "ad_hoc_clauses": N_("contractual clauses authorised by the supervisory authority "
                         "(Art. 46(3)(a) GDPR)"),
    "derogation": N_("derogation for a specific situation (Art. 49 GDPR)"),
}
SOURCES = {"third_party": N_("other organisations or persons (third parties)"),
           "public": N_("publicly accessible sources")}
EXCEPTIONS = {
    "contract": N_("it is necessary for entering into or performing a contract with you"),
    "law": N_("it is authorised by law"),
    "explicit_consent": N_("it is based on your explicit consent"),
}
SAFEGUARDS = {
    "human_intervention": N_("you may ask for a person to review the decision"),
    "express_view": N_("you may express your point of view"),
    "contest": N_("you may contest the decision"),
}
_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")


@dataclass
class Row:
    label: str
    lines: list[str]
    missing: bool = False
    prose: bool = False  # sentences, shown as paragraphs rather than a list
    after: list[str] = field(default_factory=list)  # set: line i leads to activity i of
    # the second layer, and after[i] follows the link


@dataclass
class Todo:
    """An item the declarations lack: ``label`` in the notice's language for the reader of the
    draft; ``key`` and ``where`` for the author's terminal (commands/notice.py), never shown in
    the notice."""

    activity: str
    label: str
    key: str
    where: str


@dataclass
class ActivityNotice:
    entry: RegisterEntry
    rows: list[Row]


@dataclass
class ControllerNotice:
    title: str
    first_layer: list[Row]
    objections: list[tuple[str, str]]
    activities: list[ActivityNotice]
    todo: list[Todo] = field(default_factory=list)


@dataclass
class Audience:
    """The activities one published notice covers."""

    slug: str
    names: tuple[str, ...]  # what --audience accepts: the URL or document, or a data subject
    label: str  # who it is for, as declared (the data subjects)
    sections: list[Section]


class Phrases:
    """The fixed texts of one language: ``_`` and ``ngettext`` over its catalogue."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        catalogue = translations(lang)
        self._ = catalogue.gettext
        self.ngettext = catalogue.ngettext

    def word(self, table: dict[str, str], key: Any) -> str | None:
        """An enum value as words; None for a value the schema rejects (never the token)."""
        return self._(table[key]) if isinstance(key, str) and key in table else None

    def duration(self, text: str) -> str:
        """An ISO 8601 duration (``P2Y6M``) in words; anything else as written."""
        match = _DURATION.match(text.strip())
        if not match or not any(match.groups()):
            return text
        years, months, weeks, days = (int(n) if n else 0 for n in match.groups())
        ngettext = self.ngettext
        parts = [ngettext("%(num)d year", "%(num)d years", years) % {"num": years} if years
                 else "",
                 ngettext("%(num)d month", "%(num)d months", months) % {"num": months}
                 if months else "",
                 ngettext("%(num)d week", "%(num)d weeks", weeks) % {"num": weeks} if weeks
                 else "",
                 ngettext("%(num)d day", "%(num)d days", days) % {"num": days} if days
                 else ""]
        return " ".join(p for p in parts if p)

    def country(self, code: Any) -> str | None:
        return country_name(code, self.lang) if isinstance(code, str) and code.strip() else None


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _strings(value: Any) -> list[str]:
    return [t for t in (_text(v) for v in listed(value)) if t]


def _mapping(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    return value if isinstance(value, dict) else {}


# -- audiences ----------------------------------------------------------------------------
def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:60].strip("-") or "notice"


def _published(entry: RegisterEntry) -> tuple[str, str] | None:
    """(key, slug) of the notice the activity declares it is published in, if any."""
    notice = _mapping(entry.data, "notice")
    url = _text(notice.get("url"))
    if url:
        page = url.split("#", 1)[0]
        return page, _slug(re.sub(r"^[a-z]+://(www\.)?", "", page))
    document = _text(notice.get("document"))
    if document:
        name = re.split(r"[\\/]", document)[-1]
        return document, _slug(name.rsplit(".", 1)[0] if "." in name else name)
    return None


def audiences(record: Register) -> list[Audience]:
    """Every audience of the record, in the order its first activity is declared.

    The activities that declare where their notice is published form one audience per
    location. An activity that declares none joins each of those audiences that already
    speaks to one of its data subjects (the CCTV of a hospital belongs in the patients' and
    in the staff's notice), and otherwise the audience of each data subject it names.
    """
    groups: dict[str, _Group] = {}
    parties: dict[str, Section] = {}
    unpublished: list[tuple[Section, RegisterEntry]] = []
    for section in record.controllers:
        parties[section.party.key] = section
        for entry in section.entries:
            published = _published(entry)
            if published:
                groups.setdefault(published[0], _Group(published[1], [published[0]])).add(
                    section, entry)
            else:
                unpublished.append((section, entry))
    speaking_to: dict[str, list[_Group]] = {}  # data subject -> the published audiences
    for group in groups.values():
        for subject in group.subjects:
            speaking_to.setdefault(subject.casefold(), []).append(group)
    for section, entry in unpublished:
        named = _strings(entry.data.get("data_subjects"))
        joined = list({id(g): g for s in named for g in speaking_to.get(s.casefold(), [])}
                      .values())
        for group in joined:
            group.add(section, entry, subjects=False)
        for subject in [s for s in named if s.casefold() not in speaking_to]:
            groups.setdefault(subject.casefold(), _Group(_slug(subject), [])).add(
                section, entry, only=subject)
        if not named and not joined:
            groups.setdefault("", _Group("notice", [])).add(section, entry)
    found: list[Audience] = []
    slugs: set[str] = set()
    for group in groups.values():
        unique, number = group.slug, 2
        while unique in slugs:
            unique, number = f"{group.slug}-{number}", number + 1
        slugs.add(unique)
        found.append(Audience(unique, (*group.names, unique), ", ".join(group.subjects), [
            Section(parties[k].party, entries) for k, entries in group.by_party.items()]))
    return found


class _Group:
    def __init__(self, slug: str, names: list[str]) -> None:
        self.slug, self.names = slug, names
        self.subjects: list[str] = []
        self.by_party: dict[str, list[RegisterEntry]] = {}
        self._folded: set[str] = set()
        self._entries: set[int] = set()

    def add(self, section: Section, entry: RegisterEntry, subjects: bool = True,
            only: str | None = None) -> None:
        if id(entry) not in self._entries:
            self._entries.add(id(entry))
            self.by_party.setdefault(section.party.key, []).append(entry)
        if subjects:
            for subject in [only] if only else _strings(entry.data.get("data_subjects")):
                if subject.casefold() not in self._folded:
                    self._folded.add(subject.casefold())
                    self.subjects.append(subject)


def pick(found: list[Audience], wanted: str) -> Audience | None:
    """The audience ``wanted`` names: its URL (with or without a fragment) or document, its
    slug, or one of its data subjects."""
    key = wanted.strip().split("#", 1)[0]
    for audience in found:
        if key in audience.names or key.casefold() in audience.names:
            return audience
    for audience in found:
        if key.casefold() in [s.strip().casefold() for s in audience.label.split(",")]:
            return audience
    return None


# -- one controller's notice ---------------------------------------------------------------
Need = Callable[[RegisterEntry | None, str, str], None]


def build_notice(section: Section, words: Phrases, member_state: str | None) -> ControllerNotice:
    _ = words._
    party, entries = section.party, section.entries
    todo: list[Todo] = []

    asked: set[tuple[str, str]] = set()

    def need(entry: RegisterEntry | None, label: str, key: str) -> None:
        activity = entry.name if entry else party.title
        if (activity, label) in asked:
            return  # the first layer and the second ask for the same item
        asked.add((activity, label))
        todo.append(Todo(activity, label, key, entry.where if entry else party.where))

    first: list[Row] = []
    identity = [p for p in (party.name, party.contact) if p]
    if len(identity) < 2:
        need(None, _("The controller's name and contact details (Art. 13(1)(a) GDPR)"),
             "controller: name, contact")
    first.append(Row(_("Controller"), [", ".join(identity)] if identity else [],
                     len(identity) < 2))
    dpo = party.person("dpo")
    if dpo:
        first.append(Row(_("Data protection officer"), [dpo]))
    else:
        need(None, _("The contact details of the data protection officer, where one is "
                     "designated (Art. 13(1)(b) GDPR)"), "controller: dpo")
    first.append(Row(_("Purposes and lawful basis"), [
        "; ".join(_strings(e.data.get("purposes"))) or e.name for e in entries],
        after=[f"({words.word(BASES, e.basis) or _('lawful basis missing')})"
               for e in entries]))
    names: list[str] = []
    for entry in entries:
        names += [n for n in _recipient_names(entry) if n not in names]
    first.append(Row(_("Recipients"), [", ".join(names) or _("none")]))
    countries: list[str] = []
    for entry in entries:
        countries += [c for c in _transfer_countries(entry, words) if c not in countries]
    first.append(Row(_("Transfers outside the European Economic Area"), [
        _("Countries: %(countries)s. The safeguards are described with each activity below.") % {
            "countries": ", ".join(countries)}] if countries else [_("none")]))
    rights = [words.word(RIGHTS, r.key) or "" for r in _rights(entries) if r.key != "complaint"]
    how = _how(party, words)
    if how:
        rights.append(how)
    else:
        need(None, _("Where to send requests to exercise the rights (Art. 12(2) GDPR)"),
             "controller: requests.channel or contact")
    first.append(Row(_("Your rights"), rights))
    first.append(Row(_("Right to lodge a complaint with a supervisory authority"),
                     _complaint(party, words, member_state, need), prose=True))
    if any(isinstance(e.data.get("automated_decisions"), dict) for e in entries):
        first.append(Row(_("Automated decision-making, including profiling"), [
            e.name for e in entries if isinstance(e.data.get("automated_decisions"), dict)]))
    indirect = [e for e in entries if any(s != "data_subject" for s in sources(e.data))]
    if indirect:
        first.append(Row(_("Where the data come from"), [
            f"{e.name}: " + ", ".join(w for s in sources(e.data) if (w := words.word(SOURCES, s)))
            for e in indirect]))

    objections = [(e.name, text) for e in entries
                  if (text := _objection(e, words, how)) is not None]
    activities = [ActivityNotice(e, _second_layer(e, party, words, need)) for e in entries]
    title = party.name or party.id or _("Controller not declared")
    return ControllerNotice(title, first, objections, activities, todo)


def _rights(entries: Iterable[RegisterEntry]) -> list[Right]:
    found: list[Right] = []
    for entry in entries:
        found += [r for r in entry.rights if r.key not in [f.key for f in found]]
    return sorted(found, key=lambda r: list(RIGHTS).index(r.key) if r.key in RIGHTS else 99)


def _how(party: Any, words: Phrases) -> str:
    _ = words._
    requests = _mapping(party.data, "requests")
    channel = _text(requests.get("channel")) or party.contact
    if not channel:
        return ""
    text = _("To exercise your rights, contact: %(channel)s.") % {"channel": channel}
    time = _text(requests.get("response_time"))
    if time:
        text += " " + _("We answer within %(time)s.") % {"time": words.duration(time)}
    return text


def _complaint(party: Any, words: Phrases, member_state: str | None, need: Need) -> list[str]:
    from gdpr_lint.law import data as reference

    _ = words._
    lines = [_("You have the right to lodge a complaint with a supervisory authority, in "
               "particular in the Member State of your habitual residence, your place of "
               "work or the place of the alleged infringement (Art. 77 GDPR).")]
    country = member_state or _text(party.data.get("country"))
    authority = reference.supervisory_authority(country)
    if authority is None:
        need(None, _("The supervisory authority competent for the controller: set "
                     "member_state in the configuration"), "configuration: member_state")
        return lines
    named = _("%(name)s, %(address)s, %(website)s") % authority
    if authority.get("private_controllers") == "land" and party.data.get(
            "public_authority") is not True:
        lines.append(_("The authority competent for us is the data protection supervisory "
                       "authority of the German Land in which we are established (section 40 "
                       "BDSG). The federal authority, competent for federal public bodies, is: "
                       "%(authority)s.") % {"authority": named})
        need(None, _("The data protection supervisory authority of the Land in which the "
                     "controller is established, with its address (section 40 BDSG)"),
             "the Land's supervisory authority (not declarable: add it to the published "
             "notice)")
    else:
        lines.append(_("The supervisory authority competent for us is: %(authority)s.")
                     % {"authority": named})
    return lines


def _recipient_names(entry: RegisterEntry) -> list[str]:
    return [name for r in listed(entry.data.get("recipients"))
            if (name := _recipient_name(r)) is not None]


def _recipient_name(value: Any) -> str | None:
    if isinstance(value, dict):
        if value.get("role") == "internal":
            return None  # the controller's own staff: not a disclosure
        return _text(value.get("name"))
    return _text(value)


def _transfer_countries(entry: RegisterEntry, words: Phrases) -> list[str]:
    """The third countries the data go to: declared transfers, and recipients outside the
    EEA (their transfers may be missing: the second layer says so)."""
    from gdpr_lint.register.model import third_country_recipients

    found = [words.country(code) or code for code in third_country_recipients(entry.data)]
    for transfer in listed(entry.data.get("transfers")):
        if isinstance(transfer, dict):
            where = words.country(transfer.get("country")) or _text(transfer.get("organisation"))
            if where and where not in found:
                found.append(where)
    return found


def _objection(entry: RegisterEntry, words: Phrases, how: str) -> str | None:
    _ = words._
    if not entry.has_right("object"):
        return None
    purposes = "; ".join(_strings(entry.data.get("purposes"))) or entry.name
    if entry.data.get("direct_marketing") is True:
        text = _("You may object at any time, without giving reasons, to the use of your data "
                 "for direct marketing (%(purposes)s), including profiling related to it; we "
                 "then no longer use them for that purpose (Art. 21(2) and (3) GDPR).")
    else:
        text = _("You may object at any time, on grounds relating to your particular "
                 "situation, to the processing for %(purposes)s (Art. 21(1) GDPR). We then "
                 "stop, unless we demonstrate compelling legitimate grounds that override "
                 "your interests, rights and freedoms, or the processing serves the "
                 "establishment, exercise or defence of legal claims.")
    return " ".join(t for t in (text % {"purposes": purposes}, how) if t)


CHANNELS = {
    "email": N_("e-mail"), "sms": N_("text message"), "phone": N_("phone call"),
    "post": N_("post"), "messaging": N_("messaging app"), "push": N_("push notification"),
}


def _reuse_line(data: dict[str, Any], words: Phrases) -> str | None:
    """Art. 13(3): the data were collected for another purpose, and why they may serve this."""
    _ = words._
    reuse = _mapping(data, "further_processing")
    if not reuse:
        return None
    origin = _text(reuse.get("from")) or "-"
    law = _text(reuse.get("law"))
    if _text(reuse.get("compatibility")):
        text = _("Collected for: %(origin)s. Used for this purpose because it is compatible "
                 "with the original one (Art. 6(4) GDPR).")
    elif reuse.get("basis_of_reuse") == "consent":
        text = _("Collected for: %(origin)s. Used for this purpose with your consent "
                 "(Art. 6(4) GDPR).")
    elif reuse.get("basis_of_reuse") == "law" and law:
        text = _("Collected for: %(origin)s. Used for this purpose as the law provides: "
                 "%(law)s (Art. 6(4) GDPR).")
    else:
        return None
    return text % {"origin": origin, "law": law}


# -- the second layer ----------------------------------------------------------------------
def _second_layer(entry: RegisterEntry, party: Any, words: Phrases, need: Need) -> list[Row]:
    _ = words._
    rows: list[Row] = []
    data = entry.data

    def add(label: str, lines: list[str] | None, missing: str, key: str) -> None:
        if lines is None:
            rows.append(Row(label, [], True))
            need(entry, missing, key)
        else:
            rows.append(Row(label, lines or [_("none")]))

    purposes = _strings(data.get("purposes"))
    add(_("Purposes"), purposes or None, _("The purposes of the processing (Art. 13(1)(c) "
                                            "GDPR)"), "purposes")
    basis = words.word(BASES, entry.basis)
    condition = words.word(ART9, data.get("art9_condition"))
    add(_("Lawful basis"), ([basis] + ([_("for the special categories of data: %(condition)s")
                                        % {"condition": condition}] if condition else []))
        if basis else None, _("The lawful basis (Art. 13(1)(c) GDPR)"), "lawful_basis")
    if entry.basis == "legitimate_interests":
        interest = _text(_mapping(data, "legitimate_interests").get("interest"))
        add(_("Legitimate interests pursued"), [interest] if interest else None,
            _("The legitimate interests pursued (Art. 13(1)(d) GDPR)"),
            "legitimate_interests.interest")
    law = _text(_mapping(data, entry.basis or "").get("law")) if entry.basis in (
        "legal_obligation", "public_task") else None
    if law:
        add(_("Legal basis in law"), [law], "", "")
    if entry.basis == "consent" or data.get("art9_condition") == "explicit_consent":
        withdrawal = _text(_mapping(data, "consent").get("withdrawal"))
        add(_("Withdrawing your consent"), [
            _("You may withdraw your consent at any time: %(how)s. Withdrawal does not affect "
              "the lawfulness of processing based on consent before its withdrawal.")
            % {"how": withdrawal}] if withdrawal else None,
            _("How consent can be withdrawn (Art. 13(2)(c) GDPR)"), "consent.withdrawal")
    reuse = _reuse_line(data, words)
    if reuse:  # Art. 13(3), 14(4): told before the data are used for the new purpose
        add(_("Use of your data for another purpose"), [reuse], "", "")
    channels = [w for c in listed(data.get("direct_marketing_channels"))
                if (w := words.word(CHANNELS, c))]
    if channels:  # Art. 21(2)-(4): any basis; brought to the data subject's attention
        add(_("Direct marketing"), [_("We contact you by %(channels)s. You may object at any "
                                      "time, free of charge, and we then stop.")
                                    % {"channels": ", ".join(channels)}], "", "")
    categories = _strings(data.get("data_categories"))
    add(_("Categories of personal data"), categories or None,
        _("The categories of personal data (Art. 14(1)(d) GDPR)"), "data_categories")
    special = [w for s in listed(data.get("special_categories"))
               if (w := words.word(SPECIAL, s))]
    if special:
        add(_("Special categories of personal data"), special, "", "")
    if "recipients" in data:
        add(_("Recipients"), [_recipient_line(r, words) for r in listed(data["recipients"])
                              if _recipient_name(r) is not None], "", "")
    else:
        add(_("Recipients"), None, _("The recipients or categories of recipients "
                                     "(Art. 13(1)(e) GDPR)"), "recipients")
    transfers = _transfers(data, words)
    if transfers is not None:
        add(_("Transfers outside the European Economic Area"), transfers, "", "")
    else:
        add(_("Transfers outside the European Economic Area"), None,
            _("The transfers outside the European Economic Area and their safeguards "
              "(Art. 13(1)(f) GDPR)"), "transfers")
    retention = [_retention_line(r, words) for r in listed(data.get("retention"))
                 if isinstance(r, dict)] if "retention" in data else []
    if isinstance(data.get("retention"), dict):
        retention = [_retention_line(data["retention"], words)]
    add(_("How long the data are kept"), [r for r in retention if r] or None,
        _("How long the data are kept, or the criteria that decide it (Art. 13(2)(a) GDPR)"),
        "retention")
    add(_("Your rights"), [_right_line(r, words) for r in entry.rights
                           if r.key in RIGHTS], "", "")
    representative = party.person("representative")
    from gdpr_lint.law import data as reference

    country = party.data.get("country")
    if representative:
        add(_("Representative in the Union"), [representative], "", "")
    elif isinstance(country, str) and country not in reference.eea():
        add(_("Representative in the Union"), None,
            _("The controller's representative in the Union (Art. 27 GDPR)"),
            "controller: representative")
    joint = [j for j in listed(data.get("joint_controllers")) if isinstance(j, dict)]
    joint += [r for r in listed(data.get("recipients")) if isinstance(r, dict) and
              r.get("role") == "joint_controller"]
    if joint:
        essence = [f"{_text(j.get('name')) or _('joint controller')}: {j['responsibilities']}"
                   for j in joint if _text(j.get("responsibilities"))]
        add(_("Joint controllers: the essence of the arrangement"),
            essence if len(essence) == len(joint) else None,
            _("The essence of the arrangement between joint controllers (Art. 26(2) GDPR)"),
            "joint_controllers[].responsibilities")
    automated = data.get("automated_decisions")
    if isinstance(automated, dict):
        add(_("Automated decision-making, including profiling"),
            _automated_lines(automated, words), "", "")
        add(_("The logic involved, its significance and the envisaged consequences"), None,
            _("Meaningful information about the logic involved in the automated decisions, "
              "and their significance and envisaged consequences (Art. 13(2)(f) GDPR)"),
            "automated_decisions (not declarable: add it to the published notice)")
    if "data_subject" in sources(data):
        requirement = _requirement(entry, words)
        add(_("Whether you must provide the data"), [requirement] if requirement else None,
            _("Whether providing the data is a statutory or contractual requirement, and the "
              "consequences of not providing them (Art. 13(2)(e) GDPR)"),
            "lawful_basis, contract.necessity")
    if any(s != "data_subject" for s in sources(data)):
        detail = _text(data.get("source_detail"))
        add(_("Where the data come from"), [detail] if detail else None,
            _("From which source the data come (Art. 14(2)(f) GDPR)"), "source_detail")
    return rows


def _recipient_line(value: Any, words: Phrases) -> str:
    _ = words._
    name = _recipient_name(value) or ""
    if not isinstance(value, dict):
        return name
    details = [w for w in (words.word(ROLES, value.get("role")),
                           words.country(value.get("country")) or
                           _text(value.get("organisation"))) if w]
    line = f"{name} — {', '.join(details)}" if details else name
    if value.get("dpf_certified") is True:
        line += "; " + _("certified under the EU-US Data Privacy Framework")
    return line


def _transfers(data: dict[str, Any], words: Phrases) -> list[str] | None:
    from gdpr_lint.register.model import third_country_recipients

    _ = words._
    if data.get("transfers") is None:
        return None if third_country_recipients(data) else []
    lines = []
    copy = False
    for transfer in listed(data.get("transfers")):
        if not isinstance(transfer, dict):
            continue
        where = words.country(transfer.get("country")) or _text(
            transfer.get("organisation")) or _("a third country")
        mechanism = words.word(MECHANISMS, transfer.get("mechanism"))
        copy = copy or transfer.get("mechanism") not in ("adequacy", "derogation")
        lines.append(f"{where}: {mechanism}" if mechanism else where)
    if lines and copy:
        lines.append(_("You can obtain a copy of the safeguards from us at the contact "
                       "given above."))
    return lines


def _retention_line(value: dict[str, Any], words: Phrases) -> str:
    _ = words._
    period, criteria = _text(value.get("period")), _text(value.get("criteria"))
    start, law = _text(value.get("start")), _text(value.get("law"))
    line = words.duration(period) if period else ""
    if start:
        line = (_("%(period)s from %(start)s") % {"period": line, "start": start} if line
                else _("from %(start)s") % {"start": start})
    line = "; ".join(p for p in (line, criteria) if p)
    categories = _strings(value.get("categories"))
    if categories and line:
        line = f"{', '.join(categories)}: {line}"
    if law and line:
        line += f" ({law})"
    return line


def _right_line(right: Right, words: Phrases) -> str:
    _ = words._
    label = words.word(RIGHTS, right.key) or ""
    if right.key == "object":
        return label
    if right.note.startswith("limited to the extent Art. 17(3)(b)"):
        return label + " — " + _("limited where the law requires us to keep the data "
                                 "(Art. 17(3)(b) GDPR)")
    if right.note.startswith("restricted under "):
        return label + " — " + _("restricted under %(provision)s") % {
            "provision": right.note.removeprefix("restricted under ")}
    return label


def _automated_lines(value: dict[str, Any], words: Phrases) -> list[str]:
    _ = words._
    lines = [_("The decisions have legal effects for you or similarly significantly affect "
               "you.") if value.get("legal_or_similar_effect") is True else
             _("The decisions have no legal or similarly significant effect for you.")]
    exception = words.word(EXCEPTIONS, value.get("exception"))
    if exception:
        lines.append(_("They are permitted because %(reason)s.") % {"reason": exception})
    lines += [w for s in listed(value.get("safeguards")) if (w := words.word(SAFEGUARDS, s))]
    return lines


def _requirement(entry: RegisterEntry, words: Phrases) -> str | None:
    """Art. 13(2)(e): statutory or contractual requirement, where the basis says it."""
    _ = words._
    data, basis = entry.data, entry.basis
    if basis == "contract":
        necessity = _text(_mapping(data, "contract").get("necessity"))
        text = _("Providing the data is necessary to enter into or perform the contract with "
                 "you.")
        return text + (" " + _("Without them: %(consequence)s.") % {"consequence": necessity}
                       if necessity else "")
    if basis == "legal_obligation":
        law = _text(_mapping(data, "legal_obligation").get("law"))
        return _("Providing the data is a statutory requirement (%(law)s).") % {"law": law} \
            if law else _("Providing the data is a statutory requirement.")
    if basis == "consent":
        return _("Providing the data is voluntary: you may refuse, and withdraw your consent at "
                 "any time, without any consequence other than not receiving what it is for.")
    return None


# -- documents -----------------------------------------------------------------------------
def build_notices(record: Register, lang: str = "en",
                  audience: Audience | None = None) -> list[ControllerNotice]:
    words = Phrases(lang)
    sections = audience.sections if audience else record.controllers
    return [build_notice(s, words, record.member_state) for s in sections if s.entries]


def render(fmt: str, record: Register, lang: str = "en",
           audience: Audience | None = None) -> str:
    """One audience's notice (or, without one, every activity of the record) in ``lang``."""
    template = "notice.html.j2" if fmt == "html" else "notice.md.j2"
    notices = build_notices(record, lang, audience)
    return environment(fmt, lang).get_template(template).render(
        record=record, notices=notices, lang=lang, audience=audience,
        updated=long_date(record.built, lang))
