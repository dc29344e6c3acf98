"""Time gdpr-lint against its floor and its neighbours, on the same files, in one run.

Usage: python benchmarks/run.py [--files 2000] [--large 20000] [--hostile 10000] [--repeat 3]

Prints wall-clock times (best of --repeat), peak memory and ratios; it judges nothing. The
machines this runs on are shared and noisy, which is why every figure is a ratio against a
baseline measured in the same run. Needs `pip install -e '.[bench]'` for check-jsonschema
and yamllint; a tool that is missing is reported and skipped.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import write_corpus  # noqa: E402
from hostile import write_cases  # noqa: E402

SCHEMA = HERE.parent / "gdpr_lint" / "schemas" / "declaration-v1.schema.json"

# Runs one command and prints its wall time and the peak RSS of it and its children
# (worker processes included), so each measurement starts from a fresh process.
_MEASURE = """
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
elapsed = time.perf_counter() - start
print(elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)
"""


@dataclass
class Timing:
    seconds: float
    peak_kib: int
    exit_code: int


def measure(command: list[str], repeat: int, cwd: Path) -> Timing:
    best: Timing | None = None
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", _MEASURE, *command], cwd=cwd,
                             capture_output=True, text=True, check=True).stdout.split()
        timing = Timing(float(out[0]), int(out[1]), int(out[2]))
        if timing.exit_code > 1:
            # exit 2 is a refusal before the work: its time says nothing of the work
            sys.exit(f"benchmark: {' '.join(command)} exited {timing.exit_code}")
        if best is None or timing.seconds < best.seconds:
            best = timing
    assert best is not None
    return best


def measure_pair(first: list[str], second: list[str], repeat: int,
                 cwd: Path) -> tuple[Timing, Timing]:
    """Best of ``repeat`` for two commands run turn about, so both see the same noise."""
    a = b = None
    for _ in range(repeat):
        ta, tb = measure(first, 1, cwd), measure(second, 1, cwd)
        a = ta if a is None or ta.seconds < a.seconds else a
        b = tb if b is None or tb.seconds < b.seconds else b
    assert a is not None and b is not None
    return a, b


def tool(name: str) -> str | None:
    found = shutil.which(name)
    if found is None:
        print(f"  ({name} not installed: pip install -e '.[bench]')")
    return found


def row(label: str, timing: Timing, baseline: Timing | None, files: int) -> None:
    ratio = f"{timing.seconds / baseline.seconds:6.2f}x" if baseline else "      "
    print(f"  {label:<44} {timing.seconds:8.3f} s  {ratio}  "
          f"{timing.seconds / files * 1e3:7.3f} ms/file  {timing.peak_kib / 1024:7.1f} MiB peak")


def in_project(gdpr_lint: str, yamllint: str | None, corpus: Path, paths: list[str],
               args: argparse.Namespace) -> None:
    """One staged file in a project of --files files: the project index included."""
    print(f"\nOne file in a {args.files}-file git project (what pre-commit runs on a commit):")
    if shutil.which("git") is None:
        print("  (git not installed: skipped)")
        return
    (corpus / ".gdpr-lint.yaml").write_text("controllers: [controllers.gdpr.yaml]\n")
    quiet = {"capture_output": True, "check": True}
    subprocess.run(["git", "init", "-q"], cwd=corpus, **quiet)  # type: ignore[call-overload]
    subprocess.run(["git", "add", "-A"], cwd=corpus, **quiet)  # type: ignore[call-overload]
    subprocess.run(["git", "-c", "user.name=b", "-c", "user.email=b@example.com", "commit",
                    "-qm", "corpus"], cwd=corpus, **quiet)  # type: ignore[call-overload]
    one = [str(Path(paths[len(paths) // 2]).relative_to("corpus"))]
    if yamllint:
        base, single = measure_pair([yamllint, *one], [gdpr_lint, "check", *one],
                                    args.repeat * 5, corpus)
        row("yamllint (baseline)", base, None, 1)
        row("gdpr-lint check, project index included", single, base, 1)
        print(f"  gdpr-lint / yamllint on one file of the project: "
              f"{single.seconds / base.seconds:.2f}x")
    else:
        single = measure([gdpr_lint, "check", *one], args.repeat * 5, corpus)
        row("gdpr-lint check, project index included", single, None, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--large", type=int, default=20000,
                        help="corpus size for the linearity check (0 to skip)")
    parser.add_argument("--hostile", type=int, default=10000,
                        help="scale of the hostile files (0 to skip)")
    parser.add_argument("--hostile-only", action="store_true",
                        help="run only the hostile scale section")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    gdpr_lint = tool("gdpr-lint")
    if gdpr_lint is None:
        sys.exit("gdpr-lint is not installed: pip install -e .")
    # Measure what pip install gives users: compiled bytecode, even for an editable install
    # or where PYTHONDONTWRITEBYTECODE is set.
    import compileall

    import gdpr_lint as package

    compileall.compile_dir(os.path.dirname(package.__file__), quiet=1)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"Python {sys.version.split()[0]}, {cores} cores; best of {args.repeat} runs")
    with tempfile.TemporaryDirectory(prefix="gdpr-lint-bench-") as tmp:
        work = Path(tmp)
        if args.hostile:
            hostile_scale(gdpr_lint, args.hostile, args.repeat, work)
        if args.hostile_only:
            return
        corpus = work / "corpus"
        report = ["-o", str(work / "report.out")]  # a file: --output refuses /dev/null
        paths = [str(p.relative_to(work)) for p in write_corpus(args.files, corpus)]
        (work / "files.json").write_text(json.dumps(paths))
        n = len(paths) + 1  # the controllers file
        print(f"\n{args.files} files ({sum((work / p).stat().st_size for p in paths) / 1e6:.1f} "
              "MB), every rule on:")
        floor = measure([sys.executable, str(HERE / "floor.py"), *paths], args.repeat, work)
        row("floor: libyaml load + jsonschema (baseline)", floor, None, n)
        lint = measure([gdpr_lint, "check", "corpus", *report], args.repeat, work)
        row("gdpr-lint check (default --jobs)", lint, floor, n)
        serial = measure([gdpr_lint, "check", "corpus", "-j", "1", *report],
                         args.repeat, work)
        row("gdpr-lint check --jobs 1", serial, floor, n)
        for fmt in ("html", "xlsx"):
            # Run turn about with check, so the ratio is not the machine's noise.
            paired, register = measure_pair(
                [gdpr_lint, "check", "corpus", *report],
                [gdpr_lint, "register", "corpus", "--format", fmt, *report],
                args.repeat, work)
            row(f"gdpr-lint register --format {fmt}", register, floor, n)
            print(f"  register {fmt} / check (run turn about): "
                  f"{register.seconds / paired.seconds:.2f}x")
        checker = tool("check-jsonschema")
        if checker:
            other = measure([checker, "--schemafile", str(SCHEMA), *paths], args.repeat, work)
            row("check-jsonschema --schemafile", other, floor, n)
            print(f"  check-jsonschema / gdpr-lint: {other.seconds / lint.seconds:.2f}x")

        print("\nOne file (the pre-commit case):")
        one = [paths[0]]
        yamllint = tool("yamllint")
        if yamllint:
            base, single = measure_pair([yamllint, *one], [gdpr_lint, "check", *one],
                                        args.repeat * 5, work)
            row("yamllint (baseline)", base, None, 1)
            row("gdpr-lint check", single, base, 1)
        else:
            single = measure([gdpr_lint, "check", *one], args.repeat * 5, work)
            row("gdpr-lint check", single, None, 1)
        version = measure([gdpr_lint, "--version"], args.repeat * 3, work)
        row("gdpr-lint --version", version, None, 1)
        in_project(gdpr_lint, yamllint, corpus, paths, args)

        if args.large:
            print(f"\nLinearity: {args.large} files against {args.files}:")
            big = work / "large"
            write_corpus(args.large, big, seed=2)
            large = measure([gdpr_lint, "check", "large", *report], 1, work)
            row(f"gdpr-lint check, {args.large} files", large, None, args.large + 1)
            big_n = args.large + 1
            raw = (large.seconds / big_n) / (lint.seconds / n)
            # The one-file run is the fixed cost (start-up); what is left grows with files.
            marginal = ((large.seconds - single.seconds) / big_n) / \
                ((lint.seconds - single.seconds) / n)
            print(f"  time per file at {args.large} / at {args.files}: {raw:.2f}x; "
                  f"without the fixed start-up cost: {marginal:.2f}x")
            print(f"  peak memory {large.peak_kib / 1024:.0f} MiB against "
                  f"{lint.peak_kib / 1024:.0f} MiB")


def hostile_scale(gdpr_lint: str, n: int, repeat: int, work: Path) -> None:
    """One hostile file per case: time, peak memory, findings, against an ordinary file."""
    print(f"\nHostile scale ({n:,}): one file each, time and peak memory; ratio against "
          "an ordinary file of as many activities:")
    base: Timing | None = None
    for name, (label, path) in write_cases(n, work / "hostile").items():
        # a report file, not /dev/null: --output refuses devices (exit 2 before any work)
        timing = measure([gdpr_lint, "check", str(path), "-o", str(work / "hostile.out")],
                         repeat, work)
        size = path.stat().st_size
        ratio = f"{timing.seconds / base.seconds:6.2f}x" if base else "      "
        print(f"  {label:<44} {timing.seconds:8.3f} s  {ratio}  {size / 1e6:6.2f} MB in  "
              f"{timing.peak_kib / 1024:7.1f} MiB peak  exit {timing.exit_code}")
        if name == "baseline":
            base = timing


if __name__ == "__main__":
    main()
