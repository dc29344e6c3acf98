"""The lint pipeline: load, schema pass, rules, suppressions, selection."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from gdpr_lint.config import Config, ConfigError, severity_for
from gdpr_lint.findings import Finding, Severity
from gdpr_lint.loader import Document, JsonPath, read_document
from gdpr_lint.model import Activity, Context, Controller
from gdpr_lint.registry import Hit, Rule, builtin_rules
from gdpr_lint.schema import check_document
from gdpr_lint.suppressions import apply_suppressions


@dataclass
class LintResult:
    findings: list[Finding]
    files: int
    suppressed: int = 0
    # What was checked, for reports that list passes too (JUnit): activity ids per file
    # and the activity rules that ran.
    activities: dict[str, list[str]] = field(default_factory=dict)
    rules_checked: list[str] = field(default_factory=list)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)


@dataclass
class _Site:
    """Where a controller is defined."""

    controller: Controller
    doc: Document


@dataclass
class Project:
    """Everything known across the linted files: controllers and activities."""

    ctx: Context
    controllers: dict[str, _Site] = field(default_factory=dict)

    def add_controller(self, data: Any, doc: Document, path: JsonPath) -> Controller | None:
        if not isinstance(data, dict):
            return None
        controller = Controller(data, doc, path, self.ctx)
        if controller.id and controller.id not in self.controllers:
            self.controllers[controller.id] = _Site(controller, doc)
        return controller


class Linter:
    """Lints a set of documents with one configuration; reusable across runs."""

    def __init__(self, config: Config, rules: dict[str, Rule] | None = None,
                 today: dt.date | None = None) -> None:
        self.config = config
        self.rules = rules if rules is not None else builtin_rules()
        self.ctx = Context(config, today or dt.date.today())
        self.activity_rules = [r for r in self.rules.values()
                               if r.scope == "activity" and r.check]
        self.controller_rules = [r for r in self.rules.values()
                                 if r.scope == "controller" and r.check]

    # -- selection -------------------------------------------------------------------
    def active(self, rule_id: str) -> bool:
        select, ignore = self.config.select, self.config.ignore
        if select and not any(rule_id.startswith(p) for p in select):
            return False
        if any(rule_id.startswith(p) for p in ignore):
            return False
        default = self.rules[rule_id].severity if rule_id in self.rules else Severity.ERROR
        return severity_for(self.config, rule_id, default) is not None

    def article(self, rule_id: str) -> str:
        return self.rules[rule_id].article if rule_id in self.rules else ""

    def _finalise(self, finding: Finding) -> Finding | None:
        if not self.active(finding.rule):
            return None
        level = severity_for(self.config, finding.rule, finding.severity)
        if level is None or level is finding.severity or finding.rule not in self.config.severity:
            return finding
        return Finding(finding.path, finding.line, finding.column, finding.rule, level,
                       finding.message, finding.activity, finding.article)

    # -- the run ---------------------------------------------------------------------
    def controller_project(self) -> Project:
        """A project holding the controllers from the configuration's `controllers` files."""
        project = Project(self.ctx)
        for relative in self.config.controllers:
            path = self.config.resolve(relative)
            doc = read_document(str(path), relative)
            if doc.problems or not isinstance(doc.data, dict):
                where = doc.problems[0].location() if doc.problems else relative
                why = doc.problems[0].message if doc.problems else "not a declaration mapping"
                raise ConfigError(f"controllers file {where}: {why}")
            _collect_controllers(project, doc)
        return project

    def lint_documents(self, docs: Sequence[Document]) -> LintResult:
        project = self.controller_project()
        for doc in docs:
            _collect_controllers(project, doc)
        raw: dict[str, list[Finding]] = {doc.path: list(doc.problems) for doc in docs}
        covered: set[tuple[str, int, str]] = set()
        used_controllers: dict[int, Controller] = {}
        ids: dict[str, list[tuple[Document, int]]] = {}
        checked: dict[str, list[str]] = {doc.path: [] for doc in docs}
        schema = {doc.path: check_document(doc) for doc in docs}
        for doc in docs:
            for activity in self._activities(doc, project, raw[doc.path]):
                index = activity.path[1]
                assert isinstance(index, int)
                if activity.id:
                    ids.setdefault(activity.id, []).append((doc, index))
                    checked[doc.path].append(activity.id)
                if activity.controller is not None:
                    used_controllers.setdefault(id(activity.controller.data), activity.controller)
                for rule_, hit in self._run(self.activity_rules, activity):
                    raw[doc.path].append(self._locate(rule_, hit, activity))
                    if hit.path and hit.path[0] in rule_.covers:
                        covered.add((doc.path, index, str(hit.path[0])))
                    elif not hit.path and rule_.covers:
                        covered.update((doc.path, index, c) for c in rule_.covers)
        for controller in used_controllers.values():
            for rule_, hit in self._run(self.controller_rules, controller):
                raw[controller.doc.path if controller.doc.path in raw else ""].append(
                    self._locate(rule_, hit, controller))
        raw.pop("", None)
        for finding in _duplicate_ids(ids, self.article("X004")):
            raw[finding.path].append(finding)
        for doc in docs:
            raw[doc.path].extend(p.finding for p in schema[doc.path]
                                 if p.field is None or (doc.path, *p.field) not in covered)
        result = self._select(docs, raw)
        result.activities = checked
        result.rules_checked = [r.id for r in self.activity_rules if self.active(r.id)]
        return result

    def _select(self, docs: Sequence[Document], raw: dict[str, list[Finding]]) -> LintResult:
        findings: list[Finding] = []
        hidden = 0
        for doc in docs:
            kept, suppressed = apply_suppressions(doc, _unique(raw[doc.path]), self.active,
                                                  self.article)
            hidden += suppressed
            findings.extend(f for f in map(self._finalise, kept) if f is not None)
        return LintResult(sorted(findings), len(docs), hidden)

    def _activities(self, doc: Document, project: Project,
                    problems: list[Finding]) -> Iterator[Activity]:
        data = doc.data
        if not isinstance(data, dict):
            return
        file_controller = self._resolve(data.get("controller"), doc, ("controller",), project,
                                        problems, None)
        if not isinstance(data.get("activities"), list):
            return
        for index, item in enumerate(data["activities"]):
            if not isinstance(item, dict):
                continue
            path: JsonPath = ("activities", index)
            activity = Activity(item, doc, path, self.ctx)
            own = item.get("controller")
            if own is not None:
                activity.controller = self._resolve(own, doc, (*path, "controller"), project,
                                                    problems, activity.id)
            elif data.get("controller") is not None:
                activity.controller = file_controller
            elif self.config.default_controller:
                activity.controller = self._default(doc, path, project, problems, activity.id)
            yield activity

    def _resolve(self, ref: Any, doc: Document, path: JsonPath, project: Project,
                 problems: list[Finding], activity: str | None) -> Controller | None:
        if isinstance(ref, dict):
            return Controller(ref, doc, path, self.ctx)
        if not isinstance(ref, str):
            return None
        site = project.controllers.get(ref)
        if site is None:
            line, col = doc.position(path)
            problems.append(Finding(doc.path, line, col, "X005", Severity.ERROR,
                                    f"controller '{ref}' is not declared: add it to a "
                                    "`controllers` list or a configured controllers file"
                                    f"{_suggest(ref, project.controllers)}", activity,
                                    self.article("X005")))
            return None
        return site.controller

    def _default(self, doc: Document, path: JsonPath, project: Project,
                 problems: list[Finding], activity: str | None) -> Controller | None:
        ref = self.config.default_controller
        site = project.controllers.get(ref or "")
        if site is None:
            line, col = doc.position(path)
            problems.append(Finding(doc.path, line, col, "X005", Severity.ERROR,
                                    f"default_controller '{ref}' ({self.config.source}) is not "
                                    "declared in any linted or configured controllers file",
                                    activity, self.article("X005")))
            return None
        return site.controller

    def _run(self, rules: Iterable[Rule], node: Any) -> Iterator[tuple[Rule, Hit]]:
        for rule_ in rules:
            assert rule_.check is not None
            try:
                for hit in rule_.check(node):
                    yield rule_, hit
            except Exception as exc:  # a bug in one rule must not hide the others' findings
                yield rule_, Hit((), f"internal error in rule {rule_.id} ({type(exc).__name__}: "
                                 f"{exc}); please report it", Severity.ERROR)

    def _locate(self, rule_: Rule, hit: Hit, node: Activity | Controller) -> Finding:
        line, col = node.doc.position((*node.path, *hit.path))
        activity = node.id if isinstance(node, Activity) else None
        return Finding(node.doc.path, line, col, rule_.id, hit.severity or rule_.severity,
                       hit.message, activity, rule_.article)


def _collect_controllers(project: Project, doc: Document) -> None:
    data = doc.data
    if not isinstance(data, dict):
        return
    if isinstance(data.get("controllers"), list):
        for index, item in enumerate(data["controllers"]):
            project.add_controller(item, doc, ("controllers", index))
    if isinstance(data.get("controller"), dict):
        project.add_controller(data["controller"], doc, ("controller",))
    if isinstance(data.get("activities"), list):
        for index, item in enumerate(data["activities"]):
            if isinstance(item, dict) and isinstance(item.get("controller"), dict):
                project.add_controller(item["controller"], doc,
                                       ("activities", index, "controller"))


def _suggest(ref: str, known: dict[str, Any]) -> str:
    import difflib

    close = difflib.get_close_matches(ref, list(known), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _duplicate_ids(ids: dict[str, list[tuple[Document, int]]], article: str) -> Iterator[Finding]:
    for activity_id, places in ids.items():
        if len(places) < 2:
            continue
        where = [f"{doc.path}:{doc.position(('activities', i, 'id'))[0]}" for doc, i in places]
        for (doc, index), here in zip(places, where, strict=True):
            others = ", ".join(w for w in where if w != here)
            line, col = doc.position(("activities", index, "id"))
            yield Finding(doc.path, line, col, "X004", Severity.ERROR,
                          f"activity id '{activity_id}' is also used at {others}: give each "
                          "activity its own id", activity_id, article)


def _unique(findings: list[Finding]) -> list[Finding]:
    return list(dict.fromkeys(findings))


def lint_files(files: Sequence[str], config: Config, today: dt.date | None = None) -> LintResult:
    """Read and lint the given files (display paths) with one configuration."""
    linter = Linter(config, today=today)
    return linter.lint_documents([read_document(f) for f in files])
