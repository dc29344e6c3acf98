"""`gdpr-lint schema`: the declaration format's JSON Schema (draft 2020-12, or 7 for editors),
or the record file's (`--record`)."""

from __future__ import annotations

from gdpr_lint.commands import out


def main(draft: str = "2020-12", record: bool = False) -> int:
    if record:
        from gdpr_lint.lint.schema import schema_text
        from gdpr_lint.organisation.records import RECORD_SCHEMA

        out(schema_text(RECORD_SCHEMA))
        return 0
    if draft == "7":
        from gdpr_lint.authoring.draft7 import draft7_text

        out(draft7_text())
        return 0
    from gdpr_lint.lint.schema import schema_text

    out(schema_text())
    return 0
