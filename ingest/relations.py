"""Typed events and organisational facts from a parsed, linked article.

Extraction is a pipeline of components (:mod:`ingest.components`), named in order in
``ingest/config/pipelines.toml``; each reads the article (:class:`Context`) and the outputs of
earlier components it declares, and returns its own. Their sources:

* the trigger lexicon (``ingest/lexicon/frames.toml``, read by :mod:`ingest.frames`): verbs,
  nouns, agentive nouns and modifiers by meaning, with their ends found by syntactic role;
* possessives: a project named with its owner (:mod:`ingest.possessives`);
* role titles and appositions ("Nasa chief Bill Nelson") (:mod:`ingest.roles`);
* the event rules of :mod:`ingest.events` (samples, tariffs, sanctions, negotiations, ...);
* places, units, builders and crews the text states (:mod:`ingest.facts`);
* the reference KB, for what it says about entities the article names together (kept in the
  graph, never reported as extracted).
"""

from __future__ import annotations

from .classes import ORG_CLASSES
from .components import component, compose, configured, run
from .context import Context
from .events import continue_dates, event_triggers, merge_events, sample_missions
from .facts import (
    crew_facts,
    kb_facts,
    location_facts,
    operator_facts,
    policy_entities,
)
from .frames import frames  # noqa: F401 - registers the component
from .possessives import possessives  # noqa: F401 - registers the component
from .records import Entity, Event, Fact
from .roles import role_facts


@component("places", gives=("place_facts",))
def _places(ctx: Context) -> dict:
    return {"place_facts": location_facts(ctx)}


@component("roles", gives=("role_facts",))
def _roles(ctx: Context) -> dict:
    return {"role_facts": role_facts(ctx)}


@component("events", gives=("rule_events",))
def _events(ctx: Context) -> dict:
    return {"rule_events": event_triggers(ctx)}


@component("sample-missions", needs=("rule_events",), gives=("rule_events",))
def _samples(ctx: Context, rule_events: list[Event]) -> dict:
    sample_missions(ctx, rule_events)
    return {"rule_events": rule_events}


@component("organisation-facts", gives=("organisation_facts",))
def _organisation(ctx: Context) -> dict:
    return {"organisation_facts": operator_facts(ctx) + crew_facts(ctx)}


@component("kb-facts", gives=("kb_facts",))
def _kb(ctx: Context) -> dict:
    return {"kb_facts": kb_facts(ctx)}


@component(
    "merge",
    needs=(
        "rule_events", "frame_events", "place_facts", "role_facts",
        "organisation_facts", "possessive_facts", "frame_facts", "kb_facts", "inferred_entities",
        "owner_entities",
    ),
    gives=("events", "facts", "entities"),
)  # fmt: skip
def _merge(
    ctx: Context,
    rule_events: list[Event],
    frame_events: list[Event],
    inferred_entities: dict[str, Entity],
    owner_entities: dict[str, Entity],
    **facts: list[Fact],
) -> dict:
    found = [f for key in sorted(facts) if key != "kb_facts" for f in facts[key]]
    found += facts["kb_facts"]
    found = _unique(found)
    joined = _join_by_trigger(rule_events, frame_events)
    events = [e for e in (_people_as_bodies(ctx, e, found) for e in joined) if e]
    events = [_state_acts(ctx, e, found) for e in events]
    events = merge_events(continue_dates(events))
    return {"events": events, "facts": found, "entities": owner_entities | inferred_entities}


@component("policies", needs=("events", "facts", "entities"), gives=("facts", "entities"))
def _policies(
    ctx: Context, events: list[Event], facts: list[Fact], entities: dict[str, Entity]
) -> dict:
    found, policies = policy_entities(ctx, events, ctx.entities | entities)
    return {"facts": _unique(facts + found), "entities": entities | policies}


# Event types whose parties act together, each as much as the other.
MUTUAL_TYPES = {
    "cooperate", "intend-cooperate", "intend-material-cooperation", "consult", "visit",
    "negotiate", "sign-agreement", "economic-cooperation", "share-information", "share-data",
    "astronaut-training",
}  # fmt: skip


def _join_by_trigger(rule_events: list[Event], frame_events: list[Event]) -> list[Event]:
    """Rule and lexicon events; one read at the same word as a rule event gives it its parties."""
    by_trigger = {(e.type, e.trigger_index): e for e in rule_events if e.trigger_index is not None}
    joined = list(rule_events)
    read: set[int] = set()  # rule events whose parties a frame has read already
    # frames that read the parties come before frames that add to them, whatever the file order
    for event in sorted(frame_events, key=lambda e: e.adds_parties):
        same = by_trigger.get((event.type, event.trigger_index))
        if same is None:
            joined.append(event)
            continue
        # the lexicon reads the parties by syntactic role, more narrowly than the rule's subtree;
        # several frames at one word add up ("restrictions on NASA's work with China")
        for role in ("actors", "partners", "recipients", "targets"):
            parties = list(getattr(event, role))
            if id(same) in read or event.adds_parties:
                parties = getattr(same, role) + [p for p in parties if p not in getattr(same, role)]
            setattr(same, role, parties)
        if not event.adds_parties:
            read.add(id(same))
        same.instruments.extend(i for i in event.instruments if i not in same.instruments)
    return joined


def _people_as_bodies(ctx: Context, event: Event, facts: list[Fact]) -> Event | None:
    """A mutual act between a person and a body is one between the bodies: the person acts for
    the body they head or work for ("the minister met NASA" -> their country and NASA); a person
    whose body is unknown, or is the other party, is no party to it."""
    if event.type not in MUTUAL_TYPES:
        return event
    classes = {iri: e.cls for iri, e in ctx.entities.items()}
    parties = event.actors + event.partners
    if not any(classes.get(p) == "Person" for p in parties):
        return event
    if all(classes.get(p) == "Person" for p in parties):
        return event  # two people meeting: their bodies are for the reader to infer
    bodies: dict[str, str] = {}
    for fact in sorted(facts, key=lambda f: (f.source != "text", f.predicate != "heads")):
        post = fact.predicate in ("heads", "worksFor") and fact.subject not in bodies
        if post and classes.get(fact.object) in ORG_CLASSES + ("Country",):
            bodies[fact.subject] = fact.object

    def as_bodies(iris: list[str]) -> list[str]:
        out = [bodies.get(i) if classes.get(i) == "Person" else i for i in iris]
        return [i for i in dict.fromkeys(out) if i]

    event.actors = as_bodies(event.actors)
    event.partners = [p for p in as_bodies(event.partners) if p not in event.actors]
    if not event.actors and len(event.partners) >= 2:
        event.actors, event.partners = event.partners[:1], event.partners[1:]
    if not event.actors or not (event.partners or event.instruments or event.recipients):
        return None
    return event


# Acts only a state or body can do: a head of state who does them acts for the state.
STATE_ACTS = {"impose-sanctions", "impose-tariffs", "restrict", "ban"}


def _state_acts(ctx: Context, event: Event, facts: list[Fact]) -> Event:
    """ "Trump's imposition of tariffs" is the United States imposing them: a person who heads a
    state or body stands for it in the acts only states and bodies do."""
    if event.type not in STATE_ACTS:
        return event
    heads = {f.subject: f.object for f in facts if f.predicate == "heads"}
    actors = []
    for actor in event.actors:
        body = heads.get(actor) if ctx.entities[actor].cls == "Person" else None
        actors.append(body or actor)
    event.actors = list(dict.fromkeys(actors))
    return event


def _unique(facts: list[Fact]) -> list[Fact]:
    """Facts without repeats or self-relations; a post the text calls "head" is not also "works for"."""
    heads = {(f.subject, f.object) for f in facts if f.predicate == "heads" and f.source == "text"}
    seen: set[tuple[str, str, str]] = set()
    unique = []
    for fact in facts:
        key = (fact.predicate, fact.subject, fact.object)
        if fact.subject == fact.object or key in seen:
            continue
        if fact.predicate == "worksFor" and (fact.subject, fact.object) in heads:
            continue
        seen.add(key)
        unique.append(fact)
    return unique


def extract_relations(
    ctx: Context, pipeline: str = "relations"
) -> tuple[list[Event], list[Fact], dict[str, Entity]]:
    """All events and facts of an article, by the configured pipeline of components, and the
    entities they bring in that the article names only through another."""
    found = run(compose(configured(pipeline)), ctx)
    return found["events"], found["facts"], found["entities"]


__all__ = ["Context", "extract_relations"]
