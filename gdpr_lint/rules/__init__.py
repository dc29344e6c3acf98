"""Built-in rules, one module per area of the GDPR (see `gdpr-lint rules`)."""


def text_patterns() -> list[tuple[str, int]]:
    """Every pattern (and its flags) the rules read free text with: S003's terms and the
    lazy patterns of the rules and of the modules they use. scripts/generate.py reads their
    needles ahead of time from this list."""
    import re

    from gdpr_lint.law import rights, statutes  # noqa: F401  (their patterns)
    from gdpr_lint.lint import model  # noqa: F401  (its patterns)
    from gdpr_lint.lint.lazyre import made
    from gdpr_lint.rules.registry import builtin_rules
    from gdpr_lint.rules.special import term_patterns

    builtin_rules()
    lazy = {(p.pattern, int(p.flags)) for p in made()}
    return sorted(lazy | {(p, int(re.IGNORECASE)) for p in term_patterns()})
