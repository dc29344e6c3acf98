"""Authoring: a guided first declaration (`init`), safe fixes (`check --fix`) and the
language server (`server`)."""
