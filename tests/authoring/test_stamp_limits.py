"""`stamp` on what is not a declaration file, and on a full disk: a clear message, the file
untouched, never a wait for ever or an "internal error"."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.authoring.test_stamp import COMMENTED


def _exe() -> str:
    exe = shutil.which("gdpr-lint")
    assert exe is not None
    return exe


def test_links_to_a_fifo_or_a_device_are_refused_at_once(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "a.gdpr.yaml").symlink_to(tmp_path / "pipe")
    (tmp_path / "b.gdpr.yaml").symlink_to("/dev/zero")
    result = cli("stamp", ".", cwd=tmp_path)  # the fixture's timeout: 120 s
    assert result.returncode == 1
    assert "a.gdpr.yaml:1:1: not a regular file: is a named pipe (FIFO)" in result.stderr
    assert "b.gdpr.yaml:1:1: not a regular file: is a device" in result.stderr


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux" or os.geteuid() != 0 or not shutil.which("unshare"),
                    reason="mounts a small tmpfs in a private mount namespace (root, Linux)")
def test_a_full_disk_is_said_plainly(tmp_path: Path) -> None:
    folder = tmp_path / "disk"
    folder.mkdir()
    source = tmp_path / "a.gdpr.yaml"
    source.write_text(COMMENTED, encoding="utf-8")
    script = (f"mount -t tmpfs -o size=64k tmpfs {folder} && cp {source} {folder}/ && "
              f"(dd if=/dev/zero of={folder}/filler bs=1k count=200 2>/dev/null; true) && "
              f"cd {folder} && {_exe()} stamp a.gdpr.yaml; echo \"exit=$?\"; "
              f"cmp -s a.gdpr.yaml {source} && echo unchanged; ls -A")
    result = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True,
                            text=True, timeout=120)
    if "mount" in result.stderr and "exit=" not in result.stdout:
        pytest.skip(f"no tmpfs here: {result.stderr.strip()}")
    assert "exit=1" in result.stdout, result.stderr
    assert "a.gdpr.yaml: cannot write a.gdpr.yaml: No space left on device; nothing stamped" \
        in result.stderr
    assert "internal error" not in result.stderr
    assert "unchanged" in result.stdout
    assert ".gdpr-lint-" not in result.stdout  # no temporary file left
