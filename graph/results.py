"""Writing query results in the formats analysts ask for: a text table or the standard SPARQL ones."""

from __future__ import annotations

from typing import IO, Any

import pyoxigraph as ox
from spacekg.ontology.vocab import PREFIXES

from spacekg.errors import InputError

from .store import RDF_FORMATS

#: SELECT/ASK result formats by name.
RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
#: CONSTRUCT/DESCRIBE formats by name, from the store's registry of RDF formats.
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {k: RDF_FORMATS[k] for k in ("turtle", "ntriples", "jsonld", "rdfxml")}

# Longest namespaces first so that ``agency:`` wins over a shorter prefix of it.
_SHORT = sorted(((iri, p) for p, iri in PREFIXES.items()), key=lambda x: -len(x[0]))


def compact(term: Any) -> str:
    """A term as an analyst reads it: ``agency:nasa``, ``"Shan Zhongde"``, ``2025-04-24``."""
    if isinstance(term, ox.NamedNode):
        for iri, prefix in _SHORT:
            if term.value.startswith(iri):
                local = term.value[len(iri):]
                if local and all(c.isalnum() or c in "-_." for c in local):
                    return f"{prefix}:{local}"
        return f"<{term.value}>"
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return "" if term is None else str(term)


def write_results(result: Any, out: IO[bytes], fmt: str = "table") -> None:
    """Write a query result (solutions, boolean or triples) to a binary stream in ``fmt``."""
    if isinstance(result, (bool, ox.QueryBoolean)):
        if fmt == "table":
            out.write(b"true\n" if result else b"false\n")
            return
        if fmt not in RESULT_FORMATS:
            raise InputError(f"an ASK result can be written as table, {', '.join(RESULT_FORMATS)}")
        result.serialize(out, format=RESULT_FORMATS[fmt])
        return
    if isinstance(result, ox.QuerySolutions):
        if fmt == "table":
            _write_table(result, out)
        elif fmt in RESULT_FORMATS:
            result.serialize(out, format=RESULT_FORMATS[fmt])
        else:
            raise InputError(f"SELECT results can be written as table, {', '.join(RESULT_FORMATS)}; not {fmt}")
        return
    # CONSTRUCT / DESCRIBE
    rdf = GRAPH_FORMATS.get("turtle" if fmt == "table" else fmt)
    if rdf is None:
        raise InputError(f"CONSTRUCT results can be written as {', '.join(GRAPH_FORMATS)}; not {fmt}")
    result.serialize(out, format=rdf)


def _write_table(solutions: ox.QuerySolutions, out: IO[bytes]) -> None:
    names = [v.value for v in solutions.variables]
    rows = [[compact(s[n]) for n in names] for s in solutions]
    widths = [max([len(n)] + [len(r[i]) for r in rows]) for i, n in enumerate(names)]
    line = "  ".join(n.ljust(w) for n, w in zip(names, widths)).rstrip()
    text = [line, "  ".join("-" * w for w in widths)]
    text.extend("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows)
    text.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    out.write(("\n".join(text) + "\n").encode("utf-8"))
