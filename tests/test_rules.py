"""YTD, DOT and RAG rules, case by case."""

from __future__ import annotations

import datetime as dt

import pytest
from factories import make_catalogue, make_figures

from ehxl import rules
from ehxl.rules import NOT_COMPARABLE, Figure

MARCH = dt.date(2019, 3, 1)
FEB = dt.date(2019, 2, 1)


def months(values, start="2018-04"):
    year, month = map(int, start.split("-"))
    found = {}
    for value in values:
        if value is not None:
            found[f"{year}-{month:02d}"] = value
        month += 1
        if month == 13:
            year, month = year + 1, 1
    return found


def ytd_of(row, values, month=MARCH, extra=None):
    indicators = make_catalogue(row, *(extra or []))
    held = {("T1", row.get("Measure", "Number"), p): v for p, v in values.items()}
    figures = make_figures(indicators, held)
    return rules.ytd(indicators[f"T1 {row.get('Measure', 'Number')}"], figures, month)


# 1.1's months from the seed's contact numbers table: YTD 4671.
CONTACTS = [378, 394, 428, 440, 323, 359, 482, 353, 309, 451, 368, 386]


@pytest.mark.parametrize(
    ("rule", "values", "month", "expected"),
    [
        ("sum", CONTACTS, MARCH, 4671),
        ("sum", CONTACTS, dt.date(2018, 4, 1), 378),
        ("sum", [*CONTACTS[:3], "N/A", *CONTACTS[4:]], MARCH, 4671 - 440),
        ("latest", [1677, 1732, 1830, *[None] * 8, 1813], MARCH, 1813),
        ("latest", [1677, 1732, None], dt.date(2018, 6, 1), 1732),
        ("mean", [10, 20, 30, 40], dt.date(2018, 7, 1), 25),
    ],
)
def test_ytd_rules(rule, values, month, expected):
    result = ytd_of({"YTD rule": rule}, months(values), month)
    assert result.number == pytest.approx(expected)


def test_ytd_sum_restarts_in_april():
    values = months([100] * 13)
    assert ytd_of({"YTD rule": "sum"}, values, dt.date(2019, 4, 1)).number == 100


def test_ytd_sums_academic_year_measures_from_september():
    values = months([1] * 12)
    result = ytd_of({"YTD rule": "sum", "Year": "Academic"}, values, MARCH)
    assert result.number == 7  # September to March


def test_ytd_ratio_sums_numerators_over_denominators():
    # 3.2a: 725 EHAs in time out of 1152 in scope is 62.9%, not the mean of months.
    tops = [36, 55, 42, 50, 43, 59, 81, 52, 61, 88, 74, 84]
    bottoms = [74, 94, 76, 94, 85, 92, 125, 73, 84, 117, 113, 125]
    indicators = make_catalogue(
        {"Measure": "Number"},
        {"Measure": "Scope"},
        {
            "Measure": "%",
            "Value type": "Percent",
            "Decimals": "1",
            "YTD rule": "ratio",
            "Derived from": "T1 Number / T1 Scope",
        },
    )
    held = {("T1", "Number", p): v for p, v in months(tops).items()}
    held |= {("T1", "Scope", p): v for p, v in months(bottoms).items()}
    figures = make_figures(indicators, held)
    result = rules.ytd(indicators["T1 %"], figures, MARCH)
    assert result.number == pytest.approx(725 / 1152)
    assert figures.at("T1 %", MARCH).number == pytest.approx(84 / 125)


def test_a_zero_denominator_is_not_comparable():
    indicators = make_catalogue(
        {"Measure": "Number"},
        {"Measure": "Scope"},
        {
            "Measure": "%",
            "Value type": "Percent",
            "YTD rule": "ratio",
            "Derived from": "T1 Number / T1 Scope",
        },
    )
    figures = make_figures(
        indicators, {("T1", "Number", "2019-03"): 0, ("T1", "Scope", "2019-03"): 0}
    )
    assert figures.at("T1 %", MARCH).value is NOT_COMPARABLE
    assert rules.ytd(indicators["T1 %"], figures, MARCH).value is NOT_COMPARABLE


def test_mean_of_named_months_averages_dec_jan_feb():
    # 9.1's annual measure: the mean of 3.6%, 2.5% and 1.3% is 2.5%.
    indicators = make_catalogue(
        {"Measure": "%", "Value type": "Percent", "Decimals": "1", "YTD rule": "none"},
        {
            "Measure": "Annual",
            "Value type": "Percent",
            "Decimals": "1",
            "YTD rule": "mean of months",
            "YTD of": "T1 %",
            "YTD months": "Dec, Jan, Feb",
        },
    )
    held = {
        ("T1", "%", "2018-11"): 0.043,
        ("T1", "%", "2018-12"): 0.036,
        ("T1", "%", "2019-01"): 0.025,
        ("T1", "%", "2019-02"): 0.013,
        ("T1", "%", "2019-03"): 0.0246,
    }
    result = rules.ytd(indicators["T1 Annual"], make_figures(indicators, held), MARCH)
    assert result.number == pytest.approx((0.036 + 0.025 + 0.013) / 3)


def test_supplied_ytd_is_the_figure_pasted_as_ytd():
    values = {"2019-02": 51, "2019-03": 47, "YTD:2019-03": 579}
    assert ytd_of({"YTD rule": "supplied"}, values).number == 579
    assert ytd_of({"YTD rule": "supplied"}, values, FEB).value is None


def test_ytd_none_is_blank():
    assert ytd_of({"YTD rule": "none"}, months(CONTACTS)).value is None


def judge(row, now, before, status=None):
    measure = make_catalogue(row)[f"T1 {row.get('Measure', 'Number')}"]
    return rules.dot(measure, Figure(now), Figure(before), status)


@pytest.mark.parametrize(
    ("polarity", "now", "before", "status", "expected"),
    [
        ("Info", 386.0, 368.0, None, rules.INCREASE),
        ("Info", 368.0, 386.0, None, rules.DECREASE),
        ("Info", 10.0, 10.0, None, rules.STABLE),
        ("High", 67.2, 65.5, rules.RED, rules.IMPROVED),
        ("Low", 10.0, 12.0, rules.RED, rules.IMPROVED),
        ("High", 10.0, 12.0, rules.GREEN, rules.DECLINE_WITHIN),
        ("High", 10.0, 12.0, rules.AMBER, rules.DECLINE_WITHIN),
        ("High", 10.0, 12.0, rules.RED, rules.DECLINE),
        ("High", 10.0, 12.0, None, rules.DECLINE),  # no target
        ("Low", 2.46, 1.3, rules.GREEN, rules.DECLINE_WITHIN),
        ("High", 10.0, 10.0, rules.RED, rules.SAME),
        ("Info", 5.0, None, None, rules.NO_DOT),
        ("Info", None, 5.0, None, None),
    ],
)
def test_dot_follows_the_seed_key(polarity, now, before, status, expected):
    assert judge({"Polarity": polarity}, now, before, status) is expected


def test_dot_compares_displayed_values():
    # 67.24% and 67.16% both show as 67.2%: stable, not a decline.
    row = {"Polarity": "High", "Value type": "Percent", "Decimals": "1"}
    assert judge(row, 0.6716, 0.6724, rules.RED) is rules.SAME


def rag_of(row, value):
    indicators = make_catalogue(row)
    measure = indicators[f"T1 {row.get('Measure', 'Number')}"]
    return rules.rag(measure, Figure(value), indicators.settings)


PERCENT = {"Value type": "Percent", "Decimals": "1"}
# 3.2a's bands: Red below 75%, Amber 75% up to 85%, Green from 85%.
BANDED = {**PERCENT, "Polarity": "High", "Red": "<75%", "Green": "85%"}


@pytest.mark.parametrize(
    ("row", "value", "expected"),
    [
        (BANDED, 0.629, rules.RED),
        (BANDED, 0.75, rules.AMBER),
        (BANDED, 0.8499, rules.GREEN),
        (BANDED, 0.8449, rules.AMBER),
        # 11.2 is Info with bands: higher is better by its Red band.
        ({**PERCENT, "Red": "<90%", "Green": ">=95%"}, 1.0, rules.GREEN),
        ({**PERCENT, "Red": "<90%", "Green": ">=95%"}, 0.93, rules.AMBER),
        # Target and default tolerance: 2 points for percentages.
        ({**PERCENT, "Polarity": "Low", "Green": "13.1%"}, 0.136, rules.AMBER),
        ({**PERCENT, "Polarity": "Low", "Green": "8.2%"}, 0.107, rules.RED),
        ({**PERCENT, "Polarity": "High", "Green": "96.0%"}, 0.953, rules.AMBER),
        # ... and 5% of target for counts.
        ({"Polarity": "High", "Green": "123"}, 122, rules.AMBER),
        ({"Polarity": "High", "Green": "123"}, 116, rules.RED),
        ({"Polarity": "Low", "Decimals": "2", "Green": "10.3"}, 14.26, rules.RED),
        ({"Polarity": "High", "Green": "2674"}, 2679, rules.GREEN),
        # Tolerance overridden per indicator.
        ({"Polarity": "High", "Green": "100", "Tolerance": "20"}, 81, rules.AMBER),
        (
            {
                "Polarity": "High",
                "Green": "100",
                "Tolerance": "10",
                "Tolerance type": "absolute",
            },
            89,
            rules.RED,
        ),
        # Meeting the target exactly, at displayed precision, is Green.
        ({"Polarity": "Low", "Decimals": "1", "Green": "0.3"}, 0.1 + 0.2, rules.GREEN),
        ({**PERCENT, "Polarity": "Low", "Green": "2.5%"}, 0.0246, rules.GREEN),
        # No numeric target, or a % target on a count: no RAG.
        ({"Polarity": "Low", "Green": "Lower than last year"}, 194, None),
        ({"Polarity": "High", "Green": "100%"}, 1, None),
        ({"Polarity": "Info", "Green": "100"}, 1, None),
    ],
)
def test_rag(row, value, expected):
    assert rag_of(row, value) is expected


def test_rag_reads_a_target_excel_turned_into_a_number():
    # An officer typing 85% into Excel leaves 0.85 formatted as a percentage.
    from ehxl.catalogue import Shown, threshold

    found = threshold(Shown(0.85, "0%"))
    assert (float(found.value), found.percent) == (0.85, True)
