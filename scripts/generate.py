"""Regenerate what is derived: docs/rules.md, examples/invalid/, the published schemas in
schemas/, the fast schema checks (declarations, record files), the needles of the rules'
patterns and the notice's compiled catalogues
(gdpr_lint/register/locale/*/LC_MESSAGES/notice.mo).

Run after changing a rule or the schema; the test suite fails while any is out of step.
"""

from __future__ import annotations

from pathlib import Path

from catalogues import update_catalogues  # scripts/catalogues.py, beside this one
from needles import generate_needles  # scripts/needles.py, beside this one

from gdpr_lint.authoring.draft7 import published_schemas
from gdpr_lint.lint.fastcheck import generate_fastcheck
from gdpr_lint.organisation.records import RECORD_SCHEMA
from gdpr_lint.rules import text_patterns
from gdpr_lint.rules.explain import example_file_name, invalid_example, rules_markdown
from gdpr_lint.rules.registry import builtin_rules
from gdpr_lint.rules.special import term_patterns

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    fastcheck = ROOT / "gdpr_lint" / "lint" / "_fastcheck.py"
    fastcheck.write_text(generate_fastcheck(), encoding="utf-8")
    recordcheck = ROOT / "gdpr_lint" / "organisation" / "_recordcheck.py"
    recordcheck.write_text(generate_fastcheck(RECORD_SCHEMA), encoding="utf-8")
    needles = ROOT / "gdpr_lint" / "lint" / "_needles.py"
    needles.write_text(generate_needles(text_patterns(), term_patterns()), encoding="utf-8")
    (ROOT / "docs" / "rules.md").write_text(rules_markdown(), encoding="utf-8")
    schemas = ROOT / "schemas"
    schemas.mkdir(exist_ok=True)
    for name, text in published_schemas().items():
        (schemas / name).write_text(text, encoding="utf-8")
    update_catalogues()
    invalid = ROOT / "examples" / "invalid"
    invalid.mkdir(parents=True, exist_ok=True)
    for old in invalid.glob("*.gdpr.yaml"):
        old.unlink()
    for rule in builtin_rules().values():
        if rule.origin == "built-in" and rule.scope not in ("organisation", "evidence"):
            (invalid / example_file_name(rule)).write_text(invalid_example(rule), encoding="utf-8")


if __name__ == "__main__":
    main()
