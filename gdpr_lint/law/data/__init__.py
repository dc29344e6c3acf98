"""Dated reference data shipped with the package (ISO countries, EEA, adequacy, Art. 8 ages)."""

from __future__ import annotations

import functools
import os
from typing import Any


@functools.cache
def load(name: str) -> dict[str, Any]:
    import json

    with open(os.path.join(os.path.dirname(__file__), name), encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


def eea() -> frozenset[str]:
    """EEA states and the Union's territories with ISO codes of their own (RE, AX, ...)."""
    block = load("countries.json")["eea"]
    return frozenset(block["members"]) | frozenset(block["territories"])


def is_third_country(code: object) -> bool:
    """A valid ISO code outside the EEA; an invalid code (UK, EL) is X003's, not a country."""
    return isinstance(code, str) and code in countries() and code not in eea()


def adequacy() -> dict[str, Any]:
    """The adequacy decisions and their provenance; ``countries`` lists the countries covered."""
    block = dict(load("countries.json")["adequacy"])
    block["countries"] = sorted(d["country"] for d in block["decisions"] if "country" in d)
    block["organisations"] = sorted(d["organisation"] for d in block["decisions"]
                                    if "organisation" in d)
    return block


def in_force(decision: dict[str, Any], on: str) -> bool:
    """The decision applies on the ISO date ``on`` (it has no expiry, or a later one)."""
    return not decision.get("expiry") or str(decision["expiry"]) >= on


def adequacy_decision(country: str | None = None,
                      organisation: str | None = None) -> dict[str, Any] | None:
    """The shipped decision for a country or an international organisation, if any."""
    for decision in load("countries.json")["adequacy"]["decisions"]:
        if (country and decision.get("country") == country) or \
                (organisation and decision.get("organisation") == organisation.strip().lower()):
            return dict(decision)
    return None


def countries() -> dict[str, str]:
    """ISO 3166-1 alpha-2 codes and their short English names."""
    return dict(load("iso3166.json")["countries"])


def suggest_country(text: str) -> str | None:
    """The ISO code a mistaken country code or name most likely means (`UK` -> `GB`)."""
    key = text.strip().casefold()
    other: dict[str, str] = load("iso3166.json")["other_names"]
    if key in other:
        return other[key]
    upper = text.strip().upper()
    return upper if upper in load("iso3166.json")["countries"] and upper != text else None


def disputed(entry: dict[str, Any]) -> bool:
    """A dated entry whose value the sources disagree on (``status: disputed``)."""
    return entry.get("status") == "disputed"


def readings(entry: dict[str, Any]) -> list[dict[str, Any]]:
    """The competing readings of a disputed entry, each with its value and its sources; an
    undisputed entry is its own one reading. A rule resting on a disputed entry reports at
    most a `warning` and says so (SPEC §11), unless its finding holds under every reading."""
    if disputed(entry):
        found = [dict(r) for r in entry.get("readings", []) if isinstance(r, dict)]
        if found:
            return found
    return [entry]


def consent_age(member_state: str | None) -> int:
    """The Art. 8(1) age for information society services in a member state (default 16);
    for a disputed entry, the highest reading."""
    return int(consent_age_entry(member_state)["age"])


def consent_age_entry(member_state: str | None) -> dict[str, Any]:
    """The Art. 8(1) age with its provenance: ``age``, ``since``, ``law``, ``source``."""
    ages = load("member_state_ages.json")
    entry = ages["ages"].get(member_state or "")
    if entry is None:
        return {"age": ages["default"], "since": "2018-05-25", "law": "GDPR Art. 8(1)",
                "source": ages["source"]}
    return dict(entry)


def supervisory_authority(member_state: str | None) -> dict[str, Any] | None:
    """The national supervisory authority of an EEA state (``name``, ``address``,
    ``website``; for DE ``private_controllers: land``), with the data's ``as_of`` and
    ``source``; None outside the EEA."""
    block = load("supervisory_authorities.json")
    entry = block["authorities"].get(member_state or "")
    if entry is None:
        return None
    return {**entry, "as_of": block["as_of"], "source": block["source"]}


def b2b_email_rule(member_state: str | None) -> dict[str, str] | None:
    """How ``member_state`` treats marketing e-mail to business contacts at their
    professional address (`consent` or `opt_out_professional`), or None where not recorded."""
    if member_state is None:
        return None
    rule: dict[str, str] | None = load("b2b_email.json")["rules"].get(member_state)
    return rule
