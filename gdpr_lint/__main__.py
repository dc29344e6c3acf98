from gdpr_lint.launch import entry

entry()
