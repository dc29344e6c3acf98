"""The floor: the least any linter of these files must do.

A bare loop that parses each file with libyaml (`yaml.load`, CSafeLoader) and validates it
with jsonschema against the project's schema, the validator compiled once. No positions,
no rules, no reports. Usage: python benchmarks/floor.py FILE...
"""

from __future__ import annotations

import json
import sys
from importlib import resources

import jsonschema
import yaml


def main(paths: list[str]) -> int:
    schema = json.loads(resources.files("gdpr_lint").joinpath(
        "schemas", "declaration-v1.schema.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
    errors = 0
    for path in paths:
        with open(path, "rb") as handle:
            data = yaml.load(handle, Loader=yaml.CSafeLoader)
        errors += sum(1 for _ in validator.iter_errors(data))
    print(f"{errors} schema errors in {len(paths)} files")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
