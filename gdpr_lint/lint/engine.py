"""The lint pipeline: load, schema pass, rules, cross-file checks, suppressions, selection.

Each file is checked on its own (`Linter.check`), which is what worker processes do for
large runs; what spans files (the controller registry, duplicate ids, controllers from the
configuration) is computed once in the main process, so a parallel run reports exactly
what a serial one does.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
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


# -- parallel runs -----------------------------------------------------------------------
_worker: tuple[Linter, Registry] | None = None


def _init_worker(config: Config, today: dt.date, registry: Registry,
                 rules: dict[str, Rule] | None, parent: int) -> None:
    global _worker
    import signal

    # Ctrl-C reaches the whole process group: the main process alone handles it (and stops
    # the workers), so no worker prints a traceback. SIGTERM (the pool's own way to stop a
    # worker) ends it at once, and so does the end of the main process, however it ends
    # (the kernel's out-of-memory killer included): no worker outlives it holding the
    # caller's pipes.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent()
    if os.getppid() != parent:  # it ended before the line above: nobody waits for this one
        os._exit(1)
    _release_sigint()  # held while the pool forked this process
    _worker = (Linter(config, rules, today=today), registry)


def _check_paths(paths: Sequence[str], worker: tuple[Linter, Registry] | None = None
                 ) -> list[FileReport]:
    linter, registry = worker or _worker or (None, None)
    assert linter is not None and registry is not None
    return [linter.check(read_document(path), registry) for path in paths]


class WorkerLost(OSError):
    """A worker process ended in the middle of its work (killed: out of memory, a signal);
    an error of the system, exit 2 as any other."""


def _die_with_parent() -> None:
    """Linux: the kernel kills this process when its parent ends (PR_SET_PDEATHSIG)."""
    import signal
    import sys

    if sys.platform != "linux":  # pragma: no cover - other systems: the pool's own stop
        return
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - no libc to ask
        pass


def _start_pool(jobs: int, linter: Linter, registry: Registry) -> Any:
    """A pool of ``jobs`` workers, or None when the system cannot start them (no memory for
    a thread, a process limit): the run then goes on in this process. A pool that failed
    half-way leaves no worker behind."""
    import multiprocessing

    fork = os.name == "posix"
    context = multiprocessing.get_context("fork" if fork else "spawn")
    # Forked workers inherit the rules already loaded (policy rules hold compiled
    # validators that do not pickle); spawned ones load them again.
    inherited = linter.rules if fork else None
    try:
        return context.Pool(jobs, _init_worker,
                            (linter.config, linter.ctx.today, registry, inherited,
                             os.getpid()))
    except (OSError, RuntimeError, MemoryError) as exc:
        for child in multiprocessing.active_children():
            child.kill()
            child.join()
        import sys

        sys.stderr.write(f"gdpr-lint: note: cannot start {jobs} worker processes ({exc}); "
                         "linting in this process\n")
        return None


def _map_files(linter: Linter, registry: Registry, files: Sequence[str], jobs: int | None,
               work: Callable[..., list[Any]]) -> list[Any]:
    """``work(paths, (linter, registry))`` over the files, in order; ``jobs`` > 1 spreads it
    over processes, each set up once with the linter and the registry. The processes are
    never more than the cores nor the files; every exit (an error, Ctrl-C, SIGTERM) stops
    them, and a worker lost mid-run (out of memory) is an error, not a wait for ever."""
    jobs = default_jobs(len(files)) if jobs is None or jobs < 1 else \
        min(jobs, available_cores(), len(files))
    if jobs <= 1 or len(files) < 2:
        return work(files, (linter, registry))
    size = max(1, min(50, len(files) // (jobs * 4)))
    chunks = [files[i:i + size] for i in range(0, len(files), size)]
    # Ctrl-C is held back while the workers start (they inherit that, then ignore it),
    # and reaches the main process once the pool is in hand to be stopped.
    with _sigint_held():
        pool = _start_pool(jobs, linter, registry)
    if pool is None:
        _release_sigint()
        return work(files, (linter, registry))
    import multiprocessing

    with pool:  # leaving it, by any exception, terminates the workers
        _release_sigint()
        workers = {p.pid for p in pool._pool}
        results = pool.imap(work, chunks)
        found: list[Any] = []
        for _ in chunks:
            while True:
                try:
                    found += results.next(timeout=0.5)
                    break
                except multiprocessing.TimeoutError:
                    if {p.pid for p in pool._pool} != workers:  # one died and was replaced
                        _abandon(pool)
                        raise WorkerLost("a worker process was killed (out of memory?); "
                                         "run again with fewer --jobs") from None
        return found


def _abandon(pool: Any) -> None:
    """Kill a pool's workers without the pool's own terminate, which waits for the task
    queue's lock: a worker killed while waiting for work dies holding it, and that wait
    never ends. The pool's finaliser is cancelled so that neither leaving the `with` nor
    the interpreter's exit runs it."""
    from multiprocessing.pool import TERMINATE

    pool._worker_handler._state = TERMINATE  # no new worker in place of those killed
    for process in list(pool._pool):
        process.kill()
        process.join()
    pool._terminate.cancel()
    pool.terminate = lambda: None


def _note(node: Activity | ProcessorActivity, party: Controller | None, doc: Document,
          registry: Registry, ids: list[tuple[str, Position]], used: set[str]) -> None:
    """Keep a node's id (duplicates across files, X004) and the controller from the
    configuration it relies on (checked where declared in a partial run)."""
    if node.id:
        ids.append((node.id, doc.position((*node.path, "id"))))
    if party is not None and party.id in registry.from_config and party.doc is not doc:
        used.add(party.id)


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def default_jobs(files: int) -> int:
    """Processes for a run: one below a few hundred files, else one per available core."""
    return 1 if files < 200 else max(1, min(available_cores(), files // 100))


def _declaring(files: Sequence[str]) -> Iterator[Document]:
    """The files that may declare controllers, loaded (a cheap text scan picks them)."""
    from gdpr_lint.lint.loader import read_regular

    for path in files:
        try:
            head, _ = read_regular(path)
        except OSError:  # not a regular file, or unreadable: reported when it is linted
            continue
        if may_declare_controllers(head.decode("utf-8", "replace")):
            yield read_document(path)


@contextlib.contextmanager
def _sigint_held() -> Iterator[None]:
    """Block SIGINT and SIGTERM (they stay pending) for the block; release them only on
    failure. A worker forked meanwhile keeps them blocked until it has set its own
    handlers, so the pool's SIGTERM cannot meet the main process's handler there."""
    import signal

    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - not on POSIX
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    except BaseException:
        _release_sigint()
        raise


def _release_sigint() -> None:
    import signal

    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})


def lint_files(files: Sequence[str], config: Config, today: dt.date | None = None,
               jobs: int | None = None, rules: dict[str, Rule] | None = None,
               others: Sequence[Document] = (), affected: Collection[str] = ()) -> LintResult:
    """Read and lint the given files (display paths); ``jobs`` > 1 spreads the work.

    Files are read one at a time and only their findings are kept, so memory stays flat
    however many files there are; serial and parallel runs share every step. ``others``
    are other declarations of the project (a partial run): they count for the cross-file
    checks and are not linted.
    """
    today = today or dt.date.today()
    linter = Linter(config, rules, today=today)
    registry = linter.registry(_in_order(_declaring(files), others) if others
                               else _declaring(files))
    reports: list[FileReport] = _map_files(linter, registry, files, jobs, _check_paths)
    if others:
        return _finish_partial(linter, reports, registry, others, affected)
    return linter.finish(reports, registry)


# -- partial runs (SPEC §6 v1.1) -------------------------------------------------------
def _in_order(*groups: Iterable[Document]) -> list[Document]:
    """Declaring documents in path order, as a run over the whole project reads them."""
    return sorted((d for group in groups for d in group), key=lambda d: d.path)


def _finish_partial(linter: Linter, reports: list[FileReport], registry: Registry,
                    context: Sequence[Document], affected: Collection[str]) -> LintResult:
    """Finish a partial run: the other files count, only what the linted ones cause shows.

    That is the other half of a duplicate id (X004), a controller declared again with
    other details (X007), and in ``affected`` files a reference to a controller that no
    longer resolves (X005).
    """
    from gdpr_lint.lint.project import declared_ids

    linted = {r.path for r in reports}
    extra = []
    for doc in context:
        if doc.path not in linted:
            report = linter.check(doc, registry)
            report.activity_ids = declared_ids(doc)
            extra.append(report)
    ids = {i for r in reports for i, _ in r.activity_ids}
    # A controller declared again: reported on the later declaration, wherever it is.
    clashes = {(later.doc.path, later.doc.position((*later.path, "id"))[0])
               for later, first in registry.conflicts
               if later.doc.path in linted or first.doc.path in linted}
    # Controllers from the configuration that the linted files use are checked as in a
    # full run, where they are declared.
    configured = {registry.controllers[i].doc.path for i in registry.from_config}
    result = linter.finish([*reports, *extra], registry)
    result.findings = [f for f in result.findings if f.path in linted or
                       f.path in configured or
                       (f.rule == "X004" and f.activity in ids) or
                       f.rule == "E006" or
                       (f.rule == "X005" and f.path in affected) or
                       (f.rule == "X007" and (f.path, f.line) in clashes)]
    result.files = len(reports)
    result.activities = {p: a for p, a in result.activities.items() if p in linted}
    return result
