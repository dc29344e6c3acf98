"""Hostile files at scale, for the benchmark's "hostile scale" section.

Each case is one small-to-medium file built to hit a cost that used to grow faster than
its input: duplicate ids (each repeat named every other), references to undeclared
controllers (a did-you-mean over every controller), long lists of mappings (uniqueness
checked pair by pair), aliased duplicates, one very long comment line, and suppression
comments (each once read the rest of its comment block, and was tried on every finding).
The baseline is an ordinary file with as many activities, so each ratio says what the
hostility costs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

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
