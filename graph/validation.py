"""SHACL validation of the store (or any RDF) against SpaceKG's shapes, with a readable report."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
import pyshacl
import rdflib
from rdflib.namespace import SH

from spacekg.ontology import shapes_file

from .results import compact
from .store import Store

_UNION = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


@dataclass(frozen=True)
class Violation:
    """One way the data breaks a shape, said so that the fix is clear."""

    severity: str  # Violation | Warning | Info
    focus: str
    path: str | None
    value: str | None
    message: str
    graphs: tuple[str, ...]  # the named graphs the focus node is described in

    def __str__(self) -> str:
        where = f" (in {', '.join(self.graphs)})" if self.graphs else ""
        path = f" {self.path}" if self.path else ""
        value = f" = {self.value}" if self.value else ""
        return f"{self.severity}: <{self.focus}>{path}{value}: {self.message}{where}"


@dataclass(frozen=True)
class Report:
    """The outcome of a validation: conforming or not, and every violation found."""

    conforms: bool
    violations: list[Violation]

    def __str__(self) -> str:
        if self.conforms:
            return "The graph conforms to the SpaceKG shapes."
        lines = [f"{len(self.violations)} problem(s) found:"]
        lines.extend(f"  - {v}" for v in self.violations)
        return "\n".join(lines)


def validate_graph(data: rdflib.Graph, *, locate: Store | None = None) -> Report:
    """Validate an rdflib graph (which should include the ontology, for subclass targets)."""
    shapes = rdflib.Graph().parse(shapes_file(), format="turtle")
    conforms, results, _ = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", advanced=True
    )
    violations = []
    for result in results.subjects(rdflib.RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        message = results.value(result, SH.resultMessage)
        severity = results.value(result, SH.resultSeverity)
        graphs: tuple[str, ...] = ()
        if locate is not None and isinstance(focus, rdflib.URIRef):
            graphs = tuple(locate.graphs_of(str(focus)))
        violations.append(
            Violation(
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                focus=str(focus),
                path=compact(ox.NamedNode(str(path))) if isinstance(path, rdflib.URIRef) else None,
                value=str(value) if value is not None and value != focus else None,
                message=str(message) if message else "does not satisfy its shape",
                graphs=graphs,
            )
        )
    violations.sort(key=lambda v: (v.graphs, v.focus, v.path or ""))
    # pyshacl's own flag has been seen True beside sh:Violation results: trust the results
    failed = not conforms or any(v.severity == "Violation" for v in violations)
    return Report(conforms=not failed, violations=violations)


def validate_store(store: Store) -> Report:
    """Validate the union of every graph in the store against the shapes."""
    triples = list(store.query(_UNION))
    data = rdflib.Graph()
    data.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    return validate_graph(data, locate=store)
