"""Typed events and organisational facts from a parsed, linked article.

Three sources, each a small function with one job:

* role patterns: "Nasa chief Bill Nelson", "Shan Zhongde, head of the CNSA" -> heads / worksFor;
* event triggers: a lexicon of verbs and nouns per event type, with arguments read off the
  dependency parse (subject = actor; with/between = partner; to/for = recipient; on = target),
  skipping negated or denied statements and marking planned ones;
* the reference KB: posts, operators, locations, stated only when the article mentions both ends.
"""

from __future__ import annotations

from .context import Context
from .events import event_triggers, merge_events, sample_missions
from .facts import (
    builder_facts,
    crew_facts,
    kb_facts,
    location_facts,
    operator_facts,
    policy_entities,
)
from .records import Event, Fact
from .roles import role_facts


def extract_relations(ctx: Context) -> tuple[list[Event], list[Fact]]:
    """All events and facts of an article, without duplicates."""
    places = location_facts(ctx)  # first: events must not take a place for a participant
    events = event_triggers(ctx)
    sample_missions(ctx, events)
    facts = role_facts(ctx) + places + operator_facts(ctx) + builder_facts(ctx) + crew_facts(ctx) + ctx.initiated
    facts += policy_entities(ctx, events)
    facts += kb_facts(ctx)
    seen: set[tuple[str, str, str]] = set()
    unique = []
    for fact in facts:
        key = (fact.predicate, fact.subject, fact.object)
        if fact.subject == fact.object or key in seen:
            continue
        seen.add(key)
        unique.append(fact)
    return merge_events(events), unique


__all__ = ["Context", "extract_relations"]
