"""The dependency range is tested, not assumed.

The README's test command installs the newest release of every dependency. This test installs
the lowest versions the pyproject declares (uv's ``--resolution lowest-direct``) into a fresh
virtualenv and checks that they lint and register the shipped examples exactly as the newest do.
When it fails, raise the lower bound that no longer works.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

pytestmark = [pytest.mark.slow, pytest.mark.integration]


def declared_lower_bounds() -> dict[str, str]:
    """Each runtime dependency's ``>=`` bound that applies to this interpreter."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    bounds: dict[str, str] = {}
    for requirement in project["dependencies"]:
        spec, _, marker = requirement.partition(";")
        if marker.strip() and "3.11" in marker and sys.version_info >= (3, 11):
            continue  # tomli: only for Python 3.10
        match = re.match(r"\s*([A-Za-z0-9_.-]+)\s*>=\s*([0-9][0-9.]*)", spec)
        assert match, f"dependency without a lower bound: {requirement!r}"
        bounds[match.group(1).lower()] = match.group(2)
    return bounds


def _uv() -> list[str]:
    try:
        import uv  # noqa: F401  (installed by the test extra)
    except ImportError:  # pragma: no cover - the test extra installs it
        pytest.skip("uv is not installed: pip install -e '.[test]'")
    return [sys.executable, "-m", "uv"]


@pytest.fixture(scope="module")
def lowest(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A virtualenv holding gdpr-lint with the lowest declared version of each dependency."""
    uv = _uv()
    venv = tmp_path_factory.mktemp("lowest") / "venv"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "UV_"))}
    subprocess.run([*uv, "venv", "--quiet", "--python", sys.executable, str(venv)],
                   check=True, env=env, timeout=300)
    python = venv / "bin" / "python"
    result = subprocess.run(
        [*uv, "pip", "install", "--quiet", "--python", str(python),
         "--resolution", "lowest-direct", str(ROOT)],
        env=env, capture_output=True, text=True, timeout=900)
    if result.returncode != 0 and "network" in result.stderr.lower():  # pragma: no cover
        pytest.skip(f"no package index reachable: {result.stderr[-400:]}")
    assert result.returncode == 0, result.stderr
    return venv


def installed_versions(venv: Path) -> dict[str, str]:
    script = ("import importlib.metadata as m, json; print(json.dumps({d.metadata['Name'].lower():"
              " d.version for d in m.distributions()}))")
    out = subprocess.run([str(venv / "bin" / "python"), "-c", script], check=True,
                         capture_output=True, text=True, timeout=120).stdout
    return {name.replace("_", "-"): version for name, version in json.loads(out).items()}


def _release(version: str) -> tuple[int, ...]:
    parts = [int(part) for part in re.findall(r"\d+", version)[:3]]
    return tuple(parts + [0] * (3 - len(parts)))


def test_the_lowest_declared_versions_are_what_is_installed(lowest: Path) -> None:
    versions = installed_versions(lowest)
    for name, bound in declared_lower_bounds().items():
        assert name in versions, f"{name} not installed"
        assert _release(versions[name]) == _release(bound), (name, versions[name], bound)


def _run(exe: str, *args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "NO_COLOR")}
    env["SOURCE_DATE_EPOCH"] = "1767225600"  # the register's build date, alike in both runs
    return subprocess.run([exe, *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=300)


@pytest.mark.parametrize("args", [
    pytest.param(("check", "examples/", "--format", "json"), id="check-json"),
    pytest.param(("check", "examples/"), id="check-text"),
    pytest.param(("register", "examples/valid", "--format", "json"), id="register-json"),
    pytest.param(("register", "examples/valid", "--format", "md"), id="register-md"),
    pytest.param(("notice", "examples/valid", "--audience", "northwind-example-privacy", "--lang",
                  "de"), id="notice"),
])
def test_the_lowest_versions_give_the_same_output_as_the_newest(lowest: Path,
                                                                 args: tuple[str, ...]) -> None:
    newest_exe = shutil.which("gdpr-lint")
    assert newest_exe is not None
    newest = _run(newest_exe, *args)
    oldest = _run(str(lowest / "bin" / "gdpr-lint"), *args)
    assert "Traceback" not in oldest.stderr, oldest.stderr
    assert (oldest.returncode, oldest.stdout, oldest.stderr) == \
        (newest.returncode, newest.stdout, newest.stderr)
    if args[-1] == "json":
        assert json.loads(newest.stdout)  # a real report, not an empty run


def test_the_lowest_versions_refuse_hostile_input_as_the_newest(lowest: Path,
                                                               tmp_path: Path) -> None:
    """libyaml's own limits differ between PyYAML releases; the findings must not."""
    (tmp_path / "flow.gdpr.yaml").write_text("a: " + "[" * 5_000 + "]" * 5_000 + "\n")
    (tmp_path / "block.gdpr.yaml").write_text("".join(" " * i + "a:\n" for i in range(2_000)))
    (tmp_path / "mixed.gdpr.yaml").write_text("a:\n  b: " + "{c: " * 1_200 + "\n")
    (tmp_path / "tab.gdpr.yaml").write_text("a:\n\tb: 1\n")
    newest_exe = shutil.which("gdpr-lint")
    assert newest_exe is not None
    newest = _run(newest_exe, "check", ".", "--format", "json", cwd=tmp_path)
    oldest = _run(str(lowest / "bin" / "gdpr-lint"), "check", ".", "--format", "json",
                  cwd=tmp_path)
    assert oldest.stdout == newest.stdout and oldest.returncode == newest.returncode == 1
    rules = {f["path"]: (f["rule"], f["line"], f["column"])
             for f in json.loads(newest.stdout)["findings"]}
    assert rules == {"flow.gdpr.yaml": ("X006", 1, 67), "block.gdpr.yaml": ("X006", 65, 65),
                     "mixed.gdpr.yaml": ("X006", 2, 254), "tab.gdpr.yaml": ("X001", 2, 1)}


def test_the_lowest_duckdb_writes_a_database_the_readme_queries_answer(
        lowest: Path, tmp_path: Path) -> None:
    """`aggregate --format duckdb` with the lowest DuckDB answers the README's queries as the
    newest does (each database read by the DuckDB that wrote it)."""
    from tests.organisation.test_aggregate import readme_queries

    newest_exe = shutil.which("gdpr-lint")
    assert newest_exe is not None
    script = ("import duckdb, json, sys\n"
              "c = duckdb.connect(sys.argv[1], read_only=True)\n"
              "print(json.dumps([[list(map(str, r)) for r in c.execute(q).fetchall()]"
              " for q in json.loads(sys.argv[2])]))\n")
    answers = []
    for exe, python in ((newest_exe, sys.executable),
                        (str(lowest / "bin" / "gdpr-lint"), str(lowest / "bin" / "python"))):
        database = tmp_path / f"{len(answers)}.duckdb"
        made = _run(exe, "aggregate", "examples/valid", "--format", "duckdb", "--output",
                    str(database))
        assert made.returncode == 0 and "Traceback" not in made.stderr, made.stderr
        answers.append(subprocess.run([python, "-c", script, str(database),
                                       json.dumps(readme_queries())], capture_output=True,
                                      text=True, check=True, timeout=120).stdout)
    assert answers[0] == answers[1]
    assert len(json.loads(answers[0])) == 3
