"""Which events and actors a network is built from: levels, entity types and ``NetworkFilter``.

A filter is validated when it is made, so a bad value fails at once with a message naming it
(``--from '2025-13'``), not later inside a query.

>>> NetworkFilter(event_class="conflict", date_from="2024", date_to="2025-04").date_to
'2025-04'
>>> NetworkFilter(status="maybe")
Traceback (most recent call last):
...
spacekg.errors.InputError: status 'maybe' is not one of: all, asserted, planned
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import pyoxigraph as ox

from spacekg.errors import InputError
from spacekg.ontology.taxonomy import event_types
from spacekg.ontology.vocab import XSD

Term = ox.NamedNode | ox.Literal

#: Kinds of entity a network can hold, by the name analysts type, with the ontology class each
#: stands for, most specific first (a space agency is also a government body; it is an agency).
ENTITY_TYPES: dict[str, str] = {
    "agency": "SpaceAgency",
    "government": "GovernmentBody",
    "igo": "IntergovernmentalOrganisation",
    "institution": "ResearchInstitution",
    "company": "Company",
    "organisation": "Organisation",
    "person": "Person",
    "country": "Country",
}
#: The entity types that are organisations (the ``organisation`` level).
ORGANISATION_TYPES: tuple[str, ...] = (
    "agency",
    "government",
    "igo",
    "institution",
    "company",
    "organisation",
)
#: Instruments of events that bipartite networks link actors to, by kind, with their classes.
INSTRUMENT_KINDS: dict[str, tuple[str, ...]] = {
    "mission": (
        "Mission",
        "Programme",
        "Spacecraft",
        "SpaceStation",
        "LaunchVehicle",
        "Instrument",
        "SpaceProject",
    ),
    "agreement": ("Agreement",),
}
#: Network levels: which entity types are nodes. ``country`` rolls every actor up to its country.
LEVELS: dict[str, tuple[str, ...]] = {
    "person": ("person",),
    "organisation": ORGANISATION_TYPES,
    "country": tuple(ENTITY_TYPES),
    "all": tuple(ENTITY_TYPES),
}
EVENT_CLASSES = ("all", "cooperation", "conflict")
STATUSES = ("all", "asserted", "planned")

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_ISO = re.compile(r"^[A-Za-z]{2}$")


def check_level(level: str) -> str:
    """The level, or an error listing the levels there are."""
    if level not in LEVELS:
        raise InputError(f"level {level!r} is not one of: {', '.join(LEVELS)}")
    return level


def date_bound(value: str, what: str = "date") -> str:
    """A date given as YYYY, YYYY-MM or YYYY-MM-DD, checked to be a real date.

    >>> date_bound("2024-02-29")
    '2024-02-29'
    >>> date_bound("2025-02-30", "--to")
    Traceback (most recent call last):
    ...
    spacekg.errors.InputError: --to '2025-02-30' is not a date: use YYYY, YYYY-MM or YYYY-MM-DD
    """
    text = value.strip()
    match = _DATE.match(text)
    error = InputError(f"{what} {value!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD")
    if not match:
        raise error
    year, month, day = match.groups()
    try:
        date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise error from None
    return text


def _choice(value: str, allowed: tuple[str, ...], what: str) -> str:
    if value not in allowed:
        raise InputError(f"{what} {value!r} is not one of: {', '.join(allowed)}")
    return value


@dataclass(frozen=True)
class NetworkFilter:
    """Which events (and which of their participants) a network is built from.

    Parameters
    ----------
    event_class : {"all", "cooperation", "conflict"}
        Keep events of that polarity (the taxonomy's polarity of each event type).
    event_types : tuple of str
        Keep only events of these taxonomy types (slugs such as ``"lend-samples"``).
    date_from, date_to : str, optional
        A window given as YYYY, YYYY-MM or YYYY-MM-DD; an event is kept when its date overlaps it
        (an event dated "2024-05" is in a window from 2024-05-10). Undated events are left out
        whenever a window is set.
    entity_types : tuple of str
        Keep only participants of these types (``ENTITY_TYPES``: agency, government, igo,
        institution, company, organisation, person, country), before any roll-up to countries.
    country : str, optional
        ISO 3166-1 alpha-2 code: keep edges touching an actor of that country.
    min_confidence : float, optional
        Keep events whose best extraction confidence is at least this (0 to 1).
    status : {"all", "asserted", "planned"}
        An event is asserted when any report asserts it, planned otherwise.
    """

    event_class: str = "all"
    event_types: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    entity_types: tuple[str, ...] = ()
    country: str | None = None
    min_confidence: float | None = None
    status: str = "all"
    _types: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        _choice(self.event_class, EVENT_CLASSES, "event class")
        _choice(self.status, STATUSES, "status")
        known = event_types()
        types = tuple(dict.fromkeys(self.event_types))
        for slug in types:
            if slug not in known:
                raise InputError(
                    f"event type {slug!r} is not in the taxonomy: use one of {', '.join(sorted(known))}"
                )
        object.__setattr__(self, "event_types", types)
        entity_types = tuple(dict.fromkeys(self.entity_types))
        for name in entity_types:
            _choice(name, tuple(ENTITY_TYPES), "entity type")
        object.__setattr__(self, "entity_types", entity_types)
        if self.date_from is not None:
            object.__setattr__(self, "date_from", date_bound(self.date_from, "from date"))
        if self.date_to is not None:
            object.__setattr__(self, "date_to", date_bound(self.date_to, "to date"))
        if self.date_from and self.date_to and self.date_from[: len(self.date_to)] > self.date_to:
            raise InputError(
                f"the window is empty: from date {self.date_from!r} is after to date {self.date_to!r}"
            )
        if self.country is not None:
            if not _ISO.match(self.country):
                raise InputError(
                    f"country {self.country!r} is not an ISO 3166-1 alpha-2 code (such as CN, US, FR)"
                )
            object.__setattr__(self, "country", self.country.upper())
        if self.min_confidence is not None and not 0 <= self.min_confidence <= 1:
            raise InputError(f"minimum confidence {self.min_confidence!r} is not between 0 and 1")
        wanted = set(types) if types else set(known)
        if self.event_class != "all":
            conflict = self.event_class == "conflict"
            wanted = {slug for slug in wanted if known[slug].conflict == conflict}
        object.__setattr__(self, "_types", frozenset(wanted))

    def keeps_type(self, slug: str) -> bool:
        """Whether events of this taxonomy type pass the class and type filters."""
        return slug in self._types

    def keeps_entity_type(self, name: str) -> bool:
        """Whether participants of this entity type pass the entity-type filter."""
        return not self.entity_types or name in self.entity_types

    @property
    def filters_events(self) -> bool:
        """Whether a date, confidence or status condition is set (``network/events_filtered.rq``)."""
        return bool(self.date_from or self.date_to or self.min_confidence or self.status != "all")

    def bindings(self) -> dict[str, Term]:
        """The values ``network/events_filtered.rq`` is bound with (neutral ones where no filter is set)."""
        windowed = self.date_from is not None or self.date_to is not None
        return {
            "from": ox.Literal(self.date_from or ""),
            "to": ox.Literal(self.date_to or "~"),
            "undated": ox.Literal(not windowed),
            "minConfidence": ox.Literal(
                f"{self.min_confidence or 0:.4f}", datatype=ox.NamedNode(str(XSD.decimal))
            ),
            "status": ox.Literal("any" if self.status == "all" else self.status),
        }
