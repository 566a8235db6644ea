"""Simple coreference: what a pronoun stands for ("it", "they", "its", "he")."""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Token

from .arguments import expand
from .classes import ORG_CLASSES
from .context import Context

PRONOUNS = {"it", "they", "its", "their", "he", "she", "his", "her", "them", "him", "itself"}
PERSONAL = {"he", "she", "his", "her", "him"}
PLURAL = {"they", "their", "them", "theirs"}
SPEECH = {"say", "tell", "add", "state", "announce", "write", "note", "explain", "confirm"}


def antecedent(
    ctx: Context, pronoun: Token, classes: tuple[str, ...] | None, place_mentions: set[int]
) -> list[str]:
    """What a pronoun stands for: the subject of the reporting clause, else the latest entity
    of a fitting class named in the last two sentences."""
    if pronoun.lower_ in PERSONAL:
        wanted: tuple[str, ...] = ("Person",)
    elif classes is not None and not set(classes) & set(ORG_CLASSES + ("Country",)):
        wanted = classes  # "it was launched in 2020": the programme or agreement just named
    else:
        wanted = ORG_CLASSES + ("Country",)
    wanted = tuple(c for c in wanted if classes is None or c in classes)
    if not wanted:
        return []
    if pronoun.lower_ in PLURAL:
        group = _coordinated_subject(ctx, pronoun, wanted)
        if len(group) >= 2:
            return group  # "Beijing and Moscow invited others to join their station"
    verb = pronoun.head
    while verb.dep_ in ("ccomp", "conj", "xcomp", "advcl") and verb.head.i != verb.i:
        verb = verb.head
        if verb.lemma_.lower() in SPEECH:
            speakers = [
                m.iri
                for s in verb.children
                if s.dep_ == "nsubj"
                for t in expand([s])
                for m in ctx.token_mention.get(t.i, ())
                if ctx.entities[m.iri].cls in wanted
            ]
            if speakers:
                return speakers[:1]
    sentence = ctx.sentence_index(pronoun)
    before = bisect_left(ctx.mention_starts, pronoun.idx)
    for mention in reversed(ctx.mentions[:before]):
        if sentence - mention.sentence > 2:
            break
        if mention.start in place_mentions:
            continue
        if ctx.entities[mention.iri].cls in wanted:
            return [mention.iri]
    return []


def _coordinated_subject(ctx: Context, pronoun: Token, wanted: tuple[str, ...]) -> list[str]:
    """The coordinated subject of the nearest clause above a plural pronoun ("A and B ... their")."""
    for ancestor in pronoun.ancestors:
        subjects = [c for c in ancestor.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not subjects or subjects[0].i > pronoun.i:
            continue
        found = [
            m.iri
            for t in expand(subjects)
            for m in ctx.token_mention.get(t.i, ())
            if ctx.entities[m.iri].cls in wanted
        ]
        return list(dict.fromkeys(found))
    return []
