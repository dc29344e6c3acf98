"""The notice's gettext catalogues: extract the fixed texts, update each language's ``.po``,
compile the ``.mo`` the package reads (`gdpr_lint/register/i18n.py`). Babel does the work.

``scripts/generate.py`` runs ``update_catalogues()``; the tests call ``extracted()`` and
``compiled()`` to check the committed files are in step and complete.
"""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from gdpr_lint.register.i18n import DOMAIN, LANGUAGES, LOCALE_DIR

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "gdpr_lint" / "register"
SOURCES = [(PACKAGE / "notice.py", "python"),
           *((path, "jinja2.ext:babel_extract")
             for path in sorted((PACKAGE / "templates").glob("*notice*.j2")))]
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
TRANSLATED = [lang for lang in LANGUAGES if lang != "en"]


def extracted() -> Catalog:
    """Every fixed text of the notice, from its module and its templates."""
    catalog = Catalog(project="gdpr-lint", domain=DOMAIN, charset="utf-8",
                      fuzzy=False)
    for path, method in SOURCES:
        options = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true",
                   "lstrip_blocks": "true"} if method != "python" else {}
        for line, message, comments, context in extract_from_file(
                method, str(path), keywords=KEYWORDS, options=options):
            catalog.add(message, None, [(path.relative_to(ROOT).as_posix(), line)],
                        auto_comments=comments, context=context)
    return catalog


def po_path(lang: str) -> Path:
    return Path(LOCALE_DIR) / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read(lang: str) -> Catalog:
    with po_path(lang).open("rb") as handle:
        return read_po(handle, locale=lang, domain=DOMAIN)


def compiled(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def update_catalogues() -> None:
    """Bring each language's .po in step with the sources (new texts empty, gone texts
    dropped) and compile it to .mo; the header comments (the sources of the wording) stay."""
    template = extracted()
    for lang in TRANSLATED:
        catalog = read(lang)
        template.creation_date = catalog.creation_date  # no churn when nothing changed
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        catalog.revision_date = catalog.creation_date
        catalog.project, catalog.version = "gdpr-lint", ""
        catalog.msgid_bugs_address = "https://github.com/gdpr-lint/gdpr-lint/issues"
        catalog.last_translator = catalog.language_team = "gdpr-lint"
        buffer = io.BytesIO()
        write_po(buffer, catalog, width=100, omit_header=False, sort_output=False,
                 include_lineno=False, ignore_obsolete=True)
        po_path(lang).write_bytes(buffer.getvalue())
        po_path(lang).with_suffix(".mo").write_bytes(compiled(read(lang)))
