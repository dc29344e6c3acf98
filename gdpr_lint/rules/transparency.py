"""N: transparency, the privacy notice (Arts 12-14)."""

from __future__ import annotations

from collections.abc import Iterator

from gdpr_lint.findings import Severity
from gdpr_lint.model import Activity
from gdpr_lint.registry import Hit, rule

_INDIRECT = ("third_party", "public")


@rule(id="N001", title="No privacy notice", article="Art. 13; Art. 14", severity=Severity.ERROR,
      bad="notice: ~",
      good='notice: {url: "https://acme.example/privacy", timing: at_collection}')
def notice_given(a: Activity) -> Iterator[Hit]:
    """Data subjects have the right to be informed: who processes their data, why, on which
    basis, for how long, with whom it is shared and which rights they have (Arts 13, 14).
    Point to the notice that tells them."""
    if not (a.text("notice", "url") or a.text("notice", "document")):
        yield Hit(("notice",), "add notice.url or notice.document: where data subjects are "
                  "informed (Arts 13, 14)")


@rule(id="N002", title="Indirect collection with the wrong notice timing", article="Art. 14(3)",
      severity=Severity.ERROR, base="legitimate_interests",
      bad='source: third_party\nnotice: {url: "https://acme.example/privacy", '
          'timing: at_collection}',
      good='source: third_party\nnotice: {url: "https://acme.example/privacy", '
           'timing: within_one_month}')
def indirect_timing(a: Activity) -> Iterator[Hit]:
    """When the data were not obtained from the data subject, the notice is due within a
    reasonable period and at the latest within one month, at the first communication, or
    before the first disclosure to another recipient (Art. 14(3)); "at collection" does not
    happen."""
    if a.text("source") in _INDIRECT and a.text("notice", "timing") in (None, "at_collection"):
        yield Hit(("notice", "timing"), "data not collected from the data subject: set "
                  "notice.timing to within_one_month, first_communication or "
                  "before_disclosure (Art. 14(3))")


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
    if a.text("source") in _INDIRECT:
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
