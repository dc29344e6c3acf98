"""Built-in rules, one module per area of the GDPR (see `gdpr-lint rules`)."""
