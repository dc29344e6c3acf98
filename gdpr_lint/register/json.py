"""JSON: the resolved record, activities with their controller, derived rights and origin."""

from __future__ import annotations

import json
from typing import Any

from gdpr_lint.register.layouts import Layout
from gdpr_lint.register.model import Party, Register, RegisterEntry


def party(value: Party | None) -> dict[str, Any] | None:
    if value is None:
        return None
    return {"id": value.id, "name": value.name, "contact": value.contact,
            "declared_at": value.where, "declared": value.data}


def entry(value: RegisterEntry) -> dict[str, Any]:
    result: dict[str, Any] = {
        "id": value.id, "name": value.name, "record": value.record,
        "declared_at": value.where,
        ("controller" if value.record == "controller" else "processor"): party(value.party),
        "declared": value.data,
        "items": {i.key: {"state": i.state, "values": list(i.values)} for i in value.items},
        "missing": [i.key for i in value.missing],
    }
    if value.evidence:
        result["evidence"] = value.evidence
    if value.record == "controller":
        result["rights_available"] = [{"right": r.key, "note": r.note} for r in value.rights]
    return result


def document(record: Register) -> dict[str, Any]:
    return {
        "version": 1,
        "generator": f"gdpr-lint {record.version}",
        "commit": record.commit,
        "built": record.built,
        "files": record.files,
        "controllers": [party(s.party) for s in record.controllers],
        "activities": [entry(e) for s in record.controllers for e in s.entries],
        "processors": [party(s.party) for s in record.processors],
        "processor_activities": [entry(e) for s in record.processors for e in s.entries],
        "findings": [{"path": f.path, "line": f.line, "column": f.column, "rule": f.rule,
                      "severity": f.severity.value, "message": f.message,
                      "activity": f.activity, "article": f.article}
                     for f in record.findings],
        "suppressions": [{"declared_at": s.where, "scope": s.scope, "rules": list(s.rules),
                          "reason": s.reason, "used": s.used} for s in record.suppressions],
    }


def render(record: Register, layout: Layout) -> str:
    return json.dumps(document(record), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
