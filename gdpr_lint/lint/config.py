"""Configuration: `.gdpr-lint.yaml` or `[tool.gdpr-lint]` in pyproject.toml, searched upward."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

from gdpr_lint.law.data import countries, eea, suggest_country
from gdpr_lint.lint.findings import Severity, shorten
from gdpr_lint.lint.names import CONFIG_NAMES, DEFAULT_INCLUDE

_RULE_ID = re.compile(r"^[A-Z][A-Z0-9]*$")


class ConfigError(Exception):
    """A configuration problem: exit code 2 with this message."""


class Config:
    __slots__ = ("adequacy", "boundary", "controllers", "default_controller", "evidence",
                 "exclude", "fail_on", "ignore", "include", "lia_max_age_months", "max_age",
                 "member_state", "policies", "repository", "root", "select", "severity",
                 "source")

    def __init__(self, include: list[str] | None = None, exclude: list[str] | None = None,
                 select: list[str] | None = None, ignore: list[str] | None = None,
                 severity: dict[str, str] | None = None, fail_on: str = "error",
                 controllers: list[str] | None = None, default_controller: str | None = None,
                 member_state: str | None = None, lia_max_age_months: int = 24,
                 adequacy: list[str] | None = None, policies: list[str] | None = None,
                 source: str | None = None, root: Path | None = None,
                 repository: str | None = None, max_age: str = "P90D") -> None:
        self.include = list(DEFAULT_INCLUDE) if include is None else include
        self.exclude = [] if exclude is None else exclude
        self.select = [] if select is None else select
        self.ignore = [] if ignore is None else ignore
        self.severity = {} if severity is None else severity
        self.fail_on = fail_on
        self.controllers = [] if controllers is None else controllers
        self.default_controller = default_controller
        self.member_state = member_state
        self.lia_max_age_months = lia_max_age_months
        self.adequacy = adequacy
        self.policies = [] if policies is None else policies
        # The repository's name in its record file (SPEC §12); None: the git remote, else
        # the root folder's name. ``max_age``: how old a record's commit may be (O004).
        self.repository = repository
        self.max_age = max_age
        # Where the config came from; paths in it are relative to its folder.
        self.source = source
        self.root = Path.cwd() if root is None else root
        # The project root when one was found (a configuration, a git work tree): no
        # declaration is read through a link that leads out of it (`lint/links.py`). None
        # when the root is only the current folder.
        self.boundary: Path | None = root
        # Files other tools keep about the systems (§13): {path, kind, system} each.
        self.evidence: list[dict[str, str]] = []

    def resolve(self, relative: str) -> Path:
        return (self.root / relative).resolve()


def display_path(path: str | Path) -> str:
    """How a file the run finds by itself (a configured controllers file, a project file, a
    policy) is shown: from the current folder, as the files named on the command line are."""
    try:
        return os.path.relpath(path)
    except ValueError:  # pragma: no cover - another drive on Windows
        return os.path.normpath(path)


_LIST_KEYS = {"include", "exclude", "select", "ignore", "controllers", "policies"}
KEYS = set(Config.__slots__) - {"source", "root", "boundary"}


def find_config(start: Path) -> Path | None:
    """The nearest `.gdpr-lint.yaml`, or pyproject.toml with [tool.gdpr-lint], upward."""
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            if (folder / name).is_file():
                return folder / name
            if os.path.lexists(folder / name) and not (folder / name).is_dir():
                raise ConfigError(f"{folder / name}: not a regular file (a device, a pipe or "
                                  "a dangling link): the configuration is not read; make it "
                                  "a file")
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _pyproject_section(pyproject) is not None:
            return pyproject
    return None


def _pyproject_section(path: Path) -> dict[str, Any] | None:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        data_text = path.read_text(encoding="utf-8")
        data = tomllib.loads(data_text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read pyproject.toml: {exc}") from exc
    except (ValueError, RecursionError) as exc:  # a 5,000-digit integer, deep nesting
        raise ConfigError(f"{path}: cannot read pyproject.toml: "
                          f"{shorten(str(exc) or type(exc).__name__, 200)}") from exc
    tool = data.get("tool")  # `tool = 5` is not our business, but must not break the run
    section = tool.get("gdpr-lint") if isinstance(tool, dict) else None
    if section is not None and not isinstance(section, dict):
        line = _toml_key_line(data_text, "gdpr-lint")
        where = os.path.relpath(path) if path.is_absolute() else str(path)
        raise ConfigError(f"{where}:{line}:1: [tool.gdpr-lint] must be a table of configuration "
                          f"keys, not {_toml_type(section)}")
    return section


def _toml_key_line(text: str, key: str) -> int:
    """The line that assigns ``key`` (bare or quoted), else 1: TOML readers give no positions."""
    pattern = re.compile(rf"""^\s*(?:tool\s*\.\s*)?["']?{re.escape(key)}["']?\s*=""")
    return next((number for number, line in enumerate(text.splitlines(), 1)
                 if pattern.match(line)), 1)


def _toml_type(value: object) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a float", str: "a string",
             list: "an array"}
    return next((name for kind, name in names.items() if isinstance(value, kind)), "a value")


def _read_yaml(path: Path) -> dict[str, Any]:
    from gdpr_lint.lint.loader import read_document

    doc = read_document(str(path))
    if doc.empty:  # an empty configuration file: every default
        return {}
    if doc.problems:
        first = doc.problems[0]
        raise ConfigError(f"{first.location()}: {first.message}")
    if doc.data is None:
        return {}
    if not isinstance(doc.data, dict):
        raise ConfigError(f"{path}:1:1: the configuration must be a mapping of keys")
    return doc.data


def load_config(path: Path | None = None, start: Path | None = None) -> Config:
    """Load the given config file, or the one found upward from ``start``, or defaults."""
    if path is None:
        path = find_config(start or Path.cwd())
        if path is None:
            return Config()
    if not path.is_file():
        raise ConfigError(f"{path}: configuration file not found")
    is_pyproject = path.name == "pyproject.toml"
    raw = (_pyproject_section(path) or {}) if is_pyproject else _read_yaml(path)
    return parse_config(raw, path)


def parse_config(raw: dict[str, Any], path: Path) -> Config:
    config = Config(source=str(path), root=path.parent.resolve())
    where = os.path.relpath(path) if path.is_absolute() else str(path)
    for key, value in raw.items():
        if key not in KEYS:
            import difflib

            close = difflib.get_close_matches(str(key), sorted(KEYS), n=1)
            hint = (f"; did you mean '{close[0]}'?" if close
                    else f"; known keys: {', '.join(sorted(KEYS))}")
            raise ConfigError(f"{where}: unknown configuration key '{key}'{hint}")
        setattr(config, key, _check(key, value, where))
    return config


def _check(key: str, value: Any, where: str) -> Any:
    def bad(expected: str) -> ConfigError:
        shown = shorten(repr(value) if isinstance(value, str) else value)
        return ConfigError(f"{where}: '{key}' must be {expected}, got {shown}")

    if key in _LIST_KEYS or key == "adequacy":
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise bad("a list of strings")
        if key in ("select", "ignore") and not all(_RULE_ID.match(v) for v in value):
            raise bad("a list of rule IDs or prefixes such as B001 or T")
        if key == "adequacy" and not all(v in countries() for v in value):
            unknown = next(v for v in value if v not in countries())
            close = suggest_country(unknown)
            hint = f"; did you mean '{close}'?" if close else ""
            raise bad(f"a list of ISO 3166-1 alpha-2 country codes ('{shorten(unknown)}' is "
                      f"not one{hint})")
        return list(value)
    if key == "severity":
        levels = {"error", "warning", "info", "off"}
        if not isinstance(value, dict) or not all(
                isinstance(k, str) and _RULE_ID.match(k) and v in levels for k, v in value.items()):
            raise bad("a mapping of rule ID to error, warning, info or off")
        return dict(value)
    if key == "fail_on":
        if value not in ("error", "warning", "info"):
            raise bad("one of error, warning, info")
        return value
    if key == "default_controller":
        if not isinstance(value, str) or not value:
            raise bad("a controller id")
        return value
    if key == "member_state":
        if not isinstance(value, str) or value not in eea():
            raise bad("an ISO 3166-1 alpha-2 code of an EU or EEA member state, such as DE")
        return value
    if key == "repository":
        if not isinstance(value, str) or not value.strip():
            raise bad("the repository's name, such as acme/shop")
        return value.strip()
    if key == "max_age":
        from gdpr_lint.law.duration import parse_duration

        if not isinstance(value, str) or parse_duration(value) is None:
            raise bad("an ISO 8601 duration such as P90D")
        return value
    if key == "evidence":
        return _evidence(value, bad)
    if key == "lia_max_age_months":
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise bad("a positive whole number of months")
        return value
    raise AssertionError(key)  # pragma: no cover - KEYS and _check agree


EVIDENCE_KINDS = ("dbt", "odcs", "openapi", "apple", "fides", "bearer", "privado")


def _evidence(value: Any, bad: Any) -> list[dict[str, str]]:
    """`evidence`: a list of {path, kind, system}; only `path` is required."""
    expected = ("a list of mappings with `path` (and optionally `kind`: one of "
                f"{', '.join(EVIDENCE_KINDS)}, and `system`)")
    if not isinstance(value, list):
        raise bad(expected)
    entries = []
    for item in value:
        if not isinstance(item, dict) or not isinstance(item.get("path"), str) or \
                not item["path"].strip() or set(item) - {"path", "kind", "system"} or \
                item.get("kind", "dbt") not in EVIDENCE_KINDS or \
                not isinstance(item.get("system", "x"), str) or not item.get("system", "x"):
            raise bad(expected)
        entries.append({k: str(v) for k, v in item.items()})
    return entries


def severity_for(config: Config, rule_id: str, default: Severity) -> Severity | None:
    """The configured severity of a rule, or None when it is switched off."""
    level = config.severity.get(rule_id)
    if level is None:
        return default
    return None if level == "off" else Severity(level)
