"""Publication dates as documents write them in metadata (front matter, JSON, feeds, pages).

>>> parse_date("Fri, 25 Apr 2025 23:30:00 -0500"), parse_date("April 25th, 2025")
(datetime.date(2025, 4, 25), datetime.date(2025, 4, 25))
>>> parse_date("last Tuesday"), parse_date("April 2025"), parse_date("04/05/2025")
(None, None, None)
"""

from __future__ import annotations

import datetime
import re

import dateutil.parser

from ..dates import MONTHS

# dateutil fills what a string leaves out from a default date; parsing with two defaults that
# differ in year, month and day shows whether the string itself gave all three.
_DEFAULTS = (datetime.datetime(2001, 1, 1), datetime.datetime(2002, 2, 2))
_YEAR_FIRST = re.compile(r"\d{4}(?:\D|\d{4}(?!\d)|$)")
_WORD = re.compile(r"[A-Za-z]+")


def parse_date(value: str) -> datetime.date | None:
    """Parse a publication date; the calendar date is kept as written, not moved to UTC.

    Accepts ISO 8601 dates and datetimes, RFC 2822 (``Fri, 25 Apr 2025 10:00:00 +0000``),
    ``April 25, 2025`` and ``25 April 2025`` (month names may be abbreviated). A date that
    leaves out its day, month or year, a relative one (``last Tuesday``) and an all-numeric
    one whose day and month could be swapped (``04/05/2025``) give None.
    """
    value = " ".join(value.split())
    if not value:
        return None
    has_month_name = any(word.lower() in MONTHS for word in _WORD.findall(value))
    if not has_month_name and not _YEAR_FIRST.match(value):
        return None
    try:
        early, late = (
            dateutil.parser.parse(value, default=default, ignoretz=True) for default in _DEFAULTS
        )
    except (ValueError, OverflowError):
        return None
    if early.date() != late.date():
        return None
    return early.date()


def coerce_date(value: str | datetime.date) -> datetime.date | None:
    """A date from a string (see :func:`parse_date`), a date, or a datetime's calendar date."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return parse_date(value)
