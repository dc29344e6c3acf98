"""Dated reference data shipped with the package (EEA, adequacy, Art. 8 ages)."""

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


def iso_countries() -> frozenset[str]:
    """Every officially assigned ISO 3166-1 alpha-2 code."""
    return frozenset(load("iso3166.json")["codes"])


def adequacy() -> dict[str, Any]:
    return dict(load("countries.json")["adequacy"])


def consent_age(member_state: str | None) -> int:
    ages = load("member_state_ages.json")
    return int(ages["ages"].get(member_state or "", ages["default"]))
