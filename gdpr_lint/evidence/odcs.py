"""ODCS: a data contract in the Open Data Contract Standard, version 3.

The contract (https://bitol-io.github.io/open-data-contract-standard/; JSON Schema
`schema/odcs-json-schema-v3.1.0.json` in github.com/bitol-io/open-data-contract-standard)
describes its `schema` as objects (tables) whose `properties` (columns, possibly nested under
`properties` or `items`) carry `classification` (free: `restricted`, `pii`, a company's
class), `tags` and `customProperties` (`{property, value}`); the contract's `slaProperties`
state service levels, among them `retention` (`value` with a `unit`: `d`/`day`/`days`,
`m`/`month`/`months`, `y`/`yr`/`years`, and the `element` it applies to, `table.column`).
Only labels are read: a `classification` such as `confidential` says nothing about personal
data, `pii` or a category's name does.

The system defaults to the contract's `name` (else its `dataProduct`, else its `id`).
"""

from __future__ import annotations

from typing import Any

from gdpr_lint.evidence import EvidenceFile, KeptFor, Lines, Seen
from gdpr_lint.evidence.labels import meta_labels, observe
from gdpr_lint.law.duration import Duration, parse_duration

_UNITS = {"d": "D", "day": "D", "days": "D", "w": "W", "week": "W", "weeks": "W",
          "m": "M", "mo": "M", "month": "M", "months": "M",
          "y": "Y", "yr": "Y", "yrs": "Y", "year": "Y", "years": "Y"}


def default_system(data: Any) -> str | None:
    if not isinstance(data, dict):
        return None
    for key in ("name", "dataProduct", "id"):
        if isinstance(data.get(key), str) and data[key].strip():
            return str(data[key]).strip()
    return None


def _labels(item: dict[str, Any]) -> list[Any]:
    labels: list[Any] = []
    for key in ("classification", "tags"):
        value = item.get(key)
        if isinstance(value, str):
            labels.append(value)
        elif isinstance(value, list):
            labels.extend(v for v in value if isinstance(v, str))
    custom = item.get("customProperties")
    if isinstance(custom, list):
        labels += meta_labels({c.get("property"): c.get("value") for c in custom
                               if isinstance(c, dict) and isinstance(c.get("property"), str)})
    return labels


def retention(value: Any, unit: Any) -> Duration | None:
    """An SLA's retention as a duration: `3` with unit `y`, or an ISO duration `P3Y`."""
    if isinstance(value, str) and value.strip().upper().startswith("P"):
        return parse_duration(value.strip().upper())
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        amount = float(value)
    except ValueError:
        return None
    letter = _UNITS.get(str(unit or "d").strip().casefold())
    if letter is None or amount < 0 or amount != int(amount):
        return None
    return parse_duration(f"P{int(amount)}{letter}")


def read(data: Any, ev: EvidenceFile, line: Lines) -> None:
    if not isinstance(data, dict):
        ev.refuse("not a data contract: the document is not a mapping")
        return
    fields: dict[str, list[Seen]] = {}  # table or table.column -> what it shows
    objects = data.get("schema", [])
    for index, obj in enumerate(objects if isinstance(objects, list) else []):
        if not isinstance(obj, dict):
            continue
        table = str(obj.get("name", f"schema[{index}]"))
        path: tuple[str | int, ...] = ("schema", index)
        inherited = _labels(obj)
        fields.setdefault(table, [])
        # Nested properties, walked with a stack: (path, dotted name, item).
        stack = [((*path, "properties", i), p) for i, p in
                 enumerate(obj.get("properties") or []) if isinstance(p, dict)][::-1]
        while stack:
            where_path, prop = stack.pop()
            name = str(prop.get("name", "?"))
            dotted = f"{table}.{name}"
            seen = observe(name, _labels(prop) or inherited, f"property {dotted}",
                           line(where_path))
            ev.seen.extend(seen)
            fields[dotted] = seen
            fields[table].extend(seen)
            children = prop.get("properties")
            if isinstance(prop.get("items"), dict):
                children = prop["items"].get("properties", children)
            if isinstance(children, list):
                stack.extend(((*where_path, "properties", i), c)
                             for i, c in reversed(list(enumerate(children)))
                             if isinstance(c, dict))
    slas = data.get("slaProperties", [])
    for index, sla in enumerate(slas if isinstance(slas, list) else []):
        if not isinstance(sla, dict) or str(sla.get("property", "")).casefold() != "retention":
            continue
        duration = retention(sla.get("value"), sla.get("unit"))
        if duration is None:
            continue
        element = sla.get("element")
        names = [e.strip() for e in element.split(",") if e.strip()] \
            if isinstance(element, str) else []
        covered = [s for n in names for s in fields.get(n, [])] if names else ev.seen
        keys = tuple(dict.fromkeys(s.key for s in covered if s.key is not None))
        text = f"{sla.get('value')} {sla.get('unit') or 'd'}".strip()
        ev.kept.append(KeptFor(duration, text, keys, f"slaProperties[{index}] retention",
                               line(("slaProperties", index))))
