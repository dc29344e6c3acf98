"""N: transparency, the privacy notice (Arts 12-14)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from gdpr_lint.law.rights import (
    CAN_LIMIT,
    INFORMATION,
    NEEDS_LAW,
    exemptions,
    indirect,
    provision_name,
    restricts_information,
    sources,
)
from gdpr_lint.lint.findings import Severity
from gdpr_lint.lint.lazyre import lazy_re
from gdpr_lint.lint.model import Activity
from gdpr_lint.rules.registry import Hit, rule

_INDIRECT = ("third_party", "public")
_ART14_3 = ("within_one_month", "first_communication", "before_disclosure")
_NAMES_ART13 = lazy_re(r"\bArt(icle|\.)?\s*13\b", re.IGNORECASE)


@rule(id="N001", title="No privacy notice", article="Art. 13; Art. 14", severity=Severity.ERROR,
      bad="notice: ~",
      good='notice: {url: "https://acme.example/privacy", timing: at_collection}')
def notice_given(a: Activity) -> Iterator[Hit]:
    """Data subjects have the right to be informed: who processes their data, why, on which
    basis, for how long, with whom it is shared and which rights they have (Arts 13, 14).
    Point to the notice that tells them. No notice is owed where the law lays down the
    obtaining or disclosure (Art. 14(5)(c)), where professional secrecy protects the data
    (Art. 14(5)(d)), or where a Union or Member State law restricts the information
    (Art. 23); where informing each person is impossible or disproportionate (Art. 14(5)(b))
    the information is still made publicly available, so a `notice.url` is needed."""
    if a.text("notice", "url"):
        return
    kinds = {e.provision for e in exemptions(a)}
    only_indirect = "data_subject" not in sources(a)
    if any(restricts_information(e) and (only_indirect or _NAMES_ART13.search(e.justification))
           for e in exemptions(a)):
        return
    if kinds & {"art14_5_c", "art14_5_d"}:
        if only_indirect:
            return
        if not a.text("notice", "document"):
            yield Hit(("notice",), "Art. 14(5) does not cover data collected from the data "
                      "subject (Art. 13): add notice.url or notice.document for them")
        return
    if "art14_5_b" in kinds:
        yield Hit(("notice",), "with art14_5_b the information is still made publicly "
                  "available (Art. 14(5)(b)): add notice.url")
    elif not a.text("notice", "document"):
        yield Hit(("notice",), "add notice.url or notice.document: where data subjects are "
                  "informed (Arts 13, 14)")


def _timings(a: Activity) -> list[str]:
    value = a.get("notice", "timing")
    if isinstance(value, str):
        return [value]
    return [t for t in value if isinstance(t, str)] if isinstance(value, list) else []


@rule(id="N002", title="Indirect collection with the wrong notice timing", article="Art. 14(3)",
      severity=Severity.ERROR, base="legitimate_interests",
      bad='source: third_party\nnotice: {url: "https://acme.example/privacy"}',
      good='source: third_party\nnotice: {url: "https://acme.example/privacy", '
           'timing: within_one_month}')
def indirect_timing(a: Activity) -> Iterator[Hit]:
    """When the data were not obtained from the data subject, the notice is due within a
    reasonable period and at the latest within one month, at the first communication, or
    before the first disclosure to another recipient (Art. 14(3)); when they are collected
    from the data subject, at the time they are obtained (Art. 13(1)). "At collection" is a
    `warning`: it can be right (the source hands over the notice when it collects the data),
    but confirm it. No timing is needed where an exemption of Art. 13(4) or 14(5) applies,
    or where an Art. 23 restriction defers the information (a whistleblowing report)."""
    timings = _timings(a)
    if not indirect(a):
        if timings and "at_collection" not in timings and \
                not any(e.provision in ("art13_4", "art23") for e in exemptions(a)):
            yield Hit(("notice", "timing"), "data collected from the data subject: the notice "
                      "is given at the time they are obtained (Art. 13(1)): set "
                      "notice.timing to at_collection")
        return
    if any(e.provision in INFORMATION or e.provision == "art23" for e in exemptions(a)):
        return
    if not timings:
        yield Hit(("notice", "timing") if a.mapping("notice") else ("notice",),
                  "data not collected from the data subject: set notice.timing to "
                  "within_one_month, first_communication or before_disclosure (Art. 14(3)), "
                  "or declare the exemption that applies (art14_5_*, art23)")
    elif not any(t in _ART14_3 for t in timings):
        yield Hit(("notice", "timing"), "data not collected from the data subject: confirm "
                  "the notice reaches them when the data are obtained (e.g. the source gives "
                  "it), or set within_one_month, first_communication or before_disclosure "
                  "(Art. 14(3))", Severity.WARNING)


def applicable_items(a: Activity) -> list[str]:
    """The Art. 13/14 items a notice for this activity must cover."""
    items = ["controller_identity"]
    if a.controller is not None and a.controller.mapping("dpo"):
        items.append("dpo_contact")
    items.append("purposes_and_basis")
    if a.basis == "legitimate_interests":
        items.append("legitimate_interests")
    if a.items("recipients"):
        items.append("recipients")
    if a.items("transfers"):
        items.append("transfers")
    items += ["retention", "rights"]
    if a.basis == "consent" or a.text("art9_condition") == "explicit_consent":
        items.append("withdraw_consent")
    items.append("complaint")
    if a.mapping("automated_decisions"):
        items.append("automated_decisions")
    if indirect(a):
        items += ["source", "data_categories"]
    return items


_COVERS = ("controller_identity, purposes_and_basis, recipients, retention, rights, "
           "withdraw_consent, complaint")


@rule(id="N003", title="Notice misses an item that applies",
      article="Art. 13(1)-(2); Art. 14(1)-(2)",
      severity=Severity.WARNING,
      bad='notice: {url: "https://acme.example/privacy", timing: at_collection, '
          "covers: [controller_identity, purposes_and_basis]}",
      good='notice: {url: "https://acme.example/privacy", timing: at_collection, '
           f"covers: [{_COVERS}]}}")
def notice_covers(a: Activity) -> Iterator[Hit]:
    """Arts 13 and 14 list what the notice must say; which items apply depends on the
    activity (a DPO, legitimate interests, recipients, transfers, consent, automated
    decisions, indirect collection). When `notice.covers` is declared, it is checked
    against that list."""
    covers = a.get("notice", "covers")
    if not isinstance(covers, list):
        return
    missing = [item for item in applicable_items(a) if item not in covers]
    if missing:
        yield Hit(("notice", "covers"), f"the notice must also cover: {', '.join(missing)}")


@rule(id="N004", title="Notice document not found", article="Art. 13; Art. 14",
      severity=Severity.ERROR,
      bad="notice: {document: docs/no-such-notice.md, timing: at_collection}",
      good='notice: {url: "https://acme.example/privacy", timing: at_collection}')
def notice_document_exists(a: Activity) -> Iterator[Hit]:
    """A notice that is not where the record says cannot inform anyone. The path is
    relative to the repository root (or to the declaration's folder)."""
    document = a.text("notice", "document")
    if document and not a.ctx.file_exists(a.doc, document):
        yield Hit(("notice", "document"), f"'{document}' does not exist: fix the path or add "
                  "the notice")


_EXEMPTION = """exemptions:
  - provision: art23
    law: Whistleblower Protection Act (HinSchG), section 8
    rights: [access]"""


@rule(id="N005", title="Exemption without its law or justification",
      article="Art. 5(2); Art. 23(1)-(2); Art. 89(2)-(3); Art. 14(5)(c)", severity=Severity.ERROR,
      base="legal_obligation", bad=_EXEMPTION,
      good=_EXEMPTION + "\n    justification: Telling the reported person who reported them "
                        "would expose the whistleblower, whose identity the Act protects")
def exemption_documented(a: Activity) -> Iterator[Hit]:
    """An exemption is the controller's claim that the GDPR lifts an obligation, and the
    controller must be able to show it applies (Art. 5(2)): each says why. Arts 14(5)(c),
    23 and 89(2)-(3) exempt only where Union or Member State law provides it, so those name
    the law."""
    for e in exemptions(a):
        if e.provision in NEEDS_LAW and not e.law.strip():
            yield Hit(("exemptions", e.index), f"{provision_name(e.provision)} applies only "
                      "where Union or Member State law provides it: add law")
        if not e.justification.strip():
            yield Hit(("exemptions", e.index), f"add justification: why "
                      f"{provision_name(e.provision)} applies to this processing")


@rule(id="N006", title="Exemption that cannot apply here",
      article="Art. 13(4); Art. 14(5); Arts 17(3), 23, 89", severity=Severity.WARNING,
      base="legal_obligation",
      bad="""exemptions:
  - provision: art14_5_c
    law: German Fiscal Code (AO) section 147
    justification: Keeping invoices is laid down by tax law""",
      good="""source: third_party
source_detail: Invoices received from the tax adviser
notice: {url: "https://acme.example/privacy", timing: within_one_month}
exemptions:
  - provision: art14_5_c
    law: German Fiscal Code (AO) section 147
    justification: Keeping invoices is laid down by tax law""")
def exemption_applies(a: Activity) -> Iterator[Hit]:
    """Art. 14(5) exempts only from the information owed when data are obtained from
    someone else, Art. 13(4) only when they are collected from the data subject. And each
    restriction reaches only the rights its provision names: Art. 89(2) Arts 15, 16, 18 and
    21; Art. 89(3) also Art. 20; Art. 23 Arts 12 to 22 (never the complaint of Art. 77 or the
    withdrawal of consent); erasure for research or archiving is Art. 17(3)(d)."""
    kinds = sources(a)
    for e in exemptions(a):
        where = ("exemptions", e.index, "provision")
        if e.provision.startswith("art14_5") and not indirect(a):
            yield Hit(where, f"{provision_name(e.provision)} concerns data not obtained from "
                      "the data subject, but source is data_subject: use art13_4 or fix source")
        elif e.provision == "art13_4" and "data_subject" not in kinds:
            yield Hit(where, "Art. 13(4) concerns data collected from the data subject, but "
                      "the data come from another source: use an art14_5_* exemption")
        out = sorted(e.out_of_reach) if e.provision in CAN_LIMIT else []
        if out:
            yield Hit(("exemptions", e.index), f"{provision_name(e.provision)} cannot limit "
                      f"{', '.join(out)}" + (" (for research or archiving, erasure is "
                                              "art17_3: Art. 17(3)(d))"
                                              if "erasure" in out else ""))
