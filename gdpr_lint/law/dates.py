"""Date arithmetic that cannot overflow, for rules that compare declared dates.

A declaration may say `assessed_on: 9999-12-31` and a configuration `lia_max_age_months:
10000000`; `datetime.date` stops at year 9999 and raises. Rules use these helpers, which
saturate at the last (or first) representable day instead, so a far-off date is simply
"not yet" rather than an error.
"""

from __future__ import annotations

import datetime as dt


def parse_date(text: object) -> dt.date | None:
    """A YYYY-MM-DD date, or None when the text is not one."""
    if not isinstance(text, str) or len(text) != 10:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def add_months(start: dt.date, months: int) -> dt.date:
    """``start`` plus whole months (31 January + 1 month is the end of February), saturated
    at date.max and date.min."""
    total = start.year * 12 + start.month - 1 + months
    year, month = divmod(total, 12)
    if year > dt.MAXYEAR:
        return dt.date.max
    if year < dt.MINYEAR:
        return dt.date.min
    for day in range(start.day, 27, -1):
        try:
            return dt.date(year, month + 1, day)
        except ValueError:
            continue
    return dt.date(year, month + 1, min(start.day, 28))


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from ``start`` to ``end`` (negative when ``end`` is earlier)."""
    return (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)


def review_due(last_reviewed: object, every: object) -> dt.date | None:
    """When a record reviewed on ``last_reviewed`` is due again: that date plus ``every``
    (an ISO 8601 duration, default one year, SPEC §11 `review`); None when the date is not
    one or the duration cannot be read."""
    from gdpr_lint.law.duration import parse_duration

    last = parse_date(last_reviewed)
    period = parse_duration(every if isinstance(every, str) else "P1Y") \
        if every is None or isinstance(every, str) else None
    if last is None or period is None:
        return None
    due = add_months(last, period.months)
    try:
        return due + dt.timedelta(days=period.days)
    except OverflowError:
        return dt.date.max
