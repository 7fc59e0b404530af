"""Date and date-range parsing in the shapes Ofsted and councils print."""

from __future__ import annotations

import datetime as dt

import pytest

from ofsted_mine.extract.dates import (
    find_date_range,
    find_dates,
    parse_date,
    parse_date_range,
    parse_month_year,
)

D = dt.date


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Inspection dates: 8 to 19 July 2024", D(2024, 7, 8), D(2024, 7, 19)),
        ("10 June 2019 to 21 June 2019", D(2019, 6, 10), D(2019, 6, 21)),
        ("Inspection dates: 12 September to 6 October 2016", D(2016, 9, 12), D(2016, 10, 6)),
        ("11 and 12 July 2018", D(2018, 7, 11), D(2018, 7, 12)),
        ("6–7 October 2021", D(2021, 10, 6), D(2021, 10, 7)),
        ("6-7 October 2021", D(2021, 10, 6), D(2021, 10, 7)),
        ("28 November — 9 December 2016", D(2016, 11, 28), D(2016, 12, 9)),
        ("on 5, 6 and 7 March 2019.", D(2019, 3, 5), D(2019, 3, 7)),
        ("30 December 2019 to 3 January 2020", D(2019, 12, 30), D(2020, 1, 3)),
        ("30 December to 3 January 2020", D(2019, 12, 30), D(2020, 1, 3)),
        ("Monday 8 July to Friday 19 July 2024", D(2024, 7, 8), D(2024, 7, 19)),
        ("25th November 2016", D(2016, 11, 25), D(2016, 11, 25)),
        ("the 1st of March 2017", D(2017, 3, 1), D(2017, 3, 1)),
        ("8 Sept 2016", D(2016, 9, 8), D(2016, 9, 8)),
        ("as at 31.3.2017", D(2017, 3, 31), D(2017, 3, 31)),
        ("dated 31/03/2017.", D(2017, 3, 31), D(2017, 3, 31)),
        ("2017-03-31", D(2017, 3, 31), D(2017, 3, 31)),
        ("31.3.17", D(2017, 3, 31), D(2017, 3, 31)),
        ("31.3.2017 to 4.4.2017", D(2017, 3, 31), D(2017, 4, 4)),
        ("July 8-19, 2024", D(2024, 7, 8), D(2024, 7, 19)),
    ],
)
def test_ranges_and_single_dates(text: str, start: dt.date, end: dt.date) -> None:
    assert parse_date_range(text) == (start, end)
    assert parse_date(text) == start


def test_match_records_where_it_was() -> None:
    text = "Inspection dates: 8 to 19 July 2024"
    dm = find_date_range(text)
    assert dm is not None and dm.is_range
    assert text[dm.begin : dm.finish] == "8 to 19 July 2024" == dm.text


def test_not_dates() -> None:
    assert parse_date("31 February 2020") is None
    assert parse_date("paragraphs 3 and 4 of the report") is None
    assert parse_date("version 1.2.3.4") is None
    assert parse_date("") is None
    assert parse_date("8 July") is None  # no year and no default


def test_default_year_resolves_year_less_dates() -> None:
    assert parse_date_range("8 to 19 July", default_year=2024) == (D(2024, 7, 8), D(2024, 7, 19))
    assert parse_date("visited on 8 July", default_year=2021) == D(2021, 7, 8)


def test_several_dates_in_order() -> None:
    found = find_dates(
        "Judged inadequate on 8 July 2024 and visited 3 March 2025 (ref 12/05/2025)."
    )
    assert [(d.start, d.end) for d in found] == [
        (D(2024, 7, 8), D(2024, 7, 8)),
        (D(2025, 3, 3), D(2025, 3, 3)),
        (D(2025, 5, 12), D(2025, 5, 12)),
    ]


def test_backwards_pair_is_two_dates_not_a_range() -> None:
    found = find_dates("8 July 2024 and 3 March 2023")
    assert [d.start for d in found] == [D(2024, 7, 8), D(2023, 3, 3)]
    assert not any(d.is_range for d in found)


def test_month_year() -> None:
    assert parse_month_year("judged inadequate in March 2019 and") == D(2019, 3, 1)
    assert parse_month_year("no date here") is None
