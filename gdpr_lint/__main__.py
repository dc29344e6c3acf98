from gdpr_lint.cli import entry

entry()
