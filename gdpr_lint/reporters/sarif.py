"""SARIF 2.1.0, for GitHub code scanning and other SARIF consumers."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from typing import Any

from gdpr_lint.lint.findings import Finding
from gdpr_lint.reporters import Report
from gdpr_lint.rules.registry import Rule

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/gdpr-lint/gdpr-lint"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else text + "."


def _name(rule: Rule) -> str:
    """A PascalCase identifier for the rule, from its title."""
    words = re.findall(r"[A-Za-z0-9]+", rule.title)
    return "".join(w[:1].upper() + w[1:] for w in words)


def _help_uri(rule: Rule) -> str:
    if rule.scope == "policy":  # an organisation's own rule: how policies work
        return f"{INFORMATION_URI}#writing-your-own-policy"
    return f"{INFORMATION_URI}/blob/main/docs/rules.md#{rule.id.lower()}"


def _descriptor(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": _name(rule),
        "shortDescription": {"text": _sentence(rule.title)},
        "fullDescription": {"text": _sentence(rule.rationale)},
        "help": {"text": _sentence(f"{rule.rationale} Run `gdpr-lint explain {rule.id}` for "
                                   "an example"),
                 "markdown": f"{rule.rationale}\n\n**Article:** {rule.article}\n\n"
                             f"Run `gdpr-lint explain {rule.id}` for a bad and a good example."},
        "helpUri": _help_uri(rule),
        "defaultConfiguration": {"level": _LEVELS[rule.severity.value]},
        "properties": {"article": rule.article, "tags": ["gdpr", "privacy", "compliance"],
                       **({"policy": rule.origin} if rule.scope == "policy" else {})},
    }


# Line numbers a message quotes (`also used at a.gdpr.yaml:12`) stay out of fingerprints.
_LINE_REFERENCE = re.compile(r":\d+(?::\d+)?(?=\b|$)")
FINGERPRINT = "gdprLintFinding/v1"


def fingerprints(findings: list[Finding]) -> list[str]:
    """One digest per finding, stable when lines shift, distinct within a run.

    From the path, rule, activity and message (no line or column), plus the occurrence
    count of that combination, so two alike findings in one file never share one.
    """
    seen: Counter[tuple[str, ...]] = Counter()
    out = []
    for f in findings:
        key = (f.path.replace("\\", "/"), f.rule, f.activity or "",
               _LINE_REFERENCE.sub("", f.message))
        seen[key] += 1
        text = json.dumps([*key, seen[key]], ensure_ascii=False)
        out.append(hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest())
    return out


def render(report: Report) -> str:
    used = sorted({f.rule for f in report.result.findings})
    rules = [report.rules[r] for r in used if r in report.rules]
    index = {rule.id: i for i, rule in enumerate(rules)}
    results = []
    digests = fingerprints(report.result.findings)
    for f, digest in zip(report.result.findings, digests, strict=True):
        result: dict[str, Any] = {
            "ruleId": f.rule,
            "level": _LEVELS[f.severity.value],
            "message": {"text": _sentence(f"{f.message} ({f.article})" if f.article
                                          else f.message)},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": f.path.replace("\\", "/"),
                                     "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": f.line, "startColumn": f.column},
            }}],
            "partialFingerprints": {FINGERPRINT: digest},
        }
        if f.rule in index:
            result["ruleIndex"] = index[f.rule]
        if f.activity:
            result["properties"] = {"activity": f.activity}
        results.append(result)
    document = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "gdpr-lint",
                "version": report.version,
                "semanticVersion": report.version,
                "informationUri": INFORMATION_URI,
                "rules": [_descriptor(rule) for rule in rules],
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
