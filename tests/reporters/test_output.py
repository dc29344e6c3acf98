"""--output and --write-baseline write only where asked: through a symlink to its target,
never over a FIFO, a device or an input, and atomically."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from gdpr_lint.rules.examples import activities_document
from tests.conftest import call_main, write

OPTIONS = ("--output", "--write-baseline")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write(tmp_path, "a.gdpr.yaml", activities_document({"security_measures": None}))
    return tmp_path


@pytest.mark.parametrize("option", OPTIONS)
def test_a_symlink_is_written_through_and_stays_a_link(project: Path, option: str) -> None:
    (project / "reports").mkdir()
    target = project / "reports" / "latest.json"
    target.write_text("old\n")
    target.chmod(0o640)
    link = project / "report.json"
    link.symlink_to(Path("reports") / "latest.json")
    result = call_main("check", "--format", "json", option, "report.json", cwd=project)
    assert result.returncode in (0, 1), result.stderr
    assert link.is_symlink() and os.readlink(link) == str(Path("reports") / "latest.json")
    written = json.loads(target.read_text())
    assert written  # the report, or the baseline
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in (project / "reports").iterdir()) == ["latest.json"]


@pytest.mark.parametrize("option", OPTIONS)
def test_a_fifo_is_refused_without_blocking(cli, project: Path, option: str) -> None:
    fifo = project / "pipe.json"
    os.mkfifo(fifo)
    result = cli("check", option, "pipe.json", cwd=project)  # opening it would block
    assert result.returncode == 2
    assert result.stderr == (f"gdpr-lint: error: cannot write {option} pipe.json: it is a FIFO "
                             "(named pipe), not a regular file\n")
    assert stat.S_ISFIFO(fifo.stat().st_mode)


@pytest.mark.parametrize("option", OPTIONS)
def test_a_device_is_refused(cli, project: Path, option: str) -> None:
    device = project / "null"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except OSError as exc:
        pytest.skip(f"cannot make a device node here ({exc.strerror}); root is needed")
    result = cli("check", option, "null", cwd=project)
    assert result.returncode == 2
    assert "cannot write" in result.stderr and "it is a device" in result.stderr
    assert stat.S_ISCHR(device.stat().st_mode)


@pytest.mark.parametrize("option", OPTIONS)
def test_an_input_is_refused_by_name_or_through_a_link(project: Path, option: str) -> None:
    before = (project / "a.gdpr.yaml").read_text()
    (project / "alias.json").symlink_to("a.gdpr.yaml")
    (project / ".gdpr-lint.yaml").write_text("fail_on: error\n")
    for name, what in (("a.gdpr.yaml", "a.gdpr.yaml"), ("alias.json", "a.gdpr.yaml"),
                       (".gdpr-lint.yaml", ".gdpr-lint.yaml")):
        result = call_main("check", ".", option, name, cwd=project)
        assert result.returncode == 2, result.stderr
        assert f"cannot write {option} {name}: it is an input of this run" in result.stderr
        assert what in result.stderr.split("(")[-1]
    assert (project / "a.gdpr.yaml").read_text() == before
    assert (project / ".gdpr-lint.yaml").read_text() == "fail_on: error\n"


def test_output_over_the_baseline_is_refused_but_a_refresh_is_not(project: Path) -> None:
    assert call_main("check", "--write-baseline", "b.json", cwd=project).returncode == 0
    result = call_main("check", "--baseline", "b.json", "--output", "b.json", cwd=project)
    assert result.returncode == 2 and "it is an input of this run (b.json)" in result.stderr
    refresh = call_main("check", "--baseline", "b.json", "--write-baseline", "b.json", cwd=project)
    assert refresh.returncode == 0, refresh.stderr


@pytest.mark.parametrize("option", OPTIONS)
def test_a_missing_folder_is_named(project: Path, option: str) -> None:
    result = call_main("check", option, "out/reports/r.json", cwd=project)
    assert result.returncode == 2
    assert result.stderr == (f"gdpr-lint: error: cannot write {option} out/reports/r.json: "
                             "folder out/reports does not exist\n")
    assert ".gdpr-lint-" not in result.stderr


def test_nothing_is_left_behind_and_the_report_is_whole(project: Path) -> None:
    result = call_main("check", "--format", "json", "--output", "r.json", cwd=project)
    assert result.returncode == 0
    assert json.loads((project / "r.json").read_text())["summary"]["warnings"] == 1
    assert sorted(p.name for p in project.iterdir()) == ["a.gdpr.yaml", "r.json"]


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["text", "json", "junit", "sarif", "github", "gitlab"])
def test_a_file_name_that_is_not_utf8_is_reported_to_an_output_file(tmp_path: Path,
                                                                     fmt: str) -> None:
    name = os.fsencode(tmp_path) + b"/bad\xff.gdpr.yaml"
    with open(name, "w", encoding="utf-8") as handle:
        handle.write(activities_document({"security_measures": None}))
    result = call_main("check", "--format", fmt, "--output", "out", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    report = (tmp_path / "out").read_text(encoding="utf-8")
    assert "bad\\xff.gdpr.yaml" in report or "bad\\udcff.gdpr.yaml" in report
