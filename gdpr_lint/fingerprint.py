"""Digests of the fields a legitimate interest assessment depends on (SPEC §5, rule L005)."""

from __future__ import annotations

import json
from typing import Any

COVERED = ("purposes", "data_categories", "special_categories", "retention")


def _canonical(value: Any) -> Any:
    """Meaning only: order of list items, case and spacing of text do not count."""
    if isinstance(value, str):
        return " ".join(value.split()).casefold()
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in value.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        items = [_canonical(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True))
    return value


def digest(value: Any) -> str:
    import hashlib

    text = json.dumps(_canonical(value), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def fingerprint(activity: dict[str, Any]) -> dict[str, str]:
    """One short digest per covered field, in a fixed order."""
    return {name: digest(activity.get(name)) for name in COVERED}


def changed_fields(activity: dict[str, Any], stamped: dict[str, Any]) -> list[str]:
    """The covered fields whose digest differs from the stamped one."""
    now = fingerprint(activity)
    return [name for name in COVERED if stamped.get(name) != now[name]]
