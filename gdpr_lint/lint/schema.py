"""The declaration JSON Schema and the schema pass that turns its errors into X003 findings."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

from gdpr_lint.lint import fastcheck
from gdpr_lint.lint.findings import Finding, Severity, shorten
from gdpr_lint.lint.loader import Document, JsonPath

SCHEMA_FILE = "declaration-v1.schema.json"
_TYPE_NAMES = {"object": "a mapping", "array": "a list", "string": "text",
               "boolean": "true or false",
               "integer": "a whole number", "number": "a number", "null": "nothing"}


def schema_text(name: str = SCHEMA_FILE) -> str:
    import os

    # Package data sits beside the modules (pip installs wheels unzipped).
    package = os.path.dirname(os.path.dirname(__file__))
    with open(os.path.join(package, "schemas", name), encoding="utf-8") as f:
        return f.read()


@functools.cache
def load_schema(name: str = SCHEMA_FILE) -> dict[str, Any]:
    import json

    schema: dict[str, Any] = json.loads(schema_text(name))
    return schema


@functools.cache
def validator(name: str = SCHEMA_FILE) -> Any:
    """The compiled validator, built once per process."""
    import jsonschema

    cls = linear_unique_items(jsonschema.validators.validator_for(load_schema(name)))
    return cls(load_schema(name), format_checker=cls.FORMAT_CHECKER)


def _frozen(value: Any) -> Any:
    """A hashable image of JSON data under JSON Schema's equality: 1 == 1.0, but true is
    not 1, and mappings compare without order. Built without recursion (data may be deep)."""
    # Post-order over an explicit stack: each container is frozen after its children.
    done: dict[int, Any] = {}
    stack: list[tuple[Any, bool]] = [(value, False)]
    while stack:
        node, expanded = stack.pop()
        if isinstance(node, dict):
            if not expanded:
                stack.append((node, True))
                stack.extend((v, False) for v in node.values())
                continue
            done[id(node)] = ("map", frozenset((k, _leaf(v, done)) for k, v in node.items()))
        elif isinstance(node, list):
            if not expanded:
                stack.append((node, True))
                stack.extend((v, False) for v in node)
                continue
            done[id(node)] = ("list", tuple(_leaf(v, done) for v in node))
    return _leaf(value, done)


def _leaf(value: Any, done: dict[int, Any]) -> Any:
    if isinstance(value, (dict, list)):
        return done[id(value)]
    if isinstance(value, bool) or value is None:
        return ("const", value)
    if isinstance(value, (int, float)):
        return ("number", value)
    return ("text", value)


def linear_unique_items(cls: Any) -> Any:
    """The validator class with a `uniqueItems` that hashes instead of comparing pairs.

    jsonschema falls back to comparing every pair of items when they do not sort (a list of
    mappings), which a `rights:` list of a few thousand mappings turns into minutes."""
    import jsonschema

    def unique_items(validator: Any, unique: Any, instance: Any, schema: Any) -> Any:
        if not unique or not validator.is_type(instance, "array"):
            return
        seen: set[Any] = set()
        for item in instance:
            try:
                key = _frozen(item)
            except TypeError:  # pragma: no cover - not JSON data
                return
            if key in seen:
                yield jsonschema.ValidationError(f"{shorten(instance)} has non-unique elements")
                return
            seen.add(key)

    return jsonschema.validators.extend(cls, {"uniqueItems": unique_items})  # type: ignore[no-untyped-call]


class SchemaProblem:
    """An X003 finding and the activity field it concerns (for one-problem-one-finding)."""

    __slots__ = ("field", "finding", "suggests", "wrong_type")

    def __init__(self, finding: Finding, field: tuple[int, str] | None,
                 suggests: str | None = None, wrong_type: bool = False) -> None:
        self.finding = finding
        self.field = field
        # For an unknown activity field: the known field it is probably a misspelling of,
        # when that field is absent (so a rule asking for it would report the same typo
        # again).
        self.suggests = suggests
        # The activity field itself has the wrong type (a list where a mapping is expected).
        self.wrong_type = wrong_type


_YAML11_BOOLS = {"yes", "no", "on", "off", "y", "n"}
_FORMS = {
    "^[A-Z]{2}$": "an ISO 3166-1 alpha-2 country code in capitals, such as DE or US",
    "^[a-z0-9][a-z0-9._-]*$": "a lower-case id (letters, digits, '.', '_', '-'), such as "
                              "crm-contacts",
    r"^\d{4}-\d{2}-\d{2}$": "a date written YYYY-MM-DD",
}


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        return "a number"
    return "text"


def _expected(schema: Any) -> str:
    kinds = schema.get("type") if isinstance(schema, dict) else None
    if isinstance(kinds, list):
        return " or ".join(_TYPE_NAMES.get(str(k), str(k)) for k in kinds)
    if kinds == "array" and isinstance(schema.get("items"), dict) and \
            schema["items"].get("type") == "string":
        return "a list of text items"
    return _TYPE_NAMES.get(str(kinds), str(kinds))


def _country_message(value: Any) -> str:
    from gdpr_lint.law import data

    suggestion = data.suggest_country(value) if isinstance(value, str) else None
    hint = f" (did you mean '{suggestion}'?)" if suggestion else ""
    return f"'{value}' is not an ISO 3166-1 alpha-2 country code{hint}"


def _alternatives(schema: Any) -> str:
    """What a oneOf/anyOf accepts, in words: an id or a mapping, one value or a list."""
    branches = schema.get("oneOf") or schema.get("anyOf") or []
    if branches and all(set(b) == {"required"} for b in branches):
        return "one of the fields " + " or ".join(f"'{b['required'][0]}'" for b in branches)
    kinds = []
    for branch in branches:
        if "$ref" in branch:
            kinds.append("an id" if branch["$ref"].endswith("/slug") else "a mapping")
        elif "enum" in branch:
            kinds.append("one of " + ", ".join(str(x) for x in branch["enum"]))
        else:
            kinds.append(_expected(branch))
    return " or ".join(kinds) if kinds else "another value"


def _leaf_errors(error: Any) -> Iterator[Any]:
    """Descend into oneOf/anyOf: report the branch that fits the value's type."""
    if error.validator not in ("oneOf", "anyOf") or not error.context:
        yield error
        return
    branches: dict[int, list[Any]] = {}
    for sub in error.context:
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    fitting = [errs for errs in branches.values()
               if not any(e.validator == "type" and not e.relative_path for e in errs)]
    if len(fitting) == 1:
        for sub in fitting[0]:
            yield from _leaf_errors(sub)
    else:
        yield error


def _unknown_fields(error: Any, doc: Document) -> Iterator[tuple[str, JsonPath, str | None]]:
    """One message per unknown key: (message, key path, absent field it resembles)."""
    import difflib

    inst, path = error.instance, tuple(error.absolute_path)
    allowed = sorted(error.schema.get("properties", {}))
    for key in (k for k in inst if k not in allowed):
        cut = doc.cut_values.get((*path, key))
        if cut is not None:
            yield (f"unknown field '{shorten(key)}': in a {{...}} mapping a comma ends the "
                   f"value, so the value of '{cut}' was cut there and its rest read as a "
                   f"field; put the value of '{cut}' in quotes: {cut}: \"...\"",
                   (*path, key), None)
            continue
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6) \
            if len(key) <= 200 else []
        hint = f"; did you mean '{close[0]}'?" if close else f"; known fields: {', '.join(allowed)}"
        absent = close[0] if close and close[0] not in inst else None
        yield f"unknown field '{shorten(key)}'{hint}", (*path, key), absent


def _message(error: Any) -> tuple[str, JsonPath | None]:
    """A human message, and the path of a key to point at instead of the value."""
    v, inst, schema = error.validator, error.instance, error.schema
    if v == "required":
        missing = [str(k) for k in error.validator_value if k not in inst]
        return f"missing required field '{missing[0]}'", None
    if v == "enum" and error.validator_value == load_schema()["$defs"]["country"]["enum"]:
        return _country_message(inst), None
    if v == "enum":
        import difflib

        allowed = [str(x) for x in error.validator_value]
        shown = shorten(inst)
        close = difflib.get_close_matches(shown, allowed, n=1, cutoff=0.6)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return f"'{shown}' is not an allowed value{hint}; allowed: {', '.join(allowed)}", None
    if v == "type":
        hint = ""
        if schema.get("type") == "boolean" and isinstance(inst, str) and \
                inst.lower() in _YAML11_BOOLS:
            hint = f" (write true or false: '{inst}' is text in YAML 1.2)"
        return f"expected {_expected(schema)}, got {_kind(inst)}{hint}", None
    if v in ("minItems", "minLength", "minProperties"):
        return "must not be empty", None
    if v == "uniqueItems":
        return "lists the same value twice", None
    if v == "pattern":
        form = _FORMS.get(error.validator_value, f"text matching {error.validator_value}")
        return f"'{shorten(inst)}' is not {form}", None
    if v == "format":
        return f"'{shorten(inst)}' is not a valid {error.validator_value}", None
    if v == "const":
        return f"must be {error.validator_value!r}", None
    if v in ("oneOf", "anyOf"):
        if isinstance(inst, dict) and all(set(b) == {"required"} for b in schema.get(v, [])):
            return f"missing required field: {_alternatives(schema)}", None
        return f"expected {_alternatives(schema)}, got {_kind(inst)}", None
    return error.message, None  # pragma: no cover - validators the schema does not use


def _activity_field(path: JsonPath, error: Any) -> tuple[int, str] | None:
    if len(path) < 2 or path[0] != "activities" or not isinstance(path[1], int):
        return None
    if len(path) >= 3:
        return path[1], str(path[2])
    if error.validator == "required":
        missing = [k for k in error.validator_value if k not in error.instance]
        return path[1], missing[0]
    return None


def activity_id(data: Any, index: int, key: str = "activities") -> str | None:
    try:
        value = data[key][index]["id"]
    except (KeyError, IndexError, TypeError):
        return None
    return value if isinstance(value, str) else None


def check_document(doc: Document, name: str = SCHEMA_FILE) -> list[SchemaProblem]:
    """Validate a loaded document; every error becomes an X003 finding at its node."""
    problems: list[SchemaProblem] = []
    if not doc.loaded or (name == SCHEMA_FILE and fastcheck.is_valid(doc.data)):
        return problems
    for top in validator(name).iter_errors(doc.data):
        for error in _leaf_errors(top):
            path = tuple(error.absolute_path)
            field = _activity_field(path, error)
            index = path[1] if len(path) >= 2 and isinstance(path[1], int) else None
            activity = activity_id(doc.data, index, str(path[0])) if index is not None else None
            messages: list[tuple[str, JsonPath | None, str | None]]
            if error.validator == "additionalProperties":
                messages = list(_unknown_fields(error, doc))
            else:
                message, key_path = _message(error)
                messages = [(message, key_path, None)]
            for message, key_path, suggests in messages:
                line, col = doc.key_position(key_path) if key_path else doc.position(path)
                finding = Finding(doc.path, line, col, "X003", Severity.ERROR, message,
                                  activity, "Art. 30(1)")
                if key_path is not None and len(key_path) == 3:  # a key of an activity
                    key_field = _activity_field(key_path, error)
                    problems.append(SchemaProblem(finding, key_field,
                                                  suggests if key_field else None))
                else:
                    problems.append(SchemaProblem(
                        finding, field, wrong_type=len(path) == 3 and field is not None and
                        error.validator in ("type", "oneOf", "anyOf")))
    return problems
