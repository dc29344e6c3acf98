"""Needles and word lists never hide a match: what they skip cannot match, and S003's
words answer as its patterns do."""

from __future__ import annotations

import functools
import re
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gdpr_lint.law import data
from gdpr_lint.lint._needles import NEEDLES, WORDS
from gdpr_lint.lint.lazyre import fold, made
from gdpr_lint.rules import text_patterns
from gdpr_lint.rules.special import looks_criminal, looks_special, term_patterns

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from needles import generate_needles, needles, words  # noqa: E402

TERMS = data.load("special_terms.json")
PATTERNS = sorted(set(term_patterns()))
EVERY = text_patterns()
WITH_NEEDLES = [(p, f) for p, f in EVERY if (p, f) in NEEDLES]
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.cache
def texts() -> list[str]:
    """Free texts to ask every pattern about: each scalar of the examples and the legal
    cases, and each word of S003 in and around other text, in three cases."""
    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, str):
            found.add(node)
        elif isinstance(node, dict):
            for key, value in node.items():
                walk(key)
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in sorted([*ROOT.glob("examples/**/*.gdpr.yaml"),
                        *ROOT.glob("tests/legal_cases/**/*.gdpr.yaml")]):
        try:
            walk(list(yaml.load_all(path.read_text(encoding="utf-8"), Loader=_LOADER)))
        except yaml.YAMLError:
            continue  # the examples of broken files
    for _, spelled in WORDS.values():
        for word in spelled:
            found |= {word, f"{word} data", f"x{word}", f"{word}x", f"no {word}",
                      f"({word.replace(' ', '  ')})", word.replace(" ", "-"), f"{word}é"}
    return sorted(found | {t.upper() for t in found} | {t.title() for t in found})


def test_the_needles_table_is_in_step_with_the_patterns() -> None:
    assert (ROOT / "gdpr_lint" / "lint" / "_needles.py").read_text(encoding="utf-8") == \
        generate_needles(EVERY, PATTERNS), "out of date: run python scripts/generate.py"


def test_every_term_has_needles_and_most_are_words() -> None:
    # a term without needles would compile its category's pattern for every text
    assert all(needles(p, re.IGNORECASE) for p in PATTERNS)
    assert len([p for p in PATTERNS if p in WORDS]) > len(PATTERNS) / 2


@pytest.mark.slow
def test_fold_agrees_with_ignorecase_for_every_character_a_needle_or_word_holds() -> None:
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    letters = {c for found in NEEDLES.values() for n in found for c in n}
    letters |= {c for _, spelled in WORDS.values() for w in spelled for c in w}
    letters |= set("abcdefghijklmnopqrstuvwxyz")
    for letter in sorted(letters):
        for match in re.finditer(re.escape(letter), every, re.IGNORECASE):
            assert fold(match.group()) == fold(letter), (letter, match.group())


def test_in_ascii_ignorecase_is_lower_case_for_every_letter_of_a_word() -> None:
    """What lets S003 answer an ASCII text by its lower-cased words alone."""
    ascii_chars = [chr(c) for c in range(128)]
    for letter in {c for _, spelled in WORDS.values() for w in spelled for c in w}:
        same = {c for c in ascii_chars if re.fullmatch(re.escape(letter), c, re.IGNORECASE)}
        assert same == {c for c in ascii_chars if c.lower() == letter.lower()}, letter


@pytest.mark.slow
def test_every_text_that_matches_holds_a_needle() -> None:
    for pattern, flags in WITH_NEEDLES:
        compiled = re.compile(pattern, flags)
        for text in texts():
            if compiled.search(text):
                assert any(n in fold(text) for n in NEEDLES[pattern, flags]), (pattern, text)


@pytest.mark.slow
def test_lazy_patterns_skip_only_texts_re_does_not_match() -> None:
    for lazy in made():
        plain = re.compile(lazy.pattern, lazy.flags)
        for text in texts():
            # asked without compiling it: once compiled it answers as re, trivially
            if lazy._cannot_match(text):
                assert plain.search(text) is None, (lazy.pattern, text)


@pytest.mark.parametrize(("pattern", "expected"), [
    (r"\bhealth\b", {"health"}),
    (r"\bmedications?\b", {"medication"}),
    (r"\bsant[ée]\b", {"sant"}),
    (r"\bdiab(?:etes|etic)", {"diabetes", "diabetic"}),
    (r"^user\.biometric\b", {"user.biometric"}),
    (r"\bSanté publique\b", {"sante publique"}),
    (r"\b(face|touch) ?id\b", {"face", "touch"}),
    (r"\b(psycho)?therap(y|ies)\b", {"therapy", "therapies"}),
    (r"health|medical", {"health", "medical"}),
    (r"(?<!race )results", {"results"}),
    (r"(?-i:\bVOG\b)", {"vog"}),
    (r"\bab+c", {"ab"}),
    (r"x{2,}yz", {"yz"}),
    (r"a{,3}bcd", {"bcd"}),
    (r"\bpre[- ]?(ticked|checked)|by default", {"ticked", "checked", "by default"}),
    (r"\w+gesetz", {"gesetz"}),
    (r"(?i)\bconsent", {"consent"}),
    (r"\b(no|not)\b", {"no"}),  # re reads no(|t)
    (r"(customer|client)s", {"customer", "client"}),  # re reads c(ustomer|lient)
    (r"\bab{2}", {"ab"}),
    (r"\ba?b", None),               # a single letter at the most
    (r"\bglaub{,}be\w*", {"glau"}),  # {,} is {0,}
    (r"^use{0}r\.demo(?:)gr\x61phic", {"r.demographic"}),
    (r"\012{2,}xy", {"xy"}),
    (r"\N{LATIN SMALL LETTER A}bc", {"abc"}),
    (r"(?#a\)b)cde", {"cde"}),
    (r"ab(?#c)+", {"ab"}),           # the quantifier repeats the b, across the comment
    (r"health|x", None),
    (r"(ab|)c", None),
    (r"[.;:!?\n]", None),
    (r"(?x) health  # the word", {"health"}),  # verbose, as re reads it
    (r"(?P<n>ab)(?P=n)", {"ab"}),
    (r"(x)?(?(1)ab|cd)", None),
    (r"(?=health)\w+", None),        # a lookahead holds nothing of the match
    (r"(?>health)y", {"health"}),
])
def test_needles(pattern: str, expected: set[str] | None) -> None:
    assert needles(pattern, re.IGNORECASE) == (None if expected is None
                                               else frozenset(expected))


@pytest.mark.parametrize(("pattern", "expected"), [
    (r"\bhealth\b", (False, {"health"})),
    (r"\bsant[ée]\b", (False, {"santé", "sante"})),
    (r"\bdiagnose\w*", (True, {"diagnose"})),
    (r"\bhealth ?checks?\b", (False, {"health check", "health checks", "healthcheck",
                                      "healthchecks"})),
    (r"\bpenalty points\b", (False, {"penalty points"})),
    (r"\bsick[- ]leave\b", None),    # a hyphen is not a word
    (r"\bpolitische\w* meinung\b", None),
    (r"(?-i:\bVOG\b)", None),
    (r"^user\.genetic\b", None),
    (r"\bhealth", None),
])
def test_words(pattern: str, expected: tuple[bool, set[str]] | None) -> None:
    assert words(pattern, re.IGNORECASE) == (None if expected is None
                                             else (expected[0], frozenset(expected[1])))


@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
@pytest.mark.slow
@pytest.mark.parametrize(("pattern", "flags"), WITH_NEEDLES)
def test_every_match_holds_a_needle(pattern: str, flags: int, data: st.DataObject) -> None:
    text = data.draw(st.from_regex(re.compile(pattern, flags)))
    assert re.search(pattern, text, flags)
    assert any(n in fold(text) for n in NEEDLES[pattern, flags]), (text, pattern)


def test_fold_is_per_character() -> None:
    assert fold("ΟΔΟΣ") == fold("οδος") == fold("οδοσ")  # no final sigma by context
    assert fold("\u1c84") == fold("т")  # the tall te is a te to re.IGNORECASE
    assert fold("Straße") == fold("STRASSE")


@functools.cache
def _reference() -> tuple[dict[str, tuple[re.Pattern[str] | None, ...]], list[str]]:
    """S003's term lists compiled whole, as they were before any prefilter."""
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


def _reference_matches(category: str, name: str) -> bool:
    terms, look_alikes, not_if = _reference()[0][name]
    assert terms is not None
    if not_if is not None and not_if.search(category):
        return False
    return bool(terms.search(look_alikes.sub(" ", category) if look_alikes else category))


def _same_as_the_whole_lists(category: str) -> None:
    text = " ".join(category.split())
    expected = [n for n in _reference()[1] if n != "criminal" and _reference_matches(text, n)]
    assert looks_special(category) == expected, category
    assert looks_criminal(category) == _reference_matches(text, "criminal"), category


@pytest.mark.slow
def test_same_answers_as_the_whole_lists_for_every_text() -> None:
    for text in texts():
        _same_as_the_whole_lists(text)


def _pieces() -> st.SearchStrategy[str]:
    return st.sampled_from(PATTERNS).flatmap(
        lambda p: st.from_regex(re.compile(p, re.IGNORECASE), fullmatch=True))


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.one_of(_pieces(), st.sampled_from(["data", "race", "of the", "Ärztin",
                                                       "İ", "ſ", "-", "  ", "K", "ı"])),
                min_size=1, max_size=4), st.sampled_from([str, str.upper, str.title]))
@pytest.mark.slow
def test_same_answers_as_the_whole_lists(parts: list[str], case: object) -> None:
    _same_as_the_whole_lists(case(" ".join(parts)))  # type: ignore[operator]
