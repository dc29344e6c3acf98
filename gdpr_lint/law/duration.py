"""ISO 8601 durations (`P1M`, `P30D`, `P1Y6M`, `PT720H`), read exactly as written."""

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


def is_duration(text: str) -> bool:
    """The text is an ISO 8601 duration as written (upper case, `T` before hours)."""
    return _DURATION.match(text) is not None


_UNITS = {"y": "Y", "yr": "Y", "yrs": "Y", "year": "Y", "years": "Y",
          "month": "M", "months": "M", "mo": "M", "mos": "M",
          "week": "W", "weeks": "W", "wk": "W", "wks": "W",
          "day": "D", "days": "D", "d": "D",
          "hour": "H", "hours": "H", "hr": "H", "hrs": "H", "h": "H"}
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a": 1, "an": 1}
_PART = re.compile(r"(\d+|[a-z]+)\s*([a-z]+)\.?")
_ORDER = "YMWD"
# Hours and seconds written without the T that must precede them: "P72H" means "PT72H"
# ("P30M" is thirty months, so minutes are not guessed).
_NO_T = re.compile(r"^P(\d+[HS])$")


def iso_duration(text: str) -> str | None:
    """The one ISO 8601 duration a simply written period means, or None.

    `1 year` -> `P1Y`, `6 months` -> `P6M`, `two years and six months` -> `P2Y6M`,
    `72 hours` -> `PT72H`, `p2y` -> `P2Y`, `P72H` -> `PT72H`; None for anything else (weeks
    mix with nothing, as ISO 8601 has it). K003's message and its fix both use this."""
    upper = text.strip().upper()
    if is_duration(upper):
        return upper
    if _NO_T.match(upper):
        return "PT" + upper[1:]
    words = re.sub(r"\b(and|plus)\b|,", " ", text.strip().lower())
    parts: dict[str, int] = {}
    rest = _PART.sub(lambda m: _take(m, parts), words)
    if rest.strip() or not parts or ("W" in parts and len(parts) > 1):
        return None
    date = "".join(f"{parts[u]}{u}" for u in _ORDER if u in parts)
    return "P" + date + (f"T{parts['H']}H" if "H" in parts else "")


def _take(match: re.Match[str], parts: dict[str, int]) -> str:
    amount, unit = match[1], _UNITS.get(match[2])
    number = int(amount) if amount.isdigit() else _NUMBERS.get(amount)
    if unit is None or number is None or unit in parts:
        return match[0]  # left in the rest: not a duration
    parts[unit] = number
    return " "


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
