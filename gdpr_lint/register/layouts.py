"""Columns of the tabular register (CSV, XLSX): generic, ICO and CNIL layouts.

A column is a heading and a function from an entry to the cell's text. The ICO layout
follows the column order and headings of the ICO's documentation template for controllers
(its Art. 30 RoPA, privacy notice, consent, location and DPIA columns); the CNIL layout the
fields of the CNIL's model "registre des activités de traitement", in French.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from gdpr_lint.register.model import GIVEN, MISSING, NONE, Item, Register, RegisterEntry, listed

LAYOUTS = ("generic", "ico", "cnil")

# Cells that a spreadsheet would read as a formula (or DDE) are prefixed with an apostrophe:
# declaration text is data (OWASP, CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


@dataclass(frozen=True)
class Words:
    missing: str
    none: str
    not_applicable: str
    yes: str
    no: str
    unknown: str = "unknown (not in git history)"
    not_committed: str = "not committed yet"
    uncommitted: str = "with uncommitted changes"
    item: str = "Item"
    declared: str = "Declared"
    record_sheets: str = "Record sheets"
    controller: str = "Controller"
    dpo: str = "Data protection officer"
    representative: str = "Representative"
    declared_at: str = "Declared at"


ENGLISH = Words("MISSING", "none", "not applicable", "yes", "no")
FRENCH = Words("MANQUANT", "aucun", "sans objet", "oui", "non",
               "inconnue (hors de l'historique git)", "pas encore enregistrée dans git",
               "modifiée depuis, non enregistrée", "Rubrique", "Déclaré",
               "Fiches de registre", "Responsable du traitement",
               "Délégué à la protection des données", "Représentant", "Déclaré dans")

Cell = Callable[[RegisterEntry, Register], str]


@dataclass(frozen=True)
class Layout:
    name: str
    columns: tuple[tuple[str, Cell], ...]
    processors: bool  # rows for processor activities too
    words: Words

    @property
    def headings(self) -> list[str]:
        return [heading for heading, _ in self.columns]

    def row(self, entry: RegisterEntry, record: Register) -> list[str]:
        return [neutralise(cell(entry, record)) for _, cell in self.columns]


def _text(item: Item, words: Words) -> str:
    if item.state == MISSING:
        detail = "; ".join(item.values)
        return f"{words.missing}: {detail}" if detail else words.missing
    if item.state == NONE and not item.values:
        return words.none
    return "; ".join(item.values)


def item(key: str, words: Words = ENGLISH, absent: str | None = None) -> Cell:
    """The entry's item ``key``; ``absent`` (default: not applicable) when it has none."""

    def cell(entry: RegisterEntry, _: Register) -> str:
        found = entry.by_key.get(key)
        if found is None:
            return absent if absent is not None else words.not_applicable
        return _text(found, words)

    return cell


def attribute(name: str) -> Cell:
    return lambda entry, _record: str(getattr(entry, name))


def party(key: str, words: Words) -> Cell:
    def cell(entry: RegisterEntry, _: Register) -> str:
        if entry.party is None:
            return words.missing
        if key == "name":
            return ", ".join(p for p in (entry.party.name, entry.party.contact) if p) or \
                words.missing
        return entry.party.person(key) or words.none

    return cell


def history(part: int, words: Words) -> Cell:
    """Created (0) or last changed (1), from git history; unknown outside it."""
    def cell(entry: RegisterEntry, _: Register) -> str:
        if entry.history is None:
            return words.unknown
        return entry.history.lines(words.not_committed, words.uncommitted)[part]

    return cell


def review(part: str, words: Words) -> Cell:
    """The review's owner or due date (SPEC §11 `review`)."""
    def cell(entry: RegisterEntry, _: Register) -> str:
        review = entry.review
        if review is None:
            return words.missing
        value = review.owner if part == "owner" else review.due
        return value or words.missing

    return cell


def _missing_count(entry: RegisterEntry, _: Register) -> str:
    return str(len(entry.missing))


def commit(entry: RegisterEntry, record: Register) -> str:
    """The entry's own commit in an organisation's register, else the register's."""
    return entry.commit or record.commit


def built(entry: RegisterEntry, record: Register) -> str:
    return entry.source.built if entry.source is not None else record.built


GENERIC = Layout("generic", (
    ("record", attribute("record")),
    ("id", attribute("id")),
    ("name", attribute("name")),
    ("controller or processor", party("name", ENGLISH)),
    ("data protection officer", party("dpo", ENGLISH)),
    ("representative", party("representative", ENGLISH)),
    ("joint controllers", item("joint_controllers")),
    ("controllers acted for", item("controllers")),
    ("purposes", item("purposes")),
    ("categories of processing", item("categories_of_processing")),
    ("data subjects", item("data_subjects")),
    ("data categories", item("data_categories")),
    ("special categories", item("special_categories")),
    ("art. 9 condition", item("art9_condition")),
    ("criminal data", item("criminal_data")),
    ("recipients", item("recipients")),
    ("sub-processors", item("sub_processors")),
    ("transfers", item("transfers")),
    ("retention", item("retention")),
    ("security measures", item("security_measures")),
    ("lawful basis", item("lawful_basis")),
    ("consent", item("consent")),
    ("contract", item("contract")),
    ("law", item("law")),
    ("vital interests justification", item("justification")),
    ("legitimate interest", item("interest")),
    ("legitimate interests assessment", item("lia")),
    ("rights available", item("rights_available")),
    ("rights announced", item("rights")),
    ("exemptions", item("exemptions")),
    ("automated decisions", item("automated_decisions")),
    ("profiling", item("profiling")),
    ("source", item("source")),
    ("dpia", item("dpia")),
    ("systems", item("systems")),
    ("owner", item("owner")),
    ("notice", item("notice")),
    ("created", history(0, ENGLISH)),
    ("last changed", history(1, ENGLISH)),
    ("review owner", review("owner", ENGLISH)),
    ("review due", review("due", ENGLISH)),
    ("missing art. 30 items", _missing_count),
    ("declared at", attribute("declared_at")),
    ("commit", commit),
    ("built", built),
), True, ENGLISH)


def _processor_contracts(entry: RegisterEntry, _: Register) -> str:
    recipients = entry.data.get("recipients")
    if not isinstance(recipients, list):
        return ENGLISH.missing
    lines = []
    for recipient in recipients:
        if isinstance(recipient, dict) and recipient.get("role") == "processor":
            contract = recipient.get("contract")
            name = recipient.get("name") or "unnamed processor"
            lines.append(f"{name}: {contract}" if isinstance(contract, str) and contract
                         else f"{name}: {ENGLISH.missing}")
    return "; ".join(lines) or ENGLISH.none


def _transfer_places(entry: RegisterEntry, _: Register) -> str:
    found = [i for i in entry.items if i.key == "transfers"]
    if found and found[0].state == MISSING:
        return _text(found[0], ENGLISH)
    places = [t.get("country") or t.get("organisation") for t in
              listed(entry.data.get("transfers")) if isinstance(t, dict)]
    return "; ".join(str(p) for p in places if p) or ENGLISH.none


def _categories_with_special(entry: RegisterEntry, record: Register) -> str:
    text = item("data_categories")(entry, record)
    special = [i for i in entry.items if i.key == "special_categories" and i.state == GIVEN]
    if special:
        text += f"; special categories: {'; '.join(special[0].values)}"
    return text


def _art9(entry: RegisterEntry, record: Register) -> str:
    return item("art9_condition", absent=ENGLISH.not_applicable)(entry, record)


def _automated_and_profiling(entry: RegisterEntry, record: Register) -> str:
    automated = item("automated_decisions")(entry, record)
    if entry.data.get("profiling") is True:
        return f"{automated}; profiling" if automated != ENGLISH.none else "profiling"
    return automated


def _consent_record(entry: RegisterEntry, record: Register) -> str:
    if entry.basis != "consent" and entry.data.get("art9_condition") != "explicit_consent":
        return ENGLISH.not_applicable
    consent = entry.data.get("consent")
    records = consent.get("records") if isinstance(consent, dict) else None
    return records if isinstance(records, str) and records.strip() else ENGLISH.missing


def _dpia_part(part: str) -> Cell:
    def cell(entry: RegisterEntry, _: Register) -> str:
        dpia = entry.data.get("dpia")
        if not isinstance(dpia, dict):
            return ENGLISH.missing
        done = bool(dpia.get("reference"))
        if part == "required":
            return ENGLISH.yes if done else ENGLISH.no + (
                f": {dpia['not_required']}" if isinstance(dpia.get("not_required"), str) else "")
        if part == "progress":
            return (f"completed {dpia['date']}" if dpia.get("date") else "completed") \
                if done else ENGLISH.not_applicable
        return str(dpia["reference"]) if done else ENGLISH.not_applicable

    return cell


# The ICO documentation template (controllers), columns 1-23 in its order and words; the
# template's personal data breach and DPA 2018 Schedule 1 columns have no counterpart in a
# declaration and are left out. Provenance columns follow.
ICO = Layout("ico", (
    ("Business function", item("owner")),
    ("Purpose of processing", item("purposes")),
    ("Name and contact details of joint controller (if applicable)",
     item("joint_controllers")),
    ("Categories of individuals", item("data_subjects")),
    ("Categories of personal data", _categories_with_special),
    ("Categories of recipients", item("recipients")),
    ("Link to contract with processor", _processor_contracts),
    ("Names of third countries or international organisations that personal data are "
     "transferred to (if applicable)", _transfer_places),
    ("Safeguards for exceptional transfers of personal data to third countries or "
     "international organisations (if applicable)", item("transfers")),
    ("Retention schedule (if possible)", item("retention")),
    ("General description of technical and organisational security measures (if possible)",
     item("security_measures")),
    ("Article 6 lawful basis for processing personal data", item("lawful_basis")),
    ("Article 9 condition for processing special category data", _art9),
    ("Legitimate interests for the processing (if applicable)", item("interest")),
    ("Link to record of legitimate interests assessment (if applicable)", item("lia")),
    ("Rights available to individuals", item("rights_available")),
    ("Existence of automated decision-making, including profiling (if applicable)",
     _automated_and_profiling),
    ("The source of the personal data (if applicable)", item("source")),
    ("Link to record of consent", _consent_record),
    ("Location of personal data", item("systems")),
    ("Data Protection Impact Assessment required?", _dpia_part("required")),
    ("Data Protection Impact Assessment progress", _dpia_part("progress")),
    ("Link to Data Protection Impact Assessment", _dpia_part("link")),
    ("Controller", party("name", ENGLISH)),
    ("Created", history(0, ENGLISH)),
    ("Last changed", history(1, ENGLISH)),
    ("Review owner", review("owner", ENGLISH)),
    ("Review due", review("due", ENGLISH)),
    ("Declared at", attribute("declared_at")),
    ("Commit", commit),
    ("Built", built),
), False, ENGLISH)


def by_name(name: str) -> Layout:
    """The layout called ``name`` (one of LAYOUTS)."""
    if name == "cnil":
        from gdpr_lint.register.cnil import CNIL

        return CNIL
    return {"generic": GENERIC, "ico": ICO}[name]


def rows(record: Register, layout: Layout) -> list[tuple[RegisterEntry, list[str]]]:
    chosen = [e for s in record.controllers for e in s.entries]
    if layout.processors:
        chosen += [e for s in record.processors for e in s.entries]
    return [(entry, layout.row(entry, record)) for entry in chosen]
