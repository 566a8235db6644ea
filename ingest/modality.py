"""Whether a statement is asserted, denied or planned: negation, denial and intention above a word."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

# Words that take back what they govern: "Beijing has denied any negotiations".
DENY = {"deny", "refute", "dismiss", "reject", "rule", "disprove"}
# Words that make what they govern a plan, not a fact.
PLAN = {
    "plan",
    "intend",
    "aim",
    "expect",
    "schedule",
    "set",
    "seek",
    "hope",
    "want",
    "propose",
    "prepare",
    "consider",
    "look",
    "pledge",
    "promise",
    "vow",
    "would like",
}
# Words under which a cooperation noun is what is restricted or ended, not a cooperation event.
RESTRICTIVE = {
    "restrict",
    "restriction",
    "ban",
    "bar",
    "prohibit",
    "prohibition",
    "end",
    "suspend",
    "suspension",
    "halt",
    "limit",
    "curb",
    "block",
    "freeze",
    "unable",
    "terminate",
    "termination",
    "cut",
    "sever",
    "stop",
    "cancel",
    "scrap",
    "obstruct",
    "hinder",
    "hamper",
    "impede",
    "prevent",
    "forbid",
}


def is_negated(token: Token) -> bool:
    """Whether a word is negated or denied ("did not sign", "denied any talks", "unable to")."""
    if any(c.dep_ == "neg" for c in token.children):
        return True
    if any(
        c.lower_ in ("no", "never") and c.dep_ in ("det", "neg", "advmod") for c in token.children
    ):
        return True
    head = token
    for _ in range(6):
        if head.head.i == head.i:
            break
        child, head = head, head.head
        if child.dep_ == "prep" and child.lower_ != "of":
            break  # an adjunct ("due to restrictions") is outside the negation's scope
        if head.lemma_.lower() in DENY and child.dep_ in (
            "dobj",
            "ccomp",
            "xcomp",
            "attr",
            "pobj",
            "prep",
        ):
            return True
        if head.lemma_.lower() in ("unable", "fail", "refuse", "decline") and child.dep_ in (
            "xcomp",
            "acomp",
            "ccomp",
        ):
            return True
        if head.dep_ == "neg" or any(
            c.dep_ == "neg"
            for c in head.children
            if head.pos_ == "VERB" and child.dep_ in ("xcomp",)
        ):
            return True
        # "could not continue its work with Russia": the governing verb is negated
        governed = head.pos_ in ("VERB", "AUX") and child.dep_ in ("dobj", "nsubjpass", "attr")
        if governed and any(c.dep_ == "neg" for c in head.children):
            return True
    return False


def is_planned(token: Token) -> bool:
    """Whether a word is governed by a future or an intention ("will sign", "plans to join")."""
    head = token
    for _ in range(4):
        if any(c.lemma_.lower() in ("will", "shall") and c.dep_ == "aux" for c in head.children):
            return True
        if head.lemma_.lower() in PLAN and head.i != token.i:
            return True
        if head.head.i == head.i:
            break
        head = head.head
    return False


def under_restriction(token: Token) -> bool:
    """Whether a cooperation word names what something restricts or ends ("restrictions on collaboration")."""
    head = token
    for _ in range(4):
        if head.head.i == head.i:
            return False
        head = head.head
        if head.lemma_.lower() in RESTRICTIVE:
            return True
    return False


def under(token: Token, words: Iterable[str], depth: int = 4) -> bool:
    """Whether one of some lemmas governs a word within a few steps ("obstacle to cooperation")."""
    wanted = set(words)
    head = token
    for _ in range(depth):
        if head.dep_ == "conj":
            # a conjunct shares the governor of the first conjunct, but is not governed by it:
            # "the talks ended, and the two countries pledged cooperation"
            head = head.head
        if head.head.i == head.i:
            return False
        head = head.head
        if head.lemma_.lower() in wanted:
            return True
    return False
