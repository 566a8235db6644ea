"""Finding and linking mentions: KB entities, new named entities, people by surname, descriptions."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

import numpy
from spacy.tokens import Doc, Span

from spacekg.ontology import iris

from .classes import ACTOR_CLASSES
from .gazetteer import Gazetteer, KbEntity, key_of_person, normalise
from .kb_ruler import RULER_LABEL
from .records import Entity, Mention

# News outlets and wire services are sources, not actors.
OUTLETS = {
    normalise(n)
    for n in (
        "Reuters",
        "AFP",
        "Agence France-Presse",
        "AP",
        "Associated Press",
        "Xinhua",
        "CGTN",
        "CCTV",
        "Global Times",
        "China Daily",
        "People's Daily",
        "BBC",
        "CNN",
        "Bloomberg",
        "TASS",
        "RIA Novosti",
        "Interfax",
        "Kyodo",
        "Kyodo News",
        "NHK",
        "PTI",
        "Press Trust of India",
        "ANI",
        "The Independent",
        "Independent",
        "Guardian",
        "The Guardian",
        "New York Times",
        "Washington Post",
        "Wall Street Journal",
        "Financial Times",
        "SpaceNews",
        "Space News",
        "Space.com",
        "The Verge",
        "Ars Technica",
        "Yonhap",
        "WAM",
        "Al Jazeera",
        "Sputnik",
        "The Hindu",
        "Times of India",
        "Nikkei",
        "Politico",
        "Axios",
        "CNBC",
        "Fox News",
        "NBC",
        "CBS",
        "ABC",
        "NPR",
        "Gizmodo",
        "TechCrunch",
        "Forbes",
        "Business Insider",
        "South China Morning Post",
        "SCMP",
        "Le Monde",
        "Der Spiegel",
        "Nature",
        "Science",
        "Twitter",
        "X",
        "Facebook",
        "YouTube",
        "LinkedIn",
        "Instagram",
        "Weibo",
        "WeChat",
        "Getty Images",
        "Getty",
    )
}
# "  • China Academy of Space Technology 502 Research Institute": one name per bullet, one a line
# or several on one line ("• A • B").
LIST_ITEM = re.compile(
    r"(?m)(?:^[ \t]*(?:[\u2022\u00b7*\-]|\d{1,2}[.)])|[ \t][\u2022\u00b7])[ \t]+"
    r"(?P<name>[A-Z][^\n\u2022\u00b7]{2,120}?)(?=[ \t]+[\u2022\u00b7]|[ \t]*$)"
)
ORG_CLASSES_OF_LISTS = {
    "Company", "ResearchInstitution", "GovernmentBody", "SpaceAgency", "Organisation",
    "IntergovernmentalOrganisation",
}  # fmt: skip
# A website cited as a source ("Nippon.com", "SpaceNews.com") is no actor.
WEBSITE = re.compile(r"\.(?:com|net|org|co\.uk|co|io|info|news|gov)$", re.IGNORECASE)
TITLES = re.compile(
    r"^(?:(?:Mr|Mrs|Ms|Miss|Dr|Prof|Professor|Sir|Dame|Lord|Col|Colonel|Gen|General|Lt|Lieutenant|Maj|Major|"
    r"Capt|Captain|Group Captain|Wing Commander|Commander|Cmdr|Admiral|Adm|Sen|Senator|Rep|"
    r"Representative|President|Prime Minister|Minister|Premier|Chancellor|King|Queen|Prince|Princess|"
    r"Sheikh|Shaikh|Ambassador|Secretary|Administrator|Director|Chairman|Chief|Astronaut|Cosmonaut|"
    r"Taikonaut|Engineer|Governor|Mayor|Judge|His Majesty|Her Majesty|Majesty|His Highness|"
    r"Her Highness|His Excellency|Her Excellency|Crown Prince)\.?\s+)+",
)
HONORIFIC = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr|Prof|Professor)\.?\s+([A-Z][\w'\-]+)")

UNIT = re.compile(
    r"(?:\s+(?:\d+(?:st|nd|rd|th)?|No\.\s*\d+|[A-Z][a-z]+)){0,4}?\s+(?:\d+(?:st|nd|rd|th)?\s+)?"
    r"(?:Research Institute|Institute|Academy|Laboratory|Research Center|Research Centre|Design Bureau)\b"
    r"(?:\s+(?:No\.\s*)?\d+)?(?:\s+Research Institute)?"
)
AGENCY_NAME = re.compile(
    r"\b(?:space|aerospace|astronautics?|cosmos|aeronautics)\b.*\b(?:agency|administration|commission|"
    r"organi[sz]ation|office|authority|centre|center|corporation for|institute of research)\b"
    r"|\bspace\s+(?:agency|administration|commission|research\s+organi[sz]ation)\b",
    re.IGNORECASE,
)
INSTITUTION_NAME = re.compile(
    r"\b(?:universit(?:y|ies|é|ät|at|ad|à)|college|institut(?:e|o|ion)?|laborator(?:y|ies)|lab|"
    r"observatory|academy|school|polytechnic|politecnico|research (?:centre|center)|museum|"
    r"hochschule)\b",
    re.IGNORECASE,
)
GOVERNMENT_NAME = re.compile(
    r"\b(?:ministry|department|council|commission|committee|parliament|congress|senate|house|board|"
    r"bureau|panel|office|administration|authority|agency|government|cabinet|court|assembly|force|"
    r"command|army|navy|union|alliance|forum|organi[sz]ation|federation|association|society|"
    r"foundation|secretariat|directorate|service|program|programme|initiative)\b",
    re.IGNORECASE,
)
COMPANY_NAME = re.compile(
    r"\b(?:inc|corp|corporation|co|ltd|llc|plc|gmbh|ag|sa|s\.a|spa|group|holdings?|technolog(?:y|ies)|"
    r"aerospace|systems|industries|dynamics|labs|launch|rockets?|robotics|satellites?|electronics|"
    r"space|motors|airlines|ventures|solutions|networks|communications|orbital|aviation)\.?$",
    re.IGNORECASE,
)
AGREEMENT_NAME = re.compile(
    r"\b(?:treaty|accords?|agreement|convention|memorandum|protocol|charter|declaration)\b",
    re.IGNORECASE,
)
POLICY_NAME = re.compile(
    r"\b(?:act|law|amendment|bill|regulations?|directive|policy|list|rules|ban|tariffs?|sanctions?)\b",
    re.IGNORECASE,
)
# Words for a craft, and for any mission or project, after its name: "the Hope probe".
CRAFT_WORDS = (
    r"nanosatellite|microsatellite|satellite|spacecraft|rover|lander|probe|orbiter|telescope|"
    r"cubesat|capsule"
)
MISSION_WORDS = (
    rf"mission|{CRAFT_WORDS}|rocket|observatory|station|launcher|launch vehicle|module|payload|"
    r"instrument|constellation|programme|program"
)
MISSION_NAME = re.compile(
    rf"\b(?P<name>(?:[A-Z][\w'\-]*\d[\w'\-]*|[A-Z]+[a-z]+[A-Z][\w'\-]*|[A-Z]{{3,}}(?:-\w+)?)"
    rf"(?:[ -](?:[A-Z][\w'\-]*|\d+[A-Za-z]?))*)\s+(?:{MISSION_WORDS})\b"
)
# A name whose words are capitalised, save inner function words: "Axiom Space", not "F16 of".
PROPER_NAME = re.compile(
    r"[A-Z][\w'&.\-]*(?:\s+(?:(?:of|and|for|the|de|du|des|la|le|di|&)\s+)*[A-Z0-9][\w'&.\-]*)*"
)
PAREN_ACRONYM = re.compile(r"\s*\((?P<acr>[A-Z][A-Za-z0-9\-]{1,9})\)")

POST_NAME = re.compile(
    r"(?:Minister|Secretary|Director|President|Chairman|Chair|Administrator|Ambassador|Governor|Head|Chief)\s+(?:of|for)\b"
)
POST_BEFORE = re.compile(
    r"\b(?:Minister|Secretary|Director|Commissioner)\s+(?:of|for)\s+[A-Z][\w\s]*\sand\s+$"
)
# "the nanosatellite Light-1", "the rover 'Rashid'": the kind of craft, then its name.
MISSION_NAMED_AFTER = re.compile(
    rf"\b(?:{MISSION_WORDS})\s+[\"'\u2018\u201c]?(?P<name>[A-Z][\w\-]*\d[\w\-]*|[A-Z]{{2,}}[\w\-]*\d*)\b"
)
# A craft named by one plain word before its kind: "the Vikram lander", "the Pragyan rover",
# "its Hope probe" (names with digits or inner capitals are MISSION_NAME's). The word must not
# be a body of the solar system or a word that describes rather than names.
CRAFT_CALLED = re.compile(
    r"\b(?:[Tt]he|[Ii]ts|[Tt]heir|'s|\u2019s)\s+"
    r"(?!(?:Moon|Mars|Earth|Sun|Venus|Mercury|Jupiter|Saturn|Uranus|Neptune|Pluto|Lunar|Solar|"
    r"Europa|Ganymede|Callisto|Io|Titan|Enceladus|Triton|Phobos|Deimos|Ceres|Vesta|Charon|Comet|"
    r"Asteroid|Space|Orbital|Deep|Crewed|Robotic|First|New|Next|Final|Main|Joint|National|"
    r"International)\b)"
    rf"(?P<name>[A-Z][a-z]{{2,}})\s+(?:{CRAFT_WORDS})\b"
)
# A satellite named as satellites are ("KhalifaSat", "NeonSat-1", "GAINDESAT-1A"), with no
# mission word beside it; operators are written "Eutelsat", "Intelsat", so a capital S is asked.
SAT_NAME = re.compile(
    r"(?<![\w-])(?!(?:Cube|Small|Nano|Micro|Pico|Mini|Femto)Sat(?![\w-]))"  # kinds, not names
    r"(?P<name>(?:[A-Z][a-z]+Sat|[A-Z]{2,}SAT)(?:-\d{1,3}[A-Z]?)?)(?![\w-])"
)
CRAFT_AFTER = re.compile(rf"\s+(?:{CRAFT_WORDS})\b")
MISSION_AFTER = re.compile(rf"\s+(?:{MISSION_WORDS})\b")

# Descriptions that stand for an agency: "the agency", "its space agency", "the Chinese agency",
# "American and Chinese space agencies".
AGENCY_DESCRIPTION = re.compile(
    r"\b(?P<det>[Tt]he|[Ii]ts|[Tt]heir|[Tt]he country's|[Tt]he nation's)\s+(?:(?P<dem>[A-Z][a-z]+)\s+)?"
    r"(?P<space>space\s+)?agency\b"
)
AGENCIES_DESCRIPTION = re.compile(
    r"\b(?P<dems>[A-Z][a-z]+(?:(?:,\s*|\s+and\s+)[A-Z][a-z]+)+)\s+space\s+agencies\b"
)
ORG_DESCRIPTION = re.compile(
    r"\b(?:[Tt]he|[Tt]his|[Tt]hat)\s+(?:(?P<dem>[A-Z][a-z]+)\s+)?(?:[a-z]+(?:-[a-z]+)?\s+){0,2}?"
    r"(?P<noun>company|firm|startup|university|institute|ministry|mission|"
    rf"{CRAFT_WORDS}|observatory|rocket|accords|treaty|agreement|pact|memorandum|initiative|"
    r"programme|program)\b"
)
# "its Japanese counterpart", "their counterparts in Senegal": the body of the same kind as the
# one just named, in another country (resolved for space agencies, whose country has one).
COUNTERPART_DESCRIPTION = re.compile(
    r"\b(?:[Ii]ts|[Tt]heir|[Tt]he)\s+(?:(?P<dem>[A-Z][a-z]+)\s+)?counterparts?\b"
    r"(?:\s+(?:in|from|of)\s+(?P<places>{place}(?:(?:,\s*|,?\s+and\s+){place})*))?".format(
        place=r"(?:the\s+)?[A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+){0,3}"
    )
)
# Words that make a description introduce something new rather than point back.
NEW_REFERENT = re.compile(
    r"\b(?:first|second|third|next|last|only|new|another|latest|largest|biggest|heaviest|"
    r"\w+est|former|future|planned|proposed)\b",
    re.IGNORECASE,
)
PAIR_DESCRIPTION = re.compile(
    r"\b(?:the two|both)\s+(?P<noun>agencies|countries|nations|sides|companies|governments)\b",
    re.IGNORECASE,
)
PAIR_CLASSES = {
    "agencies": ("SpaceAgency",),
    "countries": ("Country",),
    "nations": ("Country",),
    "governments": ("Country",),
    "sides": (
        "SpaceAgency",
        "Country",
        "Company",
        "GovernmentBody",
        "IntergovernmentalOrganisation",
    ),
    "companies": ("Company",),
}
DESCRIPTION_CLASSES = {
    "company": ("Company",),
    "firm": ("Company",),
    "startup": ("Company",),
    "university": ("ResearchInstitution",),
    "institute": ("ResearchInstitution",),
    "ministry": ("GovernmentBody",),
    "mission": ("Mission", "Spacecraft", "Programme"),
    "spacecraft": ("Spacecraft", "Mission"),
    "probe": ("Spacecraft", "Mission"),
    "rover": ("Spacecraft", "Mission"),
    "accords": ("Agreement",),
    "treaty": ("Agreement",),
    "agreement": ("Agreement",),
    "pact": ("Agreement",),
    "memorandum": ("Agreement",),
    "lander": ("Spacecraft", "Mission"),
    "orbiter": ("Spacecraft", "Mission"),
    "satellite": ("Spacecraft", "Mission"),
    "nanosatellite": ("Spacecraft", "Mission"),
    "microsatellite": ("Spacecraft", "Mission"),
    "cubesat": ("Spacecraft", "Mission"),
    "capsule": ("Spacecraft", "Mission"),
    "telescope": ("Spacecraft", "Mission", "Instrument"),
    "observatory": ("Spacecraft", "Mission"),
    "rocket": ("LaunchVehicle",),
    "initiative": ("Programme",),
    "programme": ("Programme",),
    "program": ("Programme",),
}
PERSON_STOP = {"god", "moon", "mars", "earth", "sun"}
NER_LABELS = {
    "ORG",
    "PERSON",
    "PRODUCT",
    "LAW",
    "FAC",
    "WORK_OF_ART",
    "EVENT",
    "GPE",
    "NORP",
    "LOC",
}


COMPANY_CONTEXT = re.compile(
    r"\b(?:company|companies|firm|startup|start-up|manufacturer|contractor|operator|provider|maker|Inc|Corp|Ltd|LLC|CEO|chief executive|founder)\b"
)


def sentences_of(doc: Doc) -> list[Span]:
    """A document's sentences, read from its sentence-start array (``doc.sents`` walks every
    token in Python, and rebuilds the spans on each access)."""
    if not len(doc):
        return []
    if not doc.has_annotation("SENT_START"):
        return list(doc.sents)
    starts = numpy.flatnonzero(doc.to_array("SENT_START") == 1).tolist()
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    ends = starts[1:] + [len(doc)]
    return [doc[a:b] for a, b in zip(starts, ends, strict=True)]


def person_key(name: str) -> frozenset[str]:
    """The words of a person's name that identify them: no titles, particles or accents."""
    return key_of_person(name)


def minted_iri(name: str, cls: str) -> str:
    """The IRI of an entity not in the KB: its kind and normalised name, so articles merge on it."""
    return iris.minted(name, cls)


def classify_org(name: str) -> str | None:
    """The most likely class of an organisation not in the KB, from its name (None: not an actor)."""
    if AGENCY_NAME.search(name):
        return "SpaceAgency"
    if INSTITUTION_NAME.search(name):
        return "ResearchInstitution"
    if COMPANY_NAME.search(name):
        return "Company"
    if GOVERNMENT_NAME.search(name):
        return "GovernmentBody"
    return None


@dataclass
class Linker:
    """Links the mentions of one spaCy document to KB entities or to entities minted for it."""

    doc: Doc
    gazetteer: Gazetteer

    def __post_init__(self) -> None:
        self.text = self.doc.text
        self.entities: dict[str, Entity] = {}
        self.mentions: list[Mention] = []
        self.places: list[tuple[str, str, int]] = []  # (entity, country, offset) the text states
        self.units: list[tuple[str, str]] = []  # (unit, parent) named as "<parent> <unit>"
        self.sentences = sentences_of(self.doc)
        self._sent_starts = [s.start_char for s in self.sentences]

    # --- public ---------------------------------------------------------------------------

    def link(self) -> tuple[dict[str, Entity], list[Mention]]:
        """All mentions, in text order, and the entities they name."""
        deferred_people: list[Span] = []
        ambiguous: list[Span] = []
        for ent in self.doc.ents:
            if ent.label_ == RULER_LABEL:
                if ent.ent_id_.startswith("ambiguous:"):
                    ambiguous.append(ent)
                else:
                    self._add_kb(self.gazetteer.entities[ent.ent_id_], ent.start_char, ent.end_char)
            elif ent.label_ in NER_LABELS:
                self._add_ner(ent, deferred_people)
        for ent in ambiguous:
            self._add_ambiguous(ent)
        for ent in deferred_people:
            self._add_surname(ent.text, ent.start_char, ent.end_char)
        self._add_acronyms()
        self._add_missions()
        self._add_units()
        self._add_list_items()
        self._add_honorifics()
        self._add_descriptions()
        self.mentions.sort(key=lambda m: m.start)
        named = {m.iri for m in self.mentions} | {country for _, country, _ in self.places}
        self.entities = {iri: e for iri, e in self.entities.items() if iri in named}
        return self.entities, self.mentions

    # --- helpers --------------------------------------------------------------------------

    def sentence_of(self, char: int) -> int:
        """Index of the sentence holding a character offset."""
        return max(0, bisect_right(self._sent_starts, char) - 1)

    def _taken(self, start: int, end: int) -> bool:
        return any(m.start < end and start < m.end for m in self.mentions)

    def _mention(self, iri: str, start: int, end: int) -> None:
        if self._taken(start, end):
            return
        surface = self.text[start:end]
        self.mentions.append(Mention(iri, start, end, surface, self.sentence_of(start)))
        self.entities[iri].surfaces.add(surface)

    def _add_kb(self, kb: KbEntity, start: int, end: int) -> None:
        self._register(kb.iri)
        self._mention(kb.iri, start, end)

    def _register(self, iri: str) -> None:
        """Know a KB entity the text names, before or without a mention of its own."""
        if iri not in self.entities:
            kb = self.gazetteer.entities[iri]
            self.entities[iri] = Entity(
                iri=kb.iri, name=kb.label, cls=kb.cls, in_kb=True, qid=kb.qid, country=kb.country
            )

    def _add_new(self, name: str, cls: str, start: int, end: int) -> None:
        iri = minted_iri(name, cls)
        if iri in self.gazetteer.entities:  # a minted slug that collides with a KB IRI
            iri += "-" + cls.lower()
        if iri not in self.entities:
            self.entities[iri] = Entity(iri=iri, name=name, cls=cls, in_kb=False)
        self._mention(iri, start, end)

    def _trim(self, span: Span) -> tuple[str, int, int]:
        """A span without a leading article, trailing possessive, bullets or punctuation."""
        text, start, end = span.text, span.start_char, span.end_char
        stripped = text.rstrip(" \u2022\u00b7*-–,;:")
        end -= len(text) - len(stripped)
        text = stripped
        lead = re.match(r"(?i)(the|a|an)\s+", text)
        if lead:
            text, start = text[lead.end() :], start + lead.end()
        tail = re.search(r"(?:'s|')$", text)
        if tail:
            text, end = text[: tail.start()], end - (len(text) - tail.start())
        return text.strip(), start, end

    def _add_ner(self, span: Span, deferred_people: list[Span]) -> None:
        name, start, end = self._trim(span)
        if not name or normalise(name) in OUTLETS or WEBSITE.search(name):
            return
        known = self.gazetteer.lookup(name)
        if len(known) == 1:
            self._add_kb(known[0], start, end)
            return
        label = span.label_
        honorific = re.search(r"\b(?:Prof|Dr|Mr|Mrs|Ms|Professor)\.?\s+(?=[A-Z])", name)
        if honorific and label != "PERSON":
            # "... Digital Economy Prof. Isa Pantami": a person glued to a post by the tagger
            person = name[honorific.end() :]
            if len(person.split()) >= 2:
                self._add_new(person, "Person", start + honorific.end(), end)
            return
        if POST_NAME.match(name) or POST_BEFORE.search(self.text[max(0, start - 60) : start]):
            return  # "Minister of Communications and Digital Economy" names a post, not a body
        titled = TITLES.match(self.text[start : end + 20])
        if titled and titled.end() >= end - start:
            return  # "Group Captain" tagged as an organisation
        if label in ("GPE", "NORP", "LOC"):
            return  # cities, regions and nationalities not in the KB are not annotated entities
        if (
            label in ("ORG", "PERSON")
            and CRAFT_AFTER.match(self.text, end)
            and classify_org(name) is None  # "the Zorblax Dynamics satellite" is the firm's
        ):
            # "the Nova lander", "the Kalpana Chawla satellite": a craft named for someone
            self._add_new(name, "Mission", start, end)
            return
        if label == "PERSON":
            titled = TITLES.match(name)
            if titled:
                start += titled.end()
                name = name[titled.end() :]
            if len(name.split()) < 2 or name.lower() in PERSON_STOP or not name[:1].isupper():
                deferred_people.append(span)
                return
            if any(ch.isdigit() for ch in name):
                return
            same = self._known_person(name)
            if same is not None:
                self._add_kb(same, start, end)  # "YAMAKAWA Hiroshi", "Mohammed bin Rashid"
                return
            self._add_new(name, "Person", start, end)
            return
        cls = self._classify(name, label, span.sent.text)
        acronym = PAREN_ACRONYM.match(self.text, end)
        if (
            acronym
            and re.search(r"\d", acronym.group("acr"))
            and cls not in ("SpaceAgency", "ResearchInstitution", "GovernmentBody")
        ):
            cls = "Mission"  # "Advanced Composite Solar Sail System (ACS3)"
        if cls is None and MISSION_AFTER.match(self.text, end):
            cls = "Mission"  # "NeonSat-1 satellite", "the Hera mission"
        if cls is not None:
            self._add_new(name, cls, start, end)

    def _classify(self, name: str, label: str, sentence: str) -> str | None:
        if label == "LAW":
            return "Agreement" if AGREEMENT_NAME.search(name) else "Policy"
        if label in ("PRODUCT", "WORK_OF_ART", "EVENT", "FAC"):
            if AGREEMENT_NAME.search(name) and label != "FAC":
                return "Agreement"
            if label == "FAC" and not re.search(r"\d", name):
                return (
                    classify_org(name)
                    if INSTITUTION_NAME.search(name) or AGENCY_NAME.search(name)
                    else None
                )
            if label in ("PRODUCT", "FAC") or re.search(r"\d", name):
                return (
                    "Mission"
                    if re.search(r"[A-Za-z]", name) and not AGREEMENT_NAME.search(name)
                    else None
                )
            return None
        # ORG
        if AGREEMENT_NAME.search(name) and not GOVERNMENT_NAME.search(name):
            return "Agreement"
        if SAT_NAME.fullmatch(name):
            return "Mission"  # "KhalifaSat" tagged ORG
        cls = classify_org(name)
        if cls is not None:
            return cls
        if re.fullmatch(r"[A-Z][A-Za-z]*-?\d+[A-Za-z]?", name):
            return "Mission"  # "NeonSat-1" tagged ORG
        if len(name) <= 2 or not PROPER_NAME.fullmatch(name):
            return None
        if re.search(r"[a-z][A-Z]", name) or COMPANY_CONTEXT.search(sentence):
            return "Company"  # "OneWeb", or a sentence that speaks of firms
        return None

    def _add_ambiguous(self, span: Span) -> None:
        candidates = self.gazetteer.lookup(span.text)
        mentioned = set(self.entities)
        countries = {e.country for e in self.entities.values() if e.country}
        chosen = [c for c in candidates if c.iri in mentioned] or [
            c for c in candidates if c.country in countries
        ]
        if not chosen:
            # "ispace" and "iSpace": the way a name is written can tell two companies apart
            chosen = [c for c in candidates if span.text in c.ambiguous | c.surface_forms()]
        if not chosen and len(candidates) == 1 and not span[0].is_sent_start:
            # a name that is also a common word ("Electron", "DART"): capitalised mid-sentence
            # and the only entity with that name, it is the name
            chosen = candidates
        if len(chosen) == 1:
            self._add_kb(chosen[0], span.start_char, span.end_char)

    def _people_with(self, token: str) -> list[str]:
        return [
            iri
            for iri, e in self.entities.items()
            if e.cls == "Person"
            and token.lower() in (t.lower() for t in re.split(r"[\s\-]+", e.name))
        ]

    def _known_person(self, name: str) -> KbEntity | None:
        """The one KB person a name is a form of: the same words in any order, or all of its
        words (at least two) among theirs ("YAMAKAWA Hiroshi", "Mohammed bin Rashid")."""
        key = person_key(name)
        if len(key) < 2:
            return None
        found = [
            self.gazetteer.entities[iri]
            for iri, words in self.gazetteer.person_keys().items()
            if key == words or (key < words and len(key) >= 2 and name.split()[-1].lower() in words)
        ]
        return found[0] if len(found) == 1 else None

    def _add_surname(self, name: str, start: int, end: int) -> None:
        titled = TITLES.match(name)
        if titled:
            start += titled.end()
            name = name[titled.end() :]
        name = re.sub(r"(?:'s|')$", "", name)
        end = start + len(name)
        people = self._people_with(name.split()[-1]) if name else []
        if len(people) == 1:
            self._mention(people[0], start, end)
            return
        known = [e for e in self.gazetteer.lookup(name) if e.cls == "Person"]
        if len(known) == 1:
            self._add_kb(known[0], start, end)

    def _add_honorifics(self) -> None:
        for m in HONORIFIC.finditer(self.text):
            people = self._people_with(m.group(1))
            if len(people) == 1:
                self._mention(people[0], m.start(), m.end())

    def _add_units(self) -> None:
        """ "China Aerospace Science and Technology Corporation 9th Academy 771 Research Institute":
        a named unit of a known body is its own entity, not the body."""
        for mention in list(self.mentions):
            entity = self.entities[mention.iri]
            if entity.cls not in (
                "Company",
                "GovernmentBody",
                "ResearchInstitution",
                "SpaceAgency",
                "IntergovernmentalOrganisation",
            ):
                continue
            m = UNIT.match(self.text, mention.end)
            if not m:
                continue
            name = self.text[mention.start : m.end()].strip()
            self.mentions.remove(mention)
            cls = "ResearchInstitution" if INSTITUTION_NAME.search(m.group(0)) else entity.cls
            self._add_new(name, cls, mention.start, m.end())
            self.units.append((minted_iri(name, cls), mention.iri))

    def _add_list_items(self) -> None:
        """A bulleted line that is only a name names one entity, whatever the tagger cut:
        press releases list the bodies they sanction or fund one per line."""
        for m in LIST_ITEM.finditer(self.text):
            name, start = m.group("name").strip().rstrip(".,;:"), m.start("name")
            end = start + len(name)
            known = self.gazetteer.lookup(name)
            cls = known[0].cls if len(known) == 1 else classify_org(name)
            if cls is None or cls not in ORG_CLASSES_OF_LISTS:
                continue
            inside = [x for x in self.mentions if start <= x.start and x.end <= end]
            if len(inside) == 1 and inside[0].start == start and inside[0].end == end:
                continue  # already named whole
            self.mentions = [x for x in self.mentions if x not in inside]
            if len(known) == 1:
                self._add_kb(known[0], start, end)
            else:
                self._add_new(name, cls, start, end)

    def _add_missions(self) -> None:
        named: list[str] = []
        for pattern in (MISSION_NAME, MISSION_NAMED_AFTER, SAT_NAME, CRAFT_CALLED):
            for m in pattern.finditer(self.text):
                name = m.group("name")
                start, end = m.start("name"), m.end("name")
                if (
                    self._taken(start, end)
                    or self.gazetteer.lookup(name)
                    or normalise(name) in OUTLETS
                ):
                    continue
                if start > 0 and self.text[start - 1] not in " \n\t\"'(\u2018\u201c":
                    continue
                self._add_new(name, "Mission", start, end)
                named.append(name)
        # "the nanosatellite Light-1 ... Light-1 will monitor": the name alone names it again
        for name in dict.fromkeys(named):
            iri = minted_iri(name, "Mission")
            if iri not in self.entities:
                continue
            for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", self.text):
                self._mention(iri, m.start(), m.end())

    def _add_acronyms(self) -> None:
        """ "Advanced Composite Solar Sail System (ACS3)": later "ACS3" names the same entity."""
        for mention in list(self.mentions):
            m = PAREN_ACRONYM.match(self.text, mention.end)
            if not m:
                continue
            acronym = m.group("acr")
            entity = self.entities[mention.iri]
            known = self.gazetteer.lookup(acronym)
            if known and not entity.in_kb:
                if len(known) == 1 and known[0].cls == entity.cls:
                    # "the Japanese Aerospace Space Agency (JAXA)": a garbled name the KB
                    # acronym after it identifies
                    self.mentions.remove(mention)
                    self._add_kb(known[0], mention.start, mention.end)
                continue
            for occurrence in re.finditer(rf"(?<![\w-]){re.escape(acronym)}(?![\w-])", self.text):
                self._mention(mention.iri, occurrence.start(), occurrence.end())

    def _add_counterpart(self, m: re.Match[str]) -> None:
        """ "its counterparts in Senegal and Kenya": the space agency of each, stated to be there."""
        if m.group("dem"):
            countries = [self._country_of_demonym(m.group("dem"))]
        elif m.group("places"):
            countries = []
            for place in re.split(r",?\s+and\s+|,\s*", m.group("places")):
                found = [e for e in self.gazetteer.lookup(place) if e.cls == "Country"]
                countries.append(found[0].iri if len(found) == 1 else None)
        else:
            return
        # "its" is the latest party named before: the description is an agency's counterpart
        # only if that party is an agency ("the Pentagon and its Chinese counterpart" is not)
        prior = [
            x for x in self.mentions
            if x.end <= m.start() and self.entities[x.iri].cls in ACTOR_CLASSES
        ]  # fmt: skip
        if not prior:
            return
        antecedent = max(prior, key=lambda x: x.start).iri
        if self.entities[antecedent].cls != "SpaceAgency":
            return
        if None in countries:
            return
        agencies = [a for c in countries for a in self._national_agencies(c)[:1]]
        if len(agencies) != len(countries) or antecedent in agencies:
            return
        # the demonyms and countries inside the description stand for the agencies
        self.mentions = [
            x for x in self.mentions if not (m.start() <= x.start and x.end <= m.end())
        ]
        for iri, country in zip(agencies, countries, strict=True):
            self._register(iri)
            # several agencies share one span: each gets its own mention of it
            self.entities[iri].surfaces.add(m.group(0))
            self.mentions.append(
                Mention(iri, m.start(), m.end(), m.group(0), self.sentence_of(m.start()))
            )
            if m.group("places") and country is not None:
                self.places.append((iri, country, m.start()))
                self._register(country)

    def _national_agencies(self, country: str) -> list[str]:
        mentioned = [
            e.iri for e in self.entities.values() if e.cls == "SpaceAgency" and e.country == country
        ]
        if mentioned:
            return mentioned
        part_of = {s for s, p, _ in self.gazetteer.facts if p == "partOf"}
        candidates = [
            e
            for e in self.gazetteer.entities.values()
            if e.cls == "SpaceAgency" and e.country == country and e.iri not in part_of
        ]
        candidates.sort(key=lambda e: (-len(e.surface_forms()), e.label))
        return [candidates[0].iri] if candidates else []

    def _country_of_demonym(self, word: str) -> str | None:
        found = [e for e in self.gazetteer.lookup(word) if e.cls == "Country"]
        return found[0].iri if len(found) == 1 else None

    def _previous(
        self, before: int, classes: tuple[str, ...], country: str | None = None
    ) -> str | None:
        """The antecedent of a description: the latest fitting subject, else the latest fitting mention."""
        fitting = [
            m
            for m in sorted(self.mentions, key=lambda m: -m.start)
            if m.start < before
            and self.entities[m.iri].cls in classes
            and (country is None or self.entities[m.iri].country == country)
        ]
        if not fitting:
            return None
        here = self.sentence_of(before)
        fitting = [m for m in fitting if here - m.sentence <= 6]  # a description names the recent
        if not fitting:
            return None
        for mention in fitting:
            if here - mention.sentence > 2:
                break
            span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is not None and span.root.dep_ in ("nsubj", "nsubjpass"):
                return mention.iri
        return fitting[0].iri

    def _add_descriptions(self) -> None:
        for m in AGENCIES_DESCRIPTION.finditer(self.text):
            # the description replaces the demonyms inside it: they stand for the agencies
            self.mentions = [
                x for x in self.mentions if not (m.start() <= x.start and x.end <= m.end())
            ]
            for dem in re.split(r",\s*|\s+and\s+", m.group("dems")):
                country = self._country_of_demonym(dem)
                agencies = self._national_agencies(country) if country else []
                if agencies:
                    kb = self.gazetteer.entities[agencies[0]]
                    self._register(kb.iri)
                    # several agencies share one span: each gets its own mention of it
                    self.entities[kb.iri].surfaces.add(m.group(0))
                    self.mentions.append(
                        Mention(kb.iri, m.start(), m.end(), m.group(0), self.sentence_of(m.start()))
                    )
        for m in AGENCY_DESCRIPTION.finditer(self.text):
            if self._taken(m.start(), m.end()):
                continue
            dem, det = m.group("dem"), m.group("det")
            country = self._country_of_demonym(dem) if dem else None
            if dem and country is None:
                continue  # "the European agency"? only demonyms of states are resolved
            if det in ("its", "their", "the country's", "the nation's") and country is None:
                # "its space agency": the agency of the country last spoken of
                owner = self._previous(m.start(), ("Country", "GovernmentBody", "Person"))
                country = self.entities[owner].country if owner else None
                if country is None:
                    continue
                agencies = self._national_agencies(country)
                iri = agencies[0] if agencies else None
            else:
                iri = self._previous(m.start(), ("SpaceAgency",), country)
                if iri is None and country is not None:
                    agencies = self._national_agencies(country)
                    iri = agencies[0] if agencies else None
            if iri is None:
                continue
            if iri not in self.entities:
                self._add_kb(self.gazetteer.entities[iri], m.start(), m.end())
            else:
                self._mention(iri, m.start(), m.end())
        for m in COUNTERPART_DESCRIPTION.finditer(self.text):
            self._add_counterpart(m)
        for m in ORG_DESCRIPTION.finditer(self.text):
            if NEW_REFERENT.search(m.group(0)):
                continue  # "the first interplanetary probe" introduces a craft, it does not recall one
            if m.group("dem") and self._country_of_demonym(m.group("dem")):
                # "the Kiwi space company": the demonym places the company, it is not a mention
                self.mentions = [
                    x for x in self.mentions if not (m.start() <= x.start and x.end <= m.end())
                ]
            if self._taken(m.start(), m.end()):
                continue
            iri = self._previous(m.start(), DESCRIPTION_CLASSES[m.group("noun").lower()])
            if iri is not None:
                self._mention(iri, m.start(), m.end())
                country = self._country_of_demonym(m.group("dem")) if m.group("dem") else None
                placeable = self.entities[iri].cls in (
                    "Company",
                    "ResearchInstitution",
                    "GovernmentBody",
                )
                if country and placeable:
                    self.entities[iri].country = self.entities[iri].country or country
                    self.places.append((iri, country, m.start()))
                    self._register(country)  # "the Kiwi company": named by its demonym
        for m in PAIR_DESCRIPTION.finditer(self.text):
            if self._taken(m.start(), m.end()):
                continue
            classes = PAIR_CLASSES[m.group("noun").lower()]
            pair: list[str] = []
            for mention in sorted(self.mentions, key=lambda x: -x.start):
                if (
                    mention.start < m.start()
                    and self.entities[mention.iri].cls in classes
                    and mention.iri not in pair
                ):
                    pair.append(mention.iri)
                if len(pair) == 2:
                    break
            if len(pair) == 2:
                for iri in pair:
                    self.mentions.append(
                        Mention(iri, m.start(), m.end(), m.group(0), self.sentence_of(m.start()))
                    )
