"""Reading pasted figures, and rounding them as Excel's ROUND does."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ehxl.numbers import ValueReadError, excel_round, read_value


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (0.125, 2, "0.13"),  # 12.5% at 0 dp shows 13%
        (2.5, 0, "3"),
        (-2.5, 0, "-3"),  # away from zero, not to even
        (0.1 + 0.2, 1, "0.3"),
        (1.005, 2, "1.01"),  # binary 1.00499999... is 1.005 to Excel
        (0.0583, 3, "0.058"),
        (4671, 0, "4671"),
        (0.62934, 3, "0.629"),
    ],
)
def test_rounding_is_half_away_from_zero_like_excel(value, places, expected):
    assert excel_round(value, places) == Decimal(expected)


@pytest.mark.parametrize(
    ("raw", "percent", "scale", "number"),
    [
        (386, False, "fraction", 386.0),
        ("386", False, "fraction", 386.0),
        ("1,234", False, "fraction", 1234.0),
        ("237.63", False, "fraction", 237.63),
        ("67.2%", True, "fraction", 0.672),
        (0.672, True, "fraction", 0.672),
        (67.2, True, "percent", 0.672),
        ("67.2", True, "percent", 0.672),
        ("169%", True, "fraction", 1.69),  # 169% of target
        (0, False, "fraction", 0.0),
    ],
)
def test_figures_are_read_as_numbers(raw, percent, scale, number):
    assert read_value(raw, percent, scale).number == pytest.approx(number)


def test_a_cell_excel_formats_as_a_percentage_is_a_fraction():
    assert read_value(0.672, True, "percent", percent_cell=True).number == 0.672


@pytest.mark.parametrize(
    "raw", ["N/A", "Data In Development", "Annual Measure", "=1+1", "=== Awaiting ==="]
)
def test_text_that_starts_with_a_letter_or_sign_is_a_note(raw):
    assert read_value(raw, False).note == raw


@pytest.mark.parametrize("raw", [None, "", "   ", float("nan")])
def test_blank_empty_text_and_missing_are_the_same(raw):
    assert read_value(raw, False).is_blank


@pytest.mark.parametrize(
    ("raw", "percent", "code"),
    [
        ("12O", False, "number"),
        ("1.2.3", False, "number"),
        (-5, False, "negative"),
        ("-5", False, "negative"),
        (67.2, True, "scale"),
        ("67.2%", False, "percent"),
        (1e300, False, "size"),
        (float("inf"), False, "size"),
        (True, False, "boolean"),
        (dt.datetime(2019, 3, 1), False, "date"),
    ],
)
def test_values_that_cannot_be_figures_are_refused(raw, percent, code):
    with pytest.raises(ValueReadError) as caught:
        read_value(raw, percent)
    assert caught.value.code == code
