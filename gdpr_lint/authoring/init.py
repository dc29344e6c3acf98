"""`gdpr-lint init`: a first declaration, written by asking the lawful-basis flowchart's
questions (seed 001) in order.

The lawful basis comes from the decision flowchart (required by law? necessary for a
contract with the person? a public authority's official function? a threat to life? a
legitimate interest that survives the balancing test? otherwise consent), then come the
questions the chosen basis needs. Answers come from options, from an answers file (YAML
or JSON, keyed like the declaration: `consent.how_obtained`, or nested), or from prompts.
Prompts use click, which reads a terminal and piped input alike and re-asks on an invalid
answer. What stays unanswered is written honestly: documenting free text (how consent is
obtained, a law, a contract, a notice URL) as `TODO`, which X008 reports; a date, choice,
yes/no, reference or list is left out, so the rule that needs it reports it (B001, D002,
D004, ...). The id and the name are needed to write the file at all.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from gdpr_lint.edit.edits import country_code, enum_value, plain_or_quoted
from gdpr_lint.law.duration import iso_duration
from gdpr_lint.lint.discover import UsageError

PLACEHOLDER = "TODO"
BASES = ("consent", "contract", "legal_obligation", "vital_interests", "public_task",
         "legitimate_interests")

# Seed 001's decision flowchart, in its order: (answer key, question, basis, article).
FLOWCHART = (
    ("required_by_law", "Is the processing required by EU or Member State law?",
     "legal_obligation", "Art. 6(1)(c)"),
    ("contract_necessary", "Is it necessary to perform a contract with the person, or to take "
     "steps they asked for before entering into one?", "contract", "Art. 6(1)(b)"),
    ("official_function", "Is it carried out by a public authority performing an official "
     "function?", "public_task", "Art. 6(1)(e)"),
    ("threat_to_life", "Is there an immediate threat to someone's life?", "vital_interests",
     "Art. 6(1)(d)"),
    ("legitimate_interest", "Do you (or a third party) have a legitimate interest that is not "
     "overridden by the person's rights, after a balancing test?", "legitimate_interests",
     "Art. 6(1)(f)"),
)
ARTICLES = {basis: article for _, _, basis, article in FLOWCHART} | {"consent": "Art. 6(1)(a)"}

# What each basis documents (SPEC §3): (field, question).
BASIS_BLOCK: dict[str, tuple[tuple[str, str], ...]] = {
    "consent": (("how_obtained", "How is consent asked for and given (e.g. an unticked "
                 "checkbox on the signup form)?"),
                ("records", "Where is each consent recorded (Art. 7(1))?"),
                ("withdrawal", "How can the person withdraw consent, as easily as they gave "
                 "it (Art. 7(3))?")),
    "contract": (("reference", "Which contract, or which step the person asked for before "
                  "one?"),
                 ("necessity", "Why is the processing objectively necessary for it?")),
    "legal_obligation": (("law", "Which EU or Member State provision requires it (e.g. "
                          "§ 147 AO)?"),),
    "public_task": (("law", "Which EU or Member State law sets the task or official "
                     "authority?"),),
    "vital_interests": (("justification", "Why can no other basis apply (Recital 46)?"),),
    "legitimate_interests": (("interest", "Which legitimate interest is pursued?"),),
}
LIA_TESTS = (("purpose_test", "Purpose test: why is the interest legitimate?"),
             ("necessity_test", "Necessity test: why is the processing necessary for it?"),
             ("balancing_test", "Balancing test: why do the person's rights not override it?"))
NEEDS_ART9_REFERENCE = {"employment_social_security", "substantial_public_interest",
                        "health_or_social_care", "public_health",
                        "archiving_research_statistics"}
NEEDS_TRANSFER_REFERENCE = {"scc", "bcr", "code_of_conduct", "certification",
                            "ad_hoc_clauses"}


def _enum(path: str) -> list[str]:
    """The allowed values of an activity field, from the schema (one source of truth)."""
    from gdpr_lint.edit.edits import schemas_at

    steps: list[str | int] = ["activities", 0]
    for part in path.split("."):
        steps += [part, 0] if part.endswith("[]") else [part]
    steps = [s[:-2] if isinstance(s, str) and s.endswith("[]") else s for s in steps]
    for schema in schemas_at(tuple(steps)):
        if isinstance(schema.get("enum"), list):
            return [str(v) for v in schema["enum"]]
        items = schema.get("items")
        if isinstance(items, dict) and isinstance(items.get("enum"), list):
            return [str(v) for v in items["enum"]]
    return []


def _has_field(*path: str | int) -> bool:
    from gdpr_lint.edit.edits import schemas_at

    return bool(schemas_at(("activities", 0, *path)))


# -- converting answers -------------------------------------------------------------------
def _yes_no(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("y", "yes", "true", "1", "ja", "oui"):
        return True
    if text in ("n", "no", "false", "0", "nein", "non"):
        return False
    raise click.BadParameter("answer yes or no")


def _text(value: Any) -> str:
    if isinstance(value, (dict, list)):
        raise click.BadParameter("expected text")
    text = str(value).strip()
    for character in text:  # YAML would fold a NEL or a line separator into a space
        if character in "\x85\u2028\u2029" or (ord(character) < 32 and character != "\t") \
                or 0x7f <= ord(character) < 0xa0:
            raise click.BadParameter(f"the answer holds the control or line-break character "
                                     f"U+{ord(character):04X}, which the file could not keep "
                                     "as written: write it on one line without it")
    return text


def _choice(choices: Sequence[str]) -> Callable[[Any], str]:
    def convert(value: Any) -> str:
        text = str(value).strip()
        if text.isdigit() and 1 <= int(text) <= len(choices):
            return choices[int(text) - 1]
        found = text if text in choices else enum_value(text, list(choices))
        if found is None:
            raise click.BadParameter(f"'{text}' is not one of {', '.join(choices)}")
        return found

    return convert


def _country(value: Any) -> str:
    code = country_code(str(value))
    if code is None:
        raise click.BadParameter(f"'{value}' is not a country: give its ISO 3166-1 code "
                                 "(DE, FR, US, ...) or its name")
    return code


def _duration(value: Any) -> str:
    text = str(value).strip()
    converted = iso_duration(text)  # an ISO duration already comes back as written
    if converted is None:
        raise click.BadParameter(f"'{text}' is not a period: write it as P2Y, 6 months, "
                                 "90 days, ...")
    return converted


def _date(value: Any) -> str:
    text = str(value).strip()
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(f"'{text}' is not a date written YYYY-MM-DD") from None
    return text


def _age(value: Any) -> int:
    """A child's age in whole years: 0 (a newborn, a maternity ward) to 18."""
    text = str(value).strip()
    if not text.isdigit() or not 0 <= int(text) < 19:
        raise click.BadParameter(f"'{text}' is not a child's age in years (0 to 18)")
    return int(text)


def _slug(value: Any) -> str:
    import re

    text = str(value).strip()
    if not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", text):
        raise click.BadParameter(f"'{text}' is not an id: lower-case letters, digits, '.', "
                                 "'_' and '-', such as newsletter or crm-contacts")
    return text


# -- asking ----------------------------------------------------------------------------------
MAX_TRIES = 3  # invalid answers in a row to one question (`yes | gdpr-lint init` must end)
MAX_ITEMS = 100  # items of one list answered at the prompt


@dataclass
class Asker:
    """Answers from options or the answers file first, then from prompts when allowed."""

    given: dict[str, Any]
    interactive: bool
    exhausted: bool = False
    asked: set[str] = field(default_factory=set)

    def _prompt(self, question: str, hint: str) -> str | None:
        if not self.interactive or self.exhausted:
            return None
        try:
            text: str = click.prompt(f"{question} {hint}".rstrip(), default="",
                                     show_default=False, prompt_suffix="\n> ")
        except click.Abort:
            if sys.stdin is not None and sys.stdin.isatty():
                raise  # the person pressed Ctrl-C or Ctrl-D: stop
            self.exhausted = True  # piped input has ended: the rest stays unanswered
            return None
        return text.strip() or None

    def ask(self, key: str, question: str, convert: Callable[[Any], Any],
            hint: str = "") -> Any:
        self.asked.add(key)
        if key in self.given:
            value = self.given[key]
            if value is None or value == "":
                return None
            try:
                return convert(value)
            except click.BadParameter as exc:
                raise UsageError(f"answer '{key}': {exc.message}") from None
        for _ in range(MAX_TRIES):
            text = self._prompt(question, hint)
            if text is None:
                return None
            try:
                return convert(text)
            except click.BadParameter as exc:
                click.echo(f"  {exc.message}", err=True)
        raise UsageError(f"answer '{key}': {MAX_TRIES} invalid answers in a row; stopping "
                         "(nothing was written)")

    def yes_no(self, key: str, question: str) -> bool | None:
        value: bool | None = self.ask(key, question, _yes_no, "[y/n]")
        return value

    def text(self, key: str, question: str) -> str | None:
        value: str | None = self.ask(key, question, _text)
        return value

    def choice(self, key: str, question: str, choices: Sequence[str]) -> str | None:
        menu = ", ".join(f"{i}={c}" for i, c in enumerate(choices, 1))
        value: str | None = self.ask(key, question, _choice(choices), f"({menu})")
        return value

    def texts(self, key: str, question: str) -> list[str] | None:
        """A list of text: from the file (a list or one text), or one prompt per item."""
        self.asked.add(key)
        if key in self.given:
            value = self.given[key]
            if value is None or value == [] or value == "":
                return None
            items = value if isinstance(value, list) else [value]
            try:
                return [_text(item) for item in items if _text(item)]
            except click.BadParameter as exc:
                raise UsageError(f"answer '{key}': {exc.message}") from None
        items = []
        while True:
            text = self._prompt(question if not items else "  and?",
                                "(one per line; empty line to finish)" if not items else "")
            if text is None:
                return items or None
            if len(items) == MAX_ITEMS:
                raise UsageError(f"answer '{key}': more than {MAX_ITEMS} items; stopping "
                                 "(nothing was written)")
            try:
                items.append(_text(text))
            except click.BadParameter as exc:
                raise UsageError(f"answer '{key}': {exc.message}") from None

    def records(self, key: str, question: str) -> list[dict[str, Any]] | None:
        """A list of mappings (recipients, transfers): only from the answers file."""
        self.asked.add(key)
        value = self.given.get(key)
        if value is None:
            return None
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise UsageError(f"answer '{key}': expected a list of mappings")
        return value


# -- the questions ---------------------------------------------------------------------------
@dataclass
class Draft:
    """The activity being written, its file-level controller, and comments by field."""

    activity: dict[str, Any] = field(default_factory=dict)
    controller: str | dict[str, Any] | None = None
    comments: dict[str, str] = field(default_factory=dict)
    todo: int = 0

    def put(self, key: str, value: Any, placeholder: bool = False) -> None:
        """Set a field; free text left unanswered becomes the placeholder."""
        if value is None and placeholder:
            value = PLACEHOLDER
        if value is None:
            return
        self.todo += _count_placeholders(value)
        self.activity[key] = value


def _count_placeholders(value: Any) -> int:
    if value == PLACEHOLDER:
        return 1
    if isinstance(value, list):
        return sum(_count_placeholders(v) for v in value)
    if isinstance(value, dict):
        return sum(_count_placeholders(v) for v in value.values())
    return 0


def _flowchart(asker: Asker, draft: Draft) -> str | None:
    """The basis from seed 001's flowchart; None when a question stays unanswered."""
    for key, question, basis, article in FLOWCHART:
        answer = asker.yes_no(key, question)
        if answer is None:
            return None
        if answer:
            draft.comments["lawful_basis"] = f"{question} Yes: {basis} ({article})."
            return basis
    draft.comments["lawful_basis"] = ("None of the flowchart's bases applies: freely given, "
                                      "specific, informed and unambiguous consent "
                                      "(Art. 6(1)(a), 4(11)).")
    return "consent"


def rights_for(basis: str | None, direct_marketing: bool, explicit_consent: bool) -> list[str]:
    """The rights the basis gives (the same table the R rules apply)."""
    from gdpr_lint.rules.rights import basis_gives

    rights = ["access", "rectification"]
    if basis not in ("legal_obligation", "public_task"):
        rights.append("erasure")  # Art. 17(3)(b) limits it under those two
    rights.append("restriction")
    for right in ("portability", "object", "withdraw_consent"):
        if basis_gives(basis, right, direct_marketing) or \
                (right == "withdraw_consent" and explicit_consent):
            rights.append(right)
    rights.append("complaint")
    return rights


def interview(asker: Asker) -> Draft:
    """Ask every question in order and return what to write."""
    draft = Draft()
    draft.activity["id"] = asker.ask("id", "Activity id (lower case, e.g. newsletter)?", _slug)
    if draft.activity["id"] is None:
        raise UsageError("an activity id is needed to write the file: give --id")
    # The name is required and no rule but the schema's asks for it: ask until it is given.
    name = asker.text("name", "Name of the activity?")
    while name is None and asker.interactive and not asker.exhausted:
        click.echo("  a name is needed (Art. 30(1)(b): the record names each activity)",
                   err=True)
        name = asker.text("name", "Name of the activity?")
    if name is None:
        raise UsageError("an activity name is needed to write the file: give --name")
    draft.put("name", name)
    reference = asker.ask("controller", "Controller id, if it is declared elsewhere (empty to "
                          "describe it here)?", _slug)
    if reference is not None:
        draft.controller = reference
    else:
        name = asker.text("controller.name", "Controller's name (Art. 30(1)(a))?")
        contact = asker.text("controller.contact", "Controller's contact details?")
        country = asker.ask("controller.country", "Country where the controller is "
                            "established?", _country)
        if name or contact:
            # A missing name is left out (D001 asks for it); the contact is documenting
            # text, written as a placeholder that X008 reports.
            draft.controller = {"name": name} if name else {}
            draft.controller["contact"] = contact or PLACEHOLDER
            draft.todo += contact is None
            if country:
                draft.controller["country"] = country
    # Lists left unanswered are left out: D002 (D004 for security measures) reports them.
    draft.put("purposes", asker.texts("purposes", "Purposes of the processing?"))
    draft.put("data_subjects", asker.texts("data_subjects", "Whose data (e.g. customers)?"))
    draft.put("data_categories", asker.texts("data_categories", "Which data (e.g. email "
                                             "address)?"))
    children = asker.yes_no("children", "Are children among the data subjects?")
    if children is not None:
        draft.put("children", children)
    if children and _has_field("information_society_service"):
        online = asker.yes_no("information_society_service", "Is the service offered online "
                              "directly to them (Art. 8(1))?")
        if online is not None:
            draft.put("information_society_service", online)
        draft.put("children_min_age", asker.ask("children_min_age", "Age of the youngest?",
                                                _age))
    # A basis already known (--basis, the answers file) skips the flowchart; nobody is asked
    # to name one: the flowchart's questions are how init chooses it.
    basis = asker.ask("lawful_basis", "", _choice(BASES)) if "lawful_basis" in asker.given \
        else None
    if basis is None:
        basis = _flowchart(asker, draft)
    else:
        draft.comments["lawful_basis"] = f"{basis} ({ARTICLES[basis]})."
    if basis is None:
        draft.comments["purposes"] = ("No lawful basis yet: the decision flowchart's "
                                      "questions were not all answered (run `gdpr-lint "
                                      "init` again, or write it); B001 reports it until then.")
    draft.put("lawful_basis", basis)
    if basis is not None:
        _basis_block(asker, draft, basis, children is True)
    marketing = asker.yes_no("direct_marketing", "Is it used for direct marketing?")
    if marketing is not None:
        draft.put("direct_marketing", marketing)
    explicit = _special(asker, draft, basis)
    _recipients(asker, draft)
    _retention(asker, draft)
    _notice(asker, draft)
    draft.put("security_measures", asker.texts("security_measures", "Security measures "
                                               "(Art. 32)?"))
    draft.put("rights", rights_for(basis, marketing is True, explicit))
    draft.comments["rights"] = ("The rights the basis gives (Arts 15-22, 77); announce them "
                                "in the notice.")
    if marketing:
        _marketing_channels(asker, draft)
    _dpo_questions(asker, draft)
    return draft


def _many(allowed: Sequence[str]) -> Callable[[Any], list[str]]:
    """Several values of an enum, comma-separated or a list; each by name or number."""
    def convert(value: Any) -> list[str]:
        items = value if isinstance(value, list) else str(value).replace(";", ",").split(",")
        return list(dict.fromkeys(_choice(allowed)(i) for i in items if str(i).strip()))

    return convert


def _marketing_channels(asker: Asker, draft: Draft) -> None:
    allowed = _enum("direct_marketing_channels")
    if allowed:
        draft.put("direct_marketing_channels", asker.ask(
            "direct_marketing_channels", "Through which channels, comma-separated (the "
            "ePrivacy rules differ by channel)?", _many(allowed), f"({', '.join(allowed)})")
            or None)


def _dpo_questions(asker: Asker, draft: Draft) -> None:
    """What a DPO asks after the basis: where the data come from (Art. 14), the scale and
    the DPIA indicators (Art. 35(3); WP248), who owns the activity, and who reviews the
    record how often (Art. 24(1): measures are reviewed and updated)."""
    sources = _enum("source")
    if sources:
        source = asker.choice("source", "Where do the data come from (Arts 13, 14)?", sources)
        draft.put("source", source)
        if source and source != "data_subject":
            draft.put("source_detail", asker.text("source_detail", "From which source "
                                                  "exactly (Art. 14(2)(f))?"))
    if _has_field("scale"):
        draft.put("scale", asker.choice("scale", "At what scale: how many people, how much "
                                        "data, how long, how wide (WP248)?", _enum("scale")))
    for key, question in (
            ("systematic_monitoring", "Are people systematically monitored (Art. 35(3)(c); "
             "WP248)?"),
            ("public_area", "Is a publicly accessible area monitored (Art. 35(3)(c))?"),
            ("new_technology", "Does it use new technology, or technology in a new way "
             "(WP248)?")):
        if _has_field(key):
            draft.put(key, asker.yes_no(key, question))
    if _has_field("owner"):
        draft.put("owner", asker.text("owner", "Which team or business function owns the "
                                      "activity?"))
    if _has_field("review"):
        review: dict[str, Any] = {}
        owner = asker.text("review.owner", "Who reviews this record (a person or a role)?")
        every = asker.ask("review.every", "How often is it reviewed (e.g. 1 year; empty "
                          "for a year)?", _duration)
        last = asker.ask("review.last_reviewed", "When was it last reviewed (YYYY-MM-DD; "
                         "empty if never)?", _date)
        for key, value in (("owner", owner), ("last_reviewed", last), ("every", every)):
            if value:
                review[key] = value
        if review:
            draft.put("review", review)


def _basis_block(asker: Asker, draft: Draft, basis: str, children: bool) -> None:
    block: dict[str, Any] = {}
    for name, question in BASIS_BLOCK[basis]:
        block[name] = asker.text(f"{basis}.{name}", question) or PLACEHOLDER
    if basis == "consent" and children:
        block["parental_consent"] = asker.text(
            "consent.parental_consent", "How is a parent's consent obtained and verified "
            "(Art. 8)?") or PLACEHOLDER
    if basis == "legitimate_interests":
        lia: dict[str, Any] = {}
        for name, question in LIA_TESTS:
            lia[name] = asker.text(f"legitimate_interests.lia.{name}", question) or PLACEHOLDER
        if children:
            lia["children"] = asker.text("legitimate_interests.lia.children",
                                         "What weight did the assessment give to children?"
                                         ) or PLACEHOLDER
        assessed = asker.ask("legitimate_interests.lia.assessed_on", "When was the "
                             "assessment made (YYYY-MM-DD)?", _date)
        if assessed:
            lia["assessed_on"] = assessed
        block["lia"] = lia
    draft.put(basis, block)


def _special(asker: Asker, draft: Draft, basis: str | None) -> bool:
    """Special categories and their Art. 9(2) condition; True for explicit consent."""
    allowed = _enum("special_categories")

    def categories(value: Any) -> list[str]:
        items = value if isinstance(value, list) else str(value).replace(";", ",").split(",")
        return [_choice(allowed)(item) for item in items if str(item).strip()]

    special = asker.ask("special_categories", "Special categories of data, comma-separated "
                        "(empty for none)?", categories, f"({', '.join(allowed)})")
    if not special:
        return False
    draft.put("special_categories", special)
    condition = asker.choice("art9_condition", "Which Art. 9(2) condition allows it?",
                             _enum("art9_condition"))
    draft.put("art9_condition", condition)
    if condition in NEEDS_ART9_REFERENCE:
        draft.put("art9_reference", asker.text("art9_reference", "Which law or collective "
                                               "agreement provides it?"), placeholder=True)
    if condition == "explicit_consent" and basis == "consent":
        draft.activity["consent"]["explicit"] = True
    return condition == "explicit_consent"


def _recipients(asker: Asker, draft: Draft) -> None:
    from gdpr_lint.law import data

    roles = _enum("recipients[].role")
    given = asker.records("recipients", "")
    recipients: list[dict[str, Any]] = []
    if given is not None:
        for index, item in enumerate(given):
            scoped = Asker({k: v for k, v in item.items()}, interactive=False)
            recipients.append(_recipient(scoped, roles, f"recipients[{index}]."))
    else:
        while True:
            name = asker._prompt("Who receives the data (a processor, another controller, "
                                 "...)?", "(empty when there are no more)")
            if name is None:
                break
            recipients.append(_recipient(Asker({"name": name}, asker.interactive,
                                               asker.exhausted), roles, ""))
        if not recipients and not asker.interactive and "recipients" not in asker.given:
            return  # unanswered: D003 asks for the key
    draft.put("recipients", recipients)
    outside = sorted({r["country"] for r in recipients
                      if r.get("country") and r["country"] not in data.eea()})
    transfers_given = {t.get("country"): t for t in asker.records("transfers", "") or []}
    mechanisms = _enum("transfers[].mechanism")
    transfers = []
    for country in outside:
        scoped = Asker(dict(transfers_given.get(country, {})),
                       asker.interactive and country not in transfers_given, asker.exhausted)
        entry: dict[str, Any] = {"country": country}
        mechanism = scoped.choice("mechanism", f"Transfer to {country}: which safeguard "
                                  "(Arts 45-49)?", mechanisms)
        if mechanism:
            entry["mechanism"] = mechanism
        if mechanism in NEEDS_TRANSFER_REFERENCE:
            entry["reference"] = scoped.text("reference", "Its reference (e.g. SCC module "
                                             "2, signed 2025-03-01)?") or PLACEHOLDER
            draft.todo += entry["reference"] == PLACEHOLDER
            # The US is adequate only for recipients certified under the DPF (T006).
            if _has_field("transfers", 0, "tia") and \
                    (country not in data.adequacy()["countries"] or country == "US"):
                entry["tia"] = scoped.text("tia", "Where is the transfer impact assessment "
                                           "(CJEU C-311/18)?") or PLACEHOLDER
                draft.todo += entry["tia"] == PLACEHOLDER
        transfers.append(entry)
    draft.put("transfers", transfers)


def _recipient(asker: Asker, roles: list[str], prefix: str) -> dict[str, Any]:
    name = asker.text("name", "Name?")
    if name is None:
        raise UsageError(f"answer '{prefix}name': each recipient needs its name")
    entry: dict[str, Any] = {"name": name}
    role = asker.choice("role", f"Role of {entry['name']}?", roles)
    if role:
        entry["role"] = role
    country = asker.ask("country", f"Country of {entry['name']} (code or name)?", _country)
    if country:
        entry["country"] = country
    if role == "processor" and _has_field("recipients", 0, "contract"):
        entry["contract"] = asker.text("contract", "The Art. 28(3) contract with it?") \
            or PLACEHOLDER
    for key in set(asker.given) - asker.asked:
        raise UsageError(f"answer '{prefix}{key}': not a question of `gdpr-lint init`")
    return entry


def _retention(asker: Asker, draft: Draft) -> None:
    retention: dict[str, Any] = {}
    period = asker.ask("retention.period", "How long are the data kept (e.g. 2 years, P6M)?",
                       _duration)
    if period:
        retention["period"] = period
        retention["start"] = asker.text("retention.start", "From which event does the "
                                        "period run (e.g. end of the contract)?") or PLACEHOLDER
    else:
        retention["criteria"] = asker.text("retention.criteria", "Then what decides when "
                                           "they are erased?") or PLACEHOLDER
    draft.put("retention", retention)
    draft.todo += _count_placeholders(retention)


def _notice(asker: Asker, draft: Draft) -> None:
    notice: dict[str, Any] = {"url": asker.text("notice.url", "Where is the privacy notice "
                                                "published (URL)?") or PLACEHOLDER}
    timing = asker.choice("notice.timing", "When do people get it?", _enum("notice.timing"))
    if timing:
        notice["timing"] = timing
    draft.put("notice", notice)
    draft.todo += _count_placeholders(notice)


# -- writing ---------------------------------------------------------------------------------
def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return plain_or_quoted(str(value))


def _block(value: dict[str, Any], indent: int, comments: dict[str, str] | None = None,
           first_prefix: str | None = None) -> list[str]:
    lines: list[str] = []
    pad = " " * indent
    for number, (key, item) in enumerate(value.items()):
        lead = first_prefix if number == 0 and first_prefix is not None else pad
        if comments and key in comments and number:
            lines.extend(f"{pad}# {line}" for line in _wrap(comments[key], 88 - indent))
        if isinstance(item, dict) and item:
            lines.append(f"{lead}{key}:")
            lines.extend(_block(item, indent + 2))
        elif isinstance(item, list) and item and all(isinstance(i, dict) for i in item):
            lines.append(f"{lead}{key}:")
            for entry in item:
                lines.extend(_block(entry, indent + 4, first_prefix=f"{pad}  - "))
        elif isinstance(item, list):
            flow = f"{lead}{key}: [{', '.join(_scalar(i) for i in item)}]"
            if len(flow) <= 92:
                lines.append(flow)
            else:
                lines.append(f"{lead}{key}:")
                lines.extend(f"{pad}  - {_scalar(i)}" for i in item)
        else:
            lines.append(f"{lead}{key}: {_scalar(item) if item != {} else '{}'}")
    return lines


def _wrap(text: str, width: int) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width) or [""]


def render(draft: Draft, schema_url: str) -> str:
    lines = [f"# yaml-language-server: $schema={schema_url}",
             "# A processing activity (Art. 30(1)), written by `gdpr-lint init`.",
             f"# {PLACEHOLDER} marks what is left to write; `gdpr-lint check` lists it, and"
             if draft.todo else "# `gdpr-lint check` lists what a rule still asks for, and",
             "# `gdpr-lint check --fix` corrects the mechanical slips."]
    if draft.controller is not None:
        if isinstance(draft.controller, dict):
            lines.append("controller:")
            lines.extend(_block(draft.controller, 2))
        else:
            lines.append(f"controller: {draft.controller}")
    lines.append("activities:")
    lines.extend(_block(draft.activity, 4, draft.comments, first_prefix="  - "))
    return "\n".join(lines) + "\n"


def load_answers(path: str) -> dict[str, Any]:
    """An answers file (YAML or JSON), flattened to dotted keys (`consent.how_obtained`)."""
    from gdpr_lint.lint.loader import read_document

    doc = read_document(path)
    if doc.problems:
        first = doc.problems[0]
        raise UsageError(f"answers file {first.location()}: {first.message}")
    if not isinstance(doc.data, dict):
        raise UsageError(f"answers file {path}: expected a mapping of answers")
    flat: dict[str, Any] = {}

    def walk(prefix: str, value: dict[str, Any]) -> None:
        for key, item in value.items():
            name = f"{prefix}{key}"
            if isinstance(item, dict) and name not in ("recipients", "transfers"):
                walk(f"{name}.", item)
            else:
                flat[name] = item

    walk("", doc.data)
    return flat


@dataclass
class InitOptions:
    path: str | None
    answers: str | None
    no_input: bool
    schema_url: str
    given: dict[str, Any]


def run_init(options: InitOptions) -> int:
    from gdpr_lint.edit.atomic import write_atomic

    given = load_answers(options.answers) if options.answers else {}
    given.update({k: v for k, v in options.given.items() if v is not None})
    interactive = not options.no_input and options.answers is None
    asker = Asker(given, interactive)
    if options.path and Path(options.path).is_dir():
        raise UsageError(f"{options.path} is a folder: give a file name, or run init there")
    folder = Path(options.path).parent if options.path else None
    if folder is not None and (folder.exists() or folder.is_symlink()) and not folder.is_dir():
        raise UsageError(f"{folder} is not a folder: give another PATH")
    if folder is not None and not folder.exists() and not _may_create(folder, asker):
        click.echo(f"gdpr-lint: {folder} does not exist; nothing was written.", err=True)
        return 1
    if options.path and Path(options.path).exists() and \
            not _may_overwrite(Path(options.path), asker):
        click.echo(f"gdpr-lint: {options.path} exists and was not overwritten.", err=True)
        return 1
    draft = interview(asker)
    unknown = sorted(k for k in given if k not in asker.asked and not
                     k.startswith(("recipients", "transfers")))
    if unknown:
        raise UsageError(f"answers not asked by `gdpr-lint init`: {', '.join(unknown)}")
    target = Path(options.path or f"{draft.activity['id']}.gdpr.yaml")
    text = render(draft, options.schema_url)
    _self_check(text, str(target))
    if not options.path and target.exists() and not _may_overwrite(target, asker):
        click.echo(f"gdpr-lint: {target} exists and was not overwritten.", err=True)
        return 1
    if not target.parent.exists():
        try:
            target.parent.mkdir(parents=True)
        except OSError as exc:  # a file on the way, no permission
            raise UsageError(f"cannot create the folder {target.parent}: "
                             f"{exc.strerror or exc}") from None
        click.echo(f"Created the folder {target.parent}.")
    write_atomic(str(target), text)
    left = f"; {draft.todo} answer{'s' if draft.todo != 1 else ''} left as {PLACEHOLDER}" \
        if draft.todo else ""
    click.echo(f"Wrote {target}{left}. Next: gdpr-lint check --fix {target}")
    return 0


def _may_create(folder: Path, asker: Asker) -> bool:
    """Ask before making a folder; without anyone to ask (--no-input, an answers file,
    input that has ended) the PATH given is taken as meant: a new folder overwrites
    nothing."""
    if not asker.interactive or asker.exhausted or sys.stdin is None or sys.stdin.closed:
        return True
    try:
        return bool(click.confirm(f"The folder {folder} does not exist. Create it?",
                                  default=True))
    except click.Abort:
        if sys.stdin.isatty():
            raise
        return True


def _may_overwrite(target: Path, asker: Asker) -> bool:
    """Ask before replacing a file; refuse when nobody can be asked."""
    can_ask = sys.stdin is not None and not sys.stdin.closed and \
        (sys.stdin.isatty() or (asker.interactive and not asker.exhausted))
    if not can_ask:
        raise UsageError(f"{target} exists; not overwriting it without asking (run "
                         "interactively to confirm, or give another PATH)")
    try:
        return bool(click.confirm(f"{target} exists. Overwrite it?", default=False))
    except click.Abort:
        if sys.stdin.isatty():
            raise
        return False


def _self_check(text: str, path: str) -> None:
    """No schema finding (X001-X003) in what is written: a failure here is a bug.

    A required field left unanswered on purpose (`lawful_basis`) is reported by its own
    rule (B001), which the schema pass defers to, as `check` shows it.
    """
    from gdpr_lint.lint.config import Config
    from gdpr_lint.lint.engine import Linter
    from gdpr_lint.lint.loader import load_document

    findings = Linter(Config()).lint_documents([load_document(text, path)]).findings
    problems = [f for f in findings if f.rule in ("X001", "X002", "X003", "X006")]
    if problems:  # pragma: no cover - a bug in the questions or the writer
        raise RuntimeError(f"init wrote an invalid declaration: {problems[0].message}")
