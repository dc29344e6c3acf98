"""G: keeping the record true over time (Art. 5(2), 24(1))."""

from __future__ import annotations

from collections.abc import Iterator

from gdpr_lint.law.dates import review_due
from gdpr_lint.lint.findings import Severity
from gdpr_lint.lint.model import Activity
from gdpr_lint.rules.registry import Hit, rule

DEFAULT_EVERY = "P1Y"


@rule(id="G001", title="Record not reviewed", article="Art. 5(2); Art. 24(1)",
      severity=Severity.WARNING,
      bad="review: {owner: Marketing lead, last_reviewed: 2024-03-01}",
      good="review: {owner: Marketing lead, last_reviewed: 2026-10-01, every: P1Y}")
def reviewed(a: Activity) -> Iterator[Hit]:
    """The controller's measures "shall be reviewed and updated where necessary" (Art. 24(1))
    and it must be able to demonstrate compliance (Art. 5(2)): a record nobody re-reads
    drifts from what the system does. `review` names who keeps the activity's record
    (`owner`), when it was last reviewed (`last_reviewed`) and how often (`every`, an ISO 8601
    duration, by default `P1Y`). A review date plus its interval in the past is a `warning`;
    no `review` at all is an `info` asking for one."""
    review = a.get("review")
    if review is None:
        yield Hit((), "add review: {owner, last_reviewed, every}, so someone re-reads this "
                  "record on time", Severity.INFO)
        return
    due = review_due(a.get("review", "last_reviewed"), a.get("review", "every"))
    if due is not None and due < a.ctx.today:
        every = a.text("review", "every") or DEFAULT_EVERY
        yield Hit(("review", "last_reviewed"), f"last reviewed {a.text('review', 'last_reviewed')}"
                  f", due every {every}: review the record (due since {due}) and update "
                  "last_reviewed", Severity.WARNING)
