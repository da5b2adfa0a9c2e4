"""The March 2019 Performance Summary, replayed from the sample year, against the seed.

Every expected value is the seed's (../shared/seed/early-help-report-2019-03.txt,
"Performance Summary"), except where a test below names the seed's own mistake.
"""

from __future__ import annotations

import pytest

# (row key, column key, as the seed shows it)
SEED_FIGURES = [
    ("1.1 Number", "m1", "451"),
    ("1.1 Number", "m2", "368"),
    ("1.1 Number", "m3", "386"),
    ("1.1 Number", "ytd", "4671"),
    ("1.2 Number", "ytd", "2890"),
    ("2.1 Number", "ytd", "1061"),
    ("2.2 Number", "ytd", "770"),
    ("3.1a Number", "ytd", "1152"),
    ("3.2a Number", "m3", "84"),
    ("3.2a Number", "ytd", "725"),
    ("3.2a %", "m1", "75.2%"),
    ("3.2a %", "m2", "65.5%"),
    ("3.2a %", "m3", "67.2%"),
    ("3.2a %", "ytd", "62.9%"),
    ("3.2a %", "rag", "R"),
    ("3.2a %", "red", "<75%"),
    ("3.2a %", "amber", ">75% <85%"),
    ("3.3 Number", "ytd", "397"),
    ("3.3 %", "m1", "16.5%"),
    ("3.3 %", "m2", "15.2%"),
    ("3.3 %", "m3", "22.8%"),
    ("3.3 %", "ytd", "24.9%"),
    ("4.1 Families", "m3", "1813"),
    ("4.1 Families", "ytd", "1813"),
    ("4.1 Children", "ytd", "4044"),
    ("4.2 Number", "ytd", "2661"),
    ("4.3 Number", "ytd", "579"),
    ("4.3 %", "ytd", "18.6%"),
    ("5.3 Families", "ytd", "559"),
    ("5.3 Children", "ytd", "1309"),
    ("5.4 Number", "m1", "Data In Development"),
    ("6.1 %", "m3", "95.0%"),
    ("6.1 %", "rag", "G"),
    ("6.1 %", "dot", "↑"),
    ("6.2 %", "m3", "67.0%"),
    ("6.2 %", "rag", "G"),
    ("7.1 Primary", "m2", "10.7%"),
    ("7.1 Primary", "ytd", "10.7% (Half term 1-3)"),
    ("7.1 Primary", "rag", "R"),
    ("7.1 Secondary", "ytd", "13.6% (Half term 1-3)"),
    ("7.1 Secondary", "rag", "A"),
    ("7.2 Primary", "m3", "March Data will be reported in April"),
    ("7.2 Primary", "ytd", "95.7%"),
    ("7.2 Primary", "rag", "A"),
    ("7.2 Secondary", "ytd", "94.7%"),
    ("7.2 Secondary", "rag", "A"),
    ("8.1 Number", "ytd", "2679"),
    ("8.1 Number", "rag", "G"),
    ("8.1 Cumulative %", "m1", "84%"),
    ("8.1 Cumulative %", "m2", "92%"),
    ("8.1 Cumulative %", "m3", "100%"),
    ("8.1 Cumulative %", "rag", "G"),
    ("8.2 Number", "ytd", "122"),
    ("8.3 Number", "ytd", "749"),
    ("9.1 Annual", "m1", "Annual Measure"),
    ("9.1 Annual", "ytd", "2.5%"),
    ("9.1 Annual", "rag", "G"),
    ("9.1 %", "m3", "2.5%"),
    ("9.1 %", "rag", "G"),
    ("9.2 Annual", "ytd", "3.3%"),
    ("9.2 %", "m3", "3.4%"),
    ("9.2 %", "rag", "G"),
    ("9.3 Annual", "ytd", "5.8%"),
    ("9.3 %", "m1", "5.9%"),
    ("9.3 %", "m2", "4.5%"),
    ("9.3 %", "rag", "G"),
    ("9.4 %", "m3", "56.2%"),
    ("9.4 %", "rag", "R"),
    ("9.4 %", "dot", "↓"),
    ("9.5 %", "rag", "R"),
    ("9.5 %", "dot", "↓"),
    ("9.6 %", "dot", "↓"),
    ("9.7 Centre based", "m1", "39"),
    ("9.7 Centre based", "ytd", "638"),
    ("9.7 Non-centre based", "ytd", "478"),
    ("10.1 Rate", "ytd", "194 (Oct17 - Dec18)"),
    ("10.2 Rate", "ytd", "0.12 (Jan17 - Dec18)"),
    ("10.3 %", "ytd", "30.4% (Apr16 - Mar17)"),
    ("10.5 Rate", "ytd", "3.29 (Apr16 - Mar17)"),
    ("11.2 %", "ytd", "97.2%"),
    ("11.3 Number", "ytd", "5"),
    ("11.4 Number", "ytd", "2"),
    ("11.5 Number", "ytd", "5"),
    ("11.6 Number", "ytd", "35"),
    ("12.1 Number", "ytd", "110"),
    ("13.1 Contract Count", "ytd", "305"),
    ("13.1 FTE", "ytd", "234.87"),
    ("13.2 Number", "ytd", "20"),
    ("13.3 Number", "ytd", "31"),
    ("13.4 Number", "ytd", "54"),
    ("13.5 %", "m3", "99.31%"),
    ("13.5 %", "ytd", "100.00%"),
    ("13.5 %", "rag", "G"),
    ("13.6 Number", "ytd", "0"),
    ("13.7 FTE sick days", "ytd", "14.26"),
    ("13.7 FTE sick days", "rag", "R"),
    ("13.7 FTE sick days", "dot", "↓"),
    ("2.1 Number", "dot", "↓"),
    ("4.2 Number", "dot", "↑"),
    ("12.1 Number", "dot", "↑"),
    ("13.6 Number", "dot", "→"),
]


@pytest.mark.parametrize(("key", "column", "expected"), SEED_FIGURES)
def test_summary_shows_the_seed_figure(summary, key, column, expected):
    assert summary[key][column].text == expected


def test_ytd_figures_are_numbers_not_text(summary):
    # A figure stays a number in Excel; its note is part of the number format.
    cell = summary["7.1 Primary"]["ytd"]
    assert cell.value == pytest.approx(0.107)
    assert cell.number_format == '0.0%" (Half term 1-3)"'


def test_headers_name_the_last_three_months_and_the_year(summary):
    header = summary["@header"]
    assert [header[k].text for k in ("m1", "m2", "m3")] == [
        "Jan-19",
        "Feb-19",
        "Mar-19",
    ]
    assert header["ytd"].text == "Year To Date 2018/19"
    assert [header[k].text for k in ("trend1", "trend2", "trend3")] == [
        "2015/16",
        "2016/17",
        "2017/18",
    ]


def test_combined_neet_is_derived_from_unrounded_figures(summary):
    # The seed's narrative gives 2.46% not known and 3.37% NEET for March:
    # 5.83% shows as 5.8%, where the rounded 2.5% + 3.4% would give 5.9%.
    assert summary["9.3 %"]["m3"].text == "5.8%"
    assert summary["9.3 %"]["m3"].value == pytest.approx(0.0583)


# The seed's manual DOT contradicts its own key for these rows: each figure
# rose, and an Info measure that rises is "increase in numbers" (up arrow).
SEED_DOT_MISTAKES = [
    ("1.1 Number", "↑", "↓", "386 after 368"),
    ("3.1a Number", "↑", "↓", "125 after 113"),
    ("3.2a Number", "↑", "↓", "84 after 74"),
    ("3.3 Number", "↑", "↓", "36 after 17"),
    ("11.3 Number", "↓", "↑", "0 after 2"),
    ("11.4 Number", "↑", "→", "1 after 0"),
    ("11.5 Number", "→", "↑", "1 after 1"),
]


@pytest.mark.parametrize(("key", "rule", "seed", "why"), SEED_DOT_MISTAKES)
def test_dot_follows_the_key_where_the_seed_does_not(summary, key, rule, seed, why):
    assert summary[key]["dot"].text == rule, f"seed shows {seed} for {why}"


# A decline that is still Green or Amber is the key's "↗"; the seed shows "↓".
SEED_DECLINE_WITHIN_TARGET = [
    "7.2 Primary",
    "7.2 Secondary",
    "8.1 Number",
    "8.2 Number",
    "9.1 %",
    "9.2 %",
    "9.3 %",
    "13.5 %",
]


@pytest.mark.parametrize("key", SEED_DECLINE_WITHIN_TARGET)
def test_decline_within_target_is_the_diagonal_arrow(summary, key):
    assert summary[key]["dot"].text == "↗"
    assert summary[key]["rag"].text in ("G", "A")


def test_100_percent_against_a_95_percent_target_is_green(summary):
    # The seed shows 11.2 (100% against >=95%) as Amber: its own bands make it Green.
    assert summary["11.2 %"]["rag"].text == "G"


def test_8_2_just_below_its_target_is_amber(summary):
    # The seed shows G for 122 claims against a target of 123; within the
    # default 5% tolerance it is Amber.
    assert summary["8.2 Number"]["rag"].text == "A"


def test_a_termly_figure_with_no_earlier_term_is_not_comparable(summary):
    # The seed shows arrows for 7.1, but the workbook holds no earlier term.
    assert summary["7.1 Primary"]["dot"].text == "n/c"


@pytest.mark.parametrize(
    ("letter", "fill"), [("R", "FFFF0000"), ("A", "FFFFC000"), ("G", "FF00B050")]
)
def test_rag_cells_carry_letter_and_colour(summary, letter, fill):
    cells = [row["rag"] for row in summary.values() if row["rag"].text == letter]
    assert cells
    assert {cell.fill for cell in cells} == {fill}


def test_dot_arrows_carry_the_key_colours(summary):
    assert summary["9.4 %"]["dot"].font_colour == "FFC00000"  # decline, not on target
    assert summary["6.1 %"]["dot"].font_colour == "FF00863D"  # improvement
    assert summary["7.2 Primary"]["dot"].font_colour == "FFC55A11"  # within target


def test_no_rag_without_a_numeric_target(summary):
    # 10.1's target is a sentence; 11.5's target "100%" is a percentage on a count.
    assert summary["10.1 Rate"]["rag"].text == ""
    assert summary["11.5 Number"]["rag"].text == ""


PARTNER_FIGURES = [
    ("P5 %", "q1", "Not available until Q2"),
    ("P5 %", "q2", "78.0% (Summer term 2018)"),
    ("P5 %", "q3", "87.6% (Autumn term 2018)"),
    ("P5 %", "q4", "83.3% (Spring term 2019)"),
    ("P6.1 Primary", "ytd", "388"),
    ("P6.1 Secondary", "ytd", "2329"),
    ("P6.2 Primary", "ytd", "9"),
    ("P6.2 Secondary", "ytd", "45"),
    ("P7.1 Number", "ytd", "1383"),
    ("P7.2 Number", "ytd", "506"),
    ("P7.3 Number", "ytd", "643"),
    ("P6.1 Primary", "q1", "123"),
    ("P7.1 Number", "q1", "1781"),
]


@pytest.mark.parametrize(("key", "column", "expected"), PARTNER_FIGURES)
def test_partner_table_shows_the_seed_figure(partners, key, column, expected):
    assert partners[key][column].text == expected


def test_partner_quarters_are_labelled_by_their_months(partners):
    header = partners["@header"]
    assert [header[f"q{n}"].text for n in range(1, 5)] == [
        "Quarter 1 (Apr-Jun 18)",
        "Quarter 2 (Jul-Sep 18)",
        "Quarter 3 (Oct-Dec 18)",
        "Quarter 4 (Jan-Mar 19)",
    ]


def test_the_0_19_scorecard_note_is_shown(partners):
    assert partners["P1.1 Number"]["q1"].text.startswith("0-19 Performance Scorecard")
