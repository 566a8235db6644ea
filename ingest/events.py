"""Typed events from trigger words, with arguments read off the dependency parse.

Subject = actor; with/between = partner; to/for = recipient; on = target. Negated or denied
statements are skipped, planned ones marked.
"""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources

from spacy.tokens import Span, Token

from spacekg.errors import InputError
from spacekg.ontology.taxonomy import event_types

from .arguments import OBJECT_CONTROL
from .context import (
    ACTOR_CLASSES,
    AGREEMENT_CLASSES,
    ORG_CLASSES,
    POLICY_CLASSES,
    PROJECT_CLASSES,
    Context,
)
from .dates import Date
from .modality import is_negated, is_planned, under_restriction
from .records import Event, Mention


@dataclass(frozen=True)
class Trigger:
    """How a word signals an event type, and how to read its arguments."""

    type: str
    reverse: bool = False  # the subject receives (borrow, receive): actor comes from "from X"
    needs_object: tuple[str, ...] = ()  # lemmas one of which must be in the trigger's object
    symmetric: bool = False


def _load_triggers() -> tuple[dict[str, list[Trigger]], dict[str, tuple[str, ...]]]:
    """The rule-event triggers of ``ingest/lexicon/events.toml``, by lemma, and its word groups."""
    path = resources.files(__package__) / "lexicon" / "events.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    words = {name: tuple(lemmas) for name, lemmas in data.get("words", {}).items()}
    triggers: dict[str, list[Trigger]] = defaultdict(list)
    for spec in data.get("trigger", []):
        if spec["type"] not in event_types():
            raise InputError(f"{path}: {spec['type']!r} is no event type")
        group = spec.get("needs_object")
        if group is not None and group not in words:
            raise InputError(f"{path}: no word group {group!r}")
        trigger = Trigger(
            spec["type"],
            reverse=bool(spec.get("reverse", False)),
            needs_object=words[group] if group else (),
            symmetric=bool(spec.get("symmetric", False)),
        )
        for lemma in spec["lemmas"]:
            triggers[lemma].append(trigger)
    return triggers, words


TRIGGERS, WORDS = _load_triggers()
COOPERATION_NOUNS = WORDS["cooperation"]
SAMPLE_NOUNS = WORDS["samples"]
NOT_ACCESS_VERBS = WORDS["not_access"]

BEHALF = re.compile(r"\bon behalf of\s+(?:the\s+)?", re.IGNORECASE)
LIGHT_VERBS = {
    "hold",
    "conduct",
    "reach",
    "sign",
    "impose",
    "announce",
    "have",
    "begin",
    "start",
    "continue",
    "make",
    "enter",
    "forge",
    "strengthen",
    "deepen",
    "expand",
    "seek",
    "pursue",
    "resume",
    "slap",
    "levy",
    "introduce",
    "place",
    "put",
    "agree",
    "establish",
    "launch",
    "unveil",
    "issue",
}
NEGATIVE_EVALUATION = {
    "isolationism",
    "isolationist",
    "hegemony",
    "hegemonic",
    "militarisation",
    "militarization",
    "weaponisation",
    "weaponization",
    "reckless",
    "irresponsible",
    "hypocrisy",
    "hypocritical",
    "obstruct",
    "obstruction",
    "closed",
    "threat",
    "provocative",
    "provocation",
    "aggressive",
    "unfair",
    "discriminatory",
    "discrimination",
    "protectionism",
    "bully",
    "bullying",
    "smear",
    "interference",
}

PRONOUNS = {"it", "they", "he", "she", "we", "its", "their", "his", "her", "them", "him"}
SPEECH_VERBS = {
    "say",
    "tell",
    "add",
    "state",
    "argue",
    "warn",
    "claim",
    "write",
    "note",
    "insist",
    "contend",
    "complain",
    "charge",
    "assert",
    "remark",
}

# Ongoing states rather than happenings: they take no date from the article's lead.
STATES = {"fund", "restrict", "cooperate", "joint-mission"}


def _subtree(token: Token) -> list[Token]:
    """A token's subtree without relative clauses: "samples that China collected" is about samples."""
    tokens = [token]
    for child in token.children:
        if child.dep_ in ("relcl", "acl", "advcl") and child.pos_ == "VERB":
            continue
        tokens.extend(_subtree(child))
    return tokens


def _objects(token: Token) -> dict[str, list[Token]]:
    """Argument subtrees of a trigger by role: object, with, to, on, from."""
    roles: dict[str, list[Token]] = defaultdict(list)
    for child in token.children:
        dep = child.dep_
        if dep in ("dobj", "dative", "attr", "oprd", "nsubjpass"):
            roles["object"].extend(_subtree(child))
        elif dep == "prep" or (dep == "agent"):
            word = child.lower_
            pobj = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            tokens = [t for p in pobj for t in _subtree(p)]
            if dep == "agent" or word == "by":
                roles["agent"].extend(tokens)
            elif word in ("with", "between", "among", "alongside", "and"):
                roles["with"].extend(tokens)
            elif word in ("to", "for", "towards"):
                roles["to"].extend(tokens)
            elif word in ("on", "against", "over", "upon"):
                for p in pobj:
                    if p.lemma_.lower() in COOPERATION_NOUNS and any(
                        c.dep_ in ("poss", "compound") for c in p.children
                    ):
                        # "restrictions on their agency's collaboration with China": the agency
                        roles["on"].extend(
                            t
                            for c in p.children
                            if c.dep_ in ("poss", "compound")
                            for t in _subtree(c)
                        )
                    else:
                        roles["on"].extend(_subtree(p))
            elif word in ("from",):
                roles["from"].extend(tokens)
            elif word in ("of",):
                roles["of"].extend(tokens)
            elif word in ("in", "into", "aboard", "onboard", "on board", "at"):
                roles["in"].extend(tokens)
        elif dep == "xcomp" or dep == "ccomp":
            roles["clause"].extend(_subtree(child))
    return roles


def _subjects(token: Token) -> list[Token]:
    """The subject subtree of a verb trigger, climbing through control and coordination."""
    current = token
    for _ in range(5):
        subj = [c for c in current.children if c.dep_ in ("nsubj", "csubj", "expl")]
        if subj:
            return [t for s in subj for t in _subtree(s)]
        if current.dep_ == "xcomp":
            head = current.head
            obj = [c for c in head.children if c.dep_ in ("dobj", "dative")]
            if obj and head.lemma_.lower() in OBJECT_CONTROL:
                return [t for o in obj for t in _subtree(o)]
            current = head
            continue
        if current.dep_ == "conj" and current.i > 0:
            before = current.doc[current.i - 1]
            if before.pos_ == "PROPN" and before.dep_ in ("conj", "pobj", "dobj", "compound"):
                return [
                    before
                ]  # "... on Chinese goods and Beijing retaliated": a misattached subject
        if current.dep_ in ("conj", "advcl", "ccomp") and current.head.i != current.i:
            current = current.head
            continue
        if current.dep_ in ("relcl", "acl") and current.head.i != current.i:
            noun = current.head
            if noun.dep_ in ("attr", "acomp", "oprd") and noun.head.lemma_.lower() in (
                "be",
                "become",
                "remain",
            ):
                # "X became the first nations to sign": the copula's subject signs
                return _subjects(noun.head)
            return [noun] + [
                t for t in noun.children if t.dep_ in ("compound", "amod", "conj", "appos")
            ]
        break
    return []


def _noun_actor(token: Token) -> list[Token]:
    """Who acts in a nominal trigger: its possessor, compound or demonym, or the light verb's subject."""
    tokens = []
    for child in token.children:
        if child.dep_ in ("poss", "compound", "amod", "nmod") and (
            child.pos_ == "PROPN" or child.ent_type_ in ("KB", "ORG", "GPE", "NORP", "PERSON")
        ):
            tokens.extend(_subtree(child))
    acl = [c for c in token.children if c.dep_ == "acl"]
    for a in acl:
        for c in a.children:
            if c.dep_ == "agent":
                tokens.extend(t for p in c.children for t in _subtree(p))
    if (
        not tokens
        and token.dep_ in ("dobj", "pobj", "nsubjpass", "attr")
        and (
            token.head.lemma_.lower() in LIGHT_VERBS | {"with", "of"}
            or (token.dep_ == "pobj" and token.head.head.lemma_.lower() in LIGHT_VERBS)
        )
    ):
        verb = token.head if token.dep_ != "pobj" else token.head.head
        if verb.pos_ == "NOUN":  # "Trump's imposition of tariffs": the nominalisation's possessor
            tokens.extend(
                t for c in verb.children if c.dep_ in ("poss", "compound") for t in _subtree(c)
            )
        else:
            tokens.extend(_subjects(verb))
    return tokens


def _resolve_pronoun(ctx: Context, tokens: list[Token], before: int) -> list[str]:
    """The entity a subject pronoun stands for: the reporting clause's subject, else the last fit."""
    pronoun = next(
        (
            t
            for t in tokens
            if t.lower_ in PRONOUNS and t.pos_ == "PRON" and t.dep_ in ("nsubj", "nsubjpass")
        ),
        None,
    )
    if pronoun is None:
        return []
    verb = pronoun.head
    if verb.dep_ in ("ccomp", "xcomp", "conj", "advcl") and verb.head.i != verb.i:
        found = ctx.mentions_in(_subjects(verb.head), ACTOR_CLASSES)
        if found:
            return found[:1]
    classes = (
        ("Person",)
        if pronoun.lower_ in ("he", "she", "his", "her", "him")
        else ORG_CLASSES + ("Country",)
    )
    for mention in sorted(ctx.mentions, key=lambda m: -m.start):
        if mention.start < before and ctx.entities[mention.iri].cls in classes:
            return [mention.iri]
    return []


def _mentions_excluding_locations(
    ctx: Context, tokens: list[Token], classes: tuple[str, ...]
) -> list[str]:
    """Entities among tokens, leaving out places that only locate another entity ("X in Germany")."""
    kept = []
    for token in tokens:
        own = ctx.mention_iris(token)
        if not own:
            continue
        if any(m.start in ctx.place_mentions for m in ctx.token_mention.get(token.i, ())):
            continue  # "Axiom Space Inc, USA": the country places the company
        head = token.head
        is_country = any(ctx.entities[i].cls == "Country" for i in own)
        if (
            is_country
            and token.dep_ == "pobj"
            and head.lower_ in ("in", "of", "at", "based")
            and ctx.mention_iris(head.head) - own
        ):
            continue
        if token.dep_ == "poss" and ctx.mention_iris(head) - own:
            continue
        kept.append(token)
    return ctx.mentions_in(kept, classes)


def event_triggers(ctx: Context) -> list[Event]:
    """Events signalled by trigger words, with arguments from the dependency parse, and the
    initiatives founded on the way ("the programme was launched by X")."""
    events: list[Event] = []
    triggers_by_sentence: dict[int, list[Token]] = defaultdict(list)
    for token in ctx.tokens_with_lemma(TRIGGERS):
        triggers_by_sentence[ctx.sentence_index(token)].append(token)
    speech_by_sentence: dict[int, list[Token]] = defaultdict(list)
    for token in ctx.tokens_with_lemma(SPEECH_VERBS):
        speech_by_sentence[ctx.sentence_index(token)].append(token)
    named = {m.sentence for m in ctx.mentions}
    for index, sentence in enumerate(ctx.sentences):
        if index not in named:
            continue
        for token in triggers_by_sentence.get(index, ()):
            lemma = token.lemma_.lower()
            if lemma not in TRIGGERS or token.pos_ not in ("VERB", "NOUN", "PROPN", "ADJ"):
                continue
            if token.i in ctx.token_mention:
                continue  # part of a name ("Artemis Accords"), not a trigger
            if token.dep_ == "compound" and token.pos_ in ("NOUN", "PROPN"):
                continue  # "loan agreement": the head noun says what it is
            for trigger in TRIGGERS[lemma]:
                event = _read_event(ctx, token, trigger, sentence)
                if event is None and trigger.needs_object and _continues(token, trigger, events):
                    # "B and C were approved alongside D": more of the event just reported
                    event = _read_event(
                        ctx,
                        token,
                        Trigger(trigger.type, reverse=trigger.reverse),
                        sentence,
                    )
                if event is not None:
                    events.append(event)
                    break
        events.extend(_reported_criticism(ctx, sentence, speech_by_sentence.get(index, [])))
    countries = {iri: e.country for iri, e in ctx.entities.items() if e.cls != "Country"}
    organisations = {iri for iri, e in ctx.entities.items() if e.cls in ORG_CLASSES}
    return _inherit_actors(events, countries, organisations)


def _described_by(ctx: Context, noun: Token) -> list[Token]:
    """Tokens of the coordinated mentions an apposition describes: "A and B, both recipients"."""
    sentence = noun.sent
    before = sorted(
        (m for m in ctx.mentions if sentence.start_char <= m.start and m.end <= noun.idx),
        key=lambda m: m.start,
    )
    chain: list[Mention] = []
    gap_pattern = r"\s*,?\s*(?:both|all|each|all of them|the)?\s*"
    end = noun.idx
    for mention in reversed(before):
        gap = ctx.text[mention.end : end]
        pattern = gap_pattern if not chain else r"\s*(?:,|and|, and|&)\s*"
        if not re.fullmatch(pattern, gap):
            break
        chain.append(mention)
        end = mention.start
    doc = noun.doc
    tokens = []
    for mention in chain:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is not None:
            tokens.extend(span)
    return tokens


def _continues(token: Token, trigger: Trigger, events: list[Event]) -> bool:
    """Whether a passive trigger without its usual object continues an event of its type."""
    passive = any(c.dep_ == "nsubjpass" for c in token.children)
    return (
        passive
        and trigger.type in {e.type for e in events}
        and trigger.type in ("lend-samples", "grant-access", "fund")
    )


def _claimed(token: Token) -> bool:
    """Whether a token modifies another trigger word ("Nasa funding"), so is that trigger's argument."""
    return token.dep_ in ("compound", "poss", "amod") and token.head.lemma_.lower() in TRIGGERS


def _has_object_word(token: Token, words: tuple[str, ...]) -> bool:
    heads = []
    for child in token.children:
        if child.dep_ in ("dobj", "nsubjpass", "attr", "dative", "compound"):
            heads.append(child)
            heads.extend(c for c in child.children if c.dep_ in ("conj", "compound", "appos"))
        elif child.dep_ == "prep":
            heads.extend(c for c in child.children if c.dep_ == "pobj")
    for t in heads:
        if t.lemma_.lower() in words or t.lower_ in words:
            return True
    if token.dep_ in ("compound", "amod") and token.head.lemma_.lower() in words:
        return True
    if any(c.dep_ in ("amod", "compound") and c.lower_ in words for c in token.children):
        return True  # "joint statement"
    return token.head.lemma_.lower() in words and token.dep_ in ("relcl", "acl", "amod")


def _signs_named(ctx: Context, token: Token) -> bool:
    """Whether a signing verb's own object is a named agreement or programme."""
    if token.pos_ != "VERB":
        return False
    heads = [c for c in token.children if c.dep_ == "dobj"]
    heads += [
        p for c in token.children if c.dep_ == "prep" and c.lower_ in ("to", "onto")
        for p in c.children if p.dep_ == "pobj"
    ]  # fmt: skip
    named = ctx.mentions_in(heads, AGREEMENT_CLASSES + ("Programme", "SpaceStation"))
    return bool(named) and all(
        ctx.token_mention.get(h.i) for h in heads if h.lemma_.lower() not in ("it", "them")
    )


def _read_event(ctx: Context, token: Token, trigger: Trigger, sentence: Span) -> Event | None:
    if trigger.needs_object and not _has_object_word(token, trigger.needs_object):
        return None
    if token.lower_ == "talk" or (token.lemma_.lower() == "talk" and token.tag_ != "NNS"):
        return None  # "talk" the verb is speech; "talks" the noun is negotiation
    if trigger.type == "impose-tariffs" and token.pos_ == "VERB":
        return None
    if is_negated(token):
        return None
    if trigger.symmetric and under_restriction(token):
        return None
    roles = _objects(token)
    is_noun = token.pos_ in ("NOUN", "PROPN")
    if is_noun:
        subject_tokens = _noun_actor(token)
        for verb in (c for c in token.children if c.dep_ == "acl"):
            for role, tokens in _objects(verb).items():
                roles[role].extend(tokens)  # "restrictions imposed by X on Y"
        light = token.head if token.head.lemma_.lower() in LIGHT_VERBS else None
        if token.dep_ == "pobj" and token.head.head.lemma_.lower() in LIGHT_VERBS:
            light = token.head.head  # "entered into an agreement with X"
        if light is not None:
            for role, tokens in _objects(light).items():
                if role != "object":
                    roles[role].extend(tokens)
        if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.pos_ == "NOUN":
            # "A and B, both recipients of Nasa funding": the entities the phrase describes receive it
            described = token.head.head
            roles["to"].extend(_described_by(ctx, described))
    else:
        subject_tokens = _subjects(token)
    if roles.get("agent"):
        subject_tokens = roles["agent"]  # passive: "restrictions imposed by X"
    actors = _mentions_excluding_locations(ctx, subject_tokens, ACTOR_CLASSES)
    if not actors:
        actors = _resolve_pronoun(ctx, subject_tokens, token.idx)
    # "the West imposed sanctions", "sanctions imposed by its member states": someone acts whom
    # the KB cannot name; such an event must not borrow an actor from an earlier one
    unnamed = not actors and any(t.pos_ in ("NOUN", "PROPN") for t in subject_tokens)
    # "signed by X on behalf of Nigeria": the represented party acts too
    for behalf in BEHALF.finditer(sentence.text):
        start = sentence.start_char + behalf.end()
        for m in ctx.mentions:
            near = m.start == start or (start <= m.start <= start + 4)
            if near and m.iri not in actors and ctx.entities[m.iri].cls in ACTOR_CLASSES:
                actors.append(m.iri)
    object_tokens = roles.get("object", [])
    objects = _mentions_excluding_locations(ctx, object_tokens, ACTOR_CLASSES)
    partners = _mentions_excluding_locations(ctx, roles.get("with", []), ACTOR_CLASSES)
    recipients = _mentions_excluding_locations(ctx, roles.get("to", []), ACTOR_CLASSES)
    targets = _mentions_excluding_locations(ctx, roles.get("on", []), ACTOR_CLASSES)
    sources = _mentions_excluding_locations(ctx, roles.get("from", []), ACTOR_CLASSES)
    things = ctx.mentions_in(
        object_tokens
        + roles.get("with", [])
        + roles.get("in", [])
        + roles.get("to", [])
        + roles.get("of", [])
        + roles.get("clause", []),
        PROJECT_CLASSES + AGREEMENT_CLASSES + POLICY_CLASSES,
    )
    kind = trigger.type
    event = Event(
        type=kind,
        actors=[],
        trigger=token.text,
        evidence=ctx.evidence(sentence),
        trigger_index=token.i,
        unnamed_actor=unnamed,
    )

    if kind == "lend-samples":
        if trigger.reverse:
            event.recipients = actors or objects
            event.actors = sources
        else:
            event.actors = actors
            named = [o for o in objects + partners if ctx.entity(o).cls != "Country"]
            event.recipients = recipients or named or objects
        if not event.recipients or (trigger.reverse and not event.actors):
            # "... listed A and B among the institutions granted permission to borrow": the
            # sentence's subject lends to the bodies it names that no other trigger claims
            root = sentence.root
            if not event.actors and root.i != token.i:
                event.actors = _mentions_excluding_locations(
                    ctx,
                    [t for c in root.children if c.dep_ == "nsubj" for t in _subtree(c)],
                    ACTOR_CLASSES,
                )
            if not event.recipients or set(event.recipients) <= set(event.actors):
                event.recipients = [
                    i
                    for i in _mentions_excluding_locations(
                        ctx, [t for t in sentence if not _claimed(t)], ORG_CLASSES
                    )
                    if i not in event.actors
                ]
        if not event.actors and trigger.reverse:
            # "the Chinese samples": a demonym on the sample noun names the lender
            for t in object_tokens:
                if t.lemma_.lower() in SAMPLE_NOUNS:
                    event.actors = ctx.mentions_in(
                        [c for c in t.children if c.dep_ in ("amod", "poss", "compound")],
                        ACTOR_CLASSES,
                    )
    elif kind == "grant-access":
        complements = [
            c for c in token.children if c.dep_ in ("ccomp", "xcomp") and c.pos_ == "VERB"
        ]
        if not trigger.needs_object and any(
            c.lemma_.lower() in NOT_ACCESS_VERBS for c in complements
        ):
            return None  # "authorised the ministry to suspend cooperation": leave, not access
        event.actors = actors
        event.recipients = objects or recipients
        if not event.recipients:
            # "allow scientists from the US to analyse ...": the complement clause's subject
            for clause in (c for c in token.children if c.dep_ in ("ccomp", "xcomp")):
                subject = [t for c in clause.children if c.dep_ == "nsubj" for t in _subtree(c)]
                event.recipients += _mentions_excluding_locations(ctx, subject, ACTOR_CLASSES)
        if not event.recipients:
            return None
    elif kind == "fund":
        if is_noun:
            event.actors = actors
            event.recipients = recipients or objects
        else:
            event.actors = actors
            event.recipients = objects or recipients
    elif kind == "restrict":
        event.actors = actors
        event.targets = objects or targets or recipients
    elif kind in ("end-cooperation", "suspend-cooperation"):
        event.actors = actors
        event.partners = partners or [o for o in objects if o not in actors] or recipients
        # "ended its cooperation with Roscosmos on ExoMars"
        for t in object_tokens:
            if t.lemma_.lower() in COOPERATION_NOUNS:
                event.partners += [
                    p
                    for p in _mentions_excluding_locations(
                        ctx,
                        [x for c in t.children if c.dep_ == "prep" for x in _subtree(c)],
                        ACTOR_CLASSES,
                    )
                    if p not in event.partners
                ]
        event.instruments = things
    elif kind == "sign-agreement" and _signs_named(ctx, token):
        return None  # "signed (up to) the Artemis Accords": each signs it (frames); no pact between them
    else:  # symmetric: cooperate, negotiate, sign-agreement, consult, visit, share-data, training
        between = [
            c for c in token.children if c.dep_ == "prep" and c.lower_ in ("between", "among")
        ]
        if between:
            # "cooperation between ISRO and NASA": exactly these, whoever speaks of it
            named = _mentions_excluding_locations(
                ctx, [t for b in between for t in _subtree(b)], ACTOR_CLASSES
            )
            if len(named) >= 2:
                actors, partners, objects, recipients = named[:1], named[1:], [], []
        direct = [
            o
            for o in objects
            if any(
                o in ctx.mention_iris(c)
                for c in token.children
                if c.dep_ in ("dobj", "dative", "attr")
            )
        ]
        # "signed a memorandum of understanding with the Italian Space Agency"
        inner_with = [
            t
            for o in object_tokens
            if o.dep_ == "prep" and o.lower_ in ("with", "between")
            for p in o.children
            if p.dep_ == "pobj"
            for t in _subtree(p)
        ]
        partners = partners + [
            x
            for x in _mentions_excluding_locations(ctx, inner_with, ACTOR_CLASSES)
            if x not in partners
        ]
        participants = actors + [x for x in partners + direct + recipients if x not in actors]
        if kind == "sign-agreement" and not participants and things:
            participants = actors
        event.actors = actors[:1] if len(actors) == 1 else actors
        event.partners = [x for x in participants if x not in event.actors]
        event.instruments = things
        agreements = [t for t in things if ctx.entity(t).cls in AGREEMENT_CLASSES + ("Programme",)]
        if kind == "sign-agreement" and agreements and actors:
            pass  # signing a named agreement: "X signed the Artemis Accords"
        elif len(set(participants)) < 2:
            return None
        if len(event.actors) > 1 and not event.partners:
            event.partners = event.actors[1:]
            event.actors = event.actors[:1]
    event.actors = [a for a in dict.fromkeys(event.actors)]
    for role in ("recipients", "targets", "partners"):
        setattr(
            event, role, [x for x in dict.fromkeys(getattr(event, role)) if x not in event.actors]
        )
    if not event.actors and kind not in ("lend-samples",):
        return None
    if not (event.recipients or event.targets or event.partners or event.instruments):
        return None
    event.planned = is_planned(token)
    event.date = _event_date(ctx, token, sentence, kind, event.planned)
    event.confidence = 0.75 if not is_noun else 0.65
    return event


def _event_date(
    ctx: Context, token: Token, sentence: Span, kind: str, planned: bool
) -> Date | None:
    return ctx.date_of(token, sentence, planned=planned, state=kind in STATES)


def _reported_criticism(ctx: Context, sentence: Span, speech: list[Token]) -> list[Event]:
    """A speaker whose reported words judge a state or body harshly criticises it."""
    events = []
    for token in speech:
        if token.pos_ != "VERB":
            continue
        speakers = ctx.mentions_in(
            _subjects(token), ("Person", "Country", "GovernmentBody", "SpaceAgency")
        )
        clauses = [c for c in token.children if c.dep_ in ("ccomp", "xcomp", "advcl")]
        if token.dep_ == "advcl" and not speakers:
            speakers = ctx.mentions_in(
                _subjects(token.head), ("Person", "Country", "GovernmentBody", "SpaceAgency")
            )
        if not speakers or not clauses:
            continue
        for clause in clauses:
            words = [t for t in clause.subtree]
            if not any(
                t.lemma_.lower() in NEGATIVE_EVALUATION or t.lower_ in NEGATIVE_EVALUATION
                for t in words
            ):
                continue
            targets = [
                t
                for t in ctx.mentions_in(words, ("Country", "GovernmentBody", "SpaceAgency"))
                if t not in speakers
            ]
            if targets and not is_negated(clause):
                events.append(
                    Event(
                        type="criticise",
                        actors=speakers[:1],
                        targets=targets[:2],
                        date=_event_date(ctx, token, sentence, "criticise", False),
                        confidence=0.6,
                        evidence=ctx.evidence(sentence),
                        trigger=token.text,
                    )
                )
    return events


def _near(first: Event, second: Event, sentences: int = 1) -> bool:
    """Whether two events were read within a sentence or so of each other."""
    if first.evidence is None or second.evidence is None:
        return False
    return abs(second.evidence.start - first.evidence.start) <= 400 * sentences


def _same_country(
    actors: list[str],
    previous: list[str],
    countries: dict[str, str | None],
    organisations: set[str],
) -> bool:
    """Whether actors are just the country of the previous actors ("the Chinese samples" after CNSA)."""
    return bool(actors) and all(
        a not in previous and any(countries.get(p) == a and p in organisations for p in previous)
        for a in actors
    )


def _inherit_actors(
    events: list[Event], countries: dict[str, str | None], organisations: set[str]
) -> list[Event]:
    """An event with no actor continues the last event of its type ("... would receive samples as well")."""
    last: dict[str, Event] = {}
    kept = []
    for event in events:
        previous = last.get(event.type)
        if (
            event.date is None
            and previous is not None
            and previous.date is not None
            and _near(previous, event)
        ):
            event.date = previous.date  # "... and Beijing retaliated with tariffs": the same moment
        if event.type == "sign-agreement" and not event.actors and not event.partners:
            meeting = next(
                (e for e in reversed(kept) if e.type in SYMMETRIC_TYPES and _near(e, event, 3)),
                None,
            )
            if meeting is not None:
                # "two agreements ... were concluded" at the meeting just reported
                event.actors, event.partners = list(meeting.actors), list(meeting.partners)
                event.date = event.date or meeting.date
        if previous is not None and (
            (not event.actors and not event.unnamed_actor)
            or _same_country(event.actors, previous.actors, countries, organisations)
        ):
            event.actors = list(previous.actors)
            if event.date is None and not event.planned:
                event.date = previous.date  # the same announcement, continued
        for role in ("recipients", "partners", "targets"):
            setattr(event, role, [x for x in getattr(event, role) if x not in event.actors])
        if not event.actors or not (
            event.recipients or event.partners or event.targets or event.instruments
        ):
            continue
        last[event.type] = event
        kept.append(event)
    return kept


SAMPLE_RETURN = re.compile(
    r"\b(?:collect|retriev|return|brought back|bring back|gather)\w*\b.{0,60}\b(?:samples?|rocks?|regolith|soil)\b|\b(?:samples?|rocks?|regolith|soil)\b.{0,60}\b(?:collect|retriev|return|brought back)\w*",
    re.IGNORECASE,
)


def sample_missions(ctx: Context, events: list[Event]) -> None:
    """A sample loan with no mission named takes the article's sample-return mission."""
    candidates: list[tuple[str, set[int]]] = []
    for index in range(len(ctx.sentences)):
        if not SAMPLE_RETURN.search(ctx.sentence_texts[index]):
            continue
        years = {d.year for d in ctx.sentence_dates[index]}
        for m in ctx.mentions:
            if m.sentence == index and ctx.entities[m.iri].cls in ("Mission", "Spacecraft"):
                candidates.append((m.iri, years))
    if not candidates:
        return
    previous: str | None = None
    for event in events:
        if event.type != "lend-samples":
            continue
        named = [i for i in event.instruments if ctx.entities[i].cls in PROJECT_CLASSES]
        if named:
            previous = named[0]
            continue
        index = next(
            (
                i
                for i, s in enumerate(ctx.sentences)
                if event.evidence and s.start_char <= event.evidence.start < s.end_char
            ),
            None,
        )
        years = {d.year for d in ctx.sentence_dates[index]} if index is not None else set()
        matching = [iri for iri, ys in candidates if ys & years] or (
            [candidates[0][0]] if len({c for c, _ in candidates}) == 1 else []
        )
        chosen = matching[0] if matching else previous  # "... would receive the samples as well"
        if chosen:
            event.instruments.append(chosen)
            previous = chosen


SYMMETRIC_TYPES = {"cooperate", "negotiate", "sign-agreement", "consult", "visit", "share-data"}


def continue_dates(events: list[Event]) -> list[Event]:
    """An undated event read right after a dated one of its type happened then too: "... after
    the US imposed tariffs this month. Beijing retaliated with tariffs on US goods"; one read
    right before a dated report of the same act with the same parties takes its date."""
    ordered = sorted(events, key=lambda e: e.evidence.start if e.evidence else -1)
    last: dict[str, Event] = {}
    for event in ordered:
        previous = last.get(event.type)
        undated = event.date is None and not event.planned
        if undated and previous is not None and previous.date and _near(previous, event):
            event.date = previous.date
        last[event.type] = event
    # "X added A and B to the list. The rule takes effect on Aug. 24": a dated report of the same
    # act right after gives the undated one its date
    for i, event in enumerate(ordered):
        if event.date is not None or event.planned:
            continue
        parties = set(event.targets + event.recipients + event.partners + event.instruments)
        for later in ordered[i + 1 :]:
            if not _near(event, later, 2):
                break
            shared = parties & set(
                later.targets + later.recipients + later.partners + later.instruments
            )
            if later.type == event.type and later.date is not None and shared:
                event.date = later.date
                break
    return events


def merge_events(events: list[Event]) -> list[Event]:
    """One event per type, participants and date within an article (a sentence may repeat it)."""
    merged: dict[tuple, Event] = {}
    for event in events:
        others = tuple(sorted(event.partners + event.recipients + event.targets))
        if event.type in SYMMETRIC_TYPES:
            key = (
                event.type,
                tuple(sorted(set(event.actors) | set(others))),
                (),
                event.date.iso if event.date else None,
            )
        else:
            key = (
                event.type,
                tuple(sorted(event.actors)),
                others,
                event.date.iso if event.date else None,
            )
        if key in merged:
            merged[key].instruments = list(
                dict.fromkeys(merged[key].instruments + event.instruments)
            )
            continue
        merged[key] = event
    return list(merged.values())
