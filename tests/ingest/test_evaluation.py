"""Scoring extractions against gold: the shared scorer's matching, per predicate, with the errors."""

from __future__ import annotations

import json
from pathlib import Path

from spacekg.ingest.evaluation import evaluate, format_report

GOLD = {
    "entities": [
        {"name": "European Space Agency", "type": "Agency", "aliases": ["ESA"]},
        {"name": "Japan Aerospace Exploration Agency", "type": "Agency", "aliases": ["JAXA"]},
        {"name": "Hera", "type": "Mission", "aliases": []},
        {"name": "Jane Okafor", "type": "Person", "aliases": []},
    ],
    "relations": [
        {
            "subject": "ESA",
            "predicate": "cooperates_with",
            "object": "JAXA",
            "date": "2021-02",
            "evidence": "ESA and JAXA agreed to work together.",
        },
        {
            "subject": "ESA",
            "predicate": "operates",
            "object": "Hera",
            "date": None,
            "evidence": "Hera, an ESA-led mission.",
        },
        {"subject": "Jane Okafor", "predicate": "works_for", "object": "ESA", "implicit": True},
    ],
}
PRED = {
    "entities": [
        {"name": "European Space Agency", "type": "Agency", "aliases": ["ESA"]},
        {"name": "JAXA", "type": "Agency", "aliases": []},
        {"name": "Hera", "type": "Mission", "aliases": []},
    ],
    "relations": [
        # symmetric: the order of the ends does not matter
        {
            "subject": "JAXA",
            "predicate": "cooperates_with",
            "object": "European Space Agency",
            "date": "2021-03",
            "evidence": "...",
        },
        {
            "subject": "Hera",
            "predicate": "operates",
            "object": "ESA",
            "date": None,
            "evidence": "the wrong way round",
        },
    ],
}


def _write(folder: Path, data: dict) -> None:
    folder.mkdir()
    (folder / "001.json").write_text(json.dumps(data), encoding="utf-8")


def test_scores_per_predicate_with_missed_spurious_and_misdated(tmp_path: Path) -> None:
    _write(tmp_path / "gold", GOLD)
    _write(tmp_path / "pred", PRED)
    report = evaluate(tmp_path / "gold", tmp_path / "pred")
    assert (report.lenient.tp, report.lenient.predicted, report.lenient.gold) == (1, 2, 2)
    assert report.by_predicate["cooperates_with"].f1 == 1.0
    assert report.by_predicate["operates"].recall == 0.0
    assert [(e.subject, e.object) for e in report.missed] == [("ESA", "Hera")]
    assert [(e.subject, e.object) for e in report.spurious] == [("Hera", "ESA")]
    assert report.date_accuracy == 0.0 and report.misdated[0].evidence.startswith("gold 2021-02")
    text = format_report(report)
    assert "== MISSED (1)" in text and "cooperates_with" in text


def test_an_article_with_no_prediction_scores_as_empty(tmp_path: Path) -> None:
    _write(tmp_path / "gold", GOLD)
    (tmp_path / "pred").mkdir()
    report = evaluate(tmp_path / "gold", tmp_path / "pred")
    assert report.lenient.tp == 0 and report.lenient.gold == 2 and report.entities.recall == 0.0


def test_only_the_named_articles_are_scored(tmp_path: Path) -> None:
    _write(tmp_path / "gold", GOLD)
    _write(tmp_path / "pred", PRED)
    assert evaluate(tmp_path / "gold", tmp_path / "pred", ["002"]).articles == []
