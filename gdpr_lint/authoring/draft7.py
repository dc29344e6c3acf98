"""`gdpr-lint schema --draft 7`: the declaration schema for editors that read draft 7.

Generated from the one schema (draft 2020-12) at every call, never kept by hand:
`$defs` become `definitions`, references follow them, a `$ref` with siblings is wrapped
in `allOf` (draft 7 ignores a reference's siblings), 2020-12-only keywords are rewritten
(`prefixItems`, `dependentRequired`, `dependentSchemas`, `unevaluatedProperties`), and
every field and object gets a `title` naming it, so that an editor's message says which
field is wrong instead of repeating the file's title.
"""

from __future__ import annotations

import json
from typing import Any

DRAFT7 = "http://json-schema.org/draft-07/schema#"


def _ref(ref: str) -> str:
    return ref.replace("#/$defs/", "#/definitions/") if ref.startswith("#/$defs/") else ref


def _convert(schema: Any, title: str | None) -> Any:
    """One sub-schema in draft 7 terms; ``title`` is the name of the field it describes."""
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in ("$schema", "$id"):
            continue
        if key == "$defs":
            out["definitions"] = {name: _convert(sub, name) for name, sub in value.items()}
        elif key == "$ref":
            out["$ref"] = _ref(value)
        elif key == "properties":
            prefix = f"{title}." if title else ""
            out["properties"] = {name: _convert(sub, f"{prefix}{name}")
                                 for name, sub in value.items()}
        elif key == "items":
            name = "additionalItems" if "prefixItems" in schema else "items"
            out[name] = _convert(value, f"{title}[]" if title else None)
        elif key == "prefixItems":
            out["items"] = [_convert(sub, f"{title}[{i}]" if title else None)
                            for i, sub in enumerate(value)]
        elif key in ("dependentRequired", "dependentSchemas"):
            deps = out.setdefault("dependencies", {})
            deps.update({name: _convert(sub, title) for name, sub in value.items()})
        elif key == "unevaluatedProperties":
            out.setdefault("additionalProperties", _convert(value, title))
        elif key in ("allOf", "anyOf", "oneOf"):
            out[key] = [_convert(sub, title) for sub in value]
        elif key in ("not", "if", "then", "else", "additionalProperties", "contains",
                     "propertyNames"):
            out[key] = _convert(value, title)
        elif key == "patternProperties":
            out[key] = {name: _convert(sub, title) for name, sub in value.items()}
        else:
            out[key] = value
    if title and "title" not in out:
        out["title"] = title
    if "$ref" in out and len(out) > 1:  # draft 7 ignores everything beside a $ref
        ref = out.pop("$ref")
        out["allOf"] = [{"$ref": ref}, *out.get("allOf", [])]
    return out


def draft7_schema() -> dict[str, Any]:
    from gdpr_lint.lint.schema import load_schema

    source = load_schema()
    converted: dict[str, Any] = _convert(source, None)
    converted["title"] = source.get("title", "gdpr-lint declaration")
    result = {"$schema": DRAFT7}
    if "$id" in source:
        result["$id"] = source["$id"].replace(".schema.json", ".draft-07.schema.json")
    result.update(converted)
    return result


def draft7_text() -> str:
    return json.dumps(draft7_schema(), indent=2, ensure_ascii=False) + "\n"


def published_schemas() -> dict[str, str]:
    """The files of the repository's top-level `schemas/` folder, by name: what an editor's
    modeline or a schema catalogue entry points at (written by scripts/generate.py)."""
    from gdpr_lint.lint.policies import POLICY_SCHEMA
    from gdpr_lint.lint.schema import SCHEMA_FILE, schema_text
    from gdpr_lint.organisation.records import RECORD_SCHEMA

    return {RECORD_SCHEMA: schema_text(RECORD_SCHEMA), SCHEMA_FILE: schema_text(),
            SCHEMA_FILE.replace(".schema.json", ".draft-07.schema.json"): draft7_text(),
            POLICY_SCHEMA: schema_text(POLICY_SCHEMA)}
