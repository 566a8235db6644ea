"""The Document record: identity, overrides, boilerplate and language checks."""

from __future__ import annotations

import datetime

from spacekg.ingest.readers import Document, Overrides, read_text


def test_identity_is_the_url_when_known(fixtures, only_document):
    doc = only_document(fixtures / "article.html")
    assert doc.identity == "https://news.example.org/2025/03/antenna"


def test_identity_of_the_same_text_ignores_whitespace_and_location(tmp_path, only_document):
    (tmp_path / "one.txt").write_text("The agencies signed the deal.\n\nIt covers two missions.\n")
    (tmp_path / "two.txt").write_text("The agencies signed the deal.\n\nIt covers two missions.\n")
    (tmp_path / "wrapped.txt").write_text(
        "  The agencies   signed\nthe deal.\n\n\n\nIt covers two missions.   \n\n"
    )
    (tmp_path / "other.txt").write_text("The agencies signed another deal.\n")
    one, two, wrapped, other = (
        only_document(tmp_path / n) for n in ("one.txt", "two.txt", "wrapped.txt", "other.txt")
    )
    assert one.identity.startswith("sha256:") and len(one.identity) == len("sha256:") + 64
    assert one.identity == two.identity == wrapped.identity
    assert other.identity != one.identity


def test_overrides_win_over_document_metadata(fixtures, only_document):
    overrides = Overrides(
        published=datetime.date(2024, 12, 31),
        source="Analyst Upload",
        url="https://archive.example.org/item/7",
    )
    doc = only_document(fixtures / "article.html", overrides=overrides)
    assert (doc.published, doc.source, doc.url) == (
        datetime.date(2024, 12, 31),
        "Analyst Upload",
        "https://archive.example.org/item/7",
    )
    assert doc.title == "Agencies share a deep-space antenna"  # not overridden
    assert doc.identity == "https://archive.example.org/item/7"


def test_published_override_rescues_an_unreadable_date(tmp_path, only_document, failure_reason):
    path = tmp_path / "a.json"
    path.write_text('{"text": "The agencies met.", "published": "last Tuesday"}')
    assert "cannot read the published date 'last Tuesday'" in failure_reason(path)
    doc = only_document(path, overrides=Overrides(published=datetime.date(2025, 1, 7)))
    assert doc.published == datetime.date(2025, 1, 7)


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
    (doc,) = read_text(b"Kooperation im All.", origin="x.txt")
    assert doc.text == "Kooperation im All."


def test_english_with_names_and_numbers_passes():
    text = (
        "The China National Space Administration said on Thursday that 7 institutions, "
        "including universities in Germany, Japan and Pakistan, would receive Chang'e 5 "
        "samples; CNSA head Shan Zhongde called the 1,731 grams a shared treasure."
    )
    (doc,) = read_text(text.encode(), origin="x.txt")
    assert isinstance(doc, Document)
