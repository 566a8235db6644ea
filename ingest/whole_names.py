"""KB names taken only where they are a whole name, not the tail of a longer one.

The KB rulers match "York University" inside "New York University", "Sydney University" inside
"Western Sydney University", "Mexico" inside "New Mexico": linked, each would name the wrong
body. A KB match straight after a capitalised word that is no entity, stop word, title, date
word or adjective of a people is the end of a longer name; the match is taken back (its tokens
left to NER, which may read the whole name as a body the KB lacks). Acronyms and brands
("Senior ISRO officials", "Private SpaceX") and headlines, whose every word is capitalised, are
left alone.

>>> import spacy
>>> from spacy.tokens import Span
>>> nlp = spacy.blank("en")
>>> doc = nlp("Staff at New York University and at York University met on Monday with NASA.")
>>> doc.set_ents([Span(doc, 3, 5, "KB", span_id="u"), Span(doc, 7, 9, "KB", span_id="u"),
...               Span(doc, 13, 14, "KB", span_id="n")])
>>> [(e.start, e.text) for e in whole_names(doc).ents]
[(7, 'York University'), (13, 'NASA')]
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


def _opens_sentence(token: Token) -> bool:
    """Whether a token begins a sentence or a line, where its capital tells nothing."""
    if token.i == 0:
        return True
    before = token.doc[token.i - 1]
    return before.text in (".", "!", "?", ":", '"', "\u201c") or "\n" in before.text_with_ws


def _in_a_title_case_line(token: Token) -> bool:
    """Whether the token's line is a headline that capitalises its words ("India Joins Artemis
    Accords"): no closing stop, and four words in five capitalised."""
    doc = token.doc
    start = doc.text.rfind("\n", 0, token.idx) + 1
    end = doc.text.find("\n", token.idx)
    line = doc.text[start : end if end >= 0 else None].strip()
    words = [w for w in line.split() if w[:1].isalpha()]
    if not words or line.endswith((".", "!", "?", ";", ":")):
        return False
    return sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _is_tail_of_a_longer_name(span: Span) -> bool:
    """Whether a KB match follows a capitalised word that belongs to the same name."""
    if span.start == 0 or iris.kind_of_iri(span.ent_id_) == "person":
        return False  # people's names follow titles and first names the KB may not list
    first = span[0].text
    if first.isupper() or any(c.isupper() or c.isdigit() for c in first[1:]):
        return False  # an acronym or a brand ("Senior ISRO officials", "Private SpaceX") is whole
    word = span.doc[span.start - 1]
    if word.ent_iob_ in ("B", "I") or not word.is_alpha or len(word.text) < 2:
        return False
    if not (word.text[0].isupper() and word.text[1:].islower()) or word.is_stop:
        return False
    if word.lower_ in _DATE_WORDS or _PEOPLES.search(word.lower_) or TITLES.match(word.text + " "):
        return False
    if _in_a_title_case_line(word):
        return False  # in a headline every word has a capital: it tells nothing
    if _opens_sentence(word) and len(span) == 1:
        return False  # "New Roscosmos chief ...": a one-word name opening a sentence stays
    return True


@Language.component("kb_whole_names")
def whole_names(doc: Doc) -> Doc:
    """Take back KB matches that are the tail of a longer name, leaving those tokens to NER."""
    tails = [e for e in doc.ents if e.label_ == RULER_LABEL and _is_tail_of_a_longer_name(e)]
    if tails:
        doc.set_ents([], missing=tails, default="unmodified")
        for token in (t for span in tails for t in span):
            token.ent_id_ = ""  # else a longer entity NER finds there would inherit the KB id
    return doc
