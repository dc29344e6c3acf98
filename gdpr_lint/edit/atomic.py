"""Atomic file writes: a reader sees the old file or the new one, never half of either.

A symbolic link is written through: its target is replaced and the link stays a link. Only
regular files are ever replaced: a FIFO, a device, a socket or a folder at the path is
refused, so a report can neither block on a pipe nor turn `/dev/null` into a file.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator


class WriteRefused(OSError):
    """The path cannot be written as asked; the message says why (no temporary names)."""

    def __str__(self) -> str:
        return str(self.args[0])


def target_of(path: str) -> str:
    """The file a write to ``path`` must replace: the final target of a symbolic link."""
    return os.path.realpath(path) if os.path.islink(path) else os.path.abspath(path)


def check_target(path: str, inputs: Iterable[str] = (), what: str = "output") -> str:
    """Refuse a path that cannot be replaced safely; return the file to replace."""
    target = target_of(path)
    folder = os.path.dirname(target)
    if not os.path.isdir(folder):
        shown = os.path.dirname(path) or "."
        if os.path.islink(path):
            shown = folder
        raise WriteRefused(f"cannot write {what} {path}: folder {shown} does not exist")
    try:
        info = os.stat(target)
    except FileNotFoundError:
        return target
    except OSError as exc:
        raise WriteRefused(f"cannot write {what} {path}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise WriteRefused(f"cannot write {what} {path}: it is a folder")
    if not stat.S_ISREG(info.st_mode):
        kind = "a FIFO (named pipe)" if stat.S_ISFIFO(info.st_mode) else \
            "a device" if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode) else \
            "a socket" if stat.S_ISSOCK(info.st_mode) else "not a regular file"
        raise WriteRefused(f"cannot write {what} {path}: it is {kind}, not a regular file")
    for name in inputs:
        try:
            other = os.stat(name)
        except OSError:
            continue
        if (other.st_dev, other.st_ino) == (info.st_dev, info.st_ino):
            raise WriteRefused(f"cannot write {what} {path}: it is an input of this run "
                               f"({name}); choose another file")
    return target


def write_atomic(path: str, data: str | bytes | Iterator[str]) -> None:
    """Write to a temporary file beside the target of ``path``, then rename it over it;
    text in pieces is encoded and written piece by piece."""
    target = check_target(path, what="file")
    folder = os.path.dirname(target)
    # A file name that is not UTF-8 reaches reports as a lone surrogate: write it escaped
    # rather than fail.
    raw = data.encode("utf-8", "backslashreplace") if isinstance(data, str) else data
    pieces = (piece.encode("utf-8", "backslashreplace") for piece in raw) \
        if isinstance(raw, Iterator) else iter((raw,))
    try:
        fd, temporary = tempfile.mkstemp(prefix=".gdpr-lint-", dir=folder)
    except OSError as exc:  # say which file was asked for, not the temporary name
        raise WriteRefused(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            for piece in pieces:
                handle.write(piece)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            info: os.stat_result | None = os.stat(target)
        except FileNotFoundError:
            info = None
        if info is not None:
            os.chmod(temporary, info.st_mode & 0o7777)
            with contextlib.suppress(OSError):  # not permitted: it becomes the writer's
                os.chown(temporary, info.st_uid, info.st_gid)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)
    except OSError as exc:  # a full disk: say so of the file asked for, as a refusal
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise WriteRefused(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


@contextlib.contextmanager
def atomic_path(path: str, what: str = "file") -> Iterator[str]:
    """A temporary path beside the target of ``path`` for a writer that needs a file name
    (a database, a file written in pieces); renamed over the target when the block ends
    without an error, removed otherwise."""
    target = check_target(path, what=what)
    try:
        fd, temporary = tempfile.mkstemp(prefix=".gdpr-lint-", dir=os.path.dirname(target))
    except OSError as exc:
        raise WriteRefused(f"cannot write {path}: {exc.strerror or exc}") from None
    os.close(fd)
    try:
        yield temporary
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
