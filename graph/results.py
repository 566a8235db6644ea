"""Writing query results in the formats analysts ask for: a text table or the standard SPARQL ones."""

from __future__ import annotations

from typing import IO, Any

import pyoxigraph as ox

from spacekg.ontology.vocab import PREFIXES

from . import formats
from .engine.writers import write_solutions, write_triples

#: What ``spacekg query --format`` takes: a text table, or any SELECT or CONSTRUCT format.
CLI_FORMATS: tuple[str, ...] = (
    "table",
    *(f.key for f in formats.RESULTS),
    "turtle",
    "ntriples",
    "jsonld",
)

# Longest namespaces first so that ``agency:`` wins over a shorter prefix of it.
_SHORT = sorted(((iri, p) for p, iri in PREFIXES.items()), key=lambda x: -len(x[0]))


def compact(term: Any) -> str:
    """A term as an analyst reads it: ``agency:nasa``, ``"Shan Zhongde"``, ``2025-04-24``."""
    if isinstance(term, ox.NamedNode):
        for iri, prefix in _SHORT:
            if term.value.startswith(iri):
                local = term.value[len(iri) :]
                if local and all(c.isalnum() or c in "-_." for c in local):
                    return f"{prefix}:{local}"
        return f"<{term.value}>"
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return "" if term is None else str(term)


def compact_iri(iri: str) -> str:
    """An IRI in its prefixed form where a SpaceKG prefix covers it (``skg:Event``)."""
    return compact(ox.NamedNode(iri))


def write_results(result: Any, out: IO[bytes], fmt: str = "table") -> None:
    """Write a query result (solutions, boolean or triples) to a binary stream in ``fmt``."""
    if isinstance(result, (bool, ox.QueryBoolean)):
        if fmt == "table":
            out.write(b"true\n" if result else b"false\n")
            return
        chosen = formats.named(fmt, formats.BOOLEAN_RESULTS, what="ASK result format (or table)")
        result.serialize(out, format=chosen.results)
        return
    if isinstance(result, ox.QuerySolutions):
        if fmt == "table":
            _write_table(result, out)
            return
        chosen = formats.named(fmt, formats.RESULTS, what="SELECT result format (or table)")
        write_solutions(chosen.key, [v.value for v in result.variables], list(result), out.write)
        return
    # CONSTRUCT / DESCRIBE
    chosen = formats.named(
        "turtle" if fmt == "table" else fmt, formats.GRAPH_RESULTS, what="CONSTRUCT result format"
    )
    write_triples(list(result), chosen.rdf, out, PREFIXES)


def _write_table(solutions: ox.QuerySolutions, out: IO[bytes]) -> None:
    names = [v.value for v in solutions.variables]
    rows = [[compact(s[n]) for n in names] for s in solutions]
    widths = [max([len(n)] + [len(r[i]) for r in rows]) for i, n in enumerate(names)]
    line = "  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True)).rstrip()
    text = [line, "  ".join("-" * w for w in widths)]
    text.extend(
        "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows
    )
    text.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    out.write(("\n".join(text) + "\n").encode("utf-8"))
