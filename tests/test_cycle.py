"""The monthly cycle: refresh, issue, revisions in yellow, typed values kept.

The year 2018/19 is replayed as an officer works it: each month's extract is
pasted and refreshed, and the report issued. Three re-run figures are
scripted into later extracts (test data only; the sample extracts are
untouched): December's initial contacts re-run in February's extract, and
February's contacts and January's closed families re-run in March's.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import EXTRACTS, load
from conftest import revision_marks as marks

from ehxl import cli, cycle, layout
from ehxl.issue import issue_file
from ehxl.refresh import refresh_file

# (extract, row added), each a re-run of a month already issued.
RERUNS = [
    ("2019-02.csv", "2.1,Number,Rotherham,Dec-18,,104,"),  # 103 in Dec-18's
    ("2019-03.csv", "1.1,Number,Rotherham,Feb-19,,370,"),  # 368 in Feb-19's
    ("2019-03.csv", "4.2,Number,Rotherham,Jan-19,,231,"),  # 230 in Jan-19's
]
REPORT_SHEETS = {"Performance Summary", "Contacts", "Open and Closed Families"}
NOT_SENT = {"Input", "Data", "Indicators", "Settings", "Log", cycle.STATE_SHEET}


def extracts_with_reruns(folder: Path, months: int = 12) -> Path:
    folder.mkdir()
    for extract in sorted(EXTRACTS.glob("*.csv"))[:months]:
        shutil.copyfile(extract, folder / extract.name)
    for name, row in RERUNS:
        if (folder / name).exists():
            with (folder / name).open("a", encoding="utf-8") as handle:
                handle.write(row + "\n")
    return folder


def cell_of(path: Path, table: str, row_key: str, column_key: str) -> tuple[str, str]:
    """Where a table's cell is, found by its keys as ehxl finds it."""
    book = load(path)
    for sheet in book.worksheets:
        grid = [list(r) for r in sheet.iter_rows(values_only=True)]
        found = layout.find(grid, table)
        if found:
            cell = sheet.cell(found.rows[row_key], found.columns[column_key])
            return sheet.title, cell.coordinate
    raise AssertionError(f"no {table} table")


@pytest.fixture(scope="module")
def year(tmp_path_factory):
    """The year replayed up to the March refresh; the March issue not yet made."""
    folder = tmp_path_factory.mktemp("cycle")
    extracts = extracts_with_reruns(folder / "extracts")
    files = sorted(extracts.glob("*.csv"))
    book = folder / "early-help.xlsx"
    cli.new_workbook(book)
    outcomes = {}
    for extract in files[:-1]:
        outcomes[extract.stem] = refresh_file(book, extract)
        issue_file(book)
    outcomes[files[-1].stem] = refresh_file(book, files[-1])
    march = folder / "march-refreshed.xlsx"
    shutil.copyfile(book, march)
    return folder, march, outcomes


EXPECTED_YELLOW = [
    ("Summary", "1.1 Number", "m2"),
    ("Summary", "4.2 Number", "m1"),
    ("Contacts by locality", "m11", "1.1 Number|Rotherham"),
    ("Closed families", "4.2 Number|Rotherham", "m10"),
]


def test_the_march_report_is_yellow_exactly_where_figures_were_revised(year):
    _, march, _ = year
    expected = {cell_of(march, *where) for where in EXPECTED_YELLOW}
    assert set(marks(march)) == expected


def test_the_march_report_lists_exactly_its_revisions(year):
    _, march, outcomes = year
    listed = [str(r) for r in outcomes["2019-03"].revisions]
    assert listed == [
        "1.1 Number, Rotherham, Feb-19: 368 -> 370 since Issue1 of Feb-19",
        "4.2 Number, Rotherham, Jan-19: 230 -> 231 since Issue1 of Feb-19",
    ]
    log = [row[2] for row in load(march)["Log"].iter_rows(values_only=True)]
    assert f"Revised: {listed[0]}" in log
    revisions = [
        [cell for cell in row if cell is not None]
        for row in load(march)[cycle.REVISIONS_SHEET].iter_rows(
            min_row=4, values_only=True
        )
    ]
    assert ["1.1 Number", "Rotherham", "Feb-19", "368", "370"] in revisions
    assert ["4.2 Number", "Rotherham", "Jan-19", "230", "231"] in revisions
    assert len(revisions) == 4  # a line saying what it lists, a header, two rows


def test_februarys_rerun_of_december_was_yellow_in_february_only(year):
    _, _, outcomes = year
    # The figures worked out from it changed too, and are revisions as well.
    assert [str(r) for r in outcomes["2019-02"].revisions] == [
        "2.1 Number, Rotherham, Dec-18: 103 -> 104 since Issue1 of Jan-19",
        "2.2 Number out of 2.1 Number, Rotherham, Dec-18: 76 out of 103 -> 76 out "
        "of 104 since Issue1 of Jan-19",
        "2.2 %, Rotherham, Dec-18: 73.8% -> 73.1% since Issue1 of Jan-19",
    ]
    # Issued in February, it is not a revision of March's report.
    assert not any("Dec-18" in str(r) for r in outcomes["2019-03"].revisions)


def test_new_figures_and_the_year_to_date_are_not_revisions(year):
    _, _march, outcomes = year
    revised = {r.figure for r in outcomes["2019-03"].revisions}
    assert "1.1 Number|Rotherham|2019-03" not in revised
    assert not any("YTD" in figure for figure in revised)


def test_a_revision_mark_compares_with_the_figure_issued(year):
    # The yellow is a rule, not a fill: setting 370 back to 368 removes it.
    _, march, _ = year
    sheet, cell = cell_of(march, "Summary", "1.1 Number", "m2")
    assert marks(march)[(sheet, cell)] == (
        f'N("ehxl revision")+IF(ISNUMBER({cell}),ROUND({cell},0)<>368,TRUE)'
    )
    fill = load(march)[sheet][cell].fill
    assert fill.fgColor.rgb != "FFFFFF00"


def test_refreshing_again_and_again_keeps_one_mark_per_revision(year, tmp_path):
    _, march, _ = year
    again = tmp_path / "again.xlsx"
    shutil.copyfile(march, again)
    for _ in range(3):
        refresh_file(again)
    assert marks(again) == marks(march)
    rules = sum(
        len(formatting.rules)
        for sheet in load(again).worksheets
        for formatting in sheet.conditional_formatting
    )
    assert rules == len(marks(march))


@pytest.fixture(scope="module")
def issued(year, tmp_path_factory):
    """March issued: the workbook and the copy to send."""
    folder = tmp_path_factory.mktemp("issued")
    book = folder / "early-help.xlsx"
    shutil.copyfile(year[1], book)
    outcome = issue_file(book)
    return book, outcome


def test_after_the_march_issue_no_cell_is_yellow(issued):
    book, outcome = issued
    assert marks(book) == {}
    assert outcome.issue.name == "Issue1 of Mar-19"
    cover = load(book)["Cover"]
    assert (cover["B7"].value, cover["B8"].number_format) == ("Issue1", "dd/mm/yyyy")


def test_a_second_issue_of_the_month_is_issue_2(issued, tmp_path):
    book = tmp_path / "again.xlsx"
    shutil.copyfile(issued[0], book)
    refresh_file(book)
    again = issue_file(book)
    assert again.copy.name == "Early Help Performance Report 2019-03 Issue2.xlsx"
    assert load(book)["Cover"]["B7"].value == "Issue2"


def test_the_copy_sent_has_the_report_sheets_only(issued):
    _book, outcome = issued
    assert outcome.copy.name == "Early Help Performance Report 2019-03 Issue1.xlsx"
    sent = load(outcome.copy)
    assert not NOT_SENT & set(sent.sheetnames)
    assert all(sheet.sheet_state == "visible" for sheet in sent.worksheets)
    assert len(sent.defined_names) == 0
    with zipfile.ZipFile(outcome.copy) as archive:
        names = archive.namelist()
        assert not [n for n in names if "vbaProject" in n or "externalLink" in n]
        sheets = [archive.read(n) for n in names if n.startswith("xl/worksheets/")]
    assert not any(b"<f>" in xml or b"<f " in xml for xml in sheets)


def test_the_copy_shows_the_workbooks_figures_without_its_keys(issued):
    book, outcome = issued
    source, sent = load(book), load(outcome.copy)
    for name in REPORT_SHEETS:
        held = {
            c.coordinate: c.value
            for row in source[name].iter_rows(min_col=2)
            for c in row
            if c.value is not None and not source[name].row_dimensions[c.row].hidden
        }
        copied = {
            c.coordinate: c.value
            for row in sent[name].iter_rows(min_col=2)
            for c in row
            if c.value is not None
        }
        assert copied == held, name
        assert not any(
            isinstance(c.value, str) for (c,) in sent[name].iter_rows(max_col=1)
        ), f"{name} keeps ehxl's keys"


def test_the_copy_keeps_its_revisions_yellow_and_listed(issued):
    book, outcome = issued
    sent = load(outcome.copy)
    yellow = {
        (sheet.title, cell.coordinate)
        for sheet in sent.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.fill.fill_type == "solid" and cell.fill.fgColor.rgb == "FFFFFF00"
    }
    expected = {cell_of(book, *where) for where in EXPECTED_YELLOW}
    assert yellow == expected
    listed = [
        " ".join(str(c) for c in row if c is not None)
        for row in sent[cycle.REVISIONS_SHEET].iter_rows(min_row=4, values_only=True)
    ]
    assert "1.1 Number Rotherham Feb-19 368 370" in listed


def test_a_refresh_before_any_issue_lists_nothing_and_marks_nothing(march_book):
    # The demo issues every month; a fresh workbook has no issue to compare with.
    assert marks(march_book) == {}


def test_issuing_a_workbook_never_refreshed_is_refused(tmp_path, capsys):
    book = cli.new_workbook(tmp_path / "new.xlsx")
    before = book.read_bytes()
    assert cli.run(["issue", str(book)]) == 1
    assert "has not been refreshed yet" in capsys.readouterr().err
    assert book.read_bytes() == before


@pytest.fixture(scope="module")
def february(tmp_path_factory):
    """The year replayed to February's issue (its summary shows Dec-Feb)."""
    folder = tmp_path_factory.mktemp("february")
    extracts = extracts_with_reruns(folder / "extracts", months=11)
    return folder, cli.demo(folder, extracts)


def test_typed_values_and_officers_edits_survive_refreshes_and_an_issue(
    february, tmp_path
):
    _folder, feb = february
    book = tmp_path / "early-help.xlsx"
    shutil.copyfile(feb, book)
    sheet, cell = cell_of(book, "Summary", "4.2 Number", "m2")  # Jan-19
    edited = load(book)
    edited[sheet][cell] = 250
    edited["Triage"]["B5"] = "Triage commentary typed by the officer."
    summary = edited[sheet]
    first = layout.find(
        [list(r) for r in summary.iter_rows(values_only=True)], "Summary"
    ).rows["1.1 Number"]
    summary.insert_rows(first)
    summary.cell(first, 2, "Officer's row above 1.1")
    edited["Contacts"].title = "Contacts 2018-19"
    edited.save(book)

    for _ in range(3):
        refresh_file(book)
    issue_file(book)
    march = sorted(EXTRACTS.glob("*.csv"))[-1]
    outcome = refresh_file(book, march)

    after = load(book)
    sheet, cell = cell_of(book, "Summary", "4.2 Number", "m1")  # Jan-19 now
    assert after[sheet][cell].value == 250
    assert "Typed by hand: 250. The data gives 230." in after[sheet][cell].comment.text
    assert (
        "Manual value: 4.2 Number, Rotherham, Jan-19 is 250, typed by hand; the data "
        "gives 230." in outcome.warnings
    )
    assert after["Triage"]["B5"].value == "Triage commentary typed by the officer."
    assert after[sheet].cell(first, 2).value == "Officer's row above 1.1"
    renamed = cell_of(book, "Contacts by locality", "m12", "1.1 Number|Rotherham")
    assert renamed[0] == "Contacts 2018-19"
    assert after[renamed[0]][renamed[1]].value == 386
    # The typed value stands on the detail sheet too: it belongs to the figure.
    closed = cell_of(book, "Closed families", "4.2 Number|Rotherham", "m10")
    assert after[closed[0]][closed[1]].value == 250
    # Not a revision: it was issued in February as typed.
    assert "4.2 Number|Rotherham|2019-01" not in {r.figure for r in outcome.revisions}

    # Clearing the cell gives the data's figure back, and the note goes.
    cleared = load(book)
    cleared[sheet][cell] = None
    cleared.save(book)
    refresh_file(book)
    back = load(book)[sheet][cell]
    assert (back.value, back.comment) == (230, None)


def test_a_long_issued_text_fits_in_a_revision_marks_formula():
    # Excel refuses a text of more than 255 characters within a formula.
    issued = "Data in development: " + "x" * 300 + ' "quoted"'
    formula = cycle.revision_formula("$C$5", issued, "General")
    texts = [
        text.replace('""', '"') for text in re.findall(r'"((?:[^"]|"")*)"', formula)
    ]
    assert texts == ["ehxl revision", issued[: cycle.FORMULA_TEXT]]
    assert f"LEN($C$5)<>{len(issued)}" in formula


def test_the_first_issue_says_it_has_nothing_to_compare_with(march_book):
    sent = load(
        march_book.parent
        / "issued"
        / "Early Help Performance Report 2018-04 Issue1.xlsx"
    )
    lines = [
        value
        for row in sent[cycle.REVISIONS_SHEET].iter_rows(values_only=True)
        for value in row
        if isinstance(value, str)
    ]
    assert (
        "Issue1 of Apr-18: the first issue, with no earlier issue to compare with. "
        "From the "
        "next issue on, the figures that change are listed here and shown in "
        "yellow."
    ) in lines
    assert not [line for line in lines if "has not been issued yet" in line]
