"""The detail sheets: figures by locality and month, commentary kept, refreshes stable.

Expected figures are the seed's detail tables (docs/seed/...), named in each row.
"""

from __future__ import annotations

import zipfile

import pytest
from conftest import load, read_table
from openpyxl.styles import Font

from ehxl import cli, layout
from ehxl.refresh import refresh_file

AUDIT_SHARES = (
    "ytd|outstanding=12.1 Outstanding %|good=12.1 Good %|"
    "ri=12.1 Requires Improvement %|inadequate=12.1 Inadequate %|"
    "critical=12.1 Inadequate - Critical %|all=12.1 Total %"
)
RESPONSES = "12.1 Responses|outof:12.1 Audits requested|{}"
BOROUGH_WIDE_RESPONSES = (
    "12.1 Responses borough wide|outof:12.1 Audits requested borough wide"
)
SCALED = (
    "cases=YOT {0} cases|met=YOT {0} met|percent=YOT {0} % met|"
    "contact=YOT {0} contacts|missed=YOT {0} missed"
)
SCREENING = "count=YOT Screening {0}|percent=YOT Screening {0} %"
ASSETPLUS = "|".join(
    f"{role}=YOT AssetPlus {kind} {{0}}|{role}%=YOT AssetPlus {kind} {{0}} %"
    for role, kind in (
        ("all", "Total"),
        ("pre", "Pre court"),
        ("initial", "Initial"),
        ("closure", "Closure"),
    )
)

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
    # ... and by locality: percentages as reported before March, worked out
    # from the counts in March
    ("Assessments past performance", "m1", "3.2a %|North", "68.0%"),
    ("Assessments past performance", "m11", "3.2a %|Central", "71.0%"),
    ("Assessments past performance", "m12", "3.2a %|North", "68.2%"),
    ("Initial contacts past performance", "m10", "2.2 %|South", "98.1%"),
    ("Initial contacts past performance", "m12", "2.2 %|Central", "77.3%"),
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
    ("Audits", "ytd", "12.1 Good|good", "34"),
    ("Audits", "ytd", "12.1 Requires Improvement|ri", "66"),
    ("Audits", "ytd", "12.1 Number|all", "110"),
    ("Audits", "m4", "12.1 Number|all", "Approved break in audit cycle"),
    # ... and "% of total to date": 34 of 110 Good is 31%
    ("Audits", AUDIT_SHARES, "12.1 Outstanding|outstanding", "2%"),
    ("Audits", AUDIT_SHARES, "12.1 Good|good", "31%"),
    ("Audits", AUDIT_SHARES, "12.1 Requires Improvement|ri", "60%"),
    ("Audits", AUDIT_SHARES, "12.1 Inadequate|inadequate", "7%"),
    ("Audits", AUDIT_SHARES, "12.1 Number|all", "100%"),
    # Audit response rates by area, "N out of M" and %
    ("Audit responses", "m2", RESPONSES.format("South"), "3 out of 4"),
    ("Audit responses", "m2", "12.1 Response %|South", "75%"),
    ("Audit responses", "m12", RESPONSES.format("Central"), "4 out of 4"),
    ("Audit responses", "m12", "12.1 Response %|North", "75%"),
    ("Audit responses", "m7", BOROUGH_WIDE_RESPONSES, "1 out of 2"),
    ("Audit responses", "m7", "12.1 Response % borough wide", "50%"),
    (
        "Audit responses",
        "m4",
        RESPONSES.format("North"),
        "Approved break in audit cycle",
    ),
    # Triage: this month, and the year's past performance
    ("Triage in month", "month", "1.2 Triaged", "244"),
    ("Triage in month", "month", "1.2 % in 5 days", "57.0%"),
    ("Triage in month", "month", "1.2 Number", "139"),
    ("Triage past performance", "m3", "1.2 % in 5 days", "97.8%"),
    ("Triage past performance", "m3", "1.2 Number", "307"),
    ("Triage past performance", "outturn:2017/18", "1.2 % in 5 days", "85.3%"),
    ("Triage past performance", "outturn:2017/18", "label", "Out turn 2017/18"),
    # Families for Change: engaged by locality, Year to Date
    ("Families engaged", "ytd", "8.1 Number|North", "748"),
    ("Families engaged", "ytd", "8.1 Number|South", "1045"),
    ("Families engaged", "ytd", "8.1 Number|Central", "886"),
    ("Families engaged", "ytd", "8.1 Number|Rotherham", "2679"),
    # ... and as a cumulative % of the annual target: 2679 of 2674 is 100%
    ("Families engaged", "m12", "8.1 Cumulative %|Rotherham", "100%"),
    ("Families engaged", "m10", "8.1 Cumulative %|Rotherham", "84%"),
    ("Families engaged", "m1", "8.1 Cumulative %|Rotherham", "4%"),
    ("Families engaged", "m12", "8.1 Cumulative %|North", "28%"),
    ("Families engaged", "m12", "8.1 Cumulative %|South", "39%"),
    ("Families engaged", "m12", "8.1 Cumulative %|Central", "33%"),
    ("Families engaged", "m9", "8.1 Cumulative %|Central", "26%"),
    # PbR claims by service and ward, with locality and claim totals
    ("PbR claims", "PbR Historic / Early Help", "Malby & Wickersley|month", "7"),
    ("PbR claims", "PbR Historic / Early Help", "total:south", "10"),
    (
        "PbR claims",
        "PbR New / Early Help Childrens Disability Team",
        "total:north",
        "0",
    ),
    ("PbR claims", "total:historic", "grand total", "31"),
    ("PbR claims", "total:new", "total:central", "22"),
    ("PbR claims", "total:new", "grand total", "77"),
    ("PbR claims", "grand total", "total:north", "25"),
    ("PbR claims", "grand total", "Malby & Wickersley|month", "23"),
    ("PbR claims", "grand total", "grand total", "108"),
    # PbR yearly cumulative: years 1 to 3 from the trend, year 4 to date
    ("PbR yearly", "outturn:2015/16", "8.2 Number", "5"),
    ("PbR yearly", "outturn:2016/17", "8.3 Number", "43"),
    ("PbR yearly", "outturn:2017/18", "8.2 Number", "101"),
    ("PbR yearly", "outturn:2018/19", "8.2 Number", "122"),
    ("PbR yearly", "outturn:2018/19", "8.3 Number", "749"),
    ("PbR yearly", "outturn:2019/20", "8.3 Number", ""),
    # Education: persistent absence and attendance by locality
    (
        "Persistent absence primary",
        "7.1 Primary schools less PA than national",
        "Rotherham|ytd",
        "33",
    ),
    (
        "Persistent absence primary",
        "7.1 Primary schools more PA than national",
        "North|ytd",
        "20",
    ),
    (
        "Persistent absence secondary",
        "7.1 Secondary schools not sharing",
        "South|ytd",
        "2",
    ),
    ("Attendance primary", "a6", "7.2 Primary|Central", "94.7%"),
    ("Attendance primary", "a1", "7.2 Primary|South", "96.5%"),
    ("Attendance primary", "a1", "label", "Sep-18"),
    ("Attendance primary", "ytd", "7.2 Primary|Rotherham", "95.7%"),
    ("Attendance secondary", "a4", "7.2 Secondary|North", "93.4%"),
    ("Attendance secondary", "ytd", "7.2 Secondary|Rotherham", "94.7%"),
    (
        "Schools attendance primary",
        "7.2 Primary schools above national",
        "Rotherham|ytd",
        "41",
    ),
    (
        "Schools attendance primary",
        "7.2 Primary schools below both",
        "Central|ytd",
        "13",
    ),
    (
        "Schools attendance secondary",
        "7.2 Secondary schools below both",
        "North|ytd",
        "4",
    ),
    # Youth Offending Team
    ("YOT caseload", "YOT Caseload court order", "m5", "43"),
    ("YOT caseload", "YOT Caseload other", "m12", "44"),
    ("YOT caseload", "total", "m5", "104"),
    ("YOT caseload", "total", "m12", "109"),
    ("YOT caseload", "total", "m4", ""),
    ("YOT scaled approach", SCALED.format("Intensive"), "percent|month", "87.5%"),
    ("YOT scaled approach", SCALED.format("Enhanced"), "percent|month", "36.4%"),
    ("YOT scaled approach", SCALED.format("Standard"), "missed|month", "5"),
    (
        "YOT screening",
        SCREENING.format("refer for assessment"),
        "percent|month",
        "66.7%",
    ),
    ("YOT screening", "count=YOT Screening requests", "count|month", "12"),
    ("YOT AssetPlus", ASSETPLUS.format("in time"), "all%|month", "46.2%"),
    ("YOT AssetPlus", ASSETPLUS.format("in time"), "pre|month", "4"),
    ("YOT AssetPlus", ASSETPLUS.format("not completed"), "closure%|month", "50.0%"),
    ("YOT past performance", "YOT Standards met %", "m7", "52.8%"),
    ("YOT past performance", "YOT Screening requests", "m12", "12"),
    ("YOT past performance", "YOT AssetPlus Total in time %", "m12", "46.2%"),
    ("YOT past performance", "YOT AssetPlus Total in time %", "m8", "5.6%"),
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
        "Children's Centres",
        "Families for Change",
        "NEET and Not Known",
        "Education",
        "Youth Activity",
        "Youth Offending Team",
        "Customer Feedback",
        "Quality Assurance",
        "HR",
    ]
    assert [n for n in names if n in order] == order


COMMENTED = ["Contacts", "Open and Closed Families", "HR"]


def test_commentary_survives_any_number_of_refreshes(replayed):
    book = load(replayed)
    below = {}
    for name in COMMENTED:
        cell = book[name]["B5"]
        cell.value = f"Performance Analysis for {name}: typed by the officer."
        cell.font = Font(italic=True, color="FF7030A0")
        below[name] = f"B{book[name].max_row + 2}"
        book[name][below[name]] = "Officer's note below the tables"
    book.save(replayed)
    refresh_file(replayed)
    refresh_file(replayed)
    after = load(replayed)
    for name in COMMENTED:
        box = after[name]["B5"]
        assert box.value == f"Performance Analysis for {name}: typed by the officer."
        assert (box.font.i, box.font.color.rgb) == (True, "FF7030A0")
        assert after[name][below[name]].value == "Officer's note below the tables"


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
        (
            "Early Help Assessments",
            "Early Help Assessment timeliness this month, by area",
        ),
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


def contacts_row(table: dict, kind: str) -> dict:
    """The row of a recommendations table for one contact type."""
    (row,) = [v for k, v in table.items() if k.startswith(f"eha=1.1 {kind} / ")]
    return row


@pytest.mark.parametrize(
    ("area", "kind", "outcome", "expected"),
    [
        # "March 2019 EARLY HELP CONTACTS WITH RECOMMENDATIONS BY AREA 1.1"
        ("Rotherham", "MASH transfer to EH Triage", "eha", "28"),
        ("Rotherham", "Request For Support", "ebi", "37"),
        ("Rotherham", "Step Down Request", "eha", "53"),
        ("Rotherham", "Open Case Contact", "open", "78"),
        ("North", "Request For Support", "partner", "11"),
        ("North", "Request for Co Working", "cowork", "11"),
        ("South", "Step Down Request", "eha", "24"),
        ("South", "Request For Support", "screening", "5"),
        ("Central", "Request for Co Working", "cowork", "14"),
        ("Central", "MASH transfer to EH Triage", "universal", "7"),
        ("North", "Open Case Contact", "eha", ""),
    ],
)
def test_march_contacts_by_type_and_outcome(march_book, area, kind, outcome, expected):
    table = read_table(march_book, f"Recommendations {area}")
    assert contacts_row(table, kind)[f"{outcome}|{area}|month"].text == expected


def test_march_contacts_add_up_to_386_by_outcome_and_by_type(march_book):
    table = read_table(march_book, "Recommendations Rotherham")
    grand = table["grand total"]
    outcomes = ("eha", "cowork", "escalation", "open", "partner", "external")
    outcomes += ("barnardos", "ebi", "universal", "screening")
    by_outcome = [grand[f"{o}|Rotherham|month"].text for o in outcomes]
    assert by_outcome == ["117", "34", "0", "78", "37", "27", "0", "39", "43", "11"]
    assert grand["total"].text == "386"
    totals = [
        contacts_row(table, kind)["total"].text
        for kind in (
            "MASH transfer to EH Triage",
            "Request for Co Working",
            "Request For Support",
            "Step Down Request",
            "Open Case Contact",
        )
    ]
    assert totals == ["76", "38", "141", "53", "78"]
    # The localities' grand totals are their contact numbers (1.1): 119, 144, 123
    for area, expected in (("North", "119"), ("South", "144"), ("Central", "123")):
        local = read_table(march_book, f"Recommendations {area}")
        assert local["grand total"]["total"].text == expected
        # An outcome with no contacts in the area totals 0, as the seed prints it
        assert local["grand total"][f"escalation|{area}|month"].text == "0"


def test_the_scaled_approach_total_is_16_of_30_not_the_seeds_mean_of_levels(tables):
    # The seed prints 58.0% for 16 of 30 met: the mean of the three levels'
    # percentages (50.0, 36.4, 87.5). Worked out from the counts it is 53.3%.
    total = tables["YOT scaled approach"][
        "cases=YOT Scaled cases|met=YOT Standards met|percent=YOT Standards met %|"
        "contact=YOT Scaled contacts|missed=YOT Scaled missed"
    ]
    assert [total[f"{c}|month"].text for c in ("cases", "met", "percent")] == [
        "30",
        "16",
        "53.3%",
    ]
    assert tables["YOT past performance"]["YOT Standards met %"]["m12"].text == "53.3%"


def test_one_assetplus_assessment_of_13_is_7_7_percent_not_the_seeds_7_6(tables):
    row = tables["YOT AssetPlus"][ASSETPLUS.format("outside")]
    assert (row["all|month"].text, row["all%|month"].text) == ("1", "7.7%")


def test_no_audits_requested_is_not_comparable_not_the_seeds_0_percent(tables):
    # Borough wide services in January: "0 out of 0", which the seed prints 0%.
    row = tables["Audit responses"]["m10"]
    assert row[BOROUGH_WIDE_RESPONSES].text == "0 out of 0"
    assert row["12.1 Response % borough wide"].text == "n/c"


def test_the_triage_outturn_is_the_summarys_2145_not_the_seeds_3145(tables):
    # The summary's trend gives 2017/18 as 2145; the triage sheet prints 3145.
    # One figure for one thing: both show the catalogue's trend.
    row = tables["Triage past performance"]["outturn:2017/18"]
    assert row["1.2 Number"].text == "2145"


# A sample of each sheet's labels as the seed prints them.
SEED_LABELS = {
    "Contacts": [
        "MASH transfer to EH Triage",
        "Still undergoing screening",
        "ROTHERHAM TOTAL",
        "NORTH TOTAL",
        "Grand Total",
        "Early Help Contact Numbers",
    ],
    "Triage": ["Number of Contacts Triaged", "Out turn 2017/18", "Percentage"],
    "Initial Contacts": [
        "ICs completed in time (meeting 3 days)",
        "Initial Contacts in 3 working days",
    ],
    "Early Help Assessments": [
        "Early Help Assessments completed in time",
        "Families open at month end where no Early Help Assessment recorded",
    ],
    "EHA by Partners": ["Chislett - Opening Doors Project", "Total to Date"],
    "Open and Closed Families": ["Total number of Open cases", "Total to Date"],
    "Children's Centres": ["Quarter 4"],
    "Families for Change": [
        "Wath & Swinton",
        "CENTRAL TOTAL",
        "HISTORIC TOTAL",
        "NEW TOTAL",
        "Year 4 to date",
        "Young Women's Christian Association",
    ],
    "NEET and Not Known": ["Rotherham combined (9.3)"],
    "Education": [
        "Number of Schools who did not share their data with the LA",
        "Year to Date (YTD)",
        "North Locality",
        "Number of Schools below both the National average attendance and the "
        "Local average attendance",
    ],
    "Youth Activity": ["9.6 North"],
    "Youth Offending Team": [
        "Statutory Court Order",
        "Total Number of young People",
        "National Standard Met",
        "Caution Clinic",
        "Outcome 21 (no recommendation)",
        "Number in scope but not completed in month",
        "AssetPlus Timeliness met",
    ],
    "Customer Feedback": ["Borough Wide"],
    "Quality Assurance": [
        "Requires Improvement",
        "% of total to date",
        "Borough Wide Services Number",
    ],
    "HR": ["Combined Early Help Teams"],
}


@pytest.mark.parametrize("sheet", SEED_LABELS)
def test_each_detail_sheet_has_the_seeds_labels_and_header(march_book, sheet):
    found = load(march_book)[sheet]
    texts = {str(cell.value) for row in found.iter_rows() for cell in row if cell.value}
    missing = [label for label in SEED_LABELS[sheet] if label not in texts]
    assert not missing, f"{sheet} lacks {missing}"
    assert {"DEFINITION", "OWNER", "Performance Analysis"} <= texts
    # The title stays in view and heads every printed page, one page wide.
    assert found.freeze_panes == "A2"
    assert found.print_title_rows == "$1:$1"
    assert found.page_setup.orientation == "landscape"
    assert found.page_setup.fitToWidth == 1


def test_the_summary_headings_stay_in_view_and_head_every_page(march_book):
    summary = load(march_book)["Performance Summary"]
    _, bottom = (int(part.strip("$")) for part in summary.print_title_rows.split(":"))
    assert summary.cell(bottom, 2).value == "SECTION"
    assert summary.freeze_panes == f"A{bottom + 1}"


def set_cells(path, *cells) -> None:
    book = load(path)
    for sheet, cell, value in cells:
        book[sheet][cell] = value
    book.save(path)


def key_cell(path, sheet, table, row_key=None, column_key=None) -> str:
    """The cell holding a row's key (column A) or a column's key (its key row)."""
    found = load(path)[sheet]
    grid = [list(r) for r in found.iter_rows(values_only=True)]
    table_layout = layout.find(grid, table)
    if row_key is not None:
        return f"A{table_layout.rows[row_key]}"
    column = table_layout.columns[column_key]
    key_row = next(
        n for n, row in enumerate(grid, 1) if row[0] == f"ehxl:{table}:columns"
    )
    return found.cell(key_row, column).coordinate


def test_a_key_with_an_unknown_area_shows_nothing_and_says_so(replayed):
    cell = key_cell(
        replayed, "Contacts", "Contacts by locality", None, "1.1 Number|North"
    )
    set_cells(replayed, ("Contacts", cell, "1.1 Number|Nroth"))
    outcome = refresh_file(replayed)
    table = read_table(replayed, "Contacts by locality")
    assert table["m12"]["1.1 Number|Nroth"].text == ""
    assert any("'1.1 Number|Nroth'" in w and "Nroth" in w for w in outcome.warnings)


def test_a_copied_column_key_is_refused_with_what_to_do(replayed, capsys):
    cell = key_cell(replayed, "Contacts", "Recommendations Rotherham", None, "total")
    column = "".join(ch for ch in cell if ch.isalpha())
    beyond = chr(ord(column) + 1) + cell[len(column) :]
    set_cells(replayed, ("Contacts", beyond, "total"))
    before = replayed.read_bytes()
    assert cli.run(["refresh", str(replayed)]) == 1
    message = capsys.readouterr().err
    assert "Column key 'total' of the Recommendations Rotherham table" in message
    assert "total:<name>" in message
    assert replayed.read_bytes() == before


def test_a_total_with_nothing_before_it_is_blank_and_reported(replayed):
    first = key_cell(
        replayed, "Youth Offending Team", "YOT caseload", "YOT Caseload court order"
    )
    total = key_cell(replayed, "Youth Offending Team", "YOT caseload", "total")
    set_cells(
        replayed,
        ("Youth Offending Team", first, "total"),
        ("Youth Offending Team", total, "YOT Caseload court order"),
    )
    outcome = refresh_file(replayed)
    assert read_table(replayed, "YOT caseload")["total"]["m12"].text == ""
    assert any("total 'total' has nothing before it" in w for w in outcome.warnings)


def test_a_bad_outturn_year_is_reported_not_a_crash(replayed):
    cell = key_cell(replayed, "Families for Change", "PbR yearly", "outturn:2015/16")
    set_cells(replayed, ("Families for Change", cell, "outturn:0000/01"))
    outcome = refresh_file(replayed)
    assert any("outturn:0000/01" in w for w in outcome.warnings)


def test_a_share_of_a_target_without_a_target_is_reported(replayed):
    book = load(replayed)
    sheet = book["Indicators"]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[header.index("Indicator")].value == "8.1" and (
            row[header.index("Measure")].value == "Number"
        ):
            row[header.index("Green")].value = None
    book.save(replayed)
    outcome = refresh_file(replayed)
    assert any(
        w.startswith(
            "8.1 Cumulative % cannot be worked out: it is a share of 8.1 "
            "Number's target"
        )
        for w in outcome.warnings
    )
    assert (
        read_table(replayed, "Families engaged")["m12"][
            "8.1 Cumulative %|Rotherham"
        ].text
        == ""
    )


def test_localities_separated_by_semicolons_are_refused(replayed, capsys):
    book = load(replayed)
    settings = book["Settings"]
    row = next(r for r in settings.iter_rows() if str(r[0].value).startswith("Other"))
    row[1].value = "North; South; Central"
    book.save(replayed)
    assert cli.run(["refresh", str(replayed)]) == 2
    message = capsys.readouterr().err
    assert "'North; South; Central'" in message
    assert "names separated by commas" in message


def test_a_derived_figure_whose_parts_are_held_is_said_to_be_ignored(
    replayed, tmp_path
):
    paste = tmp_path / "north.csv"
    paste.write_text(
        "Indicator,Measure,Area,Period,Type,Value,Note\n2.2,%,North,Mar-19,,50%,\n",
        encoding="utf-8",
    )
    outcome = refresh_file(replayed, paste)
    assert (
        "2.2 %, North, Mar-19: the figure pasted is not shown; ehxl works it out "
        "from 2.2 Number and 2.1 Number, which Data holds for that month."
        in outcome.warnings
    )
    past = read_table(replayed, "Initial contacts past performance")
    assert past["m12"]["2.2 %|North"].text == "58.3%"


def test_a_column_inserted_in_a_detail_table_is_skipped_over(replayed):
    # The officer inserts a column of their own inside the PbR claims table.
    book = load(replayed)
    sheet = book["Families for Change"]
    cell = key_cell(replayed, "Families for Change", "PbR claims", None, "total:north")
    column = sheet[cell].column
    sheet.insert_cols(column)
    sheet.cell(sheet[cell].row + 1, column, "Officer's column")
    book.save(replayed)
    refresh_file(replayed)
    table = read_table(replayed, "PbR claims")
    assert table["grand total"]["grand total"].text == "108"
    assert table["grand total"]["total:north"].text == "25"
    found = load(replayed)["Families for Change"]
    assert found.cell(sheet[cell].row + 1, column).value == "Officer's column"
