"""The literal prefilter never hides a match: what it skips cannot match."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gdpr_lint import data
from gdpr_lint.literal import Prefilter, compiled, fold, generate_needles, known_needles, needles
from gdpr_lint.rules import text_patterns
from gdpr_lint.rules.special import looks_criminal, looks_special

ROOT = Path(__file__).resolve().parent.parent
TERMS = data.load("special_terms.json")
PATTERNS = sorted({p for lists in TERMS["languages"].values() for parts in lists.values()
                   for group in parts.values() for p in group} |
                  {p for keys in TERMS["keys"].values() for p in keys})


EVERY = text_patterns()


def test_the_needles_table_is_in_step_with_the_patterns() -> None:
    assert (ROOT / "gdpr_lint" / "_needles.py").read_text(encoding="utf-8") == \
        generate_needles(EVERY), "out of date: run python scripts/generate.py"
    assert all(known_needles(p, f) == needles(p, f) for p, f in EVERY)


def test_fold_agrees_with_ignorecase_for_every_character_a_needle_holds() -> None:
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    letters = {c for p, f in EVERY for n in needles(p, f) or () for c in n}
    letters |= set("abcdefghijklmnopqrstuvwxyz")
    for letter in sorted(letters):
        for match in re.finditer(re.escape(letter), every, re.IGNORECASE):
            assert fold(match.group()) == fold(letter), (letter, match.group())


@pytest.mark.parametrize(("pattern", "expected"), [
    (r"\bhealth\b", {"health"}),
    (r"\bmedications?\b", {"medication"}),
    (r"\bsant[ée]\b", {"sant"}),
    (r"\bdiab(?:etes|etic)", {"diab"}),
    (r"^user\.biometric\b", {"user.biometric"}),
    (r"\bSanté publique\b", {"sante publique"}),
    (r"\b(face|touch) ?id\b", {"face", "touch"}),
    (r"\b(psycho)?therap(y|ies)\b", {"therap"}),
    (r"health|medical", {"health", "medical"}),
    (r"(?<!race )results", {"results"}),
    (r"(?-i:\bVOG\b)", {"vog"}),
    (r"\bab+c", {"ab"}),
    (r"x{2,}yz", {"yz"}),
    (r"a{,3}bcd", {"bcd"}),
    (r"\bpre[- ]?(ticked|checked)|by default", {"ticked", "checked", "by default"}),
    (r"\w+gesetz", {"gesetz"}),
    (r"(?i)\bconsent", {"consent"}),
    (r"\b(no|not)\b", {"no", "not"}),
    (r"\bab{2}", {"ab"}),
    (r"\ba?b", None),               # a single letter at the most
    (r"\bglaub{,}be\w*", {"glau"}),  # {,} is {0,}
    (r"^use{0}r\.demo(?:)gr\x61phic", {"r.demo"}),  # \x61 is read whole, not as "61"
    (r"\012{2,}xy", {"xy"}),
    (r"\N{LATIN SMALL LETTER A}bc", {"bc"}),
    (r"(?#a\)b)cde", {"cde"}),       # a comment ends at a `)` that is not escaped
    (r"ab(?#c)+", None),             # the quantifier repeats the b, across the comment
    (r"health|x", None),
    (r"(ab|)c", None),             # an empty alternative, and "c" alone is too short
    (r"[.;:!?\n]", None),
    (r"(?x) health", None),        # verbose: white space means nothing
    (r"(?P<n>ab)(?P=n)", None),
    (r"(?(1)ab|cd)", None),
])
def test_needles(pattern: str, expected: set[str] | None) -> None:
    assert needles(pattern, re.IGNORECASE) == (None if expected is None
                                               else frozenset(expected))


@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
@pytest.mark.parametrize(("pattern", "flags"), [(p, f) for p, f in EVERY if needles(p, f)])
def test_every_match_holds_a_needle(pattern: str, flags: int, data: st.DataObject) -> None:
    text = data.draw(st.from_regex(re.compile(pattern, flags)))
    assert re.search(pattern, text, flags)
    found = needles(pattern, flags)
    assert found is not None and any(n in fold(text) for n in found), (text, found)


def test_fold_is_per_character() -> None:
    assert fold("ΟΔΟΣ") == fold("οδος") == fold("οδοσ")  # no final sigma by context
    assert fold("\u1c84") == fold("т")  # the tall te is a te to re.IGNORECASE
    assert fold("Straße") == fold("STRASSE")


def test_candidates_keep_group_order_and_always_patterns() -> None:
    prefilter = Prefilter({"a": [r"\bzebra\b", r"(x|y)z", r"\bhealth\b"], "b": [r"\bcat\b"]})
    assert prefilter.candidates("Health of a ZEBRA") == {"a": (r"\bzebra\b", r"(x|y)z",
                                                                r"\bhealth\b")}
    assert prefilter.candidates("nothing") == {"a": (r"(x|y)z",)}  # "z" alone: always
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
