"""Relative dates in news text resolve against the publication date, with their precision."""

from __future__ import annotations

from datetime import date

import pytest

from spacekg.ingest.dates import find_dates

FRIDAY = date(2025, 4, 25)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the agency said on Thursday", "2025-04-24"),
        ("told reporters on Friday", "2025-04-25"),
        ("last Friday", "2025-04-18"),
        ("In June last year, the probe landed", "2024-06"),
        ("In October last year", "2024-10"),
        ("earlier this month", "2025-04"),
        ("last month", "2025-03"),
        ("last year", "2024"),
        ("two weeks ago", "2025-04"),
        ("three days ago", "2025-04-22"),
        ("signed on December 13, 2022 in Washington", "2022-12-13"),
        ("on 12 July 2022 the council", "2022-07-12"),
        ("in March 2022", "2022-03"),
        ("In 2020, the mission", "2020"),
        ("yesterday", "2025-04-24"),
        ("on 2024-10-03", "2024-10-03"),
    ],
)
def test_expressions_resolve_against_publication(text: str, expected: str) -> None:
    assert [d.iso for d in find_dates(text, FRIDAY)] == [expected]


def test_a_bare_month_is_the_last_one_unless_the_sentence_speaks_of_the_future() -> None:
    assert [d.iso for d in find_dates("launched in May", FRIDAY)] == ["2024-05"]
    assert [d.iso for d in find_dates("will launch in May", FRIDAY, future=True)] == ["2025-05"]


def test_numbers_that_are_not_dates_are_left_alone() -> None:
    assert find_dates("tariffs of up to 245 per cent on 125 products", FRIDAY) == []
    assert find_dates("the rocket may 5 times", FRIDAY) == []


def test_precision_maps_to_xsd_types() -> None:
    day, month, year = (
        find_dates(t, FRIDAY)[0] for t in ("on Thursday", "in June last year", "in 2020")
    )
    assert (day.xsd_type, month.xsd_type, year.xsd_type) == ("date", "gYearMonth", "gYear")


def test_offsets_point_at_the_expression() -> None:
    text = "Officials met on Thursday in Beijing."
    (found,) = find_dates(text, FRIDAY)
    assert text[found.start : found.end] == "on Thursday"


def test_a_weekday_fixes_the_year_when_there_is_no_publication_date() -> None:
    (found,) = find_dates("the rule takes effect Wednesday, Aug. 24", None)
    assert found.iso.endswith("-08-24") and date(found.year, 8, 24).weekday() == 2


def test_a_range_is_dated_by_its_start() -> None:
    assert [d.iso for d in find_dates("between 2019 and 2021", FRIDAY)][:1] == ["2019"]
