"""The KB ruler: an entity span for every surface form of the reference KB, marked before NER.

spaCy's ``entity_ruler`` does the same job but re-tokenises all of its ~6,800 phrase patterns
each time a process starts (0.4 s of every ``spacekg ingest``); this ruler takes them already
tokenised (``(words, spaces, id)``, cached by :mod:`ingest.nlp`), which takes 0.1 s. What it
marks is what ``entity_ruler`` with ``overwrite_ents=False`` marks: the longest matches first,
earliest first among equals, never over an entity already there.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> ruler = nlp.add_pipe("kb_ruler", config={"attr": "LOWER"})
>>> ruler.add([(["European", "Space", "Agency"], [True, True, False], "agency/esa"),
...            (["Space", "Agency"], [True, False], "ambiguous:space agency")])
>>> [(e.text, e.label_, e.ent_id_) for e in nlp("The european space agency met.").ents]
[('european space agency', 'KB', 'agency/esa')]
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

RULER_LABEL = "KB"

#: A tokenised pattern: its words, whether each is followed by a space, and the entity id.
Pattern = tuple[list[str], list[bool], str]


class KbRuler:
    """Marks KB names, matched on one token attribute (``LOWER`` or ``ORTH``)."""

    def __init__(self, vocab: Vocab, attr: str) -> None:
        self.vocab = vocab
        self.lower = attr == "LOWER"
        self.matcher = PhraseMatcher(vocab, attr=attr)
        # One matcher key for all patterns (a key per entity made adding them 4x slower): the
        # entity is looked up by the words matched, as the matcher compares them.
        self.ids: dict[tuple[str, ...], str] = {}

    def add(self, patterns: Iterable[Pattern]) -> None:
        """Add tokenised patterns; each match is labelled ``KB`` with the pattern's id (the
        first added, for a form two patterns share)."""
        docs = []
        for words, spaces, ident in patterns:
            key = tuple(w.lower() for w in words) if self.lower else tuple(words)
            if key not in self.ids:
                self.ids[key] = ident
                docs.append(Doc(self.vocab, words=words, spaces=spaces))
        self.matcher.add(RULER_LABEL, docs)

    def __call__(self, doc: Doc) -> Doc:
        """Mark the longest matches, earliest first, where no entity is marked yet."""
        matches = sorted(
            {(start, end) for _, start, end in self.matcher(doc) if start != end},
            key=lambda m: (m[0] - m[1], m[0]),
        )
        taken = {i for ent in doc.ents for i in range(ent.start, ent.end)}
        new: list[Span] = []
        for start, end in matches:
            if any(i in taken for i in range(start, end)):
                continue
            words = doc[start:end]
            key = tuple(t.lower_ for t in words) if self.lower else tuple(t.text for t in words)
            new.append(Span(doc, start, end, label=RULER_LABEL, span_id=self.ids[key]))
            taken.update(range(start, end))
        if new:
            doc.ents = list(doc.ents) + new
        return doc


@Language.factory("kb_ruler", default_config={"attr": "LOWER"})
def make_kb_ruler(nlp: Language, name: str, attr: str) -> KbRuler:
    """An empty KB ruler matching on ``attr``; :meth:`KbRuler.add` fills it."""
    return KbRuler(nlp.vocab, attr)
