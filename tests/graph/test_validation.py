"""The store's SPARQL validation finds exactly what pyshacl finds, and refuses shapes it cannot check.

pyshacl is the reference. Every case of ``tests/ontology/test_shapes.py`` (a small graph with a
deliberate fault) is run again with both: the graph (with the ontology and the taxonomy, as the
store holds them) validated by pyshacl, and the same triples loaded into an in-memory store and
validated in SPARQL, must give the same results, value and message included, as many times
each. Further cases probe the corners where the two engines could part: RDF 1.1 literal
equality, ill-typed literals, duplicate triples in the union of graphs, subclass targets, the
real store layout with faults written into it.
"""

from __future__ import annotations

import importlib.util
import inspect
import itertools
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pyoxigraph as ox
import pyshacl
import pytest
import rdflib
from rdflib import RDF, RDFS, SKOS, BNode, Literal, Namespace, URIRef

from spacekg import Store
from spacekg.errors import InputError
from spacekg.graph.shapes import compile_shapes, compiled
from spacekg.graph.validation import Report, Violation, validate_graph, validate_store
from spacekg.ingest.pipeline import ingest
from spacekg.ingest.readers import read_paths
from spacekg.ontology import ontology_files, shapes_file, vocab

SHAPE_TESTS = Path(__file__).resolve().parents[1] / "ontology" / "test_shapes.py"
SKG, EVT, WD = (Namespace(str(n)) for n in (vocab.SKG, vocab.EVT, vocab.WD))
XSD = Namespace(str(rdflib.XSD))


def _load(path: Path) -> ModuleType:
    name = "spacekg_tests_shape_cases"  # a name of its own: pytest imports the file as well
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


cases = _load(SHAPE_TESTS)


@pytest.fixture(scope="module")
def reference() -> rdflib.Graph:
    """The ontology and the event taxonomy, which the store holds beside any data."""
    graph = rdflib.Graph()
    for path in ontology_files():
        graph.parse(path, format="turtle")
    return graph


def in_store(*graphs: rdflib.Graph) -> Store:
    """An in-memory store (no KB) holding each graph in a named graph of its own."""
    store = Store.open(None, bootstrap=False)
    for i, graph in enumerate(graphs):
        data = graph.serialize(format="nt", encoding="utf-8")
        store.load(data, fmt="ntriples", graph=f"urn:x-test:graph:{i}")
    return store


Record = tuple[str, str, str | None, str | None, str]


def records(report: Report, spelled: dict[str, str] | None = None) -> Counter[Record]:
    """A report's results, each with how many times it was reported (graphs aside).

    ``spelled`` maps a value as rdflib writes it to the store's spelling of the same literal
    (``"...+00:00"`` to ``"...Z"``): rdflib rewrites lexical forms as it parses them. Blank
    nodes are compared as such, whatever their labels.
    """
    spelled = spelled or {}
    return Counter(
        (v.severity, v.focus, v.path, _spelled(v.value, spelled), v.message)
        for v in report.violations
    )


def _spelled(value: str | None, spelled: dict[str, str]) -> str | None:
    if value is not None and value.startswith("_:"):
        return "_:"  # a blank node: each engine has its own labels
    return spelled.get(value or "", value)


def pyshacl_on(store: Store) -> Report:
    """pyshacl on the union of the store's graphs (what validate_store did before SPARQL)."""
    union = list(store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"))
    nt = ox.serialize(union, format=ox.RdfFormat.N_TRIPLES)
    return validate_graph(rdflib.Graph().parse(data=nt, format="nt"), locate=store)


def spellings(store: Store) -> dict[str, str]:
    """How rdflib spells each literal of the store, mapped to the store's own spelling."""
    found = {}
    for quad in store.quads():
        o = quad.object
        if isinstance(o, ox.Literal) and not o.language:
            found[str(Literal(o.value, datatype=o.datatype.value))] = o.value
    return found


def assert_same(data: rdflib.Graph, reference: rdflib.Graph) -> Report:
    """Load data and reference into a store; validate it in SPARQL and with pyshacl (on the
    same triples, exported): every result must be the same, as many times each."""
    store = in_store(data, reference)
    found, expected = validate_store(store), pyshacl_on(store)
    assert records(found) == records(expected, spellings(store))
    assert found.conforms == expected.conforms
    return found


# --- every case of the shapes' own tests ---------------------------------------------------------


def _shape_cases() -> Iterator[tuple[str, Callable[..., None], dict[str, object]]]:
    """Each test of test_shapes.py that validates a graph, once per parameter it takes."""
    for name, function in inspect.getmembers(cases, inspect.isfunction):
        if not name.startswith("test_"):
            continue
        parameters = inspect.signature(function).parameters
        if "validate" not in parameters:
            continue
        grid = {
            mark.args[0]: mark.args[1]
            for mark in getattr(function, "pytestmark", [])
            if mark.name == "parametrize"
        }
        for values in itertools.product(*grid.values()):
            chosen = dict(zip(grid, values, strict=True))
            label = name + "".join(f"[{v}]" for v in values)
            yield label, function, chosen


SHAPE_CASES = list(_shape_cases())


def test_every_case_of_the_shape_tests_is_run_here() -> None:
    names = {label.split("[")[0] for label, _, _ in SHAPE_CASES}
    validating = {
        n for n, f in inspect.getmembers(cases, inspect.isfunction) if n.startswith("test_")
    }
    # the one left out validates the ontology and taxonomy directly: see the taxonomy test below
    assert validating - names == {
        "test_the_ontology_and_taxonomy_themselves_conform",
        "test_event_type_whose_polarity_contradicts_its_goldstein_value_is_reported",
    }
    assert len(SHAPE_CASES) >= 30


@pytest.mark.parametrize(
    ("label", "case", "params"), SHAPE_CASES, ids=[label for label, _, _ in SHAPE_CASES]
)
def test_the_store_finds_what_pyshacl_finds(
    label: str, case: Callable[..., None], params: dict[str, object], reference: rdflib.Graph
) -> None:
    compared = []
    shapes = rdflib.Graph().parse(shapes_file(), format="turtle")

    def validate(graph: rdflib.Graph, mode: str = "rdfs") -> list[object]:
        found = assert_same(graph, reference)
        compared.append(found)
        # and the same problems as pyshacl finds on the rdflib graph itself
        direct = validate_graph(graph + reference)
        assert {(v.focus, v.path, v.message) for v in found.violations} == {
            (v.focus, v.path, v.message) for v in direct.violations
        }
        if mode == "store":
            # the case's own assertions then hold for the store's validation too
            return [cases.Problem(v.focus, _iri(v.path), v.message) for v in found.violations]
        conforms, report, _ = pyshacl.validate(
            graph + reference, shacl_graph=shapes, inference="rdfs", advanced=True
        )
        return [
            cases.Problem(
                str(report.value(r, rdflib.SH.focusNode)),
                str(report.value(r, rdflib.SH.resultPath))
                if report.value(r, rdflib.SH.resultPath)
                else None,
                str(report.value(r, rdflib.SH.resultMessage)),
            )
            for r in report.objects(None, rdflib.SH.result)
        ]

    data = rdflib.Graph().parse(data=cases.CONFORMING, format="turtle")
    wanted = inspect.signature(case).parameters
    given = {"validate": validate, "data": data, **params}
    case(**{k: v for k, v in given.items() if k in wanted})
    assert compared, f"{label} validated nothing"


def _iri(path: str | None) -> str | None:
    """A compacted path (``skg:eventType``) as the IRI it stands for."""
    if path is None:
        return None
    if path.startswith("<"):
        return path[1:-1]
    prefix, local = path.split(":", 1)
    return vocab.PREFIXES[prefix] + local


def test_a_taxonomy_whose_polarity_contradicts_its_goldstein_value(
    reference: rdflib.Graph,
) -> None:
    broken = rdflib.Graph() + reference
    broken.set((EVT["fund"], SKG.polarity, SKG.conflict))
    broken.remove((EVT["reject"], SKOS.prefLabel, None))
    found = assert_same(broken, rdflib.Graph())
    assert {v.focus for v in found.violations} == {str(EVT["fund"]), str(EVT["reject"])}
    assert any(
        "disagrees with the sign of its Goldstein value 7.4" in v.message for v in found.violations
    )


def test_the_ontology_and_taxonomy_conform(reference: rdflib.Graph) -> None:
    assert assert_same(reference, rdflib.Graph()).conforms


# --- corners where the engines could part ------------------------------------------------------


def _broken(change: Callable[[rdflib.Graph], None]) -> rdflib.Graph:
    data = rdflib.Graph().parse(data=cases.CONFORMING, format="turtle")
    change(data)
    return data


LOAN, CRITICISM, EVIDENCE, ARTICLE = cases.LOAN, cases.CRITICISM, cases.EVIDENCE, cases.ARTICLE
FRANCE, CNSA, POST = cases.FRANCE, cases.CNSA, cases.POST

#: name -> a change to the conforming graph; each is validated by both engines.
CORNERS: dict[str, Callable[[rdflib.Graph], None]] = {
    "status given twice (no maximum)": lambda g: g.add((LOAN, SKG.status, SKG.planned)),
    "status outside sh:in": lambda g: g.set((LOAN, SKG.status, SKG.rumoured)),
    "status as a string": lambda g: g.set((LOAN, SKG.status, Literal("asserted"))),
    "an xsd:string PLOVER category (RDF 1.1: the same as a plain one)": lambda g: g.set(
        (EVT["fund"], SKG.ploverCategory, Literal("SUPPORT", datatype=XSD.string))
    ),
    "a PLOVER category tagged @en": lambda g: g.set(
        (EVT["fund"], SKG.ploverCategory, Literal("SUPPORT", lang="en"))
    ),
    "a lower-case PLOVER category": lambda g: g.set(
        (EVT["fund"], SKG.ploverCategory, Literal("support"))
    ),
    "a confidence as a string": lambda g: g.set((LOAN, SKG.confidence, Literal("0.9"))),
    "a negative confidence as an integer": lambda g: g.set((LOAN, SKG.confidence, Literal(-1))),
    "confidence exactly 1": lambda g: g.set((LOAN, SKG.confidence, Literal(Decimal("1")))),
    "a confidence that is an IRI": lambda g: g.set((LOAN, SKG.confidence, SKG.high)),
    "a start offset as a decimal": lambda g: g.set(
        (EVIDENCE, SKG.startChar, Literal(Decimal("0.0")))
    ),
    "two end offsets, one before the start": lambda g: (
        g.set((EVIDENCE, SKG.startChar, Literal(10))),
        g.add((EVIDENCE, SKG.endChar, Literal(5))),
    ),
    "an empty sentence": lambda g: g.set((EVIDENCE, SKG.sentence, Literal(""))),
    "a sentence tagged @en": lambda g: g.set((EVIDENCE, SKG.sentence, Literal("Hi.", lang="en"))),
    "a sentence as a blank node": lambda g: g.set((EVIDENCE, SKG.sentence, BNode())),
    "evidence of an event missing its type and article": lambda g: (
        g.remove((EVIDENCE, RDF.type, None)),
        g.remove((EVIDENCE, SKG.article, None)),
    ),
    "an ill-typed date": lambda g: g.set(
        (LOAN, SKG.date, Literal("2024-13-45", datatype=XSD.date))
    ),
    "a date as a dateTime": lambda g: g.set(
        (LOAN, SKG.date, Literal("2024-06-28T10:00:00Z", datatype=XSD.dateTime))
    ),
    "an unknown date that is not skg:unknownDate": lambda g: (
        g.remove((LOAN, SKG.date, None)),
        g.add((LOAN, SKG.dateUnknown, Literal("unknown"))),
    ),
    "an event type given as a string": lambda g: g.set(
        (LOAN, SKG.eventType, Literal("lend-samples"))
    ),
    "an event type from another namespace": lambda g: g.set(
        (LOAN, SKG.eventType, URIRef("https://example.org/types/lend"))
    ),
    "two event types": lambda g: g.add((LOAN, SKG.eventType, EVT["cooperate"])),
    "an event typed only by a subclass": lambda g: g.remove((LOAN, RDF.type, SKG.Event)),
    "a new subclass of Event, in the data": lambda g: (
        g.add((SKG.LoanEvent, RDFS.subClassOf, SKG.CooperationEvent)),
        g.add((URIRef("https://example.org/e2"), RDF.type, SKG.LoanEvent)),
    ),
    "a blank-node actor": lambda g: g.set((LOAN, SKG.actor, BNode())),
    "a label tagged en-GB": lambda g: g.set((FRANCE, RDFS.label, Literal("France", lang="en-GB"))),
    "a label tagged EN": lambda g: g.set((FRANCE, RDFS.label, Literal("France", lang="EN"))),
    "a label tagged fr": lambda g: g.set((FRANCE, RDFS.label, Literal("France", lang="fr"))),
    "a label given twice, once tagged and once not": lambda g: g.add(
        (FRANCE, RDFS.label, Literal("France"))
    ),
    "a label that is an IRI": lambda g: g.set((FRANCE, RDFS.label, URIRef("https://fr.example"))),
    "a Wikidata item with a trailing newline": lambda g: g.add(
        (FRANCE, SKG.wikidata, Literal("http://www.wikidata.org/entity/Q142\n"))
    ),
    "a Wikidata string that matches the pattern": lambda g: g.add(
        (FRANCE, SKG.wikidata, Literal("http://www.wikidata.org/entity/Q142"))
    ),
    "two Wikidata items on one entity, one shared": lambda g: (
        g.add((FRANCE, SKG.wikidata, WD["Q142"])),
        g.add((FRANCE, SKG.wikidata, WD["Q90"])),
        g.add((CNSA, SKG.wikidata, WD["Q90"])),
    ),
    "an article URL as an anyURI literal": lambda g: g.set(
        (ARTICLE, cases.SCHEMA.url, Literal("https://x.example/a", datatype=XSD.anyURI))
    ),
    "an article URL as a number": lambda g: g.set((ARTICLE, cases.SCHEMA.url, Literal(7))),
    "an article with two titles and two texts": lambda g: (
        g.add((ARTICLE, rdflib.DCTERMS.title, Literal("Another title"))),
        g.add((ARTICLE, SKG.articleText, Literal("Another text."))),
    ),
    "an article with both a URL and a content hash": lambda g: g.add(
        (ARTICLE, SKG.contentHash, Literal("abc"))
    ),
    "a post with an empty role title and a gYear end": lambda g: (
        g.set((POST, SKG.roleTitle, Literal(""))),
        g.add((POST, SKG.endDate, Literal("2024", datatype=XSD.gYear))),
    ),
    "a post with an end date as a plain year": lambda g: g.add(
        (POST, SKG.endDate, Literal("2024"))
    ),
    "a taxonomy concept with a three-digit code as an integer": lambda g: g.set(
        (EVT["fund"], SKG.cameoCode, Literal(73))
    ),
    "a taxonomy concept with a code ending in a newline": lambda g: g.set(
        (EVT["fund"], SKG.cameoCode, Literal("073\n"))
    ),
    "a taxonomy concept outside the scheme": lambda g: g.remove((EVT["fund"], SKOS.inScheme, None)),
    "a taxonomy concept with Goldstein 12": lambda g: g.set(
        (EVT["fund"], SKG.goldstein, Literal(Decimal("12")))
    ),
}


@pytest.mark.parametrize("change", list(CORNERS.values()), ids=list(CORNERS))
def test_corner_cases_agree_with_pyshacl(
    change: Callable[[rdflib.Graph], None], reference: rdflib.Graph
) -> None:
    # the data and the taxonomy in one graph, as some changes are made to the taxonomy
    data = rdflib.Graph().parse(data=cases.CONFORMING, format="turtle") + reference
    change(data)
    assert_same(data, rdflib.Graph())


#: Where pyshacl departs from the SHACL specification (or fails), on values no SpaceKG writer
#: produces: the store follows the specification. name -> (change, path of the extra results).
DEPARTURES: dict[str, tuple[Callable[[rdflib.Graph], None], str]] = {
    "an ill-typed confidence: pyshacl takes it for less than any maximum": (
        lambda g: g.set((LOAN, SKG.confidence, Literal("high", datatype=XSD.decimal))),
        "skg:confidence",
    ),
    "an ill-typed offset: pyshacl stops on sh:lessThanOrEquals": (
        lambda g: g.set((EVIDENCE, SKG.startChar, Literal("zero", datatype=XSD.integer))),
        "skg:startChar",
    ),
    "an offset with spaces: Python's int() reads it, XSD does not": (
        lambda g: g.set(
            (EVIDENCE, SKG.startChar, Literal(" 0 ", datatype=XSD.integer, normalize=False))
        ),
        "skg:startChar",
    ),
    "a dateTime without seconds: Python's fromisoformat reads it, XSD does not": (
        lambda g: g.set(
            (
                ARTICLE,
                SKG.ingestedAt,
                Literal("2024-07-01T09:30", datatype=XSD.dateTime, normalize=False),
            )
        ),
        "skg:ingestedAt",
    ),
    "offsets that are IRIs: pyshacl compares them as strings": (
        lambda g: (
            g.set((EVIDENCE, SKG.startChar, URIRef("https://example.org/a"))),
            g.set((EVIDENCE, SKG.endChar, URIRef("https://example.org/b"))),
        ),
        "skg:startChar",
    ),
}


@pytest.mark.parametrize(("change", "path"), list(DEPARTURES.values()), ids=list(DEPARTURES))
def test_where_pyshacl_departs_from_the_specification_the_store_finds_more(
    change: Callable[[rdflib.Graph], None], path: str, reference: rdflib.Graph
) -> None:
    data = rdflib.Graph().parse(data=cases.CONFORMING, format="turtle")
    change(data)
    store = in_store(data, reference)
    found = records(validate_store(store))
    try:
        expected = records(pyshacl_on(store), spellings(store))
    except Exception:  # pyshacl fails outright: there is nothing to compare with
        expected = Counter()
    assert not expected - found  # whatever pyshacl finds, the store finds too
    extra = found - expected
    assert path in {r[2] for r in extra}


def test_a_triple_in_several_graphs_counts_once(reference: rdflib.Graph) -> None:
    data = rdflib.Graph().parse(data=cases.CONFORMING, format="turtle")
    store = in_store(data, data, reference)  # every statement of the data twice
    assert validate_store(store).conforms
    data.add((FRANCE, RDFS.label, Literal("République française", lang="en")))
    found = validate_store(in_store(data, data, reference))
    assert [(v.focus, v.path) for v in found.violations] == [(str(FRANCE), "rdfs:label")]


# --- constructs the SpaceKG shapes use only one way -------------------------------------------------

GENERIC_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

ex:ThingShape a sh:NodeShape ;
    sh:targetClass ex:Thing ;
    sh:property [ sh:path ex:code ; sh:minLength 3 ; sh:minCount 2 ; sh:maxCount 3 ;
                  sh:message "Two or three codes of three characters or more." ] ,
                [ sh:path ex:tag ; sh:languageIn ( "en-GB" "fr" ) ; sh:message "Tags in en-GB or fr." ] ,
                [ sh:path ex:part ; sh:class ex:Part ; sh:nodeKind sh:BlankNodeOrIRI ;
                  sh:message "Parts are instances of ex:Part." ] ,
                [ sh:path ex:size ; sh:in ( 1 2 3 ) ; sh:maxInclusive 2.5 ;
                  sh:message "A size is 1, 2 or 3, and at most 2.5." ] ,
                [ sh:path ex:kind ; sh:hasValue ex:main ; sh:message "A thing is of the main kind." ] ;
    sh:xone ( [ sh:path ex:a ; sh:minCount 1 ] [ sh:path ex:b ; sh:minCount 1 ] [ sh:path ex:c ; sh:minCount 1 ] ) ;
    sh:message "A thing has exactly one of ex:a, ex:b and ex:c." .

ex:LabelledShape a sh:NodeShape ;
    sh:targetSubjectsOf ex:label ;
    sh:or ( ex:ShortShape [ sh:nodeKind sh:BlankNode ] ) ;
    sh:message "Labelled things are blank, or have a short label." .

ex:ShortShape a sh:NodeShape ;
    sh:property [ sh:path ex:label ; sh:maxCount 1 ; sh:pattern "^[a-z]+$" ; sh:message "m." ] .

ex:MainShape a sh:NodeShape ;
    sh:targetSubjectsOf ex:main ;
    sh:hasValue ex:one ;
    sh:message "Only ex:one says ex:main." .
"""

GENERIC_DATA = """
@prefix ex: <https://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

ex:SubPart rdfs:subClassOf ex:Part .
ex:p1 a ex:Part . ex:p2 a ex:SubPart .

ex:good a ex:Thing ; ex:code "abc", "defg" ; ex:tag "x"@en-gb, "y"@fr ; ex:part ex:p1, ex:p2 ;
    ex:size 1, 2 ; ex:kind ex:main ; ex:a 1 .
ex:bad a ex:Thing ; ex:code "ab" ; ex:tag "x"@en, "y"@fr-CA, "z" ; ex:part ex:p3, "p4", [] ;
    ex:size 3, 1.0, "2" ; ex:kind ex:other ; ex:a 1 ; ex:b 2 .
ex:many a ex:Thing ; ex:code "abc", "bcd", "cde", "def" ; ex:kind ex:main .

ex:one ex:main 1 . ex:two ex:main 2 .
ex:short ex:label "ok" . ex:long ex:label "Not ok", "also" . [] ex:label "Blank" .
"""


def test_generic_constructs_agree_with_pyshacl(tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(GENERIC_SHAPES, encoding="utf-8")
    data = rdflib.Graph().parse(data=GENERIC_DATA, format="turtle")
    store = in_store(data)
    found = validate_store(store, shapes=shapes)
    union = ox.serialize(
        list(store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")),
        format=ox.RdfFormat.N_TRIPLES,
    )
    expected = validate_graph(rdflib.Graph().parse(data=union, format="nt"), shapes=shapes)
    assert records(found) == records(expected, spellings(store))
    focus = {v.focus for v in found.violations}
    assert "https://example.org/good" not in focus and "https://example.org/short" not in focus
    assert {
        "https://example.org/bad",
        "https://example.org/many",
        "https://example.org/two",
    } <= focus


# --- the real store layout ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ingested(samples_dir: Path) -> Store:
    """A few sample articles ingested into an in-memory store, as the pipeline lays them out."""
    store = Store.open(None)
    files = sorted(samples_dir.glob("0[1-3]-*.json"))
    assert ingest(store, read_paths(files)).ok
    return store


def test_an_ingested_store_conforms_with_both_engines(ingested: Store) -> None:
    found = validate_store(ingested)
    assert found.conforms, str(found)
    assert pyshacl_on(ingested).conforms


def test_faults_written_into_an_ingested_store_are_found_as_pyshacl_finds_them(
    ingested: Store,
) -> None:
    event = ingested.select("SELECT ?e WHERE { ?e a skg:Event } ORDER BY ?e LIMIT 1")[0]["e"]
    evidence = ingested.select("SELECT ?ev WHERE { ?ev a skg:Evidence } ORDER BY ?ev LIMIT 1")[0][
        "ev"
    ]
    store = Store.open(None, bootstrap=False)
    store.add(ingested.quads())
    store.update(f"""
        DELETE {{ GRAPH ?g {{ {event} skg:status ?s }} }} WHERE {{ GRAPH ?g {{ {event} skg:status ?s }} }} ;
        INSERT DATA {{ GRAPH <urn:x-test:faults> {{
            {event} skg:confidence "1.5"^^xsd:decimal ; skg:actor "NASA" .
            {evidence} skg:endChar 0 .
            agency:nasa skg:wikidata wd:Q23548 . agency:esa skg:wikidata wd:Q23548 .
        }} }}
    """)
    found, expected = validate_store(store), pyshacl_on(store)
    assert not found.conforms
    assert found.violations == expected.violations  # graphs and order included
    assert {v.focus for v in found.violations} >= {event.value, evidence.value}


def test_worker_processes_find_what_one_process_finds(ingested: Store, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "store", bootstrap=False)
    store.add(ingested.quads())
    store.update("DELETE WHERE { GRAPH ?g { ?e skg:confidence ?c } }")
    alone = validate_store(store, workers=1)
    assert not alone.conforms
    assert validate_store(store, workers=2) == alone


# --- the report ----------------------------------------------------------------------------------------


def test_a_report_lists_at_most_the_limit_and_counts_the_rest(reference: rdflib.Graph) -> None:
    def unlabelled(g: rdflib.Graph) -> None:
        for i in range(12):
            g.add((URIRef(f"https://example.org/country/{i}"), RDF.type, SKG.Country))

    store = in_store(_broken(unlabelled), reference)
    full = validate_store(store)
    capped = validate_store(store, limit=5)
    assert len(full.violations) == 12 and full.more == 0
    assert len(capped.violations) == 5 and capped.more == 7 and not capped.conforms
    assert set(capped.violations) <= set(full.violations)
    text = str(capped)
    assert text.startswith("12 problem(s) found; the first 5 are listed:")
    assert text.endswith("... and 7 more")


def test_violations_name_the_graphs_their_focus_is_described_in(reference: rdflib.Graph) -> None:
    data = _broken(lambda g: g.remove((LOAN, SKG.evidence, None)))
    found = validate_store(in_store(data, reference))
    assert [v.graphs for v in found.violations] == [("urn:x-test:graph:0",)]
    assert isinstance(found.violations[0], Violation)


# --- shapes the compiler does not understand -------------------------------------------------------

PREFIXES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def test_the_spacekg_shapes_compile() -> None:
    checks = compiled(shapes_file())
    assert len(checks) > 40
    assert all("SELECT" in c.query for c in checks)


@pytest.mark.parametrize(
    ("shape", "named"),
    [
        ('ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:message "m." .', "sh:targetNode"),
        (
            'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:maxLength 3 ; sh:message "m." ] .',
            "sh:maxLength",
        ),
        (
            'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path [ sh:inversePath ex:p ] ; sh:minCount 1 ; sh:message "m." ] .',
            "sh:path",
        ),
        (
            'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:closed true ; sh:message "m." .',
            "sh:closed",
        ),
        (
            "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .",
            "sh:message",
        ),
        (
            'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:datatype xsd:hexBinary ; sh:message "m." ] .',
            "xsd:hexBinary",
        ),
        (
            'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:severity sh:Warning ; sh:property [ sh:path ex:p ; sh:minCount 1 ; sh:message "m." ] .',
            "sh:severity",
        ),
        (
            'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:message "m." ; sh:select "SELECT $this WHERE { OPTIONAL { $this ex:p ?v } }" ] .',
            "optional",
        ),
        (
            'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:node ex:S ; sh:message "m." .',
            "recursive",
        ),
        (
            'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:pattern "(?<=a)b" ; sh:message "m." ] .',
            "regular expression",
        ),
    ],
)
def test_a_construct_outside_the_subset_fails_loudly(shape: str, named: str) -> None:
    with pytest.raises(InputError, match="does not understand|fails") as failure:
        compile_shapes((PREFIXES + shape).encode(), source="new.ttl")
    assert named in str(failure.value)
    assert str(failure.value).startswith("new.ttl: ")
