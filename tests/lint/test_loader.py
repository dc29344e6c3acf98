from __future__ import annotations

import os
import time

import pytest

from gdpr_lint.lint import loader, yamltree
from gdpr_lint.lint.loader import load_document, read_document


def problems(raw: bytes | str) -> list[tuple[str, int, int]]:
    return [(p.rule, p.line, p.column) for p in load_document(raw, "f.yaml").problems]


def test_every_node_has_its_line_and_column() -> None:
    doc = load_document("activities:\n  - id: a\n    purposes: [x, y]\n", "f.yaml")
    assert doc.positions[("activities", 0, "id")] == (2, 9)
    assert doc.positions[("activities", 0, "purposes", 1)] == (3, 19)
    assert doc.key_positions[("activities", 0, "purposes")] == (3, 5)
    # a missing field falls back to its nearest ancestor: the activity mapping
    assert doc.position(("activities", 0, "lawful_basis")) == (2, 5)


@pytest.mark.parametrize(("source", "expected"), [
    pytest.param("NO", "NO", id="norway-stays-norway"),
    pytest.param("yes", "yes", id="yes-is-text"),
    pytest.param("on", "on", id="on-is-text"),
    pytest.param("2026-01-15", "2026-01-15", id="date-stays-text"),
    pytest.param("1:30", "1:30", id="no-sexagesimal"),
    pytest.param("true", True, id="true-is-bool"),
    pytest.param("12", 12, id="int"),
    pytest.param("1.5", 1.5, id="float"),
    pytest.param("~", None, id="null"),
    pytest.param("'12'", "12", id="quoted-int-is-text"),
    pytest.param("!!str 12", "12", id="str-tag"),
])
def test_scalars_keep_their_written_meaning(source: str, expected: object) -> None:
    assert load_document(f"v: {source}\n", "f.yaml").data == {"v": expected}


def test_duplicate_key_is_x002_at_the_second_key() -> None:
    doc = load_document("a: 1\nb: 2\na: 3\n", "f.yaml")
    assert [(p.rule, p.line, p.column) for p in doc.problems] == [("X002", 3, 1)]
    assert "first at line 1" in doc.problems[0].message
    assert doc.data == {"a": 1, "b": 2}


def test_syntax_error_is_x001_with_the_parser_position() -> None:
    assert problems("a: [1, 2\nb: 3\n") == [("X001", 2, 2)]


@pytest.mark.parametrize(("raw", "words"), [
    pytest.param(b"a: 1\x00\x00", "binary", id="nul-bytes"),
    pytest.param(b"\x00" * 1000, "binary", id="file-of-nuls"),
    pytest.param(b"a: caf\xe9\n", "not UTF-8", id="latin-1"),
    pytest.param(b"a: !!python/object/apply:os.system [touch /tmp/pwned]\n", "refused",
                 id="python-object-tag"),
    pytest.param(b"a: !custom 1\n", "refused", id="local-tag"),
    pytest.param(b"a: &x [*x]\n", "itself", id="recursive-alias"),
    pytest.param(b"[" * 20_000 + b"]" * 20_000, "nesting", id="deep-flow-nesting"),
])
def test_hostile_input_is_refused_with_x006(raw: bytes, words: str) -> None:
    doc = load_document(raw, "f.yaml")
    assert [p.rule for p in doc.problems] == ["X006"]
    assert words in doc.problems[0].message
    assert doc.data is None


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("a: " + "[" * 5_000, ("X006", 1, 67), id="flow"),
    pytest.param("x: 1\nb: {c: " + "[" * 1_100, ("X006", 2, 70), id="flow-after-a-mapping"),
    pytest.param("".join(" " * i + "a:\n" for i in range(2_000)), ("X006", 65, 65), id="block"),
])
@pytest.mark.slow
def test_nesting_is_refused_at_the_builders_limit_whatever_libyaml_allows(
        text: str, expected: tuple[str, int, int]) -> None:
    assert problems(text) == [expected]
    assert "nesting deeper than 64 levels" in load_document(text, "f.yaml").problems[0].message


def test_libyaml_own_depth_limit_becomes_the_same_x006() -> None:
    """PyYAML 6.0.4's libyaml stops at 1,000 levels while scanning ahead; the finding is ours."""
    import yaml

    text = "a: " + "[" * 1_200
    mark = yaml.Mark("f.yaml", 1_003, 0, 1_003, None, None)
    error = yaml.scanner.ScannerError("while increasing flow level", mark,
                                      "exceeded maximum nesting depth", mark)
    assert yamltree._parser_depth_limit(error)
    message, position = yamltree._depth_refusal(text, error)
    assert position == (1, 67)
    assert message.startswith("nesting deeper than 64 levels")


def test_object_tags_build_nothing(tmp_path: object) -> None:
    marker = "/tmp/gdpr-lint-should-not-exist"
    load_document(f"a: !!python/object/apply:os.system ['touch {marker}']\n", "f.yaml")
    assert not os.path.exists(marker)


@pytest.mark.slow
def test_block_nesting_20000_levels_is_bounded() -> None:
    text = "".join(" " * i + "a:\n" for i in range(20_000))
    start = time.monotonic()
    assert [p.rule for p in load_document(text, "f.yaml").problems] == ["X006"]
    assert time.monotonic() - start < 30  # generous: a hang would be minutes


def test_alias_bomb_is_refused_early() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for name, prev in zip("bcdefghi", "abcdefgh", strict=True):
        lines.append(f"{name}: &{name} [{','.join(['*' + prev] * 9)}]")
    doc = load_document("\n".join(lines) + "\n", "f.yaml")
    assert [p.rule for p in doc.problems] == ["X006"]
    assert "alias" in doc.problems[0].message


def test_oversized_file_is_refused_without_parsing(tmp_path) -> None:
    big = tmp_path / "big.gdpr.yaml"
    big.write_bytes(b"a: " + b"x" * (50 * 1024 * 1024) + b"\n")
    doc = read_document(str(big))
    assert [p.rule for p in doc.problems] == ["X006"]
    assert f"{loader.MAX_BYTES:,}-byte limit" in doc.problems[0].message


def test_directory_and_fifo_are_refused(tmp_path) -> None:
    assert "directory" in read_document(str(tmp_path)).problems[0].message
    fifo = tmp_path / "pipe.gdpr.yaml"
    os.mkfifo(fifo)
    assert "not a regular file" in read_document(str(fifo)).problems[0].message


@pytest.mark.parametrize("text", ["", "# only a comment\n"])
def test_empty_file_is_a_finding_not_a_silent_pass(text: str) -> None:
    assert [p.rule for p in load_document(text, "f.yaml").problems] == ["X003"]


def test_more_than_one_document_is_refused() -> None:
    assert problems("a: 1\n---\nb: 2\n") == [("X003", 2, 1)]


def test_control_character_is_x001_at_its_position() -> None:
    assert problems("a: b\nc: \x07\n") == [("X001", 2, 4)]


def test_a_long_tag_is_quoted_short() -> None:
    """The refusal quotes a 1,500-character tag cut, so messages stay linear in the input."""
    doc = load_document("version: 1\nname: !" + "::!" * 500 + " x\n", "t.gdpr.yaml")
    [finding] = doc.problems
    assert finding.rule == "X006" and len(finding.message) < 200
