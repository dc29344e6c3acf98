"""Find the declaration files to lint: explicit files always, directories searched."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from gdpr_lint.lint.config import Config

if TYPE_CHECKING:
    from gdpr_lint.lint.project import Project

SKIP_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", "__pycache__", ".tox", ".nox",
                       ".venv", "venv", ".mypy_cache", ".ruff_cache", ".pytest_cache"})


class UsageError(Exception):
    """A problem with the command line itself: exit code 2."""


class WalkLimit:
    """Bounds on a folder's search (the language server's workspace may be `/`): at most
    ``folders`` folders visited and ``files`` files found; ``hit`` says which bound stopped
    the search, if one did."""

    def __init__(self, folders: int, files: int) -> None:
        self.folders, self.files = folders, files
        self.hit: str | None = None


def _matches(relative: str, patterns: Iterable[str]) -> bool:
    # fnmatch's * also crosses '/', so '**/' may stand for zero or more folders.
    return any(fnmatch.fnmatchcase(relative, p) or
               (p.startswith("**/") and fnmatch.fnmatchcase(relative, p[3:])) for p in patterns)


def _display(path: str) -> str:
    return os.path.normpath(path) if not os.path.isabs(path) else _relative(path)


def _relative(path: str) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:  # pragma: no cover - another drive on Windows
        return path
    return path if rel.startswith("..") else rel


def _is_venv(folder: str) -> bool:
    return os.path.isfile(os.path.join(folder, "pyvenv.cfg"))


def _real(path: str) -> Path:
    # Resolve the folders but not the file itself: it may be a dangling or looping link,
    # which the loader reports as a finding.
    return Path(os.path.realpath(os.path.dirname(os.path.abspath(path)))) / \
        os.path.basename(path)


def _config_relative(path: str, config: Config) -> str:
    absolute = _real(path)
    try:
        return absolute.relative_to(config.root).as_posix()
    except ValueError:
        return Path(path).as_posix()


def is_listed(path: str, config: Config, kept: set[Path] | None) -> bool:
    """Whether a folder's search takes ``path``: `include`d, not `exclude`d, and among the
    files git does not ignore (``kept``, for a folder inside a git work tree)."""
    rel = _config_relative(path, config)
    return _matches(rel, config.include) and not _matches(rel, config.exclude) and \
        (kept is None or _real(path) in kept)


def discover(paths: Iterable[str], config: Config,
             project: Project | None = None, limit: WalkLimit | None = None) -> Iterator[str]:
    """Display paths of the files to lint, each once, in a stable order.

    With a ``project``, folders inside a git work tree are searched honouring `.gitignore`
    (git itself lists what it does not ignore); a file named explicitly is always linted.
    A folder that cannot be read is yielded itself, so that the loader reports it (X006)
    rather than its declarations going unlinted without a word. ``limit`` bounds the search
    while it walks.
    """
    seen: set[str] = set()
    for given in paths:
        if not os.path.lexists(given):
            raise UsageError(f"{given}: no such file or directory")
        if not os.path.isdir(given):
            display = _display(given)
            if display not in seen:
                seen.add(display)
                yield display
            continue
        kept = project.kept_by_git(given) if project is not None else None
        for display in sorted(_walk(given, config, kept, limit)):
            if display not in seen:
                seen.add(display)
                yield display


def _listed_in(folder: str, names: list[str], config: Config,
               kept: set[Path] | None) -> list[str]:
    """`is_listed` for the files of one folder, resolving the folder once."""
    real = Path(os.path.realpath(os.path.abspath(folder)))
    try:
        prefix: str | None = real.relative_to(config.root).as_posix()
    except ValueError:
        prefix = None
    listed = []
    for name in names:
        full = os.path.join(folder, name)
        rel = (name if prefix == "." else f"{prefix}/{name}") if prefix is not None \
            else Path(full).as_posix()
        if _matches(rel, config.include) and not _matches(rel, config.exclude) and \
                (kept is None or real / name in kept):
            listed.append(_display(full))
    return listed


def _walk(given: str, config: Config, kept: set[Path] | None,
          limit: WalkLimit | None) -> list[str]:
    found: list[str] = []
    unreadable: list[str] = []

    def refused(error: OSError) -> None:
        # In a git work tree, only a folder holding files git keeps (one git ignores, such
        # as a container's data volume, is no more read than its files would be).
        if error.filename is None:
            return
        folder = os.fsdecode(error.filename)
        real = Path(os.path.realpath(folder))
        if kept is None or any(p.is_relative_to(real) for p in kept):
            unreadable.append(_display(folder))

    for count, (folder, dirs, files) in enumerate(os.walk(given, onerror=refused)):
        if limit is not None and count >= limit.folders:
            limit.hit = f"more than {limit.folders:,} folders"
            break
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and
                         not _is_venv(os.path.join(folder, d)))
        found += _listed_in(folder, files, config, kept)
        if limit is not None and len(found) >= limit.files:
            limit.hit = f"more than {limit.files:,} declaration files"
            del found[limit.files:]
            break
    return found + unreadable
