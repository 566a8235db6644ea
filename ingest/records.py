"""The records extraction produces for one article: entities, mentions, events and facts."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacekg.ontology.classes import ENTITY_TYPE_OF_CLASS

from .dates import Date
from .readers import Document


@dataclass
class Entity:
    """An entity as one article mentions it: from the KB, or minted from the text."""

    iri: str
    name: str
    cls: str  # skg class local name
    in_kb: bool
    qid: str | None = None
    country: str | None = None  # IRI of its country, when known
    surfaces: set[str] = field(default_factory=set)

    @property
    def eval_type(self) -> str:
        """The evaluation format's type name."""
        return ENTITY_TYPE_OF_CLASS.get(self.cls, "Organization")


@dataclass(frozen=True)
class Mention:
    """A span of the article text that names an entity."""

    iri: str
    start: int  # character offsets into Extraction.text
    end: int
    text: str
    sentence: int  # index of the sentence it is in


@dataclass(frozen=True)
class Evidence:
    """The sentence a statement comes from, with its offsets in the article text."""

    start: int
    end: int
    text: str


@dataclass
class Event:
    """A typed, dated event with its participants by role, as one article reports it."""

    type: str  # event-type slug
    actors: list[str]
    partners: list[str] = field(default_factory=list)  # symmetric co-actors
    recipients: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    instruments: list[str] = field(default_factory=list)  # missions, agreements, policies
    date: Date | None = None
    planned: bool = False
    confidence: float = 0.7
    evidence: Evidence | None = None
    trigger: str = ""
    trigger_index: int | None = None  # token index of the trigger in the parsed document
    unnamed_actor: bool = False  # the text names an actor that is no entity ("the West")
    adds_parties: bool = False  # read to add parties to an event read at the same word


@dataclass(frozen=True)
class Fact:
    """A binary organisational fact (heads, worksFor, locatedIn, operates, ...)."""

    predicate: str  # skg property local name
    subject: str
    object: str
    evidence: Evidence | None = None
    confidence: float = 0.8
    role: str | None = None  # role title, for heads / worksFor
    date: Date | None = None
    source: str = "text"  # "text" or "kb" (stated by the reference KB, both ends mentioned)


@dataclass
class Extraction:
    """Everything extracted from one article."""

    document: Document
    text: str  # the text offsets refer to: title and body
    entities: dict[str, Entity]
    mentions: list[Mention]
    events: list[Event]
    facts: list[Fact]
    warnings: list[str] = field(default_factory=list)
