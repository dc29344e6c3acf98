"""What an activity declares that evidence is compared with, kept small for the cross-file
step (a parallel run sends it from the worker that checked the file)."""

from __future__ import annotations

import re
from typing import NamedTuple

from gdpr_lint.lint.model import Activity, Controller

_DOMAIN = re.compile(r"(?:@|://)([A-Za-z0-9.-]+\.[A-Za-z]{2,})")


class Declared(NamedTuple):
    path: str
    activity: str
    line: int
    column: int
    # Each `systems` entry: (text, line, column).
    systems: tuple[tuple[str, int, int], ...]
    categories: tuple[str, ...]
    special: tuple[str, ...]
    criminal: bool
    recipients: tuple[str, ...]
    # Each retention entry: (its categories, its period, line, column).
    retention: tuple[tuple[tuple[str, ...], str | None, int, int], ...]
    # Internet domains that are the controller's own (its contact, its notice).
    own_domains: tuple[str, ...]


def _texts(values: list[object]) -> tuple[str, ...]:
    return tuple(v for v in values if isinstance(v, str) and v.strip())


def _list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def _domains(activity: Activity, controller: Controller | None) -> tuple[str, ...]:
    texts = [activity.text("notice", "url") or ""]
    if controller is not None:
        texts += [controller.text("contact") or "", controller.text("requests", "channel") or "",
                  controller.text("dpo", "contact") or ""]
    found = {m.casefold() for text in texts for m in _DOMAIN.findall(text)}
    return tuple(sorted(found))


def declared(activity: Activity) -> Declared | None:
    """The facts of an activity that names its systems; None for one that names none."""
    doc, path = activity.doc, activity.path
    systems = tuple((s, *doc.position((*path, "systems", i)))
                    for i, s in enumerate(activity.items("systems"))
                    if isinstance(s, str) and s.strip())
    if not systems or not activity.id:
        return None
    names = []
    for recipient in activity.items("recipients"):
        if isinstance(recipient, str):
            names.append(recipient)
        elif isinstance(recipient, dict) and isinstance(recipient.get("name"), str):
            names.append(recipient["name"])
    retention = tuple(
        (_texts(_list(entry.get("categories"))),
         entry.get("period") if isinstance(entry.get("period"), str) else None,
         *doc.position((*path, *where, "period") if "period" in entry else (*path, *where)))
        for where, entry in activity.retention_entries())
    line, column = doc.position(path)
    return Declared(doc.path, activity.id, line, column, systems,
                    _texts(activity.items("data_categories")), tuple(activity.special),
                    activity.flag("criminal_data"), tuple(names), retention,
                    _domains(activity, activity.controller))
