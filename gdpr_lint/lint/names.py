"""The file names gdpr-lint gives a meaning to: its configuration, policy packs, and the
declarations `include` finds by default.

It imports nothing: the configuration and the project's plan both read these names.
"""

from __future__ import annotations

import os

CONFIG_NAMES = (".gdpr-lint.yaml", ".gdpr-lint.yml")
DEFAULT_INCLUDE = ("**/*.gdpr.yaml", "**/*.gdpr.yml")
POLICY_SUFFIXES = (".policy.yaml", ".policy.yml")


def is_config_file(path: str) -> bool:
    """gdpr-lint's configuration, or a `pyproject.toml` (which may hold it)."""
    return os.path.basename(path) in (*CONFIG_NAMES, "pyproject.toml")


def is_policy_name(path: str) -> bool:
    return os.path.basename(path).endswith(POLICY_SUFFIXES)
