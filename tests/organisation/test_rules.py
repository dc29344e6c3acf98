"""Each O rule's bad example raises exactly that rule when merged; its good example nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from gdpr_lint.lint.config import Config, parse_config
from gdpr_lint.organisation.merge import Merger, expand, merge
from gdpr_lint.rules.organisation import split_example
from gdpr_lint.rules.registry import Rule, builtin_rules
from tests.conftest import call_main

RULES = [r for r in builtin_rules().values() if r.scope == "organisation"]
# The examples' records were built in May 2026.
NOW = dt.datetime(2026, 6, 1, tzinfo=dt.timezone.utc)


def merged(text: str, folder: Path, config: Config | None = None) -> list[tuple[str, str]]:
    for name, body in split_example(text):
        (folder / name).write_text(body, encoding="utf-8")
    merger = Merger(config or Config(), now=NOW)
    merge(expand([str(folder)]), merger, [])
    return [(f.rule, Path(f.path).name) for f in merger.findings]


def test_the_o_rules_are_registered() -> None:
    assert [r.id for r in RULES] == ["O001", "O002", "O003", "O004", "O005"]


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_bad_example_raises_exactly_its_rule(rule: Rule, tmp_path: Path) -> None:
    found = merged(rule.bad, tmp_path)
    assert [r for r, _ in found] == [rule.id], found
    # Located in a record file of the example: for a conflict, the one merged second (a
    # folder's files are merged in name order).
    assert found[0][1] == sorted(name for name, _ in split_example(rule.bad))[-1]


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_good_example_is_clean(rule: Rule, tmp_path: Path) -> None:
    assert merged(rule.good, tmp_path) == []


def test_max_age_and_severity_are_configured(tmp_path: Path) -> None:
    old = next(r for r in RULES if r.id == "O004").bad
    config = parse_config({"max_age": "P2Y"}, tmp_path / ".gdpr-lint.yaml")
    assert merged(old, tmp_path, config) == []
    config = parse_config({"severity": {"O004": "error"}}, tmp_path / ".gdpr-lint.yaml")
    merger = Merger(config, now=NOW)
    merge(expand([str(tmp_path)]), merger, [])
    assert [(f.rule, f.severity.value) for f in merger.findings] == [("O004", "error")]
    config = parse_config({"ignore": ["O"]}, tmp_path / ".gdpr-lint.yaml")
    assert merged(old, tmp_path, config) == []


def test_explain_prints_an_o_rule() -> None:
    result = call_main("explain", "O001")
    assert result.returncode == 0, result.stderr
    assert "Activity id declared in two repositories" in result.stdout
    assert "# blog.record.json" in result.stdout


def test_the_compiled_record_check_is_in_step_with_the_schema() -> None:
    from gdpr_lint.lint.fastcheck import generate_fastcheck
    from gdpr_lint.organisation.records import RECORD_SCHEMA
    from tests.conftest import ROOT

    generated = ROOT / "gdpr_lint" / "organisation" / "_recordcheck.py"
    assert generated.read_text() == generate_fastcheck(RECORD_SCHEMA), \
        "run python scripts/generate.py"


@pytest.mark.parametrize(("raw", "message"), [
    ({"repository": ""}, "'repository' must be the repository's name"),
    ({"repository": ["acme/shop"]}, "'repository' must be the repository's name"),
    ({"max_age": "90 days"}, "'max_age' must be an ISO 8601 duration such as P90D"),
    ({"max_age": 90}, "'max_age' must be an ISO 8601 duration such as P90D"),
])
def test_bad_repository_or_max_age_is_a_configuration_error(raw: dict[str, object],
                                                            message: str,
                                                            tmp_path: Path) -> None:
    from gdpr_lint.lint.config import ConfigError

    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_config(raw, tmp_path / ".gdpr-lint.yaml")
    assert parse_config({"repository": " acme/shop ", "max_age": "P6M"},
                        tmp_path / ".gdpr-lint.yaml").repository == "acme/shop"


@pytest.mark.parametrize(("url", "name"), [
    ("https://ci-bot:s3cr3t@git.example/acme/shop.git", "https://git.example/acme/shop.git"),
    ("https://ghp_T0KEN@github.com/acme/shop", "https://github.com/acme/shop"),
    ("ssh://git@git.example:2222/acme/shop.git", "ssh://git.example:2222/acme/shop.git"),
    ("git@github.com:acme/shop.git", "github.com:acme/shop.git"),
    ("https://github.com/acme/shop", "https://github.com/acme/shop"),
])
def test_remote_urls_lose_their_credentials(url: str, name: str) -> None:
    from gdpr_lint.register.model import strip_credentials

    assert strip_credentials(url) == name
