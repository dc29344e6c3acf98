"""From a field's labels to what it shows: the one reading every labelled format shares.

dbt's `meta` and `tags`, a contract's `classification` and `tags`, an API's `x-pii` and
`x-data-classification` are free vocabularies. A label that is a fideslang key, or a synonym
of one, names the category outright (explicit); a label such as `pii` or `sensitive` only says
the field is personal data, and the field's own name then suggests the category (a guess);
`public` or `pii: false` clear the field.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from gdpr_lint.evidence import Seen
from gdpr_lint.evidence.taxonomy import normal, taxonomy


def meta_labels(meta: Any) -> list[Any]:
    """The labels a `meta`-like mapping carries under the keys that speak of personal data:
    `pii: true` (True), `data_category: user.contact.email`, `sensitivity: [pii, health]`;
    `pii: false` gives False."""
    if not isinstance(meta, dict):
        return []
    keys = taxonomy().meta_keys
    out: list[Any] = []
    for key, value in meta.items():
        if not isinstance(key, str) or key.casefold() not in keys:
            continue
        if isinstance(value, list):
            out.extend(v for v in value if isinstance(v, (str, bool)))
        elif isinstance(value, (str, bool)):
            out.append(value)
    return out


def guess_key(name: str) -> str | None:
    """The category a field's name suggests: the whole name, else its longest run of words
    that is a synonym (`customer_email_address` -> `email address`)."""
    tax = taxonomy()
    words = normal(name).split()
    for size in range(len(words), 0, -1):
        for start in range(len(words) - size + 1):
            key = tax.key_for(" ".join(words[start:start + size]))
            if key is not None:
                return key
    return None


def observe(name: str, labels: Iterable[Any], where: str, line: int = 0,
            explicit: bool = True) -> list[Seen]:
    """What a field with these labels shows; nothing when no label marks personal data."""
    tax = taxonomy()
    keys: list[str] = []
    personal = hint = cleared = False
    for label in labels:
        if label is True:
            personal = True
            continue
        if label is False:
            cleared = True
            continue
        if not isinstance(label, str) or not label.strip():
            continue
        text = label.strip().rsplit("/", 1)[-1]  # a policy tag's resource name
        if tax.is_key(text):
            if tax.personal(text):
                keys.append(text)
            continue
        words = normal(text)
        if words in tax.cleared_words:
            cleared = True
        elif words in tax.special_words:
            keys.append(tax.special_words[words])
        elif words in tax.hint_words:
            hint = personal = True
        elif words in tax.personal_words:
            personal = True
        elif (key := tax.key_for(words)) is not None:
            keys.append(key)
        else:  # `pii_email`, `pii-health`: a marker and a category in one label
            tokens = words.split()
            marked = [t for t in tokens if t in tax.personal_words]
            if marked:
                personal = True
                rest = " ".join(t for t in tokens if t not in tax.personal_words)
                key = tax.special_words.get(rest) or (tax.key_for(rest) if rest else None)
                if key is not None:
                    keys.append(key)
    if keys:
        return [Seen(key, name, where, line, explicit, hint) for key in dict.fromkeys(keys)]
    if not (personal or hint) or (cleared and not hint):
        return []
    return [Seen(guess_key(name), name, where, line, False, hint)]
