"""The register (Art. 30 record) and the notice (Arts 13, 14), rendered from one record.

`model.build_register` turns the project's Record (`lint/resolve.py`) into the register;
each format has its own small renderer module (``render(record, layout) -> str | bytes``),
like the reporters.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gdpr_lint.register.model import Register

FORMATS = ("html", "md", "csv", "xlsx", "json", "jsonld")
NOTICE_FORMATS = ("html", "md")


def render(fmt: str, record: Register, layout: str = "generic") -> str | bytes:
    from gdpr_lint.register.layouts import by_name

    module = importlib.import_module(f"gdpr_lint.register.{fmt}")
    output: str | bytes = module.render(record, by_name(layout))
    return output
