"""The reference KB as the linker sees it: entities, their surface forms, posts and fixed facts."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from spacekg.ontology import kb_files
from spacekg.ontology.classes import ENTITY_TYPE_OF_CLASS
from spacekg.ontology.vocab import SKG, WD

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
ALT_LABEL = "http://www.w3.org/2004/02/skos/core#altLabel"

# Most specific first: an entity typed twice is reported as the first class it has here.
CLASS_PRIORITY = (
    "Person",
    "Country",
    "SpaceAgency",
    "ResearchInstitution",
    "Company",
    "IntergovernmentalOrganisation",
    "GovernmentBody",
    "Organisation",
    "Agreement",
    "Law",
    "Tariff",
    "Sanction",
    "Ban",
    "Policy",
    "SpaceStation",
    "LaunchVehicle",
    "Spacecraft",
    "Instrument",
    "Programme",
    "Mission",
    "SpaceProject",
)

#: KB facts the linker may state about entities an article mentions, by property local name.
FACT_PROPERTIES = ("operates", "develops", "partOf", "enacts", "restricts", "targets", "launches")


def normalise(text: str) -> str:
    """The key aliases are compared by: NFKC, casefolded, straight apostrophes, single spaces."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    text = re.sub(r"[\u2010-\u2015]", "-", text)
    text = re.sub(r"^the\s+", "", text.strip())
    return re.sub(r"\s+", " ", text)


# Words of a name that do not tell people apart: titles, particles, suffixes.
NAME_PARTICLES = {
    "mr", "mrs", "ms", "dr", "prof", "sir", "bin", "bint", "ibn", "al", "el", "de", "da", "do",
    "dos", "du", "van", "von", "der", "den", "la", "le", "di", "jr", "sr", "ii", "iii",
}  # fmt: skip


def key_of_person(name: str) -> frozenset[str]:
    """A person's identifying name words: "Dr. YAMAKAWA Hiroshi" -> {"yamakawa", "hiroshi"}."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = re.split(r"[\s.,]+|-(?=[a-z]{3})", ascii_name)
    return frozenset(w.strip("'") for w in words if w and w.strip("'") not in NAME_PARTICLES)


@dataclass
class KbEntity:
    """One entity of the reference KB."""

    iri: str
    label: str
    cls: str  # most specific skg class local name
    country: str | None = None  # IRI of its country
    qid: str | None = None
    aliases: set[str] = field(default_factory=set)
    acronyms: set[str] = field(default_factory=set)
    demonyms: set[str] = field(default_factory=set)
    metonyms: set[str] = field(default_factory=set)
    ambiguous: set[str] = field(default_factory=set)

    @property
    def eval_type(self) -> str:
        """The evaluation format's type name (Agency, Person, Country, ...)."""
        return ENTITY_TYPE_OF_CLASS.get(self.cls, "Organization")

    def surface_forms(self) -> set[str]:
        """Every string that names this entity unambiguously."""
        return {self.label} | self.aliases | self.acronyms | self.demonyms | self.metonyms


@dataclass(frozen=True)
class KbPost:
    """A post held by a person in the KB."""

    person: str
    organisation: str
    role: str
    start: str | None
    end: str | None

    def active_on(self, iso_day: str | None) -> bool:
        """Whether the post was held on a day (``YYYY-MM-DD``; None: assume yes)."""
        if iso_day is None:
            return self.end is None
        if self.start and self.start[: len(iso_day)] > iso_day:
            return False
        return not (self.end and self.end < iso_day[: len(self.end)])


@dataclass
class Gazetteer:
    """Entities by IRI and by normalised surface form, posts, and fixed facts."""

    entities: dict[str, KbEntity]
    by_form: dict[str, list[str]]  # normalised form -> IRIs (several: ambiguous)
    posts: list[KbPost]
    facts: list[tuple[str, str, str]]  # (subject IRI, property local name, object IRI)
    _person_keys: dict[str, frozenset[str]] | None = field(default=None, repr=False)
    _operators: dict[str, list[str]] | None = field(default=None, repr=False)
    _posts_by_person: dict[str, list[KbPost]] | None = field(default=None, repr=False)
    _facts_by_subject: dict[str, list[tuple[str, str, str]]] | None = field(
        default=None, repr=False
    )

    def lookup(self, surface: str) -> list[KbEntity]:
        """The KB entities a surface form may name."""
        return [self.entities[i] for i in self.by_form.get(normalise(surface), [])]

    def person_keys(self) -> dict[str, frozenset[str]]:
        """Every KB person's identifying name words (label and aliases), by IRI."""
        if self._person_keys is None:
            self._person_keys = {
                iri: key_of_person(e.label) for iri, e in self.entities.items() if e.cls == "Person"
            }
        return self._person_keys

    def operators(self) -> dict[str, list[str]]:
        """Who the KB says operates each project, by project IRI."""
        if self._operators is None:
            found: dict[str, list[str]] = defaultdict(list)
            family: dict[str, str] = {}
            for s, p, o in self.facts:
                if p == "operates":
                    found[o].append(s)
                elif p == "partOf":
                    family[s] = o
            # a rocket variant without an operator of its own is flown by its family's ("Long
            # March 2C"); other parts (an instrument on a craft, a module of a station) are not
            for variant, parent in family.items():
                rocket = variant in self.entities and self.entities[variant].cls == "LaunchVehicle"
                if rocket and variant not in found and parent in found:
                    found[variant] = list(found[parent])
            self._operators = dict(found)
        return self._operators

    def posts_of(self, person: str) -> list[KbPost]:
        """The posts a person held."""
        if self._posts_by_person is None:
            by_person: dict[str, list[KbPost]] = defaultdict(list)
            for post in self.posts:
                by_person[post.person].append(post)
            self._posts_by_person = dict(by_person)
        return self._posts_by_person.get(person, [])

    def facts_about(self, subject: str) -> list[tuple[str, str, str]]:
        """The fixed facts whose subject is an entity."""
        if self._facts_by_subject is None:
            by_subject: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
            for fact in self.facts:
                by_subject[fact[0]].append(fact)
            self._facts_by_subject = dict(by_subject)
        return self._facts_by_subject.get(subject, [])


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1] if "#" in iri else iri.rsplit("/", 1)[-1]


# Words naming the kind of a craft or programme after its name: "the Rashid rover" is "Rashid".
GENERIC_TAIL = re.compile(
    r"^(?P<name>.+?)\s+(?:rover|lander|orbiter|mission|satellite|spacecraft|probe|space telescope|"
    r"telescope|observatory|navigation satellite system|navigation system|satellite system|"
    r"space station|station|programme|program|rocket|launch vehicle|module|capsule|helicopter)$",
    re.IGNORECASE,
)
# Short forms that are also everyday words: a sentence may open with them.
COMMON_WORDS = {
    "hope", "spirit", "opportunity", "curiosity", "perseverance", "ingenuity", "discovery",
    "endeavour", "endeavor", "unity", "harmony", "destiny", "tranquility", "freedom", "victory",
    "progress", "genesis", "pioneer", "explorer", "vision", "mercury", "venus", "mars", "moon",
    "sun", "earth", "space", "lunar", "international", "national", "european", "chinese",
    "indian", "japanese", "russian", "american", "commercial", "crew", "cargo", "human", "deep",
}  # fmt: skip
PROJECT_CLASSES = {
    "Mission",
    "Programme",
    "Spacecraft",
    "SpaceStation",
    "LaunchVehicle",
    "Instrument",
}


def _short_forms(entities: dict[str, KbEntity], by_form: dict[str, list[str]]) -> dict[str, str]:
    """Names of projects without their generic tail ("Rashid rover" -> "Rashid", "Galileo
    navigation system" -> "Galileo"), where that names no other entity and is no everyday word."""
    found: dict[str, str] = {}
    taken: dict[str, int] = defaultdict(int)
    # "Axiom" alone is as likely Axiom Space as Axiom Station: a first word of a body's name
    first_words = defaultdict(set)
    for iri, entity in entities.items():
        if entity.cls not in PROJECT_CLASSES:
            first_words[normalise(entity.label.split()[0])].add(iri)
    for iri, entity in entities.items():
        if entity.cls not in PROJECT_CLASSES:
            continue
        for form in {entity.label} | entity.aliases:
            m = GENERIC_TAIL.match(form)
            if not m:
                continue
            short = m.group("name").strip()
            key = normalise(short)
            if len(short) < 3 or " " in short or not short[:1].isupper() or "'" in key:
                continue  # one proper word: "Rashid", not "Lunar Reconnaissance" or "India's"
            if key in COMMON_WORDS or key in by_form or first_words[key] - {iri}:
                continue
            if iri not in found:
                found[iri] = short
                taken[key] += 1
    # a short form two projects would share names neither
    return {iri: short for iri, short in found.items() if taken[normalise(short)] == 1}


def build(quads: Iterable[ox.Quad]) -> Gazetteer:
    """Index KB quads."""
    types: dict[str, set[str]] = defaultdict(set)
    literal: dict[tuple[str, str], set[str]] = defaultdict(set)
    links: dict[tuple[str, str], set[str]] = defaultdict(set)
    skg = str(SKG)
    for q in quads:
        s, p, o = q.subject, q.predicate.value, q.object
        if not isinstance(s, ox.NamedNode):
            continue
        if p == RDF_TYPE and isinstance(o, ox.NamedNode) and o.value.startswith(skg):
            types[s.value].add(o.value[len(skg) :])
        elif isinstance(o, ox.Literal):
            literal[(s.value, p)].add(o.value)
        elif isinstance(o, ox.NamedNode):
            links[(s.value, p)].add(o.value)

    entities: dict[str, KbEntity] = {}
    for iri, classes in types.items():
        cls = next((c for c in CLASS_PRIORITY if c in classes), None)
        if cls is None:
            continue
        labels = literal.get((iri, RDFS_LABEL)) or {_local(iri)}
        qids = links.get((iri, str(SKG.wikidata)), set())
        countries = links.get((iri, str(SKG.country)), set())
        entities[iri] = KbEntity(
            iri=iri,
            label=min(labels),
            cls=cls,
            country=iri if cls == "Country" else (min(countries) if countries else None),
            qid=_local(min(qids)) if qids and min(qids).startswith(str(WD)) else None,
            aliases=literal.get((iri, ALT_LABEL), set()),
            acronyms=literal.get((iri, str(SKG.acronym)), set()),
            demonyms=literal.get((iri, str(SKG.demonym)), set()),
            metonyms=literal.get((iri, str(SKG.metonym)), set()),
            ambiguous=literal.get((iri, str(SKG.ambiguousAlias)), set()),
        )

    by_form: dict[str, list[str]] = defaultdict(list)
    for iri, entity in entities.items():
        for form in entity.surface_forms() | entity.ambiguous:
            key = normalise(form)
            if key and iri not in by_form[key]:
                by_form[key].append(iri)
    for iri, short in _short_forms(entities, by_form).items():
        entities[iri].aliases = entities[iri].aliases | {short}
        by_form[normalise(short)].append(iri)

    posts = []
    for iri, classes in types.items():
        if "Post" not in classes:
            continue
        holder = links.get((iri, str(SKG.postHolder)))
        org = links.get((iri, str(SKG.postIn)))
        if not holder or not org:
            continue
        role = min(literal.get((iri, str(SKG.roleTitle)), {""}))
        start = sorted(literal.get((iri, str(SKG.startDate)), set())) or [None]
        end = sorted(literal.get((iri, str(SKG.endDate)), set())) or [None]
        posts.append(KbPost(min(holder), min(org), role, start[0], end[0]))

    facts = []
    for (s, p), objects in links.items():
        name = _local(p)
        if p.startswith(skg) and name in FACT_PROPERTIES:
            facts.extend((s, name, o) for o in sorted(objects) if o in entities or name == "partOf")
    return Gazetteer(dict(entities), dict(by_form), posts, sorted(facts))


def load_files(files: Iterable[Path]) -> Gazetteer:
    """A gazetteer from Turtle files."""
    quads: list[ox.Quad] = []
    for file in files:
        quads.extend(ox.parse(path=str(file), format=ox.RdfFormat.TURTLE))
    return build(quads)


@functools.lru_cache(maxsize=1)
def default() -> Gazetteer:
    """The gazetteer of the packaged reference KB (built once, then read from the cache)."""
    from . import cache

    files = kb_files()
    version = cache.key(files=[*files, *cache.code_files()])
    return cache.cached("gazetteer", version, lambda: load_files(files))
