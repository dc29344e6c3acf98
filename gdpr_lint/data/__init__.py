"""Dated reference data shipped with the package (ISO countries, EEA, adequacy, Art. 8 ages)."""

from __future__ import annotations

import functools
import json
import os
from typing import Any


@functools.cache
def load(name: str) -> dict[str, Any]:
    with open(os.path.join(os.path.dirname(__file__), name), encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


def eea() -> frozenset[str]:
    return frozenset(load("countries.json")["eea"]["members"])


def adequacy() -> dict[str, Any]:
    return dict(load("countries.json")["adequacy"])


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


def consent_age(member_state: str | None) -> int:
    ages = load("member_state_ages.json")
    return int(ages["ages"].get(member_state or "", ages["default"]))
