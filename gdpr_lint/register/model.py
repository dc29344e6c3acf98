"""The register: the record of processing activities (Art. 30) as its documents show it.

Every renderer reads this model and nothing else. It is built from the project's Record
(`lint/resolve.py`): the declarations are loaded and linted once, controllers are those the
rules saw, and the rights
each activity gives come from the same derivation as the R rules (`rules/rights.py`).

An item is in one of three states: ``given``; ``none`` (declared empty, or absent where
absence means there is nothing, such as transfers when no recipient is outside the EEA);
``missing`` (its key is absent). Missing items are shown and counted, never left blank.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gdpr_lint.lint import git
from gdpr_lint.lint.findings import Finding

if TYPE_CHECKING:
    from gdpr_lint.lint.loader import Document, JsonPath
    from gdpr_lint.lint.model import Activity, Controller
    from gdpr_lint.lint.resolve import Record

GIVEN, NONE, MISSING = "given", "none", "missing"

BASES = {
    "consent": "Consent (Art. 6(1)(a))",
    "contract": "Contract (Art. 6(1)(b))",
    "legal_obligation": "Legal obligation (Art. 6(1)(c))",
    "vital_interests": "Vital interests (Art. 6(1)(d))",
    "public_task": "Public task (Art. 6(1)(e))",
    "legitimate_interests": "Legitimate interests (Art. 6(1)(f))",
}
ART9 = {
    "explicit_consent": "explicit consent (Art. 9(2)(a))",
    "employment_social_security": "employment and social security law (Art. 9(2)(b))",
    "vital_interests": "vital interests (Art. 9(2)(c))",
    "not_for_profit_body": "not-for-profit body (Art. 9(2)(d))",
    "made_public": "made public by the data subject (Art. 9(2)(e))",
    "legal_claims": "legal claims or courts (Art. 9(2)(f))",
    "substantial_public_interest": "substantial public interest (Art. 9(2)(g))",
    "health_or_social_care": "health or social care (Art. 9(2)(h))",
    "public_health": "public health (Art. 9(2)(i))",
    "archiving_research_statistics": "archiving, research or statistics (Art. 9(2)(j))",
}
MECHANISMS = {
    "adequacy": "adequacy decision (Art. 45)",
    "scc": "standard contractual clauses (Art. 46(2)(c))",
    "bcr": "binding corporate rules (Art. 47)",
    "code_of_conduct": "code of conduct (Art. 46(2)(e))",
    "certification": "certification (Art. 46(2)(f))",
    "ad_hoc_clauses": "ad hoc contractual clauses (Art. 46(3)(a))",
    "derogation": "derogation for a specific situation (Art. 49)",
}
RIGHTS = {
    "access": "Access (Art. 15)",
    "rectification": "Rectification (Art. 16)",
    "erasure": "Erasure (Art. 17)",
    "restriction": "Restriction of processing (Art. 18)",
    "portability": "Data portability (Art. 20)",
    "object": "Object (Art. 21)",
    "withdraw_consent": "Withdraw consent at any time (Art. 7(3))",
    "human_review": "Human intervention, to express one's view and contest an automated "
                    "decision (Art. 22(3))",
    "complaint": "Lodge a complaint with a supervisory authority (Art. 77)",
}
SOURCES = {"data_subject": "the data subject", "third_party": "a third party",
           "public": "publicly accessible sources"}
# The Art. 30(1) items the completeness table counts, in the order of the article.
ART30_CONTROLLER = ("controller", "purposes", "data_subjects", "data_categories", "recipients",
                    "transfers", "retention", "security_measures")
ART30_PROCESSOR = ("processor", "controllers", "categories_of_processing", "transfers",
                   "security_measures")


@dataclass(slots=True)  # not frozen: a register builds tens of thousands of them
class Item:
    """One documented item of an entry: its lines of text and whether it was declared."""

    key: str
    label: str
    article: str
    values: tuple[str, ...]
    state: str = GIVEN

    @property
    def text(self) -> str:
        if self.state == MISSING:
            return "MISSING"
        if self.state == NONE and not self.values:
            return "none"
        return "; ".join(self.values)


@dataclass(frozen=True, slots=True)  # a register holds about ten per activity
class Right:
    key: str
    label: str
    note: str = ""


@dataclass(frozen=True)
class Source:
    """Where a register's entries come from: one repository at one commit (SPEC §12).

    ``root`` is the project root inside the repository (``.`` at its top); ``committed``
    the commit's date, which O004 compares with ``max_age``; ``input`` the record file or
    folder an organisation's register read it from.
    """

    repository: str
    commit: str
    built: str
    root: str = "."
    committed: str | None = None
    input: str = ""

    @property
    def short_commit(self) -> str:
        head, _, rest = self.commit.partition(" ")
        short = head[:12] if len(head) == 40 else head
        return f"{short} {rest}".strip()


@dataclass
class Party:
    """A controller or processor as the record names it (Art. 30(1)(a), 30(2)(a))."""

    key: str
    id: str | None
    name: str | None
    contact: str | None
    where: str
    data: dict[str, Any]
    source: Source | None = None

    @property
    def title(self) -> str:
        return self.name or self.id or "Controller not declared"

    def person(self, key: str) -> str | None:
        """`dpo` or `representative` as one line, or None when not declared."""
        value = self.data.get(key)
        if not isinstance(value, dict):
            return None
        return _join([_text(value.get("name")), _text(value.get("contact"))], ", ") or None

    @property
    def requests(self) -> str | None:
        value = self.data.get("requests")
        if not isinstance(value, dict):
            return None
        channel, time = _text(value.get("channel")), _text(value.get("response_time"))
        return _join([channel, f"answered within {human_duration(time) or time}" if time
                      else None], ", ") or None


@dataclass
class RegisterEntry:
    """One activity (record ``controller``) or processor activity (record ``processor``)."""

    record: str
    id: str
    name: str
    where: str
    party: Party | None
    items: list[Item]
    data: dict[str, Any]
    rights: list[Right] = field(default_factory=list)
    history: History | None = None
    node_key: tuple[str, tuple[Any, ...]] = ("", ())  # (file, path) of its declaration
    # Set in an organisation's register: the repository and commit the entry comes from.
    source: Source | None = None

    @property
    def declared_at(self) -> str:
        """``path:line``, and in an organisation's register the repository it is in."""
        if self.source is None:
            return self.where
        return f"{self.source.repository}: {self.where}"

    @property
    def commit(self) -> str | None:
        return self.source.commit if self.source is not None else None
    # The configured evidence files that describe its systems (§13): file, kind, system and
    # the declared categories each shows.
    evidence: list[dict[str, Any]] = field(default_factory=list)

    @functools.cached_property
    def by_key(self) -> dict[str, Item]:
        return {i.key: i for i in self.items}

    def item(self, key: str) -> Item:
        # A record file from elsewhere may lack an item: it is then missing, not an error.
        return self.by_key.get(key) or Item(key, key.replace("_", " ").capitalize(), "", (),
                                            MISSING)

    def value(self, key: str) -> str:
        found = self.by_key.get(key)
        return found.text if found else ""

    @property
    def completeness(self) -> list[Item]:
        keys = ART30_CONTROLLER if self.record == "controller" else ART30_PROCESSOR
        return [self.item(k) for k in keys]

    @property
    def missing(self) -> list[Item]:
        return [i for i in self.completeness if i.state == MISSING]

    @property
    def basis(self) -> str | None:
        value = self.data.get("lawful_basis")
        return value if isinstance(value, str) else None

    def item_state(self, key: str) -> str | None:
        found = self.by_key.get(key)
        return found.state if found else None

    def has_right(self, key: str) -> bool:
        return any(r.key == key for r in self.rights)

    @property
    def review(self) -> ReviewPlan | None:
        return review_of(self.data)


@dataclass(frozen=True, slots=True)
class History:
    """When an entry's lines were committed (git blame): the oldest line still in it and the
    newest; ``uncommitted`` when a line is changed in the work tree and not committed."""

    created: str | None
    last_changed: str | None
    uncommitted: bool

    def lines(self, not_committed: str = "not committed yet",
              uncommitted: str = "with uncommitted changes") -> tuple[str, str]:
        """(created, last changed) as the register prints them."""
        created = self.created or not_committed
        changed = self.last_changed or not_committed
        if self.uncommitted and self.last_changed:
            changed = f"{self.last_changed}, {uncommitted}"
        return created, changed


UNKNOWN_HISTORY = "unknown (not in git history)"


@dataclass(frozen=True, slots=True)
class ReviewPlan:
    """The declared `review` (SPEC §11): who re-reads the entry, when it was last done,
    how often, and so when it is due."""

    owner: str | None
    last_reviewed: str | None
    every: str
    due: str | None


def review_of(data: dict[str, Any]) -> ReviewPlan | None:
    from gdpr_lint.law.dates import review_due

    value = data.get("review")
    if not isinstance(value, dict):
        return None
    every = value.get("every")
    due = review_due(value.get("last_reviewed"), every)
    return ReviewPlan(_text(value.get("owner")), _text(value.get("last_reviewed")),
                  _text(every) or "P1Y", due.isoformat() if due else None)


@dataclass
class Section:
    party: Party
    entries: list[RegisterEntry]


@dataclass(frozen=True)
class SuppressionRow:
    where: str
    scope: str
    rules: tuple[str, ...]
    reason: str
    used: bool


@dataclass
class Register:
    controllers: list[Section]
    processors: list[Section]
    findings: list[Finding]
    suppressions: list[SuppressionRow]
    commit: str
    built: str
    files: int
    version: str
    member_state: str | None = None  # the configured `member_state` (the notice's authority)
    # Every repository the register is built from (one for a repository's own register);
    # ``organisation``: entries from several, each naming its own (`gdpr-lint aggregate`).
    sources: list[Source] = field(default_factory=list)
    organisation: bool = False
    # Every controller the repository itself declares, with activities or not (the record
    # file lists them so that other repositories can refer to them).
    declared: list[Party] = field(default_factory=list)
    # The folder the record file's paths are relative to: the top of the git work tree,
    # else the project root ("" when unknown: paths stay as displayed).
    top: str = ""

    @property
    def entries(self) -> list[RegisterEntry]:
        return [e for s in self.controllers for e in s.entries] + \
               [e for s in self.processors for e in s.entries]

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity.value == severity)


# -- building -----------------------------------------------------------------------------
def build_register(resolved: Record, paths: Sequence[str] = (".",),
                   controller: str | None = None,
                   activities: Iterable[str] | None = None) -> Register:
    """The record of one lint run; ``controller``/``activities`` narrow it (ids)."""
    from gdpr_lint import __version__

    wanted = set(activities) if activities else None
    parties: dict[str, Party] = {}
    sections: dict[str, Section] = {}
    for known in resolved.registry.controllers.values():
        party = _party(known)
        parties[party.key] = party
    declared = [p for p in parties.values() if p.source is None]
    seen: dict[int, Party] = {}  # one Party per controller node, however many activities
    for activity in resolved.activities:
        node = activity.controller
        found = None
        if node is not None:
            found = seen.get(id(node)) or seen.setdefault(id(node), _party(node))
        key = found.key if found else ""
        owner = parties.setdefault(key, found) if found is not None else None
        section = sections.setdefault(key, Section(owner or _nobody(), []))
        entry = _activity_entry(activity, owner)
        if resolved.result.evidence.get(entry.id):
            entry.evidence = resolved.result.evidence[entry.id]
            entry.items.append(_evidence(entry.evidence))
        section.entries.append(entry)
    processors: dict[str, Section] = {}
    for processing in resolved.processor_activities:
        node = processing.processor
        found = None
        if node is not None:
            found = seen.get(id(node)) or seen.setdefault(id(node), _party(node))
        entry = _processor_entry(processing.data, processing.doc, processing.path, found)
        key = found.key if found else ""
        processors.setdefault(key, Section(found or _nobody(), [])).entries.append(entry)
    chosen = [s for s in sections.values() if _picked(s, controller)]
    chosen_processors = [s for s in processors.values() if _picked(s, controller)]
    if wanted is not None:
        for section in (*chosen, *chosen_processors):
            section.entries = [e for e in section.entries if e.id in wanted]
        chosen = [s for s in chosen if s.entries]
        chosen_processors = [s for s in chosen_processors if s.entries]
    built = build_date()
    nodes = [(a.doc, a.path) for a in resolved.activities] + \
        [(p.doc, p.path) for p in resolved.processor_activities]
    found_history = histories(nodes)
    for section in (*chosen, *chosen_processors):
        for entry in section.entries:
            entry.history = found_history.get(entry.node_key)
            entry.items.extend(_history_items(entry.history, entry.review, built))
            entry.__dict__.pop("by_key", None)  # the items changed
    suppressions = [SuppressionRow(f"{path}:{s.line}", s.kind, s.rules, s.reason,
                                   bool(s.used))
                    for path, items in resolved.suppressions.items() for s in items]
    commit = git_commit(paths, list(resolved.documents))
    config = resolved.ctx.config
    source = Source(repository_name(config.root, config.repository), commit, built,
                    _root_in_repository(config.root),
                    git.commit_date(config.root) if not commit.startswith(("not", "git"))
                    else None)
    return Register(chosen, chosen_processors, list(resolved.result.findings), suppressions,
                    commit, built, resolved.result.files, __version__, config.member_state,
                    [source], declared=declared, top=str(_top(config.root)))


def _evidence(files: list[dict[str, Any]]) -> Item:
    """The evidence behind an entry, one line per file."""
    return Item("evidence", "Evidence describing its systems", "Art. 5(2)", tuple(
        f"{e['file']} ({e['kind']}, system {e['system']})" +
        (f": shows {', '.join(e['categories'])}" if e["categories"] else "") for e in files))


def _picked(section: Section, controller: str | None) -> bool:
    return controller is None or controller in (section.party.id, section.party.key)


def _nobody() -> Party:
    return Party("", None, None, None, "", {})


def _where(doc: Document, path: JsonPath) -> str:
    return f"{doc.path}:{doc.position(path)[0]}"


def _party(node: Controller) -> Party:
    origins = getattr(node.doc, "origins", None)  # published by another repository's record
    if origins is not None and isinstance(node.path[-1], int) and origins[node.path[-1]]:
        published: Party = origins[node.path[-1]]
        return published
    data = node.data
    key = node.id or f"{node.doc.path}#{'/'.join(map(str, node.path))}"
    # Every file, a configured controllers file included, is named from the current folder.
    return Party(key, node.id, _text(data.get("name")), _text(data.get("contact")),
                 _where(node.doc, node.path), data)


_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")


def human_duration(text: str) -> str | None:
    """`P2Y6M` -> `2 years 6 months`; None for anything else (times, odd text)."""
    match = _DURATION.match(text)
    if not match or not any(match.groups()):
        return None
    words = []
    for number, unit in zip(match.groups(), ("year", "month", "week", "day"), strict=True):
        if number:
            words.append(f"{int(number)} {unit}{'s' if int(number) != 1 else ''}")
    return " ".join(words)


def _period(text: str) -> str:
    human = human_duration(text)
    return f"{human} ({text})" if human else text


def listed(value: Any) -> list[Any]:
    """A declared list, or [] when the value is something else (the schema reports it)."""
    return value if isinstance(value, list) else []


def _text(value: Any) -> str | None:
    if type(value) is str:
        return value.strip() or None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return str(value)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _join(parts: Iterable[str | None], sep: str = "; ") -> str:
    return sep.join(p for p in parts if p)


def _strings(value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    return tuple(t for t in (_text(v) if not isinstance(v, dict) else _mapping_text(v)
                             for v in items) if t)


def _mapping_text(value: dict[str, Any]) -> str:
    return _join((f"{k}: {_text(v) or _join(_strings(v), ', ')}" for k, v in value.items()),
                 ", ")


def _listed(data: dict[str, Any], key: str, label: str, article: str,
            absent: str = MISSING, render: Any = None) -> Item:
    """A list item: absent -> ``absent`` state, [] -> none, else its entries as text."""
    if key not in data or data[key] is None:
        return Item(key, label, article, (), absent)
    value = data[key]
    if value == [] or value == {}:
        return Item(key, label, article, (), NONE)
    items = value if isinstance(value, list) else [value]
    lines = tuple(render(v) if render and isinstance(v, dict) else _text(v) or
                  (_mapping_text(v) if isinstance(v, dict) else "") for v in items)
    return Item(key, label, article, tuple(line for line in lines if line))


def _scalar(data: dict[str, Any], key: str, label: str, article: str,
            absent: str = MISSING, text: str | None = None) -> Item:
    value = text if text is not None else _text(data.get(key))
    if value is None:
        return Item(key, label, article, (), absent)
    return Item(key, label, article, (value,))


def _recipient(value: dict[str, Any]) -> str:
    where = _text(value.get("country")) or _text(value.get("organisation"))
    details = _join([_text(value.get("role")), where], ", ")
    line = _text(value.get("name")) or "unnamed recipient"
    if details:
        line += f" ({details})"
    if value.get("dpf_certified") is True:
        line += ", certified under the EU-US Data Privacy Framework"
    contract = _text(value.get("contract"))
    if contract:
        line += f"; contract: {contract}"
    categories = _strings(value.get("categories"))
    if categories:
        line += f"; data: {', '.join(categories)}"
    authorisation = _text(value.get("authorisation"))
    if authorisation:
        line += f"; authorisation: {authorisation}"
    return line


def _transfer(value: dict[str, Any]) -> str:
    where = _text(value.get("country")) or _text(value.get("organisation")) or "unnamed"
    recipient = _text(value.get("recipient"))
    if recipient:
        where += f" (for {recipient})"
    mechanism = value.get("mechanism")
    safeguard = MECHANISMS.get(mechanism, _text(mechanism) or "") if isinstance(
        mechanism, str) else ""
    line = f"{where}: {safeguard or 'safeguard MISSING'}"
    reference = _text(value.get("reference"))
    if reference:
        line += f", {reference}"
    tia = _text(value.get("tia"))
    if tia:
        line += f"; transfer impact assessment: {tia}"
    return line


def _retention(value: dict[str, Any]) -> str:
    period, criteria = _text(value.get("period")), _text(value.get("criteria"))
    start, law = _text(value.get("start")), _text(value.get("law"))
    line = _period(period) if period else ""
    if start:
        line = f"{line} from {start}" if line else f"from {start}"
    if criteria:
        line = _join([line, criteria])
    if not line:
        line = "period and criteria MISSING"
    categories = _strings(value.get("categories"))
    if categories:
        line = f"{', '.join(categories)}: {line}"
    if law:
        line += f" ({law})"
    return line


def third_country_recipients(data: dict[str, Any]) -> list[str]:
    from gdpr_lint.law import data as reference

    eea = reference.eea()
    found = []
    for recipient in listed(data.get("recipients")):
        if isinstance(recipient, dict) and recipient.get("role") != "internal":
            country = recipient.get("country")
            if isinstance(country, str) and country not in eea:
                found.append(country)
            elif isinstance(recipient.get("organisation"), str):
                found.append(recipient["organisation"])
    return found


def _transfers(data: dict[str, Any], recipients_key: str = "recipients") -> Item:
    label, article = "Transfers and safeguards", "Art. 30(1)(e); Arts 44-49"
    if data.get("transfers") is None:
        outside = third_country_recipients({"recipients": data.get(recipients_key)})
        if outside:
            return Item("transfers", label, article,
                        (f"recipients outside the EEA ({', '.join(sorted(set(outside)))}) "
                         "and no transfers declared",), MISSING)
        return Item("transfers", label, article, (), NONE)
    return _listed(data, "transfers", label, article, render=_transfer)


def derived_rights(activity: Activity) -> list[Right]:
    """The rights the data subject has here, as the rules see them (gdpr_lint.law.rights): those
    the basis gives, each limited one with the provision that limits it."""
    from gdpr_lint.law.rights import exemptions, provision_name, rights_by_law, rights_restricted

    given = rights_by_law(activity)
    limited = rights_restricted(activity)
    laws = {e.provision: e.law for e in exemptions(activity) if e.law}
    notes: dict[str, str] = {}
    if "erasure" in limited and "erasure" not in given:  # legal obligation, public task
        given["erasure"] = "Art. 17"
        notes["erasure"] = "limited to the extent Art. 17(3)(b) applies"
    for right, provision in limited.items():
        if provision == "Art. 21(6)":  # research for a public task: no objection at all
            given.pop(right, None)
        elif right in given and right not in notes:
            law = next((law for key, law in laws.items() if provision_name(key) == provision),
                       "")
            notes[right] = f"restricted under {provision}{f' ({law})' if law else ''}"
    if given.get("object") == "Art. 21(2)":
        notes["object"] = ("to direct marketing, at any time and without reasons "
                           "(Art. 21(2)-(3))")
    return [Right(k, RIGHTS[k], notes.get(k, "")) for k in RIGHTS if k in given]


def _basis_items(a: Activity) -> list[Item]:
    data, basis = a.data, a.basis
    items = [_scalar(data, "lawful_basis", "Lawful basis", "Art. 6(1)",
                     text=BASES.get(basis or "", _text(basis) or "") or None)]
    if basis == "consent":
        consent = a.mapping("consent")
        lines = [f"{label}: {_text(consent.get(k)) or 'MISSING'}" for k, label in
                 (("how_obtained", "obtained"), ("records", "records"),
                  ("withdrawal", "withdrawal"))]
        if consent.get("explicit") is True:
            lines.append("explicit consent")
        for key, label in (("parental_consent", "parental consent"),
                           ("alternative", "alternative offered")):
            if _text(consent.get(key)):
                lines.append(f"{label}: {_text(consent.get(key))}")
        state = GIVEN if consent else MISSING
        items.append(Item("consent", "Consent and its records", "Art. 7(1)", tuple(lines)
                          if consent else (), state))
    elif basis == "contract":
        contract = a.mapping("contract")
        items.append(Item("contract", "Contract", "Art. 6(1)(b)", tuple(
            f"{label}: {_text(contract.get(k)) or 'MISSING'}" for k, label in
            (("reference", "contract"), ("necessity", "necessity"))) if contract else (),
            GIVEN if contract else MISSING))
    elif basis in ("legal_obligation", "public_task"):
        items.append(_scalar(a.mapping(basis), "law", "Law", "Art. 6(3)"))
    elif basis == "vital_interests":
        items.append(_scalar(a.mapping(basis), "justification", "Why no other basis",
                             "Recital 46"))
    elif basis == "legitimate_interests":
        li = a.mapping("legitimate_interests")
        items.append(_scalar(li, "interest", "Legitimate interest", "Art. 13(1)(d)"))
        lia = li.get("lia")
        if isinstance(lia, dict):
            text = _join([f"assessed on {_text(lia.get('assessed_on'))}"
                          if _text(lia.get("assessed_on")) else None,
                          _text(lia.get("document"))])
            items.append(Item("lia", "Legitimate interests assessment", "Art. 6(1)(f)",
                              (text or "declared inline",)))
        else:
            items.append(Item("lia", "Legitimate interests assessment", "Art. 6(1)(f)", (),
                              MISSING))
    return items


def _activity_entry(a: Activity, party: Party | None) -> RegisterEntry:
    data = a.data
    controller = (Item("controller", "Controller", "Art. 30(1)(a)",
                       (_join([party.name, party.contact], ", "),))
                  if party and party.name and party.contact else
                  Item("controller", "Controller", "Art. 30(1)(a)",
                       (_join([party.name if party else None, "name or contact MISSING"],
                              ", "),) if party else (), MISSING))
    items = [controller]
    if _text(data.get("description")):
        items.append(_scalar(data, "description", "Description", ""))
    items += [
        _listed(data, "joint_controllers", "Joint controllers", "Art. 30(1)(a); Art. 26",
                absent=NONE, render=lambda v: _join([
                    _text(v.get("name")), _text(v.get("contact")),
                    f"arrangement: {_text(v.get('arrangement')) or 'MISSING'}",
                    _text(v.get("responsibilities"))], ", ")),
        _listed(data, "purposes", "Purposes", "Art. 30(1)(b)"),
        _subjects(data),
        _listed(data, "data_categories", "Categories of personal data", "Art. 30(1)(c)"),
        _listed(data, "special_categories", "Special categories", "Art. 9(1)", absent=NONE),
    ]
    if a.special:
        condition = a.text("art9_condition")
        items.append(_scalar(data, "art9_condition", "Art. 9(2) condition", "Art. 9(2)",
                             text=_join([ART9.get(condition or "", condition),
                                         a.text("art9_reference")]) or None))
    items.append(Item("criminal_data", "Criminal convictions and offences data", "Art. 10",
                      (_join(["yes", f"authority: {a.text('art10_authority') or 'MISSING'}"],
                             ", "),) if a.flag("criminal_data") else (),
                      GIVEN if a.flag("criminal_data") else NONE))
    items += [
        _listed(data, "recipients", "Recipients", "Art. 30(1)(d)", render=_recipient),
        _transfers(data),
        _listed(data, "retention", "Retention", "Art. 30(1)(f)", render=_retention),
        _listed(data, "security_measures", "Security measures", "Art. 30(1)(g); Art. 32"),
        *_basis_items(a),
    ]
    rights = derived_rights(a)
    items.append(Item("rights_available", "Rights available (derived from the basis)",
                      "Arts 15-22, 77", tuple(r.label + (f" — {r.note}" if r.note else "")
                                              for r in rights)))
    items.append(_listed(data, "rights", "Rights announced", "Arts 13(2)(b), 14(2)(c)",
                         render=None))
    items.append(_listed(data, "exemptions", "Exemptions relied on", "Arts 14(5), 17(3), "
                         "21(6), 23, 89", absent=NONE, render=lambda v: _join([
                             _text(v.get("provision")), _text(v.get("law")),
                             _text(v.get("justification")),
                             f"rights: {', '.join(_strings(v.get('rights')))}"
                             if v.get("rights") else None], "; ")))
    items.append(_automated(data))
    items.append(Item("profiling", "Profiling", "Art. 4(4)",
                      ("yes",) if a.flag("profiling") else (), GIVEN if a.flag("profiling")
                      else NONE))
    items.append(_source(data))
    items += declared_v12_items(data)
    items.append(_dpia(data))
    items.append(_listed(data, "systems", "Systems and location of the data", ""))
    items.append(_scalar(data, "owner", "Owner", ""))
    items.append(_notice(data))
    name = _text(data.get("name")) or a.id or "(no name)"
    return RegisterEntry("controller", a.id or "(no id)", name, _where(a.doc, a.path), party,
                         items, data, rights, node_key=(a.doc.path, a.path))


CHANNELS = {"email": "e-mail", "sms": "SMS", "phone": "phone calls", "post": "post",
            "messaging": "messaging apps", "push": "push notifications"}
SOFT_OPT_IN = ("existing_customers", "similar_products", "opt_out_at_collection",
               "opt_out_each_message")


def reuse_text(data: dict[str, Any]) -> str | None:
    """`further_processing` as one line: where the data come from and what allows the reuse."""
    reuse = data.get("further_processing")
    if not isinstance(reuse, dict):
        return None
    origin = _text(reuse.get("from"))
    basis = reuse.get("basis_of_reuse")
    allowed = (f"compatible purpose (Art. 6(4)): {_text(reuse.get('compatibility'))}"
               if _text(reuse.get("compatibility")) else
               "your consent" if basis == "consent" else
               f"law: {_text(reuse.get('law')) or 'MISSING'}" if basis == "law" else
               "compatibility assessment MISSING")
    return _join([f"collected for {origin}" if origin else None, allowed])


def channels_text(data: dict[str, Any], soft_opt_in: bool = True) -> str | None:
    """The direct marketing channels, and (for the register) the soft opt-in when all its
    conditions are met."""
    channels = [CHANNELS.get(c, str(c)) for c in listed(data.get("direct_marketing_channels"))]
    if not channels:
        return None
    soft = data.get("soft_opt_in")
    text = ", ".join(channels)
    if soft_opt_in and isinstance(soft, dict) and all(soft.get(k) is True for k in SOFT_OPT_IN):
        text += " (existing customers, similar products: ePrivacy Directive Art. 13(2))"
    return text


def declared_v12_items(data: dict[str, Any]) -> list[Item]:
    """Format v1.2 facts, listed where declared: reuse (Art. 6(4)), marketing channels
    (ePrivacy Art. 13), paper files (Art. 20(1)(b)), Member States served (Art. 8(1))."""
    items = []
    reuse = reuse_text(data)
    if reuse:
        items.append(Item("further_processing", "Further processing of data collected for "
                          "another purpose", "Art. 6(4)", (reuse,)))
    channels = channels_text(data)
    if channels:
        items.append(Item("direct_marketing_channels", "Direct marketing channels",
                          "Art. 21(2); Directive 2002/58/EC Art. 13", (channels,)))
    if data.get("manual_only") is True:
        items.append(Item("manual_only", "Means of processing", "Art. 20(1)(b)",
                          ("paper files only, not automated",)))
    states = _strings(data.get("member_states"))
    if states:
        items.append(Item("member_states", "Member States where the service is offered",
                          "Art. 8(1)", (", ".join(states),)))
    return items


def _subjects(data: dict[str, Any]) -> Item:
    item = _listed(data, "data_subjects", "Categories of data subjects", "Art. 30(1)(c)")
    if data.get("children") is True and item.state == GIVEN:
        age = data.get("children_min_age")
        extra = f"children among them (youngest {age})" if isinstance(age, int) else \
            "children among them"
        return Item(item.key, item.label, item.article, (*item.values, extra))
    return item


def _automated(data: dict[str, Any]) -> Item:
    value = data.get("automated_decisions")
    label, article = "Automated decisions", "Art. 22; Art. 13(2)(f)"
    if not isinstance(value, dict):
        return Item("automated_decisions", label, article, (), NONE)
    lines = ["with legal or similarly significant effect" if value.get(
        "legal_or_similar_effect") is True else "without legal or similarly significant effect"]
    if _text(value.get("exception")):
        lines.append(f"exception: {_text(value.get('exception'))}")
    if _text(value.get("law")):
        lines.append(f"law: {_text(value.get('law'))}")
    safeguards = _strings(value.get("safeguards"))
    if safeguards:
        lines.append(f"safeguards: {', '.join(safeguards)}")
    return Item("automated_decisions", label, article, tuple(lines))


def sources(data: dict[str, Any]) -> list[str]:
    value = data.get("source", "data_subject")
    values = value if isinstance(value, list) else [value]
    return [v for v in values if isinstance(v, str)]


def _source(data: dict[str, Any]) -> Item:
    label, article = "Source of the data", "Art. 14(2)(f)"
    names = [SOURCES.get(s, s) for s in sources(data)]
    if "source" not in data:
        names = ["the data subject (not declared; the default)"]
    detail = _text(data.get("source_detail"))
    return Item("source", label, article, tuple(names) + ((detail,) if detail else ()))


def _dpia(data: dict[str, Any]) -> Item:
    value = data.get("dpia")
    label, article = "Data protection impact assessment", "Art. 35"
    if not isinstance(value, dict):
        return Item("dpia", label, article, (), MISSING)
    if _text(value.get("reference")):
        return Item("dpia", label, article, (_join([
            _text(value.get("reference")), _text(value.get("date"))], ", "),))
    return Item("dpia", label, article, (_join([
        f"not required: {_text(value.get('not_required')) or 'reason MISSING'}",
        _text(value.get("law"))]),))


def _notice(data: dict[str, Any]) -> Item:
    value = data.get("notice")
    label, article = "Privacy notice", "Arts 13, 14"
    if not isinstance(value, dict):
        return Item("notice", label, article, (), MISSING)
    timing = value.get("timing")
    return Item("notice", label, article, (_join([
        _text(value.get("url")) or _text(value.get("document")) or "location MISSING",
        f"given {', '.join(_strings(timing)).replace('_', ' ')}" if timing else None], ", "),))


# -- processor record (Art. 30(2)) -------------------------------------------------------
def _processor_entry(data: dict[str, Any], doc: Document, path: JsonPath,
                     party: Party | None) -> RegisterEntry:
    processor = Item("processor", "Processor", "Art. 30(2)(a)",
                     (_join([party.name, party.contact], ", "),), GIVEN) \
        if party and party.name and party.contact else \
        Item("processor", "Processor", "Art. 30(2)(a)", (), MISSING)
    items = [processor]
    if _text(data.get("description")):
        items.append(_scalar(data, "description", "Description", ""))
    items += [
        _listed(data, "controllers", "Controllers acted for", "Art. 30(2)(a)",
                render=lambda v: _join([_text(v.get("name")) or _text(v.get("category")),
                                        _text(v.get("contact")),
                                        f"contract: {_text(v.get('contract'))}"
                                        if _text(v.get("contract")) else None,
                                        f"list: {_text(v.get('list'))}"
                                        if _text(v.get("list")) else None,
                                        f"representative: {_mapping_text(v['representative'])}"
                                        if isinstance(v.get("representative"), dict) else None,
                                        f"DPO: {_mapping_text(v['dpo'])}"
                                        if isinstance(v.get("dpo"), dict) else None], ", ")),
        _listed(data, "categories_of_processing", "Categories of processing", "Art. 30(2)(b)"),
        _listed(data, "data_subjects", "Categories of data subjects", ""),
        _listed(data, "data_categories", "Categories of personal data", ""),
        _listed(data, "special_categories", "Special categories", "Art. 9(1)", absent=NONE),
        _scalar(data, "contract", "Contract with the controller(s)", "Art. 28(3)"),
        _listed(data, "sub_processors", "Sub-processors", "Art. 28(2), 28(4)", absent=NONE,
                render=_recipient),
        _transfers(data, "sub_processors"),
        _listed(data, "security_measures", "Security measures", "Art. 30(2)(d); Art. 32"),
    ]
    if _text(data.get("owner")):
        items.append(_scalar(data, "owner", "Owner", ""))
    ident = _text(data.get("id")) or "(no id)"
    return RegisterEntry("processor", ident, _text(data.get("name")) or ident,
                         _where(doc, path), party, items, data, node_key=(doc.path, path))


# -- history and review ----------------------------------------------------------------
def histories(nodes: Sequence[tuple[Document, JsonPath]],
              ) -> dict[tuple[str, JsonPath], History]:
    """Each declared entry's history, from one `git blame` per file that declares one (not
    one git call per entry): an entry spans the lines from its own start to the next
    entry's, and its dates are the oldest and newest commit among them. Files outside a git
    work tree, or that git cannot blame, have none (the register says "unknown")."""
    by_doc: dict[int, tuple[Document, list[JsonPath]]] = {}
    for doc, path in nodes:
        by_doc.setdefault(id(doc), (doc, []))[1].append(path)
    found: dict[tuple[str, JsonPath], History] = {}
    in_git: dict[str, bool] = {}  # by folder: files of one folder share their work tree
    for doc, paths in by_doc.values():
        if not doc.path:
            continue
        folder = os.path.dirname(os.path.abspath(doc.path))
        if folder not in in_git:
            in_git[folder] = git.find_worktree(Path(os.path.realpath(folder))) is not None
        if not in_git[folder]:
            continue
        file = Path(doc.path)
        times = git.line_times(file)
        if times is None:
            continue
        for path, (first, last) in _spans(doc, paths).items():
            found[(doc.path, path)] = _history(times[first - 1:last])
    return found


def _spans(doc: Document, paths: list[JsonPath]) -> dict[JsonPath, tuple[int, int]]:
    """The first and last line of each entry at ``paths``: up to the line before the next
    entry, the last one up to its last node (one pass over the file's positions)."""
    wanted: dict[JsonPath, JsonPath] = {path[:2]: path for path in paths if len(path) == 2}
    last: dict[JsonPath, int] = {}
    for where, (line, _) in doc.positions.items():
        owner = wanted.get(where[:2])
        if owner is not None and line > last.get(owner, 0):
            last[owner] = line
    starts = sorted((doc.position(path)[0], path) for path in wanted.values())
    spans: dict[JsonPath, tuple[int, int]] = {}
    for n, (start, path) in enumerate(starts):
        end = starts[n + 1][0] - 1 if n + 1 < len(starts) else last.get(path, start)
        spans[path] = (start, max(start, end))
    return spans


def _day(moment: int) -> str:
    return dt.datetime.fromtimestamp(moment, dt.timezone.utc).date().isoformat()


def _history(times: list[int | None]) -> History:
    committed = [t for t in times if t is not None]
    return History(_day(min(committed)) if committed else None,
                   _day(max(committed)) if committed else None,
                   len(committed) < len(times))


def _history_items(history: History | None, review: ReviewPlan | None,
                   built: str) -> list[Item]:
    created, changed = history.lines() if history else (UNKNOWN_HISTORY, UNKNOWN_HISTORY)
    items = [Item("created", "Created", "", (created,)),
             Item("last_changed", "Last changed", "", (changed,))]
    label, article = "Review", "Art. 5(2); Art. 24(1)"
    if review is None:
        items.append(Item("review", label, article, (), MISSING))
        return items
    lines = [f"owner: {review.owner or 'MISSING'}",
             f"last reviewed {review.last_reviewed}" if review.last_reviewed
             else "never reviewed",
             f"every {human_duration(review.every) or review.every}"]
    if review.due:
        lines.append(f"due {review.due}" + (" (overdue)" if review.due < built[:10] else ""))
    items.append(Item("review", label, article, tuple(lines)))
    return items


# -- provenance ------------------------------------------------------------------------
def git_commit(paths: Sequence[str], files: Sequence[str] = ()) -> str:
    """HEAD of the git work tree holding the first path, marked when a declaration changed.

    Only the declaration files count: a register written into the work tree must not make
    the next one say "uncommitted changes".
    """
    first = paths[0] if paths else "."
    folder = first if os.path.isdir(first) else os.path.dirname(first) or "."
    if not files:
        return _git_head(folder, paths)
    return _git_head(folder, files)


def _git_head(folder: str, paths: Sequence[str]) -> str:
    if git.find_worktree(Path(os.path.realpath(folder))) is None:
        return "not in a git work tree"
    try:
        head = git.run(folder, "rev-parse", "HEAD")
        if head.returncode != 0:  # e.g. no commit yet
            return "not in a git work tree"
        status = git.run(folder, "status", "--porcelain", "--untracked-files=all",
                         "--", *(os.path.relpath(p, folder) for p in paths))
    except git.GitError:
        return "git not available"
    commit = head.stdout.decode().strip()
    return commit + (" with uncommitted changes" if status.stdout.strip() else "")


_CREDENTIALS = re.compile(r"(?<=://)[^/@]*@")
_SCP_USER = re.compile(r"^[^/@:]+@(?=[^/:]+:)")  # git@github.com:acme/shop.git


def repository_name(root: Path, configured: str | None = None) -> str:
    """The repository a record names (SPEC §12): the configured ``repository``, else the
    URL of the git remote ``origin`` without credentials, else the root folder's name."""
    if configured:
        return configured
    worktree = git.find_worktree(Path(os.path.realpath(root)))
    url = git.origin_url(worktree) if worktree is not None else None
    if url:
        return strip_credentials(url)
    return (worktree or Path(os.path.realpath(root))).name


def strip_credentials(url: str) -> str:
    """A remote URL without user, password or token (``https://x:TOKEN@host/a`` ->
    ``https://host/a``); the user of an scp-like address (``git@host:a``) goes too."""
    url = _CREDENTIALS.sub("", url.strip())
    return _SCP_USER.sub("", url)


def _top(root: Path) -> Path:
    real = Path(os.path.realpath(root))
    return git.find_worktree(real) or real


def _root_in_repository(root: Path) -> str:
    real = Path(os.path.realpath(root))
    return real.relative_to(_top(root)).as_posix()


def build_date() -> str:
    """Now, or SOURCE_DATE_EPOCH when set (reproducible builds), in UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        moment = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    else:
        moment = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
