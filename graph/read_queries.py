"""The SPARQL behind the REST API and the web pages, as named constants.

Every value that comes from a request is bound with ``Store.query(bindings=...)`` /
``Store.select(**bindings)``; nothing here is ever formatted with user input. The few parts made
from the vocabulary (the lists of roles, relations and entity classes) are fixed at import time.
Filters that a request may leave out are written as ``(?anyX || test)`` with ``?anyX`` always
bound to a boolean, so that every variable a query tests is bound (pyoxigraph folds tests of
variables that the pattern itself never binds, such as ``BOUND(?x)``, before substituting them).
Every query is bounded by a LIMIT.
"""

from __future__ import annotations

from spacekg.ontology.classes import ENTITY_TYPE_OF_CLASS
from spacekg.ontology.vocab import ARTICLE_GRAPH_PREFIX, RELATION_PROPERTIES

#: Properties that tie an event to a participant, in the order pages list them.
EVENT_ROLES: tuple[str, ...] = ("actor", "partner", "recipient", "target", "instrument")

_ROLES = " ".join(f"skg:{r}" for r in EVENT_ROLES)
_RELATIONS = " ".join(f"skg:{p}" for p in RELATION_PROPERTIES)
_CLASS_TYPES = "\n    ".join(f'(skg:{c} "{t}")' for c, t in ENTITY_TYPE_OF_CLASS.items())

#: Caps that keep every answer bounded, whatever the store holds.
MAX_EVENTS_MATCHED = 10_000
MAX_SEARCH_CANDIDATES = 500

# --- one resource ---------------------------------------------------------------------------

RESOURCE_EXISTS = """
ASK { { ?iri ?p ?o } UNION { ?s ?p ?iri } }
"""

SUBJECT_EXISTS = """
ASK { ?iri ?p ?o }
"""

ENTITY_LABELS = """
SELECT DISTINCT ?iri ?p ?label WHERE {
  VALUES ?p { rdfs:label skos:prefLabel skos:altLabel skg:acronym skg:ambiguousAlias }
  ?iri ?p ?label .
} ORDER BY ?p STR(?label) LIMIT 1000
"""

ENTITY_TYPES = """
SELECT DISTINCT ?iri ?type WHERE { ?iri a ?type } ORDER BY ?type LIMIT 100
"""

ENTITY_ATTRIBUTES = """
SELECT DISTINCT ?iri ?p ?value ?valueLabel WHERE {
  VALUES ?p { skg:wikidata skg:country skg:founded skg:dissolved skg:launchDate skg:signedDate
              skg:effectiveDate skg:homepage skg:isoAlpha2 skg:isoAlpha3 rdfs:comment }
  ?iri ?p ?value .
  OPTIONAL { ?value rdfs:label ?valueLabel }
} LIMIT 200
"""

#: Posts the entity holds (stated from either end of the person-post link).
POSTS_HELD = """
SELECT DISTINCT ?iri ?post ?org ?orgLabel ?title ?start ?end WHERE {
  { ?iri skg:holdsPost ?post } UNION { ?post skg:postHolder ?iri }
  OPTIONAL { ?post skg:postIn ?org . OPTIONAL { ?org rdfs:label ?orgLabel } }
  OPTIONAL { ?post skg:roleTitle ?title }
  OPTIONAL { ?post skg:startDate ?start }
  OPTIONAL { ?post skg:endDate ?end }
} ORDER BY DESC(STR(?start)) ?post LIMIT 200
"""

#: People holding posts in the entity (an organisation or country).
POSTS_IN = """
SELECT DISTINCT ?iri ?post ?person ?personLabel ?title ?start ?end WHERE {
  ?post skg:postIn ?iri .
  { ?person skg:holdsPost ?post } UNION { ?post skg:postHolder ?person }
  OPTIONAL { ?person rdfs:label ?personLabel }
  OPTIONAL { ?post skg:roleTitle ?title }
  OPTIONAL { ?post skg:startDate ?start }
  OPTIONAL { ?post skg:endDate ?end }
} ORDER BY DESC(STR(?start)) ?post LIMIT 500
"""

#: Events the entity takes part in, with its role, newest first (the newest 200: an entity page
#: stays quick; GET /events?participant= pages through all of them).
EVENTS_OF_ENTITY = f"""
SELECT DISTINCT ?iri ?event ?role WHERE {{
  VALUES ?role {{ {_ROLES} }}
  ?event ?role ?iri ; a skg:Event .
  OPTIONAL {{ ?event skg:date ?date }}
}} ORDER BY DESC(STR(?date)) ?event LIMIT 200
"""

#: Shortcut edges from the entity, with the graph (and article) each is stated in.
FACTS_OUT = f"""
SELECT DISTINCT ?iri ?p ?other ?otherLabel ?g ?article ?title WHERE {{
  VALUES ?p {{ {_RELATIONS} }}
  GRAPH ?g {{ ?iri ?p ?other }}
  OPTIONAL {{ ?other rdfs:label ?otherLabel }}
  OPTIONAL {{ GRAPH ?g {{ ?article a skg:Article . OPTIONAL {{ ?article dcterms:title ?title }} }} }}
}} ORDER BY ?p ?other LIMIT 2000
"""

#: Shortcut edges to the entity, with the graph (and article) each is stated in.
FACTS_IN = f"""
SELECT DISTINCT ?iri ?p ?other ?otherLabel ?g ?article ?title WHERE {{
  VALUES ?p {{ {_RELATIONS} }}
  GRAPH ?g {{ ?other ?p ?iri }}
  OPTIONAL {{ ?other rdfs:label ?otherLabel }}
  OPTIONAL {{ GRAPH ?g {{ ?article a skg:Article . OPTIONAL {{ ?article dcterms:title ?title }} }} }}
}} ORDER BY ?p ?other LIMIT 2000
"""

#: Articles whose graph mentions the entity (as subject or object of any statement).
ENTITY_ARTICLES = """
SELECT DISTINCT ?iri ?article ?g ?title ?url ?published ?source WHERE {
  GRAPH ?g {
    ?article a skg:Article .
    { ?iri ?p ?o } UNION { ?s ?p ?iri }
  }
  OPTIONAL { ?article dcterms:title ?title }
  OPTIONAL { ?article schema:url ?url }
  OPTIONAL { ?article schema:datePublished ?published }
  OPTIONAL { ?article skg:sourceName ?source }
} ORDER BY DESC(STR(?published)) ?article LIMIT 500
"""

#: Evidence sentences of the statements about the entity: events it takes part in, posts, and
#: anything else that carries skg:evidence and points at it.
ENTITY_EVIDENCE = """
SELECT DISTINCT ?iri ?article ?sentence ?start WHERE {
  { ?x ?p ?iri . ?x skg:evidence ?ev } UNION { ?iri skg:evidence ?ev }
  ?ev skg:sentence ?sentence ; skg:article ?article .
  OPTIONAL { ?ev skg:startChar ?start }
} ORDER BY ?article ?start LIMIT 2000
"""

# --- events ---------------------------------------------------------------------------------

#: Events matching the optional filters, in date order, undated last.
EVENTS_MATCHING = f"""
SELECT DISTINCT ?event ?sortKey ?undated
       ?anyType ?type ?anyStatus ?status ?anyActor ?actor ?anyParticipant ?participant
       ?anyCountry ?country ?anyDate ?from ?to
WHERE {{
  ?event a skg:Event .
  OPTIONAL {{ ?event skg:eventType ?eventType }}
  OPTIONAL {{ ?event skg:status ?eventStatus }}
  OPTIONAL {{ ?event skg:date ?date }}
  BIND(SUBSTR(STR(?date), 1, 10) AS ?ds)
  BIND(IF(STRLEN(?ds) = 4, CONCAT(?ds, "-01-01"),
          IF(STRLEN(?ds) = 7, CONCAT(?ds, "-01"), ?ds)) AS ?dstart)
  BIND(IF(STRLEN(?ds) = 4, CONCAT(?ds, "-12-31"),
          IF(STRLEN(?ds) = 7, CONCAT(?ds, "-31"), ?ds)) AS ?dend)
  BIND(COALESCE(?dstart, "") AS ?sortKey)
  BIND(IF(BOUND(?date), 0, 1) AS ?undated)
  FILTER(?anyType || ?eventType = ?type)
  FILTER(?anyStatus || ?eventStatus = ?status)
  FILTER(?anyDate || (?dend >= ?from && ?dstart <= ?to))
  FILTER(?anyActor || EXISTS {{ ?event skg:actor ?actor }})
  FILTER(?anyParticipant || EXISTS {{ VALUES ?pr {{ {_ROLES} }} ?event ?pr ?participant }})
  FILTER(?anyCountry || EXISTS {{
    VALUES ?cr {{ {_ROLES} }}
    {{ ?event ?cr ?country }} UNION {{ ?event ?cr ?member . ?member skg:country ?country }}
  }})
}} ORDER BY ?undated ?sortKey ?event LIMIT {MAX_EVENTS_MATCHED}
"""

#: One event's own fields.
EVENT_FIELDS = """
SELECT ?event ?label ?type ?typeLabel ?date ?unknown ?status ?confidence WHERE {
  ?event a skg:Event .
  OPTIONAL { ?event rdfs:label ?label }
  OPTIONAL { ?event skg:eventType ?type . OPTIONAL { ?type skos:prefLabel ?typeLabel } }
  OPTIONAL { ?event skg:date ?date }
  OPTIONAL { ?event skg:dateUnknown ?unknown }
  OPTIONAL { ?event skg:status ?status }
  OPTIONAL { ?event skg:confidence ?confidence }
} LIMIT 1
"""

EVENT_PARTICIPANTS = f"""
SELECT DISTINCT ?event ?role ?who ?label WHERE {{
  VALUES ?role {{ {_ROLES} }}
  ?event ?role ?who .
  OPTIONAL {{ ?who rdfs:label ?label }}
}} ORDER BY ?role ?who LIMIT 200
"""

EVENT_SOURCES = """
SELECT DISTINCT ?event ?article ?title ?url ?published WHERE {
  ?event skg:reportedIn ?article .
  OPTIONAL { ?article dcterms:title ?title }
  OPTIONAL { ?article schema:url ?url }
  OPTIONAL { ?article schema:datePublished ?published }
} ORDER BY ?published ?article LIMIT 200
"""

EVENT_EVIDENCE = """
SELECT DISTINCT ?event ?sentence ?article ?start ?end WHERE {
  ?event skg:evidence ?ev .
  ?ev skg:sentence ?sentence .
  OPTIONAL { ?ev skg:article ?article }
  OPTIONAL { ?ev skg:startChar ?start }
  OPTIONAL { ?ev skg:endChar ?end }
} ORDER BY ?article ?start LIMIT 200
"""

# --- search ---------------------------------------------------------------------------------

#: Entities whose label, alias or acronym contains ``?q`` (lower-cased), best match first:
#: 0 exact label, 1 exact alias, 2 prefix, 3 substring; then shorter matched names first.
SEARCH = f"""
SELECT ?e (MIN(?rank) AS ?best) (MIN(STRLEN(?n)) AS ?length) ?q ?anyType ?wantType WHERE {{
  VALUES (?cls ?evalType) {{
    {_CLASS_TYPES}
  }}
  VALUES ?p {{ rdfs:label skos:altLabel skg:acronym skg:ambiguousAlias }}
  ?e a ?cls ; ?p ?name .
  FILTER(?anyType || ?evalType = ?wantType)
  BIND(LCASE(STR(?name)) AS ?n)
  FILTER(CONTAINS(?n, ?q))
  BIND(IF(?n = ?q, IF(?p = rdfs:label, 0, 1), IF(STRSTARTS(?n, ?q), 2, 3)) AS ?rank)
}} GROUP BY ?e ?q ?anyType ?wantType ORDER BY ?best ?length ?e LIMIT {MAX_SEARCH_CANDIDATES}
"""

#: The label of any node (English first, then any).
LABEL = """
SELECT ?iri ?label WHERE { ?iri rdfs:label ?label }
ORDER BY DESC(LANGMATCHES(LANG(?label), "en")) ?label LIMIT 1
"""

# --- articles -------------------------------------------------------------------------------

#: Every ingested article, newest first, with how many entities and events its graph holds.
ARTICLES = f"""
SELECT ?g ?article ?title ?url ?published ?source ?ingested ?entities ?events WHERE {{
  GRAPH ?g {{ ?article a skg:Article . }}
  FILTER(STRSTARTS(STR(?g), "{ARTICLE_GRAPH_PREFIX}"))
  OPTIONAL {{ GRAPH ?g {{ ?article dcterms:title ?title }} }}
  OPTIONAL {{ GRAPH ?g {{ ?article schema:url ?url }} }}
  OPTIONAL {{ GRAPH ?g {{ ?article schema:datePublished ?published }} }}
  OPTIONAL {{ GRAPH ?g {{ ?article skg:sourceName ?source }} }}
  OPTIONAL {{ GRAPH ?g {{ ?article skg:ingestedAt ?ingested }} }}
  OPTIONAL {{
    SELECT ?g (COUNT(DISTINCT ?event) AS ?events) WHERE {{ GRAPH ?g {{ ?event a skg:Event }} }}
    GROUP BY ?g
  }}
  OPTIONAL {{
    SELECT ?g (COUNT(DISTINCT ?entity) AS ?entities) WHERE {{
      GRAPH ?g {{ ?mentioning schema:mentions ?entity }}
    }} GROUP BY ?g
  }}
}} ORDER BY DESC(STR(?published)) DESC(STR(?ingested)) ?g LIMIT 10000
"""

ARTICLE_FIELDS = """
SELECT ?g ?article ?title ?url ?published ?source ?ingested ?hash ?text WHERE {
  GRAPH ?g { ?article a skg:Article . }
  OPTIONAL { GRAPH ?g { ?article dcterms:title ?title } }
  OPTIONAL { GRAPH ?g { ?article schema:url ?url } }
  OPTIONAL { GRAPH ?g { ?article schema:datePublished ?published } }
  OPTIONAL { GRAPH ?g { ?article skg:sourceName ?source } }
  OPTIONAL { GRAPH ?g { ?article skg:ingestedAt ?ingested } }
  OPTIONAL { GRAPH ?g { ?article skg:contentHash ?hash } }
  OPTIONAL { GRAPH ?g { ?article skg:articleText ?text } }
} LIMIT 1
"""

#: The entities an article mentions (schema:mentions from the article node).
ARTICLE_ENTITIES = """
SELECT DISTINCT ?g ?entity ?label WHERE {
  GRAPH ?g { ?article a skg:Article ; schema:mentions ?entity }
  OPTIONAL { ?entity rdfs:label ?label }
} ORDER BY ?entity LIMIT 2000
"""

ARTICLE_EVENTS = """
SELECT DISTINCT ?g ?event WHERE {
  GRAPH ?g { ?event a skg:Event }
  OPTIONAL { ?event skg:date ?date }
} ORDER BY ?event LIMIT 2000
"""

ARTICLE_FACTS = f"""
SELECT DISTINCT ?g ?s ?sLabel ?p ?o ?oLabel WHERE {{
  VALUES ?p {{ {_RELATIONS} }}
  GRAPH ?g {{ ?s ?p ?o }}
  OPTIONAL {{ ?s rdfs:label ?sLabel }}
  OPTIONAL {{ ?o rdfs:label ?oLabel }}
}} ORDER BY ?p ?s ?o LIMIT 2000
"""

# --- linked data ----------------------------------------------------------------------------

#: What dereferencing an IRI returns: its statements from every graph, with the labels of the
#: nodes they point to (together with INCOMING_TRIPLES, the statements pointing at it).
OUTGOING_TRIPLES = """
CONSTRUCT { ?iri ?p ?o . ?o rdfs:label ?oLabel . } WHERE {
  { SELECT DISTINCT ?iri ?p ?o WHERE { ?iri ?p ?o } LIMIT 10000 }
  OPTIONAL { ?o rdfs:label ?oLabel }
}
"""

#: The statements pointing at an IRI, bounded (a country is the object of thousands), with the
#: labels of their subjects.
INCOMING_TRIPLES = """
CONSTRUCT { ?s ?p ?iri . ?s rdfs:label ?sLabel . } WHERE {
  { SELECT DISTINCT ?iri ?s ?p WHERE { ?s ?p ?iri } LIMIT 1000 }
  OPTIONAL { ?s rdfs:label ?sLabel }
}
"""

#: The statements pointing at an IRI, bounded (a country is the object of thousands).
INCOMING = """
SELECT DISTINCT ?iri ?s ?p ?sLabel WHERE {
  ?s ?p ?iri .
  OPTIONAL { ?s rdfs:label ?sLabel }
} ORDER BY ?p ?s LIMIT 1000
"""

#: Every statement about an IRI, for the generic section of a resource page.
OUTGOING = """
SELECT DISTINCT ?iri ?p ?o ?oLabel WHERE {
  ?iri ?p ?o .
  OPTIONAL { ?o rdfs:label ?oLabel }
} ORDER BY ?p ?o LIMIT 2000
"""
