"""Digests of the fields a legitimate interest assessment depends on (SPEC §5, rule L005).

A fingerprint holds one short digest per covered field and, from format v1.1, the
`assessed_on` of the assessment it was made with. Digests depend on meaning only: the order
of list items, the case and spacing of text, flow or block style, quoting, a default written
out or left implicit, a single item or a one-item list give the same digest.
"""

from __future__ import annotations

from typing import Any

# Format v1 fingerprints hold these; their digests never change, so v1 stamps stay valid.
COVERED_V1 = ("purposes", "data_categories", "special_categories", "retention")
COVERED = (*COVERED_V1, "data_subjects", "children", "recipients", "transfers", "source",
           "automated_decisions", "profiling", "direct_marketing")
ASSESSED_ON = "assessed_on"

# What an absent field means (SPEC §3): written out or left out, the digest is the same.
_DEFAULTS: dict[str, Any] = {"children": False, "profiling": False, "direct_marketing": False,
                             "source": ["data_subject"]}


def _canonical(value: Any) -> Any:
    """Meaning only: order of list items, case and spacing of text do not count."""
    if isinstance(value, str):
        return " ".join(value.split()).casefold()
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in value.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        import json

        items = [_canonical(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True))
    return value


def _field_value(activity: dict[str, Any], name: str) -> Any:
    value = activity.get(name)
    if value is None:
        value = _DEFAULTS.get(name)
    if name == "source" and not isinstance(value, list):
        value = [value]
    elif name == "retention" and isinstance(value, list) and len(value) == 1:
        value = value[0]  # v1.1 allows a list; one period written either way is the same
    elif name == "recipients" and isinstance(value, list):
        # `Mailer Ltd` and `{name: Mailer Ltd}` name the same recipient
        value = [v["name"] if isinstance(v, dict) and list(v) == ["name"] else v
                 for v in value]
    return value


def digest(value: Any) -> str:
    import hashlib
    import json

    text = json.dumps(_canonical(value), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def fingerprint(activity: dict[str, Any]) -> dict[str, str]:
    """One short digest per covered field, in a fixed order."""
    return {name: digest(_field_value(activity, name)) for name in COVERED}


def changed_fields(activity: dict[str, Any], stamped: dict[str, Any]) -> list[str]:
    """The covered fields whose digest differs from the stamped one.

    Only the fields the fingerprint holds are compared: a fingerprint written before a field
    was covered (format v1) says nothing about that field.
    """
    now = fingerprint(activity)
    return [name for name in COVERED if name in stamped and stamped[name] != now[name]]
