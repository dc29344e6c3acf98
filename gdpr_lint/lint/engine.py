"""The lint pipeline: load, schema pass, rules, cross-file checks, suppressions, selection.

Each file is checked on its own (`Linter.check`), which is what worker processes do for
large runs; what spans files (the controller registry, duplicate ids, controllers from the
configuration) is computed once in the main process, so a parallel run reports exactly
what a serial one does.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from gdpr_lint.lint.config import Config, ConfigError, display_path, severity_for
from gdpr_lint.lint.findings import Finding, Severity, shorten, without_repeated_article
from gdpr_lint.lint.loader import Document, JsonPath, Position, read_document
from gdpr_lint.lint.model import Activity, Context, Controller, ProcessorActivity
from gdpr_lint.lint.schema import check_document
from gdpr_lint.lint.suppressions import Suppression, apply_suppressions, read_suppressions
from gdpr_lint.rules.registry import Hit, Rule

# A file can declare a controller only where a `controllers` list, or a `controller` key
# holding a mapping (flow, block, tagged or aliased), appears in its text.
_DECLARES = re.compile(r"controllers|controller[\"']?[ \t]*:[ \t]*(?:&\S+[ \t]*)?"
                       r"(?:[{#!*]|\r?\n|$)")


def may_declare_controllers(text: str) -> bool:
    return bool(_DECLARES.search(text))


class LintResult:
    __slots__ = ("activities", "evidence", "files", "findings", "fixed", "rules_checked",
                 "suppressed")

    def __init__(self, findings: list[Finding], files: int, suppressed: int = 0,
                 activities: dict[str, list[str]] | None = None,
                 rules_checked: list[str] | None = None, fixed: int = 0) -> None:
        self.findings = findings
        self.files = files
        self.suppressed = suppressed
        # What was checked, for reports that list passes too (JUnit): activity ids per file
        # and the activity rules that ran.
        self.activities = {} if activities is None else activities
        self.rules_checked = [] if rules_checked is None else rules_checked
        self.fixed = fixed  # findings fixed by `check --fix` before this run
        # Per activity id, the configured evidence that describes its systems (§13).
        self.evidence: dict[str, list[dict[str, Any]]] = {}

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)


class FileReport:
    """What checking one file yields, before cross-file checks and suppressions."""

    __slots__ = ("activity_ids", "declared", "findings", "path", "suppressions",
                 "used_controllers")

    def __init__(self, path: str, findings: list[Finding], suppressions: list[Suppression],
                 activity_ids: list[tuple[str, Position]], used_controllers: set[str],
                 declared: list[Any] | None = None) -> None:
        self.path = path
        # What its activities declare that evidence is compared with (only when evidence
        # is configured).
        self.declared = [] if declared is None else declared
        self.findings = findings
        self.suppressions = suppressions
        self.activity_ids = activity_ids
        self.used_controllers = used_controllers


class Registry:
    """Controllers by id, first declaration wins: configuration files, then linted files."""

    __slots__ = ("_suggestions", "conflicts", "controllers", "from_config")

    def __init__(self) -> None:
        self.controllers: dict[str, Controller] = {}
        self.from_config: set[str] = set()
        # Later declarations of an id with other details: (the one that lost, the first).
        self.conflicts: list[tuple[Controller, Controller]] = []
        self._suggestions: Any = None

    def suggest(self, ref: str) -> str | None:
        """The declared controller id closest to an unknown one (did-you-mean)."""
        from gdpr_lint.lint.suggest import Suggestions

        if self._suggestions is None or len(self._suggestions.known) != len(self.controllers):
            self._suggestions = Suggestions(self.controllers)
        closest: str | None = self._suggestions.closest(ref)
        return closest

    def add(self, doc: Document, ctx: Context) -> None:
        for controller in _controllers_in(doc, ctx):
            if not controller.id:
                continue
            first = self.controllers.setdefault(controller.id, controller)
            if first is not controller and first.data != controller.data:
                self.conflicts.append((controller, first))

    def conflict_findings(self, article: str) -> Iterator[Finding]:
        for later, first in self.conflicts:
            line, col = later.doc.position((*later.path, "id"))
            where = f"{first.doc.path}:{first.doc.position((*first.path, 'id'))[0]}"
            yield Finding(later.doc.path, line, col, "X007", Severity.ERROR,
                          f"controller '{later.id}' is declared again with other details "
                          f"(first at {where}, which is used): declare it once and refer to "
                          "it by id", None, article)


def _record_controllers(path: str, relative: str) -> Document:
    from gdpr_lint.organisation.records import RecordRefused, record_controllers

    try:
        return record_controllers(path, display_path(path))
    except RecordRefused as refused:
        raise ConfigError(f"controllers file {relative}:{refused.line}: "
                          f"{refused.message}") from None


def _controllers_in(doc: Document, ctx: Context) -> Iterator[Controller]:
    """Every controller mapping declared in a file, in document order."""
    data = doc.data
    if not isinstance(data, dict):
        return
    if isinstance(data.get("controller"), dict):
        yield Controller(data["controller"], doc, ("controller",), ctx)
    if isinstance(data.get("controllers"), list):
        for index, item in enumerate(data["controllers"]):
            if isinstance(item, dict):
                yield Controller(item, doc, ("controllers", index), ctx)
    if isinstance(data.get("activities"), list):
        for index, item in enumerate(data["activities"]):
            if isinstance(item, dict) and isinstance(item.get("controller"), dict):
                yield Controller(item["controller"], doc, ("activities", index, "controller"),
                                 ctx)
    for index, item in _processor_items(data):
        if isinstance(item.get("processor"), dict):
            yield Controller(item["processor"], doc, ("processor_activities", index,
                                                      "processor"), ctx)


def _processor_items(data: dict[str, Any]) -> Iterator[tuple[int, dict[str, Any]]]:
    items = data.get("processor_activities")
    if isinstance(items, list):
        for index, item in enumerate(items):
            if isinstance(item, dict):
                yield index, item


# A file that cannot be read (X006) or parsed (X001) is never a pass: no configuration,
# option or prefix (`ignore: [X]`) switches these off or lowers them.
ALWAYS_ON = frozenset(("X001", "X006"))


def refuse_switching_off(config: Config) -> None:
    """A configuration or command line that names X001 or X006 to switch off: exit 2."""
    named = sorted({r for r in ALWAYS_ON if config.severity.get(r, "error") != "error"} |
                   {r for r in ALWAYS_ON if r in config.ignore})
    if named:
        where = f"{config.source}: " if config.source else ""
        raise ConfigError(f"{where}{' and '.join(named)} cannot be switched off or "
                          "lowered: a file that cannot be read or parsed is never a pass; "
                          "fix or exclude the file instead")


class Linter:
    """Lints documents with one configuration."""

    def __init__(self, config: Config, rules: dict[str, Rule] | None = None,
                 today: dt.date | None = None) -> None:
        refuse_switching_off(config)
        self.config = config
        if rules is None:
            from gdpr_lint.lint.policies import all_rules

            rules = all_rules(config)
        self.rules = rules
        self.ctx = Context(config, today or dt.date.today())
        self.activity_rules = [r for r in self.rules.values()
                               if r.scope in ("activity", "policy") and r.check]
        self.controller_rules = [r for r in self.rules.values() if r.check and (
            r.scope == "controller" or "controller" in r.also)]
        self.processor_rules = [r for r in self.rules.values() if r.check and (
            r.scope == "processor_activity" or "processor_activity" in r.also)]

    # -- selection -------------------------------------------------------------------
    def active(self, rule_id: str) -> bool:
        if rule_id in ALWAYS_ON:
            return True
        select, ignore = self.config.select, self.config.ignore
        if select and not any(rule_id.startswith(p) for p in select):
            return False
        if any(rule_id.startswith(p) for p in ignore):
            return False
        default = self.rules[rule_id].severity if rule_id in self.rules else Severity.ERROR
        return severity_for(self.config, rule_id, default) is not None

    def known(self, rule_id: str) -> bool:
        """A rule ID or prefix that names at least one rule."""
        return any(r.startswith(rule_id) for r in self.rules)

    def article(self, rule_id: str) -> str:
        return self.rules[rule_id].article if rule_id in self.rules else ""

    def _finalise(self, finding: Finding) -> Finding | None:
        if not self.active(finding.rule):
            return None
        if finding.rule not in self.config.severity or finding.rule in ALWAYS_ON:
            return finding
        level = severity_for(self.config, finding.rule, finding.severity)
        if level is None or level is finding.severity:
            return finding
        return Finding(finding.path, finding.line, finding.column, finding.rule, level,
                       finding.message, finding.activity, finding.article)

    # -- cross-file state ------------------------------------------------------------
    def config_documents(self) -> list[Document]:
        """The configuration's `controllers` files; one that cannot be read is exit 2."""
        docs = []
        for relative in self.config.controllers:
            path = self.config.resolve(relative)
            if relative.lower().endswith(".json"):  # an organisation's record file (§12)
                docs.append(_record_controllers(str(path), relative))
                continue
            doc = read_document(str(path), display_path(path))
            if doc.problems or not isinstance(doc.data, dict):
                where = doc.problems[0].location() if doc.problems else relative
                why = doc.problems[0].message if doc.problems else "not a declaration mapping"
                raise ConfigError(f"controllers file {where}: {why}")
            docs.append(doc)
        return docs

    def registry(self, declaring: Iterable[Document]) -> Registry:
        registry = Registry()
        for doc in self.config_documents():
            registry.add(doc, self.ctx)
        registry.from_config = set(registry.controllers)
        for doc in declaring:
            registry.add(doc, self.ctx)
        return registry

    # -- one file ----------------------------------------------------------------------
    def check(self, doc: Document, registry: Registry) -> FileReport:
        """Everything that can be known from one file and the controller registry."""
        findings = list(doc.problems)
        try:
            schema_problems = check_document(doc)
        except Exception as exc:  # a bug in the schema pass loses this file's X003, no more
            schema_problems = []
            findings.append(Finding(doc.path, 1, 1, "X003", Severity.ERROR,
                                    f"internal error in the schema check ({type(exc).__name__}: "
                                    f"{shorten(str(exc), 200)}); please report it", None,
                                    self.article("X003")))
        if isinstance(doc.data, dict) and doc.data and set(doc.data) <= {"version"}:
            # `version: 1` alone (or `{}`) passes the schema yet declares nothing: a record
            # with nothing in it is not a pass.
            findings.append(Finding(doc.path, 1, 1, "X003", Severity.ERROR,
                                    "declares nothing: a declaration holds `activities`, "
                                    "`processor_activities`, `controllers` or `controller`",
                                    None, self.article("X003")))
        # An unknown field that resembles an absent known one is reported once, as the typo
        # (X003 with its did-you-mean), not again as that field missing.
        misspelt = {(p.field[0], p.suggests) for p in schema_problems
                    if p.field is not None and p.suggests}
        # A field of the wrong type (`consent:` written as a list) is one problem: the X003
        # that says so, not also every rule that looks inside it and finds nothing.
        misshapen = {p.field for p in schema_problems if p.field is not None and p.wrong_type}
        covered: set[tuple[int, str]] = set(misspelt)
        ids: list[tuple[str, Position]] = []
        used: set[str] = set()
        declared: list[Any] = []
        for activity in self.activities(doc, registry, findings):
            index = activity.path[1]
            assert isinstance(index, int)
            _note(activity, activity.controller, doc, registry, ids, used)
            if self.config.evidence:
                from gdpr_lint.evidence.declared import declared as facts

                if (fact := facts(activity)) is not None:
                    declared.append(fact)
            for rule_, hit in self._run(self.activity_rules, activity):
                if hit.path and (index, str(hit.path[0])) in misspelt:
                    continue
                if hit.path and (index, str(hit.path[0])) in misshapen and \
                        hit.path[0] not in rule_.covers and len(hit.path) > 1:
                    continue
                findings.append(self._locate(rule_, hit, activity))
                if hit.path and hit.path[0] in rule_.covers:
                    covered.add((index, str(hit.path[0])))
                elif not hit.path and rule_.covers:
                    covered.update((index, c) for c in rule_.covers)
        # Where a processor rule reports a field it covers, the schema's X003 on that node
        # is the same problem said twice (one problem, one finding).
        at: set[tuple[int, int]] = set()
        for processing in self.processor_activities(doc, registry, findings):
            _note(processing, processing.processor, doc, registry, ids, used)
            for rule_, hit in self._run(self.processor_rules, processing):
                finding = self._locate(rule_, hit, processing)
                findings.append(finding)
                if hit.path and hit.path[0] in rule_.covers:
                    at.add((finding.line, finding.column))
        for controller in _controllers_in(doc, self.ctx):
            findings.extend(self._locate(r, h, controller)
                            for r, h in self._run(self.controller_rules, controller))
        findings.extend(p.finding for p in schema_problems
                        if (p.field is None or p.field not in covered)
                        and (p.finding.line, p.finding.column) not in at)
        suppressions = read_suppressions(doc) if "gdpr-lint" in doc.text else []
        return FileReport(doc.path, findings, suppressions, ids, used, declared)

    def activities(self, doc: Document, registry: Registry,
                    problems: list[Finding]) -> Iterator[Activity]:
        data = doc.data
        if not isinstance(data, dict):
            return
        file_controller = self._resolve(data.get("controller"), doc, ("controller",),
                                        registry, problems, None)
        if not isinstance(data.get("activities"), list):
            return
        for index, item in enumerate(data["activities"]):
            if not isinstance(item, dict):
                continue
            path: JsonPath = ("activities", index)
            activity = Activity(item, doc, path, self.ctx)
            own = item.get("controller")
            if own is not None:
                activity.controller = self._resolve(own, doc, (*path, "controller"),
                                                    registry, problems, activity.id)
            elif data.get("controller") is not None:
                activity.controller = file_controller
            elif self.config.default_controller:
                activity.controller = self._default(doc, path, registry, problems,
                                                    activity.id)
            yield activity

    def processor_activities(self, doc: Document, registry: Registry,
                              problems: list[Finding]) -> Iterator[ProcessorActivity]:
        """Processor records (Art. 30(2)); `processor` resolves like `controller` (X005)."""
        data = doc.data
        if not isinstance(data, dict):
            return
        ref = data.get("controller", self.config.default_controller)
        default = self._resolve(ref, doc, ("controller",), registry, [], None)
        for index, item in _processor_items(data):
            path: JsonPath = ("processor_activities", index)
            processing = ProcessorActivity(item, doc, path, self.ctx)
            own = item.get("processor")
            processing.processor = default if own is None else self._resolve(
                own, doc, (*path, "processor"), registry, problems, processing.id)
            yield processing

    def _resolve(self, ref: Any, doc: Document, path: JsonPath, registry: Registry,
                 problems: list[Finding], activity: str | None) -> Controller | None:
        if isinstance(ref, dict):
            return Controller(ref, doc, path, self.ctx)
        if not isinstance(ref, str):
            return None
        controller = registry.controllers.get(ref)
        if controller is None:
            line, col = doc.position(path)
            problems.append(Finding(doc.path, line, col, "X005", Severity.ERROR,
                                    f"controller '{ref}' is not declared: add it to a "
                                    "`controllers` list or a configured controllers file"
                                    f"{_did_you_mean(registry.suggest(ref))}", activity,
                                    self.article("X005")))
        return controller

    def _default(self, doc: Document, path: JsonPath, registry: Registry,
                 problems: list[Finding], activity: str | None) -> Controller | None:
        ref = self.config.default_controller or ""
        controller = registry.controllers.get(ref)
        if controller is None:
            line, col = doc.position(path)
            problems.append(Finding(doc.path, line, col, "X005", Severity.ERROR,
                                    f"default_controller '{ref}' ({self.config.source}) is not "
                                    "declared in any linted or configured controllers file",
                                    activity, self.article("X005")))
        return controller

    def _run(self, rules: Iterable[Rule], node: Any) -> Iterator[tuple[Rule, Hit]]:
        for rule_ in rules:
            assert rule_.check is not None
            try:
                for hit in rule_.check(node):
                    yield rule_, hit
            except Exception as exc:  # a bug in one rule must not hide the others' findings
                yield rule_, Hit((), f"internal error in rule {rule_.id} ({type(exc).__name__}: "
                                 f"{exc}); please report it", Severity.ERROR)

    def _locate(self, rule_: Rule, hit: Hit,
                node: Activity | Controller | ProcessorActivity) -> Finding:
        line, col = node.doc.position((*node.path, *hit.path))
        activity = node.id if isinstance(node, (Activity, ProcessorActivity)) else None
        return Finding(node.doc.path, line, col, rule_.id, hit.severity or rule_.severity,
                       without_repeated_article(hit.message, rule_.article), activity,
                       rule_.article)

    # -- all files ---------------------------------------------------------------------
    def finish(self, reports: Sequence[FileReport], registry: Registry) -> LintResult:
        """Cross-file checks, suppressions and selection over the per-file reports."""
        raw = {report.path: list(report.findings) for report in reports}
        used: set[str] = set().union(*(r.used_controllers for r in reports))
        for controller_id in sorted(used):
            controller = registry.controllers[controller_id]
            for rule_, hit in self._run(self.controller_rules, controller):
                finding = self._locate(rule_, hit, controller)
                raw.setdefault(finding.path, []).append(finding)
        for finding in _duplicate_ids(reports, self.article("X004")):
            raw[finding.path].append(finding)
        for finding in registry.conflict_findings(self.article("X007")):
            raw.setdefault(finding.path, []).append(finding)
        evidence: dict[str, list[dict[str, Any]]] = {}
        if self.config.evidence:
            from gdpr_lint.evidence.compare import compare

            found, evidence = compare(self.config, [d for r in reports for d in r.declared],
                                      self.article)
            for finding in found:
                raw.setdefault(finding.path, []).append(finding)
        findings: list[Finding] = []
        hidden = 0
        by_path = {report.path: report for report in reports}
        for path, items in raw.items():
            suppressions = by_path[path].suppressions if path in by_path else []
            kept, suppressed = apply_suppressions(path, suppressions, _unique(items),
                                                  self.active, self.article, self.known)
            hidden += suppressed
            findings.extend(f for f in map(self._finalise, kept) if f is not None)
        result = LintResult(sorted(map(_presentable, findings), key=Finding.sort_key),
                            len(reports), hidden,
                            {r.path: [i for i, _ in r.activity_ids] for r in reports},
                            [r.id for r in self.activity_rules if self.active(r.id)])
        result.evidence = evidence
        return result

    def lint_documents(self, docs: Sequence[Document]) -> LintResult:
        registry = self.registry(d for d in docs if may_declare_controllers(d.text))
        return self.finish([self.check(doc, registry) for doc in docs], registry)


def _did_you_mean(close: str | None) -> str:
    return f" (did you mean '{close}'?)" if close else ""


# Longest message a finding carries, and longest quoted value inside it.
MAX_MESSAGE = 2000
_QUOTED = re.compile(r"'([^'\n]{121,})'")


def _presentable(finding: Finding) -> Finding:
    """A finding as reporters show it: a value quoted in the message is cut to a readable
    length (a 20 kB value is not echoed whole), and so is a long activity id."""
    message = finding.message
    if len(message) > 120:
        message = _QUOTED.sub(lambda m: f"'{shorten(m.group(1), 120)}'", message)
        message = shorten(message, MAX_MESSAGE)
    activity = shorten(finding.activity, 120) if finding.activity else finding.activity
    if message is finding.message and activity is finding.activity:
        return finding
    return Finding(finding.path, finding.line, finding.column, finding.rule, finding.severity,
                   message, activity, finding.article)


# The first place of a duplicate id names this many others at most.
_NAMED_DUPLICATES = 5


def _duplicate_ids(reports: Sequence[FileReport], article: str) -> Iterator[Finding]:
    """Each repeat of an id names the first place it was used; the first names a few of the
    repeats. Output stays linear however many times an id repeats."""
    places: dict[str, list[tuple[str, Position]]] = {}
    for report in reports:
        for activity_id, position in report.activity_ids:
            places.setdefault(activity_id, []).append((report.path, position))
    for activity_id, where in places.items():
        if len(where) < 2:
            continue
        shown = shorten(activity_id)
        (first_path, (first_line, first_col)), repeats = where[0], where[1:]
        named = ", ".join(f"{path}:{line}" for path, (line, _) in repeats[:_NAMED_DUPLICATES])
        more = len(repeats) - _NAMED_DUPLICATES
        named += f" and {more:,} more" if more > 0 else ""
        yield Finding(first_path, first_line, first_col, "X004", Severity.ERROR,
                      f"activity id '{shown}' is also used at {named}: give each activity "
                      "its own id", activity_id, article)
        for path, (line, col) in repeats:
            yield Finding(path, line, col, "X004", Severity.ERROR,
                          f"activity id '{shown}' is also used at {first_path}:"
                          f"{first_line}: give each activity its own id", activity_id, article)


def _unique(findings: list[Finding]) -> list[Finding]:
    return list(dict.fromkeys(findings))


def _note(node: Activity | ProcessorActivity, party: Controller | None, doc: Document,
          registry: Registry, ids: list[tuple[str, Position]], used: set[str]) -> None:
    """Keep a node's id (duplicates across files, X004) and the controller from the
    configuration it relies on (checked where declared in a partial run)."""
    if node.id:
        ids.append((node.id, doc.position((*node.path, "id"))))
    if party is not None and party.id in registry.from_config and party.doc is not doc:
        used.add(party.id)
