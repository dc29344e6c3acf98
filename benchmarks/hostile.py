"""Hostile input at scale: the benchmark's "hostile scale" section, and its own run.

Usage: python benchmarks/hostile.py [--lines 20000] [--long-line 80000] [--files 2000]

Run on its own, it times what grew faster than its input before: an own-line suppression
block of --lines lines and one of 2 MiB (each against a file of the same size without
suppressions, and at twice the size against once: linear is about 2x), hover, completion and
code actions in the language server on a --long-line character line against one a tenth as
long (through a real LSP client, `benchmarks/server.py`; linear is at most 10x), and the peak
memory of `register` per activity against `check` per file on --files generated files
(`benchmarks/memory.py`; the target is 3x at most). Every figure is a ratio against a
baseline measured in the same run; it judges nothing.

For `benchmarks/run.py`, each case is one small-to-medium file built to hit a cost that
used to grow faster than its input: duplicate ids (each repeat named every other),
references to undeclared controllers (a did-you-mean over every controller), long lists of
mappings (uniqueness checked pair by pair), aliased duplicates, one very long comment line,
and suppression comments (each once read the rest of its comment block, and was tried on
every finding). The baseline is an ordinary file with as many activities, so each ratio
says what the hostility costs.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent

CTRL = "controller: {id: acme, name: Acme Ltd, contact: privacy@acme.example}\n"


def baseline(n: int) -> str:
    return CTRL + "activities:\n" + "".join(f"  - {{id: activity-{i}}}\n" for i in range(n))


def duplicate_ids(n: int) -> str:
    return CTRL + "activities:\n" + "  - {id: same}\n" * n


def unresolved_references(n: int) -> str:
    return ("controllers:\n" +
            "".join(f"  - {{id: controller-{i}, name: N, contact: c}}\n" for i in range(n)) +
            "activities:\n" +
            "".join(f"  - {{id: activity-{i}, controller: unknown-{i}}}\n" for i in range(n)))


def long_lists(n: int) -> str:
    return (CTRL + "activities:\n  - id: a\n    rights:\n" +
            "".join(f"      - {{right-{i}: v}}\n" for i in range(n)) +
            "    purposes:\n" + "".join(f"      - purpose {i}\n" for i in range(n)))


def aliased_duplicates(n: int) -> str:
    return CTRL + "one: &a {id: same}\nactivities:\n" + "  - *a\n" * (2 * n)


def suppression_block(n: int) -> str:
    return (CTRL + "activities:\n" +
            "".join(f"  # gdpr-lint: disable=D004 -- reason {i}\n" for i in range(n)) +
            "  - {id: activity}\n")


_RULE = "gdpr-lint: disable=D004"


def comment_block(lines: int, suppress: bool = True) -> str:
    """An own-line comment block of ``lines`` lines before one activity; without
    ``suppress`` the comments say something else in as many characters."""
    said = _RULE if suppress else "an ordinary comment".ljust(len(_RULE), ".")
    return (CTRL + "activities:\n" +
            "".join(f"  # {said} -- reason {i}\n" for i in range(lines)) +
            "  - {id: activity}\n")


def lines_for_size(size: int) -> int:
    """How many block lines make a file of at most ``size`` bytes."""
    lines = size // 40
    while len(comment_block(lines).encode()) > size:
        lines -= max(1, (len(comment_block(lines).encode()) - size) // 40)
    return lines


def suppressed_activities(n: int) -> str:
    return CTRL + "activities:\n" + "".join(
        f"  # gdpr-lint: disable=D004 -- reason\n  - {{id: activity-{i}}}\n" for i in range(n))


def long_comment(n: int) -> str:
    return "# " + "x" * (1024 * 1024) + "\n" + CTRL


CASES: dict[str, tuple[str, Callable[[int], str]]] = {
    "baseline": ("{n:,} ordinary activities (baseline)", baseline),
    "duplicates": ("{n:,} duplicate activity ids", duplicate_ids),
    "unresolved": ("{n:,} unresolved controller references", unresolved_references),
    "lists": ("{n:,}-item lists (mappings in rights)", long_lists),
    "aliases": ("{n2:,} aliased duplicate activities", aliased_duplicates),
    "comment": ("a 1 MiB comment line", long_comment),
    "suppressions": ("{n:,} suppression comments in one block", suppression_block),
    "suppressed": ("{n:,} activities, each with a suppression", suppressed_activities),
}


def write_cases(n: int, folder: Path) -> dict[str, tuple[str, Path]]:
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, (label, make) in CASES.items():
        path = folder / f"{name}.gdpr.yaml"
        path.write_text(make(n), encoding="utf-8")
        written[name] = (label.format(n=n, n2=2 * n), path)
    return written


def _time(path: Path, repeat: int) -> float:
    from run import measure

    exe = shutil.which("gdpr-lint") or "gdpr-lint"
    return measure([exe, "check", str(path), "-o", str(path.with_suffix(".out"))], repeat,
                   path.parent).seconds


def suppressions(lines: int, repeat: int, work: Path) -> None:
    print("Suppressions: one own-line comment block; time against a file of the same size "
          "without suppressions, and at twice the size against once (linear: about 2x)")
    limit = 2 * 1024 * 1024 - 4096  # under the 2 MiB file limit, which refuses larger
    for label, count in ((f"{lines:,} lines", lines),
                         ("2 MiB", lines_for_size(limit))):
        times = {}
        for size in (count // 2, count):
            for suppress in (True, False):
                path = work / f"block-{size}-{'with' if suppress else 'without'}.gdpr.yaml"
                path.write_text(comment_block(size, suppress), encoding="utf-8")
                times[size, suppress] = _time(path, repeat)
        with_, without = times[count, True], times[count, False]
        print(f"  {label:<14} {count:>7,} lines: {with_:7.3f} s, without suppressions "
              f"{without:7.3f} s: {with_ / without:5.2f}x; twice the size of "
              f"{count // 2:,} lines: {with_ / times[count // 2, True]:5.2f}x")


def long_lines(width: int, work: Path) -> None:
    import logging

    from server import long_line_ms, write_project

    logging.getLogger("pygls").setLevel(logging.ERROR)  # the diagnostics it does not ask for
    short = max(1, width // 10)
    print(f"Long lines in the server: {width:,} characters against {short:,} (a real LSP "
          "client; linear: at most 10x)")
    path = write_project(work, 50)
    long = asyncio.run(long_line_ms(path, width))
    base = asyncio.run(long_line_ms(path, short))
    for request, ms in long.items():
        print(f"  {request:<13} {ms:8.0f} ms against {base[request]:8.0f} ms: "
              f"{ms / max(base[request], 0.1):6.2f}x")


def register_memory(files: int) -> None:
    from memory import per_item

    print(f"Register memory: peak per activity against check's per file ({files:,} files; "
          "target: at most 3x)")
    per_activity, per_file, lines = per_item(files)
    print("  " + lines.replace("\n", "\n  "))
    print(f"  register per activity / check per file: {per_activity / max(per_file, 0.1):.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog="Each figure is a ratio against a baseline measured in the same run.")
    parser.add_argument("--lines", type=int, default=20_000,
                        help="lines of the suppression block (0: skip suppressions)")
    parser.add_argument("--long-line", type=int, default=80_000,
                        help="characters of the server's long line (0: skip)")
    parser.add_argument("--files", type=int, default=2000,
                        help="generated files for register memory (0: skip)")
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs")
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    with tempfile.TemporaryDirectory(prefix="gdpr-lint-hostile-") as scratch:
        work = Path(scratch)
        if args.lines:
            (work / "blocks").mkdir()
            suppressions(args.lines, args.repeat, work / "blocks")
        if args.long_line:
            (work / "server").mkdir()
            long_lines(args.long_line, work / "server")
    if args.files:
        register_memory(args.files)


if __name__ == "__main__":
    main()
