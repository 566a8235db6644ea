"""The trigger lexicon: relation frames read once from ``ingest/lexicon/*.toml``.

A frame says which words signal a relation (verbs, event nouns, agentive nouns, modifiers,
matched by lemma) and where the relation's two ends sit in the parse (roles of
:mod:`ingest.arguments`, filtered by the class groups of :mod:`ingest.classes`). See the
comment at the top of ``frames.toml`` for the format.
"""

from __future__ import annotations

import functools
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from spacekg.errors import InputError
from spacekg.ontology.taxonomy import event_types
from spacekg.ontology.vocab import RELATION_PROPERTIES

from .classes import classes_of

KINDS = ("verb", "noun", "agent", "modifier", "prefix")
EVENT_ROLES = ("actors", "partners", "recipients", "targets", "instruments")


@dataclass(frozen=True)
class End:
    """Where one end of a relation is found: roles by priority, per kind of trigger, and its classes."""

    roles: dict[str, tuple[str, ...]]  # kind of trigger -> role paths, first that yields wins
    classes: tuple[str, ...]

    def roles_for(self, kind: str) -> tuple[str, ...]:
        """The role paths to try for a trigger of this kind."""
        return self.roles.get(kind) or self.roles["verb"]


@dataclass(frozen=True)
class Frame:
    """A kind of relation and the words that signal it."""

    name: str
    subject: End
    object: End
    fact: str | None = None  # skg property local name of a fact
    event: str | None = None  # or an event-type slug
    subject_role: str = "actors"
    object_role: str = "instruments"
    symmetric: bool = False
    words: dict[str, tuple[str, ...]] = field(default_factory=dict)  # kind -> lemmas/phrases
    object_words: tuple[str, ...] = ()
    not_under: tuple[str, ...] = ()
    demote: tuple[str, ...] = ()  # modifiers that make a `fact` the `demote_to` fact
    demote_to: str | None = None
    state: bool = False
    confidence: float = 0.7
    apart_from: tuple[str, ...] = ()  # roles whose entities are neither end ("OBJ": the payload)
    object_not: tuple[str, ...] = ()  # classes those entities must not be (a rocket)
    object_words_not: tuple[str, ...] = ()  # lemmas that must not head the object (astronauts)
    adds: bool = False  # its parties join those read at the same word, never replace them


@dataclass(frozen=True)
class Possessive:
    """A relation stated by naming a thing with its owner: "China's Chang'e 6"."""

    name: str
    fact: str
    owner: tuple[str, ...]
    owned: tuple[str, ...]
    owner_is_subject: bool = True  # "owner operates owned"; False: "owned locatedIn owner"
    via: tuple[str, ...] = ("poss", "compound", "amod", "name")  # how the owner may be named


@dataclass(frozen=True)
class Attachment:
    """A relation stated by what is attached to a name: "Bill Nelson of NASA"."""

    name: str
    fact: str
    subject: tuple[str, ...]
    object: tuple[str, ...]
    preps: tuple[str, ...]
    brackets: bool


@dataclass(frozen=True)
class Lexicon:
    """All frames, indexed by (kind of trigger, last word's lemma)."""

    frames: tuple[Frame, ...]
    possessives: tuple[Possessive, ...]
    attachments: tuple[Attachment, ...]
    index: dict[tuple[str, str], tuple[tuple[Frame, str], ...]]  # -> (frame, full phrase)

    @property
    def lemmas(self) -> frozenset[str]:
        """Every word a trigger can end with."""
        return frozenset(lemma for _, lemma in self.index)

    def lookup(self, kind: str, lemma: str) -> tuple[tuple[Frame, str], ...]:
        """The frames a word of some kind may trigger, with the phrase it ends."""
        return self.index.get((kind, lemma), ())


def _end(spec: dict, where: str, *, subject: bool) -> End:
    if "roles" not in spec or "classes" not in spec:
        raise InputError(f"{where}: an end needs `roles` and `classes`")
    roles = {"verb": tuple(spec["roles"])}
    if subject:
        roles["agent"] = ("REF",)  # an agentive noun names its subject: "ESA, the builder"
    for kind in ("noun", "agent", "modifier"):
        if f"{kind}_roles" in spec:
            roles[kind] = tuple(spec[f"{kind}_roles"])
    return End(roles, classes_of(spec["classes"]))


def _frame(spec: dict, source: str) -> Frame:
    name = spec.get("name", "?")
    where = f"{source}: frame {name!r}"
    fact, event = spec.get("fact"), spec.get("event")
    if (fact is None) == (event is None):
        raise InputError(f"{where}: give exactly one of `fact` and `event`")
    if fact is not None and fact not in RELATION_PROPERTIES:
        raise InputError(f"{where}: {fact!r} is no skg relation property")
    if event is not None and event not in event_types():
        raise InputError(f"{where}: {event!r} is no event type of ontology/event_types.ttl")
    for key in ("subject_role", "object_role"):
        if spec.get(key, "actors") not in EVENT_ROLES:
            raise InputError(f"{where}: {key} must be one of {', '.join(EVENT_ROLES)}")
    words = {
        "verb": tuple(spec.get("verbs", ())),
        "noun": tuple(spec.get("nouns", ())),
        "agent": tuple(spec.get("agent_nouns", ())),
        "modifier": tuple(spec.get("modifiers", ())),
        "prefix": tuple(spec.get("prefixes", ())),
    }
    return Frame(
        name=name,
        subject=_end(spec.get("subject", {}), where + " subject", subject=True),
        object=_end(spec.get("object", {}), where + " object", subject=False),
        fact=fact,
        event=event,
        subject_role=spec.get("subject_role", "actors"),
        object_role=spec.get("object_role", "instruments"),
        symmetric=bool(spec.get("symmetric", False)),
        words=words,
        object_words=tuple(spec.get("object_words", ())),
        not_under=tuple(spec.get("not_under", ())),
        demote=tuple(spec.get("demote", ())),
        demote_to=spec.get("demote_to"),
        state=bool(spec.get("state", False)),
        confidence=float(spec.get("confidence", 0.7)),
        apart_from=tuple(spec.get("apart_from", ())),
        object_not=classes_of(spec.get("object_not", ())),
        object_words_not=tuple(spec.get("object_words_not", ())),
        adds=bool(spec.get("adds", False)),
    )


def build(documents: dict[str, dict]) -> Lexicon:
    """A lexicon from parsed TOML documents, by source name."""
    frames: list[Frame] = []
    possessives: list[Possessive] = []
    attachments: list[Attachment] = []
    for source, doc in sorted(documents.items()):
        frames += [_frame(spec, source) for spec in doc.get("frame", [])]
        for spec in doc.get("possessive", []):
            if spec.get("subject") not in ("owner", "owned"):
                raise InputError(
                    f"{source}: possessive {spec.get('name')!r}: subject = owner|owned"
                )
            possessives.append(
                Possessive(
                    spec["name"],
                    spec["fact"],
                    classes_of(spec["owner"]),
                    classes_of(spec["owned"]),
                    spec["subject"] == "owner",
                    tuple(spec.get("via", ("poss", "compound", "amod", "name"))),
                )
            )
        for spec in doc.get("attachment", []):
            if spec["fact"] not in RELATION_PROPERTIES:
                raise InputError(f"{source}: attachment {spec['name']!r}: unknown fact")
            attachments.append(
                Attachment(
                    spec["name"],
                    spec["fact"],
                    classes_of(spec["subject"]),
                    classes_of(spec["object"]),
                    tuple(spec.get("preps", ())),
                    bool(spec.get("brackets", False)),
                )
            )
    index: dict[tuple[str, str], list[tuple[Frame, str]]] = defaultdict(list)
    for frame in frames:
        for kind, phrases in frame.words.items():
            for phrase in phrases:
                last = phrase.lower().split()[-1]
                index[(kind, last)].append((frame, phrase.lower()))
    return Lexicon(
        tuple(frames),
        tuple(possessives),
        tuple(attachments),
        {k: tuple(v) for k, v in index.items()},
    )


def load(folder: Path | None = None) -> Lexicon:
    """The lexicon of every ``*.toml`` file in a folder (default: the packaged one)."""
    base = folder if folder is not None else Path(str(resources.files(__package__) / "lexicon"))
    documents = {}
    for path in sorted(base.glob("*.toml")):
        try:
            documents[path.name] = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as err:
            raise InputError(f"{path}: not valid TOML: {err}") from None
    return build(documents)


@functools.lru_cache(maxsize=1)
def default() -> Lexicon:
    """The packaged lexicon, loaded once per process."""
    return load()
