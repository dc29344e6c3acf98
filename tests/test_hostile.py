"""Hostile and arbitrary input: a clean finding or a clean exit, never an exception."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gdpr_lint.lint.findings import Finding
from gdpr_lint.lint.loader import load_document
from gdpr_lint.rules.examples import BASES, CONTROLLER, overlay
from tests.conftest import lint_text

pytestmark = pytest.mark.slow

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def no_internal_errors(findings: list[Finding]) -> None:
    assert not [f for f in findings if "internal error" in f.message], findings


@FAST
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_give_a_finding_or_a_declaration(raw: bytes) -> None:
    from gdpr_lint.lint.config import Config
    from gdpr_lint.lint.engine import Linter

    doc = load_document(raw, "f.gdpr.yaml")
    findings = Linter(Config()).lint_documents([doc]).findings
    no_internal_errors(findings)
    assert findings or isinstance(doc.data, dict)  # never a silent pass on junk


YAML_PIECES = st.sampled_from([
    "a", "- ", ": ", "\n", "  ", "{", "}", "[", "]", ", ", "&x ", "*x", "!!str ", "!!int ",
    "!!python/object ", "? ", "|\n", ">-\n", "'", '"', "#", "---\n", "...\n", "%YAML 1.1\n",
    "activities", "controller", "lawful_basis", "consent", "legitimate_interests", "id",
    "NO", "yes", "1:30", "2026-01-15", "~", "0x1F", "1e3", "\t", "\x00", "\ufeff", "é",
])


@FAST
@given(st.lists(YAML_PIECES, max_size=40).map("".join))
def test_arbitrary_yaml_text_lints_cleanly(text: str) -> None:
    no_internal_errors(lint_text(text))


JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
              st.text(max_size=20)),
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.text(max_size=12), inner, max_size=4)),
    max_leaves=20)
FIELD_NAMES = st.sampled_from(sorted({k for base in BASES.values() for k in base} | {
    "special_categories", "art9_condition", "transfers", "recipients", "notice", "children",
    "scale", "dpia", "automated_decisions", "controller", "rights", "source", "criminal_data",
    "direct_marketing", "retention", "legitimate_interests", "consent"}))


@FAST
@given(base=st.sampled_from(sorted(BASES)),
       changes=st.dictionaries(FIELD_NAMES, JSON, max_size=4))
def test_arbitrary_field_values_run_every_rule_cleanly(base: str, changes: dict[str, Any]) -> None:
    document = {"controller": dict(CONTROLLER), "activities": [overlay(base, changes)]}
    no_internal_errors(lint_text(yaml.safe_dump(document)))


@FAST
@given(JSON)
def test_arbitrary_documents_lint_cleanly(data: Any) -> None:
    no_internal_errors(lint_text(yaml.safe_dump(data)))


def test_bounded_time_on_a_large_valid_looking_file() -> None:
    text = "activities:\n" + "".join(f"  - id: a{i}\n    name: x\n" for i in range(20_000))
    start = time.monotonic()
    findings = lint_text(text)
    assert findings and time.monotonic() - start < 120


def test_symlink_loop_and_dangling_link_in_a_scanned_directory(cli, tmp_path: Path) -> None:
    os.symlink("loop.gdpr.yaml", tmp_path / "loop.gdpr.yaml")
    os.symlink("missing.yaml", tmp_path / "dangling.gdpr.yaml")
    os.symlink(".", tmp_path / "subdir-loop")
    result = cli("check", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert "dangling.gdpr.yaml:1:1: X006 [error] cannot be read: No such file or directory" \
        in lines[0]
    assert "loop.gdpr.yaml:1:1: X006 [error] cannot be read: Too many levels of symbolic" \
        in lines[1]
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_in_a_scanned_directory(cli, tmp_path: Path) -> None:
    secret = tmp_path / "secret.gdpr.yaml"
    secret.write_text("activities: []\n")
    secret.chmod(0)
    result = cli("check", cwd=tmp_path)
    assert result.returncode == 1
    assert "secret.gdpr.yaml:1:1: X006 [error] cannot be read: Permission denied" in result.stdout


@pytest.mark.parametrize("args", [
    ["check", "--config", "adir"], ["check", "--output", "adir"],
    ["check", "--baseline", "adir"], ["check", "--write-baseline", "adir"],
])
def test_directory_where_a_file_is_expected(cli, tmp_path: Path, args: list[str]) -> None:
    (tmp_path / "adir").mkdir()
    (tmp_path / "adir" / "a.gdpr.yaml").write_text("controller: x\n")
    result = cli(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert "adir" in result.stderr and "directory" in result.stderr.lower()
    assert "Traceback" not in result.stderr


def test_hostile_files_through_the_cli(cli, tmp_path: Path) -> None:
    (tmp_path / "nul.gdpr.yaml").write_bytes(b"\x00" * 4096)
    (tmp_path / "latin1.gdpr.yaml").write_bytes(b"controller: caf\xe9\n")
    (tmp_path / "python.gdpr.yaml").write_text(
        "controller: !!python/object/apply:os.system ['touch pwned']\n")
    (tmp_path / "big.gdpr.yaml").write_bytes(b"# " + b"x" * (50 * 1024 * 1024))
    (tmp_path / "deep.gdpr.yaml").write_text("[" * 20_000 + "]" * 20_000)
    bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    bomb += [f"{n}: &{n} [{','.join(['*' + p] * 9)}]" for n, p in zip("bcdefghi", "abcdefgh",
                                                                        strict=True)]
    (tmp_path / "bomb.gdpr.yaml").write_text("\n".join(bomb) + "\n")
    start = time.monotonic()
    result = cli("check", "--format", "json", cwd=tmp_path)
    assert time.monotonic() - start < 60
    assert result.returncode == 1 and "Traceback" not in result.stderr
    import json

    rules = {Path(f["path"]).name: f["rule"] for f in json.loads(result.stdout)["findings"]}
    assert rules == {name: "X006" for name in ("nul.gdpr.yaml", "latin1.gdpr.yaml",
                                               "python.gdpr.yaml", "big.gdpr.yaml",
                                               "deep.gdpr.yaml", "bomb.gdpr.yaml")}
    assert not (tmp_path / "pwned").exists()


# -- Issue: cost stays linear, one bad file never loses the run --------------------------

CTRL = ("controller: {id: acme, name: Acme Ltd, contact: privacy@acme.example, "
        "requests: {channel: privacy@acme.example}}\n")


def test_fifo_in_a_searched_folder_is_refused_without_blocking(cli, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.gdpr.yaml")
    (tmp_path / "ok.gdpr.yaml").write_text(CTRL)
    result = cli("check", ".", cwd=tmp_path)  # the fixture's timeout fails a hang
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines()[0] == (
        "pipe.gdpr.yaml:1:1: X006 [error] is a named pipe (FIFO), not a regular file: it is "
        "not read (Art. 30(1))")
    explicit = cli("check", "pipe.gdpr.yaml", "--format", "json", cwd=tmp_path)
    assert explicit.returncode == 1 and '"rule": "X006"' in explicit.stdout


def test_fifo_as_configuration_or_baseline_is_an_error_not_a_hang(cli, tmp_path: Path) -> None:
    (tmp_path / "a.gdpr.yaml").write_text(CTRL)
    os.mkfifo(tmp_path / "fifo")
    for option in ("--config", "--baseline"):
        result = cli("check", "a.gdpr.yaml", option, "fifo", cwd=tmp_path)
        assert result.returncode == 2, (option, result.stderr)
        assert "fifo" in result.stderr and "Traceback" not in result.stderr


def _comparisons(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the strings difflib compares (each candidate of a did-you-mean)."""
    import difflib

    counter = [0]
    original = difflib.SequenceMatcher.set_seq1

    def counting(self: difflib.SequenceMatcher[str], a: str) -> None:
        counter[0] += 1
        original(self, a)

    monkeypatch.setattr(difflib.SequenceMatcher, "set_seq1", counting)
    return counter


def test_unresolved_references_cost_linear_comparisons(monkeypatch: pytest.MonkeyPatch) -> None:
    n = 1000
    text = ("controllers:\n" +
            "".join(f"  - {{id: controller-{i}, name: N, contact: c}}\n" for i in range(n)) +
            "activities:\n" +
            "".join(f"  - {{id: a{i}, controller: unknown-{i}}}\n" for i in range(n)) +
            "".join(f"  - {{id: b{i}, controller: unknown-{i % 10}}}\n" for i in range(n)) +
            "  - {id: typo, controller: controler-17}\n")
    counter = _comparisons(monkeypatch)
    findings = [f for f in lint_text(text) if f.rule == "X005"]
    assert len(findings) == 2 * n + 1
    # Quadratic would be 2,000,000 comparisons; each distinct reference looks at a few ids.
    assert counter[0] < 20 * n, counter[0]
    typo = next(f for f in findings if f.activity == "typo")
    assert typo.message.endswith("(did you mean 'controller-17'?)")


def test_did_you_mean_in_a_small_registry_is_unchanged() -> None:
    findings = lint_text("controllers:\n  - {id: acme-group, name: A, contact: c}\n"
                         "activities:\n  - {id: a, controller: acme-grp}\n")
    assert any(f.rule == "X005" and "did you mean 'acme-group'" in f.message for f in findings)


def test_long_list_of_mappings_checks_uniqueness_without_pairwise_comparison(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import jsonschema._utils

    calls = [0]
    original = jsonschema._utils.equal

    def counting(one: Any, two: Any) -> bool:
        calls[0] += 1
        return bool(original(one, two))

    monkeypatch.setattr(jsonschema._utils, "equal", counting)
    rights = "".join(f"      - {{k{i}: v}}\n" for i in range(2000))
    findings = lint_text(CTRL + f"activities:\n  - id: a\n    rights:\n{rights}")
    assert calls[0] < 10_000, calls[0]  # pairwise would be two million
    assert sum(f.rule == "X003" and "allowed value" in f.message for f in findings) == 2000


@pytest.mark.parametrize(("items", "unique"), [
    ("[{a: 1, b: 2}, {b: 2, a: 1}]", False),   # mappings are unordered
    ("[1, 1.0]", False),                         # 1 and 1.0 are the same number
    ("[1, true]", True),                         # true is not 1 in JSON Schema
    ("[[1, {a: x}], [1, {a: x}]]", False),
    ("[[1, {a: x}], [1, {a: y}]]", True),
    ("[null, false, 0, '']", True),
])
def test_unique_items_keeps_json_schema_equality(items: str, unique: bool) -> None:
    import jsonschema

    from gdpr_lint.lint.schema import linear_unique_items

    cls = linear_unique_items(jsonschema.Draft202012Validator)
    data = yaml.safe_load(items)
    errors = list(cls({"uniqueItems": True}).iter_errors(data))
    assert (not errors) is unique
    assert jsonschema.Draft202012Validator({"uniqueItems": True}).is_valid(data) is unique


def test_duplicate_ids_name_the_first_place_only() -> None:
    n = 4000
    findings = lint_text(CTRL + "activities:\n" + "".join("  - {id: same}\n" for _ in range(n)))
    x004 = [f for f in findings if f.rule == "X004"]
    assert len(x004) == n
    assert x004[0].message == ("activity id 'same' is also used at t.gdpr.yaml:4, t.gdpr.yaml:5, "
                               "t.gdpr.yaml:6, t.gdpr.yaml:7, t.gdpr.yaml:8 and 3,994 more: "
                               "give each activity its own id")
    assert {f.message for f in x004[1:]} == {
        "activity id 'same' is also used at t.gdpr.yaml:3: give each activity its own id"}


def test_aliased_duplicates_stay_linear() -> None:
    n = 20_000
    findings = lint_text(CTRL + "x: &a {id: same}\nactivities:\n" + "  - *a\n" * n)
    x004 = [f for f in findings if f.rule == "X004"]
    assert len(x004) == n
    assert sum(len(f.message) for f in findings) < 200 * len(findings)


def test_integer_beyond_pythons_conversion_limit_is_a_finding(cli, tmp_path: Path) -> None:
    (tmp_path / "big.gdpr.yaml").write_text(CTRL + "version: " + "9" * 5000 + "\n")
    (tmp_path / "hex.gdpr.yaml").write_text(CTRL + "version: 0x" + "f" * 5000 + "\n")
    (tmp_path / "ok.gdpr.yaml").write_text(CTRL + "version: 1\n")
    result = cli("check", ".", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stdout.splitlines()[:2] == [
        "big.gdpr.yaml:2:10: X006 [error] a number of 5,000 characters: numbers are read up to "
        "100 characters; quote it if it is text (Art. 30(1))",
        "hex.gdpr.yaml:2:10: X006 [error] a number of 5,002 characters: numbers are read up to "
        "100 characters; quote it if it is text (Art. 30(1))"]
    assert "ok.gdpr.yaml" not in result.stdout


@pytest.mark.parametrize("fmt", ["text", "json", "junit", "sarif", "gitlab", "github"])
def test_aliased_activities_mixing_ids_and_none(cli, tmp_path: Path, fmt: str) -> None:
    (tmp_path / "mixed.gdpr.yaml").write_text(
        CTRL + "list: &l [{id: x}, {id: 1}, {name: no id}, {id: x}]\nactivities: *l\n")
    result = cli("check", "mixed.gdpr.yaml", "--format", fmt, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "internal error" not in result.stdout + result.stderr
    assert "X004" in result.stdout


@pytest.mark.parametrize("fmt", ["text", "json", "junit", "sarif", "gitlab"])
def test_file_name_that_is_not_utf8_with_output(cli, tmp_path: Path, fmt: str) -> None:
    name = os.fsdecode(b"caf\xe9.gdpr.yaml")
    (tmp_path / name).write_text(CTRL + "activities: [{id: a}]\n")
    result = cli("check", ".", "--format", fmt, "--output", "report", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    report = (tmp_path / "report").read_bytes().decode("utf-8")  # valid UTF-8
    # The byte that is not UTF-8 is shown as an escape (as \xe9 where the format escapes
    # control characters itself, else as the surrogate Python decodes it to).
    assert re.search(r"caf\\+(xe9|udce9)\.gdpr\.yaml", report), report
    if fmt == "junit":
        import xml.dom.minidom

        xml.dom.minidom.parseString(report)
    elif fmt != "text":
        import json

        json.loads(report)


@pytest.mark.parametrize("pyproject", [
    "tool = 5\n", "tool = [1, 2]\n",  # `[tool] gdpr-lint = 5` is ours: tests/commands/test_cli.py
])
def test_odd_pyproject_does_not_lose_the_run(cli, tmp_path: Path, pyproject: str) -> None:
    (tmp_path / "pyproject.toml").write_text(pyproject)
    (tmp_path / "a.gdpr.yaml").write_text(CTRL)
    result = cli("check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "No findings in 1 file.\n"


def test_pyproject_with_a_huge_integer_is_a_configuration_error(cli, tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[tool.gdpr-lint]\nlia_max_age_months = " + "9" * 5000 + "\n")
    (tmp_path / "a.gdpr.yaml").write_text(CTRL)
    result = cli("check", cwd=tmp_path)
    assert result.returncode == 2
    assert "pyproject.toml" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr) < 500


def test_deeply_nested_baseline_is_a_baseline_error(cli, tmp_path: Path) -> None:
    (tmp_path / "b.json").write_text('{"findings": ' + "[" * 100_000 + "]" * 100_000 + "}")
    (tmp_path / "a.gdpr.yaml").write_text(CTRL)
    result = cli("check", "a.gdpr.yaml", "--baseline", "b.json", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == ("gdpr-lint: error: b.json: not a gdpr-lint baseline (write one "
                             "with --write-baseline)\n")


LIA = ("lawful_basis: legitimate_interests\nlegitimate_interests:\n  interest: Fraud\n"
       "  lia: {{purpose_test: Fraud prevention is legitimate, necessity_test: Least data, "
       "balancing_test: Expected by customers, assessed_on: {date}}}")


@pytest.mark.parametrize(("date", "months", "old"), [
    ("9999-12-31", 24, False),
    ("0001-01-01", 24, True),
    ("2020-01-01", 10**30, False),
    ("9999-12-31", 10**30, False),
    ("2020-01-01", 1, True),
])
def test_date_arithmetic_never_overflows(date: str, months: int, old: bool) -> None:
    from gdpr_lint.rules.examples import activities_document

    document = activities_document(yaml.safe_load(LIA.format(date=date)),
                                   base="legitimate_interests")
    findings = lint_text(document, {"lia_max_age_months": months})
    no_internal_errors(findings)
    assert any(f.rule == "L004" for f in findings) is old


def test_add_months_saturates() -> None:
    import datetime as dt

    from gdpr_lint.law.dates import add_months, months_between

    assert add_months(dt.date(9999, 12, 31), 1) == dt.date.max
    assert add_months(dt.date(2, 1, 1), -10**9) == dt.date.min
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert months_between(dt.date(2024, 1, 31), dt.date(2024, 2, 29)) == 0
    assert months_between(dt.date(2024, 1, 15), dt.date(2026, 1, 15)) == 24
