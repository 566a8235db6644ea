"""KB names taken only where they are a whole name, not the tail of a longer one.

The KB rulers match "York University" inside "New York University", "Sydney University" inside
"Western Sydney University", "Mexico" inside "New Mexico": linked, each would name the wrong
body. A KB match straight after a capitalised word that is no entity, title, date word or
sentence opener is the end of a longer name; the match is taken back (its tokens left to NER,
which may read the whole name as a body the KB lacks).

>>> import spacy
>>> from spacy.tokens import Span
>>> nlp = spacy.blank("en")
>>> doc = nlp("Engineers at New York University and York University met on Monday NASA time.")
>>> doc.set_ents([Span(doc, 3, 5, "KB", span_id="u"), Span(doc, 6, 8, "KB", span_id="u"),
...               Span(doc, 11, 12, "KB", span_id="n")])
>>> [e.text for e in whole_names(doc).ents]
['York University', 'NASA']
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from spacekg.ontology import iris

from .kb_ruler import RULER_LABEL
from .mentions import TITLES

# Capitalised words that stand before a name without being part of it.
_DATE_WORDS = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "today", "yesterday", "tomorrow", "tonight",
}  # fmt: skip
# Adjectives of regions and peoples the KB does not list as names ("the European PILOT-D
# camera", "an Asian partner"): they describe the name that follows, they are not part of it.
_PEOPLES = re.compile(r"(?:ean|ian|ese|ish)$|^(?:arab|nordic|baltic)$")
_OPENERS = {
    ".",
    "!",
    "?",
    ":",
    ";",
    '"',
    "'",
    "\u201c",
    "\u2018",
    "(",
    "[",
    "-",
    "\u2014",
    "\u2013",
}


def _opens_sentence(token: Token) -> bool:
    """Whether a token probably begins a sentence or a line (its capital tells nothing)."""
    if token.i == 0:
        return True
    before = token.doc[token.i - 1]
    return before.text in _OPENERS or before.is_space or "\n" in before.text_with_ws


def _is_tail_of_a_longer_name(span: Span) -> bool:
    """Whether a KB match follows a capitalised word that belongs to the same name."""
    if span.start == 0 or iris.kind_of_iri(span.ent_id_) == "person":
        return False  # people's names follow titles and first names the KB may not list
    word = span.doc[span.start - 1]
    if word.ent_iob_ in ("B", "I") or not word.is_alpha or len(word.text) < 2:
        return False
    if not (word.text[0].isupper() and word.text[1:].islower()):
        return False
    if word.lower_ in _DATE_WORDS or _PEOPLES.search(word.lower_) or TITLES.match(word.text + " "):
        return False
    if _opens_sentence(word) and word.is_stop:
        return False  # "The", "In", "But" opening a sentence
    return not word.is_stop


@Language.component("kb_whole_names")
def whole_names(doc: Doc) -> Doc:
    """Take back KB matches that are the tail of a longer name, leaving those tokens to NER."""
    tails = [e for e in doc.ents if e.label_ == RULER_LABEL and _is_tail_of_a_longer_name(e)]
    if tails:
        doc.set_ents([], missing=tails, default="unmodified")
        for token in (t for span in tails for t in span):
            token.ent_id_ = ""  # else a longer entity NER finds there would inherit the KB id
    return doc
