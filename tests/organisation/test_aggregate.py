"""`gdpr-lint aggregate` over four real repositories: one register in every format, the checks
across repositories where they should fire and nowhere else, the DuckDB file answering the
README's queries, bad records named while the others are merged."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from gdpr_lint.rules.organisation import record as example_record
from tests.conftest import ROOT
from tests.organisation.conftest import build, commit, head, repository, run, write

pytestmark = pytest.mark.integration

NAMES = {"privacy": "acme/privacy", "shop": "https://git.example/acme/shop.git",
         "blog": "acme/blog", "app": "git.example:acme/app.git"}
# Activity id -> the repositories declaring it.
DECLARED = {"checkout": ["shop"], "newsletter": ["shop", "blog"], "donations": ["blog"],
            "subscriptions": ["app"]}


def record_schema() -> dict[str, Any]:
    result = run("schema", "--record")
    assert result.returncode == 0, result.stderr
    schema: dict[str, Any] = json.loads(result.stdout)
    return schema


def line_of(path: Path, ident: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1)
                if line.strip() == f"- id: {ident}")


def declared(organisation: Path) -> set[tuple[str, str, str, int]]:
    """(repository, activity id, commit, line) of every declared activity."""
    return {(NAMES[name], ident, head(organisation / name),
             line_of(organisation / name / f"{name}.gdpr.yaml", ident))
            for ident, names in DECLARED.items() for name in names}


def aggregate(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    result = run("aggregate", *args, cwd=cwd)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def findings(stderr: str) -> list[tuple[str, int, str]]:
    return [(m[1], int(m[2]), m[3]) for m in
            re.finditer(r"^(.+?):(\d+):\d+: (O\d{3}) ", stderr, re.MULTILINE)]


# -- the record file ---------------------------------------------------------------------
def test_every_record_is_valid_and_says_where_each_item_is(organisation: Path,
                                                           records: dict[str, Path]) -> None:
    validator = jsonschema.Draft202012Validator(record_schema())
    for name, path in records.items():
        text = path.read_text()
        data = json.loads(text)
        validator.validate(data)
        assert data["source"]["repository"] == NAMES[name]
        assert data["source"]["commit"] == head(organisation / name)
        assert "s3cr3t" not in text and "ci-bot" not in text  # credentials of the remote
        for section in ("activities", "processor_activities", "findings", "suppressions"):
            assert all(i["where"]["repository"] == NAMES[name] for i in data[section])
        for item in data["activities"]:
            assert item["where"]["line"] == line_of(organisation / name / f"{name}.gdpr.yaml",
                                                    item["id"])
            # The controller is the privacy repository's, referred to, not copied.
            assert item["controller"]["where"]["repository"] == "acme/privacy"
        assert data["findings"] == []
    privacy = json.loads(records["privacy"].read_text())
    assert [c["id"] for c in privacy["controllers"]] == ["acme"]
    assert privacy["controllers"][0]["where"] == {
        "repository": "acme/privacy", "path": "controllers.gdpr.yaml", "line": 2}
    assert json.loads(records["shop"].read_text())["controllers"] == []


def test_schema_record_is_the_published_schema() -> None:
    published = (ROOT / "schemas" / "record-v1.schema.json").read_text()
    assert run("schema", "--record").stdout == published
    jsonschema.Draft202012Validator.check_schema(json.loads(published))


def test_repository_name_falls_back_to_the_folder(tmp_path: Path) -> None:
    folder = repository(tmp_path / "intranet", "intranet")
    write(folder, "a.gdpr.yaml", (ROOT / "tests/fixtures/../../examples/valid/"
                                  "controllers.gdpr.yaml").read_text())
    commit(folder, "declarations")
    data = json.loads(run("register", "--format", "json", cwd=folder).stdout)
    assert data["source"]["repository"] == "intranet"


# -- one register in every format --------------------------------------------------------
@pytest.mark.parametrize("fmt", ["html", "md", "csv", "xlsx", "json", "jsonld"])
def test_every_format_names_repository_commit_and_line(organisation: Path,
                                                       records: dict[str, Path],
                                                       fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"register.{fmt}"
    result = aggregate(str(organisation / "records"), "--format", fmt, "--output", str(out),
                       cwd=tmp_path)
    assert result.returncode == 1, result.stderr  # O001 is an error
    expected = declared(organisation)
    heads = {NAMES[n]: head(organisation / n) for n in NAMES}
    if fmt == "xlsx":
        import openpyxl

        book = openpyxl.load_workbook(out)
        rows = [[c.value for c in r] for r in book.worksheets[0].iter_rows()]
        top = next(i for i, r in enumerate(rows) if r[0] == "record")
        headings = rows[top]
        found = {(r[headings.index("declared at")], r[1], r[headings.index("commit")])
                 for r in rows[top + 1:]}
        assert found == {(f"{repo}: {repo_file(repo)}:{line}", ident, commit)
                         for repo, ident, commit, line in expected}
        about = [[c.value for c in r] for r in book["About"].iter_rows()]
        assert {(r[0], r[1]) for r in about[8:]} == set(heads.items())
        return
    text = out.read_text()
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        assert {(r["declared at"], r["id"], r["commit"]) for r in rows} == {
            (f"{repo}: {repo_file(repo)}:{line}", ident, commit)
            for repo, ident, commit, line in expected}
    elif fmt == "json":
        data = json.loads(text)
        assert {(s["repository"], s["commit"]) for s in data["sources"]} == set(heads.items())
        assert {(a["where"]["repository"], a["id"], a["where"]["commit"], a["where"]["line"])
                for a in data["activities"]} == expected
        assert {f["rule"] for f in data["findings"]} == {"O001", "O003"}
    elif fmt == "jsonld":
        graph = json.loads(text)["@graph"]
        processes = [n for n in graph if n["@type"] == "dpv:Process"]
        assert {(n["dct:source"], n["dct:isVersionOf"]) for n in processes} == {
            (f"{repo}: {repo_file(repo)}:{line}", f"{repo}@{commit}")
            for repo, _, commit, line in expected}
        assert len({n["@id"] for n in processes}) == len(processes)  # newsletter twice
    else:
        code = "<code>{}</code>" if fmt == "html" else "{}"
        for repo, _, commit, line in expected:
            assert (f"Declared at {code.format(f'{repo_file(repo)}:{line}')} in {repo} at "
                    f"commit {code.format(commit)}") in text
        for repo, commit in heads.items():
            assert commit in text and repo in text
        assert text.count(" at commit ") == len(expected)


def repo_file(repository_name: str) -> str:
    name = next(n for n, r in NAMES.items() if r == repository_name)
    return f"{name}.gdpr.yaml"


@pytest.mark.parametrize("layout", ["ico", "cnil"])
def test_layouts_name_repository_and_commit(organisation: Path, records: dict[str, Path],
                                            layout: str, tmp_path: Path) -> None:
    result = aggregate(str(organisation / "records"), "--format", "csv", "--layout", layout,
                       cwd=tmp_path)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    where = "Declared at" if layout == "ico" else "Déclaré dans"
    assert {(r[where], r["Commit"]) for r in rows} == {
        (f"{repo}: {repo_file(repo)}:{line}", commit)
        for repo, _, commit, line in declared(organisation)}


# -- the checks across repositories ------------------------------------------------------
def test_cross_repository_rules_fire_where_they_should_and_nowhere_else(
        organisation: Path, records: dict[str, Path], tmp_path: Path) -> None:
    result = aggregate(str(organisation / "records"), "--format", "json", cwd=tmp_path)
    assert result.returncode == 1
    shop, blog = records["shop"], records["blog"]

    def item_line(path: Path, ident: str) -> int:
        return next(n for n, line in enumerate(path.read_text().splitlines(), 1)
                    if line.startswith(f'    {{"id": "{ident}"'))

    # Records are merged in name order (app, blog, privacy, shop): Stripe is first declared
    # in Ireland by app, then in the US by blog (reported there) and by shop as blog did (the
    # same conflict, not reported again).
    assert sorted(findings(result.stderr)) == sorted([
        (str(shop), item_line(shop, "newsletter"), "O001"),
        (str(blog), item_line(blog, "donations"), "O003"),
    ])
    o001 = next(line for line in result.stderr.splitlines() if " O001 " in line)
    blog_line = line_of(organisation / "blog" / "blog.gdpr.yaml", "newsletter")
    shop_line = line_of(organisation / "shop" / "shop.gdpr.yaml", "newsletter")
    assert f"acme/blog (blog.gdpr.yaml:{blog_line})" in o001
    assert f"https://git.example/acme/shop.git (shop.gdpr.yaml:{shop_line})" in o001
    o003 = [line for line in result.stderr.splitlines() if " O003 " in line]
    assert len(o003) == 1 and "'STRIPE INC.' in git.example:acme/app.git (app.gdpr.yaml:3)" \
        in o003[0] and "'stripe inc' in acme/blog" in o003[0] and "country IE vs US" in o003[0]
    # Exit codes as `check`: warnings alone do not fail at the default level.
    config = write(tmp_path, "quiet.yaml", "ignore: [O001]\n")
    quiet = aggregate(str(organisation / "records"), "--format", "json", "--config",
                      str(config), cwd=tmp_path)
    assert quiet.returncode == 0 and [r for *_, r in findings(quiet.stderr)] == ["O003"]
    strict = aggregate(str(organisation / "records"), "--format", "json", "--config",
                       str(config), "--fail-on", "warning", cwd=tmp_path)
    assert strict.returncode == 1


def test_repositories_linted_in_place_give_the_same_register(organisation: Path,
                                                             tmp_path: Path) -> None:
    folders = [str(organisation / n) for n in ("privacy", "shop", "blog", "app")]
    result = aggregate(*folders, "--format", "json", cwd=tmp_path)
    data = json.loads(result.stdout)
    assert {(a["where"]["repository"], a["id"], a["where"]["commit"], a["where"]["line"])
            for a in data["activities"]} == declared(organisation)
    # Located in the declaration of the repository merged second.
    blog_file = organisation / "blog" / "blog.gdpr.yaml"
    assert (str(blog_file), line_of(blog_file, "newsletter"), "O001") in \
        findings(result.stderr)


def test_register_over_several_repositories_honours_each_configuration(
        organisation: Path) -> None:
    result = run("register", "shop", "blog", "app", "--format", "md", cwd=organisation)
    assert result.returncode == 0, result.stderr
    assert "Controller not declared" not in result.stdout
    for name in ("shop", "blog", "app"):
        assert f"in {NAMES[name]} at commit {head(organisation / name)}" in result.stdout
    data = json.loads(run("register", "shop", "app", "--format", "json",
                          cwd=organisation).stdout)
    assert {a["where"]["repository"] for a in data["activities"]} == {NAMES["shop"],
                                                                      NAMES["app"]}
    one = run("register", "shop", "blog", "--activity", "checkout", cwd=organisation)
    assert one.returncode == 2 and "select within one repository" in one.stderr


def test_bad_records_are_o005_and_the_others_still_merged(organisation: Path,
                                                          records: dict[str, Path],
                                                          tmp_path: Path) -> None:
    folder = tmp_path / "records"
    shutil.copytree(organisation / "records", folder)
    shop = (folder / "shop" / "gdpr-lint-record.json").read_text()
    write(folder, "zz/again.json", shop)  # the same repository and commit: merged once
    write(folder, "bad/not-json.json", "<html>404 Not Found</html>\n")
    write(folder, "bad/other-format.json", '{"format": "sarif", "version": 1}\n')
    write(folder, "bad/version-2.json", shop.replace('"version": 1', '"version": 2', 1))
    write(folder, "bad/truncated.json", shop[: len(shop) // 2])
    wrong = json.loads(shop)
    wrong["activities"][1]["where"]["line"] = "seven"
    write(folder, "bad/wrong-shape.json", json.dumps(wrong, indent=2))
    result = aggregate(str(folder), "--format", "md", "--output", str(tmp_path / "r.md"),
                       cwd=tmp_path)
    assert result.returncode == 1
    refused = {Path(p).name: (line, message) for p, line, message in
               ((m[1], int(m[2]), m[3]) for m in re.finditer(
                   r"^(.+?):(\d+):\d+: O005 error (.*)$", result.stderr, re.MULTILINE))}
    assert set(refused) == {"not-json.json", "other-format.json", "version-2.json",
                            "truncated.json", "wrong-shape.json"}
    assert "not valid JSON" in refused["not-json.json"][1]
    assert "format 'sarif'" in refused["other-format.json"][1]
    assert "record version 2" in refused["version-2.json"][1]
    assert "truncated" in refused["truncated.json"][1]
    assert refused["truncated.json"][0] > 1
    assert refused["wrong-shape.json"] == (
        _item_line(json.dumps(wrong, indent=2), 1),
        "not a valid record at activities/1/where/line: 'seven' is not of type 'integer'")
    assert "Merged 4 records" in result.stderr
    text = (tmp_path / "r.md").read_text()
    assert text.count(" at commit ") == 5
    assert [r for *_, r in findings(result.stderr)].count("O001") == 1


def _item_line(text: str, index: int) -> int:
    """The line of the ``index``-th activity of a record written with indent=2."""
    starts = [n for n, line in enumerate(text.splitlines(), 1) if line == "    {"]
    return starts[index]


def test_an_old_commit_is_o004(tmp_path: Path) -> None:
    folder = repository(tmp_path / "legacy", "legacy")
    write(folder, ".gdpr-lint.yaml", "repository: acme/legacy\n")
    write(folder, "controllers.gdpr.yaml", (ROOT / "examples/valid/controllers.gdpr.yaml")
          .read_text())
    commit(folder, "old", env={"GIT_COMMITTER_DATE": "2020-01-01T10:00:00+00:00",
                               "GIT_AUTHOR_DATE": "2020-01-01T10:00:00+00:00"})
    result = aggregate(str(folder), "--format", "json", cwd=tmp_path)
    assert result.returncode == 0  # a warning
    assert [r for *_, r in findings(result.stderr)] == ["O004"]
    assert "committed 2020-01-01" in result.stderr
    write(tmp_path, "c.yaml", "max_age: P10Y\n")
    again = aggregate(str(folder), "--format", "json", "--config", "c.yaml", cwd=tmp_path)
    assert findings(again.stderr) == []


# -- DuckDB --------------------------------------------------------------------------------
def readme_queries() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## The organisation's register", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sql\n(.*?)```", section, re.DOTALL)


def test_the_duckdb_file_answers_the_readme_queries(organisation: Path,
                                                    records: dict[str, Path],
                                                    tmp_path: Path) -> None:
    import duckdb

    folder = tmp_path / "records"
    shutil.copytree(organisation / "records", folder)
    write(folder, "stale/gdpr-lint-record.json",
          example_record("acme/legacy", "0ld", committed="2024-02-01T10:00:00+00:00") + "\n")
    database = tmp_path / "register.duckdb"
    result = aggregate(str(folder), "--format", "duckdb", "--output", str(database),
                       cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    where_used, us_without_dpf, stale = readme_queries()
    connection = duckdb.connect(str(database), read_only=True)
    try:
        vendor = connection.execute(where_used).fetchall()
        assert [(r[0], r[2], r[4]) for r in vendor] == [
            ("acme/blog", "donations", "US"), ("git.example:acme/app.git", "subscriptions", "IE"),
            ("https://git.example/acme/shop.git", "checkout", "US")]
        assert all(r[1] == head(organisation / n) for r, n in
                   zip(vendor, ("blog", "app", "shop"), strict=True))
        assert vendor[2][5:] == ("shop.gdpr.yaml", line_of(
            organisation / "shop" / "shop.gdpr.yaml", "checkout"))
        assert connection.execute(us_without_dpf).fetchall() == [
            ("acme/blog", "newsletter", "Blog newsletter", "Mailer Corp"),
            ("https://git.example/acme/shop.git", "newsletter", "Shop newsletter",
             "Mailer Corp")]
        assert [r[:2] for r in connection.execute(stale).fetchall()] == [("acme/legacy", "0ld")]
        tables = {r[0] for r in connection.execute("SHOW TABLES").fetchall()}
        assert tables == {"sources", "controllers", "activities", "recipients", "transfers",
                          "data_categories", "findings"}
        assert connection.execute("SELECT count(*) FROM sources").fetchone() == (5,)
        rules = connection.execute("SELECT rule, count(*) FROM findings GROUP BY rule "
                                   "ORDER BY rule").fetchall()
        assert rules == [("O001", 1), ("O003", 1), ("O004", 1)]
    finally:
        connection.close()


def test_duckdb_output_refuses_other_files_and_is_atomic(organisation: Path,
                                                        records: dict[str, Path],
                                                        tmp_path: Path) -> None:
    notes = write(tmp_path, "notes.txt", "precious\n")
    result = aggregate(str(records["shop"]), "--format", "duckdb", "--output", str(notes),
                       cwd=tmp_path)
    assert result.returncode == 2 and "is not a DuckDB database" in result.stderr
    assert notes.read_text() == "precious\n"
    database = tmp_path / "r.duckdb"
    for source in (records["shop"], records["blog"]):  # a database is replaced whole
        assert aggregate(str(source), "--format", "duckdb", "-o", str(database),
                         cwd=tmp_path).returncode == 0
    import duckdb

    connection = duckdb.connect(str(database), read_only=True)
    assert connection.execute("SELECT DISTINCT repository FROM activities").fetchall() == [
        ("acme/blog",)]
    connection.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt", "r.duckdb"]
    usage = aggregate(str(records["shop"]), "--format", "duckdb", cwd=tmp_path)
    assert usage.returncode == 2 and "--output FILE" in usage.stderr


# -- record text is data -------------------------------------------------------------------
def test_record_text_is_escaped_and_neutralised(tmp_path: Path) -> None:
    from gdpr_lint.rules.organisation import _activity

    hostile = _activity("acme/x", "x")
    hostile["name"] = "<script>alert(1)</script>"
    hostile["items"] = {"purposes": {"label": "Purposes", "article": "Art. 30(1)(b)",
                                     "state": "given", "values": ["=HYPERLINK(\"http://e\")"]}}
    write(tmp_path, "r.json", example_record("<b>acme</b>", "c0", [hostile]))
    html = aggregate("r.json", "--format", "html", cwd=tmp_path).stdout
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert "<b>acme</b>" not in html
    rows = list(csv.DictReader(io.StringIO(aggregate("r.json", "--format", "csv",
                                                     cwd=tmp_path).stdout)))
    assert rows[0]["purposes"].startswith("'=HYPERLINK")


# -- the GitHub Action's steps, on local folders --------------------------------------------
@pytest.mark.slow
def test_action_record_steps_then_aggregate(tmp_path: Path) -> None:
    import yaml

    organisation = build(tmp_path / "org")
    steps = yaml.safe_load((ROOT / "action.yml").read_text())["runs"]["steps"]
    record_step = next(s for s in steps if s.get("id") == "record")
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@")
                  and "steps.record.outcome" in s.get("if", ""))
    assert upload["with"]["path"] == "${{ runner.temp }}/gdpr-lint-record.json"
    downloads = tmp_path / "records"
    for name in ("privacy", "shop", "blog", "app"):
        runner = tmp_path / "runner" / name
        runner.mkdir(parents=True)
        env = {**os.environ, "PATHS": ".", "RUNNER_TEMP": str(runner)}
        done = subprocess.run(["bash", "-e", "-c", record_step["run"]], cwd=organisation / name,
                              env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        # `gh run download -n gdpr-lint-record -D records/<repo>` puts the artifact there.
        (downloads / f"acme-{name}").mkdir(parents=True)
        shutil.copy(runner / "gdpr-lint-record.json", downloads / f"acme-{name}")
    result = aggregate("records", "--format", "html", "--output", "register.html",
                       cwd=tmp_path)
    assert result.returncode == 1 and "Merged 4 records" in result.stderr
    assert (tmp_path / "register.html").read_text().count(" at commit ") == 5


def test_controllers_missing_from_the_record_are_x005(organisation: Path,
                                                      tmp_path: Path) -> None:
    folder = tmp_path / "other"
    write(folder, ".gdpr-lint.yaml",
          f"controllers: [{organisation / 'privacy' / 'controllers.record.json'}]\n")
    write(folder, "a.gdpr.yaml", (organisation / "shop" / "shop.gdpr.yaml").read_text()
          .replace("controller: acme", "controller: acne"))
    result = run("check", ".", cwd=folder)
    assert result.returncode == 1
    assert "X005" in result.stdout and "did you mean 'acme'" in result.stdout
    write(folder, ".gdpr-lint.yaml", "controllers: [bad.json]\n")
    write(folder, "bad.json", '{"format": "gdpr-lint-record", "version": 9}\n')
    refused = run("check", ".", cwd=folder)
    assert refused.returncode == 2
    assert "controllers file bad.json:1: record version 9" in refused.stderr


def test_a_folder_of_repositories_and_records_merges_each_once(organisation: Path,
                                                               records: dict[str, Path],
                                                               tmp_path: Path) -> None:
    # The organisation's folder holds the four repositories (linted in place) and the
    # folder of their records (the same repositories at the same commits: merged once).
    result = aggregate(str(organisation), "--format", "json", cwd=tmp_path)
    assert "Merged 4 records" in result.stderr, result.stderr
    data = json.loads(result.stdout)
    assert len(data["activities"]) == 5
    assert {s["repository"] for s in data["sources"]} == set(NAMES.values())
