"""One taxonomy for every kind of evidence: fideslang's data categories.

fideslang (https://ethyca.github.io/fideslang/taxonomy/data_categories/) names personal data
with dotted keys (``user.contact.email``), a parent covering its children. The categories are
shipped as dated data (``gdpr_lint/law/data/fideslang.json``, with the free-text synonyms a
declaration may write instead of a key and the keys that are Art. 9 or Art. 10 data);
``evidence_labels.json`` beside it maps each source's own labels (Apple's collected data
types, Bearer's and Privado's data types, the common classification words) onto the keys.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Any

from gdpr_lint.law.data import load

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def normal(text: str) -> str:
    """Words of a label or name, lower case, single spaces: `contactEmail` -> `contact
    email`, `e-mail_address` -> `e mail address`."""
    return _NOT_WORD.sub(" ", _CAMEL.sub(" ", text).casefold()).strip()


class Taxonomy:
    """The categories, their synonyms and the special and criminal keys."""

    def __init__(self, data: dict[str, Any], labels: dict[str, Any]) -> None:
        self.names: dict[str, str] = {k: v["name"] for k, v in data["categories"].items()}
        self.parents: dict[str, str | None] = {k: v["parent"]
                                               for k, v in data["categories"].items()}
        self.synonyms: dict[str, str] = {}
        # How a message names a key: its first synonym (`phone number`), else its name.
        self.said = {k: v["name"].lower() for k, v in data["categories"].items()}
        self.said.update({k: v[0] for k, v in data["synonyms"].items() if v})
        for key, words in data["synonyms"].items():
            for word in (*words, self.names[key]):
                self.synonyms.setdefault(normal(word), key)
        self.special_keys: dict[str, str] = dict(data["special"])
        self.criminal_keys = frozenset(data["criminal"])
        self.not_personal = frozenset(data["not_personal"])
        self.labels = labels
        words = labels["words"]
        self.personal_words = frozenset(normal(w) for w in words["personal"])
        self.cleared_words = frozenset(normal(w) for w in words["not_personal"])
        self.special_words = {normal(k): v for k, v in words["special"].items()}
        self.hint_words = frozenset(normal(w) for w in words["special_hint"])
        self.meta_keys = frozenset(words["meta_keys"])

    # -- keys ------------------------------------------------------------------------
    def is_key(self, text: str) -> bool:
        return text in self.parents

    def key_for(self, text: str) -> str | None:
        """The key a declared category or a label names: the key itself, or a synonym."""
        stripped = text.strip()
        if stripped in self.parents:
            return stripped
        words = normal(stripped)
        key = self.synonyms.get(words)
        if key is None and words.endswith("s"):
            key = self.synonyms.get(words[:-1])
        return key

    def name(self, key: str | None) -> str:
        if key is None:
            return "personal data of an unnamed category"
        return f"{self.said.get(key, key)} ({key})"

    def ancestors(self, key: str) -> Iterable[str]:
        current: str | None = key
        while current is not None:
            yield current
            current = self.parents.get(current)

    def related(self, a: str, b: str) -> bool:
        """One key covers the other: the same, or a parent of it (either way). The root
        `user` covers nothing but itself: "personal data" says no category."""
        if a == b:
            return True
        if "user" in (a, b):
            return False
        return b.startswith(a + ".") or a.startswith(b + ".")

    def personal(self, key: str) -> bool:
        return not any(k in self.not_personal for k in self.ancestors(key))

    def special(self, key: str | None) -> str | None:
        """The Art. 9(1) category (the `special_categories` value) of a key, or None."""
        if key is None:
            return None
        return next((self.special_keys[k] for k in self.ancestors(key)
                     if k in self.special_keys), None)

    def criminal(self, key: str | None) -> bool:
        return key is not None and any(k in self.criminal_keys for k in self.ancestors(key))

    def keys_of_special(self, value: str) -> list[str]:
        """The keys a declared `special_categories` value stands for."""
        return [k for k, v in self.special_keys.items() if v == value]


@functools.cache
def taxonomy() -> Taxonomy:
    return Taxonomy(load("fideslang.json"), load("evidence_labels.json"))
