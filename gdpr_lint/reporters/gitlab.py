"""GitLab code quality report (a JSON array of issues)."""

from __future__ import annotations

import hashlib
import json
from collections import Counter

from gdpr_lint.reporters import Report

_SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


def render(report: Report) -> str:
    seen: Counter[tuple[str, str, str, str]] = Counter()
    issues = []
    for f in report.result.findings:
        # Line numbers stay out of the fingerprint, so moving an activity down the file
        # does not make GitLab see a new issue; the occurrence count keeps it unique.
        key = (f.path, f.rule, f.activity or "", f.message)
        seen[key] += 1
        fingerprint = hashlib.sha256(
            json.dumps([*key, seen[key]]).encode("utf-8")).hexdigest()
        article = f" ({f.article})" if f.article else ""
        issues.append({
            "type": "issue",
            "description": f"{f.message}{article}",
            "check_name": f.rule,
            "categories": ["Compliance"],
            "fingerprint": fingerprint,
            "severity": _SEVERITY[f.severity.value],
            "location": {"path": f.path, "lines": {"begin": f.line, "end": f.line}},
        })
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
