"""The notice in the reader's language: gettext catalogues, CLDR names and dates (Babel).

The catalogues are ``locale/<lang>/LC_MESSAGES/notice.po`` beside this module, compiled to
``notice.mo`` by ``scripts/generate.py`` (``scripts/catalogues.py``); English is the source
text. Babel reads the compiled catalogues and gives what no catalogue should copy by hand:
country names and dates in each language (CLDR). Imported only by `gdpr-lint notice`.
"""

from __future__ import annotations

import functools
import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import gettext

    import jinja2

LANGUAGES = ("en", "de", "fr", "es", "it", "nl")
DOMAIN = "notice"
LOCALE_DIR = os.path.join(os.path.dirname(__file__), "locale")


def N_(message: str) -> str:
    """Marks a text for the catalogues where it is defined; translated where it is shown."""
    return message


@functools.cache
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of ``lang``; English is the source text itself."""
    import gettext

    if lang == "en":
        return gettext.NullTranslations()
    from babel.support import Translations

    found = Translations.load(LOCALE_DIR, [lang], DOMAIN)
    if not isinstance(found, Translations):  # pragma: no cover - the package ships them
        raise FileNotFoundError(f"no {DOMAIN}.mo for {lang} in {LOCALE_DIR}")
    return found


@functools.cache
def environment(kind: str, lang: str) -> jinja2.Environment:
    """The templates' environment (`register/templates.py`) with the i18n extension and the
    catalogue of ``lang`` installed: templates write ``_("text", name=value)``, and values
    are escaped as everywhere else."""

    from gdpr_lint.register.templates import environment as base

    env = base(kind).overlay(extensions=["jinja2.ext.i18n"])
    env.globals = dict(env.globals)  # its own: an overlay shares its base's (the last language)
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    return env


def country_name(code: str, lang: str) -> str:
    """The country's name in ``lang`` (CLDR); an unknown code as written."""
    from babel import Locale

    name: Any = Locale.parse(lang).territories.get(code.upper())
    return name if isinstance(name, str) else code


def long_date(iso: str, lang: str) -> str:
    """``2026-12-06`` (or an ISO timestamp) as a date written out in ``lang``."""
    import datetime as dt

    from babel.dates import format_date

    try:
        day = dt.date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    return str(format_date(day, format="long", locale=lang))
