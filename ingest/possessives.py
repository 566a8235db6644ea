"""Relations stated by the shape of a noun phrase, with no trigger word.

* Possessives: a thing named with its owner: "China's Chang'e 6", "the NASA mission Psyche",
  "JAXA's exploration mission, MMX", "the Indian lunar lander", "its Soyuz rocket". The
  possessor, compound or demonym in the noun phrase of a project (or of the description that
  refers to it) owns the project; the owners found are also what later components use when a
  payload or vehicle stands for its owner.
* Attachments: what hangs straight off a name: "Bill Nelson of NASA", "Jane Doe (ESA)".
"""

from __future__ import annotations

from spacy.tokens import Token

from .arguments import COPULAS, noun_phrase
from .components import component
from .context import Context
from .coreference import PRONOUNS, antecedent
from .records import Entity, Fact, Mention
from .roles import role_predicate
from .triggers import default


@component("possessives", gives=("owners", "possessive_facts", "owner_entities"))
def possessives(ctx: Context) -> dict:
    """Owners of the projects an article names with their owner, and the facts that says."""
    owners: dict[str, list[str]] = {}
    facts: list[Fact] = []
    inferred: dict[str, Entity] = {}
    for spec in default().possessives:
        for mention in ctx.mentions:
            entity = ctx.entities[mention.iri]
            if entity.cls not in spec.owned:
                continue
            found = _owners(ctx, mention, spec.owner, ctx.place_mentions, spec.via)
            if not found:
                continue
            sentence = ctx.sentences[mention.sentence]
            span = ctx.doc.char_span(mention.start, mention.end, alignment_mode="expand")
            when = ctx.date_of(span.root, sentence, planned=False, state=True) if span else None
            for owner in found:
                if owner == mention.iri:
                    continue
                if owner not in ctx.entities:
                    inferred.setdefault(owner, _entity(ctx, owner))
                listed = owners.setdefault(mention.iri, [])
                if owner not in listed:
                    listed.append(owner)
                ends = (owner, mention.iri) if spec.owner_is_subject else (mention.iri, owner)
                facts.append(Fact(spec.fact, *ends, ctx.evidence(sentence), 0.75, date=when))
    facts += _attachments(ctx)
    return {"owners": owners, "possessive_facts": facts, "owner_entities": inferred}


def _attachments(ctx: Context) -> list[Fact]:
    """Facts from prepositions and brackets attached straight to a name ("X of NASA")."""
    facts = []
    for spec in default().attachments:
        for mention in ctx.mentions:
            if ctx.entities[mention.iri].cls not in spec.subject:
                continue
            span = ctx.doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                continue
            root = span.root
            attached = [
                p for c in root.children if c.dep_ == "prep" and c.lower_ in spec.preps
                for p in c.children if p.dep_ == "pobj"
            ]  # fmt: skip
            if spec.brackets:
                attached += [
                    c for c in root.children
                    if c.dep_ == "appos" and c.i > 0 and ctx.doc[c.left_edge.i - 1].text == "("
                ]  # fmt: skip
            for token in attached:
                for m in ctx.token_mention.get(token.i, ()):
                    if ctx.entities[m.iri].cls in spec.object and m.start not in ctx.place_mentions:
                        evidence = ctx.evidence(ctx.sentences[mention.sentence])
                        fact = _kind_of_post(ctx, mention.iri, m.iri) or spec.fact
                        facts.append(Fact(fact, mention.iri, m.iri, evidence, 0.7))
    return facts


def _entity(ctx: Context, iri: str) -> Entity:
    kb = ctx.gazetteer.entities[iri]
    return Entity(kb.iri, kb.label, kb.cls, True, kb.qid, kb.country, set())


def _descriptions(root: Token, span_tokens: set[int]) -> list[Token]:
    """The noun phrases that name a project: its own, and descriptions in apposition or predicated."""
    heads = [root]
    if root.dep_ in ("appos", "compound", "nmod") and root.head.pos_ == "NOUN":
        heads.append(root.head)  # "the lunar mission (ICUBE-Q)", "the Chang'e 6 mission"
    heads += [c for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
    if root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_.lower() in COPULAS:
        for attr in (c for c in root.head.children if c.dep_ == "attr"):
            if attr.pos_ == "NOUN":
                heads.append(attr)
            elif attr.lower_ in ("one", "among", "part"):
                # "X is one of Korea's leading institutes"
                heads += [
                    p
                    for c in attr.children
                    if c.dep_ == "prep"
                    for p in c.children
                    if p.dep_ == "pobj"
                ]
    return [h for h in heads if h.i not in span_tokens or h.i == root.i]


def _owners(
    ctx: Context,
    mention: Mention,
    classes: tuple[str, ...],
    place_mentions: set[int],
    via: tuple[str, ...],
) -> list[str]:
    span = ctx.doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return []
    inside = {t.i for t in span}
    found: list[str] = []

    def add(token: Token) -> None:
        if token.i in inside:
            return
        if token.pos_ == "PRON" and token.lower_ in PRONOUNS:
            iris = antecedent(ctx, token, classes, place_mentions)
        else:
            iris = [
                m.iri for m in ctx.token_mention.get(token.i, ())
                if m.start not in place_mentions and m.iri != mention.iri
            ]  # fmt: skip
        for iri in iris:
            if ctx.entities[iri].cls in classes and iri not in found:
                found.append(iri)

    for head in _descriptions(span.root, inside):
        for child in head.children:
            if child.dep_ == "poss" and "poss" in via:
                add(child)
        for token in noun_phrase(head):
            # a modifier of the name, not of a participle in it ("the KARI-built orbiter")
            kind = "amod" if token.dep_ == "amod" or token.pos_ == "ADJ" else "compound"
            modifier = token.dep_ in ("compound", "amod", "nmod", "npadvmod") and kind in via
            if (
                token.i != head.i
                and modifier
                and token.head.pos_ in ("NOUN", "PROPN", "ADJ", "NUM")
            ):
                add(token)
    if "poss" in via:
        for token in span:  # "China's Chang'e 6": the possessor may hang off any word of the name
            for child in token.children:
                if child.dep_ == "poss":
                    add(child)
    if "name" in via:
        found += [iri for iri in _named_in(ctx, mention, classes) if iri not in found]
    return found


def _named_in(ctx: Context, mention: Mention, classes: tuple[str, ...]) -> list[str]:
    """Owners named at the start of a mention itself: "China's space agency" (a possessive),
    "SpaceX Falcon 9" (a company's name before its product's)."""
    words = mention.text.split()
    found = []
    for n in range(1, min(4, len(words))):
        head = " ".join(words[:n])
        possessive = head.endswith(("'s", "\u2019s"))
        name = head[:-2] if possessive else head
        for kb in ctx.gazetteer.lookup(name):
            if kb.iri == mention.iri or kb.cls not in classes:
                continue
            if possessive or (kb.cls != "Country" and name[:1].isupper()):
                found.append(kb.iri)
    return found


def _kind_of_post(ctx: Context, person: str, body: str) -> str | None:
    """What the KB says a person's post in a body is, when the text names no title ("X of NASA")."""
    day = ctx.published.isoformat() if ctx.published else None
    for post in ctx.gazetteer.posts_of(person):
        if post.organisation == body and post.role and post.active_on(day):
            return role_predicate(post.role, ctx.entities[body])
    return None
