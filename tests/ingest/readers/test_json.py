"""JSON and JSON Lines articles, good and bad."""

from __future__ import annotations

import datetime

from spacekg.ingest.readers import ReadFailure, read_text


def test_json_object_with_rfc_2822_date_and_ignored_id(fixtures, only_document):
    doc = only_document(fixtures / "article.json")
    assert doc.title == "Tracking network opens to partner missions"
    assert doc.published == datetime.date(2025, 5, 6)
    assert doc.url == "https://news.example.org/2025/05/tracking"
    assert doc.source == "Orbit Ledger"
    assert doc.text.split("\n\n")[1].startswith("The network's operators said")
    assert "ignored-42" not in doc.text
    assert doc.origin == str(fixtures / "article.json")


def test_json_list_gives_one_document_per_item(fixtures, read_all):
    path = fixtures / "articles.json"
    docs = read_all(path)
    assert [(d.origin, d.title, d.published) for d in docs] == [
        (f"{path}#item-1", "Crew exchange agreed", datetime.date(2025, 4, 25)),
        (f"{path}#item-2", "Debris talks resume", datetime.date(2025, 4, 25)),
    ]


def test_json_lines_reads_good_lines_and_names_bad_ones(fixtures, read_all):
    path = fixtures / "articles.jsonl"
    results = read_all(path)
    assert [type(r).__name__ for r in results] == [
        "Document",
        "ReadFailure",
        "ReadFailure",
        "Document",
    ]
    assert results[0].text == "Two orbiters will relay data for each other's rovers on Mars."
    assert results[0].published == datetime.date(2025, 6, 1)
    assert results[1] == ReadFailure(
        f"{path}#item-2", "invalid JSON at line 2 column 52: Expecting ',' delimiter"
    )
    assert results[2] == ReadFailure(f"{path}#item-3", "line 3: JSON object has no 'text' field")
    assert results[3].origin == f"{path}#item-4"
    assert results[3].published == datetime.date(2025, 6, 4)


def test_a_bad_item_in_a_json_list_does_not_stop_the_others():
    data = b'[{"text": "The agencies met."}, {"title": "no text"}, 3]'
    results = read_text(data, origin="list.json")
    assert results[0].text == "The agencies met."
    assert results[1] == ReadFailure("list.json#item-2", "JSON object has no 'text' field")
    assert results[2].origin == "list.json#item-3"
    assert "not a JSON object" in results[2].reason
