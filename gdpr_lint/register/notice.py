"""The layered privacy notice (Arts 12-14, 21(4)) drafted from the record.

First layer: "Basic data protection information", a table per controller. Then the right to
object, on its own (Art. 21(4)). Then a second layer per activity with the rest of Arts 13
and 14. What the declarations do not say is listed for the author, never invented.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from gdpr_lint.register.model import (
    BASES,
    MISSING,
    NONE,
    SOURCES,
    Item,
    Party,
    Register,
    RegisterEntry,
    Section,
    channels_text,
    listed,
    reuse_text,
    sources,
)
from gdpr_lint.register.templates import render_template


@dataclass
class Row:
    label: str
    article: str
    lines: list[str]
    missing: bool = False


@dataclass
class Todo:
    where: str
    activity: str
    label: str
    article: str


@dataclass
class ActivityNotice:
    entry: RegisterEntry
    rows: list[Row]


@dataclass
class ControllerNotice:
    party: Party
    first_layer: list[Row]
    objections: list[tuple[RegisterEntry, str]]
    activities: list[ActivityNotice]
    todo: list[Todo] = field(default_factory=list)


def _lines(item: Item) -> list[str]:
    return list(item.values)


def _indirect(entry: RegisterEntry) -> bool:
    return any(s != "data_subject" for s in sources(entry.data))


def _direct(entry: RegisterEntry) -> bool:
    return "data_subject" in sources(entry.data)


def _mapping(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    return value if isinstance(value, dict) else {}


def _requirement(entry: RegisterEntry) -> str | None:
    """Art. 13(2)(e): statutory or contractual requirement, where the basis says it."""
    data, basis = entry.data, entry.basis
    if basis == "contract":
        contract = _mapping(data, "contract")
        reference = contract.get("reference")
        necessity = contract.get("necessity")
        text = "Providing the data is necessary to enter into or perform the contract"
        text += f" ({reference})" if isinstance(reference, str) else ""
        text += f"; without them: {necessity}" if isinstance(necessity, str) else ""
        return text + "."
    if basis == "legal_obligation":
        law = _mapping(data, "legal_obligation").get("law")
        return "Providing the data is a statutory requirement" + \
            (f" ({law})." if isinstance(law, str) else ".")
    if basis == "consent":
        return "Providing the data is voluntary: you may refuse, and withdraw consent at any " \
               "time, without any other consequence than not receiving what it is for."
    return None


def _objection(entry: RegisterEntry, how: str) -> str | None:
    if not entry.has_right("object"):
        return None
    purposes = "; ".join(entry.item("purposes").values) or entry.name
    if entry.data.get("direct_marketing") is True:
        return (f"You may object at any time, without giving reasons, to the use of your data "
                f"for direct marketing ({purposes}), including profiling related to it; we "
                f"then stop using them for that purpose (Art. 21(2)-(3)). {how}")
    return (f"You may object at any time, on grounds relating to your particular situation, "
            f"to the processing for {purposes} (Art. 21(1)). We then stop unless we "
            f"demonstrate compelling legitimate grounds that override your interests, rights "
            f"and freedoms, or the processing is needed for legal claims. {how}")


def _how(party: Party) -> str:
    channel = party.requests or party.contact
    return f"To exercise your rights, contact: {channel}." if channel else ""


def build_notice(section: Section) -> ControllerNotice:
    party, entries = section.party, section.entries
    todo: list[Todo] = []

    def need(entry: RegisterEntry | None, label: str, article: str) -> None:
        activity = entry.id if entry else "(controller)"
        if any(t.activity == activity and t.article == article for t in todo):
            return  # the first layer and the second ask for the same item
        todo.append(Todo(entry.where if entry else party.where or "(controller)",
                         entry.id if entry else "(controller)", label, article))

    first: list[Row] = []
    identity = ", ".join(p for p in (party.name, party.contact) if p)
    if not (party.name and party.contact):
        need(None, "Controller name and contact", "Art. 13(1)(a)")
    first.append(Row("Controller", "Art. 13(1)(a)", [identity] if identity else [],
                     not (party.name and party.contact)))
    dpo = party.person("dpo")
    if dpo:
        first.append(Row("Data protection officer", "Art. 13(1)(b)", [dpo]))
    else:
        need(None, "Data protection officer's contact, if one is designated (dpo)",
             "Art. 13(1)(b)")
    first.append(Row("Purposes and lawful basis", "Art. 13(1)(c)", [
        f"{'; '.join(e.item('purposes').values) or e.name} — "
        f"{BASES.get(e.basis or '', 'lawful basis MISSING')}" for e in entries]))
    recipients: list[str] = []
    for entry in entries:
        item = entry.item("recipients")
        if item.state == MISSING:
            need(entry, "Recipients (recipients)", "Art. 13(1)(e)")
        recipients += [v for v in item.values if v.split(";")[0] not in
                       [r.split(";")[0] for r in recipients]]
        if item.state == MISSING:
            recipients.append(f"{entry.name}: MISSING")
    first.append(Row("Recipients", "Art. 13(1)(e)",
                     [r.split(";")[0] for r in recipients] or ["none"]))
    transfers = []
    for entry in entries:
        item = entry.item("transfers")
        if item.state == MISSING:
            need(entry, "Transfers outside the EEA and their safeguards (transfers)",
                 "Art. 13(1)(f)")
        transfers += [f"{entry.name}: {v}" for v in item.values] if item.state != MISSING \
            else [f"{entry.name}: MISSING"]
    first.append(Row("Transfers outside the EEA and safeguards", "Art. 13(1)(f)",
                     transfers or ["none"]))
    retention = []
    for entry in entries:
        item = entry.item("retention")
        if item.state == MISSING:
            need(entry, "Retention period or criteria (retention)", "Art. 13(2)(a)")
        retention.append(f"{entry.name}: {'; '.join(item.values) or 'MISSING'}")
    first.append(Row("How long the data are kept", "Art. 13(2)(a)", retention))
    rights: list[str] = []
    for entry in entries:
        rights += [r.label for r in entry.rights if r.label not in rights and
                   r.key not in ("complaint", "object")]
    if any(e.has_right("object") for e in entries):
        rights.append("Object (Art. 21): see below")
    how = _how(party)
    if how:
        rights.append(how)
    else:
        need(None, "Where to send requests (requests.channel or contact)", "Art. 12(2)")
    first.append(Row("Your rights and how to exercise them", "Arts 13(2)(b)-(c), 15-22", rights))
    first.append(Row("Right to complain", "Art. 13(2)(d); Art. 77", [
        "You may lodge a complaint with a supervisory authority, in particular in the Member "
        "State of your habitual residence, place of work or of the alleged infringement."]))
    automated = [f"{e.name}: {'; '.join(e.item('automated_decisions').values)}"
                 for e in entries if e.item("automated_decisions").values]
    first.append(Row("Automated decisions, including profiling", "Art. 13(2)(f)",
                     automated or ["none"]))
    indirect = [e for e in entries if _indirect(e)]
    if indirect:
        lines = []
        for entry in indirect:
            detail = entry.data.get("source_detail")
            names = ", ".join(SOURCES.get(s, s) for s in sources(entry.data)
                              if s != "data_subject")
            lines.append(f"{entry.name}: {names}" + (f" ({detail})" if isinstance(
                detail, str) else ""))
        first.append(Row("Where the data come from", "Art. 14(2)(f)", lines))

    objections = [(e, text) for e in entries if (text := _objection(e, how)) is not None]
    activities = [ActivityNotice(e, _second_layer(e, party, need)) for e in entries]
    return ControllerNotice(party, first, objections, activities, todo)


Need = Callable[[RegisterEntry | None, str, str], None]


def _second_layer(entry: RegisterEntry, party: Party, need: Need) -> list[Row]:
    rows: list[Row] = []

    def add(label: str, article: str, item_or_lines: Item | list[str] | None,
            missing_label: str | None = None) -> None:
        if isinstance(item_or_lines, Item):
            if item_or_lines.state == MISSING:
                rows.append(Row(label, article, [], True))
                need(entry, missing_label or label, article)
                return
            lines = _lines(item_or_lines) or ["none"]
        elif item_or_lines is None:
            rows.append(Row(label, article, [], True))
            need(entry, missing_label or label, article)
            return
        else:
            lines = item_or_lines
        rows.append(Row(label, article, lines))

    data = entry.data
    add("Purposes", "Art. 13(1)(c)", entry.item("purposes"), "Purposes (purposes)")
    basis = entry.basis
    add("Lawful basis", "Art. 13(1)(c)", [BASES[basis]] if basis in BASES else None,
        "Lawful basis (lawful_basis)")
    if basis == "legitimate_interests":
        add("Legitimate interest pursued", "Art. 13(1)(d)", entry.item("interest"),
            "The legitimate interest pursued (legitimate_interests.interest)")
    if basis == "consent" or data.get("art9_condition") == "explicit_consent":
        consent = _mapping(data, "consent")
        withdrawal = consent.get("withdrawal")
        add("Withdrawing consent", "Art. 13(2)(c); Art. 7(3)",
            [f"You may withdraw consent at any time: {withdrawal}. Withdrawal does not affect "
             "the lawfulness of processing based on consent before it."]
            if isinstance(withdrawal, str) else None, "How to withdraw consent "
            "(consent.withdrawal)")
    reuse = reuse_text(data)
    if reuse:  # Art. 13(3), 14(4): told before the data are used for the new purpose
        add("Use of your data for another purpose", "Art. 13(3); Art. 14(4)", [reuse])
    channels = channels_text(data, soft_opt_in=False)
    if channels:  # Art. 21(2) applies to direct marketing under any basis
        add("Direct marketing", "Art. 21(2)-(4)", [f"We contact you by {channels}. You may "
                                                   "object at any time, free of charge, and "
                                                   "we then stop."])
    add("Categories of personal data", "Art. 14(1)(d)", entry.item("data_categories"),
        "Categories of personal data (data_categories)")
    if entry.item("special_categories").state != NONE:
        add("Special categories of data", "Art. 9", entry.item("special_categories"))
    add("Recipients", "Art. 13(1)(e)", entry.item("recipients"), "Recipients (recipients)")
    add("Transfers outside the EEA and safeguards", "Art. 13(1)(f)", entry.item("transfers"),
        "Transfers and their safeguards (transfers)")
    add("How long the data are kept", "Art. 13(2)(a)", entry.item("retention"),
        "Retention (retention)")
    add("Your rights", "Art. 13(2)(b)", [r.label + (f" — {r.note}" if r.note else "")
                                        for r in entry.rights])
    representative = party.person("representative")
    from gdpr_lint.law import data as reference

    country = party.data.get("country")
    if representative:
        add("Representative in the Union", "Art. 13(1)(a); Art. 27", [representative])
    elif isinstance(country, str) and country not in reference.eea():
        add("Representative in the Union", "Art. 13(1)(a); Art. 27", None,
            "The controller's representative in the Union (representative)")
    joint = [j for j in listed(data.get("joint_controllers")) if isinstance(j, dict)]
    joint += [r for r in listed(data.get("recipients")) if isinstance(r, dict) and
              r.get("role") == "joint_controller"]
    if joint:
        essence = [f"{j.get('name', 'joint controller')}: {j['responsibilities']}"
                   for j in joint if isinstance(j.get("responsibilities"), str)]
        add("Joint controllers: the essence of the arrangement", "Art. 26(2)",
            essence if len(essence) == len(joint) else None,
            "The essence of the joint-controller arrangement (joint_controllers[]."
            "responsibilities)")
    automated = data.get("automated_decisions")
    if isinstance(automated, dict):
        add("Automated decisions", "Art. 22", entry.item("automated_decisions"))
        add("The logic involved, its significance and consequences", "Art. 13(2)(f)", None,
            "Meaningful information about the logic involved, and the significance and "
            "envisaged consequences of the automated decisions")
    if _direct(entry):
        requirement = _requirement(entry)
        add("Whether you must provide the data", "Art. 13(2)(e)",
            [requirement] if requirement else None,
            "Whether providing the data is a statutory or contractual requirement, and the "
            "consequences of not providing them")
    if _indirect(entry):
        detail = data.get("source_detail")
        add("Where the data come from", "Art. 14(2)(f)",
            [detail] if isinstance(detail, str) and detail.strip() else None,
            "From which source the data come (source_detail)")
    return rows


def build_notices(record: Register) -> list[ControllerNotice]:
    return [build_notice(s) for s in record.controllers if s.entries]


def render(fmt: str, record: Register) -> str:
    template = "notice.html.j2" if fmt == "html" else "notice.md.j2"
    return render_template(fmt, template, record=record, notices=build_notices(record))
