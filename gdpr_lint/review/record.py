"""One revision's Record: its declarations and findings, built as `check` builds them.

A git revision is read with `git archive` into a temporary folder and goes through the same
configuration, discovery, loader and engine as `gdpr-lint check`; the work tree is read where
it stands (honouring `.gitignore`). Paths are relative to the project root, so the Records of
two revisions compare file by file.
"""

from __future__ import annotations

import os
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gdpr_lint.lint import git
from gdpr_lint.lint.config import Config, find_config, load_config
from gdpr_lint.lint.discover import UsageError
from gdpr_lint.lint.findings import Finding
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


def _extract(project: Project, commit: str, into: Path, scratch: Path) -> None:
    """The files of ``commit`` written under ``into``, by way of an archive in ``scratch``.

    git writes the archive to a file rather than to a pipe: one call like every other,
    bounded by the same timeout, and no pipe for git to die on if reading stops early.
    """
    assert project.worktree is not None
    archive = scratch / "revision.tar"
    answer = _git(project.worktree, "archive", "--format=tar", f"--output={archive}", commit)
    if answer.returncode != 0:
        raise UsageError(f"git archive {commit[:12]}: "
                         f"{answer.stderr.decode(errors='replace').strip()}")
    try:
        with tarfile.open(archive, mode="r:") as tar:
            for member in tar:
                safe = _safe(member, str(into))
                if safe is not None:
                    tar.extract(safe, into, set_attrs=False, **_NO_FILTER)
    except tarfile.TarError as exc:
        raise UsageError(f"cannot read revision {commit[:12]}: {exc}") from exc
    finally:
        archive.unlink(missing_ok=True)


# Members are vetted by _safe; say so to tarfile where it asks (Python 3.12+ warns).
_NO_FILTER: dict[str, Any] = {"filter": "fully_trusted"} if hasattr(tarfile, "data_filter") \
    else {}


def _safe(member: tarfile.TarInfo, into: str) -> tarfile.TarInfo | None:
    """The member as it may be extracted, or None to skip it (a link out of the tree...)."""
    data_filter = getattr(tarfile, "data_filter", None)
    if data_filter is not None:
        try:
            vetted: tarfile.TarInfo | None = data_filter(member, into)
        except tarfile.FilterError:
            return None
        return vetted
    name = member.name
    if not (member.isfile() or member.isdir()) or name.startswith("/") or \
            ".." in name.split("/"):
        return None
    return member


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
        config.root = root
    return config


def build_record(project: Project, revision: str, root: Path, config: Config,
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
    revision_record = Revision(revision, findings=rebase(resolved.result.findings, where, files))
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
        return build_record(project, WORK_TREE, project.root, project.config, project)
    commit = resolve_revision(project, ref)
    assert project.worktree is not None
    with tempfile.TemporaryDirectory(prefix="gdpr-lint-") as tmp:
        if project.worktree not in (project.root, *project.root.parents):
            # The configuration sits above the repository: it is not in the revision, and
            # the repository is a folder of the project.
            top = Path(tmp) / "tree" / project.worktree.relative_to(project.root)
            top.mkdir(parents=True)
            _extract(project, commit, top, Path(tmp))
            return build_record(project, ref, Path(tmp) / "tree", project.config, None)
        top = Path(tmp) / "tree"
        top.mkdir()
        _extract(project, commit, top, Path(tmp))
        root = top / project.root.relative_to(project.worktree)
        if not root.is_dir():
            return Revision(ref)
        return build_record(project, ref, root, _revision_config(project, root), None)


def findings_at(project: Project, ref: str) -> list[Finding]:
    """The findings at revision ``ref`` (paths relative to the project root)."""
    return record_at(project, ref).findings
