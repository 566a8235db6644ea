"""Article readers: what a user gets from each input format, and from each kind of bad input."""

from __future__ import annotations

import datetime
import doctest
import io
import os
import shutil
import sys
from pathlib import Path

import pytest
from spacekg.ingest import readers
from spacekg.ingest.readers import Document, Overrides, ReadFailure, read_paths, read_text

FIXTURES = Path(__file__).parent / "fixtures"


def read_all(*paths: str | Path, **options) -> list[Document | ReadFailure]:
    return list(read_paths([str(p) for p in paths], **options))


def read_one(path: str | Path, **options) -> Document | ReadFailure:
    (result,) = read_all(path, **options)
    return result


def only_document(path: str | Path, **options) -> Document:
    result = read_one(path, **options)
    assert isinstance(result, Document), result
    return result


def failure_reason(path: str | Path, **options) -> str:
    result = read_one(path, **options)
    assert isinstance(result, ReadFailure), result
    return result.reason


def feed_stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


# ---------------------------------------------------------------------------------------------
# One test per format


def test_plain_text_joins_wrapped_lines_into_paragraphs():
    doc = only_document(FIXTURES / "plain.txt")
    assert doc.text == (
        "Two space agencies agreed on Monday to share data from their Earth observation "
        "satellites, so that flood maps can be made within a day of a disaster.\n\n"
        "Officials from both sides said the arrangement would start with radar images and could "
        "later include optical data from the new spacecraft."
    )
    assert (doc.title, doc.url, doc.published, doc.source) == (None, None, None, None)
    assert doc.origin == str(FIXTURES / "plain.txt")


def test_text_front_matter_gives_metadata():
    doc = only_document(FIXTURES / "front_matter.txt")
    assert doc.title == "Lunar rover partners sign instrument deal"
    assert doc.published == datetime.date(2025, 2, 3)
    assert doc.url == "https://news.example.org/2025/02/rover-instruments"
    assert doc.source == "Orbit Ledger"
    assert doc.text.startswith("The two partners in the lunar rover programme signed a deal")
    assert "---" not in doc.text and "title:" not in doc.text


def test_scraped_text_with_date_header_drops_appeals_and_keeps_the_article():
    doc = only_document(FIXTURES / "dated_scrape.txt")
    assert doc.published == datetime.date(2025, 3, 14)
    assert doc.text == (
        "The space agencies of two neighbouring countries agreed on Thursday to build a shared "
        "launch pad on the coast.\n\n"
        "Under the agreement, each country will pay half of the construction cost and both will "
        "have equal access to the pad."
    )


def test_markdown_syntax_is_stripped_and_heading_becomes_title():
    doc = only_document(FIXTURES / "article.md")
    assert doc.title == "Gateway partners add a science airlock"
    assert doc.text.split("\n\n") == [
        "The four partner agencies agreed on Tuesday to add a science airlock to the lunar "
        "gateway station.",
        "Who provides what",
        "One agency builds the hatch.",
        "Another supplies the robotic arm.",
        "airlock: approved",
        "Engineers said the design review would finish by June.",
    ]
    for syntax in ("#", "*", "[", "](", "`", "!["):
        assert syntax not in doc.text


def test_html_main_text_and_open_graph_metadata():
    doc = only_document(FIXTURES / "article.html")
    assert doc.text == (
        "Two space agencies agreed on Monday to share time on a new deep-space antenna in the "
        "southern hemisphere.\n\n"
        "Under the arrangement, each agency will receive half of the tracking hours and will "
        "train the other's operators at the site.\n\n"
        "Officials said the first joint tracking pass is planned for the autumn."
    )
    assert doc.title == "Agencies share a deep-space antenna"
    assert doc.url == "https://news.example.org/2025/03/antenna"  # utm_source dropped
    assert doc.published == datetime.date(2025, 3, 10)
    assert doc.source == "Orbit Ledger"


def test_html_metadata_from_json_ld():
    doc = only_document(FIXTURES / "jsonld.html")
    assert doc.title == "Rideshare deal covers student satellites"
    assert doc.published == datetime.date(2025, 1, 20)
    assert doc.source == "Launch Desk"
    assert doc.url is None
    assert doc.text.count("\n\n") == 1


def test_html_date_from_meta_name_date_and_title_without_site_suffix():
    html = (
        b"<html><head><title>Relay deal signed | Deep Space Post</title>"
        b'<meta property="og:site_name" content="Deep Space Post">'
        b'<meta name="date" content="April 25, 2025">'
        b'<link rel="canonical" href="https://post.example.org/relay"></head>'
        b"<body><article><p>The two agencies signed a relay deal for their lunar landers on "
        b"Friday.</p></article></body></html>"
    )
    (doc,) = read_text(html, origin="page.html")
    assert (doc.title, doc.published, doc.url, doc.source) == (
        "Relay deal signed",
        datetime.date(2025, 4, 25),
        "https://post.example.org/relay",
        "Deep Space Post",
    )


def test_html_in_a_declared_charset_is_decoded_with_it():
    doc = only_document(FIXTURES / "latin1_declared.html")
    assert doc.title == "Signing in Kourou"
    assert "a café near the spaceport" in doc.text
    assert "“good start”" in doc.text  # windows-1252 quotes under an iso-8859-1 label


def test_json_object_with_rfc_2822_date_and_ignored_id():
    doc = only_document(FIXTURES / "article.json")
    assert doc.title == "Tracking network opens to partner missions"
    assert doc.published == datetime.date(2025, 5, 6)
    assert doc.url == "https://news.example.org/2025/05/tracking"
    assert doc.source == "Orbit Ledger"
    assert doc.text.split("\n\n")[1].startswith("The network's operators said")
    assert "ignored-42" not in doc.text
    assert doc.origin == str(FIXTURES / "article.json")


def test_json_list_gives_one_document_per_item():
    path = FIXTURES / "articles.json"
    docs = read_all(path)
    assert [(d.origin, d.title, d.published) for d in docs] == [
        (f"{path}#item-1", "Crew exchange agreed", datetime.date(2025, 4, 25)),
        (f"{path}#item-2", "Debris talks resume", datetime.date(2025, 4, 25)),
    ]


def test_json_lines_reads_good_lines_and_names_bad_ones():
    path = FIXTURES / "articles.jsonl"
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


def test_rss_items_become_documents_with_feed_title_as_source():
    path = FIXTURES / "feed.rss"
    first, second = read_all(path)
    assert first == Document(
        text="The station partners agreed to extend operations by five years.\n\n"
        "Each partner keeps its current share of crew time.",
        title="Partners extend station operations",
        url="https://news.example.org/2025/04/station",
        # the date as the outlet wrote it, not moved to UTC (which would be 26 April)
        published=datetime.date(2025, 4, 25),
        source="Orbit Ledger",
        origin=f"{path}#item-1",
    )
    assert second.text == (
        "Two operators signed a deal to share polar ground stations.\n\nThe deal starts in June."
    )
    assert second.published == datetime.date(2025, 4, 28)
    assert second.origin == f"{path}#item-2"


def test_atom_entry_becomes_a_document():
    doc = only_document(FIXTURES / "feed.atom")
    assert doc.title == "Agencies pool launch slots for climate satellites"
    assert doc.url == "https://launch.example.org/climate-slots"
    assert doc.published == datetime.date(2025, 5, 2)
    assert doc.source == "Launch Desk"
    assert doc.text.split("\n\n") == [
        "Three agencies agreed to pool launch slots for their climate satellites.",
        "The first shared launch is planned for next spring.",
    ]
    assert doc.origin.endswith("feed.atom#item-1")


@pytest.mark.parametrize(
    ("name", "expected_title"),
    [
        ("article.json", "Tracking network opens to partner missions"),
        ("feed.rss", "Partners extend station operations"),
        ("article.html", "Agencies share a deep-space antenna"),
        ("article.md", "Gateway partners add a science airlock"),
    ],
)
def test_stdin_format_is_sniffed_from_content(monkeypatch, name, expected_title):
    feed_stdin(monkeypatch, (FIXTURES / name).read_bytes())
    first = read_all("-")[0]
    assert isinstance(first, Document)
    assert first.title == expected_title
    assert first.origin.startswith("<stdin>")


def test_stdin_plain_text(monkeypatch):
    feed_stdin(monkeypatch, b"The agencies agreed to share a tracking antenna.\n")
    assert read_all("-") == [
        Document(
            text="The agencies agreed to share a tracking antenna.",
            title=None,
            url=None,
            published=None,
            source=None,
            origin="<stdin>",
        )
    ]


def test_stdin_json_lines(monkeypatch):
    feed_stdin(
        monkeypatch,
        b'{"text": "The agencies agreed to share a relay."}\n'
        b'{"text": "The partners approved the joint lander.", "published": "2025-04-25"}\n',
    )
    first, second = read_all("-")
    assert (first.origin, second.origin) == ("<stdin>#item-1", "<stdin>#item-2")
    assert second.published == datetime.date(2025, 4, 25)


def test_unknown_extension_with_json_content_is_read(tmp_path):
    path = tmp_path / "export.dat"
    path.write_text('{"text": "The two agencies agreed to share a ground station."}')
    assert only_document(path).text == "The two agencies agreed to share a ground station."


def test_read_text_accepts_a_format_name_or_an_extension():
    data = b"# Joint mission\n\nThe partners approved a joint mission."
    assert read_text(data, origin="a", fmt="markdown")[0].title == "Joint mission"
    assert read_text(data, origin="a", fmt=".md")[0].title == "Joint mission"
    assert read_text(data, origin="a", fmt="text")[0].title is None
    with pytest.raises(ValueError, match="unknown format 'pdf'"):
        read_text(data, origin="a", fmt="pdf")


# ---------------------------------------------------------------------------------------------
# Identity, overrides, folders


def test_identity_is_the_url_when_known():
    doc = only_document(FIXTURES / "article.html")
    assert doc.identity == "https://news.example.org/2025/03/antenna"


def test_identity_of_the_same_text_ignores_whitespace_and_location(tmp_path):
    (tmp_path / "one.txt").write_text("The agencies signed the deal.\n\nIt covers two missions.\n")
    (tmp_path / "two.txt").write_text("The agencies signed the deal.\n\nIt covers two missions.\n")
    (tmp_path / "wrapped.txt").write_text(
        "  The agencies   signed\nthe deal.\n\n\n\nIt covers two missions.   \n\n"
    )
    (tmp_path / "other.txt").write_text("The agencies signed another deal.\n")
    one, two, wrapped, other = (only_document(tmp_path / n) for n in
                                ("one.txt", "two.txt", "wrapped.txt", "other.txt"))
    assert one.identity.startswith("sha256:") and len(one.identity) == len("sha256:") + 64
    assert one.identity == two.identity == wrapped.identity
    assert other.identity != one.identity


def test_overrides_win_over_document_metadata():
    overrides = Overrides(
        published=datetime.date(2024, 12, 31),
        source="Analyst Upload",
        url="https://archive.example.org/item/7",
    )
    doc = only_document(FIXTURES / "article.html", overrides=overrides)
    assert (doc.published, doc.source, doc.url) == (
        datetime.date(2024, 12, 31),
        "Analyst Upload",
        "https://archive.example.org/item/7",
    )
    assert doc.title == "Agencies share a deep-space antenna"  # not overridden
    assert doc.identity == "https://archive.example.org/item/7"


def test_published_override_rescues_an_unreadable_date(tmp_path):
    path = tmp_path / "a.json"
    path.write_text('{"text": "The agencies met.", "published": "last Tuesday"}')
    assert "cannot read the published date 'last Tuesday'" in failure_reason(path)
    doc = only_document(path, overrides=Overrides(published=datetime.date(2025, 1, 7)))
    assert doc.published == datetime.date(2025, 1, 7)


def test_folder_is_read_recursively_in_order_skipping_hidden_and_continuing_past_bad_files():
    folder = FIXTURES / "folder"
    results = read_all(folder)
    assert [(type(r).__name__, Path(r.origin).relative_to(folder).as_posix()) for r in results] == [
        ("Document", "a_relay.txt"),
        ("ReadFailure", "b_broken.json"),
        ("Document", "nested/c_station.md"),
    ]
    assert results[1].reason == "invalid JSON at line 1 column 35: Expecting ',' delimiter"
    assert results[2].title == "Station module swap"


def test_several_paths_are_read_in_the_order_given():
    results = read_all(FIXTURES / "plain.txt", FIXTURES / "no-such.txt", FIXTURES / "feed.atom")
    assert [type(r).__name__ for r in results] == ["Document", "ReadFailure", "Document"]


def test_explicitly_named_hidden_file_is_read():
    assert only_document(FIXTURES / "folder" / ".hidden.txt").text.startswith("A hidden note")


def test_empty_folder_is_reported(tmp_path):
    assert failure_reason(tmp_path) == "folder has no files to read"


# ---------------------------------------------------------------------------------------------
# Bad input: always a ReadFailure with a reason, never an exception


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("empty.txt", "empty file"),
        ("blob.txt", "binary file, not text"),
        ("latin1.txt", "not valid UTF-8 (byte 0xe9 at offset 27); save it as UTF-8"),
        ("german.txt", "text does not look like English (SpaceKG reads English articles)"),
        ("broken.json", "invalid JSON at line 4 column 3: Expecting ',' delimiter"),
        ("no_text.json", "JSON object has no 'text' field"),
        ("no_article.html", "no article text found in HTML"),
        ("broken_feed.xml", "not a valid RSS/Atom feed: mismatched tag at line 1 column 72"),
        (
            "report.pdf",
            "unsupported file type .pdf (SpaceKG reads .txt, .md, .html, .json, .jsonl and "
            "RSS/Atom .xml files)",
        ),
    ],
)
def test_bad_file_gives_a_failure_with_a_clear_reason(name, reason):
    path = FIXTURES / "bad" / name
    assert read_all(path) == [ReadFailure(str(path), reason)]


def test_bad_folder_yields_one_failure_per_file_and_carries_on():
    results = read_all(FIXTURES / "bad", FIXTURES / "plain.txt")
    assert len(results) == len(os.listdir(FIXTURES / "bad")) + 1
    assert all(isinstance(r, ReadFailure) for r in results[:-1])
    assert isinstance(results[-1], Document)


def test_missing_path():
    assert failure_reason(FIXTURES / "nowhere" / "gone.txt") == "no such file or folder"


def test_oversized_file_is_not_read(tmp_path):
    path = tmp_path / "big.txt"
    with path.open("wb") as handle:
        handle.truncate(6_200_000)  # sparse: the reader must refuse before reading it
    assert failure_reason(path) == "file is 6.2 MB, over the 5.0 MB limit (set --max-bytes)"
    assert failure_reason(FIXTURES / "plain.txt", max_bytes=100) == (
        "file is 290 bytes, over the 100 bytes limit (set --max-bytes)"
    )


def test_oversized_stdin(monkeypatch):
    feed_stdin(monkeypatch, b"The agencies agreed. " * 10)
    assert read_all("-", max_bytes=50) == [
        ReadFailure("<stdin>", "input is over the 50 bytes limit (set --max-bytes)")
    ]


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read any file"
)
def test_unreadable_file(tmp_path):
    path = tmp_path / "locked.txt"
    shutil.copy(FIXTURES / "plain.txt", path)
    path.chmod(0)
    try:
        assert failure_reason(path).startswith("permission denied")
    finally:
        path.chmod(0o644)


def test_permission_error_while_reading_is_reported(tmp_path, monkeypatch):
    path = tmp_path / "locked.txt"
    shutil.copy(FIXTURES / "plain.txt", path)

    def refuse(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert failure_reason(path) == (
        "permission denied: cannot read it (check the file's permissions)"
    )


def test_non_utf8_from_stdin_is_reported(monkeypatch):
    feed_stdin(monkeypatch, "Caf\u00e9 talks on lunar cooperation.".encode("latin-1"))
    assert read_all("-") == [
        ReadFailure("<stdin>", "not valid UTF-8 (byte 0xe9 at offset 3); save it as UTF-8")
    ]


@pytest.mark.parametrize(
    ("data", "fmt", "reason"),
    [
        (b"   \n\n  ", None, "empty file"),
        (b"[]", None, "JSON list is empty (expected article objects)"),
        (b'"a string"', "json", "JSON must be an object with a 'text' field, or a list of them"),
        (b'{"text": 42}', None, "'text' field must be a string, not int"),
        (b'{"text": "   "}', None, "'text' field is empty"),
        (b"<rss version='2.0'><channel><title>Quiet</title></channel></rss>", None,
         "feed has no items"),
        (b"<html><p>Not a feed</p></html>", "feed",
         "not a valid RSS/Atom feed: no <rss> or <feed> element"),
        (b"Support now. Donate today.", None,
         "only boilerplate (donation or subscription appeals, cookie notices) found"),
    ],
)
def test_more_bad_blobs(data, fmt, reason):
    assert read_text(data, origin="x", fmt=fmt) == [ReadFailure("x", reason)]


def test_a_bad_item_in_a_json_list_does_not_stop_the_others():
    data = b'[{"text": "The agencies met."}, {"title": "no text"}, 3]'
    results = read_text(data, origin="list.json")
    assert results[0].text == "The agencies met."
    assert results[1] == ReadFailure("list.json#item-2", "JSON object has no 'text' field")
    assert results[2].origin == "list.json#item-3"
    assert "not a JSON object" in results[2].reason


def test_article_sentences_about_subscribing_or_donating_are_kept():
    text = (
        "Copyright rules for satellite images were discussed.\n\n"
        "Two more countries said they would subscribe to the Accords.\n\n"
        "The company donated a ground station to the university, which will support our partners "
        "in the region, its chief executive said."
    )
    (doc,) = read_text(text.encode(), origin="x.txt")
    assert doc.text.count("\n\n") == 2


def test_short_foreign_text_is_not_judged():
    # under 30 words the language check abstains rather than refuse a short English note
    (doc,) = read_text("Kooperation im All.".encode(), origin="x.txt")
    assert doc.text == "Kooperation im All."


def test_english_with_names_and_numbers_passes():
    text = (
        "The China National Space Administration said on Thursday that 7 institutions, "
        "including universities in Germany, Japan and Pakistan, would receive Chang'e 5 "
        "samples; CNSA head Shan Zhongde called the 1,731 grams a shared treasure."
    )
    (doc,) = read_text(text.encode(), origin="x.txt")
    assert isinstance(doc, Document)


def test_reader_bug_becomes_a_failure_not_a_traceback(monkeypatch):
    def explode(text, origin):
        raise RuntimeError("boom")

    monkeypatch.setitem(readers.FORMATS, "text", explode)
    (result,) = read_text(b"Some text.", origin="x.txt", fmt="text")
    assert isinstance(result, ReadFailure)
    assert "RuntimeError: boom" in result.reason and "bug" in result.reason


def test_docstring_examples_run():
    outcome = doctest.testmod(readers)
    assert outcome.attempted > 0 and outcome.failed == 0
