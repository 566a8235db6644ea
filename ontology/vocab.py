"""IRIs, namespaces and vocabulary terms of SpaceKG, defined once and imported everywhere.

The Turtle files beside this module (``spacekg.ttl``, ``event_types.ttl``, ``shapes.ttl``) declare
every term named here; ``tests/ontology/test_vocab.py`` keeps the two in step.
"""

from __future__ import annotations


class Namespace:
    """A namespace IRI whose terms are its attributes or items: ``SKG.Event``, ``SKG["Event"]``.

    Terms are plain strings. (rdflib's ``Namespace`` does the same, but importing rdflib costs
    a quarter of a second that every command would pay.)
    """

    __slots__ = ("_iri",)

    def __init__(self, iri: str) -> None:
        self._iri = iri

    def __getitem__(self, name: str) -> str:
        return self._iri + name

    def __getattr__(self, name: str) -> str:
        if name.startswith("__"):
            raise AttributeError(name)
        return self._iri + name

    def __str__(self) -> str:
        return self._iri

    def __repr__(self) -> str:
        return f"Namespace({self._iri!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Namespace) and other._iri == self._iri

    def __hash__(self) -> int:
        return hash(self._iri)


RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
PROV = Namespace("http://www.w3.org/ns/prov#")

BASE = "https://w3id.org/spacekg/"

#: Classes and properties of the ontology.
SKG = Namespace(BASE + "ontology#")
#: Concepts of the event taxonomy (a SKOS concept scheme).
EVT = Namespace(BASE + "event-type/")
#: Named graphs.
GRAPH = Namespace(BASE + "graph/")

SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
TIME = Namespace("http://www.w3.org/2006/time#")
WD = Namespace("http://www.wikidata.org/entity/")
SH = Namespace("http://www.w3.org/ns/shacl#")

#: Resource namespaces, one per kind of thing; the kind is the first path segment of the IRI,
#: so ``https://w3id.org/spacekg/agency/nasa`` dereferences at ``/agency/nasa``.
KINDS: tuple[str, ...] = (
    "country",
    "agency",
    "org",
    "institution",
    "company",
    "person",
    "post",
    "mission",
    "agreement",
    "policy",
    "event",
    "article",
    "evidence",
)
COUNTRY = Namespace(BASE + "country/")  # ISO 3166-1 alpha-2 code as slug: country/CN
AGENCY = Namespace(BASE + "agency/")
ORGANISATION = Namespace(BASE + "org/")
INSTITUTION = Namespace(BASE + "institution/")
COMPANY = Namespace(BASE + "company/")
PERSON = Namespace(BASE + "person/")
POST = Namespace(BASE + "post/")
MISSION = Namespace(BASE + "mission/")
AGREEMENT = Namespace(BASE + "agreement/")
POLICY = Namespace(BASE + "policy/")
EVENT = Namespace(BASE + "event/")
ARTICLE = Namespace(BASE + "article/")
EVIDENCE = Namespace(BASE + "evidence/")

ONTOLOGY_GRAPH = GRAPH["ontology"]
KB_GRAPH = GRAPH["kb"]
#: What several articles may state (events, relations, entities not in the KB), each once.
FACTS_GRAPH = GRAPH["facts"]
ARTICLE_GRAPH_PREFIX = BASE + "graph/article/"

PREFIXES: dict[str, str] = {
    "skg": str(SKG),
    "evt": str(EVT),
    "country": str(COUNTRY),
    "agency": str(AGENCY),
    "org": str(ORGANISATION),
    "institution": str(INSTITUTION),
    "company": str(COMPANY),
    "person": str(PERSON),
    "post": str(POST),
    "mission": str(MISSION),
    "agreement": str(AGREEMENT),
    "policy": str(POLICY),
    "event": str(EVENT),
    "article": str(ARTICLE),
    "evidence": str(EVIDENCE),
    "w3org": str(ORG),
    "schema": str(SCHEMA),
    "prov": str(PROV),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "foaf": str(FOAF),
    "time": str(TIME),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "wd": str(WD),
}

# --- Classes ---------------------------------------------------------------------------------
# Class terms the ontology declares; the class groups built from its hierarchy are in classes.py.
ACTOR_CLASS_TERMS = (
    "Agent",  # anything that can act in an event (superclass)
    "Organisation",
    "SpaceAgency",
    "GovernmentBody",  # ministries, legislatures, regulators, militaries
    "IntergovernmentalOrganisation",
    "ResearchInstitution",
    "Company",
    "Country",
    "Person",
)
THING_CLASS_TERMS = (
    "SpaceProject",  # superclass of missions, programmes, spacecraft, stations, vehicles
    "Mission",
    "Programme",
    "Spacecraft",
    "SpaceStation",
    "LaunchVehicle",
    "Instrument",
    "Agreement",
    "Policy",
    "Law",
    "Tariff",
    "Sanction",
    "Ban",
)
RECORD_CLASS_TERMS = (
    "Post",  # a person's position in an organisation, with role title and dates
    "Event",
    "CooperationEvent",
    "ConflictEvent",
    "Article",
    "Evidence",  # a sentence of an article, with character offsets
    "EventType",  # skos:Concept of the event taxonomy
    "UnknownDate",  # class of the explicit unknown-date marker
)

# --- Properties ------------------------------------------------------------------------------
ENTITY_PROPERTIES = (
    "wikidata",  # -> wd:Qnnn (subPropertyOf skos:exactMatch)
    "acronym",  # literal, subPropertyOf skos:altLabel
    "demonym",  # literal: "Chinese" for China
    "metonym",  # literal: "Beijing" standing for China's government
    "ambiguousAlias",  # literal surface form shared with another entity; needs context
    "isoAlpha2",
    "isoAlpha3",
    "country",  # entity -> skg:Country it belongs to / is based in
    "founded",  # xsd:date or gYear
    "dissolved",
    "launchDate",
    "signedDate",
    "effectiveDate",
    "homepage",
)
RELATION_PROPERTIES = (
    "relatedTo",  # the superproperty of every shortcut relation
    # shortcut edges between entities, named after the eval predicates
    "cooperatesWith",  # symmetric
    "agreesWith",  # symmetric
    "negotiatesWith",  # symmetric
    "heads",
    "worksFor",
    "partOf",
    "locatedIn",
    "operates",
    "develops",
    "launches",
    "carriesPayloadOf",
    "participatesIn",
    "signs",
    "joins",
    "initiates",
    "lendsSamplesTo",
    "grantsAccessTo",
    "funds",
    "enacts",
    "restricts",
    "sanctions",
    "criticises",
    "endsCooperationWith",
    "suspendsCooperationWith",
    "withdrawsFrom",
    "targets",  # policy -> whom it targets
)
POST_PROPERTIES = (
    "holdsPost",  # person -> Post
    "postHolder",  # Post -> person (inverse of holdsPost)
    "postIn",  # Post -> organisation or country
    "roleTitle",  # literal
    "startDate",
    "endDate",
)
EVENT_PROPERTIES = (
    "eventType",  # Event -> EventType concept
    "participant",  # superproperty of the roles below
    "actor",  # who acts
    "partner",  # co-actor of a symmetric event (cooperation, negotiation)
    "recipient",  # who receives (samples, funding, access)
    "target",  # whom a conflict event is aimed at
    "instrument",  # mission, agreement, policy or sample set involved
    "date",  # xsd:date, xsd:gYearMonth or xsd:gYear: the most precise of the reported dates
    "reportedDate",  # a date one article gives
    "dateUnknown",  # -> skg:unknownDate when the text gives no date
    "status",  # -> skg:asserted | skg:planned
    "reportedStatus",  # a status one article gives
    "confidence",  # xsd:decimal 0..1: the highest reported
    "reportedConfidence",  # the confidence of one article's extraction
    "evidence",  # Event/fact -> Evidence
    "reportedIn",  # Event -> Article (one per source)
)
EVIDENCE_PROPERTIES = (
    "sentence",  # literal text of the sentence
    "startChar",  # xsd:integer offset in the article text
    "endChar",
    "article",  # Evidence -> Article
)
ARTICLE_PROPERTIES = (
    "contentHash",  # sha256 of the normalised text
    "sourceName",  # the outlet, literal
    "articleText",  # the full text as ingested
    "ingestedAt",  # xsd:dateTime
    "supports",  # a shared statement the article states, as an N-Triples line
)
TAXONOMY_PROPERTIES = (
    "cameoCode",  # literal "057"
    "goldstein",  # xsd:decimal -10..+10
    "ploverCategory",  # literal, e.g. "AGREE"
    "polarity",  # -> skg:cooperation | skg:conflict
    "shortcut",  # EventType -> the shortcut property ingest also asserts (e.g. skg:lendsSamplesTo)
)
INDIVIDUALS = (
    "unknownDate",
    "asserted",
    "planned",
    "cooperation",
    "conflict",
)

ALL_TERMS: tuple[str, ...] = (
    ACTOR_CLASS_TERMS
    + THING_CLASS_TERMS
    + RECORD_CLASS_TERMS
    + ENTITY_PROPERTIES
    + RELATION_PROPERTIES
    + POST_PROPERTIES
    + EVENT_PROPERTIES
    + EVIDENCE_PROPERTIES
    + ARTICLE_PROPERTIES
    + TAXONOMY_PROPERTIES
    + INDIVIDUALS
)

#: Slugs of the event taxonomy's concepts (``evt:<slug>``), cooperation first, then conflict.
#: ``event_types.ttl`` defines each with its CAMEO code, Goldstein value and PLOVER category.
COOPERATION_EVENT_TYPES: tuple[str, ...] = (
    "intend-cooperate",
    "intend-material-cooperation",
    "consult",
    "visit",
    "negotiate",
    "sign-agreement",
    "join-programme",
    "cooperate",
    "economic-cooperation",
    "share-information",
    "lend-samples",
    "grant-access",
    "joint-mission",
    "carry-payload",
    "astronaut-flight",
    "astronaut-training",
    "launch-service",
    "share-data",
    "fund",
)
CONFLICT_EVENT_TYPES: tuple[str, ...] = (
    "criticise",
    "accuse",
    "reject",
    "reduce-cooperation",
    "suspend-cooperation",
    "end-cooperation",
    "withdraw",
    "restrict",
    "ban",
    "impose-sanctions",
    "impose-tariffs",
)
