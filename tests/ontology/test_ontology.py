"""The ontology (spacekg.ttl) and the event taxonomy (event_types.ttl) as analysts and the code use them.

Both files are read with the two RDF stacks of the project (rdflib and pyoxigraph); every term of the
vocabulary contract is declared and documented; the taxonomy carries the published CAMEO codes,
Goldstein values and PLOVER categories and the shortcut property ingest relies on.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib import OWL, RDF, RDFS, SKOS, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, FOAF, PROV

from spacekg.ontology import vocab

ONTOLOGY_DIR = Path(vocab.__file__).resolve().parent
ONTOLOGY_TTL = ONTOLOGY_DIR / "spacekg.ttl"
TAXONOMY_TTL = ONTOLOGY_DIR / "event_types.ttl"
SHAPES_TTL = ONTOLOGY_DIR / "shapes.ttl"

# rdflib terms over the vocabulary's namespaces (which hand out plain strings).
SKG, EVT, SCHEMA, ORG = (Namespace(str(n)) for n in (vocab.SKG, vocab.EVT, vocab.SCHEMA, vocab.ORG))
# A plain Namespace: rdflib's closed XSD namespace warns when pytest probes module attributes.
XSD = Namespace(str(rdflib.XSD))
ONTOLOGY_IRI = URIRef(vocab.BASE + "ontology")
SCHEME = EVT["scheme"]
ALL_SLUGS = vocab.COOPERATION_EVENT_TYPES + vocab.CONFLICT_EVENT_TYPES
PLOVER_CATEGORIES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "DEMAND",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}  # fmt: skip

#: Goldstein weights of the CAMEO codes the taxonomy uses, as published with CAMEO
#: (GDELT's CAMEO.goldsteinscale.txt); a type's skg:goldstein must be its code's weight.
CAMEO_GOLDSTEIN = {
    "030": Decimal("4.0"), "031": Decimal("5.2"), "040": Decimal("1.0"), "042": Decimal("1.9"),
    "043": Decimal("2.8"), "046": Decimal("7.0"), "057": Decimal("8.0"), "060": Decimal("6.0"),
    "061": Decimal("6.4"), "064": Decimal("7.0"), "070": Decimal("7.0"), "071": Decimal("7.4"),
    "110": Decimal("-2.0"), "111": Decimal("-2.0"), "112": Decimal("-2.0"), "120": Decimal("-4.0"),
    "160": Decimal("-4.0"), "161": Decimal("-4.0"), "162": Decimal("-5.6"), "163": Decimal("-8.0"),
    "164": Decimal("-7.0"), "166": Decimal("-7.0"), "172": Decimal("-5.0"),
}  # fmt: skip

#: The relation ingest asserts alongside an event of each type (None: the event alone).
EXPECTED_SHORTCUT = {
    "lend-samples": "lendsSamplesTo",
    "fund": "funds",
    "negotiate": "negotiatesWith",
    "sign-agreement": "agreesWith",
    "join-programme": "joins",
    "criticise": "criticises",
    "accuse": "criticises",
    "restrict": "restricts",
    "ban": "restricts",
    "impose-sanctions": "sanctions",
    "impose-tariffs": "sanctions",
    "end-cooperation": "endsCooperationWith",
    "suspend-cooperation": "suspendsCooperationWith",
    "reduce-cooperation": "suspendsCooperationWith",
    "withdraw": "withdrawsFrom",
    "launch-service": "launches",
    "carry-payload": "carriesPayloadOf",
    "grant-access": "grantsAccessTo",
    "reject": None,
}
#: Types that exist only because space news needs them; each specialises a CAMEO code.
SPACE_SPECIALISATIONS = (
    "lend-samples", "grant-access", "joint-mission", "carry-payload", "astronaut-flight",
    "astronaut-training", "launch-service", "share-data", "fund", "join-programme",
)  # fmt: skip

CLASSES = vocab.ACTOR_CLASS_TERMS + vocab.THING_CLASS_TERMS + vocab.RECORD_CLASS_TERMS
PROPERTIES = (
    vocab.ENTITY_PROPERTIES
    + vocab.RELATION_PROPERTIES
    + vocab.POST_PROPERTIES
    + vocab.EVENT_PROPERTIES
    + vocab.EVIDENCE_PROPERTIES
    + vocab.ARTICLE_PROPERTIES
    + vocab.TAXONOMY_PROPERTIES
)
PROPERTY_KINDS = {OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}
DECLARATION_KINDS = {OWL.Class} | PROPERTY_KINDS | {OWL.NamedIndividual}


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY_TTL, format="turtle")


@pytest.fixture(scope="module")
def taxonomy() -> rdflib.Graph:
    return rdflib.Graph().parse(TAXONOMY_TTL, format="turtle")


def english(graph: rdflib.Graph, subject: URIRef, predicate: URIRef) -> list[str]:
    return [
        str(o)
        for o in graph.objects(subject, predicate)
        if isinstance(o, Literal) and o.language == "en"
    ]


def superclasses(graph: rdflib.Graph, cls: URIRef) -> set[URIRef]:
    return set(graph.transitive_objects(cls, RDFS.subClassOf)) - {cls}


def concept(slug: str) -> URIRef:
    return EVT[slug]


# --- Both files load in both RDF stacks ------------------------------------------------------------


@pytest.mark.parametrize("path", [ONTOLOGY_TTL, TAXONOMY_TTL, SHAPES_TTL], ids=lambda p: p.name)
def test_turtle_files_read_the_same_in_rdflib_and_oxigraph(path: Path) -> None:
    in_rdflib = rdflib.Graph().parse(path, format="turtle")
    in_oxigraph = list(ox.parse(path=path, format=ox.RdfFormat.TURTLE))
    assert len(in_rdflib) > 100
    assert len(in_oxigraph) == len(in_rdflib)


def test_ontology_and_taxonomy_load_into_an_oxigraph_store_graph() -> None:
    store = ox.Store()
    graph = ox.NamedNode(str(vocab.ONTOLOGY_GRAPH))
    for path in (ONTOLOGY_TTL, TAXONOMY_TTL):
        store.load(path=path, format=ox.RdfFormat.TURTLE, to_graph=graph)
    rows = list(
        store.query(
            "PREFIX skg: <https://w3id.org/spacekg/ontology#> "
            "SELECT (COUNT(?t) AS ?n) WHERE { GRAPH ?g { ?t a skg:EventType } }"
        )
    )
    assert int(rows[0]["n"].value) == len(ALL_SLUGS)


# --- The ontology ---------------------------------------------------------------------------------------


def test_ontology_header_says_what_it_is_and_how_it_may_be_reused(ontology: rdflib.Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(ONTOLOGY_IRI, OWL.versionInfo) is not None
    assert english(ontology, ONTOLOGY_IRI, DCTERMS.title) == ["SpaceKG ontology"]
    assert english(ontology, ONTOLOGY_IRI, DCTERMS.description)
    assert ontology.value(ONTOLOGY_IRI, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )


@pytest.mark.parametrize("term", vocab.ALL_TERMS)
def test_every_vocabulary_term_is_declared_with_an_english_label_and_comment(
    ontology: rdflib.Graph, term: str
) -> None:
    iri = SKG[term]
    kinds = set(ontology.objects(iri, RDF.type))
    if term in CLASSES:
        assert OWL.Class in kinds, f"skg:{term} is not declared an owl:Class"
    elif term in PROPERTIES:
        assert kinds & PROPERTY_KINDS, f"skg:{term} is not declared an OWL property"
    else:
        assert OWL.NamedIndividual in kinds, f"skg:{term} is not declared an owl:NamedIndividual"
    assert len(english(ontology, iri, RDFS.label)) == 1, f"skg:{term} needs one rdfs:label@en"
    comments = english(ontology, iri, RDFS.comment)
    assert len(comments) == 1 and len(comments[0]) > 20, (
        f"skg:{term} needs an rdfs:comment@en that explains it"
    )


def test_every_skg_term_used_in_the_turtle_files_is_declared_and_in_the_vocabulary(
    ontology: rdflib.Graph,
) -> None:
    declared = {
        s for s, o in ontology.subject_objects(RDF.type) if o in DECLARATION_KINDS and s in SKG
    }
    in_contract = {SKG[t] for t in vocab.ALL_TERMS}
    assert declared == in_contract, "the ontology and vocab.py declare different terms"
    for path in (ONTOLOGY_TTL, TAXONOMY_TTL, SHAPES_TTL):
        graph = rdflib.Graph().parse(path, format="turtle")
        used = {
            node for triple in graph for node in triple if isinstance(node, URIRef) and node in SKG
        }
        assert used <= declared, f"{path.name} uses undeclared terms: {sorted(used - declared)}"


def test_no_term_is_both_a_class_and_a_property(ontology: rdflib.Graph) -> None:
    classes = set(ontology.subjects(RDF.type, OWL.Class))
    properties = {s for k in PROPERTY_KINDS for s in ontology.subjects(RDF.type, k)}
    assert not classes & properties
    datatype = set(ontology.subjects(RDF.type, OWL.DatatypeProperty))
    assert not datatype & set(ontology.subjects(RDF.type, OWL.ObjectProperty))


def test_standard_vocabularies_are_reused_not_redefined(ontology: rdflib.Graph) -> None:
    foreign = (
        str(SCHEMA),
        str(ORG),
        str(FOAF),
        str(PROV),
        str(SKOS),
        str(DCTERMS),
        str(vocab.TIME),
        str(XSD),
    )
    redefined = {
        s for s in ontology.subjects() if isinstance(s, URIRef) and str(s).startswith(foreign)
    }
    assert not redefined


@pytest.mark.parametrize(
    ("sub", "sup"),
    [
        ("SpaceAgency", "GovernmentBody"),
        ("SpaceAgency", "Organisation"),
        ("SpaceAgency", "Agent"),
        ("GovernmentBody", "Organisation"),
        ("IntergovernmentalOrganisation", "Organisation"),
        ("ResearchInstitution", "Organisation"),
        ("Company", "Organisation"),
        ("Organisation", "Agent"),
        ("Country", "Agent"),
        ("Person", "Agent"),
        ("Mission", "SpaceProject"),
        ("Programme", "SpaceProject"),
        ("Spacecraft", "SpaceProject"),
        ("SpaceStation", "SpaceProject"),
        ("LaunchVehicle", "SpaceProject"),
        ("Instrument", "SpaceProject"),
        ("Law", "Policy"),
        ("Tariff", "Policy"),
        ("Sanction", "Policy"),
        ("Ban", "Policy"),
        ("CooperationEvent", "Event"),
        ("ConflictEvent", "Event"),
    ],
)
def test_class_hierarchy_lets_a_query_for_the_general_class_find_the_specific(
    ontology: rdflib.Graph, sub: str, sup: str
) -> None:
    assert SKG[sup] in superclasses(ontology, SKG[sub])


def test_things_are_not_agents(ontology: rdflib.Graph) -> None:
    for name in vocab.THING_CLASS_TERMS:
        assert SKG.Agent not in superclasses(ontology, SKG[name]), (
            f"skg:{name} must not be an skg:Agent"
        )


@pytest.mark.parametrize(
    ("term", "relation", "external"),
    [
        ("Agent", RDFS.subClassOf, FOAF.Agent),
        ("Organisation", RDFS.subClassOf, SCHEMA.Organization),
        ("Organisation", RDFS.subClassOf, ORG.Organization),
        ("GovernmentBody", RDFS.subClassOf, SCHEMA.GovernmentOrganization),
        ("ResearchInstitution", RDFS.subClassOf, SCHEMA.ResearchOrganization),
        ("Company", RDFS.subClassOf, SCHEMA.Corporation),
        ("Country", RDFS.subClassOf, SCHEMA.Country),
        ("Person", RDFS.subClassOf, SCHEMA.Person),
        ("Person", RDFS.subClassOf, FOAF.Person),
        ("Law", RDFS.subClassOf, SCHEMA.Legislation),
        ("Post", RDFS.subClassOf, ORG.Membership),
        ("Event", RDFS.subClassOf, SCHEMA.Event),
        ("Article", RDFS.subClassOf, SCHEMA.NewsArticle),
        ("Article", RDFS.subClassOf, PROV.Entity),
        ("Evidence", RDFS.subClassOf, PROV.Entity),
        ("EventType", RDFS.subClassOf, SKOS.Concept),
        ("wikidata", RDFS.subPropertyOf, SKOS.exactMatch),
        ("acronym", RDFS.subPropertyOf, SKOS.altLabel),
        ("heads", RDFS.subPropertyOf, ORG.headOf),
        ("worksFor", RDFS.subPropertyOf, ORG.memberOf),
        ("holdsPost", RDFS.subPropertyOf, ORG.hasMembership),
        ("postHolder", RDFS.subPropertyOf, ORG.member),
        ("evidence", RDFS.subPropertyOf, PROV.wasDerivedFrom),
        ("reportedIn", RDFS.subPropertyOf, PROV.wasDerivedFrom),
        ("article", RDFS.subPropertyOf, PROV.wasQuotedFrom),
        ("articleText", RDFS.subPropertyOf, SCHEMA.articleBody),
        ("date", RDFS.subPropertyOf, DCTERMS.date),
        ("founded", RDFS.subPropertyOf, SCHEMA.foundingDate),
    ],
)
def test_terms_are_aligned_with_standard_vocabularies(
    ontology: rdflib.Graph, term: str, relation: URIRef, external: URIRef
) -> None:
    assert (SKG[term], relation, external) in ontology


def test_ambiguous_aliases_are_not_labels_of_the_entity(ontology: rdflib.Graph) -> None:
    label_properties = {SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, RDFS.label}
    assert (
        not set(ontology.transitive_objects(SKG.ambiguousAlias, RDFS.subPropertyOf))
        & label_properties
    )


def test_name_variants_are_annotation_properties_like_the_skos_labels_they_refine(
    ontology: rdflib.Graph,
) -> None:
    for name in ("acronym", "demonym", "metonym", "ambiguousAlias"):
        assert (SKG[name], RDF.type, OWL.AnnotationProperty) in ontology


def test_mutual_relations_are_symmetric_and_directed_ones_are_not(ontology: rdflib.Graph) -> None:
    symmetric = set(ontology.subjects(RDF.type, OWL.SymmetricProperty))
    assert {SKG.cooperatesWith, SKG.agreesWith, SKG.negotiatesWith} == symmetric


def test_post_holder_and_holds_post_are_inverses(ontology: rdflib.Graph) -> None:
    assert (SKG.postHolder, OWL.inverseOf, SKG.holdsPost) in ontology
    assert (SKG.holdsPost, OWL.inverseOf, SKG.postHolder) in ontology


@pytest.mark.parametrize(
    "name",
    [
        "founded",
        "dissolved",
        "launchDate",
        "signedDate",
        "effectiveDate",
        "startDate",
        "endDate",
        "date",
    ],
)
def test_dates_accept_a_day_a_month_or_a_year(ontology: rdflib.Graph, name: str) -> None:
    datatype = ontology.value(SKG[name], RDFS.range)
    assert datatype is not None and (datatype, RDF.type, RDFS.Datatype) in ontology
    members = list(Collection(ontology, ontology.value(datatype, OWL.unionOf)))
    assert members == [XSD.date, XSD.gYearMonth, XSD.gYear]


def test_confidence_is_a_decimal_between_0_and_1(ontology: rdflib.Graph) -> None:
    datatype = ontology.value(SKG.confidence, RDFS.range)
    assert ontology.value(datatype, OWL.onDatatype) == XSD.decimal
    facets = {}
    for restriction in Collection(ontology, ontology.value(datatype, OWL.withRestrictions)):
        facets.update(dict(ontology.predicate_objects(restriction)))
    assert facets[XSD.minInclusive].toPython() == 0
    assert facets[XSD.maxInclusive].toPython() == 1


def test_property_ranges_match_their_kind(ontology: rdflib.Graph) -> None:
    for prop in ontology.subjects(RDF.type, OWL.ObjectProperty):
        for rng in ontology.objects(prop, RDFS.range):
            assert not str(rng).startswith(str(XSD)), (
                f"object property {prop} has datatype range {rng}"
            )
            assert (rng, RDF.type, RDFS.Datatype) not in ontology
    for prop in ontology.subjects(RDF.type, OWL.DatatypeProperty):
        for rng in ontology.objects(prop, RDFS.range):
            assert str(rng).startswith(str(XSD)) or (rng, RDF.type, RDFS.Datatype) in ontology, prop


def test_status_and_polarity_take_only_their_named_values(ontology: rdflib.Graph) -> None:
    for prop, values in (
        (SKG.status, [SKG.asserted, SKG.planned]),
        (SKG.polarity, [SKG.cooperation, SKG.conflict]),
    ):
        enumeration = ontology.value(prop, RDFS.range)
        assert list(Collection(ontology, ontology.value(enumeration, OWL.oneOf))) == values
    assert (SKG.unknownDate, RDF.type, SKG.UnknownDate) in ontology
    assert list(Collection(ontology, ontology.value(SKG.UnknownDate, OWL.oneOf))) == [
        SKG.unknownDate
    ]


# --- The event taxonomy ----------------------------------------------------------------------------------


def test_taxonomy_is_a_documented_skos_scheme(taxonomy: rdflib.Graph) -> None:
    assert (SCHEME, RDF.type, SKOS.ConceptScheme) in taxonomy
    assert str(SCHEME) == "https://w3id.org/spacekg/event-type/scheme"
    assert english(taxonomy, SCHEME, DCTERMS.title)
    assert taxonomy.value(SCHEME, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )


def test_taxonomy_has_exactly_the_event_types_of_the_vocabulary(taxonomy: rdflib.Graph) -> None:
    concepts = set(taxonomy.subjects(RDF.type, SKOS.Concept))
    assert concepts == {concept(slug) for slug in ALL_SLUGS}
    assert set(taxonomy.subjects(RDF.type, SKG.EventType)) == concepts


@pytest.mark.parametrize("slug", ALL_SLUGS)
def test_every_event_type_is_documented_and_coded(taxonomy: rdflib.Graph, slug: str) -> None:
    c = concept(slug)
    assert (c, SKOS.inScheme, SCHEME) in taxonomy
    assert len(english(taxonomy, c, SKOS.prefLabel)) == 1
    assert len(english(taxonomy, c, SKOS.definition)) == 1
    assert len(english(taxonomy, c, SKOS.scopeNote)) == 1, (
        f"evt:{slug} needs a scope note for annotators"
    )
    code = taxonomy.value(c, SKG.cameoCode)
    assert isinstance(code, Literal) and code.datatype in (None, XSD.string)
    assert str(code).isdigit() and len(str(code)) in (3, 4), f"evt:{slug} has CAMEO code {code!r}"
    goldstein = taxonomy.value(c, SKG.goldstein)
    assert goldstein.datatype == XSD.decimal
    assert Decimal(-10) <= goldstein.toPython() <= Decimal(10)
    assert str(taxonomy.value(c, SKG.ploverCategory)) in PLOVER_CATEGORIES


@pytest.mark.parametrize("slug", vocab.COOPERATION_EVENT_TYPES)
def test_cooperation_types_are_positive(taxonomy: rdflib.Graph, slug: str) -> None:
    assert taxonomy.value(concept(slug), SKG.polarity) == SKG.cooperation
    assert taxonomy.value(concept(slug), SKG.goldstein).toPython() > 0


@pytest.mark.parametrize("slug", vocab.CONFLICT_EVENT_TYPES)
def test_conflict_types_are_negative(taxonomy: rdflib.Graph, slug: str) -> None:
    assert taxonomy.value(concept(slug), SKG.polarity) == SKG.conflict
    assert taxonomy.value(concept(slug), SKG.goldstein).toPython() < 0


@pytest.mark.parametrize("slug", ALL_SLUGS)
def test_goldstein_value_is_the_published_weight_of_the_cameo_code(
    taxonomy: rdflib.Graph, slug: str
) -> None:
    code = str(taxonomy.value(concept(slug), SKG.cameoCode))
    assert code in CAMEO_GOLDSTEIN, (
        f"evt:{slug} uses CAMEO {code}, whose weight this test does not know"
    )
    assert taxonomy.value(concept(slug), SKG.goldstein).toPython() == CAMEO_GOLDSTEIN[code]


@pytest.mark.parametrize(
    ("slug", "code", "plover"),
    [
        ("intend-cooperate", "030", "AGREE"),
        ("consult", "040", "CONSULT"),
        ("negotiate", "046", "CONSULT"),
        ("sign-agreement", "057", "SUPPORT"),
        ("cooperate", "060", "COOPERATE"),
        ("share-information", "064", "COOPERATE"),
        ("fund", "071", "AID"),
        ("criticise", "111", "ACCUSE"),
        ("accuse", "112", "ACCUSE"),
        ("reject", "120", "REJECT"),
        ("impose-sanctions", "163", "SANCTION"),
    ],
)
def test_core_types_carry_their_cameo_code_and_plover_category(
    taxonomy: rdflib.Graph, slug: str, code: str, plover: str
) -> None:
    assert str(taxonomy.value(concept(slug), SKG.cameoCode)) == code
    assert str(taxonomy.value(concept(slug), SKG.ploverCategory)) == plover


@pytest.mark.parametrize("slug", SPACE_SPECIALISATIONS)
def test_space_specialisations_say_which_cameo_code_they_specialise(
    taxonomy: rdflib.Graph, slug: str
) -> None:
    code = str(taxonomy.value(concept(slug), SKG.cameoCode))
    note = english(taxonomy, concept(slug), SKOS.scopeNote)[0]
    assert f"CAMEO {code}" in note


def test_broader_links_form_a_tree_within_one_polarity(taxonomy: rdflib.Graph) -> None:
    for slug in ALL_SLUGS:
        c = concept(slug)
        broader = list(taxonomy.objects(c, SKOS.broader))
        assert len(broader) <= 1, f"evt:{slug} has several broader types"
        ancestors = list(taxonomy.transitive_objects(c, SKOS.broader))[1:]
        assert c not in ancestors, f"evt:{slug} is its own ancestor"
        for ancestor in ancestors:
            assert (ancestor, RDF.type, SKG.EventType) in taxonomy
            assert taxonomy.value(ancestor, SKG.polarity) == taxonomy.value(c, SKG.polarity)


def test_top_concepts_are_the_types_without_a_broader_type(taxonomy: rdflib.Graph) -> None:
    roots = {concept(s) for s in ALL_SLUGS if taxonomy.value(concept(s), SKOS.broader) is None}
    assert set(taxonomy.subjects(SKOS.topConceptOf, SCHEME)) == roots
    assert set(taxonomy.objects(SCHEME, SKOS.hasTopConcept)) == roots
    assert {concept("cooperate"), concept("criticise"), concept("reduce-cooperation")} <= roots


@pytest.mark.parametrize(
    ("slug", "broader"),
    [
        ("lend-samples", "cooperate"),
        ("share-data", "share-information"),
        ("launch-service", "economic-cooperation"),
        ("join-programme", "sign-agreement"),
        ("visit", "consult"),
        ("negotiate", "consult"),
        ("accuse", "criticise"),
        ("ban", "restrict"),
        ("impose-tariffs", "impose-sanctions"),
        ("suspend-cooperation", "reduce-cooperation"),
        ("end-cooperation", "reduce-cooperation"),
        ("withdraw", "reduce-cooperation"),
    ],
)
def test_specialised_types_sit_under_the_type_they_specialise(
    taxonomy: rdflib.Graph, slug: str, broader: str
) -> None:
    assert taxonomy.value(concept(slug), SKOS.broader) == concept(broader)


@pytest.mark.parametrize("slug", ALL_SLUGS)
def test_each_type_names_the_shortcut_relation_ingest_asserts(
    ontology: rdflib.Graph, taxonomy: rdflib.Graph, slug: str
) -> None:
    shortcut = taxonomy.value(concept(slug), SKG.shortcut)
    default = "cooperatesWith" if slug in vocab.COOPERATION_EVENT_TYPES else None
    expected = EXPECTED_SHORTCUT.get(slug, default)
    assert shortcut == (SKG[expected] if expected else None)
    if shortcut is not None:
        assert shortcut in {SKG[p] for p in vocab.RELATION_PROPERTIES}
        assert (shortcut, RDF.type, OWL.ObjectProperty) in ontology


def test_broader_types_are_found_by_a_sparql_property_path_in_the_store() -> None:
    store = ox.Store()
    for path in (ONTOLOGY_TTL, TAXONOMY_TTL):
        store.load(path=path, format=ox.RdfFormat.TURTLE)
    rows = store.query(
        """
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX evt: <https://w3id.org/spacekg/event-type/>
        SELECT ?type WHERE { ?type skos:broader+ evt:cooperate }
        """
    )
    found = {row["type"].value.rsplit("/", 1)[-1] for row in rows}
    assert found == {
        "economic-cooperation", "share-information", "lend-samples", "grant-access", "joint-mission",
        "carry-payload", "astronaut-flight", "astronaut-training", "launch-service", "share-data",
    }  # fmt: skip


def test_most_cooperative_and_most_conflictual_types_rank_as_analysts_expect() -> None:
    store = ox.Store()
    store.load(path=TAXONOMY_TTL, format=ox.RdfFormat.TURTLE)
    rows = list(
        store.query(
            """
            PREFIX skg: <https://w3id.org/spacekg/ontology#>
            SELECT ?type ?g WHERE { ?type skg:goldstein ?g } ORDER BY DESC(?g) ?type
            """
        )
    )
    ranked = [row["type"].value.rsplit("/", 1)[-1] for row in rows]
    assert ranked[:2] == ["join-programme", "sign-agreement"]
    assert ranked[-2:] == ["impose-sanctions", "impose-tariffs"]
