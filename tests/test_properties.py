"""Properties that hold for any pasted value, found by hypothesis."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from ehxl.numbers import EXPECTED, ValueReadError, excel_round, read_value

PASTED = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(),
    st.datetimes(),
)


@given(PASTED, st.booleans(), st.sampled_from(["fraction", "percent"]), st.booleans())
def test_any_pasted_value_is_a_figure_a_note_blank_or_a_named_problem(
    raw, percent, scale, percent_cell
):
    try:
        reading = read_value(raw, percent, scale, percent_cell)
    except ValueReadError as exc:
        assert exc.code in EXPECTED
        return
    if reading.number is not None:
        assert reading.number >= 0
        assert reading.note is None


@given(st.floats(min_value=-1e9, max_value=1e9), st.integers(min_value=0, max_value=6))
def test_rounding_is_never_further_than_half_a_unit(value, places):
    rounded = excel_round(value, places)
    unit = Decimal(1).scaleb(-places)
    assert abs(rounded - Decimal(f"{value:.15g}")) <= unit / 2
