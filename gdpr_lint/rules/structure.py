"""X: input and structure. Raised by the loader, the schema pass and the cross-file checks."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from gdpr_lint.lint.findings import Finding, Severity
from gdpr_lint.lint.lazyre import lazy_re
from gdpr_lint.lint.loader import Document, JsonPath
from gdpr_lint.lint.model import Controller, Node, ProcessorActivity
from gdpr_lint.rules.examples import activities_document
from gdpr_lint.rules.registry import Fix, Hit, declare, rule

if TYPE_CHECKING:
    from gdpr_lint.edit.textedit import Edit

# The same details as the example controller everywhere else: an id means one controller.
_CTRL = ("controller: {id: acme, name: Acme Ltd, contact: privacy@acme.example, country: DE,\n"
         "  requests: {channel: privacy@acme.example, response_time: P1M}}\n")


def _one() -> str:
    return activities_document({})


def _no_measures() -> str:
    return activities_document({"security_measures": None})


declare(
    id="X001", title="File is not valid YAML", article="Art. 30(1)", severity=Severity.ERROR,
    rationale="""
    A record of processing that cannot be read is no record at all: the controller must be
    able to show it to the supervisory authority on request (Art. 30(4)). The finding gives
    the parser's own line and column.""",
    bad=_CTRL + "activities:\n  - id: newsletter\n    purposes: [Send the newsletter\n",
    good=_CTRL,
)
declare(
    id="X002", title="Duplicate key in a mapping", article="Art. 30(1)", severity=Severity.ERROR,
    rationale="""
    YAML parsers usually keep the last of two equal keys and drop the first without a word,
    so a record could say one thing to its author and another to the linter. A duplicate key
    is always an error, never "last one wins".""",
    bad=_CTRL + "controller: acme\n",
    good=_CTRL,
)
def _schema_fix(doc: Document, path: JsonPath) -> list[Edit]:
    """X003: an enum value's case or spelling, a country code, one text where a list is
    expected. Only when every schema that could apply agrees on one answer."""
    from gdpr_lint.edit.edits import (
        country_code,
        enum_value,
        is_country_schema,
        replace_scalar,
        resolve_schema,
        scalar_at,
        schemas_at,
        wrap_in_list,
    )

    found = scalar_at(doc, path)
    if found is None:
        return []
    _, value = found
    replace: set[str] = set()
    wrap: set[str] = set()
    for schema in schemas_at(path):
        if is_country_schema(schema) or (path and path[-1] == "country" and
                                         schema.get("type") == "string"):
            code = country_code(value)
            if code is not None and code != value:
                replace.add(code)
        elif isinstance(schema.get("enum"), list) and value not in schema["enum"]:
            near = enum_value(value, schema["enum"])
            if near is not None:
                replace.add(near)
        elif schema.get("type") == "array" and isinstance(schema.get("items"), dict):
            from gdpr_lint.lint.schema import load_schema

            items = list(resolve_schema(schema["items"], load_schema()))
            allowed = next((s["enum"] for s in items if isinstance(s.get("enum"), list)), None)
            kinds = {s.get("type") for s in items}
            if allowed is None and "string" in kinds:  # a list that may hold this text
                wrap.add(value)
            elif allowed is not None:
                near = value if value in allowed else enum_value(value, allowed)
                if near is not None:
                    wrap.add(near)
    # One value where one value or a list is allowed (`source: Third party`): the value.
    if len(replace) == 1:
        return replace_scalar(doc, path, replace.pop())
    if not replace and len(wrap) == 1:
        return wrap_in_list(doc, path, wrap.pop())
    return []


SCHEMA_FIX = Fix("correct the case or spelling of an allowed value, a country code, or put "
                 "a single text in a list", _schema_fix)


declare(
    id="X003", title="Declaration does not match the schema", article="Art. 30(1)",
    severity=Severity.ERROR,
    rationale="""
    The declaration format is a published JSON Schema (`gdpr-lint schema`). A misspelt
    field is as good as a missing one, so unknown fields are errors with a did-you-mean,
    wrong types say what was expected, and values outside a list name the allowed ones.""",
    bad="controller: {id: acme-uk, name: Acme UK Ltd, contact: privacy@acme.example, "
        "contry: GB, requests: {channel: privacy@acme.example}}\n",
    good=_CTRL, fix=SCHEMA_FIX,
)
declare(
    id="X004", title="Activity id used twice", article="Art. 30(1); Art. 5(2)",
    severity=Severity.ERROR, scope="project",
    rationale="""
    Activity ids are how findings, suppressions, baselines and auditors refer to a processing
    activity; two activities with one id make every such reference ambiguous. Ids are unique
    across all linted files, and both places are named.""",
    bad=lambda: activities_document({}, {}),
    good=lambda: activities_document({}, {"id": "newsletter-archive"}),
)
declare(
    id="X005", title="Controller reference resolves to nothing", article="Art. 30(1)(a)",
    severity=Severity.ERROR, scope="project",
    rationale="""
    Every activity needs an identifiable controller (Art. 30(1)(a)). A reference such as
    `controller: acme` must name a controller declared in a linted file, in a file listed
    by the `controllers` configuration key, or inline.""",
    bad="controller: acmee\n",
    good=_CTRL,
)
declare(
    id="X007", title="Controller declared twice with different details",
    article="Art. 30(1)(a)", severity=Severity.ERROR, scope="project",
    rationale="""
    Controller ids are unique in the repository: `controller: acme` must mean one
    organisation with one set of contact details. When the same id is declared again with
    other details, the first declaration silently wins; the later one is named so that it
    can be removed or given its own id. Identical repeats are harmless and pass.""",
    bad="controllers:\n"
        "  - {id: globex, name: Globex Ltd, contact: privacy@globex.example,\n"
        "     requests: {channel: privacy@globex.example}}\n"
        "  - {id: globex, name: Globex GmbH, contact: datenschutz@globex.example,\n"
        "     requests: {channel: datenschutz@globex.example}}\n",
    good="controllers:\n"
         "  - {id: globex, name: Globex Ltd, contact: privacy@globex.example,\n"
         "     requests: {channel: privacy@globex.example}}\n"
         "  - {id: globex-de, name: Globex GmbH, contact: datenschutz@globex.example,\n"
         "     requests: {channel: datenschutz@globex.example}}\n",
)
declare(
    id="X006", title="Input refused", article="Art. 30(1)", severity=Severity.ERROR,
    rationale="""
    Declarations are small UTF-8 text files of plain data. Binary content, other encodings,
    oversized files, nesting or alias expansion beyond fixed bounds, and tags that would
    build objects (`!!python/object`) are refused before anything is built from them, so a
    hostile file can neither hang nor exploit the linter. A declaration that is a symbolic
    link, or is reached through a symlinked folder, whose real path lies outside the
    project root is not read either: it is another repository's, and `register`, `notice`
    and `diff` would publish it as this project's own. Copy the file into the repository,
    or declare it in the repository that owns it.""",
    bad="controller: !!python/object/apply:os.system [echo hello]\n",
    good=_CTRL,
)
declare(
    id="X010", title="Suppression without a reason", article="Art. 5(2)",
    severity=Severity.ERROR,
    rationale="""
    Accountability (Art. 5(2)) means being able to show why a rule does not apply. A
    suppression comment must give its reason after ` -- `; without one it suppresses
    nothing.""",
    bad=lambda: "# gdpr-lint: disable-file=L004\n" + _one(),
    good=lambda: "# gdpr-lint: disable-file=D004 -- measures are listed in the ISMS\n"
    + _no_measures(),
)
def _remove_suppression(doc: Document, finding: Finding) -> list[Edit]:
    """X011: the unused rules out of the suppression comment, the whole comment when none
    is left (its own line with it, when it stands alone). Only when asked: the author may
    have written it for a finding still to come."""
    from gdpr_lint.edit.textedit import Edit

    unused = _UNUSED.search(finding.message)
    starts = [0]
    for line in doc.text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    if unused is None or not 0 < finding.line < len(starts):
        return []
    start, end = starts[finding.line - 1], starts[finding.line]
    line = doc.text[start:end]
    body = line.rstrip("\r\n")
    at = finding.column - 1
    comment = _DIRECTIVE.match(body, at)
    if comment is None:
        return []
    dropped = {r.strip() for r in unused[1].split(",")}
    rules = [r.strip() for r in comment["rules"].split(",") if r.strip()]
    kept = [r for r in rules if r not in dropped]
    if kept:
        return [Edit(start + comment.start("rules"), start + comment.end("rules"),
                     ",".join(kept))]
    before = body[:at]
    if not before.strip():  # a comment line of its own: the line goes
        return [Edit(start, end, "")]
    return [Edit(start + len(before.rstrip()), start + len(body), "")]


_UNUSED = lazy_re(r"^suppression of (.+) matched no finding")
_DIRECTIVE = lazy_re(r"#\s*gdpr-lint:\s*disable(?:-file)?\s*=\s*(?P<rules>[A-Za-z0-9_, ]*?)"
                     r"\s*(?:--|$)")


declare(
    id="X011", title="Suppression that matched no finding", article="Art. 5(2)",
    severity=Severity.WARNING,
    fix=Fix("remove this unused suppression", lambda doc, path: [],
            at_finding=_remove_suppression, safe=False),
    rationale="""
    A suppression that no longer matches anything hides nothing today but would silently
    hide a future finding. Remove it once the problem it excused is fixed.""",
    bad=lambda: "# gdpr-lint: disable-file=D004 -- measures are listed in the ISMS\n" + _one(),
    good=_one,
)
declare(
    id="X012", title="Suppression comment that cannot be read", article="Art. 5(2)",
    severity=Severity.WARNING,
    rationale="""
    A comment that starts `gdpr-lint:` is meant as a suppression; when it cannot be read
    (a single dash or an em dash before the reason, no `=`, an unknown directive or rule ID)
    it suppresses nothing, and the author would not know. The finding says what is wrong:
    write `# gdpr-lint: disable=IDS -- reason` or `# gdpr-lint: disable-file=IDS -- reason`
    with known rule IDs or prefixes.""",
    bad=lambda: "# gdpr-lint: disable-file=D004 \u2014 measures are listed in the ISMS\n"
    + _one(),
    good=lambda: "# gdpr-lint: disable-file=D004 -- measures are listed in the ISMS\n"
    + _no_measures(),
)


# -- rules that read the declared values ----------------------------------------------------
# The fields that document something (a test, a justification, a reference, a law, a
# contact): "*" stands for every entry of a list. Names, purposes and categories are not
# here: a category called "-" is odd, but it documents nothing a DPO relies on.
_DOCUMENTING: dict[str, tuple[tuple[str, ...], ...]] = {
    "activity": (
        ("legitimate_interests", "interest"),
        ("legitimate_interests", "lia", "purpose_test"),
        ("legitimate_interests", "lia", "necessity_test"),
        ("legitimate_interests", "lia", "balancing_test"),
        ("legitimate_interests", "lia", "children"),
        ("legitimate_interests", "lia", "document"),
        ("legitimate_interests", "outside_public_tasks", "justification"),
        ("consent", "how_obtained"), ("consent", "records"), ("consent", "withdrawal"),
        ("consent", "parental_consent"), ("consent", "alternative"),
        ("contract", "reference"), ("contract", "necessity"),
        ("legal_obligation", "law"), ("public_task", "law"),
        ("vital_interests", "justification"),
        ("art9_reference",), ("art10_authority",), ("source_detail",),
        ("automated_decisions", "law"),
        ("dpia", "reference"), ("dpia", "not_required"), ("dpia", "law"),
        ("notice", "url"), ("notice", "document"),
        ("retention", "criteria"), ("retention", "start"), ("retention", "law"),
        ("retention", "*", "criteria"), ("retention", "*", "start"), ("retention", "*", "law"),
        ("recipients", "*", "contract"),
        ("transfers", "*", "reference"), ("transfers", "*", "tia"),
        ("joint_controllers", "*", "contact"), ("joint_controllers", "*", "arrangement"),
        ("joint_controllers", "*", "responsibilities"),
        ("exemptions", "*", "justification"), ("exemptions", "*", "law"),
    ),
    "processor_activity": (
        ("contract",), ("controllers", "*", "contact"), ("controllers", "*", "contract"),
        ("controllers", "*", "list"), ("sub_processors", "*", "contract"),
        ("transfers", "*", "reference"), ("transfers", "*", "tia"),
    ),
    "controller": (
        ("contact",), ("dpo", "contact"), ("representative", "contact"),
        ("requests", "channel"),
    ),
}
PLACEHOLDER = lazy_re(r"^\s*(todo|to ?do|tbd|tba|tbc|fixme|xxx+|n/?a|-+|\.\.\.+|…|\?+)"
                         r"\s*[.!]?\s*$", re.IGNORECASE)
# A placeholder followed by a note ("TODO: ask legal", "TBD by the DPO") is still a
# placeholder: the token leads the value, whatever follows. Hyphens belong to the word, so a
# reference such as "TBC-Untersuchung" (tuberculosis screening) is not one. "To do" is a
# placeholder only as a label ("To do: ...", "To-do - ...") or as the marker written in
# capitals: "To do so, ...", the Spanish "Todo el personal ..." and "the to-do list of the
# DPO" are sentences.
_LEADING = lazy_re(
    r"^\s*(?:(?i:tbd|tba|tbc|fixme|xxx+)(?![\w-])"
    r"|TODO(?![\w-])"
    r"|(?i:to[ -]?do)\s*(?:[:–—]|-\s|$))")
# "to be completed" and its family say the text is not written yet. They count where they
# are the whole statement: at the start (with at most one word before: "Still to be
# determined"), after a separator ("Balancing test: to be completed"), after "still"/"yet",
# or with a word that names the documentation itself ("LIA to be written"). In a sentence
# whose subject is something else ("the order to be completed by the customer", "the period
# to be determined under § 195 BGB") they are text.
_TO_BE = (r"to\s+be\s+(?:completed|determined|confirmed|defined|decided|agreed|clarified|"
          r"written|drafted|added|provided|done|filled\s+in|finali[sz]ed|specified|documented)"
          r"\b")
_PENDING = lazy_re(
    r"(?i:(?:^\s*(?:[\w/]+\s+)?|[:(\[–—;]\s*|\s-\s+"
    r"|\b(?:still|yet|test|assessment|lia|dpia|text|wording|answer|analysis|justification"
    r"|reference|document|section|entry|value|link|url|contact|law|provision)\s+)"
    + _TO_BE + ")")
# A label whose whole value is a placeholder: "Balancing test: TBD".
_LABELLED = lazy_re(r"[:–—]\s*(?i:todo|tbd|tba|tbc|fixme|xxx+|\?+)\s*[.!]?\s*$")


def is_placeholder(value: str) -> bool:
    """True when ``value`` documents nothing yet (see X008)."""
    return bool(PLACEHOLDER.match(value) or _LEADING.match(value) or _PENDING.search(value)
                or _LABELLED.search(value))


def _shorten(value: str) -> str:
    text = " ".join(value.split())
    return text if len(text) <= 60 else text[:57] + "..."


def _values(value: Any, keys: tuple[str, ...],
            path: JsonPath = ()) -> Iterator[tuple[JsonPath, Any]]:
    if not keys:
        yield path, value
    elif keys[0] == "*":
        if isinstance(value, list):
            for index, item in enumerate(value):
                yield from _values(item, keys[1:], (*path, index))
    elif isinstance(value, dict) and keys[0] in value:
        yield from _values(value[keys[0]], keys[1:], (*path, keys[0]))


def _needed(node: Node, path: JsonPath) -> bool:
    """"n/a" where nothing is needed says the truth: a reference for an adequacy transfer,
    a contract for a recipient that is neither processor nor joint controller."""
    parent = _parent(node.data, path)
    if not isinstance(parent, dict):
        return True
    if path[0] == "transfers" and path[-1] == "reference":
        return parent.get("mechanism") not in ("adequacy", "derogation")
    if path[0] == "recipients" and path[-1] == "contract":
        return parent.get("role") in ("processor", "joint_controller", None)
    return True


def _parent(data: Any, path: JsonPath) -> Any:
    for key in path[:-1]:
        if isinstance(data, dict) and isinstance(key, str):
            data = data.get(key)
        elif isinstance(data, list) and isinstance(key, int) and key < len(data):
            data = data[key]
        else:
            return None
    return data


def _scope(node: Node) -> str:
    if isinstance(node, ProcessorActivity):
        return "processor_activity"
    return "controller" if isinstance(node, Controller) else "activity"


@rule(id="X008", title="A documenting field holds a placeholder", article="Art. 5(2); Art. 30",
      severity=Severity.ERROR, also=("processor_activity", "controller"),
      base="legitimate_interests",
      bad="""legitimate_interests:
  interest: Preventing payment fraud
  lia: {purpose_test: TBD, necessity_test: TBD, balancing_test: TBD, assessed_on: 2026-06-01}""",
      good="""legitimate_interests:
  interest: Preventing payment fraud
  lia:
    purpose_test: Card fraud costs us 0.4% of turnover; preventing it is a legitimate
      interest the GDPR itself names (Recital 47)
    necessity_test: The card BIN, IP address and device signals are the least data that
      detect stolen cards; rules alone missed two thirds of the 2025 fraud cases
    balancing_test: Customers expect a shop to check payments; scores are kept 90 days,
      not used for marketing, and a refused payment is reviewed by a person on request
    assessed_on: 2026-06-01""")
def placeholder(node: Node) -> Iterator[Hit]:
    """A test, a justification, a reference or a contact that says `TODO`, `TBD`, `n/a`,
    `-`, `...`, `xxx`, `tbc` or `?` documents nothing: the record passes every presence
    check while the assessment it stands for was never made. A placeholder followed by a
    note (`TODO: ask legal`, `TBD by the DPO`) or a value that is "to be completed",
    "to be determined" or "to be confirmed" says the same. Accountability (Art. 5(2))
    means being able to show the work, so a placeholder counts as missing."""
    for keys in _DOCUMENTING[_scope(node)]:
        for path, value in _values(node.data, keys):
            if isinstance(value, str) and is_placeholder(value) and _needed(node, path):
                yield Hit(path, f"'{_shorten(value)}' is a placeholder: write what "
                          f"{'.'.join(k for k in keys if k != '*')} documents, or remove the "
                          "field until it is done")


_DATES = (("legitimate_interests", "lia", "assessed_on"), ("dpia", "date"))


@rule(id="X009", title="A date lies in the future", article="Art. 5(2); Art. 35",
      severity=Severity.ERROR, base="legitimate_interests",
      bad="""dpia: {reference: DPIA-2027-01, date: 2099-01-31}""",
      good="""dpia: {reference: DPIA-2026-04, date: 2026-04-20}""")
def future_date(a: Node) -> Iterator[Hit]:
    """An assessment dated in the future has not been made yet: an LIA `assessed_on` or a
    DPIA `date` records when the work was done, so that its age can be judged (L004) and
    the processing shown to rest on it (Art. 5(2)). Date it when it is done."""
    for keys in _DATES:
        value = a.get(*keys)
        try:
            when = dt.date.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            continue  # not a date: the schema pass says so (X003)
        if when is not None and when > a.ctx.today:
            yield Hit(keys, f"{'.'.join(keys)} {value} lies in the future (today is "
                      f"{a.ctx.today.isoformat()}): date the assessment when it is done")


_SENTENCE_LISTS = ("purposes", "data_subjects", "data_categories")
# A conjunction that starts an item continues the item before it: "and outcomes", "oder
# Adresse" is the second half of one phrase (English, German, French, Spanish, Italian and
# Portuguese, Dutch).
_CONJUNCTION = lazy_re(r"^(?:and|or|und|et|y|e|en)\s")


def _split_sentence(items: list[str]) -> str | None:
    """Why the plain items of a flow list look like one sentence cut at its commas, or None.

    The first item starts like a sentence (a capitalised word, then more words) and every
    later one in lower case, as the middle of a sentence does; or a later item starts with
    a conjunction. A list of single words or acronyms ("Name", "IP address") is not taken
    for a sentence."""
    first, later = items[0], items[1:]
    if any(_CONJUNCTION.match(item) for item in later):
        return "an item starts with a conjunction"
    if " " in first and first[:1].isupper() and first[1:2].islower() and \
            all(item[:1].islower() for item in later):
        return "the first item starts in upper case and the others in lower case"
    return None


@rule(id="X013", title="A list written with commas probably splits one sentence",
      article="Art. 30(1)(b)-(c); Art. 5(1)(b)", severity=Severity.WARNING,
      also=("processor_activity",), base="file",
      bad=lambda: activities_document({}).replace(
          "  purposes:\n  - Send the monthly newsletter to subscribers\n",
          "  purposes: [Send the monthly newsletter, offers and event invitations to "
          "subscribers]\n"),
      good=lambda: activities_document({}).replace(
          "  purposes:\n  - Send the monthly newsletter to subscribers\n",
          "  purposes:\n  - Send the monthly newsletter, offers and event invitations to "
          "subscribers\n"))
def comma_split_list(node: Node) -> Iterator[Hit]:
    """In a YAML flow list (`[...]`) every comma ends an item: `purposes: [Report tumour
    diagnoses, treatment and outcomes to the state cancer registry]` is two purposes,
    "Report tumour diagnoses" and "treatment and outcomes to the state cancer registry",
    and the record, the register and the notice then say what nobody wrote (Art. 5(1)(b)
    purposes must be specified and explicit; Art. 30(1)(b)-(c) the record lists them).
    When the first item starts like a sentence and the others in lower case, or an item
    starts with `and`, `or`, `und`, `et`, `y`, `e` or `en`, the commas probably belonged
    to one sentence. Write the list as a block list, one `- ` item a line, or quote the
    sentence (`["Report tumour diagnoses, treatment and outcomes"]`). There is no single
    right fix: only the author knows where the items end."""
    flow = node.doc.flow_items
    for key in _SENTENCE_LISTS:
        value = node.data.get(key)
        if not isinstance(value, list) or len(value) < 2 or \
                not all(isinstance(v, str) and v for v in value):
            continue
        path = (*node.path, key)
        if not all((*path, n) in flow for n in range(len(value))):
            continue  # a block list, or an item quoted: the author placed the commas
        why = _split_sentence(value)
        if why is not None:
            shown = ", ".join(f"'{_shorten(v)}'" for v in value[:3])
            yield Hit((key,), f"`{key}` is a list written with commas and {why}: the commas "
                      f"probably split one sentence into {len(value)} items ({shown}"
                      f"{', …' if len(value) > 3 else ''}); quote it, or write a block list "
                      "with one item a line")
