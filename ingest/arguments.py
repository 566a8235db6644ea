"""The arguments of a trigger word, read off the dependency parse by logical role.

A trigger's arguments are found by syntactic role, not by word order, so one rule covers the
active ("ESA built the rover"), the passive ("the rover was built by ESA"), the participle
("the rover, built by ESA"; "the ESA-built rover") and the noun ("ESA's construction of the
rover", "the rover's builder, ESA"). Roles:

* ``SUBJ``: the logical subject: the active subject (climbing through control verbs,
  coordination and relative clauses), the passive agent, the modifier of a hyphenated
  participle, the possessor or modifier of a noun, or the subject of the clause a noun sits in;
* ``OBJ``: the logical object: the active object, the passive subject, the noun a participle
  modifies, the "of" complement of a noun;
* ``PREP:<word>``: the object of a preposition on the trigger (and, for a noun, on its light
  verb): ``PREP:with``, ``PREP:aboard`` ("on board" and "onboard" count as "aboard");
* ``REF``: what an agentive noun refers to ("ESA, the builder of ..." -> ESA);
* ``POSS``, ``MOD``: a noun's possessor, and its compound and adjectival modifiers;
* ``HOST``: for a noun in an adjunct ("with contributions from X"), the object of its clause.

Role values are head tokens; :func:`expand` adds their conjuncts and appositions, so that "from
A, B and C" gives each of A, B and C.
"""

from __future__ import annotations

from collections import defaultdict

from spacy.tokens import Token

Roles = dict[str, list[Token]]

WH_WORDS = {"that", "which", "who", "whom", "whose"}
# Verbs whose object is the subject of their complement: "require Nasa to work with the FBI",
# "the council instructed the agency to end the partnership".
OBJECT_CONTROL = {
    "allow", "permit", "let", "enable", "ask", "invite", "authorise", "authorize", "require",
    "force", "urge", "encourage", "help", "order", "oblige", "compel", "push", "select",
    "choose", "pick", "task", "commission", "contract", "hire", "mandate", "tell", "want",
    "instruct", "direct", "empower", "advise", "persuade", "request", "press", "pressure",
    "call", "expect", "nominate", "appoint", "assign", "entrust", "charge", "prompt",
}  # fmt: skip
# Entity labels of names (the KB ruler's and spaCy's), not of numbers or dates.
NAME_LABELS = {"KB", "ORG", "GPE", "NORP", "PERSON", "FAC", "LOC", "PRODUCT"}
COPULAS = {"be", "become", "remain", "stay", "seem", "appear"}
NOMINAL = ("NOUN", "PROPN")
# Multi-word prepositions folded into one word.
BOARD_WORDS = {"aboard", "onboard", "on-board"}


def is_passive(verb: Token) -> bool:
    """Whether a verb is passive: "was built", "built by X" (a participle), "designed and built"."""
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return True
    if verb.tag_ == "VBN" and verb.dep_ in ("acl", "amod", "relcl", "advcl"):
        return not any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)
    if verb.dep_ == "conj" and verb.tag_ == "VBN" and verb.head.pos_ in ("VERB", "AUX"):
        own = any(c.dep_ in ("nsubj", "dobj") for c in verb.children)
        return not own and is_passive(verb.head)
    return bool(verb.tag_ == "VBN" and any(c.dep_ == "agent" for c in verb.children))


def prep_word(prep: Token) -> str:
    """A preposition's word, multi-word ones folded: "on board (of)" -> "aboard"."""
    word = prep.lower_
    if word in BOARD_WORDS:
        return "aboard"
    if word == "on" and prep.i + 1 < len(prep.doc) and prep.doc[prep.i + 1].lower_ == "board":
        return "aboard"
    if word in ("in", "with") and prep.i + 1 < len(prep.doc):
        nxt = prep.doc[prep.i + 1]
        if word == "in" and nxt.lower_ in ("collaboration", "cooperation", "partnership"):
            return "in " + nxt.lower_
    return word


def _pobjs(prep: Token) -> list[Token]:
    found = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
    if prep_word(prep) == "aboard" and prep.lower_ == "on":
        # "on board China's Chang'e 6": the parser may hang the craft anywhere under "board"
        board = [t for t in prep.subtree if t.lower_ == "board"]
        if board:
            found = [
                t for t in prep.subtree if t.dep_ in ("pobj",) and t.lower_ != "board"
            ] or found
            found = [t for t in found if t.i != board[0].i] or [
                t for t in prep.subtree if t.pos_ in NOMINAL and t.lower_ != "board"
            ][-1:]
    for p in list(found):
        # "on board of a Falcon 9": the object hangs off "board"
        if p.lower_ == "board":
            found.remove(p)
            found.extend(c for q in p.children if q.dep_ == "prep" for c in _pobjs(q))
    return found


def _preps(token: Token, roles: Roles) -> None:
    for child in token.children:
        if child.dep_ == "prep" or (child.dep_ == "dative" and child.pos_ == "ADP"):
            roles["PREP:" + prep_word(child)].extend(_pobjs(child))
        elif child.dep_ == "agent":
            roles["PREP:by"].extend(_pobjs(child))
        elif child.dep_ == "advmod" and child.lower_ in BOARD_WORDS:
            roles["PREP:aboard"].extend(c for c in child.children if c.dep_ == "pobj")


def _children(token: Token, *deps: str) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def active_subjects(verb: Token) -> list[Token]:
    """The subject of an active verb, climbing through control, coordination and clauses."""
    current = verb
    for _ in range(8):
        subjects = _children(current, "nsubj", "csubj")
        if subjects:
            if subjects[0].lower_ in WH_WORDS and current.dep_ == "relcl":
                return [current.head]
            return subjects
        dep, head = current.dep_, current.head
        if head.i == current.i:
            break
        if current.pos_ in NOMINAL:
            # "struck a deal to launch X": climb from the noun to the clause it is in
            if dep in ("dobj", "pobj", "attr", "oprd", "appos", "conj", "npadvmod"):
                current = head
                continue
            break
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in current.children)
        if dep == "xcomp" or (dep in ("advcl", "acl", "relcl") and infinitive):
            objects = _children(head, "dobj", "dative")
            # a purpose clause keeps the main subject: "NASA called a meeting to discuss X" is
            # NASA discussing; "asked ESA to end X" (the object a party) is ESA ending
            controls = dep == "xcomp" or any(
                o.pos_ in ("PROPN", "PRON") or o.ent_type_ for o in objects
            )
            if objects and controls and head.lemma_.lower() in OBJECT_CONTROL:
                return objects
            if dep in ("acl", "relcl") and head.pos_ in NOMINAL:
                current = head  # "a deal to launch": the deal's clause
                continue
            current = head
            continue
        if dep == "relcl" or (dep == "acl" and verb.tag_ == "VBG"):
            return [head]  # "the agency that built X", "companies building rockets"
        if dep == "advcl" and current.tag_ == "VBG" and current.i > 0:
            before = current.doc[current.i - 1]
            if before.pos_ in NOMINAL and before.dep_ == "pobj":
                # "following the West imposing sanctions": the gerund's own subject, which the
                # parser hung on the preposition before it
                return [before]
        if dep == "conj" and current.i > 0:
            before = current.doc[current.i - 1]
            if before.pos_ == "PROPN" and before.dep_ in ("conj", "pobj", "dobj", "compound"):
                # "tariffs on Chinese goods and Beijing retaliated": the parser hung the second
                # clause's subject on the first clause's object
                return [before]
        if dep in ("conj", "advcl", "ccomp", "pcomp", "prep"):
            current = head
            continue
        if head.pos_ == "ADP":
            current = head
            continue
        break
    return []


def _right_node(verb: Token, dep: str) -> list[Token]:
    """An argument shared by coordinated verbs: "designed and built the rover"."""
    for conj in _children(verb, "conj"):
        found = _children(conj, dep) or _right_node(conj, dep)
        if found:
            return found
    return []


def _left_node(verb: Token, dep: str) -> list[Token]:
    current = verb
    while current.dep_ == "conj" and current.head.i != current.i:
        current = current.head
        found = _children(current, dep)
        if found:
            return found
    return []


def verb_roles(verb: Token) -> Roles:
    """The arguments of a verb (or participle) by logical role."""
    roles: Roles = defaultdict(list)
    _preps(verb, roles)
    if is_passive(verb):
        agents = (
            roles.get("PREP:by")
            or [p for a in _right_node(verb, "agent") for p in _pobjs(a)]
            or [p for a in _left_node(verb, "agent") for p in _pobjs(a)]
        )
        roles["SUBJ"] = list(agents)
        objects = (
            _children(verb, "nsubjpass")
            or _left_node(verb, "nsubjpass")
            or _left_node(verb, "nsubj")  # "the rover will be small and will be built by X"
        )
        if not objects and verb.dep_ in ("acl", "amod", "relcl") and verb.head.pos_ in NOMINAL:
            objects = [verb.head]
        if verb.dep_ == "amod":
            # "the ESA-built rover": the hyphenated modifier builds
            roles["SUBJ"] += [
                c
                for c in verb.children
                if c.dep_ in ("npadvmod", "compound", "nmod", "nsubj") and c.i < verb.i
            ]
        if objects and objects[0].lower_ in WH_WORDS and verb.dep_ == "relcl":
            objects = [verb.head]
        roles["OBJ"] = objects
    else:
        roles["SUBJ"] = active_subjects(verb)
        roles["OBJ"] = (
            _children(verb, "dobj") or _right_node(verb, "dobj") or _left_node(verb, "dobj")
        )
        if verb.dep_ == "amod" and verb.tag_ == "VBN":
            roles["OBJ"] = [verb.head]
    roles["IOBJ"] = _children(verb, "dative")
    return roles


def clause_subject(token: Token) -> list[Token]:
    """The logical subject of the clause a noun or adjective sits in ("in collaboration with")."""
    current = token
    for _ in range(6):
        head = current.head
        if head.i == current.i:
            return []
        if current.dep_ in ("nsubj", "nsubjpass", "csubj"):
            return []  # the noun is itself the subject
        if head.pos_ in ("VERB", "AUX"):
            if head.lemma_.lower() in COPULAS and current.dep_ in ("attr", "acomp"):
                return _children(head, "nsubj")
            return verb_roles(head)["SUBJ"]
        if head.pos_ == "ADJ" and head.dep_ in ("acomp", "amod"):
            current = head
            continue
        if head.pos_ in NOMINAL and current.dep_ in ("prep", "pobj"):
            # "Trump's imposition of tariffs": the event noun above says who; other nouns do not
            # make their own subject the subject here ("the obstacle to cooperation")
            return _children(head, "poss")
        if current.dep_ in ("pobj", "pcomp", "prep", "dobj", "conj", "appos", "acomp"):
            current = head
            continue
        return []
    return []


def noun_roles(noun: Token) -> Roles:
    """The arguments of a noun trigger by logical role."""
    roles: Roles = defaultdict(list)
    _preps(noun, roles)
    roles["POSS"] = _children(noun, "poss")
    roles["MOD"] = [
        c
        for c in noun.subtree
        if c.i < noun.i
        and c.dep_ in ("compound", "amod", "nmod", "npadvmod")
        and _inside_modifiers(c, noun)
    ]
    for acl in _children(noun, "acl"):
        if acl.tag_ == "VBN":
            # "restrictions imposed by X on Y", "funding provided by X to Y"
            for key, values in verb_roles(acl).items():
                if key.startswith("PREP:"):
                    roles[key] += values
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ in NOMINAL:
        # "the imposition of tariffs on Brazil", "the signing of a pact with Peru": the event
        # noun above carries the trigger's complements
        above = noun.head.head
        for child in above.children:
            if child.dep_ == "prep" and child.i != noun.head.i:
                roles["PREP:" + prep_word(child)] += _pobjs(child)
    # only a modifier that names someone acts: "NASA funding", not "125 per cent tariffs"
    named = [t for t in roles["MOD"] if t.pos_ == "PROPN" or t.ent_type_ in NAME_LABELS]
    subjects = roles["POSS"] + named + roles.get("PREP:by", [])
    light = noun.head if noun.dep_ in ("dobj", "nsubjpass", "attr") else None
    if light is not None and light.pos_ in ("VERB", "AUX"):
        for key, values in verb_roles(light).items():
            if key.startswith("PREP:"):
                roles[key] += [v for v in values if v.i != noun.i]
        if not subjects and noun.dep_ == "dobj":
            subjects = verb_roles(light)["SUBJ"]
        elif not subjects and noun.dep_ == "attr" and light.lemma_.lower() in COPULAS:
            subjects = _children(light, "nsubj")
    if not subjects and noun.dep_ in ("pobj", "conj", "appos", "npadvmod"):
        subjects = clause_subject(noun)
    roles["SUBJ"] = subjects
    roles["OBJ"] = roles.get("PREP:of", [])
    if noun.dep_ == "pobj" and noun.head.head.pos_ in ("VERB", "AUX"):
        # "the Gateway, led by NASA with contributions from ESA": what the clause is about
        roles["HOST"] = verb_roles(noun.head.head)["OBJ"]
    roles["REF"] = referents(noun)
    return roles


def _inside_modifiers(token: Token, noun: Token) -> bool:
    """Whether a token reaches the noun through modifiers only ("UAE-Japan partnership")."""
    current = token
    while current.i != noun.i:
        if current.dep_ not in ("compound", "amod", "nmod", "npadvmod", "punct", "conj", "cc"):
            return False
        current = current.head
    return True


def referents(noun: Token) -> list[Token]:
    """What a description noun refers to: "ESA, the builder of X", "X is the builder", "Nasa chief
    Bill Nelson", "India's science minister Jitendra Singh"."""
    found = _children(noun, "appos")
    if noun.dep_ == "appos":
        found.append(_adjacent_phrase(noun) or noun.head)
    if noun.dep_ in ("attr", "oprd") and noun.head.lemma_.lower() in COPULAS:
        found += _children(noun.head, "nsubj")
    if noun.dep_ == "compound" and noun.head.pos_ == "PROPN":
        found.append(noun.head)
    # "launched NISAR, the radar satellite built by ...": an apposition the parser took for a
    # second object of the same verb
    if noun.dep_ in ("dobj", "pobj", "nsubj", "nsubjpass", "attr"):
        before = _adjacent_phrase(noun)
        if before is not None and before.dep_ == noun.dep_ and before.head.i == noun.head.i:
            found.append(before)
    return found


def _adjacent_phrase(noun: Token) -> Token | None:
    """The head of the noun phrase just before ", <noun>" (an apposition sits next to its head)."""
    left = noun.left_edge.i
    if left < 2 or noun.doc[left - 1].text != ",":
        return None
    before = noun.doc[left - 2]
    while (
        before.dep_ in ("compound", "amod", "nummod", "flat", "nmod") and before.head.i > before.i
    ):
        before = before.head
    return before if before.pos_ in NOMINAL else None


def adjective_roles(word: Token) -> Roles:
    """The arguments of an adjective or adverb trigger ("jointly", "joint"): its head's."""
    head = word.head
    if word.dep_ == "advmod" and head.pos_ in ("VERB", "AUX"):
        return verb_roles(head)
    if word.dep_ in ("amod", "compound") and head.pos_ in NOMINAL:
        roles = noun_roles(head)
        roles["MOD"] = [m for m in roles["MOD"] if m.i != word.i]
        return roles
    return defaultdict(list)


def roles_of(token: Token) -> Roles:
    """The arguments of a trigger word, by its part of speech."""
    if token.pos_ in NOMINAL:
        return noun_roles(token)
    if token.pos_ in ("ADJ", "ADV") and token.tag_ != "VBN":
        return adjective_roles(token)
    return verb_roles(token)


def expand(tokens: list[Token]) -> list[Token]:
    """Head tokens with their conjuncts and appositions ("A, B and C"; "its agency, SUPARCO")."""
    out: list[Token] = []
    seen: set[int] = set()
    stack = list(tokens)
    while stack:
        token = stack.pop(0)
        if token.i in seen:
            continue
        seen.add(token.i)
        out.append(token)
        if token.n_rights:
            stack.extend(c for c in token.rights if c.dep_ in ("conj", "appos"))
    return out


def noun_phrase(token: Token) -> list[Token]:
    """A head token's noun phrase without its clauses, prepositions, conjuncts and possessor."""
    tokens = [token]
    for child in token.children:
        if child.dep_ in ("compound", "amod", "nmod", "nummod", "flat", "npadvmod", "det", "case"):
            tokens.extend(noun_phrase(child))
        elif child.dep_ == "punct" and child.i < token.i:
            tokens.append(child)
    return tokens
