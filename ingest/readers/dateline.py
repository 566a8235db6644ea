"""News datelines: where (and when) a story was filed, opening its first paragraph.

Wire copy opens with a dateline, ``WASHINGTON, Jan. 26, 2023 (Reuters) —``, ``BEIJING (AP) —``,
``PARIS, 12 March 2024 /PRNewswire/ --``, ``NEW DELHI:`` or ``Moscow, Tuesday —``. It is
metadata, not prose: the filing place must not be read as a party to the story's events. The
readers take it off the text and keep it on the Document.

>>> line = find_dateline("WASHINGTON, Jan. 26, 2023 (Reuters) — Two agencies agreed to talk.")
>>> line.text, line.place, line.date, line.agency
('WASHINGTON, Jan. 26, 2023 (Reuters)', 'Washington', datetime.date(2023, 1, 26), 'Reuters')
>>> line.rest
'Two agencies agreed to talk.'
>>> find_dateline("NASA and ESA agreed on Monday to share data.") is None
True
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from .dates import parse_date

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_DATE = (
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"  # Jan. 26, 2023 / March 5
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}(?:,?\s+\d{{4}})?"  # 12 March 2024 / 5 March
    rf"|{_WEEKDAY}(?:,?\s+{_MONTH}\s+\d{{1,2}}(?:,?\s+\d{{4}})?)?)"  # Tuesday / Tuesday, May 5
)
# A place in capitals (WASHINGTON, NEW DELHI, ST. LOUIS, RIO DE JANEIRO) or in title case
# (Moscow, Cape Canaveral), with an optional region after a comma (CAPE CANAVERAL, Fla.).
_CAPS_WORD = r"[A-Z][A-Z'’.\-]*[A-Z.]"
_TITLE_WORD = r"[A-Z][a-z'’\-]+"
_REGION = rf"(?:,\s+(?!{_MONTH}\s|{_WEEKDAY})[A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+)?)"
_AGENCY = r"(?:\((?P<paren>[A-Za-z][\w&.'’ -]{0,30})\)|/(?P<slash>[A-Za-z][\w&.'’ -]{0,40})/)"
_DASH = r"(?:—|–|--|-)"

_DATELINE = re.compile(
    rf"""
    (?P<line>
        (?:
            (?P<caps>{_CAPS_WORD}(?:\s+{_CAPS_WORD}){{0,3}})
          | (?P<title>{_TITLE_WORD}(?:[\s-]{_TITLE_WORD}){{0,2}})
        )
        (?P<region>{_REGION})?
        (?:,\s+(?P<date>{_DATE}))?
        \.?
        (?:\s*{_AGENCY})?
    )
    (?P<sep>\s*{_DASH}\s+|\.?\s*:\s+|\.?\s+)
    """,
    re.VERBOSE,
)
# "(WAM) The joint ..." : an agency alone, no place.
_AGENCY_ONLY = re.compile(rf"(?P<line>{_AGENCY})\.?\s*(?:{_DASH}\s+)?")
# Capitalised lead-ins that are not places.
_KICKERS_TEXT = (
    "BREAKING UPDATE EXCLUSIVE JUST IN WATCH LIVE ALERT ANALYSIS OPINION EDITORIAL COMMENT "
    "FACTBOX EXPLAINER CORRECTED CORRECTION REVIEW INTERVIEW PHOTOS VIDEO"
)
_KICKERS = frozenset(_KICKERS_TEXT.split())


@dataclass(frozen=True)
class Dateline:
    """A dateline as written, what it says, and the paragraph's text after it."""

    text: str  # as written, without the dash that ends it
    place: str | None  # "Washington", "New Delhi", "Cape Canaveral, Fla."
    date: datetime.date | None  # only when the dateline gives day, month and year
    agency: str | None  # "Reuters", "AP", "PRNewswire"
    rest: str


def find_dateline(paragraph: str) -> Dateline | None:
    """The dateline opening a paragraph, or None if it opens with prose."""
    found = _place_dateline(paragraph) or _agency_dateline(paragraph)
    if found is None:
        return None
    rest = paragraph[found.end() :]
    # What follows must be the story: a sentence of some length, opening like one.
    if len(rest.split()) < 4 or not re.match(r"[\"'“‘(]?[A-Z0-9]", rest):
        return None
    agency = found.group("paren") or found.group("slash")
    groups = found.groupdict()
    place = groups.get("caps") or groups.get("title")
    if place is not None:
        place = _place_name(place) + (groups.get("region") or "")
    date_text = groups.get("date")
    return Dateline(
        text=found.group("line").strip(),
        place=place,
        date=parse_date(date_text) if date_text else None,
        agency=agency.strip() if agency else None,
        rest=rest,
    )


def _place_dateline(paragraph: str) -> re.Match[str] | None:
    found = _DATELINE.match(paragraph)
    if found is None:
        return None
    caps, title = found.group("caps"), found.group("title")
    dated = found.group("date") is not None
    credited = found.group("paren") is not None or found.group("slash") is not None
    sep = found.group("sep").strip()
    if caps is not None and (caps in _KICKERS or caps.split()[0] in _KICKERS):
        return None  # "BREAKING: ..."
    if title is not None and not (dated or credited):
        return None  # "Moscow said ..." is prose; "Moscow, Tuesday —" a dateline
    if caps is not None and not (dated or credited) and _acronym(caps, paragraph[found.end() :]):
        return None  # "NASA — the agency ..."
    if not sep and not credited:
        return None  # only an agency may end a dateline without a dash: "Bengaluru (PTI) ISRO"
    if sep == ":" and (title is not None or dated or (" " not in caps and len(caps) < 5)):
        return None  # the colon form is "NEW DELHI: ..." alone, not "JAXA: ..."
    return found


def _acronym(caps: str, rest: str) -> bool:
    """Whether a word in capitals opening a story is a name, not the place it was filed at.

    A place is written in capitals only in its dateline; an acronym is written so wherever the
    story names it again.
    """
    return re.search(rf"\b{re.escape(caps)}\b", rest) is not None


def _agency_dateline(paragraph: str) -> re.Match[str] | None:
    return _AGENCY_ONLY.match(paragraph)


def _place_name(written: str) -> str:
    """A place in capitals as it is usually spelt: ``NEW DELHI`` -> ``New Delhi``."""
    if written.upper() != written:
        return written
    return " ".join("-".join(p.capitalize() for p in word.split("-")) for word in written.split())
