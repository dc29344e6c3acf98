"""Nothing broken passes quietly: a file that cannot be read or parsed stays an error whatever
the configuration says, a configuration that is not a file is an error, a declaration of
nothing is a finding, and a folder that cannot be read is named."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT, call_main


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    (tmp_path / "bad.gdpr.yaml").write_text("activities: [\n")
    (tmp_path / "binary.gdpr.yaml").write_bytes(b"activities: \x00\n")
    return tmp_path


@pytest.mark.parametrize("config", [
    "severity: {X001: off, X006: off}\n",
    "severity: {X001: info}\n",
    "ignore: [X006]\n",
])
def test_x001_and_x006_cannot_be_switched_off_by_configuration(
        broken: Path, config: str) -> None:
    (broken / ".gdpr-lint.yaml").write_text(config)
    result = call_main("check", ".", cwd=broken)
    assert result.returncode == 2
    assert "cannot be switched off or lowered" in result.stderr
    assert str(broken / ".gdpr-lint.yaml") in result.stderr


@pytest.mark.parametrize("args", [["--ignore", "X001"], ["--ignore", "X"], ["--select", "D"]])
def test_nor_by_the_command_line(broken: Path, args: list[str]) -> None:
    result = call_main("check", ".", *args, cwd=broken)
    if "X001" in args:
        assert result.returncode == 2 and "X001 cannot be switched off" in result.stderr
    else:  # a prefix or a selection: X001 and X006 stay on
        assert result.returncode == 1, result.stderr
        assert "X001 [error]" in result.stdout and "X006 [error]" in result.stdout


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/null", "missing"])
def test_a_configuration_that_is_not_a_file_is_an_error(cli, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                        target: str) -> None:
    shutil.copy(ROOT / "examples/valid/shop/orders.gdpr.yaml", tmp_path)
    (tmp_path / ".gdpr-lint.yaml").symlink_to(target)
    result = cli("check", ".", cwd=tmp_path)  # reading /dev/zero would never end
    assert result.returncode == 2
    assert ".gdpr-lint.yaml: not a regular file" in result.stderr


def test_a_declaration_of_nothing_is_a_finding(tmp_path: Path) -> None:
    (tmp_path / "empty.gdpr.yaml").write_text("version: 1\n")
    result = call_main("check", ".", cwd=tmp_path)
    assert result.returncode == 1
    assert "empty.gdpr.yaml:1:1: X003 [error] declares nothing" in result.stdout


@pytest.mark.skipif(os.geteuid() == 0 and not shutil.which("setpriv"),
                    reason="root reads any folder; setpriv drops that")
def test_an_unreadable_folder_is_named(tmp_path: Path) -> None:
    shutil.copy(ROOT / "examples/valid/shop/orders.gdpr.yaml", tmp_path)
    locked = tmp_path / "team"
    locked.mkdir()
    shutil.copy(ROOT / "examples/valid/shop/orders.gdpr.yaml", locked)
    locked.chmod(0)
    exe = shutil.which("gdpr-lint")
    assert exe is not None
    # Root reads any folder: drop the capabilities that let it, as a user would be.
    drop = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"] \
        if os.geteuid() == 0 else []
    try:
        result = subprocess.run([*drop, exe, "check", "."], cwd=tmp_path, capture_output=True,
                                text=True, timeout=120)
    finally:
        locked.chmod(0o755)
    assert result.returncode == 1, result.stderr
    assert "team:1:1: X006 [error] is a folder that cannot be read (permission denied)" \
        in result.stdout
