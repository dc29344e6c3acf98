"""The text-edit primitives shared by stamp and the fixes: each edit changes only its node."""

from __future__ import annotations

import pytest

from gdpr_lint.edit import textedit
from gdpr_lint.lint.loader import load_document

TEXT = """\
# a comment that must stay
activities:
  - id: one   # trailing
    countries: [UK, DE]
    basis: &b Consent
    other: *b
    empty:
    flow: {a, b: 2,}
    block:
      x: 1     # keep
"""


def data(text: str):
    doc = load_document(text, "t.yaml")
    assert not doc.problems, doc.problems
    return textedit.plain(doc.data)


def test_replace_a_list_item_and_an_anchored_scalar() -> None:
    root = textedit.parse(TEXT)
    uk = textedit.node_at(root, ("activities", 0, "countries", 0))
    basis = textedit.node_at(root, ("activities", 0, "basis"))
    assert uk is not None and basis is not None and basis.aliased == 1
    edited = textedit.apply(TEXT, [textedit.replace_node(TEXT, uk, "GB"),
                                   textedit.replace_node(TEXT, basis, "&b consent")])
    after = data(edited)["activities"][0]
    assert after["countries"] == ["GB", "DE"] and after["other"] == "consent"
    assert edited.replace("[GB,", "[UK,").replace("&b consent", "&b Consent") == TEXT


def test_node_at_follows_aliases_and_misses_quietly() -> None:
    root = textedit.parse(TEXT)
    other = textedit.node_at(root, ("activities", 0, "other"))
    assert other is not None and other.kind == "alias" and other.resolved.value == "Consent"
    assert textedit.node_at(root, ("activities", 3)) is None
    assert textedit.node_at(root, ("activities", 0, "countries", "x")) is None


@pytest.mark.parametrize(("key", "expected"), [
    ("empty", {"k": "v"}), ("block", {"k": "v"}), ("other", {"k": "v"})])
def test_replace_value(key: str, expected: object) -> None:
    root = textedit.parse(TEXT)
    activity = textedit.node_at(root, ("activities", 0))
    assert activity is not None
    pair = activity.get(key)
    assert pair is not None
    edited = textedit.apply(TEXT, [textedit.replace_value(TEXT, *pair, "{k: v}")])
    assert data(edited)["activities"][0][key] == expected
    assert edited.startswith("# a comment that must stay\n")


def test_insert_key_in_flow_with_a_bare_key_and_a_trailing_comma() -> None:
    root = textedit.parse(TEXT)
    flow = textedit.node_at(root, ("activities", 0, "flow"))
    assert flow is not None
    edited = textedit.apply(TEXT, [textedit.insert_key(TEXT, flow, "c", '"3"')])
    assert "flow: {a, b: 2, c: \"3\"}" in edited
    assert data(edited)["activities"][0]["flow"] == {"a": None, "b": 2, "c": "3"}
    bare = flow.get("a")
    assert bare is not None
    edited = textedit.apply(TEXT, [textedit.replace_value(TEXT, *bare, "1")])
    assert data(edited)["activities"][0]["flow"] == {"a": 1, "b": 2}


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r", "\x85", "\u2028", "\u2029"])
def test_insert_key_in_block_keeps_the_line_breaks(newline: str) -> None:
    text = TEXT.replace("\n", newline)
    root = textedit.parse(text)
    block = textedit.node_at(root, ("activities", 0, "block"))
    activity = textedit.node_at(root, ("activities", 0))
    assert block is not None and activity is not None
    edited = textedit.apply(text, [textedit.insert_key(text, block, "y", "2"),
                                   textedit.insert_key(text, activity, "z", "[3]")])
    assert data(edited)["activities"][0]["block"] == {"x": 1, "y": 2}
    assert data(edited)["activities"][0]["z"] == [3]
    assert textedit.usual_break(edited) == newline
    assert edited.count(newline) == text.count(newline) + 2


def test_line_col_counts_every_break() -> None:
    text = "a\rb\r\nc\x85d\u2028e"
    assert [textedit.line_col(text, text.index(c)) for c in "abcde"] == \
        [(1, 1), (2, 1), (3, 1), (4, 1), (5, 1)]


def test_quote_keeps_any_value_text() -> None:
    for value in ("1234e5678901", "2026-06-01", 'say "hi"\\', "tab\there", "\x07\u2028"):
        assert data(f"k: {textedit.quote(value)}\n") == {"k": value}
