"""The dated legal data shipped in the package: complete, sourced and not stale."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from gdpr_lint.law import data

DECISIONS = data.adequacy()["decisions"]


def test_no_shipped_adequacy_decision_has_expired() -> None:
    # Runs against the real clock: once a decision's expiry passes, this fails until the
    # data are updated (renewed, or the decision removed), so stale data cannot ship.
    today = dt.date.today()
    expired = [d["name"] for d in DECISIONS
               if d["expiry"] and dt.date.fromisoformat(d["expiry"]) < today]
    assert expired == [], f"adequacy decisions past their expiry: {expired}"


@pytest.mark.parametrize("decision", DECISIONS,
                         ids=[d.get("country") or d["organisation"] for d in DECISIONS])
def test_each_decision_is_dated_and_sourced(decision: dict[str, Any]) -> None:
    assert dt.date.fromisoformat(decision["adopted"]) <= dt.date.fromisoformat(
        data.adequacy()["as_of"])
    assert decision["decision"] and decision["source"].startswith("https://")
    assert decision["official_journal"].startswith("OJ L") or (
        decision["official_journal"] == "not verified" and "not verified" in decision["note"])
    assert "expiry" in decision


def test_the_2025_and_2026_decisions() -> None:
    uk = data.adequacy_decision(country="GB")
    assert uk is not None and uk["adopted"] == "2025-12-19" and uk["expiry"] == "2031-12-27"
    brazil = data.adequacy_decision(country="BR")
    assert brazil is not None and brazil["adopted"] == "2026-01-26"
    assert "2026/179" in brazil["decision"]
    assert "amended by Implementing Decision (EU) 2025/2574" in uk["decision"]
    assert uk["official_journal"].startswith("OJ L, 2025/2574, 23.12.2025")
    assert brazil["official_journal"] == "OJ L, 2026/179, 28.1.2026"
    assert "scope" not in brazil  # the LGPD's exclusions mirror the GDPR's own (Art. 2(2)(d))
    epo = data.adequacy_decision(organisation="European-Patent-Organisation")
    assert epo is not None and epo["adopted"] == "2025-07-15"
    assert epo["official_journal"] == "OJ L, 2025/1382, 18.7.2025"


def test_every_shipped_decision_names_its_official_journal_publication() -> None:
    # an entry whose publication was not checked does not ship in the effective list
    assert [d["name"] for d in DECISIONS if not d["official_journal"].startswith("OJ L")] == []


def test_eea_includes_the_unions_own_territories_and_not_invalid_codes() -> None:
    assert {"RE", "GP", "MQ", "GF", "YT", "MF", "AX", "NO", "IS", "LI"} <= data.eea()
    assert not data.is_third_country("UK") and not data.is_third_country("EL")
    assert data.is_third_country("GB") and not data.is_third_country("RE")


def test_art_8_ages_carry_their_provenance() -> None:
    ages = data.load("member_state_ages.json")["ages"]
    assert set(ages) == set(data.load("countries.json")["eea"]["members"])
    for state, entry in ages.items():
        assert 13 <= entry["age"] <= 16, state
        assert dt.date.fromisoformat(entry["since"]) and entry["law"] and entry["source"]
    denmark = data.consent_age_entry("DK")
    assert data.disputed(denmark) and "§ 6(2)" in denmark["law"]
    assert [(r["age"], r["since"]) for r in data.readings(denmark)] == \
        [(13, "2018-05-25"), (15, "2024-01-01")]
    assert all("lovforslag/l79" in " ".join(r["sources"]) for r in data.readings(denmark))
    assert "121/000052" in data.consent_age_entry("ES")["note"]
    assert "13 to 15" in data.consent_age_entry("NO")["note"]
    assert data.consent_age("DK") == 15  # a disputed entry's age is its highest reading
    assert data.consent_age_entry(None)["age"] == 16 == data.consent_age("XX")


@pytest.mark.slow
def test_explain_prints_as_of_dates_and_sources(cli: Any) -> None:
    t003 = cli("explain", "T003").stdout
    assert "as of 2026-11-23" in t003 and "BR (Brazil)" in t003
    assert "note: Adopted on 26 January 2026" in t003
    assert "GB (United Kingdom): Commission Implementing Decision (EU) 2021/1772, as amended by " \
        "Implementing Decision (EU) 2025/2574 of 2025-12-19, OJ L, 2025/2574" in t003
    s006 = cli("explain", "S006").stdout
    assert "Art. 8(1) ages (as of 2026-12-06" in s006
    assert "DK: 15 since 2018-05-25" in s006 and "Source: GDPR Art. 8(1)" in s006
    assert "disputed, reading 13:" in s006 and "disputed, reading 15:" in s006
    assert "note: Pending: bill 121/000052" in s006


def test_every_disputed_entry_gives_its_readings_and_their_sources() -> None:
    """`status: disputed` (SPEC §11): the competing readings, each with its sources."""
    folder = Path(data.__file__).parent
    found = []

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            if node.get("status") == "disputed":
                found.append(where)
                readings = data.readings(node)
                assert len(readings) >= 2 and readings is not node, where
                for reading in readings:
                    assert reading["reading"] and reading["sources"], where
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}/{index}")

    for path in sorted(folder.glob("*.json")):
        walk(data.load(path.name), path.name)
    assert "member_state_ages.json/ages/DK" in found
    assert data.readings({"age": 16}) == [{"age": 16}]
