"""Extraction of one article: parse, link, read events and facts."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from .gazetteer import Gazetteer, default
from .mentions import Linker
from .nlp import clean, parse, parse_many, pipeline
from .readers import Document
from .records import Extraction
from .relations import Context, extract_relations


def article_text(document: Document) -> str:
    """The text extraction reads and offsets refer to: the title, a blank line, the body.

    A title without final punctuation gets a full stop, so that the parser never runs the
    headline into the first sentence.
    """
    if document.title and not document.text.startswith(document.title):
        title = document.title.strip()
        if title[-1:].isalnum() or title[-1:] in ")\"'’”":
            title += "."
        return f"{title}\n\n{document.text}"
    return document.text


# A paragraph that ends without a full stop ("... reports from Nippon.com", a caption, a
# subheading) must not run into the next one: its line break becomes a full stop for the parser.
UNFINISHED_PARAGRAPH = re.compile(r"(?<=[\w\"'\u2019\u201d)%])\n(?=[ \t]*\n)")


def parse_text(text: str) -> str:
    """The text spaCy parses: :func:`clean`, and paragraphs closed; the same length as ``text``,
    so offsets hold for both."""
    return UNFINISHED_PARAGRAPH.sub(".", clean(text))


def extract(
    document: Document, *, nlp: Language | None = None, gazetteer: Gazetteer | None = None
) -> Extraction:
    """Entities, events and facts of one article, each with the sentence it came from."""
    nlp = nlp or pipeline()
    text = article_text(document)
    return _read(document, text, parse(nlp, parse_text(text)), nlp, gazetteer or default())


def extract_many(documents: list[Document], *, nlp: Language | None = None) -> list[Extraction]:
    """Extractions of several articles, parsed in one batch (faster than one by one)."""
    nlp = nlp or pipeline()
    gazetteer = default()
    texts = [article_text(d) for d in documents]
    parsed = parse_many(nlp, [parse_text(t) for t in texts], batch_size=16)
    return [_read(d, t, doc, nlp, gazetteer) for d, t, doc in zip(documents, texts, parsed)]


def _read(
    document: Document, text: str, doc: Doc, nlp: Language, gazetteer: Gazetteer
) -> Extraction:
    linker = Linker(doc, gazetteer)
    entities, mentions = linker.link()
    ctx = Context(
        doc,
        text,
        entities,
        mentions,
        gazetteer,
        document.published,
        sentences=linker.sentences,
        places=linker.places,
        units=linker.units,
    )
    events, facts, inferred = extract_relations(ctx)
    for iri, entity in inferred.items():
        entities.setdefault(iri, entity)
    warnings = (
        []
        if "parser" in nlp.pipe_names
        else ["no spaCy model: entities from the KB only, no events"]
    )
    return Extraction(document, text, entities, mentions, events, facts, warnings)
