"""Writing answers: SELECT solutions in the four W3C result formats, row by row, and RDF.

Solutions are written row by row so that a row cap cuts cleanly.

pyoxigraph's own writer takes a whole result and cannot stop after N rows, so the endpoint writes
solutions itself; terms are encoded with the C JSON encoder and plain string building, which keeps
the cost near a microsecond per value.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from json.encoder import encode_basestring as _js  # the C encoder for one string, quotes included
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
RDF_DIR_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#dirLangString"
_BATCH = 512  # rows per write: large enough to amortise, small enough to stream

Write = Callable[[bytes], Any]


def write_solutions(
    fmt: str, variables: Sequence[str], rows: Sequence[ox.QuerySolution], write: Write
) -> None:
    """Write solutions as ``json``, ``xml``, ``csv`` or ``tsv`` through ``write``."""
    _WRITERS[fmt](variables, rows, write)


def _batches(rows: Sequence[ox.QuerySolution]) -> list[Sequence[ox.QuerySolution]]:
    return [rows[i : i + _BATCH] for i in range(0, len(rows), _BATCH)]


# --- JSON (https://www.w3.org/TR/sparql11-results-json/) -------------------------------------


def _json_term(term: Any) -> str:
    kind = type(term)
    if kind is ox.NamedNode:
        return '{"type":"uri","value":' + _js(term.value) + "}"
    if kind is ox.Literal:
        text = '{"type":"literal","value":' + _js(term.value)
        if term.language:
            text += ',"xml:lang":' + _js(term.language)
            if term.direction:
                text += ',"its:dir":' + _js(term.direction.name.lower())
        elif term.datatype.value != XSD_STRING:
            text += ',"datatype":' + _js(term.datatype.value)
        return text + "}"
    if kind is ox.BlankNode:
        return '{"type":"bnode","value":' + _js(term.value) + "}"
    if kind is ox.Triple:
        return (
            '{"type":"triple","value":{"subject":'
            + _json_term(term.subject)
            + ',"predicate":'
            + _json_term(term.predicate)
            + ',"object":'
            + _json_term(term.object)
            + "}}"
        )
    raise TypeError(f"cannot write {term!r} in SPARQL JSON")


def _write_json(variables: Sequence[str], rows: Sequence[ox.QuerySolution], write: Write) -> None:
    keys = [_js(v) + ":" for v in variables]
    head = json.dumps(list(variables), ensure_ascii=False, separators=(",", ":"))
    write(('{"head":{"vars":' + head + '},"results":{"bindings":[').encode())
    first = True
    for batch in _batches(rows):
        parts = []
        for row in batch:
            cells = [
                keys[i] + _json_term(value) for i, value in enumerate(row) if value is not None
            ]
            parts.append("{" + ",".join(cells) + "}")
        write((("" if first else ",") + ",".join(parts)).encode())
        first = False
    write(b"]}}")


# --- XML (https://www.w3.org/TR/rdf-sparql-XMLres/) -------------------------------------------


def _xml_term(term: Any) -> str:
    kind = type(term)
    if kind is ox.NamedNode:
        return "<uri>" + escape(term.value) + "</uri>"
    if kind is ox.Literal:
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return (
                f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
            )
        return "<literal>" + escape(term.value) + "</literal>"
    if kind is ox.BlankNode:
        return "<bnode>" + escape(term.value) + "</bnode>"
    if kind is ox.Triple:
        return (
            "<triple><subject>"
            + _xml_term(term.subject)
            + "</subject><predicate>"
            + _xml_term(term.predicate)
            + "</predicate><object>"
            + _xml_term(term.object)
            + "</object></triple>"
        )
    raise TypeError(f"cannot write {term!r} in SPARQL XML")


def _write_xml(variables: Sequence[str], rows: Sequence[ox.QuerySolution], write: Write) -> None:
    head = "".join(f"<variable name={quoteattr(v)}/>" for v in variables)
    write(
        (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head>{head}</head><results>"
        ).encode()
    )
    names = [quoteattr(v) for v in variables]
    for batch in _batches(rows):
        parts = []
        for row in batch:
            cells = [
                f"<binding name={names[i]}>{_xml_term(value)}</binding>"
                for i, value in enumerate(row)
                if value is not None
            ]
            parts.append("<result>" + "".join(cells) + "</result>")
        write("".join(parts).encode())
    write(b"</results></sparql>\n")


# --- CSV and TSV (https://www.w3.org/TR/sparql11-results-csv-tsv/) ----------------------------


def _csv_term(term: Any) -> str:
    kind = type(term)
    if kind is ox.NamedNode or kind is ox.Literal:
        return term.value
    if kind is ox.BlankNode:
        return "_:" + term.value
    if kind is ox.Triple:
        return _tsv_term(term)
    return ""


def _write_csv(variables: Sequence[str], rows: Sequence[ox.QuerySolution], write: Write) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(variables)
    for batch in _batches(rows):
        writer.writerows([_csv_term(v) for v in row] for row in batch)
        write(buffer.getvalue().encode())
        buffer.seek(0)
        buffer.truncate()
    write(buffer.getvalue().encode())


def _tsv_term(term: Any) -> str:
    if term is None:
        return ""
    if type(term) is ox.Triple:
        return (
            f"<< {_tsv_term(term.subject)} {_tsv_term(term.predicate)} {_tsv_term(term.object)} >>"
        )
    return str(term)  # N-Triples syntax, which TSV uses; tabs and newlines come escaped


def _write_tsv(variables: Sequence[str], rows: Sequence[ox.QuerySolution], write: Write) -> None:
    write(("\t".join("?" + v for v in variables) + "\n").encode())
    for batch in _batches(rows):
        write("".join("\t".join(_tsv_term(v) for v in row) + "\n" for row in batch).encode())


_WRITERS: dict[str, Callable[[Sequence[str], Sequence[ox.QuerySolution], Write], None]] = {
    "json": _write_json,
    "xml": _write_xml,
    "csv": _write_csv,
    "tsv": _write_tsv,
}


# --- RDF (CONSTRUCT, DESCRIBE, a Graph Store read) ------------------------------------------

_PREFIX_SAMPLE = (
    1000  # triples looked at to choose the @prefix lines (later ones may use full IRIs)
)


def write_triples(
    triples: Iterable[ox.Triple], fmt: ox.RdfFormat, out: Any, prefixes: Mapping[str, str]
) -> None:
    """Serialize triples to a binary stream, declaring the prefixes the first ones use."""
    if fmt.supports_datasets:
        # N-Quads and TriG write quads: the triples go to the default graph.
        triples = (ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
    used = None
    if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML) and isinstance(
        triples, list
    ):
        used = _used_prefixes(triples[:_PREFIX_SAMPLE], prefixes) or None
    ox.serialize(triples, out, fmt, prefixes=used)


def _used_prefixes(triples: list[Any], prefixes: Mapping[str, str]) -> dict[str, str]:
    """The prefixes whose namespace some IRI of ``triples`` is in."""
    iris = {
        term.value
        for t in triples
        for term in (t.subject, t.predicate, t.object)
        if isinstance(term, ox.NamedNode)
    }
    return {p: ns for p, ns in prefixes.items() if any(iri.startswith(ns) for iri in iris)}
