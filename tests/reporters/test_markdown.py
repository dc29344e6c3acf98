"""Every Markdown surface prints declared text as text: parsed back by a Markdown library,
a hostile value adds no link, image, HTML, heading or paragraph of its own."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from gdpr_lint.reporters._markdown import md_code, md_text
from gdpr_lint.rules.examples import CONTROLLER, overlay

HOSTILE = ("[click](https://evil.example) ![pixel](https://evil.example/p.png) "
           "<img src=x onerror=alert(1)> **bold** `code` | cell | ~~struck~~ &amp; "
           "\n\nNo change needs DPO review.\n# Approved by the DPO")
FORBIDDEN = {"link_open", "image", "html_inline", "html_block", "heading_open", "s_open",
             "strong_open", "em_open", "code_inline"}


def parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def token_types(markdown: str) -> set[str]:
    types: set[str] = set()
    for token in parser().parse(markdown):
        types.add(token.type)
        types.update(child.type for child in token.children or ())
    return types


def inline_texts(markdown: str) -> list[str]:
    return [t.content for t in parser().parse(markdown) if t.type == "inline"]


@given(st.text(max_size=80))
def test_md_text_reads_back_as_the_same_text(text: str) -> None:
    line = f"Value: {md_text(text)}"
    tokens = [t for t in parser().parse(line) if t.type == "inline"]
    shown = "".join(child.content for t in tokens for child in t.children or ()
                    if child.type in ("text", "softbreak"))
    assert shown.replace("\n", " ") == " ".join(f"Value: {text}".split()).replace("\0", "\ufffd")
    assert not token_types(line) & FORBIDDEN


@pytest.mark.slow
@given(st.text(max_size=40))
def test_md_code_is_one_code_span_of_the_text_in_a_table_and_outside(text: str) -> None:
    expected = " ".join(text.split()).replace("\0", "\ufffd").strip()
    for markdown in (f"| h |\n|---|\n| {md_code(text, table=True)} |\n",
                     f"- item {md_code(text)}\n"):
        spans = [c for t in parser().parse(markdown) if t.type == "inline"
                 for c in t.children or () if c.type == "code_inline"]
        assert len(spans) == 1, markdown
        assert spans[0].content.strip() == expected


def git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    git("init", "-q", cwd=tmp_path)
    activity = overlay("consent", {"id": "shop.newsletter"})
    (tmp_path / "a.gdpr.yaml").write_text(yaml.safe_dump(
        {"controller": dict(CONTROLLER), "activities": [activity]}, sort_keys=False))
    git("add", ".", cwd=tmp_path)
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "base",
        cwd=tmp_path)
    changed = overlay("consent", {"id": "shop.newsletter", "purposes": [HOSTILE],
                                  "data_categories": ["health " + HOSTILE]})
    added = overlay("consent", {"id": "x](https://evil.example) " + HOSTILE})
    (tmp_path / "a.gdpr.yaml").write_text(yaml.safe_dump(
        {"controller": dict(CONTROLLER), "activities": [changed, added]}, sort_keys=False))
    return tmp_path


def evil(markdown: str) -> list[str]:
    """Links, images and HTML that come from the hostile value."""
    found = []
    for token in parser().parse(markdown):
        for child in [token, *(token.children or ())]:
            target = str(child.attrGet("href") or child.attrGet("src") or "")
            if "evil.example" in target or (child.type.startswith("html")
                                            and "img" in child.content):
                found.append(f"{child.type} {target or child.content}")
    return found


def forged(markdown: str) -> list[str]:
    """Lines of the hostile value that became blocks of their own."""
    return [t for t in inline_texts(markdown)
            if t.strip() in ("No change needs DPO review.", "Approved by the DPO")]


@pytest.mark.slow
def test_the_review_and_the_step_summary_print_declared_text_as_text(
        cli, repository: Path) -> None:
    review = cli("diff", "HEAD", "--format", "md", cwd=repository)
    assert review.returncode == 0, review.stderr
    assert "shop.newsletter" in review.stdout and "evil.example" in review.stdout
    summary = repository / "summary.md"
    annotated = cli("check", "--format", "json", "--output", "report.json", "--annotate",
                    cwd=repository, env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert annotated.returncode == 1, annotated.stderr
    assert json.loads((repository / "report.json").read_text())["findings"]
    for markdown in (review.stdout, summary.read_text("utf-8")):
        assert evil(markdown) == [] and forged(markdown) == []
        assert "evil.example" in markdown  # shown, as text


@pytest.mark.parametrize("command", [["register", "--format", "md"],
                                     ["notice", "--format", "md"]])
@pytest.mark.slow
def test_the_register_and_the_notice_print_declared_text_as_text(cli, repository: Path,
                                                                  command: list[str]) -> None:
    result = cli(*command, ".", cwd=repository, env={"SOURCE_DATE_EPOCH": "1767225600"})
    assert result.returncode == 0, result.stderr
    assert "evil.example" in result.stdout
    assert evil(result.stdout) == [] and forged(result.stdout) == []
