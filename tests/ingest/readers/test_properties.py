"""Property tests: whatever the bytes, readers give Documents or input errors, never a crash.

Each property runs a bounded number of examples (a few seconds in all); a failure prints the
smallest input that shows it.
"""

from __future__ import annotations

import datetime
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spacekg.errors import InputError
from spacekg.ingest.readers import FORMATS, Document, ReadFailure, read_text
from spacekg.ingest.readers.dates import parse_date

BOUNDED = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FORMAT_NAMES = [None, *FORMATS]


def assert_read_cleanly(results: list[Document | ReadFailure]) -> None:
    """Every result is a Document of storable text or a failure the user can act on."""
    assert results
    for result in results:
        if isinstance(result, ReadFailure):
            assert result.reason and "bug in SpaceKG" not in result.reason, result
        else:
            assert isinstance(result, Document)
            for value in (result.text, result.title, result.source, result.url):
                if value is not None:
                    value.encode("utf-8")  # no lone surrogates: the store must take it
                    assert "\x00" not in value


@BOUNDED
@given(data=st.binary(max_size=2000), fmt=st.sampled_from(FORMAT_NAMES))
def test_any_bytes_in_any_format(data, fmt):
    assert_read_cleanly(read_text(data, origin="fuzz", fmt=fmt))


@BOUNDED
@given(text=st.text(max_size=2000), fmt=st.sampled_from(FORMAT_NAMES))
def test_any_text_in_any_format(text, fmt):
    data = text.encode("utf-8", errors="surrogatepass")
    assert_read_cleanly(read_text(data, origin="fuzz", fmt=fmt))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=50),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5)
    ),
    max_leaves=30,
)
article_fields = st.fixed_dictionaries(
    {},
    optional={
        key: json_values | st.text(max_size=300)
        for key in ("text", "title", "url", "published", "source")
    },
)


@BOUNDED
@given(value=json_values | article_fields | st.lists(article_fields, max_size=4))
def test_any_json(value):
    data = json.dumps(value).encode("utf-8")  # escapes lone surrogates as \udxxx
    assert_read_cleanly(read_text(data, origin="fuzz.json", fmt="json"))
    assert_read_cleanly(read_text(data, origin="fuzz"))


@BOUNDED
@given(lines=st.lists(article_fields | json_values, min_size=1, max_size=5))
def test_any_json_lines(lines):
    data = "\n".join(json.dumps(line) for line in lines).encode("utf-8")
    assert_read_cleanly(read_text(data, origin="fuzz.jsonl", fmt="jsonl"))


@BOUNDED
@given(
    body=st.text(
        alphabet=st.characters(codec="utf-8", categories=["L", "N", "P", "Z", "S", "Cc"]),
        max_size=400,
    ),
    headline=st.text(max_size=80),
    dateline=st.sampled_from(
        [
            "",
            "WASHINGTON (AP) — ",
            "PARIS, 12 March 2024 /PRNewswire/ -- ",
            "Moscow, Tuesday — ",
            "NEW DELHI: ",
        ]
    ),
)
def test_any_wire_copy_shape(body, headline, dateline):
    data = f"{headline}\n\n{dateline}{body}".encode("utf-8", errors="surrogatepass")
    assert_read_cleanly(read_text(data, origin="fuzz.txt", fmt="text"))


@BOUNDED
@given(value=st.text(max_size=60))
def test_any_string_as_a_publication_date(value):
    parsed = parse_date(value)
    assert parsed is None or isinstance(parsed, datetime.date)


@BOUNDED
@given(day=st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2199, 12, 31)))
def test_every_date_written_in_the_usual_ways_reads_back(day):
    for written in (
        day.isoformat(),
        day.strftime("%d %B %Y"),
        day.strftime("%B %d, %Y"),
        day.strftime("%a, %d %b %Y 10:00:00 +0000"),
    ):
        assert parse_date(written) == day, written


def test_read_failures_are_input_errors_for_the_http_and_cli_layers():
    # the one exception tree: a reader's refusal is an InputError wherever it is raised
    from spacekg.errors import ReadError

    assert issubclass(ReadError, InputError)
    with pytest.raises(InputError, match="empty file"):
        raise ReadError("empty file")


MARKUP = {
    "feed": "<rss version='2.0'><channel><title>F{ref}</title><item><title>T{ref}</title>"
    "<description>{text}</description></item></channel></rss>",
    "html": "<html><head><title>T{ref}</title></head><body><article><p>{text}</p></article>"
    "</body></html>",
    "markdown": "# T{ref}\n\n{text}",
}


@BOUNDED
@given(
    fmt=st.sampled_from(sorted(MARKUP)),
    code=st.integers(min_value=0, max_value=0x120000),
    hexadecimal=st.booleans(),
    words=st.text(max_size=200),
)
def test_any_character_reference_in_markup(fmt, code, hexadecimal, words):
    ref = f"&#x{code:X};" if hexadecimal else f"&#{code};"
    text = f"The two agencies signed {ref} a relay deal. {words}"
    data = MARKUP[fmt].format(ref=ref, text=text).encode("utf-8", errors="surrogatepass")
    assert_read_cleanly(read_text(data, origin="fuzz", fmt=fmt))
