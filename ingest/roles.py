"""heads / worksFor from titles and appositions: "Nasa chief Bill Nelson", "X, head of the Y"."""

from __future__ import annotations

import re
from collections import defaultdict

from .context import ORG_CLASSES, PROJECT_CLASSES, Context
from .records import Entity, Fact, Mention
from .triggers import default as lexicon

# --- role titles ---------------------------------------------------------------------------
# Nouns naming the head of a body ("chief", "director general"), and the modifiers that make
# such a post a staff one ("deputy", "flight"): the heads frame's, in lexicon/frames.toml.
_HEADS = next(f for f in lexicon().frames if f.name == "heads")
HEAD_NOUNS = _HEADS.words["agent"]
# Nouns naming someone's work for a body ("engineer", "astronaut", "spokeswoman"): the one list
# is the works-for frame's in lexicon/frames.toml, read here for titles before and after a name.
WORK_NOUNS = next(f for f in lexicon().frames if f.name == "works-for").words["agent"]
_MODIFIERS = r"(?:(?:new|former|current|acting|then|incoming|outgoing|interim|deputy|vice|associate|assistant|senior|principal|general|executive|lead|top|veteran|chief|mission|project|programme|program)\s+)*"
_TITLE_WORDS = "|".join(
    sorted({re.escape(t) for t in HEAD_NOUNS + WORK_NOUNS}, key=len, reverse=True)
)
TITLE = rf"(?P<title>{_MODIFIERS}(?:{_TITLE_WORDS}))"
PROJECT_LEADS = {"manager", "lead", "leader", "director", "head", "chief"}
COUNTRY_HEAD_TITLES = {
    "president",
    "prime minister",
    "premier",
    "king",
    "emir",
    "chancellor",
    "leader",
    "head of state",
}

# Person before organisation: "X, head of the Y", "X, the Y's chief", "X, who heads the Y".
P_BEFORE_O = [
    re.compile(
        rf"^\s*,?\s*(?:the\s+|a\s+|an\s+|who\s+is\s+(?:the\s+)?|as\s+(?:the\s+)?|now\s+)?{TITLE}\s+(?:of|at|for|to|with|in)\s+(?:the\s+)?$",
        re.IGNORECASE,
    ),
    re.compile(
        r"^\s*,?\s*(?:who\s+)?(?P<title>heads|led|leads|runs|chairs)\s+(?:the\s+)?$", re.IGNORECASE
    ),
]
# "X, Director of Earth Observation and DG-elect of ESA": a post inside the body -> works for it
P_IN_UNIT_OF_O = re.compile(
    rf"^\s*,\s*(?:the\s+)?{TITLE}\b[^,;()]{{3,60}}?\b(?:of|at)\s+(?:the\s+)?$", re.IGNORECASE
)
# Organisation before person: "Nasa chief Bill Nelson", "ESA's Director General, Josef Aschbacher".
O_BEFORE_P = [
    re.compile(rf"^(?:'s?|’s?)?\s*{TITLE}\s*,?\s*$", re.IGNORECASE),
]
# "head of the Y, X": the title precedes the organisation.
TITLE_BEFORE_O = re.compile(rf"{TITLE}\s+(?:of|at)\s+(?:the\s+)?$", re.IGNORECASE)
# "X, the Y administrator": the title follows the organisation.
TITLE_AFTER_O = re.compile(rf"^(?:'s|’s)?\s*{TITLE}\b", re.IGNORECASE)


def role_predicate(title: str, org: Entity) -> str:
    if title.startswith("member: "):
        return "worksFor"
    words = title.lower().split()
    if set(_HEADS.demote) & set(words):
        return "worksFor"
    noun = " ".join(
        w
        for w in words
        if w
        not in {
            "new",
            "former",
            "current",
            "acting",
            "then",
            "incoming",
            "outgoing",
            "interim",
            "top",
            "veteran",
        }
    )
    if org.cls == "Country":
        return "heads" if noun in COUNTRY_HEAD_TITLES else "worksFor"
    if (
        noun in HEAD_NOUNS
        or noun in {"heads", "led", "leads", "runs", "chairs"}
        or noun.endswith(("director general", "director-general"))
    ):
        return "heads"
    return "worksFor"


def role_facts(ctx: Context) -> list[Fact]:
    """heads / worksFor from appositions and titles within a sentence."""
    facts: list[Fact] = []
    by_sentence: dict[int, list[Mention]] = defaultdict(list)
    for m in ctx.mentions:
        by_sentence[m.sentence].append(m)
    for index, mentions in by_sentence.items():
        sentence = ctx.sentences[index] if index < len(ctx.sentences) else None
        if sentence is None:
            continue
        people = [m for m in mentions if ctx.entity(m.iri).cls == "Person"]
        orgs = [
            m
            for m in mentions
            if ctx.entity(m.iri).cls in ORG_CLASSES + ("Country",) + PROJECT_CLASSES
        ]
        for p in people:
            for o in orgs:
                org = ctx.entity(o.iri)
                found = _match_role(ctx, p, o)
                if found is None:
                    continue
                if org.cls in PROJECT_CLASSES:
                    # "the manager of the Emirates Lunar Mission" runs it; its engineers work on it
                    lead = (
                        role_predicate(found, org) == "heads"
                        or found.lower().split()[-1] in PROJECT_LEADS
                    )
                    predicate = "heads" if lead else "worksFor"
                else:
                    predicate = role_predicate(found, org)
                facts.append(
                    Fact(
                        predicate,
                        p.iri,
                        o.iri,
                        ctx.evidence(sentence),
                        0.85,
                        role=tidy_title(found.removeprefix("member: ")),
                    )
                )
    return facts


def tidy_title(title: str) -> str:
    """A role title in one form whatever the article's capitals: a post is named by its title,
    and "Chief" in one article is "chief" in another."""
    return re.sub(r"\s+", " ", title).strip().lower()


def _match_role(ctx: Context, p: Mention, o: Mention) -> str | None:
    text = ctx.text
    if p.end <= o.start:
        between = text[p.end : o.start]
        if len(between) > 80:
            return None
        unit_of = re.match(r"(?:'s|\u2019s)\s+[a-z]", text[o.end : o.end + 5])
        for pattern in P_BEFORE_O:
            m = pattern.match(between)
            if m and not unit_of:  # "head of Roscosmos's cooperation department" heads no agency
                return m.group("title")
        m = P_IN_UNIT_OF_O.match(between)
        if m:
            return "member: " + tidy_title(between.strip(" ,"))
        # "X, the Y administrator"
        if re.fullmatch(r"\s*,\s*(?:the\s+)?", between):
            m = TITLE_AFTER_O.match(text[o.end : o.end + 60])
            if m:
                return m.group("title")
    elif o.end <= p.start:
        between = text[o.end : p.start]
        if len(between) > 60:
            return None
        for pattern in O_BEFORE_P:
            m = pattern.match(between)
            if m:
                return m.group("title")
        # "head of the China National Space Administration, Shan Zhongde"
        if re.fullmatch(r"\s*,\s*", between):
            m = TITLE_BEFORE_O.search(text[max(0, o.start - 60) : o.start])
            if m:
                return m.group("title")
    return None
