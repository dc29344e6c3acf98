"""Jinja2 environments for the HTML and Markdown documents (templates/ beside this module).

HTML autoescapes every value. Markdown has no escaping of its own, and wikis render raw
HTML inside it, so every value printed into a Markdown template passes through `md_text`
(`reporters/_markdown.py`, which every Markdown surface shares).
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from gdpr_lint.reporters._markdown import md_text

if TYPE_CHECKING:
    import jinja2

_FOLDER = os.path.join(os.path.dirname(__file__), "templates")
def slug(value: str) -> str:
    return re.sub(r"[^a-z0-9._-]+", "-", value.lower()).strip("-") or "x"


@functools.cache
def environment(kind: str) -> jinja2.Environment:
    import jinja2

    if kind == "html":
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(_FOLDER), autoescape=True,
                                 trim_blocks=True, lstrip_blocks=True,
                                 undefined=jinja2.StrictUndefined)
    else:
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(_FOLDER), autoescape=False,
                                 trim_blocks=True, lstrip_blocks=True,
                                 undefined=jinja2.StrictUndefined,
                                 finalize=md_text, keep_trailing_newline=True)
    env.filters["slug"] = slug
    return env


def render_template(kind: str, name: str, **values: Any) -> str:
    return environment(kind).get_template(name).render(**values)


def stream_template(kind: str, name: str, **values: Any) -> Iterator[str]:
    """The template's text in the pieces Jinja makes it in (``render`` joins the same)."""
    pieces: Iterator[str] = environment(kind).get_template(name).generate(**values)
    return pieces
