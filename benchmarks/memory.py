"""Peak memory of `gdpr-lint register` per activity against `gdpr-lint check` per file.

Usage: python benchmarks/memory.py [FILES] (default 2,000)

Writes a corpus of FILES generated declarations (benchmarks/corpus.py), runs `check` and
`register --format json` on it, each in its own process with one worker, and prints each
one's peak resident memory (ru_maxrss of the child), the memory per file or activity above
that of a run on an empty project, and their ratio (the target: register within 3 times
check). It judges nothing.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import write_corpus  # noqa: E402


def peak_kib(args: list[str], cwd: Path) -> tuple[int, float]:
    """The peak resident memory of one run, in KiB, and its time."""
    started = time.perf_counter()
    script = ("import resource, subprocess, sys; "
              "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
              "stderr=subprocess.DEVNULL); "
              "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", script, *args], cwd=cwd, capture_output=True,
                         text=True, check=True).stdout
    return int(out.split()[-1]), time.perf_counter() - started


def per_item(files: int) -> tuple[float, float, str]:
    """KiB of peak memory per activity for `register` and per file for `check` on a corpus
    of ``files`` generated declarations, both above an empty project, and the lines that
    say so."""
    exe = shutil.which("gdpr-lint") or "gdpr-lint"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        empty = folder / "empty"
        empty.mkdir()
        write_corpus(files, folder / "corpus", seed=1)
        base, _ = peak_kib([exe, "check", "."], empty)
        check, check_s = peak_kib([exe, "check", "corpus", "--jobs", "1"], folder)
        register, register_s = peak_kib([exe, "register", "corpus", "--format", "json",
                                         "--output", str(folder / "register.json")], folder)
        activities = len(json.loads((folder / "register.json").read_text())
                         .get("activities", [])) or files
    per_file = (check - base) / files
    per_activity = (register - base) / activities
    lines = (f"{files:,} files, {activities:,} activities; empty project {base / 1024:.0f} MiB\n"
             f"check:    {check / 1024:.0f} MiB peak, {per_file:.1f} KiB per file, "
             f"{check_s:.1f} s\n"
             f"register: {register / 1024:.0f} MiB peak, {per_activity:.1f} KiB per activity, "
             f"{register_s:.1f} s")
    return per_activity, per_file, lines


def main() -> None:
    files = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    per_activity, per_file, lines = per_item(files)
    print(lines)
    print(f"ratio register/check per item: {per_activity / max(per_file, 0.1):.1f}")


if __name__ == "__main__":
    main()
