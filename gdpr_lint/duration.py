"""ISO 8601 durations (`P1M`, `P30D`, `P1Y6M`, `PT720H`), read exactly as written."""

from __future__ import annotations

import re
from typing import NamedTuple

_DURATION = re.compile(
    r"^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?"
    r"(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$")


class Duration(NamedTuple):
    """Calendar months (years counted as 12) and a fixed part in seconds, kept apart: a month
    is not a number of days."""

    months: int
    seconds: float

    @property
    def days(self) -> float:
        return self.seconds / 86400


def parse_duration(text: str) -> Duration | None:
    """The duration an ISO 8601 string names, or None when it is not one."""
    match = _DURATION.match(text.strip())
    if match is None:
        return None
    years, months, weeks, days, hours, minutes, seconds = match.groups()
    whole = (int(years or 0) * 12) + int(months or 0)
    fixed = ((int(weeks or 0) * 7 + int(days or 0)) * 86400 + int(hours or 0) * 3600
             + int(minutes or 0) * 60 + float(seconds or 0))
    return Duration(whole, fixed)


def longer_than_a_month(duration: Duration) -> bool:
    """Longer than one calendar month for a request received in a month of 30 days or more.

    `P1M` is one month whatever its length; a fixed part is compared with 30 days, so `P30D`
    and `P4W` are within a month, `P31D`, `P1M1D` and `P6W` are not (Art. 12(3) counts in
    months: a request received on 9 March is due by 9 April).
    """
    if duration.months > 1 or (duration.months == 1 and duration.seconds > 0):
        return True
    return duration.months == 0 and duration.days > 30
