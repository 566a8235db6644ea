"""The spaCy pipeline: the KB ruler before NER, and the rules-only fallback without a model."""

from __future__ import annotations

import logging
from datetime import date

import pytest

from spacekg.ingest import nlp as nlp_module
from spacekg.ingest.extract import extract, extract_many
from spacekg.ingest.kb_ruler import RULER_LABEL
from spacekg.ingest.readers import Document


def test_the_kb_rulers_run_before_statistical_ner() -> None:
    names = nlp_module.pipeline().pipe_names
    assert names.index("kb_names") < names.index("ner") and names.index("kb_exact") < names.index(
        "ner"
    )


def test_without_a_model_spacekg_warns_and_still_links_kb_entities(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(nlp_module, "MODELS", ("no_such_model_installed",))
    with caplog.at_level(logging.WARNING, logger="spacekg.ingest.nlp"):
        model = nlp_module.load_model()
    assert "parser" not in model.pipe_names
    assert "no spaCy English model installed" in caplog.text
    rules_only = nlp_module.pipeline(with_model=False)
    document = Document(
        text="NASA and the China National Space Administration met in Beijing.",
        title=None,
        url=None,
        published=date(2025, 1, 2),
        source=None,
        origin="test",
    )
    x = extract(document, nlp=rules_only)
    assert {"https://w3id.org/spacekg/agency/nasa", "https://w3id.org/spacekg/agency/cnsa"} <= set(
        x.entities
    )
    assert x.warnings and "no spaCy model" in x.warnings[0]


def test_case_matters_for_short_and_one_word_names() -> None:
    pipe = nlp_module.pipeline()
    doc = pipe("Let us see what the US and Congress decide; the party congress is another matter.")
    kb = [(e.text, e.ent_id_) for e in doc.ents if e.label_ == RULER_LABEL]
    assert ("US", "https://w3id.org/spacekg/country/US") in kb
    assert all(text not in ("us", "congress") for text, _ in kb)


def test_sections_join_back_into_the_text_and_cut_at_paragraphs() -> None:
    text = "First paragraph here.\n\nSecond one.\nA wrapped line.\n\nThird paragraph, the last."
    pieces = nlp_module.sections(text, 40)
    assert "".join(pieces) == text
    assert all(len(p) <= 40 for p in pieces)
    assert pieces[0] == "First paragraph here.\n\n"
    assert nlp_module.sections("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]  # no break at all


def test_an_article_over_spacys_max_length_is_read_in_sections_with_whole_text_offsets(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    paragraphs = [
        "NASA and the China National Space Administration agreed on Monday to share lunar data.",
        "The European Space Agency signed an agreement with JAXA to build a Mars orbiter.",
        "Roscosmos ended its cooperation with the European Space Agency on the ExoMars rover.",
    ] * 40
    document = Document(
        text="\n\n".join(paragraphs),
        title=None,
        url=None,
        published=date(2025, 1, 2),
        source=None,
        origin="long",
    )
    whole = extract(document)
    nlp = nlp_module.pipeline()
    monkeypatch.setattr(nlp, "max_length", 2_000)  # the real pipeline, with a smaller cap
    assert len(whole.text) > 4 * nlp.max_length and whole.events and whole.mentions
    sectioned = extract(document)
    assert sectioned.text == whole.text
    assert set(sectioned.entities) == set(whole.entities)
    spans = [(m.iri, m.start, m.end) for m in whole.mentions]
    assert [(m.iri, m.start, m.end) for m in sectioned.mentions] == spans
    assert [e.type for e in sectioned.events] == [e.type for e in whole.events]
    for event in sectioned.events:
        ev = event.evidence
        assert ev is not None and sectioned.text[ev.start : ev.end] == ev.text
    short = Document(
        text="NASA met ESA.", title=None, url=None, published=None, source=None, origin="s"
    )
    batch = extract_many([short, document, short])  # a batch mixing short and long articles
    assert [(m.iri, m.start, m.end) for m in batch[1].mentions] == spans
    assert batch[0].text == batch[2].text == "NASA met ESA."
