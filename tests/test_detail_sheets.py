"""The detail sheets: figures by locality and month, commentary kept, refreshes stable.

Expected figures are the seed's detail tables (docs/seed/...), named in each row.
"""

from __future__ import annotations

import zipfile

import pytest
from conftest import load, read_table
from openpyxl.styles import Font

from ehxl.refresh import refresh_file

# (table, row key, column key, as the seed shows it)
SEED_DETAIL = [
    # "Early Help Contact Numbers 2018/19"
    ("Contacts by locality", "m12", "1.1 Number|North", "119"),
    ("Contacts by locality", "m12", "1.1 Number|South", "144"),
    ("Contacts by locality", "m12", "1.1 Number|Central", "123"),
    ("Contacts by locality", "m1", "1.1 Number|Rotherham", "378"),
    ("Contacts by locality", "m12", "label", "Mar-19"),
    ("Contacts by locality", "ytd", "1.1 Number|Rotherham", "4671"),
    # "2018/19 Open Families": 447 + 774 + 592 = 1813 at March
    ("Open families", "4.1 Families|North", "m12", "447"),
    ("Open families", "4.1 Families|South", "m12", "774"),
    ("Open families", "4.1 Families|Central", "m12", "592"),
    ("Open families", "4.1 Families|Rotherham", "m12", "1813"),
    ("Open families", "4.1 Children|Rotherham", "m12", "4044"),
    # "2018/19 Closed Families", Total to Date
    ("Closed families", "4.2 Number|North", "ytd", "863"),
    ("Closed families", "4.2 Number|South", "ytd", "928"),
    ("Closed families", "4.2 Number|Central", "ytd", "870"),
    ("Closed families", "4.2 Number|Rotherham", "ytd", "2661"),
    ("Closed families", "4.2 Number|Rotherham", "m4", "332"),
    # NEET table, March, localities
    ("NEET and not known", "m12", "9.1 %|North", "2.4%"),
    ("NEET and not known", "m12", "9.2 %|North", "3.9%"),
    ("NEET and not known", "m12", "9.2 %|Central", "3.5%"),
    ("NEET and not known", "m5", "9.1 %|Rotherham", "20.2%"),
    ("NEET and not known", "m12", "9.3 %|Rotherham", "5.8%"),
    # Youth table: 9.6 meeting the duty to participate
    ("Participation", "m12", "9.6 %|North", "91.4%"),
    ("Participation", "m12", "9.6 %|Central", "90.9%"),
    ("Participation", "m5", "9.4 %|Rotherham", "19.9%"),
    # Initial contacts in March, by area (the "2.1.and 2.2" table)
    ("Initial contacts in month", "count=2.1 Number", "count|North|month", "24"),
    (
        "Initial contacts in month",
        "count=2.2 Number|percent=2.2 %",
        "percent|Central|month",
        "77.3%",
    ),
    (
        "Initial contacts past performance",
        "m1",
        "2.2 Number|outof:2.1 Number|Rotherham",
        "39 out of 71",
    ),
    ("Initial contacts past performance", "m1", "2.2 %|Rotherham", "54.9%"),
    ("Initial contacts past performance", "m10", "2.2 %|Rotherham", "95.4%"),
    # Early Help Assessments in March, by area
    (
        "Assessments in month",
        "count=3.2a Not completed|percent=3.2a Not completed %",
        "percent|Central|month",
        "27.6%",
    ),
    ("Assessments past performance", "m1", "3.2a %|Rotherham", "48.6%"),
    # EHAs completed by partners: 397 of 1597 is 24.9%
    ("Partner assessments", "3.3 Primary School", "ytd", "197"),
    ("Partner assessments", "3.3 Health", "m12", "2"),
    ("Partner assessments", "3.3 Chislett - Opening Doors Project", "m12", "5"),
    ("Partner assessments", "3.3 Rotherham Drug and Alcohol/RDaSH", "ytd", ""),
    ("Partner assessments", "3.3 Number", "ytd", "397"),
    ("Partner assessments", "3.3 Completed EHAs", "ytd", "1597"),
    ("Partner assessments", "3.3 %", "ytd", "24.9%"),
    ("Partner assessments", "3.3 %", "m5", "7.1%"),
    # Children's Centres, quarterly and cumulative
    ("Centres all children", "m3", "6.1 All children %|Rotherham", "85%"),
    ("Centres all children", "m12", "6.2 All children %|South", "53%"),
    ("Centres 30% most deprived", "m12", "6.1 %|North", "96.0%"),
    ("Centres 30% most deprived", "m12", "6.2 %|North", "70.0%"),
    # Customer feedback: exit surveys by area, Year to Date
    ("Feedback", "ytd", "11.2 Exit surveys|North", "63"),
    ("Feedback", "ytd", "11.2 Exit surveys|Central", "114"),
    ("Feedback", "ytd", "11.2 Exit surveys borough wide", "10"),
    ("Feedback", "ytd", "11.2 Exit surveys|Rotherham", "232"),
    ("Feedback", "ytd", "11.6 Number", "35"),
    # Quality assurance: audits by grade, Total to date
    ("Audits", "ytd", "12.1 Good", "34"),
    ("Audits", "ytd", "12.1 Requires Improvement", "66"),
    ("Audits", "ytd", "12.1 Number", "110"),
    ("Audits", "m4", "12.1 Number", "Approved break in audit cycle"),
    # Triage: this month, and the year's past performance
    ("Triage in month", "month", "1.2 Triaged", "244"),
    ("Triage in month", "month", "1.2 % in 5 days", "57.0%"),
    ("Triage in month", "month", "1.2 Number", "139"),
    ("Triage past performance", "m3", "1.2 % in 5 days", "97.8%"),
    ("Triage past performance", "m3", "1.2 Number", "307"),
    # Families for Change: engaged by locality, Year to Date
    ("Families engaged", "ytd", "8.1 Number|North", "748"),
    ("Families engaged", "ytd", "8.1 Number|South", "1045"),
    ("Families engaged", "ytd", "8.1 Number|Central", "886"),
    ("Families engaged", "ytd", "8.1 Number|Rotherham", "2679"),
    # Youth sessions (9.7): January's borough centre-based sessions are 39
    ("Youth sessions", "m10", "9.7 Centre based|Rotherham", "39"),
    ("Youth sessions", "ytd", "9.7 Centre based|Rotherham", "638"),
    ("Youth sessions", "m12", "9.7 Non-centre based|Central", "13"),
    # HR: sickness, annual FTE sick days
    ("Sickness by locality", "m12", "13.7 FTE sick days|North", "17.66"),
    ("Sickness by locality", "m9", "13.7 FTE sick days|South", "8.00"),
    ("Sickness by locality", "m12", "13.7 FTE sick days|Rotherham", "14.26"),
]


@pytest.fixture(scope="module")
def tables(march_book):
    names = {table for table, *_ in SEED_DETAIL} | {
        "Initial contacts in month",
        "Assessments past performance",
    }
    return {name: read_table(march_book, name) for name in names}


@pytest.mark.parametrize(("table", "row", "column", "expected"), SEED_DETAIL)
def test_detail_sheet_shows_the_seed_figure(tables, table, row, column, expected):
    assert tables[table][row][column].text == expected


def test_months_as_columns_are_headed_by_their_names(tables):
    header = tables["Open families"]["@header"]
    assert [header[f"m{n}"].text for n in (1, 12)] == ["Apr-18", "Mar-19"]


def test_the_detail_sheets_come_in_the_seeds_order(march_book):
    names = load(march_book).sheetnames
    order = [
        "Contacts",
        "Triage",
        "Initial Contacts",
        "Early Help Assessments",
        "EHA by Partners",
        "Open and Closed Families",
        "Families for Change",
        "Children's Centres",
        "NEET and Not Known",
        "Youth Activity",
        "Customer Feedback",
        "Quality Assurance",
        "HR",
    ]
    assert [n for n in names if n in order] == order


COMMENTED = ["Contacts", "Open and Closed Families", "HR"]


def test_commentary_survives_any_number_of_refreshes(replayed):
    book = load(replayed)
    for name in COMMENTED:
        cell = book[name]["B5"]
        cell.value = f"Performance Analysis for {name}: typed by the officer."
        cell.font = Font(italic=True, color="FF7030A0")
        book[name]["B40"] = "Officer's note below the tables"
    book.save(replayed)
    refresh_file(replayed)
    refresh_file(replayed)
    after = load(replayed)
    for name in COMMENTED:
        box = after[name]["B5"]
        assert box.value == f"Performance Analysis for {name}: typed by the officer."
        assert (box.font.i, box.font.color.rgb) == (True, "FF7030A0")
        assert after[name]["B40"].value == "Officer's note below the tables"


def test_a_second_refresh_with_no_new_data_changes_no_cell(replayed):
    def cells(path):
        book = load(path)
        return {
            (sheet.title, cell.coordinate): (cell.value, cell.number_format)
            for sheet in book.worksheets
            if sheet.title != "Log"
            for row in sheet.iter_rows()
            for cell in row
        }

    refresh_file(replayed)
    before = cells(replayed)
    refresh_file(replayed)
    assert cells(replayed) == before


@pytest.mark.parametrize(
    ("sheet", "title"),
    [
        ("Contacts", "Early Help contacts by locality, month by month"),
        ("Open and Closed Families", "Open families by locality, month by month"),
    ],
)
def test_trend_charts_have_a_title_and_alternative_text(march_book, sheet, title):
    with zipfile.ZipFile(march_book) as archive:
        drawings = [
            archive.read(n).decode()
            for n in archive.namelist()
            if n.startswith("xl/drawings/drawing") and n.endswith(".xml")
        ]
        charts = [
            archive.read(n).decode()
            for n in archive.namelist()
            if n.startswith("xl/charts/chart")
        ]
    assert any(f'descr="{title}"' in drawing for drawing in drawings)
    assert any(f"<a:t>{title}</a:t>" in chart for chart in charts)
    assert load(march_book)[sheet]._charts, f"no chart on {sheet}"


def test_north_ics_outside_three_days_are_2_of_24_not_the_seeds_23_9_percent(tables):
    # The seed prints 23.9% beside North's 2 ICs completed outside 3 days; 2 of
    # 24 in scope is 8.3% (and 14 + 2 + 8 = 24).
    row = tables["Initial contacts in month"]["count=2.2 Outside|percent=2.2 Outside %"]
    assert (row["count|North|month"].text, row["percent|North|month"].text) == (
        "2",
        "8.3%",
    )


def test_januarys_centre_based_youth_sessions_are_39_not_the_seeds_339(tables):
    # The detail table prints 339; the localities give 2 + 5 + 32 = 39, and the
    # summary's YTD 638 needs 39.
    row = tables["Youth sessions"]["m10"]
    parts = [row[f"9.7 Centre based|{a}"].value for a in ("North", "South", "Central")]
    assert sum(parts) == row["9.7 Centre based|Rotherham"].value == 39


def test_march_ehas_in_time_are_84_of_125_not_the_seeds_8(tables):
    # The seed's past-performance row for March reads "8 out of 125" beside 67.2%.
    row = tables["Assessments past performance"]["m12"]
    assert row["3.2a Number|outof:3.1a Number|Rotherham"].text == "84 out of 125"
    assert row["3.2a %|Rotherham"].text == "67.2%"
