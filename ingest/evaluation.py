"""An extraction in the evaluation format of ``shared/eval/FORMAT.md`` (entities and relations)."""

from __future__ import annotations

import re

from .gazetteer import default
from .records import Extraction
from .statements import statements

GENERIC_TAIL = re.compile(r"\s+(?:mission|satellite|spacecraft|probe|rover|lander|rocket|launch vehicle|telescope|programme|program)$", re.I)

# The evaluation scores what the text says: KB knowledge about co-mentioned entities that the
# text does not state (who operates a mission, which body a centre belongs to) is left out.
KB_ONLY_PREDICATES = {"operates", "partOf", "develops", "enacts"}
NOT_EVALUATED = {"targets"}


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def to_eval_json(extraction: Extraction) -> dict:
    """The entities and relations of one article, named as the evaluation format expects."""
    entities = extraction.entities
    mentioned = {m.iri for m in extraction.mentions} | {
        i for e in extraction.events for i in e.instruments
    }
    out_entities = []
    kb = default()
    for iri in sorted(mentioned, key=lambda i: entities[i].name):
        entity = entities[iri]
        forms = set(entity.surfaces)
        # "DART mission" is also called "DART"; the KB's acronyms are names too
        forms |= {GENERIC_TAIL.sub("", f) for f in entity.surfaces if GENERIC_TAIL.search(f)}
        if iri in kb.entities:
            forms |= kb.entities[iri].acronyms
        aliases = sorted(forms - {entity.name})
        record = {"name": entity.name, "type": entity.eval_type, "aliases": aliases, "wikidata": entity.qid}
        out_entities.append(record)
    text_roles = {
        (f.subject, f.object) for f in extraction.facts if f.source == "text" and f.predicate in ("heads", "worksFor")
    }
    text_people = {s for s, _ in text_roles}
    relations = []
    for st in statements(extraction):
        if st.predicate in NOT_EVALUATED:
            continue
        if st.source == "kb" and st.predicate in KB_ONLY_PREDICATES:
            continue
        if st.source == "kb" and st.predicate in ("heads", "worksFor") and st.subject in text_people:
            continue  # the text says what this person's role is; the KB's other posts are not news
        if st.subject not in entities or st.object not in entities:
            continue
        relations.append(
            {
                "subject": entities[st.subject].name,
                "predicate": _snake(st.predicate),
                "object": entities[st.object].name,
                "date": st.date.iso if st.date else None,
                "evidence": st.evidence.text if st.evidence else None,
            }
        )
    return {"entities": out_entities, "relations": relations}
