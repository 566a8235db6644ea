"""Markdown articles: syntax stripped, a top heading as title."""

from __future__ import annotations


def test_markdown_syntax_is_stripped_and_heading_becomes_title(fixtures, only_document):
    doc = only_document(fixtures / "article.md")
    assert doc.title == "Gateway partners add a science airlock"
    assert doc.text.split("\n\n") == [
        (
            "The four partner agencies agreed on Tuesday to add a science airlock to the lunar "
            "gateway station."
        ),
        "Who provides what",
        "One agency builds the hatch.",
        "Another supplies the robotic arm.",
        "airlock: approved",
        "Engineers said the design review would finish by June.",
    ]
    for syntax in ("#", "*", "[", "](", "`", "!["):
        assert syntax not in doc.text
