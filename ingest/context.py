"""The parsed, linked article that the relation extractors read, and the entity classes they use."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from spacekg.ontology.classes import (
    ACTOR_CLASSES,
    AGREEMENT_CLASSES,
    ORGANISATION_CLASSES,
    POLICY_CLASSES,
    PROJECT_CLASSES,
)
from spacy.tokens import Doc, Span, Token

from .dates import Date, find_dates
from .gazetteer import Gazetteer
from .records import Entity, Evidence, Fact, Mention

ORG_CLASSES = ORGANISATION_CLASSES
__all__ = [
    "ACTOR_CLASSES",
    "AGREEMENT_CLASSES",
    "ORG_CLASSES",
    "POLICY_CLASSES",
    "PROJECT_CLASSES",
    "Context",
]


# Verbal future only: "planned orbit" is an adjective, "plans to launch" a plan.
FUTURE = re.compile(r"\b(?:will|shall|(?:plans?|planning|intends?|aims?|expects?|hopes?|is|are)\s+(?:due\s+)?to\s+(?:launch|fly|sign|join|begin|start|send|land|build)|scheduled\s+(?:to|for)|(?:is|are)\s+set\s+to|next\s+(?:year|month|week))\b", re.I)


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
    initiated: list[Fact] = field(default_factory=list)  # facts found while reading events
    places: list[tuple[str, str, int]] = field(default_factory=list)  # from the linker
    units: list[tuple[str, str]] = field(default_factory=list)  # from the linker
    place_mentions: set[int] = field(default_factory=set)  # starts of mentions that only locate another

    def __post_init__(self) -> None:
        self.sentences = list(self.doc.sents)
        for mention in self.mentions:
            span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                continue
            for token in span:
                self.token_mention.setdefault(token.i, []).append(mention)
        for i, sent in enumerate(self.sentences):
            future = bool(FUTURE.search(sent.text))
            found = find_dates(sent.text, self.published, future=future)
            self.sentence_dates.append(
                [Date(d.year, d.month, d.day, d.start + sent.start_char, d.end + sent.start_char, d.text) for d in found]
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

    def entity(self, iri: str) -> Entity:
        """An entity mentioned in the article."""
        return self.entities[iri]

    def evidence(self, sentence: Span) -> Evidence:
        """The evidence record of a sentence."""
        text = self.text[sentence.start_char : sentence.end_char]
        stripped = text.strip()
        start = sentence.start_char + (len(text) - len(text.lstrip()))
        return Evidence(start, start + len(stripped), stripped)

    def mentions_in(self, tokens: Iterable[Token], classes: tuple[str, ...] | None = None) -> list[str]:
        """Distinct entities mentioned among tokens, in text order, optionally of some classes."""
        seen: list[str] = []
        for token in sorted(tokens, key=lambda t: t.i):
            for mention in self.token_mention.get(token.i, ()):
                if mention.iri in seen:
                    continue
                if classes is None or self.entities[mention.iri].cls in classes:
                    seen.append(mention.iri)
        return seen

    def mention_iris(self, token: Token) -> set[str]:
        """The entities a token is part of a mention of."""
        return {m.iri for m in self.token_mention.get(token.i, ())}
