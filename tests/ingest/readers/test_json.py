"""JSON and JSON Lines articles, good and bad."""

from __future__ import annotations

import datetime

import pytest

from spacekg.ingest.readers import Document, ReadFailure, read_paths, read_text


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


# ---------------------------------------------------------------------------------------------
# Hostile JSON: an input error naming the file and field, never a crash or "a bug in SpaceKG"


TOO_DEEP = (
    "JSON is nested too deeply (arrays or objects inside each other thousands of levels down); "
    "an article is an object with a 'text' field"
)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (
            rb'{"text": "The agencies \ud800 met."}',
            (
                "'text' field holds a lone surrogate (\\ud800) at character 14, which is not text; "
                "fix the JSON escape there"
            ),
        ),
        (
            rb'{"text": "The agencies met.", "title": "Talks\udfff"}',
            (
                "'title' field holds a lone surrogate (\\udfff) at character 6, which is not text; "
                "fix the JSON escape there"
            ),
        ),
        (
            rb'{"text": "The agencies\u0000 met."}',
            (
                "'text' field holds a NUL character (\\u0000) at character 13, which is not text; "
                "fix the JSON escape there"
            ),
        ),
        (b'{"text": null}', "'text' field is null (give the article text as a string)"),
        (b'{"text": 5}', "'text' field must be a string, not int"),
        (b'{"text": ["a", "b"]}', "'text' field must be a string, not list"),
        (
            b"[" * 100_000 + b"]" * 100_000,
            TOO_DEEP,
        ),
        (
            b'{"text": "The agencies met.", "a": ' + b'{"b": ' * 50_000 + b"1" + b"}" * 50_001,
            TOO_DEEP,
        ),
        (
            b'{"text": "The agencies met.", "n": 1' + b"0" * 5_000 + b"}",
            "invalid JSON: a number is over 4,300 digits long",
        ),
    ],
)
def test_hostile_json_is_an_input_error_that_names_the_file_and_field(tmp_path, data, reason):
    path = tmp_path / "hostile.json"
    path.write_bytes(data)
    assert list(read_paths([path])) == [ReadFailure(str(path), reason)]
    # sniffed from content too (standard input, an extensionless file)
    assert read_text(data, origin="-") == [ReadFailure("-", reason)]


def test_a_deeply_nested_line_fails_alone_in_json_lines():
    data = b'{"text": "The agencies met."}\n' + b"[" * 100_000 + b"\n"
    good, bad = read_text(data, origin="x.jsonl", fmt="jsonl")
    assert isinstance(good, Document)
    assert bad.origin == "x.jsonl#item-2"
    assert bad.reason.startswith("line 2: JSON is nested too deeply")


def test_json_lines_with_a_lone_surrogate_names_the_line_and_field():
    data = b'{"text": "The agencies met."}\n{"text": "x", "source": "\\ud83d"}\n'
    assert read_text(data, origin="x.jsonl", fmt="jsonl")[1] == ReadFailure(
        "x.jsonl#item-2",
        "line 2: 'source' field holds a lone surrogate (\\ud83d) at character 1, which is not "
        "text; fix the JSON escape there",
    )


def test_a_proper_surrogate_pair_is_text():
    (doc,) = read_text(rb'{"text": "Liftoff \ud83d\ude80 at dawn."}', origin="x.json")
    assert doc.text == "Liftoff \U0001f680 at dawn."
