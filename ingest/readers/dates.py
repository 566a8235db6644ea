"""Publication dates as documents write them in metadata (front matter, JSON, feeds, pages)."""

from __future__ import annotations

import datetime
import email.utils
import re

from ..dates import MONTHS

_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"
_MONTH_FIRST = re.compile(
    _WEEKDAY + r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$", re.IGNORECASE
)
_DAY_FIRST = re.compile(
    _WEEKDAY + r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})$", re.IGNORECASE
)


def parse_date(value: str) -> datetime.date | None:
    """Parse a publication date; the calendar date is kept as written, not moved to UTC.

    Accepts ISO 8601 dates and datetimes, RFC 2822 (``Fri, 25 Apr 2025 10:00:00 +0000``),
    ``April 25, 2025`` and ``25 April 2025`` (month names may be abbreviated).
    """
    value = " ".join(value.split())
    if not value:
        return None
    iso = re.match(r"(\d{4})[-/](\d{2})[-/](\d{2})(?=$|[T\s])", value)
    if iso:
        try:
            return datetime.date(int(iso[1]), int(iso[2]), int(iso[3]))
        except ValueError:
            return None
    try:
        return datetime.date.fromisoformat(value)  # compact forms such as 20250425
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        pass
    for pattern, month_group, day_group in ((_MONTH_FIRST, 1, 2), (_DAY_FIRST, 2, 1)):
        match = pattern.match(value)
        if match and match[month_group].lower() in MONTHS:
            try:
                return datetime.date(
                    int(match[3]), MONTHS[match[month_group].lower()], int(match[day_group])
                )
            except ValueError:
                return None
    return None


def coerce_date(value: str | datetime.date) -> datetime.date | None:
    """A date from a string (see :func:`parse_date`), a date, or a datetime's calendar date."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return parse_date(value)
