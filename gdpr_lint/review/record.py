"""One revision's Record: its declarations and findings, built as `check` builds them.

A git revision is read with `git archive` into a temporary folder and goes through the same
configuration, discovery, loader and engine as `gdpr-lint check`; the work tree is read where
it stands (honouring `.gitignore`). Paths are relative to the project root, so the Records of
two revisions compare file by file.
"""

from __future__ import annotations

import copy
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gdpr_lint.lint import git
from gdpr_lint.lint.config import Config, find_config, load_config
from gdpr_lint.lint.discover import UsageError
from gdpr_lint.lint.findings import Finding
from gdpr_lint.lint.loader import MAX_BYTES
from gdpr_lint.lint.model import Activity, Context
from gdpr_lint.lint.names import CONFIG_NAMES
from gdpr_lint.lint.project import Project, rebase

if TYPE_CHECKING:
    from subprocess import CompletedProcess

WORK_TREE = "work tree"


@dataclass
class RevisionEntry:
    """One declared activity or processor activity of a revision."""

    id: str
    kind: str  # "activities" or "processor_activities"
    activity: Activity
    where: str  # path:line, relative to the project root

    @property
    def data(self) -> dict[str, Any]:
        return self.activity.data


@dataclass
class Revision:
    """The project's Record at one revision, as the review compares it: entries by id."""

    revision: str
    entries: dict[str, RevisionEntry] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


def _git(worktree: Path, *args: str) -> CompletedProcess[bytes]:
    """``git ARGS`` in ``worktree``; a usage error when git cannot run, as comparing
    revisions needs it."""
    try:
        return git.run(worktree, *args)
    except git.GitError as exc:
        raise UsageError(str(exc)) from exc


def resolve_revision(project: Project, ref: str) -> str:
    """The commit ``ref`` names; a usage error when it names none."""
    if project.worktree is None:
        raise UsageError(f"{project.root}: not in a git work tree; comparing revisions needs git")
    if ref.startswith("-"):
        raise UsageError(f"{ref}: not a git revision")
    found = _git(project.worktree, "rev-parse", "--verify", "--quiet", "--end-of-options",
                 f"{ref}^{{commit}}")
    if found.returncode != 0:
        raise UsageError(f"{ref}: not a git revision of {project.worktree}")
    return found.stdout.decode().strip()


def _extract(project: Project, commit: str, into: Path, root: Path) -> None:
    """The files of ``commit`` laid out under ``into`` as gdpr-lint reads them.

    Read from git's object store (`ls-tree`, `cat-file`), not with `git archive`, which
    honours the revision's own `.gitattributes`: `export-ignore` on a declaration would hide
    it from the review. Files a lint reads (YAML, TOML, JSON) are written whole; every other
    file, which a lint only looks for (an assessment or notice a declaration names), and any
    file over the size limit, is a sparse file of its size, so nothing large is copied and
    the size refusal (X006) is the one `check` gives. Submodules are left out, and so are
    links, but for a link in ``root`` (the revision's project root) whose target lies
    outside it: that one is laid out as a link to its target as written, never followed,
    so that the loader refuses it (X006) as `check` does in the work tree.
    """
    assert project.worktree is not None
    tree = [entry for entry in _git_tree(project.worktree, commit)
            if ".." not in Path(entry[0]).parts]
    files = [(path, blob, size) for path, mode, blob, size in tree if mode != "120000"]
    evidence = _evidence_paths(project)
    read = {path for path, _, size in files
            if (size <= MAX_BYTES and path.endswith(_READ)) or path in evidence}
    contents = git.objects(project.worktree, [blob for path, blob, _ in files if path in read])
    for path, blob, size in files:
        target = into / path
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "wb") as handle:
            if path in read and blob in contents:
                handle.write(contents[blob])
            else:
                handle.truncate(size)
    _links_out(project, [(path, blob) for path, mode, blob, _ in tree if mode == "120000"],
               into, root)


_READ = (".yaml", ".yml", ".toml", ".json")


def _links_out(project: Project, links: list[tuple[str, str]], into: Path, root: Path) -> None:
    """Lay out the links of a revision that lead out of ``root``, as links (see `_extract`),
    once its files are written: nothing is ever written through one of them, and a link
    whose place is taken (by a folder of another case, on a file system that ignores case)
    or lies behind another link is left out."""
    assert project.worktree is not None
    if not links:
        return
    targets = git.objects(project.worktree, [blob for _, blob in links])
    for path, blob in links:
        written = os.fsdecode(targets.get(blob, b""))
        where = into / path
        if not written or "\0" in written or not where.is_relative_to(root) or \
                Path(os.path.normpath(where.parent / written)).is_relative_to(root):
            continue
        if os.path.lexists(where) or os.path.realpath(where.parent) != str(where.parent):
            continue
        where.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(written, where)


def _evidence_paths(project: Project) -> set[str]:
    """The configured evidence files (§13), relative to the repository: written whole, of
    any name and size, so the revision is compared with its own evidence."""
    assert project.worktree is not None
    paths = set()
    for entry in project.config.evidence:
        relative = os.path.relpath(project.config.resolve(entry["path"]), project.worktree)
        paths.add(Path(relative).as_posix())
    return paths


def _git_tree(worktree: Path, commit: str) -> list[tuple[str, str, str, int]]:
    try:
        listed = git.tree(worktree, commit)
    except git.GitError as exc:
        raise UsageError(str(exc)) from exc
    if listed is None:
        raise UsageError(f"cannot read revision {commit[:12]}")
    return listed


def _revision_config(project: Project, root: Path) -> Config:
    """The configuration the revision holds where the project keeps its own."""
    source = None
    if project.config.source:
        mine = Path(os.path.realpath(project.config.source))
        try:
            candidate = root / mine.relative_to(project.root)
        except ValueError:
            candidate = root / mine.name
        source = candidate if candidate.is_file() else None
    if source is None and any((root / name).is_file() for name in CONFIG_NAMES):
        source = find_config(root)
    config = load_config(source) if source is not None else Config()
    if source is None:
        config.root = config.boundary = root
    return config


def build_revision(project: Project, revision: str, root: Path, config: Config,
                 search: Project | None) -> Revision:
    """The revision's declarations read, linted and resolved as `check` does (the project's
    Record, `lint/resolve.py`), with paths from the root: each activity carries the controller
    the rules resolved for it."""
    from gdpr_lint.lint.discover import discover
    from gdpr_lint.lint.policies import all_rules
    from gdpr_lint.lint.resolve import resolve_files

    files = list(discover([str(root)], config, search))
    resolved = resolve_files(files, config, rules=all_rules(config))
    where = Project(root, config)
    # A message that names the revision's root (X006 of a link leading out) names the
    # project's, so that the same finding matches at every revision.
    findings = [f._replace(message=f.message.replace(str(root), str(project.root)))
                for f in rebase(resolved.result.findings, where, files)]
    revision_record = Revision(revision, findings=findings)
    ctx = Context(config)
    nodes: list[tuple[str, Any]] = [("activities", a) for a in resolved.activities]
    nodes += [("processor_activities", Activity(p.data, p.doc, p.path, ctx))
              for p in resolved.processor_activities]
    for kind, node in nodes:
        if isinstance(node.id, str) and node.id:
            line = node.doc.position(node.path)[0]
            entry = RevisionEntry(node.id, kind, node, f"{where.relative(node.doc.path)}:{line}")
            revision_record.entries.setdefault(entry.id, entry)
    return revision_record


def record_at(project: Project, ref: str | None) -> Revision:
    """The Record at git revision ``ref``, or of the work tree when ``ref`` is None."""
    if ref is None:
        return build_revision(project, WORK_TREE, project.root, project.config, project)
    commit = resolve_revision(project, ref)
    assert project.worktree is not None
    with tempfile.TemporaryDirectory(prefix="gdpr-lint-") as tmp:
        if project.worktree not in (project.root, *project.root.parents):
            # The configuration sits above the repository: it is not in the revision, and
            # the repository is a folder of the project.
            tree = Path(os.path.realpath(tmp)) / "tree"
            top = tree / project.worktree.relative_to(project.root)
            top.mkdir(parents=True)
            _extract(project, commit, top, tree)
            config = copy.copy(project.config)
            config.boundary = tree
            return build_revision(project, ref, tree, config, None)
        top = Path(os.path.realpath(tmp)) / "tree"
        top.mkdir()
        root = top / project.root.relative_to(project.worktree)
        _extract(project, commit, top, root)
        if not root.is_dir():
            return Revision(ref)
        return build_revision(project, ref, root, _revision_config(project, root), None)


def findings_at(project: Project, ref: str) -> list[Finding]:
    """The findings at revision ``ref`` (paths relative to the project root)."""
    return record_at(project, ref).findings
