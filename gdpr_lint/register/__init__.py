"""The register (Art. 30 record) and the notice (Arts 13, 14), rendered from one record.

`model.build_register` turns the project's Record (`lint/resolve.py`) into the register;
each format has its own small renderer module (``render(record, layout) -> str | bytes``),
like the reporters.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gdpr_lint.register.model import Register

FORMATS = ("html", "md", "csv", "xlsx", "json", "jsonld")
NOTICE_FORMATS = ("html", "md")


def render(fmt: str, record: Register, layout: str = "generic") -> str | bytes:
    output = stream(fmt, record, layout)
    return output if isinstance(output, bytes) else "".join(output)


def stream(fmt: str, record: Register, layout: str = "generic") -> Iterator[str] | bytes:
    """The document as it is made: a text format piece by piece (a renderer's ``stream``,
    so that a large register is written without being held whole), XLSX as bytes."""
    from gdpr_lint.register.layouts import by_name

    module = importlib.import_module(f"gdpr_lint.register.{fmt}")
    if hasattr(module, "stream"):
        pieces: Iterator[str] = module.stream(record, by_name(layout))
        return pieces
    output: str | bytes = module.render(record, by_name(layout))
    return output if isinstance(output, bytes) else iter((output,))
