"""The parsed, linked article that the relation extractors read: built once, then only read.

Extraction components (:mod:`ingest.components`) take this as their input and return their
findings; none of them writes to it.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import numpy
from spacy.strings import hash_string
from spacy.tokens import Doc, Span, Token

from .classes import (  # noqa: F401 - re-exported for the rule modules
    ACTOR_CLASSES,
    AGREEMENT_CLASSES,
    ORG_CLASSES,
    POLICY_CLASSES,
    PROJECT_CLASSES,
)
from .dates import Date, find_dates
from .gazetteer import Gazetteer
from .records import Entity, Evidence, Mention

# "Axiom Space, USA", "the University of Cologne in Germany": the country only places the body.
PLACING = re.compile(r"\s*(?:in|of|based in|,\s*based in)\s*(?:the\s+)?")
COMMA_PLACE = re.compile(r"\s*(?:Inc\.?|Ltd\.?|LLC|Corp\.?|GmbH|plc|S\.A\.)?\s*,\s*")
AFTER_COMMA_PLACE = re.compile(r"(?:\s*[.;)\n]|\s*$|\s+(?!and\b)[a-z])")
# A dateline opens a story with where (and when) it was filed: "WASHINGTON, May 2 (Reuters) -".
_CAPS_CITY = r"[A-Z][A-Z.'\-]+(?:\s+[A-Z][A-Z.'\-]+){0,3}"
_CITY = r"[A-Z][a-z.'\-]+(?:\s+[A-Z][a-z.'\-]+){0,3}"
_FILED = r"[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?"
DATELINE = re.compile(
    rf"(?m)^[ \t]*(?:{_CAPS_CITY}(?:,\s*{_CITY})?(?:,?\s+{_FILED})?|{_CITY}(?:,\s*{_CITY})?,\s+{_FILED})"
    r"\s*(?:\([A-Za-z .]+\)\s*)?[-\u2013\u2014]+\s"
)


# Verbal future only: "planned orbit" is an adjective, "plans to launch" a plan.
FUTURE = re.compile(
    r"\b(?:will|shall|(?:plans?|planning|intends?|aims?|expects?|hopes?|is|are)\s+(?:due\s+)?to\s+(?:launch|fly|sign|join|begin|start|send|land|build)|scheduled\s+(?:to|for)|(?:is|are)\s+set\s+to|next\s+(?:year|month|week))\b",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=16)
def _lemma_hashes(lemmas: frozenset[str]) -> numpy.ndarray:
    forms = {f for w in lemmas for f in (w, w.capitalize(), w.upper())}
    return numpy.fromiter((hash_string(f) for f in forms), dtype=numpy.uint64)


@dataclass
class Context:
    """One parsed, linked article, indexed for the extractors."""

    doc: Doc
    text: str
    entities: dict[str, Entity]
    mentions: list[Mention]
    gazetteer: Gazetteer
    published: date | None
    token_mention: dict[int, list[Mention]] = field(default_factory=dict)
    sentences: list[Span] = field(default_factory=list)
    sentence_dates: list[list[Date]] = field(default_factory=list)
    anchor: Date | None = None
    lead_end: int = 3
    places: list[tuple[str, str, int]] = field(default_factory=list)  # from the linker
    units: list[tuple[str, str]] = field(default_factory=list)  # from the linker
    # starts of mentions that only locate another ("X in Germany") or file the story (datelines)
    place_mentions: set[int] = field(default_factory=set)
    # (organisation mention, country mention) pairs where the text places the first in the second
    placed: list[tuple[Mention, Mention]] = field(default_factory=list)
    sentence_texts: list[str] = field(default_factory=list)  # as spaCy read them (plain quotes)

    def __post_init__(self) -> None:
        self._lemmas: numpy.ndarray | None = None
        self.mentions = sorted(self.mentions, key=lambda m: m.start)
        self.mention_starts = [m.start for m in self.mentions]
        self.sentences = self.sentences or list(self.doc.sents)
        self._sentence_of_token = [0] * len(self.doc)
        for i, sent in enumerate(self.sentences):
            self._sentence_of_token[sent.start : sent.end] = [i] * len(sent)
        for mention in self.mentions:
            span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                continue
            for token in span:
                self.token_mention.setdefault(token.i, []).append(mention)
        self._find_places()
        parsed = self.parsed_text = self.doc.text  # spaCy rejoins the tokens on each access
        for sent in self.sentences:
            sent_text = parsed[sent.start_char : sent.end_char]
            self.sentence_texts.append(sent_text)
            future = bool(FUTURE.search(sent_text))
            found = find_dates(sent_text, self.published, future=future)
            self.sentence_dates.append(
                [
                    Date(
                        d.year,
                        d.month,
                        d.day,
                        d.start + sent.start_char,
                        d.end + sent.start_char,
                        d.text,
                    )
                    for d in found
                ]
            )
        # The lead's "on Thursday": news dates its main event once, near the top.
        for i, dates in enumerate(self.sentence_dates[:6]):
            for d in dates:
                if d.day is not None and self.published is not None:
                    gap = abs((date(d.year, d.month or 1, d.day) - self.published).days)
                    if gap <= 10:
                        self.anchor, self.lead_end = d, max(i, 3)
                        break
            if self.anchor:
                break

    def _find_places(self) -> None:
        ordered = sorted(self.mentions, key=lambda m: m.start)
        for a, b in itertools.pairwise(ordered):
            ea, eb = self.entities[a.iri], self.entities[b.iri]
            if ea.cls not in ORG_CLASSES or eb.cls != "Country":
                continue
            between = self.text[a.end : b.start]
            comma_place = COMMA_PLACE.fullmatch(between) and AFTER_COMMA_PLACE.match(
                self.text, b.end
            )
            if PLACING.fullmatch(between) or comma_place:
                self.place_mentions.add(b.start)
                self.placed.append((a, b))
        for line in DATELINE.finditer(self.text):
            for m in self.mentions:
                if line.start() <= m.start < line.end():
                    self.place_mentions.add(m.start)

    def entity(self, iri: str) -> Entity:
        """An entity mentioned in the article."""
        return self.entities[iri]

    def evidence(self, sentence: Span) -> Evidence:
        """The evidence record of a sentence."""
        text = self.text[sentence.start_char : sentence.end_char]
        stripped = text.strip()
        start = sentence.start_char + (len(text) - len(text.lstrip()))
        return Evidence(start, start + len(stripped), stripped)

    def mentions_in(
        self, tokens: Iterable[Token], classes: tuple[str, ...] | None = None
    ) -> list[str]:
        """Distinct entities mentioned among tokens, in text order, optionally of some classes."""
        seen: list[str] = []
        for token in sorted(tokens, key=lambda t: t.i):
            for mention in self.token_mention.get(token.i, ()):
                if mention.iri in seen:
                    continue
                if classes is None or self.entities[mention.iri].cls in classes:
                    seen.append(mention.iri)
        return seen

    def date_of(self, token: Token, sentence: Span, *, planned: bool, state: bool) -> Date | None:
        """The date a statement read at a word takes: the nearest date expression of its own
        clause, else (for a happening reported in the lead) the date the article leads with."""
        index = self.sentences.index(sentence)
        dates = [d for d in self.sentence_dates[index] if not self._in_other_clause(d, token)]
        if state:
            # an ongoing state is dated only by a date its own clause gives it
            dates = [d for d in dates if self._in_clause(d, token)]
        if dates:
            return min(dates, key=lambda d: abs(d.start - token.idx))
        if self.anchor is not None and index <= self.lead_end and not planned and not state:
            return self.anchor
        return None

    def _in_clause(self, when: Date, trigger: Token) -> bool:
        """Whether a date expression sits in the clause of a trigger word."""
        clause = trigger
        while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
            clause = clause.head
        span = self.doc.char_span(when.start, when.end, alignment_mode="expand")
        return span is not None and (span.root.i == clause.i or clause in span.root.ancestors)

    def _in_other_clause(self, when: Date, trigger: Token) -> bool:
        """Whether a date sits in a relative clause the trigger is not in ("samples collected in 2020")."""
        span = self.doc.char_span(when.start, when.end, alignment_mode="expand")
        if span is None:
            return False
        trigger_ancestors = {t.i for t in trigger.ancestors} | {trigger.i}
        for ancestor in span.root.ancestors:
            if ancestor.dep_ == "relcl" and ancestor.i not in trigger_ancestors:
                # "under a rule that takes effect on Wednesday" times the act the rule is part of
                return not self._timing(ancestor)
        return False

    @staticmethod
    def _timing(clause: Token) -> bool:
        """Whether a clause says when something starts to apply: "takes effect", "comes into force"."""
        words = {clause.lemma_.lower()} | {t.lemma_.lower() for t in clause.subtree}
        return bool(words & {"effect", "force", "effective"}) and bool(
            words & {"take", "come", "enter", "become", "go", "set"}
        )

    def tokens_with_lemma(self, lemmas: Iterable[str]) -> list[Token]:
        """The tokens whose lemma is one of some words, found in the parse's arrays (no loop over
        every token in Python)."""
        if self._lemmas is None:
            self._lemmas = self.doc.to_array("LEMMA")
        wanted = _lemma_hashes(frozenset(lemmas))
        return [self.doc[int(i)] for i in numpy.flatnonzero(numpy.isin(self._lemmas, wanted))]

    def sentence_index(self, token: Token) -> int:
        """Index of the sentence a token is in."""
        return self._sentence_of_token[token.i]

    def mention_iris(self, token: Token) -> set[str]:
        """The entities a token is part of a mention of."""
        return {m.iri for m in self.token_mention.get(token.i, ())}
