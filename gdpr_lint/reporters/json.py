"""JSON: one object with the findings and a summary (SPEC §6)."""

from __future__ import annotations

import json

from gdpr_lint.lint.findings import Severity
from gdpr_lint.reporters import Report


def render(report: Report) -> str:
    result = report.result
    document = {
        "version": 1,
        "findings": [
            {"path": f.path, "line": f.line, "column": f.column, "rule": f.rule,
             "severity": f.severity.value, "message": f.message, "activity": f.activity,
             "article": f.article}
            for f in result.findings
        ],
        "summary": {"files": result.files, "errors": result.count(Severity.ERROR),
                    "warnings": result.count(Severity.WARNING),
                    "infos": result.count(Severity.INFO)},
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
