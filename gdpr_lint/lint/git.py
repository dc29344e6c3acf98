"""Every git call gdpr-lint makes, and how it finds the git work tree.

git answers what no matcher of our own should guess: which files `.gitignore` leaves in
(`ls-files`), which declarations name an id (`grep`), the committed text of a file
(`cat-file`), a revision's tree (`archive`), the commit a register is built from
(`rev-parse`, `status`), when each line of a declaration was last committed (`blame`).
Each call goes through :func:`run`: one timeout, no terminal input (a hook or an editor may
have none, and git must never wait on one), output captured, and a :class:`GitError` saying
what went wrong when git is missing or too slow, for the caller to report or to do without.

This module imports nothing heavy: a one-file check loads it on its way to the rules.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Collection, Sequence
from pathlib import Path

# Seconds any one git call may take. A search of a large repository takes a fraction of
# that; past it, something is wrong (a network file system, a lock) and waiting longer
# would only stall a commit.
TIMEOUT = 60


class GitError(Exception):
    """git could not run or did not finish; the message says which, for a person."""


def find_worktree(start: Path) -> Path | None:
    """The top folder of the git work tree holding ``start`` (a `.git` folder or file).

    Read from the file system, not asked of git: every run needs it, and a process
    started for it would cost more than the rest of opening the project.
    """
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


# What git reads from the environment that would point it at another repository or index
# than the folder it runs in: set by git for hooks (`GIT_INDEX_FILE`, `GIT_DIR`), or by a
# caller's shell. Each call names its repository by its folder, as pre-commit does for its
# own calls (`no_git_env`); what only configures transport or identity is kept.
_KEPT = frozenset({"GIT_CEILING_DIRECTORIES", "GIT_EXEC_PATH", "GIT_SSH", "GIT_SSH_COMMAND",
                   "GIT_SSL_CAINFO", "GIT_SSL_NO_VERIFY", "GIT_CONFIG_COUNT",
                   "GIT_HTTP_PROXY_AUTHMETHOD", "GIT_ALLOW_PROTOCOL", "GIT_ASKPASS"})


def _environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items()
            if not k.startswith("GIT_") or k in _KEPT or
            k.startswith(("GIT_CONFIG_KEY_", "GIT_CONFIG_VALUE_"))}


def run(cwd: Path | str, *args: str, stdin: bytes | None = None,
        ) -> subprocess.CompletedProcess[bytes]:
    """``git ARGS`` in the repository holding ``cwd`` (whatever `GIT_DIR` or
    `GIT_INDEX_FILE` the caller's environment holds), with ``stdin`` as its input (else none
    at all), its output captured; a non-zero exit is the caller's to read.
    :class:`GitError` when git is not installed, cannot start or times out."""
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, input=stdin,
                              stdin=None if stdin is not None else subprocess.DEVNULL,
                              timeout=TIMEOUT, check=False, env=_environment())
    except subprocess.TimeoutExpired as exc:
        raise GitError(f"cannot run git: git {' '.join(args[:1])} took longer than "
                       f"{TIMEOUT} s") from exc
    except OSError as exc:
        if isinstance(exc, FileNotFoundError) and exc.filename == "git":
            raise GitError("cannot run git: it is not installed (no git on PATH)") from exc
        raise GitError(f"cannot run git: {exc}") from exc


def ls_files(worktree: Path) -> set[Path] | None:
    """Files git would track in ``worktree``: tracked, and untracked but not ignored
    (`.gitignore`, `.git/info/exclude`, the global excludes); None when git cannot
    answer (not installed, a repository it refuses)."""
    try:
        listed = run(worktree, "-c", "core.quotepath=off", "ls-files", "--cached",
                     "--others", "--exclude-standard", "-z")
    except GitError:
        return None
    if listed.returncode != 0:
        return None
    return {worktree / name for name in _names(listed.stdout)}


def grep(worktree: Path, needles: Collection[str], pathspecs: Sequence[str]
         ) -> list[str] | None:
    """The files (from the work tree's top) under ``pathspecs`` holding one of ``needles``
    as a whole word, tracked or untracked but not ignored; None when git cannot answer.

    The needles are fixed strings (ids are slugs) read from stdin, so there is no limit to
    their number. One thread: the Python main thread works meanwhile, and git's threads
    would take its core for little gain (the search is mostly reading files).
    """
    request = "".join(f"{needle}\n" for needle in sorted(needles))
    try:
        answer = run(worktree, "grep", "--threads=1", "--untracked", "-I", "-l", "-z",
                     "--full-name", "-F", "-w", "-f", "-", "--", *pathspecs,
                     stdin=request.encode("utf-8", "surrogateescape"))
    except GitError:
        return None
    if answer.returncode not in (0, 1):  # 1: nothing found
        return None
    return _names(answer.stdout)


def at_head(worktree: Path, names: Sequence[str]) -> dict[str, bytes]:
    """The committed (HEAD) text of the files ``names`` (from the work tree's top), by
    name, in one `git cat-file --batch`; a file not at HEAD is left out."""
    found = objects(worktree, [f"HEAD:{name}" for name in names])
    return {name[5:]: text for name, text in found.items()}


def objects(worktree: Path, names: Sequence[str]) -> dict[str, bytes]:
    """The blobs ``names`` name (`HEAD:path`, an object id), by name, in one
    `git cat-file --batch`; a name that is not a blob is left out."""
    request = "".join(f"{name}\n" for name in names)
    try:
        answer = run(worktree, "cat-file", "--batch",
                     stdin=request.encode("utf-8", "surrogateescape")).stdout
    except GitError:
        return {}
    found: dict[str, bytes] = {}
    at = 0
    for name in names:  # "<sha> blob <size>\n<bytes>\n", or "<name> missing\n"
        end = answer.find(b"\n", at)
        if end < 0:
            break
        header = answer[at:end].split()
        at = end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            found[name] = answer[at:at + size]
            at += size + 1
        elif len(header) == 3:  # another kind of object: its content follows all the same
            at += int(header[2]) + 1
    return found


def tree(worktree: Path, commit: str) -> list[tuple[str, str, str, int]] | None:
    """Every file of ``commit``: (path, mode, blob id, size), from `git ls-tree -r -l`
    (submodules left out); None when git cannot list it."""
    answer = run(worktree, "-c", "core.quotepath=off", "ls-tree", "-r", "-l", "-z",
                 "--full-tree", commit)
    if answer.returncode != 0:
        return None
    files = []
    for entry in _names(answer.stdout):  # "<mode> <type> <id> <size>\t<path>"
        meta, _, path = entry.partition("\t")
        mode, kind, blob, size = meta.split()
        if kind == "blob":
            files.append((path, mode, blob, int(size)))
    return files


def line_times(file: Path) -> list[int | None] | None:
    """When each line of ``file`` was last committed (committer time, Unix seconds), from
    one `git blame --porcelain`; None for a line not committed yet. None when ``file`` is
    not in a git work tree, not tracked, or git cannot answer."""
    try:
        answer = run(file.parent, "blame", "--porcelain", "--", file.name)
    except GitError:
        return None
    if answer.returncode != 0:
        return None
    times: dict[bytes, int | None] = {}
    lines: list[int | None] = []
    commit = b""
    for row in answer.stdout.split(b"\n"):
        if row.startswith(b"\t"):  # the line's text, after its commit's headers
            lines.append(times.get(commit))
        elif row.startswith(b"committer-time "):
            times[commit] = None if commit.strip(b"0") == b"" else int(row[15:])
        elif len(row) > 41 and row[40:41] == b" " and b" " not in row[:40]:
            commit = row[:40]
    return lines


def _names(output: bytes) -> list[str]:
    """The file names of a `-z` answer (NUL-separated)."""
    return [name for name in output.decode("utf-8", "surrogateescape").split("\0") if name]


def origin_url(worktree: Path) -> str | None:
    """The URL of the `origin` remote, or None when there is none (or git cannot say)."""
    try:
        result = run(worktree, "config", "--get", "remote.origin.url")
    except GitError:
        return None
    url = result.stdout.decode("utf-8", "replace").strip()
    return url if result.returncode == 0 and url else None


def commit_date(worktree: Path, commit: str = "HEAD") -> str | None:
    """When ``commit`` was committed, as ISO 8601 with its offset; None outside a history."""
    try:
        result = run(worktree, "log", "-1", "--format=%cI", commit, "--")
    except GitError:
        return None
    date = result.stdout.decode().strip()
    return date if result.returncode == 0 and date else None
