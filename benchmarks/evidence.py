"""Time the evidence comparison (§13) against its floor, in one run.

Usage: python benchmarks/evidence.py [--megabytes 50] [--files 2000] [--repeat 3]

Writes a dbt manifest of about --megabytes (models with columns, one model in five labelled
personal data column by column, as teams label them) and --files declaration files (the
benchmark corpus, each activity listing the warehouse in `systems`), then times, each in a
fresh process and best of --repeat:

  load    `json.load` of the manifest (the least any reader of it pays);
  check   `gdpr-lint check` of the declarations, no evidence configured;
  both    `gdpr-lint check` of the same declarations with the manifest as evidence.

The target is `both` within 2x of `load` + `check`. Prints times, peak memory and the ratio;
the machines are shared and noisy, so only the ratio (measured in the same run) is compared.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import write_corpus  # noqa: E402
from run import measure  # noqa: E402

LABELLED = [("customer_id", "user.unique_id"), ("email", "user.contact.email"),
            ("first_name", "user.name.first"), ("last_name", "user.name.last"),
            ("postal_address", "user.contact.address")]


def column(name: str, meta: dict[str, object]) -> dict[str, object]:
    return {"name": name, "description": f"The {name.replace('_', ' ')} of the row.",
            "meta": meta, "data_type": "varchar", "constraints": [], "quote": None,
            "config": {"meta": meta, "tags": ["pii"] if meta else []},
            "tags": ["pii"] if meta else [], "granularity": None, "doc_blocks": []}


def model(rng: random.Random, number: int) -> dict[str, object]:
    personal = number % 5 == 0
    columns = {f"metric_{i}": column(f"metric_{i}", {}) for i in range(20)}
    if personal:
        columns.update({name: column(name, {"pii": True, "data_category": key})
                        for name, key in LABELLED})
    name = f"model_{number:06d}"
    sql = "select " + ", ".join(columns) + f" from {{{{ ref('stg_{number}') }}}}"
    meta = {"contains_pii": True, "owner": "data-platform"} if personal else {"owner": "bi"}
    return {
        "database": "analytics", "schema": "marts", "name": name, "resource_type": "model",
        "package_name": "shop_warehouse", "path": f"marts/{name}.sql",
        "original_file_path": f"models/marts/{name}.sql",
        "unique_id": f"model.shop_warehouse.{name}", "fqn": ["shop_warehouse", "marts", name],
        "alias": name, "checksum": {"name": "sha256", "checksum": f"{rng.getrandbits(256):064x}"},
        "config": {"enabled": True, "materialized": "table", "tags": [], "meta": meta,
                   "persist_docs": {}, "post-hook": [], "pre-hook": [], "quoting": {},
                   "column_types": {}, "on_schema_change": "ignore", "grants": {},
                   "packages": [], "docs": {"show": True, "node_color": None},
                   "contract": {"enforced": False, "alias_types": True}, "access": "protected"},
        "tags": [], "description": "A mart of the warehouse. " * 8, "columns": columns,
        "meta": meta, "raw_code": sql, "language": "sql",
        "refs": [{"name": f"stg_{number}", "package": None, "version": None}],
        "depends_on": {"macros": [], "nodes": [f"model.shop_warehouse.stg_{number}"]},
    }


def write_manifest(path: Path, megabytes: int) -> int:
    """A manifest of at least ``megabytes``; returns its number of models."""
    rng = random.Random(7)
    nodes: dict[str, object] = {}
    size, number = 0, 0
    while size < megabytes * 1_000_000:
        node = model(rng, number)
        nodes[str(node["unique_id"])] = node
        size += len(json.dumps(node))
        number += 1
    manifest = {"metadata": {"dbt_schema_version":
                             "https://schemas.getdbt.com/dbt/manifest/v12.json",
                             "dbt_version": "1.11.0", "project_name": "shop_warehouse"},
                "nodes": nodes, "sources": {}, "macros": {}, "docs": {}, "exposures": {}}
    path.write_text(json.dumps(manifest))
    return number


def add_systems(folder: Path) -> int:
    """Every activity of the corpus lists the warehouse; returns the number of activities."""
    count = 0
    for path in folder.rglob("*.gdpr.yaml"):
        data = yaml.safe_load(path.read_text())
        for activity in data.get("activities") or []:
            activity["systems"] = ["shop_warehouse"]
            count += 1
        path.write_text(yaml.safe_dump(data, sort_keys=False))
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=50)
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    exe = shutil.which("gdpr-lint")
    if exe is None:
        sys.exit("gdpr-lint is not installed: pip install -e .")
    with tempfile.TemporaryDirectory(prefix="gdpr-lint-evidence-") as tmp:
        work = Path(tmp)
        plain, evidenced = work / "plain", work / "evidenced"
        write_corpus(args.files, plain / "decl")
        activities = add_systems(plain / "decl")
        (plain / ".gdpr-lint.yaml").write_text(
            "controllers: [decl/controllers.gdpr.yaml]\n")
        shutil.copytree(plain, evidenced)
        manifest = work / "manifest.json"
        models = write_manifest(manifest, args.megabytes)
        (evidenced / ".gdpr-lint.yaml").write_text(
            "controllers: [decl/controllers.gdpr.yaml]\n"
            f"evidence:\n  - {{path: {manifest}}}\n")
        print(f"manifest: {manifest.stat().st_size / 1e6:.1f} MB, {models:,} models; "
              f"{args.files:,} declaration files, {activities:,} activities")
        load = measure([sys.executable, "-c", "import json, sys; json.load(open(sys.argv[1]))",
                        str(manifest)], args.repeat, work)
        check = measure([exe, "check", "decl"], args.repeat, plain)
        both = measure([exe, "check", "decl"], args.repeat, evidenced)
        for label, timing in (("json.load of the manifest", load),
                              ("check, no evidence", check),
                              ("check with the manifest as evidence", both)):
            print(f"  {label:38} {timing.seconds:7.2f} s  {timing.peak_kib / 1024:7.0f} MiB")
        floor = load.seconds + check.seconds
        print(f"  ratio: {both.seconds / floor:.2f}x of json.load + check (target: at most 2x); "
              f"the evidence adds {both.seconds - check.seconds:.2f} s")


if __name__ == "__main__":
    main()
