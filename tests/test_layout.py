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
def test_a_package_does_not_reach_into_the_surfaces_above_it(folder: str,
                                                              forbidden: tuple[str, ...]) -> None:
    for path in sorted((PACKAGE / folder).rglob("*.py")):
        bad = sorted(n for n in imported(path) if n.startswith(forbidden))
        assert not bad, f"{path.relative_to(ROOT)} imports {', '.join(bad)}"
