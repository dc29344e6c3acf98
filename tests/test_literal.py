"""The literal prefilter never hides a match: what it skips cannot match."""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gdpr_lint import data
from gdpr_lint.literal import Prefilter, anchor, compiled, fold
from gdpr_lint.rules.special import looks_criminal, looks_special

TERMS = data.load("special_terms.json")
PATTERNS = sorted({p for lists in TERMS["languages"].values() for parts in lists.values()
                   for group in parts.values() for p in group} |
                  {p for keys in TERMS["keys"].values() for p in keys})


def test_fold_agrees_with_ignorecase_for_every_character_an_anchor_holds() -> None:
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    letters = {c for p in PATTERNS if (a := anchor(p)) for c in a}
    letters |= set("abcdefghijklmnopqrstuvwxyz")
    for letter in sorted(letters):
        for match in re.finditer(re.escape(letter), every, re.IGNORECASE):
            assert fold(match.group()) == fold(letter), (letter, match.group())


@pytest.mark.parametrize(("pattern", "expected"), [
    (r"\bhealth\b", "health"),
    (r"\bmedications?\b", "medication"),
    (r"\bsant[ée]\b", "sant"),
    (r"\bdiab(?:etes|etic)", "diab"),
    (r"^user\.biometric\b", "user"),
    (r"\bSanté publique\b", "sante publique"),
    (r"\bab{2}", None),              # too short once the quantified b is dropped
    (r"\b(psycho)?therapy", None),   # starts with a group
    (r"health|medical", None),       # alternatives at the top level
    (r"\bhealth(y|ier)|[a]", None),
    (r"(?<!race )results", None),
    (r"\w+gesetz", None),
])
def test_anchor(pattern: str, expected: str | None) -> None:
    assert anchor(pattern) == expected


@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
@pytest.mark.parametrize("pattern", [p for p in PATTERNS if anchor(p)])
def test_every_match_holds_its_anchor(pattern: str, data: st.DataObject) -> None:
    text = data.draw(st.from_regex(re.compile(pattern, re.IGNORECASE)))
    assert re.search(pattern, text, re.IGNORECASE)
    start = anchor(pattern)
    assert start is not None and start in fold(text)


def test_candidates_keep_group_order_and_always_patterns() -> None:
    prefilter = Prefilter({"a": [r"\bzebra\b", r"(x|y)z", r"\bhealth\b"], "b": [r"\bcat\b"]})
    assert prefilter.candidates("Health of a ZEBRA") == {"a": (r"\bzebra\b", r"(x|y)z",
                                                                r"\bhealth\b")}
    assert prefilter.candidates("nothing") == {"a": (r"(x|y)z",)}
    assert compiled((r"\bzebra\b", r"\bhealth\b")).search("HEALTH")


def _reference() -> tuple[dict[str, tuple[re.Pattern[str] | None, ...]], list[str]]:
    """S003's term lists compiled whole, as they were before the prefilter."""
    merged: dict[str, dict[str, list[str]]] = {}
    for lists in TERMS["languages"].values():
        for name, parts in lists.items():
            into = merged.setdefault(name, {"terms": [], "look_alikes": [], "not_if": []})
            for key in into:
                into[key] += parts.get(key, [])
    for name, keys in TERMS["keys"].items():
        merged.setdefault(name, {"terms": [], "look_alikes": [], "not_if": []})["terms"] += keys

    def whole(patterns: list[str]) -> re.Pattern[str] | None:
        return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE) \
            if patterns else None

    return ({name: (whole(p["terms"]), whole(p["look_alikes"]), whole(p["not_if"]))
             for name, p in merged.items()}, list(merged))


REFERENCE, NAMES = _reference()


def _reference_matches(category: str, name: str) -> bool:
    terms, look_alikes, not_if = REFERENCE[name]
    assert terms is not None
    if not_if is not None and not_if.search(category):
        return False
    return bool(terms.search(look_alikes.sub(" ", category) if look_alikes else category))


def _pieces() -> st.SearchStrategy[str]:
    return st.sampled_from(PATTERNS).flatmap(
        lambda p: st.from_regex(re.compile(p, re.IGNORECASE), fullmatch=True))


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.one_of(_pieces(), st.sampled_from(["data", "race", "of the", "Ärztin",
                                                       "İ", "ſ", "-", "  "])),
                min_size=1, max_size=4), st.sampled_from([str, str.upper, str.title]))
def test_same_answers_as_the_whole_lists(parts: list[str], case: object) -> None:
    category = case(" ".join(parts))  # type: ignore[operator]
    text = " ".join(category.split())
    expected = [n for n in NAMES if n != "criminal" and _reference_matches(text, n)]
    assert looks_special(category) == expected
    assert looks_criminal(category) == _reference_matches(text, "criminal")
