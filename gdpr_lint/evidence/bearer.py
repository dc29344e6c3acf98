"""Bearer CLI: the JSON report of `bearer scan --report privacy --format json` (or the
`dataflow` report).

The privacy report (https://docs.bearer.com/guides/privacy/) lists `subjects` (each a data
type Bearer detected in the code: `subject_name`, `name`) and `third_party` (each a third
party the code sends data to: `third_party`, `data_types`); the data flow report
(https://docs.bearer.com/guides/dataflow/) lists `data_types` (`category_name`, `name`) and
`components` (`name`, `type`: `external_service` for third parties). Bearer's data types
(https://docs.bearer.com/reference/datatypes) are mapped to fideslang keys. Every
classification is a scanner's guess from code (never more than a warning).

The report names no system: set `system` in the configuration.
"""

from __future__ import annotations

from typing import Any

from gdpr_lint.evidence import EvidenceFile, Lines, Seen, ThirdParty
from gdpr_lint.evidence.labels import guess_key
from gdpr_lint.evidence.taxonomy import taxonomy


def default_system(data: Any) -> str | None:
    return None


def _seen(name: str, where: str) -> Seen | None:
    if name.casefold() == "unknown":
        return None
    key = taxonomy().labels["bearer"].get(name) or guess_key(name)
    return Seen(key, name, where, explicit=False)


def read(data: Any, ev: EvidenceFile, line: Lines) -> None:
    if not isinstance(data, dict) or not any(k in data for k in
                                             ("subjects", "third_party", "data_types")):
        ev.refuse("not a Bearer privacy or data flow report: no `subjects`, `third_party` "
                  "or `data_types` (run `bearer scan --report privacy --format json`)")
        return
    for section, key in (("subjects", "name"), ("data_types", "name")):
        for index, item in enumerate(data.get(section) or []):
            if isinstance(item, dict) and isinstance(item.get(key), str):
                seen = _seen(item[key], f"{section}[{index}] {item[key]}")
                if seen is not None:
                    ev.seen.append(seen)
    for index, item in enumerate(data.get("third_party") or []):
        if isinstance(item, dict) and isinstance(item.get("third_party"), str):
            ev.parties.append(ThirdParty(item["third_party"], f"third_party[{index}]"))
    for index, item in enumerate(data.get("components") or []):
        if isinstance(item, dict) and item.get("type") == "external_service" and \
                isinstance(item.get("name"), str):
            ev.parties.append(ThirdParty(item["name"], f"components[{index}]"))
