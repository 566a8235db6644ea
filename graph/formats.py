"""The formats SpaceKG reads and writes, one registry built on pyoxigraph's own format objects.

pyoxigraph's ``RdfFormat`` and ``QueryResultsFormat`` know each format's name, file extension,
media type and IRI; this module adds only what users and clients type besides those (``ttl``,
``json-ld``, ``application/x-turtle``) and which formats serve which purpose. The CLI, the
SPARQL endpoint, the Graph Store, the pages and the store itself all look formats up here.

>>> rdf("data.ttl").key, rdf("json-ld").media_type
('turtle', 'application/ld+json')
>>> [f.key for f in RESULTS]
['json', 'xml', 'csv', 'tsv']
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from spacekg.errors import InputError


@dataclass(frozen=True)
class Format:
    """One format: the name users type, other names and extensions, and media types."""

    key: str
    native: ox.RdfFormat | ox.QueryResultsFormat | None  # None: a format of our own (html)
    names: tuple[str, ...] = ()  # other names and file extensions users type
    aliases: tuple[str, ...] = ()  # other media types clients send for it
    media: str | None = None  # the media type, where pyoxigraph does not know the format

    @property
    def media_type(self) -> str:
        """The canonical media type, without parameters."""
        if self.native is not None:
            return self.native.media_type.split(";")[0]
        assert self.media is not None
        return self.media

    @property
    def content_type(self) -> str:
        """The Content-Type header value (text types say their charset)."""
        if self.media_type.startswith("text/"):
            return f"{self.media_type}; charset=utf-8"
        return self.media_type

    @property
    def extension(self) -> str:
        """The usual file extension, without the dot."""
        return self.native.file_extension if self.native is not None else self.key

    @property
    def rdf(self) -> ox.RdfFormat:
        """The pyoxigraph RDF format (for RDF formats only)."""
        assert isinstance(self.native, ox.RdfFormat), f"{self.key} is not an RDF format"
        return self.native

    @property
    def results(self) -> ox.QueryResultsFormat:
        """The pyoxigraph results format (for SPARQL results formats only)."""
        assert isinstance(self.native, ox.QueryResultsFormat), f"{self.key} is not a results format"
        return self.native

    @property
    def supports_datasets(self) -> bool:
        """Whether the format carries named graphs (N-Quads, TriG, JSON-LD)."""
        return isinstance(self.native, ox.RdfFormat) and self.native.supports_datasets


TURTLE = Format("turtle", ox.RdfFormat.TURTLE, ("ttl",), ("application/x-turtle",))
NTRIPLES = Format("ntriples", ox.RdfFormat.N_TRIPLES, ("nt", "n-triples"), ("text/plain",))
NQUADS = Format("nquads", ox.RdfFormat.N_QUADS, ("nq", "n-quads"))
TRIG = Format("trig", ox.RdfFormat.TRIG)
JSONLD = Format("jsonld", ox.RdfFormat.JSON_LD, ("json-ld",))
RDFXML = Format("rdfxml", ox.RdfFormat.RDF_XML, ("rdf", "owl", "xml", "rdf/xml"),
                ("application/xml", "text/xml"))  # fmt: skip
N3 = Format("n3", ox.RdfFormat.N3)

#: Every RDF format the store reads.
RDF: tuple[Format, ...] = (TURTLE, NTRIPLES, NQUADS, TRIG, JSONLD, RDFXML, N3)
#: What CONSTRUCT and DESCRIBE answers are written in, the first one the default.
GRAPH_RESULTS: tuple[Format, ...] = (TURTLE, NTRIPLES, NQUADS, TRIG, JSONLD, RDFXML)
#: What one graph (no named graphs) is served in: Graph Store reads, dereferenced IRIs.
TRIPLES: tuple[Format, ...] = (TURTLE, NTRIPLES, JSONLD, RDFXML)
#: What a whole store is dumped and restored in.
DUMPS: tuple[Format, ...] = (NQUADS, TRIG)

JSON = Format("json", ox.QueryResultsFormat.JSON, ("srj",), ("application/json",))
XML = Format("xml", ox.QueryResultsFormat.XML, ("srx",), ("application/xml", "text/xml"))
CSV = Format("csv", ox.QueryResultsFormat.CSV)
TSV = Format("tsv", ox.QueryResultsFormat.TSV)
#: SELECT answers, the first one the default.
RESULTS: tuple[Format, ...] = (JSON, XML, CSV, TSV)
#: ASK answers: CSV and TSV have no boolean form.
BOOLEAN_RESULTS: tuple[Format, ...] = (JSON, XML)

#: A web page.
HTML = Format("html", None, ("htm",), ("application/xhtml+xml",), media="text/html")
#: A dereferenced IRI: a page for browsers, its statements for RDF clients.
RESOURCE: tuple[Format, ...] = (HTML, *TRIPLES)


def find(name: str, formats: tuple[Format, ...]) -> Format | None:
    """The format among ``formats`` called ``name`` (a key, another name, or an extension)."""
    key = name.strip().lower().lstrip(".")
    for fmt in formats:
        if key == fmt.key or key in fmt.names or key == fmt.extension:
            return fmt
    return None


def named(name: str, formats: tuple[Format, ...], *, what: str = "format") -> Format:
    """The format ``name`` among ``formats``; InputError listing the choices otherwise."""
    found = find(name, formats)
    if found is None:
        raise InputError(f"unknown {what} {name!r}: use one of {', '.join(f.key for f in formats)}")
    return found


def rdf(name_or_path: str | Path) -> Format:
    """The RDF format named by a format name (``turtle``) or a file name (``x.ttl``)."""
    found = find(str(name_or_path), RDF) or find(Path(str(name_or_path)).suffix, RDF)
    if found is None:
        raise InputError(
            f"unknown RDF format for {name_or_path!s}: use one of "
            + ", ".join(f.key for f in RDF)
            + " (or a file ending "
            + ", ".join(f".{f.extension}" for f in RDF)
            + ")"
        )
    return found


def by_media_type(media_type: str, formats: tuple[Format, ...]) -> Format | None:
    """The format among ``formats`` with this media type (or alias), parameters ignored."""
    media = media_type.split(";")[0].strip().lower()
    for fmt in formats:
        if media == fmt.media_type or media in fmt.aliases:
            return fmt
    return None
