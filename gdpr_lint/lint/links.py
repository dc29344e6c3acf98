"""Declarations a symbolic link brings in from outside the project: refused (X006).

Every declaration a run reads is published as the project's own: `register` and `notice`
list its activities, `diff` reviews them as the change's. A declaration file that is a
symbolic link, or is reached through a symlinked folder, whose real path lies outside the
project root belongs to some other repository (or to no repository at all): it is not read,
and the link is reported at 1:1 as refused input, naming its target and the root. Links that
stay inside the project (a symlinked folder of the repository, a link to another of its
files) are read as any file is.

Only a link that lies inside the project counts: a file named from outside the project, or
reached through a link above the project (`/tmp` on macOS, a home folder mounted elsewhere),
is read as before. The boundary is `Config.boundary`: the project root when the run found a
project (its configuration file's folder, else its git work tree; the language server's
workspace root), None when the root is only the current folder (no configuration and no git
above the paths), in which case no link is refused: there is no repository whose record a
file from elsewhere could pass for.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path


def _within(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def outside_link(path: str, root: Path | None) -> str | None:
    """Why ``path`` is not read: the X006 message when a link inside ``root`` leads it out of
    ``root``; None when it stays inside, no link of the project leads out, or there is no
    ``root``. One `realpath` per file; the path is walked only when that lies outside."""
    if root is None:
        return None
    boundary = _real_root(str(root))
    real = os.path.realpath(path)
    if _within(real, boundary):
        return None
    # Follow the path as the system does (`..` after a link leaves the link's target) to
    # the first link that lies inside the project.
    folder, *parts = Path(os.getcwd(), path).parts
    for index, part in enumerate(parts, 1):
        if part == "..":
            folder = os.path.dirname(folder)
            continue
        candidate = os.path.join(folder, part)
        if not os.path.islink(candidate):
            folder = candidate
        elif _within(folder, boundary):  # a link of the project leads out
            return _message(candidate, real, boundary, last=index == len(parts))
        else:
            folder = os.path.realpath(candidate)
    return None


@lru_cache(maxsize=16)
def _real_root(root: str) -> str:
    """A project root resolved once per run (a server keeps a few)."""
    return os.path.realpath(root)


def _message(link: str, real: str, root: str, last: bool) -> str:
    try:
        written = os.readlink(link)
    except OSError:  # pragma: no cover - removed meanwhile
        written = real
    through = f"is a link to {written}" if last else \
        f"is reached through the link {os.path.relpath(link, root)} (to {written})"
    target = os.path.join(os.path.dirname(link), written)
    if os.path.islink(target) or not last:  # a chain of links, or a folder: where it ends
        through += f", which leads to {real}"
    return (f"{through}, outside the project root {root}: a declaration from outside the "
            "project is not read (it would be published as this project's own); copy the "
            "file into the repository, or declare it in the repository that owns it (its "
            "record file can be named in `controllers:` for its controllers)")
