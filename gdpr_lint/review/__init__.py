"""Reviewing changes (SPEC §9): what a change does to the declared processing."""
