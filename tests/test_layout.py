"""The package's folders show its architecture; these tests keep the boundaries."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "gdpr_lint"


def imported(path: Path) -> set[str]:
    """Every module a source file imports, at the top or inside a function."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


@pytest.mark.parametrize(("folder", "forbidden"), [
    pytest.param("rules", ("gdpr_lint.authoring", "gdpr_lint.commands", "gdpr_lint.cli"),
                 id="rules-declare-their-fixes-themselves"),
    pytest.param("edit", ("gdpr_lint.authoring", "gdpr_lint.commands", "gdpr_lint.rules"),
                 id="editing-serves-everyone"),
    pytest.param("lint", ("gdpr_lint.authoring", "gdpr_lint.commands", "gdpr_lint.register",
                          "gdpr_lint.cli"), id="the-pipeline-knows-no-surface"),
])
@pytest.mark.slow
def test_a_package_does_not_reach_into_the_surfaces_above_it(folder: str,
                                                              forbidden: tuple[str, ...]) -> None:
    for path in sorted((PACKAGE / folder).rglob("*.py")):
        bad = sorted(n for n in imported(path) if n.startswith(forbidden))
        assert not bad, f"{path.relative_to(ROOT)} imports {', '.join(bad)}"


def test_only_the_entry_points_sit_at_the_top() -> None:
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert top == ["__init__.py", "__main__.py", "cli.py", "launch.py"]


@pytest.mark.slow
def test_no_two_classes_share_a_name() -> None:
    seen: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "_fastcheck.py":  # generated
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ClassDef):
                where = str(path.relative_to(ROOT))
                assert node.name not in seen, f"{node.name}: {seen[node.name]} and {where}"
                seen[node.name] = where
