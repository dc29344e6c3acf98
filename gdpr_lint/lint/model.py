"""Typed, forgiving views of declared nodes for the rules.

Rules run on data that may also have schema errors (B001 must see an activity with no
basis), so every getter returns an empty value of the expected type instead of raising.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from gdpr_lint.law import data
from gdpr_lint.lint.config import Config
from gdpr_lint.lint.lazyre import lazy_re
from gdpr_lint.lint.loader import Document, JsonPath

# Words that name children in a data subject category, in the six languages of the term
# lists; they only fill in what `children` does not say (SPEC §11).
_CHILD_WORDS = lazy_re(
    r"\b(child|children|minors?|kids?|pupils?|teen(ager)?s?|under[- ]?1[3-8]s?|kinder\w*|"
    r"minderj[äa]hrige\w*|sch[üu]ler\w*|jugendliche\w*|enfants?|mineurs?|[ée]l[èe]ves?|"
    r"ni[ñn]os?|ni[ñn]as?|menores|alumnos?|bambini|minori|alunni|studenti minorenni|"
    r"kinderen|minderjarigen?|leerlingen?)\b", re.IGNORECASE)


class Context:
    """What rules may consult beyond the node: configuration and today's date."""

    __slots__ = ("config", "today")

    def __init__(self, config: Config | None = None, today: dt.date | None = None) -> None:
        self.config = Config() if config is None else config
        self.today = dt.date.today() if today is None else today

    def file_exists(self, doc: Document, relative: str) -> bool:
        """A repository-relative (or declaration-relative) path names an existing file."""
        if not doc.path or relative.startswith(("http://", "https://")):
            return True
        here = Path(doc.path).resolve().parent
        roots = [here, self.config.root]
        for folder in (here, *here.parents):
            if (folder / ".git").exists():
                roots.append(folder)
                break
        return any((root / relative).is_file() for root in roots)


class Node:
    __slots__ = ("ctx", "data", "doc", "path")

    def __init__(self, data: dict[str, Any], doc: Document, path: JsonPath, ctx: Context) -> None:
        self.data = data
        self.doc = doc
        self.path = path
        self.ctx = ctx

    def get(self, *keys: str) -> Any:
        value: Any = self.data
        for key in keys:
            if not isinstance(value, dict):
                return None
            value = value.get(key)
        return value

    def text(self, *keys: str) -> str | None:
        value = self.get(*keys)
        return value if isinstance(value, str) and value.strip() else None

    def mapping(self, *keys: str) -> dict[str, Any]:
        value = self.get(*keys)
        return value if isinstance(value, dict) else {}

    def items(self, *keys: str) -> list[Any]:
        value = self.get(*keys)
        return value if isinstance(value, list) else []

    def flag(self, *keys: str) -> bool:
        return self.get(*keys) is True

    def has(self, *keys: str) -> bool:
        """The key is present with a value (not null, not empty)."""
        value = self.get(*keys)
        return value is not None and value != "" and value != [] and value != {}


class Controller(Node):
    __slots__ = ()

    @property
    def id(self) -> str | None:
        return self.text("id")


class Activity(Node):
    __slots__ = ("controller",)

    def __init__(self, data: dict[str, Any], doc: Document, path: JsonPath, ctx: Context,
                 controller: Controller | None = None) -> None:
        super().__init__(data, doc, path, ctx)
        self.controller = controller

    @property
    def id(self) -> str | None:
        return self.text("id")

    @property
    def basis(self) -> str | None:
        value = self.get("lawful_basis")
        return value if isinstance(value, str) else None

    @property
    def special(self) -> list[str]:
        return [s for s in self.items("special_categories") if isinstance(s, str)]

    @property
    def subjects(self) -> list[str]:
        return [s for s in self.items("data_subjects") if isinstance(s, str)]

    @property
    def rights(self) -> set[str]:
        return {r for r in self.items("rights") if isinstance(r, str)}

    @property
    def has_children(self) -> bool:
        """Children among the data subjects: the declared `children`, or, when the record
        does not say, a data subject category that names them. A declared fact beats a
        guess from words (SPEC §11): `children: false` is never overridden."""
        declared = self.get("children")
        if isinstance(declared, bool):
            return declared
        return self.children_named is not None

    @property
    def children_named(self) -> str | None:
        """The first data subject category whose words name children, when `children` is
        not declared: what a rule may mention in an `info`, never act on."""
        if isinstance(self.get("children"), bool):
            return None
        return next((s for s in self.subjects if _CHILD_WORDS.search(s)), None)

    @property
    def public_authority(self) -> bool:
        return self.controller is not None and self.controller.flag("public_authority")

    @property
    def significant_automated(self) -> bool:
        return self.flag("automated_decisions", "legal_or_similar_effect")

    def retention_entries(self) -> list[tuple[JsonPath, dict[str, Any]]]:
        """Each retention mapping with its path: one, or one per entry of a v1.1 list."""
        return retention_entries(self)


def retention_entries(node: Node) -> list[tuple[JsonPath, dict[str, Any]]]:
    """`retention` as (path, mapping) pairs, whether it is one mapping or a list of them."""
    value = node.get("retention")
    if isinstance(value, dict):
        return [(("retention",), value)]
    if isinstance(value, list):
        return [(("retention", i), v) for i, v in enumerate(value) if isinstance(v, dict)]
    return []


class ProcessorActivity(Node):
    """What the organisation does as a processor for other controllers (Art. 30(2))."""

    __slots__ = ("processor",)

    def __init__(self, data: dict[str, Any], doc: Document, path: JsonPath, ctx: Context,
                 processor: Controller | None = None) -> None:
        super().__init__(data, doc, path, ctx)
        self.processor = processor

    @property
    def id(self) -> str | None:
        return self.text("id")

    @property
    def special(self) -> list[str]:
        return [s for s in self.items("special_categories") if isinstance(s, str)]


def parties(node: Node) -> list[tuple[JsonPath, dict[str, Any]]]:
    """Who receives the data: an activity's recipients, a processor activity's sub-processors
    (mappings only, with their paths), so the transfer rules read both alike."""
    key = "sub_processors" if isinstance(node, ProcessorActivity) else "recipients"
    return [((key, i), r) for i, r in enumerate(node.items(key)) if isinstance(r, dict)]


# -- transfers: derived once, for rules, register and notice alike ------------------------
def us_parties(a: Node) -> list[dict[str, Any]]:
    return [r for _, r in parties(a) if r.get("country") == "US" and r.get("role") != "internal"]


def named_party(a: Node, name: object) -> dict[str, Any] | None:
    """The recipient (or sub-processor) a transfer's `recipient` names, if any."""
    if not isinstance(name, str) or not name.strip():
        return None
    wanted = name.strip().casefold()
    return next((r for _, r in parties(a) if isinstance(r.get("name"), str)
                 and r["name"].strip().casefold() == wanted), None)


def serves(transfer: dict[str, Any], party: dict[str, Any]) -> bool:
    """The transfer serves this recipient: it names it, or names none (every recipient in
    its country, as in format v1.1)."""
    named = transfer.get("recipient")
    if not isinstance(named, str) or not named.strip():
        return True
    return isinstance(party.get("name"), str) and \
        party["name"].strip().casefold() == named.strip().casefold()


def adequate(a: Node, country: str, recipient: dict[str, Any] | None = None) -> bool:
    """An adequacy decision covers this country (for the US: DPF-certified recipients only:
    ``recipient`` when the transfer names it, else every US recipient of the activity).

    A configured `adequacy` list replaces the shipped countries but never lifts the Data
    Privacy Framework condition: Decision 2023/1795 covers certified organisations only.
    """
    listed = a.ctx.config.adequacy
    if listed is not None:
        if country not in listed:
            return False
    else:
        decision = data.adequacy_decision(country=country)
        if decision is None or not data.in_force(decision, a.ctx.today.isoformat()):
            return False
    if country != "US":
        return True
    in_us = [recipient] if recipient is not None else us_parties(a)
    return bool(in_us) and all(r.get("dpf_certified") is True for r in in_us)


def transfer_adequate(a: Node, transfer: dict[str, Any]) -> bool:
    """An adequacy decision covers a transfer's country or international organisation."""
    organisation = transfer.get("organisation")
    organisation = organisation.strip() if isinstance(organisation, str) else None
    if organisation and not transfer.get("country"):
        decision = data.adequacy_decision(organisation=organisation)
        return decision is not None and data.in_force(decision, a.ctx.today.isoformat())
    return adequate(a, str(transfer.get("country")), named_party(a, transfer.get("recipient")))
