"""The register (Art. 30 record) and the notice (Arts 13, 14), rendered from one record.

`model.build_record` turns one engine run into the resolved record; each format has its own
small renderer module (``render(record, layout) -> str | bytes``), like the reporters.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gdpr_lint.register.model import Record

FORMATS = ("html", "md", "csv", "xlsx", "json", "jsonld")
NOTICE_FORMATS = ("html", "md")


def render(fmt: str, record: Record, layout: str = "generic") -> str | bytes:
    from gdpr_lint.register.layouts import BY_NAME

    module = importlib.import_module(f"gdpr_lint.register.{fmt}")
    output: str | bytes = module.render(record, BY_NAME[layout])
    return output
