"""Class groups, read from the ontology's ``rdfs:subClassOf`` hierarchy: the one definition.

Every layer that asks "is this an organisation?", "can this act in an event?" or "what is the
most specific class of this entity?" asks here, so adding a subclass to ``spacekg.ttl`` updates
ingest, the read model and the network projections together.

>>> "SpaceAgency" in ORGANISATION_CLASSES and "Country" in ACTOR_CLASSES
True
>>> most_specific(["Organisation", "GovernmentBody", "SpaceAgency"])
'SpaceAgency'
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from importlib import resources

import pyoxigraph as ox

from .vocab import SKG

_SUBCLASS = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")
_NS = str(SKG)


@functools.cache
def _parents() -> dict[str, frozenset[str]]:
    """Each skg class's direct skg superclasses (local names), from ``spacekg.ttl``."""
    path = resources.files(__package__) / "spacekg.ttl"
    parents: dict[str, set[str]] = {}
    for triple in ox.parse(path.read_bytes(), format=ox.RdfFormat.TURTLE):
        if triple.predicate != _SUBCLASS or not isinstance(triple.subject, ox.NamedNode):
            continue
        child, parent = triple.subject.value, triple.object
        if child.startswith(_NS) and isinstance(parent, ox.NamedNode):
            found = parents.setdefault(child[len(_NS) :], set())
            if parent.value.startswith(_NS):
                found.add(parent.value[len(_NS) :])
    return {cls: frozenset(found) for cls, found in parents.items()}


@functools.cache
def ancestors(cls: str) -> frozenset[str]:
    """The skg superclasses of ``cls``, transitively, ``cls`` itself included."""
    found, todo = {cls}, [cls]
    while todo:
        for parent in _parents().get(todo.pop(), ()):
            if parent not in found:
                found.add(parent)
                todo.append(parent)
    return frozenset(found)


def depth(cls: str) -> int:
    """How far ``cls`` is below the top of the hierarchy (deeper is more specific)."""
    return len(ancestors(cls))


def subclasses(cls: str) -> tuple[str, ...]:
    """``cls`` and every skg class below it, most specific first (then by name)."""
    below = [c for c in _parents() if cls in ancestors(c)]
    if cls not in below:
        below.append(cls)
    return tuple(sorted(below, key=lambda c: (-depth(c), c)))


def most_specific(classes: Iterable[str]) -> str | None:
    """The most specific of ``classes`` (local names); ties go to the first given."""
    known = list(dict.fromkeys(classes))
    if not known:
        return None
    return max(known, key=lambda c: (depth(c), -known.index(c)))


#: Organisations of every kind: agencies, government and intergovernmental bodies, companies,
#: research institutions.
ORGANISATION_CLASSES: tuple[str, ...] = subclasses("Organisation")
#: What can act in an event: organisations, countries and people.
ACTOR_CLASSES: tuple[str, ...] = tuple(c for c in subclasses("Agent") if c != "Agent")
#: Missions, programmes, spacecraft, stations, launch vehicles and instruments.
PROJECT_CLASSES: tuple[str, ...] = tuple(
    c for c in subclasses("SpaceProject") if c != "SpaceProject"
)
#: Laws, tariffs, sanctions, bans and other policies.
POLICY_CLASSES: tuple[str, ...] = subclasses("Policy")
AGREEMENT_CLASSES: tuple[str, ...] = subclasses("Agreement")
#: Entity classes (what the linker recognises in text), most specific first.
ENTITY_CLASSES: tuple[str, ...] = (
    ACTOR_CLASSES + subclasses("SpaceProject") + AGREEMENT_CLASSES + POLICY_CLASSES
)

#: The evaluation format's entity type of each entity class (see ``../shared/eval/FORMAT.md``).
_EVAL_TYPE_OF_ROOT: dict[str, str] = {
    "SpaceAgency": "Agency",
    "Person": "Person",
    "ResearchInstitution": "Institution",
    "Country": "Country",
    "SpaceProject": "Mission",
    "Policy": "Policy",
    "Agreement": "Agreement",
    "Company": "Company",
    "Organisation": "Organization",
}


def eval_type(cls: str) -> str | None:
    """The evaluation type name of an entity class (``SpaceAgency`` -> ``Agency``)."""
    for ancestor in sorted(ancestors(cls), key=lambda c: -depth(c)):
        if ancestor in _EVAL_TYPE_OF_ROOT:
            return _EVAL_TYPE_OF_ROOT[ancestor]
    return None


#: Entity classes by their evaluation type name, most specific classes first.
ENTITY_TYPE_OF_CLASS: dict[str, str] = {
    c: t for c in ENTITY_CLASSES if (t := eval_type(c)) is not None
}
#: The evaluation type names, in the order pages and filters list them.
ENTITY_TYPES: tuple[str, ...] = tuple(dict.fromkeys(_EVAL_TYPE_OF_ROOT.values()))
