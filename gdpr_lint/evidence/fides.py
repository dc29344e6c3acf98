"""Fides: a `dataset` or `system` manifest in fideslang's YAML.

Fides manifests (https://ethyca.github.io/fideslang/resources/dataset/ and
.../resources/system/) label data with fideslang keys themselves: a dataset's
`collections` and their `fields` (nested under `fields`) carry `data_categories`; a system's
`privacy_declarations` carry `data_categories` and may name `third_parties`. Every label is
explicit. Several datasets or systems may share one file.

The system defaults to the first dataset's or system's `name` (else its `fides_key`).
"""

from __future__ import annotations

from typing import Any

from gdpr_lint.evidence import EvidenceFile, Lines, ThirdParty
from gdpr_lint.evidence.labels import observe


def _items(data: Any) -> list[tuple[str, int, dict[str, Any]]]:
    if not isinstance(data, dict):
        return []
    return [(top, i, item) for top in ("dataset", "system")
            for i, item in enumerate(data.get(top) or [])
            if isinstance(data.get(top), list) and isinstance(item, dict)]


def default_system(data: Any) -> str | None:
    for _, _, item in _items(data):
        for key in ("name", "fides_key"):
            if isinstance(item.get(key), str) and item[key].strip():
                return str(item[key]).strip()
    return None


def _categories(item: dict[str, Any]) -> list[Any]:
    value = item.get("data_categories")
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def read(data: Any, ev: EvidenceFile, line: Lines) -> None:
    items = _items(data)
    if not items:
        ev.refuse("not a Fides manifest: no `dataset` or `system` list")
        return
    for top, index, item in items:
        name = str(item.get("name") or item.get("fides_key") or f"{top}[{index}]")
        base: tuple[str | int, ...] = (top, index)
        ev.seen.extend(observe(name, _categories(item), f"{top} {name}", line(base)))
        for d, declaration in enumerate(item.get("privacy_declarations") or []):
            if not isinstance(declaration, dict):
                continue
            path = (*base, "privacy_declarations", d)
            label = f"{top} {name}, privacy_declarations[{d}]"
            ev.seen.extend(observe(name, _categories(declaration), label, line(path)))
            party = declaration.get("third_parties")
            if isinstance(party, str) and party.strip():
                ev.parties.append(ThirdParty(party.strip(), label, line(path)))
        # Collections and their (nested) fields, walked with a stack.
        stack = [((*base, "collections", c), f"{name}.{coll.get('name', c)}", coll)
                 for c, coll in enumerate(item.get("collections") or [])
                 if isinstance(coll, dict)][::-1]
        while stack:
            path, dotted, node = stack.pop()
            ev.seen.extend(observe(dotted.rsplit(".", 1)[-1], _categories(node),
                                   f"field {dotted}", line(path)))
            fields = node.get("fields")
            if isinstance(fields, list):
                stack.extend(((*path, "fields", f), f"{dotted}.{field.get('name', f)}", field)
                             for f, field in reversed(list(enumerate(fields)))
                             if isinstance(field, dict))
