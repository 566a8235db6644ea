"""The groups of ontology classes that extraction rules ask for ("an organisation", "a project").

The groups themselves come from the ontology's hierarchy (``spacekg.ontology.classes``); the
trigger lexicon names groups (``organisation``, ``project``, ...) and this module turns the
names into classes.
"""

from __future__ import annotations

from spacekg.ontology import vocab
from spacekg.ontology.classes import (
    AGREEMENT_CLASSES,
    ORGANISATION_CLASSES,
    POLICY_CLASSES,
    PROJECT_CLASSES,
)

ORG_CLASSES = ORGANISATION_CLASSES
ACTOR_CLASSES = ORG_CLASSES + ("Country", "Person")

#: Group names the lexicon may use, each a tuple of ontology class local names.
GROUPS: dict[str, tuple[str, ...]] = {
    "organisation": ORG_CLASSES,
    "country": ("Country",),
    "person": ("Person",),
    "actor": ACTOR_CLASSES,
    "state_or_body": ORG_CLASSES + ("Country",),
    "project": PROJECT_CLASSES,
    "craft": ("Mission", "Spacecraft", "SpaceStation", "Instrument"),
    "mission": ("Mission", "Spacecraft", "SpaceStation", "Programme"),
    "vehicle": ("LaunchVehicle",),
    "programme": ("Programme", "SpaceStation"),
    "agreement": AGREEMENT_CLASSES,
    "policy": POLICY_CLASSES,
    "company": ("Company",),
    "agency": ("SpaceAgency",),
    "legislature": ("GovernmentBody", "Country", "IntergovernmentalOrganisation"),
}

_KNOWN = set(vocab.ACTOR_CLASS_TERMS) | set(vocab.THING_CLASS_TERMS)
assert all(c in _KNOWN for group in GROUPS.values() for c in group), "unknown class in GROUPS"


def classes_of(names: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """The ontology classes of some group names, in order, without repeats."""
    found: list[str] = []
    for name in names:
        if name not in GROUPS:
            raise KeyError(f"unknown class group {name!r}; known: {', '.join(sorted(GROUPS))}")
        found.extend(c for c in GROUPS[name] if c not in found)
    return tuple(found)
