"""The project a run belongs to: its configuration, its root, its git work tree, its files.

SPEC §6 (v1.1): the configuration is searched upward from the linted paths (their common
folder); the project root is the configuration file's folder, else the git work tree, else
the current directory. Paths in baselines and in the SARIF, GitLab and JUnit reports are
relative to that root, so a run from a subfolder matches the same baseline and the same
code-scanning alerts.

Folders inside a git work tree are searched honouring `.gitignore`, as git itself reads it:
one `git ls-files` per run, never a matcher of our own (every git call is in
:mod:`gdpr_lint.lint.git`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gdpr_lint.lint import git
from gdpr_lint.lint.config import Config, display_path, find_config, load_config
from gdpr_lint.lint.findings import Finding
from gdpr_lint.lint.loader import Document
from gdpr_lint.lint.names import CONFIG_NAMES, is_config_file, is_policy_name

if TYPE_CHECKING:
    from gdpr_lint.lint.engine import LintResult


def _real(path: str | Path) -> Path:
    """An absolute path with its folders resolved but not the file itself (it may be a link)."""
    absolute = os.path.abspath(path)
    return Path(os.path.realpath(os.path.dirname(absolute))) / os.path.basename(absolute)


def common_folder(paths: Sequence[str]) -> Path:
    """The deepest folder holding every given path (a file counts as its folder), as the
    paths are named: links are not resolved here.

    The project is found where its files are named from, looking through links on the
    way up: a declaration or a folder linked in from elsewhere belongs to the project the
    link is in (which refuses it, X006, `lint/links.py`), while a project reached through a
    link (`/tmp` on macOS, a folder linked into the home folder) is found through it.
    """
    folders = []
    for given in paths or (".",):
        named = os.path.abspath(given)
        folders.append(named if os.path.isdir(named) else os.path.dirname(named))
    return Path(os.path.commonpath(folders))


class Project:
    __slots__ = ("_listing", "config", "found", "root", "worktree")

    def __init__(self, root: Path, config: Config, worktree: Path | None = None,
                 found: bool = False) -> None:
        self.root = root
        self.config = config
        self.worktree = worktree
        # Whether the root is a project's (a configuration file or a git work tree) rather
        # than only the current directory: partial runs then see the whole project.
        self.found = found
        self._listing: dict[Path, set[Path] | None] = {}

    def relative(self, path: str) -> str:
        """``path`` (as displayed) relative to the project root, with forward slashes."""
        real = _real(path)
        try:
            return real.relative_to(self.root).as_posix()
        except ValueError:
            return Path(path).as_posix()

    def git_files(self, worktree: Path) -> set[Path] | None:
        """Files git would track in ``worktree``: tracked, and untracked but not ignored.

        One `git ls-files` per work tree and run; None when git cannot answer (not
        installed, a repository it refuses), in which case nothing is filtered.
        """
        if worktree not in self._listing:
            self._listing[worktree] = git.ls_files(worktree)
        return self._listing[worktree]

    def kept_by_git(self, folder: str) -> set[Path] | None:
        """For a folder inside a git work tree, the files not ignored; else None."""
        worktree = git.find_worktree(Path(os.path.realpath(folder)))
        return self.git_files(worktree) if worktree is not None else None

    def forget_listing(self) -> None:
        """Ask git again next time: files were created or removed since (the editor)."""
        self._listing.clear()


def open_project(paths: Sequence[str], config_path: str | None) -> Project:
    """Find and load the configuration for ``paths``; settle the project root.

    The root is the configuration file's folder, else the git work tree, else the current
    folder. Only the first two are a project's: they are also the boundary no declaration
    is read across through a symbolic link (`Config.boundary`, X006). With neither, the
    current folder is only where paths are shown from, so the boundary is None and a file
    named on the command line, regular or a link, is read wherever it lies.
    """
    start = common_folder(paths)
    explicit = Path(config_path) if config_path else None
    found = find_config(start) if explicit is None else None
    source = explicit or (_real(found) if found is not None else None)
    config = load_config(source) if source is not None else Config()
    named_worktree = git.find_worktree(start)
    worktree = Path(os.path.realpath(named_worktree)) if named_worktree is not None else None
    if source is not None:
        root = Path(os.path.realpath(source)).parent
    elif worktree is not None:
        root = worktree
    else:
        root = Path(os.path.realpath(os.getcwd()))
    if source is None:
        config.root = root
        config.boundary = root if worktree is not None else None
    return Project(root, config, worktree, found=source is not None or worktree is not None)


def rebase(findings: Iterable[Finding], project: Project,
           others: Iterable[str] = ()) -> list[Finding]:
    """The findings with their paths relative to the project root.

    Messages that name another file (`also used at hr/a.gdpr.yaml:3`) name it from the
    root too, so a baseline written from any folder matches a run from any other.
    ``others`` are more paths that messages may name (the files linted).
    """
    findings = list(findings)
    moved = {p: project.relative(p) for p in {*(f.path for f in findings), *others}}
    moved = {old: new for old, new in moved.items() if old != new}
    if not moved:
        return findings
    mention = re.compile(r"(?<![\w./\\-])(" + "|".join(
        re.escape(p) for p in sorted(moved, key=len, reverse=True)) + r")(?=:\d)")
    return [f._replace(path=moved.get(f.path, f.path),
                       message=mention.sub(lambda m: moved[m.group(1)], f.message))
            for f in findings]


def rebase_result(result: LintResult, project: Project) -> LintResult:
    """A copy of ``result`` whose paths are relative to the project root."""
    import copy

    rebased = copy.copy(result)
    rebased.findings = rebase(result.findings, project, result.activities)
    rebased.activities = {project.relative(p): ids for p, ids in result.activities.items()}
    return rebased


# -- partial runs ------------------------------------------------------------------------
_SLUG_END = r"(?![A-Za-z0-9._-])"
_SLUG_START = r"(?<![A-Za-z0-9._-])"


class Plan:
    """What one run lints, and what it reads of the rest of the project to do it right."""

    __slots__ = ("affected", "context", "files", "whole")

    def __init__(self, files: list[str], context: list[Document] | None = None,
                 affected: set[str] | None = None, whole: bool = False) -> None:
        self.files = files
        # Other declarations of the project that share a controller or an activity id with
        # the linted files: read for the cross-file index; only what the linted files cause
        # in them is reported (the other half of a duplicate id; in ``affected``, a
        # reference to a controller the linted files no longer declare).
        self.context = [] if context is None else context
        self.affected = set() if affected is None else affected
        # The whole project is linted: its configuration, a policy or a controllers file is
        # among the paths, so every declaration may be affected.
        self.whole = whole


def controller_ids(doc: Document) -> set[str]:
    """Ids of the controllers a file declares (in a `controllers` list or inline)."""
    data = doc.data
    if not isinstance(data, dict):
        return set()
    mappings = list(data["controllers"]) if isinstance(data.get("controllers"), list) else []
    mappings.append(data.get("controller"))
    mappings += _per_item(data, "activities", "controller")
    mappings += _per_item(data, "processor_activities", "processor")  # same registry
    return {m["id"] for m in mappings if isinstance(m, dict) and isinstance(m.get("id"), str)}


def _per_item(data: dict[str, Any], key: str, field: str) -> list[Any]:
    items = data.get(key)
    return [i.get(field) for i in items if isinstance(i, dict)] if isinstance(items, list) \
        else []


def is_controllers_file(doc: Document) -> bool:
    """A file that only declares controllers: the one the others refer to."""
    data = doc.data
    return isinstance(data, dict) and bool(data.get("controllers")) and \
        not data.get("activities") and not data.get("processor_activities")


def declared_ids(doc: Document) -> list[tuple[str, tuple[int, int]]]:
    """Activity and processor activity ids with their places: one namespace (SPEC §3)."""
    data = doc.data
    found: list[tuple[str, tuple[int, int]]] = []
    if not isinstance(data, dict):
        return found
    for key in ("activities", "processor_activities"):
        items = data.get(key)
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            if isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"]:
                found.append((item["id"], doc.position((key, index, "id"))))
    return found


def project_files(project: Project) -> list[Path]:
    """Every declaration file of the project (absolute), as a search of its root finds them.

    Folders holding a configuration of their own are other projects and are left out.
    """
    root = project.root
    listed = project.git_files(project.worktree) \
        if project.worktree is not None and _root_in_worktree(project) else None
    if listed is not None:
        candidates = [str(p) for p in listed]
    else:
        candidates = []
        for folder, dirs, names in os.walk(root):
            dirs[:] = [d for d in dirs if d not in _skip_dirs() and
                       not os.path.isfile(os.path.join(folder, d, "pyvenv.cfg"))]
            candidates.extend(os.path.join(folder, name) for name in names)
    return [Path(p) for p in sorted(_in_project(project, candidates))]


def _root_in_worktree(project: Project) -> bool:
    """Git can list the project: the root is in the work tree, or holds it (a configuration
    above the repository: the repository is then what is searched, not all of the root)."""
    worktree = project.worktree
    return worktree is not None and (project.root == worktree or
                                     worktree in project.root.parents or
                                     project.root in worktree.parents)


def _skip_dirs() -> frozenset[str]:
    from gdpr_lint.lint.discover import SKIP_DIRS

    return SKIP_DIRS


def _in_project(project: Project, paths: Iterable[str]) -> Iterator[str]:
    """The absolute ``paths`` that are declarations of the project (string work: fast)."""
    from gdpr_lint.lint.discover import _matches

    config = project.config
    prefix = str(project.root).rstrip(os.sep) + os.sep
    relative = [(p, p[len(prefix):].replace(os.sep, "/")) for p in paths
                if p.startswith(prefix)]
    nested = {rel.rsplit("/", 1)[0] + "/" for _, rel in relative if "/" in rel and
              (rel.rsplit("/", 1)[1] in CONFIG_NAMES or
               (rel.endswith("/pyproject.toml") and _has_section(Path(prefix + rel))))}
    skip = _skip_dirs()
    for path, rel in relative:
        folders = rel.split("/")[:-1]
        if any(part in skip for part in folders):
            continue
        if nested and any("/".join(folders[:i]) + "/" in nested
                          for i in range(1, len(folders) + 1)):
            continue
        if _matches(rel, config.include) and not _matches(rel, config.exclude):
            yield path


def _nested_configs(project: Project, path: str) -> bool:
    """A folder between the root and ``path`` holds a configuration of its own."""
    folder = Path(path).parent
    while folder != project.root and project.root in folder.parents:
        if any((folder / name).is_file() for name in CONFIG_NAMES) or \
                ((folder / "pyproject.toml").is_file() and _has_section(folder / "pyproject.toml")):
            return True
        folder = folder.parent
    return False


def _candidates(project: Project, needles: set[str], linted: set[Path]) -> list[Path]:
    """Project files that contain any of ``needles``: a superset for the exact scan.

    Inside a git work tree `git grep -F` searches (tracked and untracked, not ignored
    files) in one call; elsewhere each file is read and searched as bytes.
    """
    if not needles:
        return []
    found = _git_grep(project, needles)
    if found is None:
        from gdpr_lint.lint.links import outside_link

        raw_needles = [n.encode("utf-8", "surrogateescape") for n in needles]
        found = []
        for path in project_files(project):
            if outside_link(str(path), project.config.boundary) is not None:
                continue  # not read: X006 where it is linted
            try:
                with open(path, "rb") as handle:
                    raw = handle.read()
            except OSError:
                continue
            if any(n in raw for n in raw_needles):
                found.append(path)
    return [p for p in found if p not in linted]


def _git_grep(project: Project, needles: set[str]) -> list[Path] | None:
    worktree = project.worktree
    if worktree is None or not _root_in_worktree(project):
        return None
    scope = project.root.relative_to(worktree).as_posix() \
        if worktree in (project.root, *project.root.parents) else "."
    names = _include_names(project.config.include)
    found = git.grep(worktree, needles, _pathspecs(scope, names))
    if found is None:
        return None
    paths = [str(worktree / name) for name in found]
    return [Path(p) for p in sorted(_in_project(project, paths))
            if not _nested_configs(project, p)]


def _include_names(include: list[str]) -> list[str] | None:
    """The file names of the `include` globs (`*.gdpr.yaml`), for git's pathspecs; None
    when one is a name git's globs might read otherwise (then every file is searched)."""
    names = []
    for pattern in include:
        name = pattern.rsplit("/", 1)[-1]
        if not name.startswith("*") or "[" in name:
            return None
        names.append(name)
    return names or None


def _pathspecs(scope: str, names: list[str] | None) -> list[str]:
    """Git pathspecs for the files named like ``names`` under ``scope``, so that git grep
    reads declarations only, not the rest of a large repository (a superset: the
    exact globs are applied to what it finds)."""
    if names is None:
        return [scope]
    prefix = "" if scope == "." else scope.rstrip("/") + "/"
    return [f":(glob){prefix}**/{name}" for name in names]


def _has_section(pyproject: Path) -> bool:
    from gdpr_lint.lint.config import ConfigError, _pyproject_section

    try:
        return _pyproject_section(pyproject) is not None
    except ConfigError:
        return False


def plan_run(project: Project, paths: Sequence[str]) -> Plan:
    """Which files to lint for ``paths``, and the project context a partial run needs."""
    from gdpr_lint.lint.discover import discover

    config = project.config
    source = _real(config.source) if config.source else None
    controllers = {_real(config.resolve(c)) for c in config.controllers}
    policies: set[Path] = set()
    if config.policies:  # the module loads the rules: only when needed, git waits for it
        from gdpr_lint.lint.policies import policy_files

        policies = {_real(p) for p in policy_files(config)}
    given: list[str] = []
    whole = False
    for path in paths:
        if os.path.isdir(path) or not os.path.lexists(path):
            given.append(path)  # a missing path is reported by discover
            continue
        real = _real(path)
        if real == source or real in policies or is_policy_name(path):
            whole = True  # a configuration or policy file is not a declaration
            continue
        if is_config_file(path):
            continue  # another tool's pyproject.toml, or another project's configuration
        whole = whole or real in controllers
        given.append(path)
    files = list(discover(given, config, project)) if given or not paths else []
    if not project.found:
        return Plan(files)
    if whole:
        return plan_whole(project, files)
    covered = any(os.path.isdir(p) and (Path(os.path.realpath(p)) == project.root or
                                        Path(os.path.realpath(p)) in project.root.parents)
                  for p in given)
    if covered or not files:
        return Plan(files)
    return _partial(project, files, {_real(p) for p in given if not os.path.isdir(p)})


def _partial(project: Project, files: list[str], explicit: set[Path]) -> Plan:
    """The project context of a partial run, found without reading the whole project.

    A fixed-string search (git grep, else bytes) picks the files that may matter: those
    naming `controllers`, one of the linted activity ids, a controller id the linted
    files declare, or one they declared at git HEAD and no longer declare (a rename);
    only those are loaded and checked exactly. A controller the linted files refer to
    and that is found nowhere so far is searched for by its id. A controllers file named
    explicitly (staged) lints the whole project.
    """
    from gdpr_lint.lint.loader import load_document, read_document

    linted = {_real(f) for f in files}
    ids: set[str] = set()
    own: set[str] = set()
    refs: set[str] = set()
    for name in files:
        doc = read_document(name, root=project.config.boundary)
        if is_controllers_file(doc) and _real(name) in explicit:  # e.g. staged
            return plan_whole(project, files)
        own |= controller_ids(doc)
        refs |= _references(doc)
        ids.update(i for i, _ in declared_ids(doc))
    # With evidence (§13), what other activities list for a system counts: files naming
    # `systems` are context too.
    evidence = bool(project.config.evidence)
    paths = _candidates(project, {"controllers", *ids, *own, *(("systems",) if evidence else ())},
                        linted)
    before: set[str] = set()
    for path, raw in _at_head(project, linted).items():
        before |= controller_ids(load_document(raw, str(path)))
    dropped = before - own
    if dropped:  # a controller renamed or removed: who still refers to it?
        seen = set(paths)
        paths += [p for p in _candidates(project, dropped, linted) if p not in seen]

    from gdpr_lint.lint.engine import may_declare_controllers

    wanted = _words(ids)
    # who names one of them: an activity's `controller:`, a processing's `processor:`
    refers = re.compile(r"""(?:controller|processor)["']?[ \t]*:[ \t]*["']?"""
                        + _words(dropped).pattern) \
        if dropped else None

    def keep(doc: Document) -> bool:
        return may_declare_controllers(doc.text) or bool(wanted.search(doc.text)) or \
            bool(refers and refers.search(doc.text)) or (evidence and "systems" in doc.text)

    configured_files = {_real(project.config.resolve(c)) for c in project.config.controllers}
    paths = [p for p in paths if p not in configured_files]  # the engine reads those
    context = [d for d in (_load(p, project) for p in paths) if keep(d)]
    known = _configured_controller_ids(project) | own | \
        set().union(*(controller_ids(d) for d in context))
    unresolved = refs - known
    if unresolved:  # declared inline in some other file, perhaps
        loaded = {d.path for d in context}
        context += [d for d in (_load(p, project) for p in _candidates(project, unresolved,
                                                                        linted))
                    if d.path not in loaded and controller_ids(d) & unresolved]
        known |= set().union(*(controller_ids(d) for d in context))
    lost = dropped - known
    if project.config.default_controller in lost:  # every file relying on it is affected
        return plan_whole(project, files)
    affected = {d.path for d in context if refers and lost and
                _words(lost).search(" ".join(refers.findall(d.text)))} if lost else set()
    return Plan(files, context, affected)


def _load(path: Path, project: Project) -> Document:
    from gdpr_lint.lint.loader import read_document

    return read_document(str(path), display_path(path), project.config.boundary)


def _references(doc: Document) -> set[str]:
    """Controller ids a file refers to (file default, per activity, processors)."""
    data = doc.data
    if not isinstance(data, dict):
        return set()
    refs = [data.get("controller"), *_per_item(data, "activities", "controller"),
            *_per_item(data, "processor_activities", "processor")]
    return {r for r in refs if isinstance(r, str) and r}


def _words(ids: set[str]) -> re.Pattern[str]:
    """A pattern matching any of ``ids`` as a whole slug (never one that matches nothing)."""
    if not ids:
        return re.compile(r"(?!x)x")
    return re.compile(_SLUG_START + "(" + "|".join(map(re.escape, sorted(ids))) + ")"
                      + _SLUG_END)


def _at_head(project: Project, files: set[Path]) -> dict[Path, bytes]:
    """The committed (HEAD) text of ``files`` inside the git work tree: one git call."""
    worktree = project.worktree
    if worktree is None:
        return {}
    names = {}
    for path in files:
        try:
            names[path.relative_to(worktree).as_posix()] = path
        except ValueError:
            continue
    if not names:
        return {}
    return {names[name]: text for name, text in git.at_head(worktree, list(names)).items()}


def _configured_controller_ids(project: Project) -> set[str]:
    from gdpr_lint.lint.loader import read_document

    found: set[str] = set()
    for relative in project.config.controllers:
        found |= controller_ids(read_document(str(project.config.resolve(relative))))
    return found


def plan_whole(project: Project, files: list[str]) -> Plan:
    """Every declaration of the project, and the given files outside it."""
    everything = project_files(project)
    seen = set(everything)
    return Plan([display_path(p) for p in everything] + [f for f in files if _real(f) not in seen],
                whole=True)
