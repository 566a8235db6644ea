"""Organisational facts: places, operators, units, crews, policies, and what the KB states about
entities an article mentions together."""

from __future__ import annotations

import itertools
import re

from .context import ORG_CLASSES, PROJECT_CLASSES, Context
from .mentions import minted_iri
from .records import Entity, Event, Fact
from .roles import role_predicate

# --- facts from text and KB ----------------------------------------------------------------


def location_facts(ctx: Context) -> list[Fact]:
    """locatedIn from "X in Germany", "X of Pakistan", "Germany's X", "X is one of Korea's ..."."""
    facts = []
    ordered = sorted(ctx.mentions, key=lambda m: m.start)
    for entity, country, offset in ctx.places:
        if entity in ctx.entities and country in ctx.entities:
            sentence = ctx.sentences[
                max(
                    0,
                    min(
                        len(ctx.sentences) - 1,
                        next(
                            (
                                i
                                for i, s in enumerate(ctx.sentences)
                                if s.start_char <= offset < s.end_char
                            ),
                            0,
                        ),
                    ),
                )
            ]
            facts.append(Fact("locatedIn", entity, country, ctx.evidence(sentence), 0.75))
    for a, b in ctx.placed:
        facts.append(Fact("locatedIn", a.iri, b.iri, ctx.evidence(ctx.sentences[a.sentence]), 0.85))
    for a, b in itertools.pairwise(ordered):
        ea, eb = ctx.entity(a.iri), ctx.entity(b.iri)
        between = ctx.text[a.end : b.start]
        after = ctx.text[b.end : b.end + 2]
        if (
            ea.cls in ORG_CLASSES
            and eb.cls == "Country"
            and re.fullmatch(r"\s*(?:is\s+(?:one\s+of|among)\s+|is\s+(?:an?|the)\s+)", between)
            and after.startswith(("'", "’"))
        ):
            facts.append(
                Fact("locatedIn", a.iri, b.iri, ctx.evidence(ctx.sentences[a.sentence]), 0.75)
            )
        elif (
            ea.cls == "Country" and eb.cls in ORG_CLASSES and re.fullmatch(r"(?:'s|’s)\s*", between)
        ):
            facts.append(
                Fact("locatedIn", b.iri, a.iri, ctx.evidence(ctx.sentences[a.sentence]), 0.8)
            )
    return facts


OPERATED_BY = re.compile(
    r"\s*(?:,\s*(?:an?|the)\s+|\s+is\s+(?:an?|the)?\s*|\s+was\s+(?:an?|the)?\s*)$", re.IGNORECASE
)
UNIT_WORDS = re.compile(
    r"\b(?:centre|center|division|directorate|laboratory|lab|office|institute|department|bureau|unit|academy|council|board|agency)\b",
    re.IGNORECASE,
)


def operator_facts(ctx: Context) -> list[Fact]:
    """partOf from "ISRO's Human Space Flight Centre", "its Human Space Flight Centre" and units
    the linker found named after their parent ("CASC 9th Academy")."""
    facts = []
    ordered = sorted(ctx.mentions, key=lambda m: m.start)
    for a, b in itertools.pairwise(ordered):
        ea, eb = ctx.entity(a.iri), ctx.entity(b.iri)
        between = ctx.text[a.end : b.start]
        orgs = ea.cls in ORG_CLASSES and eb.cls in ORG_CLASSES and a.iri != b.iri
        if orgs and re.fullmatch(r"(?:'s|’s)\s*", between) and UNIT_WORDS.search(eb.name):
            facts.append(
                Fact("partOf", b.iri, a.iri, ctx.evidence(ctx.sentences[b.sentence]), 0.75)
            )
    for b in ordered:
        eb = ctx.entity(b.iri)
        before = ctx.text[max(0, b.start - 4) : b.start]
        if eb.cls in ORG_CLASSES and before.endswith("its ") and UNIT_WORDS.search(eb.name):
            owner = _previous_org(ctx, b.start, exclude=b.iri)
            if owner:
                facts.append(
                    Fact("partOf", b.iri, owner, ctx.evidence(ctx.sentences[b.sentence]), 0.7)
                )
    for unit, parent in ctx.units:
        if unit in ctx.entities and parent in ctx.gazetteer.entities:
            facts.append(Fact("partOf", unit, parent, None, 0.8))
    return facts


BUILD_VERBS = {"build", "develop", "design", "manufacture", "construct", "assemble"}


def builder_facts(ctx: Context) -> list[Fact]:
    """develops from "KARI built the spacecraft", "the probe was developed by ESA", "an ESA-built probe"."""
    facts = []
    for sentence in ctx.sentences:
        for token in sentence:
            if token.lemma_.lower() not in BUILD_VERBS or token.pos_ != "VERB":
                continue
            passive = any(c.dep_ == "nsubjpass" for c in token.children)
            builders_at = (
                [c for c in token.children if c.dep_ == "agent"]
                if passive
                else [c for c in token.children if c.dep_ == "nsubj"]
            )
            built_at = [c for c in token.children if c.dep_ == ("nsubjpass" if passive else "dobj")]
            builders = ctx.mentions_in(
                [t for b in builders_at for t in b.subtree], ORG_CLASSES + ("Country",)
            )
            built = ctx.mentions_in([t for b in built_at for t in b.subtree], PROJECT_CLASSES)
            if token.dep_ == "acl" and not built and ctx.token_mention.get(token.head.i):
                built = ctx.mentions_in(
                    [token.head], PROJECT_CLASSES
                )  # "a camera provided by NASA"
            for builder in builders:
                for thing in built:
                    facts.append(Fact("develops", builder, thing, ctx.evidence(sentence), 0.7))
    for m in re.finditer(r"(?P<org>[A-Z][\w]+)-(?:built|developed|designed|made)\b", ctx.text):
        org = next((x for x in ctx.mentions if x.start <= m.start() < x.end), None)
        thing = next(
            (
                x
                for x in sorted(ctx.mentions, key=lambda x: x.start)
                if x.start > m.end() and x.sentence == (org.sentence if org else -1)
            ),
            None,
        )
        if (
            org
            and thing
            and ctx.entity(org.iri).cls in ORG_CLASSES + ("Country",)
            and ctx.entity(thing.iri).cls in PROJECT_CLASSES
        ):
            facts.append(
                Fact("develops", org.iri, thing.iri, ctx.evidence(ctx.sentences[org.sentence]), 0.7)
            )
    return facts


CREW_WORDS = re.compile(
    r"\b(?:astronauts?|cosmonauts?|taikonauts?|gaganyatris?|crew(?:members?|mates?)?|pilots?|commanders?|(?:mission|payload) specialists?|spaceflight participants?)\b",
    re.IGNORECASE,
)


def crew_facts(ctx: Context) -> list[Fact]:
    """participatesIn for people a sentence names as crew of a mission it names."""
    facts = []
    for index, sentence in enumerate(ctx.sentences):
        if not CREW_WORDS.search(ctx.sentence_texts[index]):
            continue
        here = [m for m in ctx.mentions if m.sentence == index]
        crew_at = [
            sentence.start_char + c.start() for c in CREW_WORDS.finditer(ctx.sentence_texts[index])
        ]
        # only people the sentence calls crew: a crew word within a few words of the name
        people = {
            m.iri
            for m in here
            if ctx.entity(m.iri).cls == "Person"
            and any(-100 <= at - m.start <= 100 + len(m.text) for at in crew_at)
        }
        missions = {
            m.iri
            for m in here
            if ctx.entity(m.iri).cls in ("Mission", "Spacecraft", "SpaceStation", "Programme")
        }
        flights = {
            m for m in missions if ctx.entity(m).cls in ("Mission", "Spacecraft")
        } or missions
        for person in people:
            for mission in flights:
                facts.append(Fact("participatesIn", person, mission, ctx.evidence(sentence), 0.65))
    return facts


def _previous_org(ctx: Context, before: int, exclude: str) -> str | None:
    for mention in sorted(ctx.mentions, key=lambda m: -m.start):
        if (
            mention.start < before
            and mention.iri != exclude
            and ctx.entity(mention.iri).cls in ORG_CLASSES
        ):
            return mention.iri
    return None


def kb_facts(ctx: Context) -> list[Fact]:
    """What the KB states about entities the article mentions together (posts, operators, places)."""
    facts: list[Fact] = []
    mentioned = set(ctx.entities)
    day = ctx.published.isoformat() if ctx.published else None
    people = [iri for iri, e in ctx.entities.items() if e.cls == "Person"]
    for post in (p for person in people for p in ctx.gazetteer.posts_of(person)):
        if post.organisation in mentioned and post.active_on(day):
            org = ctx.gazetteer.entities.get(post.organisation)
            if org is None:
                continue
            predicate = (
                role_predicate(post.role, ctx.entities[post.organisation])
                if post.role
                else "worksFor"
            )
            facts.append(
                Fact(
                    predicate,
                    post.person,
                    post.organisation,
                    None,
                    0.9,
                    role=post.role or None,
                    source="kb",
                )
            )
    for s, p, o in (f for iri in mentioned for f in ctx.gazetteer.facts_about(iri)):
        if o in mentioned and p in ("operates", "partOf", "develops", "enacts"):
            facts.append(Fact(p, s, o, None, 0.9, source="kb"))
    for iri, entity in ctx.entities.items():
        # where a body is, by the KB: kept in the graph, never reported as read from the text
        if entity.cls in ORG_CLASSES and entity.country and entity.country in mentioned:
            facts.append(Fact("locatedIn", iri, entity.country, None, 0.9, source="kb"))
    return facts


def policy_entities(
    ctx: Context, events: list[Event], known: dict[str, Entity]
) -> tuple[list[Fact], dict[str, Entity]]:
    """Tariffs and sanctions as policy entities, enacted by the actor and targeting the target:
    the facts, and the policy entities (new ones for the article)."""
    facts = []
    policies: dict[str, Entity] = {}
    for event in events:
        if event.type not in ("impose-tariffs", "impose-sanctions") or not event.targets:
            continue
        actor = known[event.actors[0]]
        target = known[event.targets[0]]
        noun = "tariffs" if event.type == "impose-tariffs" else "sanctions"
        name = f"{actor.name} {noun} on {target.name}"
        cls = "Tariff" if event.type == "impose-tariffs" else "Sanction"
        iri = minted_iri(name, cls)
        entity = policies.setdefault(iri, Entity(iri=iri, name=name, cls=cls, in_kb=False))
        entity.surfaces.add(_phrase(ctx, event))
        if iri not in event.instruments:
            event.instruments.append(iri)
        evidence = event.evidence
        for a in event.actors:
            facts.append(Fact("enacts", a, iri, evidence, event.confidence, date=event.date))
        for t in event.targets:
            facts.append(Fact("targets", iri, t, evidence, event.confidence))
    return facts, policies


def _phrase(ctx: Context, event: Event) -> str:
    """The noun phrase that names the measure: "tariffs of up to 245 per cent on Chinese goods"."""
    if event.trigger_index is None:
        return event.trigger
    token = ctx.doc[event.trigger_index]
    start = token.left_edge.i
    while (
        start < token.i
        and ctx.doc[start].dep_ in ("det", "poss", "case")
        or ctx.doc[start].is_punct
    ):
        start += 1
    span = ctx.doc[start : token.right_edge.i + 1]
    return span.text.strip()
