"""Relations read from trigger words of the lexicon, with their ends found by syntactic role.

For every word whose lemma a frame of :mod:`ingest.triggers` lists, the frame's subject and
object are looked for along the frame's role paths (:mod:`ingest.arguments`), each head token
resolved to the entities it names: its own mention, a mention inside its noun phrase, what a
description refers to ("an ESA-led mission" -> Hera), a pronoun's antecedent, or the body a
group of people stands for ("scientists at NASA"). Conjuncts all count, so one verb governing
several parties gives each the relation.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Span, Token

from .arguments import Roles, expand, noun_phrase, prep_word, referents, roles_of
from .components import component
from .context import Context
from .coreference import PRONOUNS, antecedent
from .mentions import LIST_ITEM
from .modality import is_negated, is_planned, under
from .records import Entity, Event, Fact
from .roles import tidy_title
from .triggers import Frame, Lexicon, default

# People, unnamed, who stand for the body they belong to or act for: "scientists at NASA",
# "Argentina's foreign minister signed the accords", "the head of ESA".
PROXY_NOUNS = {
    "scientist", "researcher", "engineer", "team", "official", "expert", "staff", "personnel",
    "student", "astronaut", "cosmonaut", "taikonaut", "delegation", "representative", "teams",
    "group", "specialist", "crew", "employee", "worker", "member", "technician", "academic",
    "minister", "ambassador", "envoy", "diplomat", "negotiator", "spokesman", "spokeswoman",
    "spokesperson", "government", "administration", "officer", "president", "administrator",
    "leader", "head", "chief",
}  # fmt: skip
PATH_PREPS = {
    "from", "by", "with", "between", "of", "on", "aboard", "onboard", "for", "to", "in", "at",
    "among",
}  # fmt: skip
# Path steps that go from an entity to another: a project's owner, a vehicle's operator.
ENTITY_STEPS = {"owner", "operator"}


@component("frames", needs=("owners",), gives=("frame_events", "frame_facts", "inferred_entities"))
def frames(ctx: Context, owners: dict[str, list[str]]) -> dict:
    """Events and facts signalled by the lexicon's trigger words, and the KB entities they bring
    in without naming them (the operator a launch vehicle stands for)."""
    reader = FrameReader(ctx, default(), ctx.place_mentions, owners)
    events: list[Event] = []
    facts: list[Fact] = []
    named = {m.sentence for m in ctx.mentions}
    for token in ctx.tokens_with_lemma(reader.lexicon.lemmas):
        index = ctx.sentence_index(token)
        if index in named:
            found_events, found_facts = reader.read(token, ctx.sentences[index])
            events += found_events
            facts += found_facts
    return {"frame_events": events, "frame_facts": facts, "inferred_entities": reader.inferred}


class FrameReader:
    """Reads the frames a token triggers in one article."""

    def __init__(
        self,
        ctx: Context,
        lexicon: Lexicon,
        place_mentions: set[int],
        owners: dict[str, list[str]],
    ) -> None:
        self.ctx = ctx
        self.lexicon = lexicon
        self.place_mentions = place_mentions
        self.owners = owners
        self.kb_operators = ctx.gazetteer.operators()
        self.inferred: dict[str, Entity] = {}
        self._expanded: dict[int, list[Token]] = {}
        self.last_path = ""  # the role path the last end was found at
        self._referents: dict[tuple, list[str]] = {}

    def expand(self, tokens: list[Token]) -> list[Token]:
        """Head tokens with their conjuncts and appositions, each token's computed once."""
        out: list[Token] = []
        seen: set[int] = set()
        for token in tokens:
            if token.i not in self._expanded:
                self._expanded[token.i] = expand([token])
            for t in self._expanded[token.i]:
                if t.i not in seen:
                    seen.add(t.i)
                    out.append(t)
        return out

    # --- triggers ------------------------------------------------------------------------

    def candidates(self, token: Token) -> list[tuple[Frame, str]]:
        """The frames a token may trigger, with the kind of trigger it is."""
        lemma = token.lemma_.lower()
        pos = token.pos_
        if pos in ("VERB", "AUX") or token.tag_ == "VBN":
            kinds = ["verb"]
        elif pos in ("NOUN", "PROPN"):
            if token.i in self.ctx.token_mention:
                return []  # part of a name ("Artemis Accords"), not a trigger
            kinds = ["noun", "agent"]
        elif pos in ("ADJ", "ADV"):
            kinds = ["modifier"]
        else:
            return []
        found = []
        if kinds == ["verb"] and token.i >= 2 and token.doc[token.i - 1].text == "-":
            # "co-developed": the prefix makes the verb a trigger of its frame, read as a verb
            prefix = token.doc[token.i - 2].lower_
            found += [(frame, "verb") for frame, _ in self.lexicon.lookup("prefix", prefix)]
        for kind in kinds:
            for frame, phrase in self.lexicon.lookup(kind, lemma):
                if " " in phrase and not _ends_phrase(token, phrase):
                    continue
                if kind == "noun" and token.dep_ == "compound":
                    continue  # "launch agreement": the head noun says what it is
                found.append((frame, kind))
        return found

    def read(self, token: Token, sentence: Span) -> tuple[list[Event], list[Fact]]:
        """The events and facts one token triggers."""
        candidates = self.candidates(token)
        if not candidates or is_negated(token):
            return [], []
        roles = roles_of(token)
        events: list[Event] = []
        facts: list[Fact] = []
        # one relation per pair of ends at a word: the first frame that reads it (the lexicon
        # lists the more specific first: "ESA-led mission" operates before it participates)
        taken: set[tuple[str, str]] = set()
        for frame, kind in candidates:
            if frame.not_under and under(token, frame.not_under):
                continue
            if frame.object_words and not _has_word(token, roles, frame.object_words):
                continue
            subjects = self.end(roles, frame.subject.roles_for(kind), frame.subject.classes, token)
            if not subjects and not frame.symmetric:
                continue
            # the other end is someone else: "switched off its telescope aboard Russia's craft"
            self.last_path = ""
            objects = self.end(
                roles, frame.object.roles_for(kind), frame.object.classes, token, exclude=subjects
            ) or self.listed(roles, frame.object.classes, sentence)
            # a path marked "~" reaches the body through a part of it: "head of X's department"
            through_part = self.last_path.endswith("~")
            if frame.symmetric:
                if not objects and len(subjects) >= 2:
                    subjects, objects = subjects[:1], subjects[1:]
                if not subjects and len(objects) >= 2:
                    subjects, objects = objects[:1], objects[1:]
            subjects = [s for s in subjects if s not in objects or frame.symmetric]
            if frame.apart_from:
                # "the mission will include iCube-Q": the payload carries nothing; "the mission
                # will feature a Falcon 9": a rocket is no payload
                heads = [t for role in frame.apart_from for t in roles.get(role, [])]
                things = self.resolve(heads, None, token)
                if any(self.ctx.entities[t].cls in frame.object_not for t in things):
                    continue
                if frame.object_words_not and any(
                    t.lemma_.lower() in frame.object_words_not for t in self.expand(heads)
                ):
                    continue  # "carried three astronauts": crew, not payload
                subjects = [s for s in subjects if s not in things]
            pairs = {(s, o) for s in subjects for o in objects if s != o}
            if not pairs or pairs <= taken:
                continue
            taken |= pairs
            planned = is_planned(token)
            when = self.ctx.date_of(token, sentence, planned=planned, state=frame.state)
            evidence = self.ctx.evidence(sentence)
            confidence = frame.confidence - (0.05 if kind != "verb" else 0.0)
            if frame.fact is not None:
                fact = frame.fact
                if through_part or (
                    frame.demote
                    and any(
                        c.lower_ in frame.demote
                        for c in token.children
                        if c.dep_ in ("amod", "compound")
                    )
                ):
                    fact = frame.demote_to or fact
                role = self._title(token) if kind == "agent" else None
                facts += [
                    Fact(fact, s, o, evidence, confidence, role=role, date=when)
                    for s in subjects
                    for o in objects
                    if s != o
                ]
                continue
            event = Event(
                type=frame.event or "",
                actors=[],
                date=when,
                planned=planned,
                confidence=confidence,
                evidence=evidence,
                trigger=token.text,
                trigger_index=token.i,
                adds_parties=frame.adds,
            )
            getattr(event, frame.subject_role).extend(subjects)
            getattr(event, frame.object_role).extend(o for o in objects if o not in subjects)
            if event.actors and (
                event.partners or event.recipients or event.targets or event.instruments
            ):
                events.append(event)
        return events, facts

    def _title(self, noun: Token) -> str:
        """A post's title as the text gives it: "science minister", "director general"."""
        words = [
            t for t in noun.subtree
            if t.i <= noun.i and t.dep_ in ("compound", "amod") and t.head.i == noun.i
            and t.i not in self.ctx.token_mention
        ]  # fmt: skip
        return tidy_title(" ".join(t.text for t in sorted(words + [noun], key=lambda t: t.i)))

    # --- ends ----------------------------------------------------------------------------

    def end(
        self,
        roles: Roles,
        paths: Iterable[str],
        classes: tuple[str, ...],
        trigger: Token,
        exclude: Iterable[str] = (),
    ) -> list[str]:
        """The entities at the first role path that names any of the wanted classes."""
        excluded = set(exclude)
        for path in paths:
            found = [
                f
                for f in self.follow(roles, path.rstrip("~"), classes, trigger)
                if f not in excluded
            ]
            if found:
                self.last_path = path
                return found
        return []

    def listed(self, roles: Roles, classes: tuple[str, ...], sentence: Span) -> list[str]:
        """The bodies of a list that follows: "added seven institutes to the list: • A • B"."""
        heads = roles.get("OBJ", []) + [
            t for k, v in roles.items() if k.startswith("PREP:") for t in v
        ]
        # a counted group: "seven Chinese institutions", "these entities", "the following firms"
        words = [t for h in heads for t in h.subtree]
        plural = any(t.tag_ == "NNS" for t in words)
        counted = any(t.tag_ == "CD" or t.lower_ in ("these", "following", "those") for t in words)
        if not (plural and counted):
            return []
        items = list(LIST_ITEM.finditer(self.ctx.parsed_text, sentence.end_char))
        if not items or items[0].start() - sentence.end_char > 600:
            return []
        block = [items[0]]
        for item in items[1:]:
            if item.start() - block[-1].end() > 12:
                break
            block.append(item)
        found: list[str] = []
        for item in block:
            for m in self.ctx.mentions:
                inside = item.start("name") <= m.start < item.end("name")
                if inside and self._fits(m.iri, classes) and m.iri not in found:
                    found.append(m.iri)
        return found

    def follow(
        self, roles: Roles, path: str, classes: tuple[str, ...], trigger: Token
    ) -> list[str]:
        """The entities a role path leads to, of some classes."""
        first, *steps = path.split(".")
        tokens = [t for t in roles.get(first, []) if t.i != trigger.i]
        entity_steps = [s for s in steps if s in ENTITY_STEPS]
        for step in (s for s in steps if s not in ENTITY_STEPS):
            tokens = _step(self.expand(tokens), step)
        # a title names its own holder only: "President Putin and leader Xi" are two posts
        conj = first != "REF" or bool(steps) or trigger.dep_ != "compound"
        if first == "REF" and conj:
            # "X, President of JAXA, and Y, Director-General of ESA": a conjunct with a title
            # of its own does not share this one
            holders = list(tokens)
            for token in tokens:
                holders += [
                    c for c in token.subtree
                    if c.dep_ == "conj" and c.head.i in {h.i for h in holders}
                    and not any(a.dep_ == "appos" for a in c.children)
                ]  # fmt: skip
            tokens, conj = holders, False
        if not entity_steps:
            return self.resolve(tokens, classes, trigger, conj=conj)
        things = self.resolve(tokens, None, trigger)
        found: list[str] = []
        for thing in things:
            for step in entity_steps:
                if step == "operator" and self.ctx.entities[thing].cls != "LaunchVehicle":
                    continue  # a rocket stands for who flies it; a craft carrying a payload does not
                owners = list(self.owners.get(thing, []))
                if step == "operator":
                    owners += [o for o in self.kb_operators.get(thing, []) if o not in owners]
                for owner in owners:
                    if owner not in found and self._fits(owner, classes):
                        found.append(owner)
        return found

    def resolve(
        self,
        tokens: list[Token],
        classes: tuple[str, ...] | None,
        trigger: Token,
        conj: bool = True,
    ) -> list[str]:
        """The entities some head tokens (with their conjuncts) name, of some classes."""
        found: list[str] = []
        for token in self.expand(tokens) if conj else tokens:
            key = (token.i, classes, trigger.i)
            if key not in self._referents:
                self._referents[key] = self._referent(token, classes, trigger, depth=0)
            for iri in self._referents[key]:
                if iri not in found:
                    found.append(iri)
        return found

    def _fits(self, iri: str, classes: tuple[str, ...] | None) -> bool:
        entity = self.ctx.entities.get(iri) or self.inferred.get(iri)
        if entity is None and iri in self.ctx.gazetteer.entities:
            # a KB entity the text names only through another: "a Falcon 9" for SpaceX
            kb = self.ctx.gazetteer.entities[iri]
            if classes is None or kb.cls in classes:
                entity = Entity(kb.iri, kb.label, kb.cls, True, kb.qid, kb.country, set())
                self.inferred[iri] = entity
        return entity is not None and (classes is None or entity.cls in classes)

    def _own(self, token: Token) -> list[str]:
        return [
            m.iri for m in self.ctx.token_mention.get(token.i, ())
            if m.start not in self.place_mentions
        ]  # fmt: skip

    def _referent(
        self, token: Token, classes: tuple[str, ...] | None, trigger: Token, depth: int
    ) -> list[str]:
        own = self._own(token)
        if own:
            return [i for i in own if self._fits(i, classes)]
        if token.pos_ == "PRON" or token.lower_ in PRONOUNS:
            return antecedent(self.ctx, token, classes, self.place_mentions)
        if token.pos_ not in ("NOUN", "PROPN", "ADJ", "NUM", "X"):
            return []
        if token.lemma_.lower() in PROXY_NOUNS and depth < 2:
            # "Emirati engineers at MBRSC", "NASA's scientists": the body the people belong to
            # before the country they come from
            near = [
                p
                for c in token.children
                if c.dep_ == "prep" and prep_word(c) in ("at", "from", "of", "with", "in")
                for p in c.children
                if p.dep_ == "pobj"
            ]
            near += [c for c in token.children if c.dep_ == "poss"]
            out: list[str] = []
            for t in expand(near):
                out += [i for i in self._referent(t, classes, trigger, depth + 1) if i not in out]
            if out:
                return out
        inner = [
            i for t in noun_phrase(token) if t.i != token.i and t.i != trigger.i
            for i in self._own(t)
        ]  # fmt: skip
        inner = [i for i in dict.fromkeys(inner) if self._fits(i, classes)]
        if inner:
            return inner
        if depth < 2:
            for ref in referents(token):
                if ref.i != trigger.i:
                    found = self._referent(ref, classes, trigger, depth + 1)
                    if found:
                        return found
        return []


def _step(tokens: list[Token], step: str) -> list[Token]:
    """Tokens one path step away: a preposition's object, the possessor, the modifiers."""
    out: list[Token] = []
    for token in tokens:
        if step == "poss":
            out += [c for c in token.children if c.dep_ == "poss"]
        elif step == "mod":
            out += [c for c in noun_phrase(token) if c.i != token.i and c.dep_ != "det"]
        elif step == "ref":
            out += referents(token)
        else:
            for child in token.children:
                if child.dep_ in ("prep", "agent") and (
                    prep_word(child) == step or (step == "by" and child.dep_ == "agent")
                ):
                    out += [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
    return out


def _ends_phrase(token: Token, phrase: str) -> bool:
    """Whether a token ends a multi-word trigger ("crew member", "prime contractor")."""
    words = phrase.split()
    start = token.i - len(words) + 1
    if start < 0:
        return False
    return [t.lower_ for t in token.doc[start : token.i]] == words[:-1]


def _has_word(token: Token, roles: Roles, words: tuple[str, ...]) -> bool:
    """Whether one of some lemmas heads the trigger's object or a complement ("ended cooperation")."""
    heads = list(roles.get("OBJ", [])) + [
        t for k, v in roles.items() if k.startswith("PREP:") for t in v
    ]
    if token.pos_ in ("NOUN", "PROPN"):
        heads.append(token)  # the noun itself: "the end of the partnership"
        heads += [c for c in token.children if c.dep_ in ("compound", "amod")]
    for head in expand(heads):
        if head.lemma_.lower() in words:
            return True
        if any(
            c.lemma_.lower() in words
            for c in head.children
            if c.dep_ in ("compound", "amod", "nmod")
        ):
            return True
    return False
