"""git's answers asked for at start-up: a partial run plans the same with them as without."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from gdpr_lint.lint import prefetch
from gdpr_lint.lint.project import Plan, open_project, plan_run
from gdpr_lint.rules.examples import CONTROLLER
from tests.conftest import write
from tests.test_project import declaration, git, make_repo

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def shape(plan: Plan) -> tuple[list[str], list[str], set[str], bool]:
    return plan.files, [d.path for d in plan.context], plan.affected, plan.whole


def both(paths: list[str]) -> tuple[Plan, Plan, prefetch.Prefetch | None]:
    """The plan with the early answers and without them."""
    early = prefetch.start(paths)
    with_early = plan_run(open_project(paths, None), paths, early)
    return with_early, plan_run(open_project(paths, None), paths), early


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_repo(tmp_path / "repo")
    monkeypatch.chdir(root)
    return root


def test_the_guessed_ids_are_the_linted_ones(repo: Path) -> None:
    write(repo, "hr/new.gdpr.yaml", declaration({"id": "shop.main"}, {"id": "hr.new"}))
    early, plain, started = both(["hr/new.gdpr.yaml"])
    assert started is not None and started.needles == {"controllers", "shop.main", "hr.new"}
    assert shape(early) == shape(plain)
    assert [d.path for d in early.context] == ["shop/main.gdpr.yaml"]


def test_more_ids_guessed_than_declared_search_the_files_found_again(repo: Path) -> None:
    # `id:` under another key is no activity id: its files are found, then left out
    write(repo, "hr/new.gdpr.yaml", declaration({"id": "hr.new", "notes": {"id": "shop.main"}}))
    early, plain, started = both(["hr/new.gdpr.yaml"])
    assert started is not None and "shop.main" in started.needles
    assert shape(early) == shape(plain)
    assert [d.path for d in early.context] == []


def test_an_id_the_guess_misses_is_searched_by_the_plan(repo: Path) -> None:
    write(repo, "hr/new.gdpr.yaml", declaration({"id": "hr.new"}).replace(
        "id: hr.new", 'id: "shop\\x2Emain"'))  # shop.main, written with an escape
    early, plain, started = both(["hr/new.gdpr.yaml"])
    assert started is not None and "shop.main" not in started.needles
    assert shape(early) == shape(plain)
    assert [d.path for d in early.context] == ["shop/main.gdpr.yaml"]


def test_a_project_in_a_folder_of_the_repository_keeps_to_its_folder(repo: Path) -> None:
    write(repo, "team/.gdpr-lint.yaml", "include: ['**/*.gdpr.yaml']\n")
    write(repo, "team/a.gdpr.yaml", declaration({"id": "team.a"}))
    write(repo, "team/b.gdpr.yaml", declaration({"id": "shop.main"}))
    early, plain, _ = both(["team/b.gdpr.yaml"])
    assert shape(early) == shape(plain)
    assert [d.path for d in early.context] == []  # shop/main is another project's


def test_other_include_names_are_searched_by_the_plan(repo: Path) -> None:
    write(repo, ".gdpr-lint.yaml", "controllers: [privacy/controllers.gdpr.yaml]\n"
                                   "include: ['**/*.gdpr.yaml', '**/*.ropa.yaml']\n")
    write(repo, "legal/old.ropa.yaml", declaration({"id": "legal.old"}))
    write(repo, "hr/new.gdpr.yaml", declaration({"id": "legal.old"}))
    early, plain, started = both(["hr/new.gdpr.yaml"])
    assert started is not None
    assert started.grep(started.worktree, {"controllers"}, ["*.gdpr.yaml", "*.ropa.yaml"]) \
        is None
    assert shape(early) == shape(plain)
    assert [d.path for d in early.context] == ["legal/old.ropa.yaml"]


def test_a_renamed_controller_reads_the_committed_text_from_the_early_answer(repo: Path) -> None:
    write(repo, "legal/org.gdpr.yaml", declaration(
        {"id": "legal.main"}, controller={**CONTROLLER, "id": "acme-legal"}))
    write(repo, "legal/more.gdpr.yaml", declaration({"id": "legal.more"},
                                                     controller="acme-legal"))
    git("add", "-A", cwd=repo)
    git("commit", "-qm", "legal", cwd=repo)
    write(repo, "legal/org.gdpr.yaml", declaration(
        {"id": "legal.main"}, controller={**CONTROLLER, "id": "acme-legal-gmbh"}))
    early, plain, started = both(["legal/org.gdpr.yaml"])
    assert started is not None
    committed = started.at_head(started.worktree, ["legal/org.gdpr.yaml"])
    assert committed is not None and b"acme-legal\n" in committed["legal/org.gdpr.yaml"]
    assert shape(early) == shape(plain)
    assert early.affected == {"legal/more.gdpr.yaml"}


def test_nothing_is_started_for_a_run_that_is_not_partial(repo: Path, tmp_path: Path) -> None:
    assert prefetch.start(["privacy/controllers.gdpr.yaml"]) is None  # lints the project
    assert prefetch.start([".gdpr-lint.yaml"]) is None
    assert prefetch.start(["hr"]) is None
    assert prefetch.start(["missing.gdpr.yaml"]) is None
    write(tmp_path, "alone/a.gdpr.yaml", declaration({"id": "a"}))
    assert prefetch.start([str(tmp_path / "alone/a.gdpr.yaml")]) is None  # not in git


def test_the_guess_reads_ids_in_block_and_flow_style(repo: Path) -> None:
    write(repo, "hr/new.gdpr.yaml", yaml.safe_dump({"activities": [{"id": "a.1"}]})
          + "processor_activities: [{id: 'p.1', processor: {id: \"proc\"}}]\n"
          + "# id: commented.out\n")
    started = prefetch.start(["hr/new.gdpr.yaml"])
    assert started is not None and started.needles == {"controllers", "a.1", "p.1", "proc"}
