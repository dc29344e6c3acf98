"""`gdpr-lint rules`: every rule, one line each (ID, severity, title, article, policy file)."""

from __future__ import annotations

from pathlib import Path

from gdpr_lint.commands import out


def main(config_path: str | None) -> int:
    from gdpr_lint.lint.config import load_config
    from gdpr_lint.lint.policies import all_rules

    lines = []
    for rule in all_rules(load_config(config_file(config_path))).values():
        article = f"  ({rule.article})" if rule.article else ""
        origin = f"  [policy {rule.origin}]" if rule.scope == "policy" else ""
        lines.append(f"{rule.id:<8} {rule.severity.value:<8} {rule.title}{article}{origin}\n")
    out("".join(lines))
    return 0


def config_file(config_path: str | None) -> Path | None:
    """--config as a path; None: found upward from the current folder."""
    return Path(config_path) if config_path else None
