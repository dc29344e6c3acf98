"""Jinja2 environments for the HTML and Markdown documents (templates/ beside this module).

HTML autoescapes every value. Markdown has no escaping of its own, and wikis render raw
HTML inside it, so every value printed into a Markdown template passes through `md_text`.
"""

from __future__ import annotations

import functools
import os
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jinja2

_FOLDER = os.path.join(os.path.dirname(__file__), "templates")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def md_text(value: Any) -> str:
    """A value as literal Markdown text: HTML and Markdown syntax escaped, one line."""
    if value is None:
        return ""
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = " ".join(text.split())
    return _MD_SPECIAL.sub(r"\\\1", text)


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
