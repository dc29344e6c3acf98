"""K: storage limitation (Art. 5(1)(e))."""

from __future__ import annotations

import re
from collections.abc import Iterator

from gdpr_lint.authoring.fixes import DURATION_FIX
from gdpr_lint.findings import Severity
from gdpr_lint.model import Activity
from gdpr_lint.registry import Hit, rule

ISO_DURATION = re.compile(
    r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$")
_INDEFINITE = re.compile(r"\b(forever|indefinite(ly)?|unlimited|permanent(ly)?|perpetual(ly)?|"
                         r"no (time )?limit|never (deleted|erased))\b", re.IGNORECASE)
_VAGUE = re.compile(r"^\s*(for )?(as long as (is )?(necessary|needed|required)|until no longer "
                    r"(needed|necessary))\.?\s*$", re.IGNORECASE)


@rule(id="K001", title="No retention period or criteria", article="Art. 5(1)(e); Art. 30(1)(f)",
      severity=Severity.ERROR, bad="retention: {start: signup}",
      good="retention: {period: P2Y, start: last newsletter opened}")
def retention_given(a: Activity) -> Iterator[Hit]:
    """Personal data are kept no longer than necessary for the purposes (Art. 5(1)(e)); the
    record gives, where possible, the time limits for erasure (Art. 30(1)(f)) and the notice
    the period or the criteria that set it (Art. 13(2)(a))."""
    if not (a.text("retention", "period") or a.text("retention", "criteria")):
        yield Hit(("retention",), "add retention.period (ISO 8601, e.g. P2Y) or "
                  "retention.criteria")


@rule(id="K002", title="Retention is indefinite", article="Art. 5(1)(e)",
      severity=Severity.ERROR, bad="retention: {criteria: Kept forever}",
      good="retention: {period: P2Y, start: last newsletter opened}")
def retention_limited(a: Activity) -> Iterator[Hit]:
    """Storage limitation forbids keeping identifiable data indefinitely. "As long as
    necessary" with nothing more restates the principle instead of applying it (a warning):
    say what makes the data no longer necessary, or give a period."""
    for name in ("period", "criteria"):
        value = a.text("retention", name)
        if value and _INDEFINITE.search(value):
            yield Hit(("retention", name), f"'{value}' is indefinite retention: give a period "
                      "or the criteria that end it (Art. 5(1)(e))")
            return
    criteria = a.text("retention", "criteria")
    if criteria and _VAGUE.match(criteria) and not a.text("retention", "period"):
        yield Hit(("retention", "criteria"), f"'{criteria}' restates the principle: say what "
                  "makes the data no longer necessary, or add a period", Severity.WARNING)


@rule(id="K003", title="Retention period is not an ISO 8601 duration", article="Art. 5(1)(e)",
      severity=Severity.WARNING, bad="retention: {period: 2 years, start: signup}",
      good="retention: {period: P2Y, start: signup}", fix=DURATION_FIX)
def period_format(a: Activity) -> Iterator[Hit]:
    """A period written as an ISO 8601 duration (`P2Y`, `P6M`, `P30D`) can be read by the
    deletion jobs and reports that enforce it, not only by people."""
    period = a.text("retention", "period")
    if period and not ISO_DURATION.match(period) and not _INDEFINITE.search(period):
        yield Hit(("retention", "period"), f"'{period}' is not an ISO 8601 duration: write "
                  "it as P2Y, P6M, P30D, ...")
