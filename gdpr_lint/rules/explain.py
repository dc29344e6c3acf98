"""`gdpr-lint explain ID` and the generated rule reference print from the same metadata."""

from __future__ import annotations

import difflib

import click

from gdpr_lint.law import data
from gdpr_lint.rules.examples import example_document
from gdpr_lint.rules.registry import Rule, builtin_rules

# Scopes whose examples are fields laid over a clean example node, not whole files.
PARTIAL = ("activity", "controller", "processor_activity")


def rationale(rule: Rule) -> str:
    """The rule's rationale with the dated reference data it mentions filled in."""
    adequacy = data.adequacy()
    return (rule.rationale.replace("{adequacy_source}", adequacy["source"])
            .replace("{adequacy_date}", adequacy["as_of"]))


def lookup(rule_id: str, rules: dict[str, Rule] | None = None) -> Rule:
    rules = rules if rules is not None else builtin_rules()
    if rule_id not in rules:
        close = difflib.get_close_matches(rule_id, list(rules), n=1)
        hint = f"; did you mean {close[0]}?" if close else ""
        raise click.UsageError(f"no rule '{rule_id}'{hint} (see `gdpr-lint rules`)")
    return rules[rule_id]


def _applied_by(rule: Rule) -> str:
    if rule.fix is not None and not rule.fix.safe:
        return "the editor's quick fix, applied when asked"
    return "`gdpr-lint check --fix`, and the editor's quick fix"


def explain_rule(rule_id: str, full: bool = False,
                 rules: dict[str, Rule] | None = None) -> str:
    """Rationale and examples; ``full`` prints the examples as whole declaration files."""
    rule = lookup(rule_id, rules)
    parts = [f"{rule.id}: {rule.title}", f"Severity: {rule.severity}    Article: {rule.article}",
             "", rationale(rule), ""]
    if rule.fix is not None:
        parts += [f"Fix ({_applied_by(rule)}): {rule.fix.title}.", ""]
    if rule.scope == "policy":
        parts += [f"Policy rule from {rule.origin}. Message: {rule.message}", "",
                  "Applies to activities matching:", _indent(rule.bad),
                  "Each must satisfy:", _indent(rule.good)]
        return "\n".join(parts)
    if rule.reference is not None:
        parts += rule.reference()
    partial = rule.scope in PARTIAL and not full
    bad = rule.bad + "\n" if partial else example_document(rule, "bad")
    good = rule.good + "\n" if partial else example_document(rule, "good")
    parts += ["Raises it:", _indent(bad), "Does not:", _indent(good)]
    if partial:
        what = "a processor activity" if rule.scope == "processor_activity" else "an activity"
        parts.append(f"(Fields of {what}; `gdpr-lint explain --full {rule.id}` prints "
                     "both as whole files.)\n")
    return "\n".join(parts)


def _indent(text: str) -> str:
    return "".join(f"    {line}\n" if line else "\n" for line in text.splitlines())


def rules_markdown() -> str:
    """The rule reference, docs/rules.md, generated from the rules' metadata."""
    rules = builtin_rules()
    out = ["# Rule reference", "",
           "Generated from the rules' metadata by `python scripts/generate.py`; "
           "`gdpr-lint explain ID` prints the same text.", "",
           "| ID | severity | title | article |", "|---|---|---|---|"]
    out += [f"| [{r.id}](#{r.id.lower()}) | {r.severity} | {r.title} | {r.article} |"
            for r in rules.values()]
    for rule in rules.values():
        node = "a processor activity" if rule.scope == "processor_activity" else "an activity"
        fields = f" (fields of {node})" if rule.scope in PARTIAL and rule.base != "file" else \
            " (a repository: each file after a `# NAME` line)" if rule.scope == "evidence" else ""
        fix = ["", f"Fix ({_applied_by(rule)}): {rule.fix.title}."] if rule.fix else []
        out += ["", f"## {rule.id}", "", f"**{rule.title}** ({rule.severity}, {rule.article})",
                "", rationale(rule), *fix, "", f"Raises it{fields}:", "", "```yaml",
                rule.bad.rstrip("\n"), "```", "", "Does not:", "", "```yaml",
                rule.good.rstrip("\n") or "# (nothing)", "```"]
    return "\n".join(out) + "\n"


def invalid_example(rule: Rule) -> str:
    """The examples/invalid file for a rule: its bad example as a whole declaration file."""
    header = (f"# Raises {rule.id}: {rule.title} ({rule.article}).\n"
              f"# `gdpr-lint explain {rule.id}` says why and how to fix it.\n")
    if rule.scope == "processor_activity":
        from gdpr_lint.lint.loader import load_document
        from gdpr_lint.rules.examples import PROCESSOR_ACTIVITY, processor_document

        fields = load_document(rule.bad, "<example>").data or {}
        fields = {"id": f"{rule.id.lower()}-{PROCESSOR_ACTIVITY['id']}", **fields}
        return header + processor_document(fields)
    if rule.scope in ("activity", "controller") and rule.base != "file":
        from gdpr_lint.lint.loader import load_document
        from gdpr_lint.rules.examples import activities_document, base_activity

        fields = load_document(rule.bad, "<example>").data or {}
        base_id = base_activity(rule.base)["id"]
        fields = {"id": f"{rule.id.lower()}-{base_id}", **fields}
        return header + activities_document(fields, base=rule.base)
    return header + example_document(rule, "bad").replace(
        "newsletter", f"{rule.id.lower()}-newsletter")


def example_file_name(rule: Rule) -> str:
    words = "".join(c if c.isalnum() else " " for c in rule.title.lower()).split()
    slug = "-".join(words[:5])
    return f"{rule.id}-{slug}.gdpr.yaml"
