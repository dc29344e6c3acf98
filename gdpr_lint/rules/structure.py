"""X: input and structure. Raised by the loader, the schema pass and the cross-file checks."""

from __future__ import annotations

from gdpr_lint.findings import Severity
from gdpr_lint.registry import declare
from gdpr_lint.rules.examples import activities_document

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
declare(
    id="X003", title="Declaration does not match the schema", article="Art. 30(1)",
    severity=Severity.ERROR,
    rationale="""
    The declaration format is a published JSON Schema (`gdpr-lint schema`). A misspelt
    field is as good as a missing one, so unknown fields are errors with a did-you-mean,
    wrong types say what was expected, and values outside a list name the allowed ones.""",
    bad="controller: {id: acme-uk, name: Acme UK Ltd, contact: privacy@acme.example, "
        "contry: GB, requests: {channel: privacy@acme.example}}\n",
    good=_CTRL,
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
    hostile file can neither hang nor exploit the linter.""",
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
declare(
    id="X011", title="Suppression that matched no finding", article="Art. 5(2)",
    severity=Severity.WARNING,
    rationale="""
    A suppression that no longer matches anything hides nothing today but would silently
    hide a future finding. Remove it once the problem it excused is fixed.""",
    bad=lambda: "# gdpr-lint: disable-file=D004 -- measures are listed in the ISMS\n" + _one(),
    good=_one,
)
