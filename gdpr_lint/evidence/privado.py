"""Privado: the scan result `.privado/privado.json`.

Privado's result (https://docs.privado.ai/getting-started-with-privado/understanding-privado.json;
github.com/Privado-Inc/privado, docs/getting-started-with-privado/understanding-privado.json)
lists `sources` (each `sourceType`, `id` such as `Data.Sensitive.ContactData.EmailAddress`,
`name`, `category`) and `dataFlow`, whose `third_parties` entries hold the `sinks` (`id`,
`name`) personal data flows to. Privado's data elements are mapped to fideslang keys by the
last two parts of their id (else the last part's category, else the name). Every
classification is a scanner's guess from code (never more than a warning).

The system defaults to the scanned repository (`repoName`).
"""

from __future__ import annotations

from typing import Any

from gdpr_lint.evidence import EvidenceFile, Lines, Seen, ThirdParty
from gdpr_lint.evidence.labels import guess_key
from gdpr_lint.evidence.taxonomy import taxonomy


def default_system(data: Any) -> str | None:
    name = data.get("repoName") if isinstance(data, dict) else None
    return name.strip() if isinstance(name, str) and name.strip() else None


def _key(source: dict[str, Any]) -> str | None:
    known: dict[str, str] = taxonomy().labels["privado"]
    parts = str(source.get("id", "")).split(".")
    for tail in (".".join(parts[-2:]), parts[-2] if len(parts) > 1 else ""):
        if tail in known:
            return known[tail]
    return guess_key(str(source.get("name", "")))


def read(data: Any, ev: EvidenceFile, line: Lines) -> None:
    if not isinstance(data, dict) or not isinstance(data.get("sources"), list):
        ev.refuse("not a Privado result: no `sources` list (point `path` at "
                  ".privado/privado.json)")
        return
    for index, source in enumerate(data["sources"]):
        if not isinstance(source, dict) or source.get("sourceType") not in (None,
                                                                             "Data Element"):
            continue
        name = str(source.get("name") or source.get("id") or "?")
        ev.seen.append(Seen(_key(source), name, f"sources[{index}] {source.get('id', name)}",
                            explicit=False))
    flows = data.get("dataFlow")
    flows = flows.get("third_parties") if isinstance(flows, dict) else None
    names: dict[str, str] = {}
    for index, flow in enumerate(flows if isinstance(flows, list) else []):
        for s, sink in enumerate(flow.get("sinks") or [] if isinstance(flow, dict) else []):
            if isinstance(sink, dict) and isinstance(sink.get("name"), str):
                names.setdefault(sink["name"], f"dataFlow.third_parties[{index}].sinks[{s}]")
    ev.parties.extend(ThirdParty(name, where) for name, where in names.items())
