"""git's answers for a partial run, asked for before the program has loaded.

pre-commit runs `gdpr-lint check FILE...`. The partial run asks git for the project files
that share an id with the linted files (`git grep` reads every declaration) and for their
committed text (`git cat-file`). git works on another core while Python loads the YAML
parser and the rules, so the launcher puts both questions at once, from a quick read of
the files (their `id:` values) and the default `include`. The plan takes an answer only
when it holds the answer to its own question: the same work tree, a search of as many
files, the same ids or more (then git searches again, in the files found only); else it
asks git itself. A wrong guess costs time, never a result.

This module imports nothing heavy: it runs before the rest of the program is loaded.
"""

from __future__ import annotations

import os
import re
import subprocess
import threading
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import Any, Generic, TypeVar, cast

from gdpr_lint.lint.names import DEFAULT_INCLUDE, is_config_file, is_policy_name

T = TypeVar("T")
GIT_TIMEOUT = 60
# The file names of the default `include` globs (`*.gdpr.yaml`, `*.gdpr.yml`).
DEFAULT_NAMES = tuple(glob.rsplit("/", 1)[-1] for glob in DEFAULT_INCLUDE)
# More files found than this by a guess with ids to spare: searching them again by name
# would cost more than searching the project.
_AGAIN_AT_MOST = 500


def real(path: str | Path) -> Path:
    """An absolute path with its folders resolved but not the file itself (it may be a link)."""
    absolute = os.path.abspath(path)
    return Path(os.path.realpath(os.path.dirname(absolute))) / os.path.basename(absolute)


def common_folder(paths: Sequence[str]) -> Path:
    """The deepest folder holding every given path (a file counts as its folder)."""
    folders = []
    for given in paths or (".",):
        resolved = Path(os.path.realpath(given))
        folders.append(str(resolved if resolved.is_dir() else resolved.parent))
    return Path(os.path.commonpath(folders))


def find_worktree(start: Path) -> Path | None:
    """The top folder of the git work tree holding ``start`` (a `.git` folder or file)."""
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


def git(args: list[str], worktree: Path, stdin: bytes | None = None
        ) -> subprocess.CompletedProcess[bytes] | None:
    """Run git in ``worktree``; None when it cannot run (not installed, too slow)."""
    try:
        return subprocess.run(["git", *args], cwd=worktree, capture_output=True, input=stdin,
                              stdin=None if stdin is not None else subprocess.DEVNULL,
                              timeout=GIT_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None


def grep_args(specs: Sequence[str]) -> list[str]:
    """`git grep` for fixed strings as whole words (ids are slugs), read from stdin (no
    length limit), in tracked and untracked files, naming the files that hold one.

    One thread: the Python main thread works meanwhile, and git's threads would take its
    core for little gain (the search is mostly reading files)."""
    return ["grep", "--threads=1", "--untracked", "-I", "-l", "-z", "--full-name", "-F",
            "-w", "-f", "-", "--", *specs]


def grep_input(needles: Collection[str]) -> bytes:
    return "".join(f"{needle}\n" for needle in sorted(needles)).encode(
        "utf-8", "surrogateescape")


def grep_names(answer: subprocess.CompletedProcess[bytes] | None) -> list[str] | None:
    """The file names (from the work tree's top) in git grep's answer; None on failure."""
    if answer is None or answer.returncode not in (0, 1):  # 1: nothing found
        return None
    return [n for n in answer.stdout.decode("utf-8", "surrogateescape").split("\0") if n]


def head_input(names: Sequence[str]) -> bytes:
    """`git cat-file --batch` request for the committed (HEAD) text of ``names``."""
    return "".join(f"HEAD:{name}\n" for name in names).encode("utf-8", "surrogateescape")


def head_texts(answer: bytes, names: Sequence[str]) -> dict[str, bytes]:
    """The blobs of a `git cat-file --batch` answer by name (missing ones left out)."""
    found: dict[str, bytes] = {}
    at = 0
    for name in names:
        end = answer.find(b"\n", at)
        if end < 0:
            break
        header = answer[at:end].split()
        at = end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            found[name] = answer[at:at + size]
            at += size + 1
    return found


class Background(Generic[T]):
    """``work(*args)`` running in a daemon thread; :meth:`result` waits for its value and
    raises what it raised, for the caller to report."""

    __slots__ = ("_error", "_thread", "_value")

    def __init__(self, name: str, work: Callable[..., T], *args: Any) -> None:
        self._value: T | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(work, *args),
                                        name=f"gdpr-lint-{name}", daemon=True)
        self._thread.start()

    def _run(self, work: Callable[..., T], *args: Any) -> None:
        try:
            self._value = work(*args)
        except BaseException as exc:  # handed to the caller
            self._error = exc

    def result(self) -> T:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return cast(T, self._value)  # set when no error was raised


class Prefetch:
    """The searches started for a plain `check FILE...` in a git work tree."""

    __slots__ = ("_head", "_search", "names", "needles", "worktree")

    def __init__(self, worktree: Path, needles: set[str], names: list[str]) -> None:
        self.worktree = worktree
        self.needles = needles  # the guessed ids, and `controllers`
        self.names = names  # the linted files, from the work tree's top
        everywhere = [f":(glob)**/{n}" for n in DEFAULT_NAMES]
        self._search = Background("git", git, grep_args(everywhere), worktree,
                                  grep_input(needles))
        self._head = Background("git", git, ["cat-file", "--batch"], worktree,
                                head_input(names))

    def grep(self, worktree: Path, needles: set[str], names: list[str] | None
             ) -> list[str] | None:
        """git grep's answer for ``needles`` in the files named like ``names`` (None: all
        files) anywhere in ``worktree``, when the early search holds it; else None."""
        if worktree != self.worktree or names is None or not set(names) <= {*DEFAULT_NAMES} \
                or not needles <= self.needles:
            return None
        found = grep_names(self._search.result())
        if found is None or needles == self.needles or not found:
            return found
        if len(found) > _AGAIN_AT_MOST:
            return None
        # Fewer ids than guessed: the files holding them are among those found.
        return grep_names(git(grep_args([f":(literal){n}" for n in found]), worktree,
                              grep_input(needles)))

    def at_head(self, worktree: Path, names: list[str]) -> dict[str, bytes] | None:
        """The committed text of ``names`` when the early request asked for them."""
        if worktree != self.worktree or set(names) != set(self.names):
            return None
        answer = self._head.result()
        return head_texts(answer.stdout, self.names) if answer is not None else None


# An `id:` key with a plain or simply quoted value, in block or flow style (compiled only
# for a run in a git work tree).
_ID = r"""(?m)(?:^[ \t]*(?:-[ \t]+)*|[{,][ \t]*)["']?id["']?[ \t]*:[ \t]+""" \
    r"""(?:"([^"\\\n]*)"|'([^'\n]*)'|([^\s"'#,\[\]{}&*!|>%@`][^\s,\[\]{}]*))"""


def start(paths: Sequence[str]) -> Prefetch | None:
    """Start git on what a partial run of these files will likely ask; None when the run
    will likely not be partial (a folder, a configuration, no activities) or not in git.
    Never fails: whatever goes wrong here, the run itself meets and reports."""
    if not paths or len(paths) > _AGAIN_AT_MOST:
        return None
    try:
        return _start(paths)
    except (OSError, ValueError):
        return None


def _start(paths: Sequence[str]) -> Prefetch | None:
    for path in paths:
        if is_config_file(path) or is_policy_name(path) or not os.path.isfile(path):
            return None
    worktree = find_worktree(common_folder(paths))
    if worktree is None:
        return None
    needles = {"controllers"}
    ids = re.compile(_ID)
    for path in paths:
        with open(path, "rb") as handle:
            text = handle.read(1 << 20).decode("utf-8", "surrogateescape")
        if "activities" not in text:  # a controllers file lints the whole project
            return None
        needles.update(a or b or c for a, b, c in ids.findall(text))
    names = [real(p).relative_to(worktree).as_posix() for p in paths]
    return Prefetch(worktree, needles, names)
