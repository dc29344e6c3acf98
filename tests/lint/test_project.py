"""The project a run belongs to (SPEC §6 v1.1), with real git in temporary repositories."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from gdpr_lint.rules.examples import CONTROLLER, overlay
from tests.conftest import write

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com",
                           *args], cwd=cwd, check=True, capture_output=True, text=True,
                          timeout=60).stdout


def declaration(*activities: dict[str, object], controller: object = "acme") -> str:
    text: str = yaml.safe_dump({"controller": controller,
                                "activities": [overlay("consent", a) for a in activities]},
                               sort_keys=False)
    return text


def make_repo(root: Path, files: dict[str, str] | None = None) -> Path:
    """A committed repository: a controllers file, a configuration and three teams."""
    root.mkdir(parents=True, exist_ok=True)
    git("init", "-q", cwd=root)
    write(root, ".gdpr-lint.yaml", "controllers: [privacy/controllers.gdpr.yaml]\n")
    write(root, "privacy/controllers.gdpr.yaml",
          yaml.safe_dump({"controllers": [CONTROLLER]}, sort_keys=False))
    for team in ("hr", "shop", "support"):
        write(root, f"{team}/main.gdpr.yaml", declaration({"id": f"{team}.main"}))
    for name, text in (files or {}).items():
        write(root, name, text)
    git("add", "-A", cwd=root)
    git("commit", "-qm", "declarations", cwd=root)
    return root


def findings(result: subprocess.CompletedProcess[str]) -> list[tuple[str, str]]:
    return [(f["path"], f["rule"]) for f in json.loads(result.stdout)["findings"]]


@pytest.mark.slow
def test_config_is_found_from_the_linted_paths_not_the_current_folder(cli,
                                                                       tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    write(repo, "hr/extra.gdpr.yaml", declaration({"id": "hr.extra", "security_measures": None}))
    write(repo, ".gdpr-lint.yaml",
          "controllers: [privacy/controllers.gdpr.yaml]\nseverity: {D004: error}\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = cli("check", str(repo / "hr"), "--format", "json", cwd=elsewhere)
    # the repository's configuration: its controllers resolve, its severity applies
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert [(f["rule"], f["severity"]) for f in report["findings"]] == [("D004", "error")]
    assert report["findings"][0]["path"] == str(repo / "hr/extra.gdpr.yaml")


@pytest.mark.slow
def test_project_root_names_sarif_paths_whatever_the_current_folder(cli, tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    write(repo, "hr/extra.gdpr.yaml", declaration({"id": "hr.extra", "security_measures": None}))
    uris = []
    for where, target in ((repo, "hr"), (repo / "hr", "."), (tmp_path, str(repo / "hr"))):
        sarif = json.loads(cli("check", target, "--format", "sarif", cwd=where).stdout)
        uris.append([r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                     for r in sarif["runs"][0]["results"]])
    assert uris == [["hr/extra.gdpr.yaml"]] * 3
    # text output stays relative to the current folder
    assert cli("check", ".", cwd=repo / "hr").stdout.startswith("extra.gdpr.yaml:")


@pytest.mark.slow
def test_baseline_written_at_the_root_matches_from_a_subfolder(cli, tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    write(repo, "hr/extra.gdpr.yaml", declaration({"id": "hr.extra", "retention": None}))
    # a duplicate id: its message names the other file, from the root
    write(repo, "hr/copy.gdpr.yaml", declaration({"id": "shop.main"}))
    written = cli("check", "--write-baseline", "baseline.json", cwd=repo)
    assert written.returncode == 0, written.stderr
    entries = json.loads((repo / "baseline.json").read_text())["findings"]
    assert {e["path"] for e in entries} == {"hr/extra.gdpr.yaml", "hr/copy.gdpr.yaml",
                                           "shop/main.gdpr.yaml"}
    for where, args in ((repo / "hr", ["."]), (repo / "hr", ["extra.gdpr.yaml"]),
                        (repo, []), (repo / "shop", ["main.gdpr.yaml"])):
        result = cli("check", *args, "--baseline", str(repo / "baseline.json"), cwd=where)
        assert result.returncode == 0, (where, args, result.stdout)
        assert "hidden by the baseline" in result.stderr
        assert "no finding any more" not in result.stderr
    # and the other way round: written from the subfolder, used at the root
    cli("check", ".", "--write-baseline", "../sub.json", cwd=repo / "hr")
    assert cli("check", "hr", "--baseline", "sub.json", cwd=repo).returncode == 0


@pytest.mark.slow
def test_stale_baseline_entries_are_reported_unless_quiet(cli, tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    write(repo, "hr/extra.gdpr.yaml", declaration({"id": "hr.extra", "retention": None}))
    cli("check", "--write-baseline", "b.json", cwd=repo)
    write(repo, "hr/extra.gdpr.yaml", declaration({"id": "hr.extra"}))  # fixed
    result = cli("check", "--baseline", "b.json", cwd=repo)
    assert result.returncode == 0
    assert "1 baseline entry matches no finding any more in b.json" in result.stderr
    assert "--write-baseline" in result.stderr
    quiet = cli("check", "--baseline", "b.json", "--quiet", cwd=repo)
    assert quiet.stdout == quiet.stderr == ""
    # a run on another file does not call the entry stale
    other = cli("check", "shop/main.gdpr.yaml", "--baseline", "b.json", cwd=repo)
    assert "no finding any more" not in other.stderr


@pytest.mark.slow
def test_exit_zero_and_quiet(cli, tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    write(repo, "hr/extra.gdpr.yaml", declaration({"id": "hr.extra", "lawful_basis": None}))
    plain = cli("check", cwd=repo)
    assert plain.returncode == 1 and plain.stdout.splitlines()[-1].startswith("Found ")
    zero = cli("check", "--exit-zero", cwd=repo)
    assert zero.returncode == 0 and zero.stdout == plain.stdout
    quiet = cli("check", "--quiet", cwd=repo)
    assert quiet.returncode == 1
    assert quiet.stdout.splitlines() == plain.stdout.splitlines()[:-1]
    assert cli("check", "--quiet", "--format", "json", cwd=repo).stderr == ""
    # a usage error stays 2
    assert cli("check", "--exit-zero", "--select", "Q999", cwd=repo).returncode == 2


@pytest.mark.slow
def test_gitignored_folder_is_not_searched_but_an_explicit_file_is_linted(cli,
                                                                          tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", {".gitignore": "old/\n"})
    shutil.copytree(repo / "hr", repo / "old" / "hr")  # an old copy: same activity ids
    result = cli("check", "--format", "json", cwd=repo)
    assert result.returncode == 0 and findings(result) == [], result.stdout
    assert json.loads(result.stdout)["summary"]["files"] == 4
    # a partial run does not index the ignored copy either
    assert cli("check", "hr/main.gdpr.yaml", cwd=repo).returncode == 0
    # named explicitly, an ignored file is linted (and is a duplicate)
    explicit = cli("check", "old/hr/main.gdpr.yaml", "--format", "json", cwd=repo)
    assert ("old/hr/main.gdpr.yaml", "X004") in findings(explicit)
    # outside git, nothing is ignored
    shutil.rmtree(repo / ".git")
    assert ("old/hr/main.gdpr.yaml", "X004") in findings(
        cli("check", "--format", "json", cwd=repo))


@pytest.mark.slow
def test_partial_run_keeps_the_project_index(cli, tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    # a new file reusing another team's activity id: both places are reported
    write(repo, "hr/new.gdpr.yaml", declaration({"id": "shop.main"}))
    result = cli("check", "hr/new.gdpr.yaml", "--format", "json", cwd=repo)
    assert result.returncode == 1
    assert findings(result) == [("hr/new.gdpr.yaml", "X004"), ("shop/main.gdpr.yaml", "X004")]
    assert json.loads(result.stdout)["summary"]["files"] == 1
    # a controller declared in another (not configured) file resolves
    write(repo, "legal/org.gdpr.yaml", declaration(
        {"id": "legal.main"}, controller={**CONTROLLER, "id": "acme-legal"}))
    write(repo, "legal/more.gdpr.yaml", declaration({"id": "legal.more"},
                                                     controller="acme-legal"))
    assert cli("check", "legal/more.gdpr.yaml", cwd=repo).returncode == 0
    # an inline controller renamed: the files still referring to the old id are reported,
    # not the unrelated problems of other files
    git("add", "-A", cwd=repo)
    git("commit", "-qm", "legal", cwd=repo)
    write(repo, "shop/broken.gdpr.yaml", declaration({"id": "shop.b"}, controller="nobody"))
    write(repo, "legal/org.gdpr.yaml", declaration(
        {"id": "legal.main"}, controller={**CONTROLLER, "id": "acme-legal-gmbh"}))
    renamed = cli("check", "legal/org.gdpr.yaml", "--format", "json", cwd=repo)
    assert renamed.returncode == 1
    assert findings(renamed) == [("legal/more.gdpr.yaml", "X005")]


@pytest.mark.slow
def test_staging_config_controllers_or_policy_lints_the_whole_project(cli,
                                                                      tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    for path in (".gdpr-lint.yaml", "privacy/controllers.gdpr.yaml"):
        result = cli("check", path, "--format", "json", cwd=repo)
        assert json.loads(result.stdout)["summary"]["files"] == 4, path
    write(repo, "privacy/acme.policy.yaml", "rules: []\n")
    assert json.loads(cli("check", "privacy/acme.policy.yaml", "--format", "json",
                          cwd=repo).stdout)["summary"]["files"] == 4
    # another tool's pyproject.toml is not a declaration
    write(repo, "pyproject.toml", "[project]\nname = 'x'\n")
    other = cli("check", "pyproject.toml", cwd=repo)
    assert other.returncode == 0 and other.stdout == other.stderr == ""
    # a controller renamed in the controllers file breaks the other files
    (repo / "privacy/controllers.gdpr.yaml").write_text(
        yaml.safe_dump({"controllers": [{**CONTROLLER, "id": "acme-ltd"}]}))
    renamed = cli("check", "privacy/controllers.gdpr.yaml", "--format", "json", cwd=repo)
    assert renamed.returncode == 1
    assert {p for p, rule in findings(renamed) if rule == "X005"} == {
        "hr/main.gdpr.yaml", "shop/main.gdpr.yaml", "support/main.gdpr.yaml"}
    # a broken configuration is exit 2
    write(repo, ".gdpr-lint.yaml", "controllers: [privacy/controllers.gdpr.yaml\n")
    broken = cli("check", ".gdpr-lint.yaml", cwd=repo)
    assert broken.returncode == 2 and ".gdpr-lint.yaml:" in broken.stderr


@pytest.mark.slow
def test_partial_run_outside_git_reads_the_project_of_the_configuration(cli,
                                                                        tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    shutil.rmtree(repo / ".git")
    write(repo, "hr/new.gdpr.yaml", declaration({"id": "support.main"}))
    result = cli("check", "hr/new.gdpr.yaml", "--format", "json", cwd=repo / "hr" / "..")
    assert findings(result) == [("hr/new.gdpr.yaml", "X004"), ("support/main.gdpr.yaml", "X004")]
    # a folder with a configuration of its own is another project
    write(repo, "vendor/.gdpr-lint.yaml", "fail_on: error\n")
    write(repo, "vendor/copy.gdpr.yaml", declaration({"id": "shop.main"}))
    assert findings(cli("check", "shop/main.gdpr.yaml", "--format", "json", cwd=repo)) == []


@pytest.mark.slow
def test_partial_run_reports_a_controller_declared_again_elsewhere(cli, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git("init", "-q", cwd=repo)
    write(repo, "privacy/controllers.gdpr.yaml",
          yaml.safe_dump({"controllers": [CONTROLLER]}, sort_keys=False))
    write(repo, "shop/main.gdpr.yaml", declaration({"id": "shop.main"}))
    # declared again, inline, with other details, in a file that sorts first
    write(repo, "hr/main.gdpr.yaml", declaration(
        {"id": "hr.main"}, controller={**CONTROLLER, "name": "Acme GmbH"}))
    full = findings(cli("check", "--format", "json", cwd=repo))
    partial = findings(cli("check", "hr/main.gdpr.yaml", "--format", "json", cwd=repo))
    assert [f for f in full if f[1] == "X007"] == [f for f in partial if f[1] == "X007"] != []


def _processing(activity_id: str, processor: object) -> str:
    return yaml.safe_dump({"processor_activities": [{
        "id": activity_id, "name": "Hosting for customers", "processor": processor,
        "controllers": [{"category": "Business customers", "contract": "DPA annex 2",
                         "list": "CRM account records"}],
        "categories_of_processing": ["Hosting the customers' shop data"],
        "data_subjects": ["customers of our customers"], "data_categories": ["name"],
        "contract": "DPA annex 2 (Art. 28(3))", "transfers": [],
        "security_measures": ["encryption at rest"]}]}, sort_keys=False)


@pytest.mark.slow
def test_partial_run_traces_a_renamed_processor(cli, tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    cloud = {**CONTROLLER, "id": "acme-cloud", "name": "Acme Cloud GmbH"}
    write(repo, "vendor/org.gdpr.yaml", _processing("vendor.hosting", cloud))
    write(repo, "vendor/more.gdpr.yaml", _processing("vendor.backup", "acme-cloud"))
    whole = cli("check", "--format", "json", cwd=repo)
    assert [f for f in findings(whole) if f[0].startswith("vendor/")] == [], whole.stdout
    git("add", "-A", cwd=repo)
    git("commit", "-qm", "vendor", cwd=repo)
    # the inline processor renamed: the file still naming the old id is reported, in a
    # partial run as in a run over the whole project
    write(repo, "vendor/org.gdpr.yaml",
          _processing("vendor.hosting", {**cloud, "id": "acme-cloud-gmbh"}))
    renamed = cli("check", "vendor/org.gdpr.yaml", "--format", "json", cwd=repo)
    assert findings(renamed) == [("vendor/more.gdpr.yaml", "X005")], renamed.stdout
    assert ("vendor/more.gdpr.yaml", "X005") in findings(cli("check", "--format", "json",
                                                             cwd=repo))


# -- the plan of a partial run: which other declarations it reads ------------------------
def plan_of(paths: list[str]) -> tuple[list[str], list[str], set[str], bool]:
    from gdpr_lint.lint.project import open_project, plan_run

    plan = plan_run(open_project(paths, None), paths)
    return plan.files, [d.path for d in plan.context], plan.affected, plan.whole


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_repo(tmp_path / "repo")
    monkeypatch.chdir(root)
    return root


def test_a_partial_run_reads_the_files_sharing_an_id(repo: Path) -> None:
    write(repo, "hr/new.gdpr.yaml", declaration({"id": "shop.main"}, {"id": "hr.new"}))
    assert plan_of(["hr/new.gdpr.yaml"]) == (["hr/new.gdpr.yaml"], ["shop/main.gdpr.yaml"],
                                             set(), False)


def test_an_id_under_another_key_is_no_activity_id(repo: Path) -> None:
    write(repo, "hr/new.gdpr.yaml", declaration({"id": "hr.new", "notes": {"id": "shop.main"}}))
    assert plan_of(["hr/new.gdpr.yaml"])[1] == []


def test_an_id_written_with_an_escape_is_searched_as_read(repo: Path) -> None:
    write(repo, "hr/new.gdpr.yaml", declaration({"id": "hr.new"}).replace(
        "id: hr.new", 'id: "shop\\x2Emain"'))  # shop.main
    assert plan_of(["hr/new.gdpr.yaml"])[1] == ["shop/main.gdpr.yaml"]


def test_a_project_in_a_folder_of_the_repository_keeps_to_its_folder(repo: Path) -> None:
    write(repo, "team/.gdpr-lint.yaml", "include: ['**/*.gdpr.yaml']\n")
    write(repo, "team/a.gdpr.yaml", declaration({"id": "team.a"}))
    write(repo, "team/b.gdpr.yaml", declaration({"id": "shop.main"}))
    assert plan_of(["team/b.gdpr.yaml"])[1] == []  # shop/main is another project's


def test_other_include_names_are_searched(repo: Path) -> None:
    write(repo, ".gdpr-lint.yaml", "controllers: [privacy/controllers.gdpr.yaml]\n"
                                   "include: ['**/*.gdpr.yaml', '**/*.ropa.yaml']\n")
    write(repo, "legal/old.ropa.yaml", declaration({"id": "legal.old"}))
    write(repo, "hr/new.gdpr.yaml", declaration({"id": "legal.old"}))
    assert plan_of(["hr/new.gdpr.yaml"])[1] == ["legal/old.ropa.yaml"]


def test_a_renamed_controller_is_read_from_the_committed_text(repo: Path) -> None:
    write(repo, "legal/org.gdpr.yaml", declaration(
        {"id": "legal.main"}, controller={**CONTROLLER, "id": "acme-legal"}))
    write(repo, "legal/more.gdpr.yaml", declaration({"id": "legal.more"},
                                                     controller="acme-legal"))
    git("add", "-A", cwd=repo)
    git("commit", "-qm", "legal", cwd=repo)
    write(repo, "legal/org.gdpr.yaml", declaration(
        {"id": "legal.main"}, controller={**CONTROLLER, "id": "acme-legal-gmbh"}))
    assert plan_of(["legal/org.gdpr.yaml"])[2] == {"legal/more.gdpr.yaml"}
