from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from gdpr_lint.lint.config import Config, parse_config
from gdpr_lint.lint.engine import Linter
from gdpr_lint.lint.findings import Finding
from gdpr_lint.lint.loader import load_document
from gdpr_lint.rules.examples import activities_document

ROOT = Path(__file__).resolve().parent.parent
Run = Callable[..., subprocess.CompletedProcess[str]]  # the `cli` fixture, or `call_main`
TODAY = dt.date(2026, 11, 23)


def lint_text(text: str, config: dict[str, Any] | None = None, path: str = "t.gdpr.yaml",
              root: Path | None = None, today: dt.date = TODAY,
              review_info: bool = False) -> list[Finding]:
    """Lint one declaration given as text, with an optional configuration mapping.

    G001's `info` asking for a `review` block is left out unless ``review_info``: the
    snippets of other rules' tests leave `review` out, as they leave out whatever they do
    not test (tests/rules/test_governance.py tests it)."""
    cfg = parse_config(config or {}, (root or ROOT) / ".gdpr-lint.yaml") if config or root \
        else Config()
    findings = Linter(cfg, today=today).lint_documents([load_document(text, path)]).findings
    return [f for f in findings
            if review_info or not (f.rule == "G001" and f.severity.value == "info")]


def lint_activity(base: str = "consent", config: dict[str, Any] | None = None,
                  **fields: Any) -> list[Finding]:
    """Lint the clean example activity of ``base`` with ``fields`` replaced (None removes)."""
    return lint_text(activities_document(fields, base=base), config)


def write(folder: Path, name: str, text: str) -> Path:
    """Write a UTF-8 file under ``folder``, creating its folders."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def rule_ids(findings: Sequence[Finding]) -> list[str]:
    return sorted({f.rule for f in findings})


def only_dpf_fallback(findings: Sequence[Finding]) -> bool:
    """The findings are the one `info` per DPF-based transfer suggesting an Art. 46
    fallback while the DPF decision is contested (C-703/25 P), and nothing else."""
    return bool(findings) and all(f.rule == "T003" and f.severity.value == "info"
                                  and "C-703/25 P" in f.message for f in findings)


@pytest.fixture(scope="session", autouse=True)
def _compiled_once(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Where Python may not write bytecode beside the sources (PYTHONDONTWRITEBYTECODE, as
    in many container images), every `gdpr-lint` the tests start would compile the package
    anew, the generated schema gate alone taking half a second; the processes the session
    starts keep their bytecode in a folder of the session instead."""
    if not os.environ.get("PYTHONDONTWRITEBYTECODE") or os.environ.get("PYTHONPYCACHEPREFIX"):
        yield
        return
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("PYTHONDONTWRITEBYTECODE")
        patch.setenv("PYTHONPYCACHEPREFIX", str(tmp_path_factory.mktemp("pycache")))
        yield


@pytest.fixture
def cli() -> Run:
    """Run the installed `gdpr-lint` entry point as a user would."""
    exe = shutil.which("gdpr-lint")
    if exe is None:  # pragma: no cover - the test command installs the package first
        pytest.fail("gdpr-lint is not installed: run pip install -e '.[test]'")

    def run(*args: str, cwd: Path | str | None = None, env: dict[str, str] | None = None,
            input: str | None = None) -> subprocess.CompletedProcess[str]:
        full_env = {k: v for k, v in os.environ.items()
                    if k not in ("GITHUB_ACTIONS", "NO_COLOR")}
        full_env.update(env or {})
        return subprocess.run([exe, *args], cwd=cwd, env=full_env, input=input,
                              capture_output=True, text=True, timeout=120)

    return run


def call_main(*args: str, cwd: Path | str | None = None, env: dict[str, str] | None = None,
              input: str | None = None) -> subprocess.CompletedProcess[str]:
    """`gdpr_lint.cli.main` called in this process as the `cli` fixture runs the executable:
    the same arguments, folder, environment and standard input; its exit code and output
    come back as a `CompletedProcess`, read as text as `subprocess.run` reads them. For the
    tests whose subject is a command's answer rather than the process that gives it (the
    `cli` fixture's tests keep covering the installed entry point); usable in any scope."""
    from gdpr_lint.cli import main

    out, err = io.BytesIO(), io.BytesIO()
    stdout = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
    stderr = io.TextIOWrapper(err, encoding="utf-8", errors="backslashreplace",
                              write_through=True)
    stdin = io.TextIOWrapper(io.BytesIO((input or "").encode("utf-8")), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        for name in ("GITHUB_ACTIONS", "NO_COLOR"):
            patch.delenv(name, raising=False)
        for name, value in (env or {}).items():
            patch.setenv(name, value)
        if cwd is not None:
            patch.chdir(cwd)
        patch.setattr(sys, "stdin", stdin)
        patch.setattr(sys, "stdout", stdout)
        patch.setattr(sys, "stderr", stderr)
        code = main(list(args))
        stdout.flush()
        stderr.flush()

    def text(written: io.BytesIO) -> str:
        return written.getvalue().decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")

    return subprocess.CompletedProcess(["gdpr-lint", *args], code, text(out), text(err))


@pytest.fixture
def python() -> str:
    return sys.executable


def sarif_multitool() -> str | None:
    """Microsoft's SARIF validator: $SARIF_MULTITOOL, or the copy .ci/run installs."""
    candidates = [os.environ.get("SARIF_MULTITOOL", ""),
                  str(ROOT / ".ci/node/node_modules/@microsoft/sarif-multitool-linux/"
                      "Sarif.Multitool")]
    return next((c for c in candidates if c and os.access(c, os.X_OK)), None)


def multitool_problems(sarif: Path, scratch: Path) -> list[tuple[str, Any]]:
    """Errors and warnings of the SARIF validator, GitHub's ingestion rules included."""
    tool = sarif_multitool()
    if tool is None:
        pytest.skip("SARIF multitool not installed (.ci/run installs it where npm exists)")
    out = scratch / "validation.sarif"
    subprocess.run([tool, "validate", str(sarif), "-o", str(out), "--rule-kind", "Sarif;Gh"],
                   check=True, capture_output=True, timeout=300)
    import json

    validation = json.loads(out.read_text())
    assert validation["runs"][0]["invocations"][0]["executionSuccessful"]
    return [(r["ruleId"], r.get("message")) for r in validation["runs"][0]["results"]
            if r.get("level", "warning") in ("error", "warning")]
