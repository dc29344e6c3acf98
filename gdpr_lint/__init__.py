"""gdpr-lint: a policy-as-code linter for GDPR records of processing activities."""

__version__ = "0.1.0"
