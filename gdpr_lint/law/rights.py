"""What the GDPR derives from a declaration: the rights data subjects have and the exemptions
the Regulation itself provides (Arts 13(4), 14(5), 17(3), 21(6), 23, 89).

Computed here once, on plain data, so the rules, the register and the notice agree: a right
an exemption removes is not asked for by R001/R006 and not promised by the register.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from gdpr_lint.lint.lazyre import LazyRe, lazy_re

# What each provision can limit, from its text. Art. 89(2): Arts 15, 16, 18, 21;
# Art. 89(3): Arts 15, 16, 18, 19, 20, 21; Art. 23(1): Arts 12 to 22 and 34 (never the
# complaint of Art. 77, nor the withdrawal of Art. 7(3)); Art. 17(3): erasure; Art. 21(6):
# the objection to research or statistics necessary for a task in the public interest.
CAN_LIMIT: dict[str, frozenset[str]] = {
    "art17_3": frozenset({"erasure"}),
    "art21_6": frozenset({"object"}),
    "art89_2": frozenset({"access", "rectification", "restriction", "object"}),
    "art89_3": frozenset({"access", "rectification", "restriction", "portability", "object"}),
    "art23": frozenset({"access", "rectification", "erasure", "restriction", "portability",
                        "object", "human_review"}),
}
NEEDS_LAW = frozenset({"art14_5_c", "art23", "art89_2", "art89_3"})
INFORMATION = frozenset({"art13_4", "art14_5_a", "art14_5_b", "art14_5_c", "art14_5_d"})
INDIRECT_SOURCES = frozenset({"third_party", "public"})

# A right named in an exemption's justification, in words or by its article.
_RIGHT_WORDS: dict[str, LazyRe] = {
    right: lazy_re(pattern, re.IGNORECASE) for right, pattern in {
        "access": r"\baccess\b|\bArt(icle|\.)?\s*15\b",
        "rectification": r"\brectif|\bArt(icle|\.)?\s*16\b",
        "erasure": r"\berasure\b|\bto be forgotten\b|\bArt(icle|\.)?\s*17\b",
        "restriction": r"\brestriction of processing\b|\bArt(icle|\.)?\s*18\b",
        "portability": r"\bportability\b|\bArt(icle|\.)?\s*20\b",
        "object": r"\bobject(ion)?\b|\bArt(icle|\.)?\s*21\b",
        "human_review": r"\bArt(icle|\.)?\s*22\b",
    }.items()
}
# The information duty of Arts 13-14 named in an Art. 23 restriction's words.
_INFORMATION_WORDS = lazy_re(r"\b(inform(ed|ing|ation)?|notice|notif(y|ied|ication)|"
                                r"Art(icle|\.)?\s*1[34])\b", re.IGNORECASE)
_RESEARCH = lazy_re(r"\b(research|statistic(s|al)?|stud(y|ies)|cohort|survey)\b",
                       re.IGNORECASE)

# The rights each lawful basis gives (Arts 7(3), 17(3)(b), 20(1), 21(1)); kept in
# gdpr_lint.rules.rights as RIGHTS_BY_BASIS for its v1 readers.
EVERY_BASIS = ("access", "rectification", "restriction", "complaint")


class Exemption:
    """One declared exemption, with the rights it limits (named and legally possible)."""

    __slots__ = ("index", "justification", "law", "listed", "named", "provision")

    def __init__(self, index: int, provision: str, justification: str, law: str,
                 named: frozenset[str], listed: frozenset[str] = frozenset()) -> None:
        self.index = index
        self.provision = provision
        self.justification = justification
        self.law = law
        self.named = named
        self.listed = listed

    @property
    def limits(self) -> frozenset[str]:
        """The rights it removes: all it can for art17_3/art21_6, else those it names."""
        can = CAN_LIMIT.get(self.provision, frozenset())
        if self.provision in ("art17_3", "art21_6"):
            return can
        return self.named & can

    @property
    def out_of_reach(self) -> frozenset[str]:
        """Rights its `rights` list names that its provision cannot limit (Art. 89(2) and
        erasure, ...)."""
        if self.provision not in CAN_LIMIT:
            return frozenset()
        return self.listed - CAN_LIMIT[self.provision]


def _data(activity: Any) -> Mapping[str, Any]:
    data = getattr(activity, "data", activity)
    return data if isinstance(data, Mapping) else {}


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def exemptions(activity: Any) -> list[Exemption]:
    """The activity's `exemptions` (an Activity or its plain mapping), malformed ones skipped."""
    declared = _data(activity).get("exemptions")
    found: list[Exemption] = []
    for index, item in enumerate(declared if isinstance(declared, list) else []):
        if not isinstance(item, Mapping) or not isinstance(item.get("provision"), str):
            continue
        justification = _text(item.get("justification"))
        given = item.get("rights")
        listed = frozenset(r for r in given if isinstance(r, str)) \
            if isinstance(given, list) else frozenset()
        named = listed | {r for r, words in _RIGHT_WORDS.items() if words.search(justification)}
        found.append(Exemption(index, item["provision"], justification, _text(item.get("law")),
                               frozenset(named), listed))
    return found


def has_exemption(activity: Any, *provisions: str) -> bool:
    return any(e.provision in provisions for e in exemptions(activity))


def restricts_information(exemption: Exemption) -> bool:
    """An Art. 23 restriction that concerns the information of Arts 13-14 (its words say so)."""
    return exemption.provision == "art23" and bool(
        _INFORMATION_WORDS.search(exemption.justification))


def sources(activity: Any) -> list[str]:
    """Where the data come from: `source` as a list (default: the data subject)."""
    value = _data(activity).get("source")
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        listed = [v for v in value if isinstance(v, str)]
        return listed or ["data_subject"]
    return ["data_subject"]


def indirect(activity: Any) -> bool:
    """Some of the data are not obtained from the data subject (Art. 14)."""
    return any(s in INDIRECT_SOURCES for s in sources(activity))


def research_purpose(activity: Any) -> bool:
    """The purposes are scientific or historical research or statistics (Art. 89(1))."""
    data = _data(activity)
    if data.get("art9_condition") == "archiving_research_statistics" or \
            has_exemption(activity, "art21_6", "art89_2"):
        return True
    purposes = data.get("purposes")
    return any(isinstance(p, str) and _RESEARCH.search(p)
               for p in (purposes if isinstance(purposes, list) else []))


def rights_by_law(activity: Any) -> dict[str, str]:
    """The rights the basis gives, before exemptions: right -> the article it rests on."""
    data = _data(activity)
    basis = data.get("lawful_basis")
    explicit = data.get("art9_condition") == "explicit_consent"
    marketing = data.get("direct_marketing") is True
    rights = {"access": "Art. 15", "rectification": "Art. 16", "restriction": "Art. 18",
              "complaint": "Art. 77"}
    if basis not in ("legal_obligation", "public_task"):  # Art. 17(3)(b)
        rights["erasure"] = "Art. 17"
    # Art. 20(1): consent, explicit consent or contract, by automated means; Art. 20(3): never
    # for a task carried out in the public interest or in the exercise of official authority.
    if (basis in ("consent", "contract") or explicit) and basis != "public_task" \
            and data.get("manual_only") is not True:
        rights["portability"] = "Art. 20(1)"
    if marketing:
        rights["object"] = "Art. 21(2)"
    elif basis in ("legitimate_interests", "public_task"):
        rights["object"] = "Art. 21(1)"
    elif research_purpose(activity):
        rights["object"] = "Art. 21(6)"
    if basis == "consent" or explicit:
        rights["withdraw_consent"] = "Art. 7(3)"
    automated = data.get("automated_decisions")
    if isinstance(automated, Mapping) and automated.get("legal_or_similar_effect") is True \
            and automated.get("exception") in ("contract", "explicit_consent"):
        rights["human_review"] = "Art. 22(3)"
    return rights


def rights_restricted(activity: Any) -> dict[str, str]:
    """Rights the GDPR removes or limits for this activity: right -> the provision.

    Erasure under legal obligation or public task (Art. 17(3)(b)), and each right a declared
    exemption can and does limit. Art. 21(2): the objection to direct marketing is absolute
    and no exemption here removes it.
    """
    data = _data(activity)
    limited: dict[str, str] = {}
    if data.get("lawful_basis") in ("legal_obligation", "public_task"):
        limited["erasure"] = "Art. 17(3)(b)"
    marketing = data.get("direct_marketing") is True
    for exemption in exemptions(activity):
        for right in sorted(exemption.limits):
            if right == "object" and marketing:
                continue
            if exemption.provision == "art21_6" and data.get("lawful_basis") != "public_task":
                continue  # Art. 21(6) removes the objection only for a public-interest task
            limited.setdefault(right, _PROVISION_NAMES[exemption.provision])
    return limited


def rights_available(activity: Any) -> dict[str, str]:
    """The rights data subjects have for this activity: right -> the article it rests on,
    with the lawful basis and the declared exemptions applied (see `rights_restricted`)."""
    limited = rights_restricted(activity)
    return {right: article for right, article in rights_by_law(activity).items()
            if right not in limited}


_PROVISION_NAMES = {
    "art13_4": "Art. 13(4)", "art14_5_a": "Art. 14(5)(a)", "art14_5_b": "Art. 14(5)(b)",
    "art14_5_c": "Art. 14(5)(c)", "art14_5_d": "Art. 14(5)(d)", "art17_3": "Art. 17(3)",
    "art21_6": "Art. 21(6)", "art89_2": "Art. 89(2)", "art89_3": "Art. 89(3)",
    "art23": "Art. 23", "art5_1_e": "Art. 5(1)(e)",
}


def provision_name(provision: str) -> str:
    """`art14_5_b` -> `Art. 14(5)(b)`."""
    return _PROVISION_NAMES.get(provision, provision)
