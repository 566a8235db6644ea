"""Normalising the dates news text gives ("on Thursday", "in June last year") against publication.

A date carries its precision: ``2025-04-24`` (day), ``2024-10`` (month) or ``2020`` (year), the
forms of ``xsd:date``, ``xsd:gYearMonth`` and ``xsd:gYear``.

>>> from datetime import date
>>> pub = date(2025, 4, 25)  # a Friday
>>> [d.iso for d in find_dates("said on Thursday that", pub)]
['2025-04-24']
>>> [d.iso for d in find_dates("In June last year, the mission", pub)]
['2024-06']
>>> [d.iso for d in find_dates("In October last year, Nasa", pub)]
['2024-10']
>>> [d.iso for d in find_dates("earlier this month", pub)]
['2025-04']
>>> [d.iso for d in find_dates("between 2019 and 2021", pub)][:1]
['2019']
>>> [d.iso for d in find_dates("takes effect Wednesday, Aug. 24", None)][0].endswith("-08-24")
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = {
    name: i
    for i, name in enumerate(
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    )
}
NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}

_MONTH = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_WEEKDAY = r"(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_REL_YEAR = r"(?P<rel>last|this|next|previous|the previous|the following)\s+year"

# Ordered: more specific patterns first; matches never overlap (earlier spans win).
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")),
    ("dmy", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE)),
    ("mdy", re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE)),
    ("month_rel_year", re.compile(rf"\b{_MONTH}\s+(?:of\s+)?{_REL_YEAR}\b", re.IGNORECASE)),
    ("month_year", re.compile(rf"\b{_MONTH},?\s+(?:of\s+)?{_YEAR}\b", re.IGNORECASE)),
    (
        "wmd",
        re.compile(rf"\b{_WEEKDAY},?\s+{_MONTH}\s+{_DAY}\b(?!,?\s+(?:19|20)\d\d)", re.IGNORECASE),
    ),
    (
        "wdm",
        re.compile(rf"\b{_WEEKDAY},?\s+{_DAY}\s+{_MONTH}\b(?!,?\s+(?:19|20)\d\d)", re.IGNORECASE),
    ),
    ("dm", re.compile(rf"\b(?:on\s+)?{_DAY}\s+{_MONTH}\b(?!,?\s+(?:19|20)\d\d)", re.IGNORECASE)),
    (
        "md",
        re.compile(
            rf"\b(?:on\s+)?{_MONTH}\s+{_DAY}\b(?!,?\s+(?:19|20)\d\d)(?!\s*(?:per|%|million|billion))",
            re.IGNORECASE,
        ),
    ),
    ("weekday", re.compile(rf"\b(?P<pre>on|last|this|next|since)?\s*{_WEEKDAY}\b", re.IGNORECASE)),
    ("today", re.compile(r"\b(?P<word>today|yesterday|tomorrow|tonight)\b", re.IGNORECASE)),
    (
        "period_month",
        re.compile(
            r"\b(?P<when>earlier|later|late|early)\s+this\s+month\b|\bthis\s+month\b", re.IGNORECASE
        ),
    ),
    ("rel_month", re.compile(r"\b(?P<rel>last|next|previous)\s+month\b", re.IGNORECASE)),
    (
        "rel_week",
        re.compile(
            r"\b(?P<rel>last|this|next|previous)\s+week\b|\bearlier\s+this\s+week\b", re.IGNORECASE
        ),
    ),
    ("rel_year", re.compile(rf"\b(?:earlier\s+|later\s+)?{_REL_YEAR}\b", re.IGNORECASE)),
    (
        "ago",
        re.compile(
            r"\b(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|a)\s+(?P<unit>day|week|month|year)s?\s+ago\b",
            re.IGNORECASE,
        ),
    ),
    (
        "in_month",
        re.compile(
            rf"\b(?:in|since|by|during|from|until|on)\s+(?:early\s+|late\s+|mid-?)?{_MONTH}\b(?!\s+(?:19|20)\d\d)",
            re.IGNORECASE,
        ),
    ),
    (
        "year",
        re.compile(
            rf"(?:\b(?:in|since|by|during|from|until|of|before|after|between|early|late|mid-?)\s+(?:early\s+|late\s+)?|^|(?<=[.;]\s)){_YEAR}\b(?!\s*(?:per|%))",
            re.IGNORECASE,
        ),
    ),
]


@dataclass(frozen=True)
class Date:
    """A normalised date with its precision and where the text gave it."""

    year: int
    month: int | None
    day: int | None
    start: int  # character offsets of the expression in the text searched
    end: int
    text: str

    @property
    def iso(self) -> str:
        """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @property
    def xsd_type(self) -> str:
        """The XSD datatype local name for this precision."""
        return "gYear" if self.month is None else "gYearMonth" if self.day is None else "date"


def _month_year_near(month: int, published: date, future: bool) -> int:
    """The year of a bare month name: the latest such month up to publication (news reports the
    past), or the next one from publication when the sentence speaks of the future."""
    if future:
        return published.year if month >= published.month else published.year + 1
    return published.year if month <= published.month else published.year - 1


def _year_of_weekday(month: int, day: int, weekday: int, latest: date | None = None) -> int | None:
    """The latest year, up to ``latest`` (default: today), in which a day of a month falls on a
    weekday: with no publication date, "Wednesday, Aug. 24" is 24 August 2022."""
    latest = latest or date.today()
    for year in range(latest.year, latest.year - 30, -1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= latest and candidate.weekday() == weekday:
            return year
    return None


def _resolve(
    kind: str, m: re.Match[str], published: date | None, future: bool
) -> tuple[int, int | None, int | None] | None:
    g = m.groupdict()
    if kind == "iso":
        return int(g["year"]), int(g["m"]), int(g["d"])
    if kind in ("dmy", "mdy"):
        return int(g["year"]), MONTHS[g["month"].lower()], int(g["day"])
    if kind == "month_year":
        return int(g["year"]), MONTHS[g["month"].lower()], None
    if kind == "year":
        return int(g["year"]), None, None
    if kind in ("wmd", "wdm"):
        # "Wednesday, Aug. 24": the weekday fixes the year when the publication date cannot
        month, day, weekday = (
            MONTHS[g["month"].lower()],
            int(g["day"]),
            WEEKDAYS[g["weekday"].lower()],
        )
        if not 1 <= day <= 31:
            return None
        if published is not None:
            return _month_year_near(month, published, future), month, day
        return _year_of_weekday(month, day, weekday), month, day
    if published is None:
        return None
    if kind == "month_rel_year":
        offset = {
            "last": -1,
            "previous": -1,
            "the previous": -1,
            "this": 0,
            "next": 1,
            "the following": 1,
        }
        return published.year + offset[g["rel"].lower()], MONTHS[g["month"].lower()], None
    if kind in ("dm", "md"):
        month, day = MONTHS[g["month"].lower()], int(g["day"])
        if not 1 <= day <= 31:
            return None
        return _month_year_near(month, published, future), month, day
    if kind == "weekday":
        target = WEEKDAYS[g["weekday"].lower()]
        pre = (g.get("pre") or "").lower()
        delta = (published.weekday() - target) % 7
        if pre == "next" or (future and pre != "last"):
            d = published + timedelta(days=(target - published.weekday()) % 7 or 7)
        else:
            # "on Thursday" in a Friday article is yesterday; the same weekday means a week ago
            # only when said "last"; otherwise it is the publication day itself.
            if delta == 0 and pre == "last":
                delta = 7
            d = published - timedelta(days=delta)
        return d.year, d.month, d.day
    if kind == "today":
        shift = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[g["word"].lower()]
        d = published + timedelta(days=shift)
        return d.year, d.month, d.day
    if kind == "period_month":
        return published.year, published.month, None
    if kind == "rel_month":
        shift = -1 if g["rel"].lower() in ("last", "previous") else 1
        y, mth = divmod(published.year * 12 + published.month - 1 + shift, 12)
        return y, mth + 1, None
    if kind == "rel_week":
        # a week names no day: the month it falls in
        shift = {"last": -7, "previous": -7, "next": 7}.get((g.get("rel") or "this").lower(), 0)
        d = published + timedelta(days=shift)
        return d.year, d.month, None
    if kind == "rel_year":
        offset = {
            "last": -1,
            "previous": -1,
            "the previous": -1,
            "this": 0,
            "next": 1,
            "the following": 1,
        }
        return published.year + offset[g["rel"].lower()], None, None
    if kind == "ago":
        n_text = g["n"].lower()
        n = 1 if n_text == "a" else NUMBERS.get(n_text) or int(n_text)
        unit = g["unit"].lower()
        if unit == "day":
            d = published - timedelta(days=n)
            return d.year, d.month, d.day
        if unit == "week":
            d = published - timedelta(weeks=n)
            return d.year, d.month, None
        if unit == "month":
            y, mth = divmod(published.year * 12 + published.month - 1 - n, 12)
            return y, mth + 1, None
        return published.year - n, None, None
    if kind == "in_month":
        month = MONTHS[g["month"].lower()]
        return _month_year_near(month, published, future), month, None
    return None


def find_dates(text: str, published: date | None, *, future: bool = False) -> list[Date]:
    """Every date expression in ``text``, resolved against the publication date, in text order.

    ``future`` says the text speaks of what is planned, so a bare "in May" is the next May.
    """
    taken: list[tuple[int, int]] = []
    found: list[Date] = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            start, end = m.span()
            if any(start < e and s < end for s, e in taken):
                continue
            if (
                kind == "md"
                and m.group("month").lower() == "may"
                and not text[start:end].lower().startswith("on")
            ):
                continue  # "may 5" is too often the verb: require "on May 5"
            if (
                kind == "in_month"
                and m.group("month").lower() == "may"
                and not re.match(r"(?i)in|since|by|during|from|until", m.group(0))
            ):
                continue
            try:
                resolved = _resolve(kind, m, published, future)
            except (OverflowError, ValueError):
                continue  # "99999999 days ago", "tomorrow" on 9999-12-31: no calendar date
            if resolved is None or resolved[0] is None:
                continue
            year, month, day = resolved
            try:
                date(year, month or 1, day or 1)  # "5000 years ago" is year -2975: none either
            except (OverflowError, ValueError):
                continue
            taken.append((start, end))
            found.append(Date(year, month, day, start, end, text[start:end].strip()))
    found.sort(key=lambda d: d.start)
    return found
