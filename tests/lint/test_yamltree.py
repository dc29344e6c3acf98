"""One reading of YAML text: the editor's node tree and the loader's data come from the same
walk, so they agree on every file, and what the loader refuses the editor refuses too."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from gdpr_lint.edit import textedit
from gdpr_lint.lint.loader import load_document
from gdpr_lint.lint.yamltree import TextNode
from tests.conftest import ROOT
from tests.lint.test_yaml_test_suite import CASES, needs_suite

TRICKY = [
    "a: 1\na: 2\nb: [x, y]\n",  # a repeated key: the first one holds, for both
    "x: &k name\n*k : value\n",  # an alias as a key
    "x: &n ~\n*n : 1\ny: &t true\n*t : 2\n",  # aliases to a null and a bool as keys
    "&a k: v\n*a : w\n",
    "a: &x {b: [1, 2]}\nc: *x\nd: [*x, *x]\n",
    "k: {a: text, b, c: 1, d}\nl: [a, 'b', \"c\"]\n",
    "a: |\n  x\n  y\n\nb: >-\n  z\nc: \"#x\"\n",
    "a:\r\n  - 1\r\n  - 2\r\n",
    "- a\n- {b: c}\n",
    "scalar\n",
    "~\n",
    "? a\n? b\n: c\n",
    "a: !!str 1\nb: !!int 2\nc: !!float 3\n",
    "%YAML 1.1\n---\na: 1\n...\n",
]

REFUSED = [
    ("a: !!python/object x\n", "X006"),
    ("a: 1\n---\nb: 2\n", "X003"),
    ("a: *nothing\n", "X001"),
    ("? [a]\n: 1\n", "X003"),
    ("a: &x [1, *x]\n", "X006"),
    ("x: " + "9" * 200 + "\n", "X006"),
    ("a: !!int x\n", "X003"),
    ("a: " + "[" * 80 + "]" * 80 + "\n", "X006"),
    ("a: [1, 2\nb: 3\n", "X001"),
]


def _examples() -> list[Path]:
    return sorted(p for folder in ("examples", "tests/legal_cases")
                  for p in (ROOT / folder).rglob("*.yaml"))


def assert_agree(node: TextNode | None, value: Any) -> None:
    """The tree as written holds the loaded data: the same keys (the first of a repeated
    key), the same items, through aliases."""
    assert node is not None
    node = node.resolved
    if isinstance(value, dict):
        assert node.kind == "mapping"
        first: dict[str, TextNode] = {}
        for key, item in node.pairs:
            assert key.key is not None
            first.setdefault(key.key, item)
        assert list(first) == list(value)
        for key, item in first.items():
            assert_agree(item, value[key])
    elif isinstance(value, list):
        assert node.kind == "sequence" and len(node.items) == len(value)
        for item, element in zip(node.items, value, strict=True):
            assert_agree(item, element)
    else:
        assert node.kind == "scalar"
        if isinstance(value, str) and node.style is not None and node.style not in "|>":
            assert node.value == value


def check_text(text: str) -> None:
    doc = load_document(text, "t.yaml", tree=True)
    assert doc.built, doc.problems
    root = textedit.parse(text)
    assert_agree(root, doc.data)
    assert_agree(doc.tree, doc.data)
    for path, position in doc.positions.items():
        node = textedit.node_at(root, path)
        assert node is not None and node.position == position, path
    for path, position in doc.key_positions.items():
        parent = textedit.node_at(root, path[:-1])
        assert parent is not None
        pair = parent.resolved.get(str(path[-1]))
        assert pair is not None and pair[0].position == position, path


@pytest.mark.parametrize("text", TRICKY)
def test_the_tree_holds_what_the_loader_reads(text: str) -> None:
    check_text(text)


def test_every_example_reads_the_same_for_the_loader_and_the_editor() -> None:
    files = _examples()
    assert len(files) > 20
    for path in files:
        text = path.read_bytes().decode("utf-8-sig")
        if load_document(text, str(path)).built:
            check_text(text)


def test_a_repeated_key_is_edited_where_the_data_holds_it() -> None:
    text = "basis: Consent\nbasis: contract\n"
    node = textedit.node_at(textedit.parse(text), ("basis",))
    assert node is not None and node.value == "Consent" and node.position == (1, 8)
    edited = textedit.apply(text, [textedit.replace_node(text, node, "consent")])
    assert load_document(edited, "t.yaml").data == {"basis": "consent"}


def test_an_alias_key_is_found_under_the_key_the_data_holds() -> None:
    text = "x: &k name\n*k : value\n"
    assert load_document(text, "t.yaml").data == {"x": "name", "name": "value"}
    node = textedit.node_at(textedit.parse(text), ("name",))
    assert node is not None and node.value == "value"


def check_refused(text: str) -> str:
    """The editor refuses the text where the loader does; the rule."""
    doc = load_document(text, "t.yaml", tree=True)
    assert not doc.built and doc.tree is None
    refusal = doc.problems[-1]
    with pytest.raises(textedit.EditError) as raised:
        textedit.parse(text)
    assert raised.value.message == f"{refusal.rule} {refusal.message}"
    assert textedit.line_col(text, raised.value.index) == (refusal.line, refusal.column)
    return refusal.rule


@pytest.mark.parametrize(("text", "rule"), REFUSED)
def test_the_editor_refuses_what_the_loader_refuses_at_the_same_place(text: str,
                                                                       rule: str) -> None:
    assert check_refused(text) == rule


@pytest.mark.parametrize("text", ["", "# only a comment\n", "---\n", "--- # c\n...\n"])
def test_a_text_without_content_has_no_tree(text: str) -> None:
    assert load_document(text, "t.yaml").empty
    assert textedit.parse(text) is None


def test_the_tree_is_kept_only_when_asked() -> None:
    text = "a: [1, 2]\n"
    assert load_document(text, "t.yaml").tree is None
    tree = load_document(text, "t.yaml", tree=True).tree
    assert tree is not None and tree.kind == "mapping"


def test_one_module_reads_yaml_text() -> None:
    """Every reader of declaration text goes through `lint/yamltree.py`: a second reader
    would have to agree with it forever."""
    readers = re.compile(r"\byaml\.(?:parse|scan|compose|compose_all|load|load_all|"
                         r"safe_load|safe_load_all|full_load|unsafe_load)\(|"
                         r"\b(?:CSafeLoader|SafeLoader|CLoader|Loader)\(")
    found = sorted(str(path.relative_to(ROOT))
                   for path in (ROOT / "gdpr_lint").rglob("*.py")
                   if readers.search(path.read_text(encoding="utf-8")))
    assert found == ["gdpr_lint/lint/yamltree.py"]


@pytest.mark.slow
@needs_suite
@pytest.mark.parametrize(("name", "case"), CASES, ids=[name for name, _ in CASES])
def test_every_input_of_the_yaml_test_suite_reads_the_same_for_both(
        name: str, case: dict[str, Any]) -> None:
    text = case["yaml"]
    doc = load_document(text, "t.yaml", tree=True)
    if doc.built:
        check_text(text)
    elif doc.empty:
        assert textedit.parse(text) is None
    else:
        check_refused(text)
