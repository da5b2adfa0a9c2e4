"""Months, financial and academic years, quarters, and how periods are written."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from openpyxl.utils.datetime import from_excel

YearKind = Literal["Financial", "Academic"]

# The financial year starts in April, the academic year in September.
YEAR_START_MONTH: dict[str, int] = {"Financial": 4, "Academic": 9}

MONTH_NAMES = {
    name.lower(): number
    for number in range(1, 13)
    for name in (
        dt.date(2000, number, 1).strftime("%b"),
        dt.date(2000, number, 1).strftime("%B"),
    )
}

_TEXT_FORMATS = ("%b-%y", "%B %Y", "%b %Y", "%Y-%m", "%B-%y", "%b-%Y", "%m/%Y")
_DATE_TEXT_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S")

# Excel serial numbers for 1 January 2000 and 31 December 2099: a bare number
# in a period cell is taken as an Excel date only inside that range.
_SERIAL_RANGE = (36526, 73050)


class PeriodError(ValueError):
    """Raised by parse_period; code says why ("day", "format")."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def parse_period(raw: object) -> dt.date:
    """Read the month a figure describes, as the officer or Excel wrote it.

    Accepts an Excel date (the 1st of the month), an Excel serial number, or
    text such as ``Mar-19``, ``March 2019``, ``2019-03`` or ``2019-03-01``.

    Args:
        raw: the cell's value.

    Returns:
        The first day of the month.

    Raises:
        PeriodError: the value is not a month, or is a date other than the 1st
            (Excel turns a typed ``Mar-19`` into 19 March of this year).
    """
    if isinstance(raw, bool):
        raise PeriodError("format", "a month such as Mar-19 or 2019-03")
    if isinstance(raw, int | float) and _SERIAL_RANGE[0] <= raw <= _SERIAL_RANGE[1]:
        raw = from_excel(raw)
    if isinstance(raw, dt.datetime | dt.date):
        return _first_of_month(raw)
    if isinstance(raw, str):
        text = " ".join(raw.split())
        for fmt in _TEXT_FORMATS:
            try:
                parsed = dt.datetime.strptime(text, fmt)
            except ValueError:
                continue
            return parsed.date().replace(day=1)
        for fmt in _DATE_TEXT_FORMATS:
            try:
                parsed = dt.datetime.strptime(text, fmt)
            except ValueError:
                continue
            return _first_of_month(parsed)
    raise PeriodError("format", "a month such as Mar-19, March 2019 or 2019-03")


# The earliest month a figure can describe; the latest is the current month.
EARLIEST = dt.date(2000, 1, 1)


def check_range(period: dt.date, today: dt.date | None = None) -> dt.date:
    """Refuse a month before 2000 or after the current one (a typing slip).

    Raises:
        PeriodError: with code "range".
    """
    latest = (today or dt.date.today()).replace(day=1)
    if not EARLIEST <= period <= latest:
        raise PeriodError(
            "range",
            f"a month from {label(EARLIEST)} to {label(latest)} (this month)",
        )
    return period


def _first_of_month(value: dt.date) -> dt.date:
    day = value.date() if isinstance(value, dt.datetime) else value
    if day.day != 1:
        raise PeriodError(
            "day",
            "the first day of a month (Excel turns a typed Mar-19 into "
            "19 March; type 2019-03 or format the cell as text)",
        )
    return day


def add_months(period: dt.date, months: int) -> dt.date:
    """Return the month ``months`` after ``period`` (negative goes back)."""
    index = period.year * 12 + period.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def months_between(start: dt.date, end: dt.date) -> int:
    """Return how many months ``end`` is after ``start``."""
    return (end.year - start.year) * 12 + end.month - start.month


def label(period: dt.date) -> str:
    """Write a month as the report's headers do: ``Mar-19``."""
    return period.strftime("%b-%y")


def long_label(period: dt.date) -> str:
    """Write a month in words: ``March 2019``."""
    return period.strftime("%B %Y")


def year_start(period: dt.date, kind: YearKind = "Financial") -> dt.date:
    """Return the first month of the financial or academic year of ``period``."""
    start_month = YEAR_START_MONTH[kind]
    year = period.year if period.month >= start_month else period.year - 1
    return dt.date(year, start_month, 1)


def year_label(period: dt.date, kind: YearKind = "Financial") -> str:
    """Name the year of ``period`` as the report does: ``2018/19``."""
    start = year_start(period, kind).year
    return f"{start}/{(start + 1) % 100:02d}"


def year_months(period: dt.date, kind: YearKind = "Financial") -> list[dt.date]:
    """Return the months of the year of ``period``, from its start up to it."""
    start = year_start(period, kind)
    return [add_months(start, n) for n in range(months_between(start, period) + 1)]


def quarter_ends(period: dt.date) -> list[dt.date]:
    """Return the last months of the four quarters of the financial year."""
    start = year_start(period, "Financial")
    return [add_months(start, 3 * n + 2) for n in range(4)]


def quarter_label(quarter_end: dt.date) -> str:
    """Name a financial quarter by its months: ``Quarter 4 (Jan-Mar 19)``."""
    first = add_months(quarter_end, -2)
    number = months_between(year_start(quarter_end), quarter_end) // 3 + 1
    return (
        f"Quarter {number} ({first.strftime('%b')}-"
        f"{quarter_end.strftime('%b')} {quarter_end.strftime('%y')})"
    )


def named_month(name: str) -> int:
    """Return the month number of ``Dec`` or ``December``.

    Raises:
        ValueError: the name is not a month.
    """
    try:
        return MONTH_NAMES[name.strip().lower()]
    except KeyError:
        raise ValueError(f"'{name}' is not a month name") from None
