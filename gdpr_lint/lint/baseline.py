"""Baselines: adopt the linter in an existing repository without fixing everything first.

A baseline records today's findings by path, activity, rule and message (not by line, so
unrelated edits that shift lines keep matching). Applying it hides exactly those findings,
each as many times as it was recorded, and lets every new one through.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Sequence

from gdpr_lint.lint.findings import Finding

Key = tuple[str, str, str, str]
MAX_BASELINE_BYTES = 512 * 1024 * 1024


class BaselineError(Exception):
    """The baseline file cannot be used: exit code 2."""


def _key(finding: Finding) -> Key:
    return (finding.path.replace("\\", "/"), finding.activity or "", finding.rule,
            finding.message)


def dump_baseline(findings: Sequence[Finding]) -> str:
    """The baseline of ``findings`` (their paths relative to the project root)."""
    entries = [dict(zip(("path", "activity", "rule", "message"), _key(f), strict=True))
               for f in findings]
    import json

    return json.dumps({"version": 1, "tool": "gdpr-lint", "findings": entries}, indent=2,
                      ensure_ascii=False) + "\n"


def load_baseline(path: str) -> Counter[Key]:
    import json

    from gdpr_lint.lint.loader import read_regular

    try:
        raw, _ = read_regular(path, limit=MAX_BASELINE_BYTES)
        if len(raw) > MAX_BASELINE_BYTES:
            raise BaselineError(f"{path}: over {MAX_BASELINE_BYTES:,} bytes: not a baseline")
        data = json.loads(raw.decode("utf-8"))
        entries = data["findings"]
        return Counter((str(e["path"]), str(e["activity"] or ""), str(e["rule"]),
                        str(e["message"])) for e in entries)
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read the baseline: {exc.strerror or exc}") from exc
    except (ValueError, KeyError, TypeError, RecursionError) as exc:
        raise BaselineError(f"{path}: not a gdpr-lint baseline (write one with "
                            "--write-baseline)") from exc


def apply_baseline(findings: Sequence[Finding], known: Counter[Key],
                   keys: Sequence[Finding] | None = None) -> tuple[list[Finding], int]:
    """The findings not in the baseline, and how many were hidden."""
    kept, hidden, _ = match_baseline(findings, known, keys)
    return kept, hidden


def match_baseline(findings: Sequence[Finding], known: Counter[Key],
                   keys: Sequence[Finding] | None = None
                   ) -> tuple[list[Finding], int, Counter[Key]]:
    """The findings not in the baseline, how many were hidden, and the entries left over.

    ``keys`` are the same findings as the baseline names them (paths from the project
    root), when ``findings`` name them otherwise (from the current folder).
    """
    remaining = Counter(known)
    kept = []
    for finding, keyed in zip(findings, keys if keys is not None else findings, strict=True):
        key = _key(keyed)
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            kept.append(finding)
    return kept, len(findings) - len(kept), +remaining


def stale_entries(remaining: Counter[Key], linted: Collection[str],
                  exists: Callable[[str], bool]) -> int:
    """Entries that match nothing any more: their file was linted (or is gone)."""
    return sum(n for key, n in remaining.items() if key[0] in linted or not exists(key[0]))


def load_entries(findings: Sequence[Finding]) -> Counter[Key]:
    """Findings (paths already relative to the project root) as baseline entries."""
    return Counter(_key(f) for f in findings)
