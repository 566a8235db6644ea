"""The spaCy pipeline: the KB ruler before NER, and the rules-only fallback without a model."""

from __future__ import annotations

import logging
from datetime import date

import pytest
from spacekg.ingest import nlp as nlp_module
from spacekg.ingest.extract import extract
from spacekg.ingest.readers import Document


def test_the_kb_rulers_run_before_statistical_ner() -> None:
    names = nlp_module.pipeline().pipe_names
    assert names.index("kb_names") < names.index("ner") and names.index("kb_exact") < names.index("ner")


def test_without_a_model_spacekg_warns_and_still_links_kb_entities(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(nlp_module, "MODELS", ("no_such_model_installed",))
    with caplog.at_level(logging.WARNING, logger="spacekg.ingest.nlp"):
        model = nlp_module.load_model()
    assert "parser" not in model.pipe_names
    assert "no spaCy English model installed" in caplog.text
    rules_only = nlp_module.pipeline(with_model=False)
    document = Document(
        text="NASA and the China National Space Administration met in Beijing.",
        title=None, url=None, published=date(2025, 1, 2), source=None, origin="test",
    )
    x = extract(document, nlp=rules_only)
    assert {"https://w3id.org/spacekg/agency/nasa", "https://w3id.org/spacekg/agency/cnsa"} <= set(x.entities)
    assert x.warnings and "no spaCy model" in x.warnings[0]


def test_case_matters_for_short_and_one_word_names() -> None:
    pipe = nlp_module.pipeline()
    doc = pipe("Let us see what the US and Congress decide; the party congress is another matter.")
    kb = [(e.text, e.ent_id_) for e in doc.ents if e.label_ == nlp_module.RULER_LABEL]
    assert ("US", "https://w3id.org/spacekg/country/US") in kb
    assert all(text not in ("us", "congress") for text, _ in kb)
