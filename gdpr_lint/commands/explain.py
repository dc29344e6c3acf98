"""`gdpr-lint explain ID`: a rule's rationale with its bad and good examples."""

from __future__ import annotations

from dataclasses import dataclass

from gdpr_lint.commands import out


@dataclass
class ExplainOptions:
    rule_id: str
    full: bool = False  # the examples as whole declaration files
    config_path: str | None = None  # for the policy rules it declares


def main(options: ExplainOptions) -> int:
    from gdpr_lint.commands.rules import config_file
    from gdpr_lint.lint.config import load_config
    from gdpr_lint.lint.policies import all_rules
    from gdpr_lint.rules.explain import explain_rule

    rules = all_rules(load_config(config_file(options.config_path)))
    out(explain_rule(options.rule_id.upper(), options.full, rules))
    return 0
