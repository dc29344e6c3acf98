"""Generate a corpus of realistic declaration files for the benchmark.

Usage: python benchmarks/corpus.py N FOLDER [--seed S]

Each file holds 1 to 3 activities drawn from the example bases (all six lawful bases),
with varied names, purposes and data; about one file in ten carries a fault (a missing
basis, an incomplete assessment, an undeclared transfer, indefinite retention, ...). A
controllers file is written beside them.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path
from typing import Any

import yaml

from gdpr_lint.rules.examples import BASES, CONTROLLER, overlay

FAULTS: list[dict[str, Any]] = [
    {"lawful_basis": None},
    {"retention": {"criteria": "kept forever"}},
    {"recipients": [{"name": "Support Inc", "role": "processor", "country": "US"}]},
    {"security_measures": None},
    {"notice": None},
    {"data_categories": ["name", "diagnosis"]},
]
TEAMS = ["shop", "billing", "hr", "support", "marketing", "logistics", "security", "data"]


def activity(rng: random.Random, number: int, faulty: bool) -> dict[str, Any]:
    base = rng.choice(sorted(BASES))
    fields: dict[str, Any] = {
        "id": f"{rng.choice(TEAMS)}.activity-{number}",
        "name": f"Processing activity {number}",
        "description": "Generated for the benchmark: " + " ".join(
            rng.choice(["customer", "order", "account", "ticket", "payment", "report"])
            for _ in range(8)),
    }
    if faulty:
        fields.update(rng.choice(FAULTS))
    return overlay(base, fields)


def write_corpus(count: int, folder: Path, seed: int = 1) -> list[Path]:
    rng = random.Random(seed)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    (folder / "controllers.gdpr.yaml").write_text(
        yaml.safe_dump({"controllers": [CONTROLLER]}, sort_keys=False))
    paths = []
    number = 0
    for index in range(count):
        team = TEAMS[index % len(TEAMS)]
        activities = []
        for _ in range(rng.randint(1, 3)):
            number += 1
            activities.append(activity(rng, number, faulty=rng.random() < 0.1))
        path = folder / team / f"service-{index:05d}.gdpr.yaml"
        path.parent.mkdir(exist_ok=True)
        path.write_text(yaml.safe_dump({"version": 1, "controller": CONTROLLER["id"],
                                        "activities": activities},
                                       sort_keys=False, allow_unicode=True))
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    write_corpus(args.count, args.folder, args.seed)


if __name__ == "__main__":
    main()
