"""Time `gdpr-lint aggregate` over many repositories' records, in one run.

Usage: python benchmarks/organisation.py [--records 1000] [--activities 50] [--repeat 1]

One real record of ``--activities`` activities is built with `gdpr-lint register --format
json` from generated declarations; ``--records`` copies of it, each another repository with
its own activity ids, are merged. Prints wall-clock times, peak memory and ratios against a
baseline measured in the same run (the machines are shared and noisy): time per record at
the full count against a tenth of it, peak memory of the streamed outputs (json, duckdb) at
both counts, and `--format html` against the floor of reading the records (json.loads of
each file, nothing else).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from run import Timing, measure  # noqa: E402

from gdpr_lint.rules.examples import BASES, overlay  # noqa: E402

# The floor: read every record file and parse its JSON, as any reader must.
_READ = """
import json, pathlib, sys
for path in sorted(pathlib.Path(sys.argv[1]).rglob("*.json")):
    json.loads(path.read_text(encoding="utf-8"))
"""


def template(gdpr_lint: str, activities: int, work: Path) -> str:
    """The record file of one generated repository of ``activities`` activities."""
    repo = work / "template"
    repo.mkdir()
    (repo / ".gdpr-lint.yaml").write_text("repository: bench/template\n")
    bases = sorted(BASES)
    items = [overlay(bases[n % len(bases)], {
        "id": f"act-{n:03d}", "name": f"Activity {n}",
        "recipients": [{"name": f"Vendor {n % 40}", "role": "processor",
                        "country": "DE" if n % 3 else "US", "dpf_certified": n % 2 == 0,
                        "contract": f"DPA-{n % 40}"}]}) for n in range(activities)]
    controller = {"id": "acme", "name": "Acme SA", "contact": "privacy@acme.example",
                  "country": "FR", "requests": {"channel": "privacy@acme.example",
                                                "response_time": "P1M"}}
    (repo / "a.gdpr.yaml").write_text(yaml.safe_dump(
        {"controller": controller, "activities": items}, sort_keys=False))
    out = subprocess.run([gdpr_lint, "register", "--format", "json"], cwd=repo,
                         capture_output=True, text=True, check=True)
    return out.stdout


def write_records(text: str, count: int, folder: Path) -> int:
    folder.mkdir(parents=True)
    size = 0
    for n in range(count):
        copy = (text.replace('"repository": "bench/template"', f'"repository": "bench/r{n}"')
                .replace('"id": "act-', f'"id": "r{n}-act-'))
        (folder / f"r{n:05d}.json").write_text(copy, encoding="utf-8")
        size += len(copy)
    return size


def row(label: str, timing: Timing, baseline: Timing | None, note: str = "") -> None:
    ratio = f"{timing.seconds / baseline.seconds:6.2f}x" if baseline else "      "
    print(f"  {label:<46} {timing.seconds:8.2f} s  {ratio}  "
          f"{timing.peak_kib / 1024:7.0f} MiB peak  {note}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--activities", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=1)
    options = parser.parse_args()
    gdpr_lint = shutil.which("gdpr-lint")
    if gdpr_lint is None:
        sys.exit("benchmark: gdpr-lint is not installed")
    work = Path(tempfile.mkdtemp(prefix="gdpr-lint-org-bench-"))
    try:
        text = template(gdpr_lint, options.activities, work)
        full, tenth = options.records, max(1, options.records // 10)
        size = write_records(text, full, work / "full")
        write_records(text, tenth, work / "tenth")
        print(f"{full:,} records of {options.activities} activities "
              f"({size / 1e6:.0f} MB; one record {len(text) / 1e3:.0f} kB)")
        repeat = options.repeat
        read_full = measure([sys.executable, "-c", _READ, "full"], repeat, work)
        read_tenth = measure([sys.executable, "-c", _READ, "tenth"], repeat, work)

        def aggregate(folder: str, fmt: str) -> Timing:
            output = work / f"out-{folder}.{fmt}"
            if output.exists():
                output.unlink()
            return measure([gdpr_lint, "aggregate", folder, "--format", fmt, "--output",
                            str(output)], repeat, work)

        print("\nTime per record (json output), at a tenth and at the full count:")
        json_tenth, json_full = aggregate("tenth", "json"), aggregate("full", "json")
        per_tenth, per_full = json_tenth.seconds / tenth, json_full.seconds / full
        row(f"aggregate json, {tenth:,} records (baseline)", json_tenth, None,
            f"{per_tenth * 1e3:.1f} ms/record")
        row(f"aggregate json, {full:,} records", json_full, None,
            f"{per_full * 1e3:.1f} ms/record, {per_full / per_tenth:.2f}x per record")
        print("\nPeak memory of the streamed outputs (bounded: the same at both counts):")
        duck_tenth, duck_full = aggregate("tenth", "duckdb"), aggregate("full", "duckdb")
        row(f"aggregate duckdb, {tenth:,} records", duck_tenth, None)
        row(f"aggregate duckdb, {full:,} records", duck_full, None,
            f"{duck_full.peak_kib / duck_tenth.peak_kib:.2f}x the memory for 10x the records")
        print(f"  json: {json_tenth.peak_kib / 1024:.0f} MiB at {tenth:,}, "
              f"{json_full.peak_kib / 1024:.0f} MiB at {full:,}")
        print("\nThe HTML register against the floor of reading the records:")
        row(f"floor: read and parse {full:,} records (baseline)", read_full, None)
        row(f"aggregate html, {full:,} records", aggregate("full", "html"), read_full)
        row(f"aggregate json, {full:,} records", json_full, read_full)
        row(f"floor: read and parse {tenth:,} records", read_tenth, None)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
