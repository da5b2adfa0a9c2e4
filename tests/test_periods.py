"""Months, years and quarters as the report names them."""

from __future__ import annotations

import datetime as dt

import pytest

from ehxl import periods

MARCH_2019 = dt.date(2019, 3, 1)


@pytest.mark.parametrize(
    "raw",
    [
        dt.datetime(2019, 3, 1),
        dt.date(2019, 3, 1),
        "Mar-19",
        "March 2019",
        "2019-03",
        "2019-03-01",
        " Mar  2019 ",
        43525,  # Excel's serial number for 1 March 2019
    ],
)
def test_every_way_of_writing_march_2019_is_the_same_month(raw):
    assert periods.parse_period(raw) == MARCH_2019


@pytest.mark.parametrize("raw", [dt.datetime(2026, 3, 19), "2019-03-19"])
def test_a_date_other_than_the_first_is_refused(raw):
    # Excel turns a typed "Mar-19" into 19 March of the current year.
    with pytest.raises(periods.PeriodError, match="first day of a month") as caught:
        periods.parse_period(raw)
    assert caught.value.code == "day"


@pytest.mark.parametrize("raw", ["March", "13/2019", "next month", True, 12, None])
def test_text_that_is_not_a_month_is_refused(raw):
    with pytest.raises(periods.PeriodError) as caught:
        periods.parse_period(raw)
    assert caught.value.code == "format"


@pytest.mark.parametrize(
    ("month", "kind", "start", "label"),
    [
        (dt.date(2018, 4, 1), "Financial", dt.date(2018, 4, 1), "2018/19"),
        (dt.date(2019, 3, 1), "Financial", dt.date(2018, 4, 1), "2018/19"),
        (dt.date(2019, 4, 1), "Financial", dt.date(2019, 4, 1), "2019/20"),
        (dt.date(2018, 9, 1), "Academic", dt.date(2018, 9, 1), "2018/19"),
        (dt.date(2019, 8, 1), "Academic", dt.date(2018, 9, 1), "2018/19"),
        (dt.date(2019, 9, 1), "Academic", dt.date(2019, 9, 1), "2019/20"),
        (dt.date(2099, 12, 1), "Financial", dt.date(2099, 4, 1), "2099/00"),
    ],
)
def test_years_start_in_april_or_september(month, kind, start, label):
    assert periods.year_start(month, kind) == start
    assert periods.year_label(month, kind) == label


def test_april_is_month_one_and_march_month_twelve_of_the_financial_year():
    months = periods.year_months(MARCH_2019)
    assert months[0] == dt.date(2018, 4, 1)
    assert len(months) == 12
    assert periods.year_months(dt.date(2018, 4, 1)) == [dt.date(2018, 4, 1)]


@pytest.mark.parametrize(
    ("quarter_end", "label"),
    [
        (dt.date(2018, 6, 1), "Quarter 1 (Apr-Jun 18)"),
        (dt.date(2018, 9, 1), "Quarter 2 (Jul-Sep 18)"),
        (dt.date(2018, 12, 1), "Quarter 3 (Oct-Dec 18)"),
        (dt.date(2019, 3, 1), "Quarter 4 (Jan-Mar 19)"),
    ],
)
def test_quarters_are_named_by_their_months(quarter_end, label):
    assert periods.quarter_label(quarter_end) == label


def test_headers_read_like_the_seed():
    assert periods.label(MARCH_2019) == "Mar-19"
    assert periods.long_label(MARCH_2019) == "March 2019"
    assert periods.add_months(MARCH_2019, -2) == dt.date(2019, 1, 1)
    assert periods.add_months(MARCH_2019, 10) == dt.date(2020, 1, 1)
