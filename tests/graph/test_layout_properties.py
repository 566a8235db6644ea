"""Property tests of the facts layout: statements survive the round trip through supports lines.

An article graph keeps each shared statement it makes as one N-Triples line (``skg:supports``);
the store parses those lines back to retract what no article supports any more. Whatever the
terms (any Unicode in literals, language tags, datatypes, blank nodes), a triple must come back
as itself. Hypothesis found that a literal holding U+2028 (or a form feed, or U+0085) came back
as two broken lines; ``layout.lines`` now splits on line feeds only.
"""

from __future__ import annotations

import pyoxigraph as ox
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spacekg.graph import layout
from spacekg.ontology.vocab import BASE, SKG

BOUNDED = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
#: Characters an IRI may hold (RFC 3987 ucschar and unreserved, a few delimiters).
IRI_CHARS = st.characters(
    codec="utf-8",
    categories=("Ll", "Lu", "Lo", "Nd"),
    include_characters="-._~:/?@!$&'()*+,;=",
)

iris = st.builds(
    lambda kind, tail: ox.NamedNode(f"{BASE}{kind}/{tail}"),
    st.sampled_from(["agency", "event", "org", "person", "post", "article", "evidence"]),
    st.text(IRI_CHARS, min_size=1, max_size=20),
)
predicates = st.one_of(
    st.sampled_from([layout.RDF_TYPE, *layout.REPORTED, *layout.REPORTED.values()]),
    st.sampled_from(["actor", "partner", "cooperatesWith", "roleTitle", "evidence"]).map(
        lambda p: ox.NamedNode(str(SKG[p]))
    ),
)
literals = st.one_of(
    st.text().map(ox.Literal),
    st.builds(
        lambda text, tag: ox.Literal(text, language=tag),
        st.text(),
        st.sampled_from(["en", "en-gb", "zh-hans", "x-private"]),
    ),
    st.builds(
        lambda text, datatype: ox.Literal(text, datatype=ox.NamedNode(datatype)),
        st.text(),
        st.sampled_from(
            [f"http://www.w3.org/2001/XMLSchema#{t}" for t in ("date", "integer", "anyURI")]
        ),
    ),
)
blank = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8).map(ox.BlankNode)
triples = st.builds(ox.Triple, st.one_of(iris, blank), predicates, st.one_of(iris, literals))


@BOUNDED
@given(found=st.lists(triples, max_size=12))
def test_supports_lines_parse_back_to_the_same_triples(found: list[ox.Triple]) -> None:
    written = layout.lines(found)
    assert len(written) == len(found)  # one line per triple, whatever its literals hold
    assert layout.parse_lines(written) == found


@BOUNDED
@given(found=st.lists(triples, max_size=12))
def test_split_keeps_every_statement_once_in_one_part(found: list[ox.Triple]) -> None:
    own, shared = layout.split(found)
    assert len(set(shared)) == len(shared)
    for t in found:
        if t in own:
            assert t not in shared
        elif t.predicate in layout.REPORTED:  # each report's value, kept under its own name
            assert ox.Triple(t.subject, layout.REPORTED[t.predicate], t.object) in shared
        elif t.predicate != layout.DATE_UNKNOWN:  # which follows from having no reported date
            assert t in shared
