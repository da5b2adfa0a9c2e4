"""The turn of the year: April 2019's report starts 2019/20 and keeps 2018/19.

The sample year is replayed and issued month by month, as the demo does.
Then the catalogue is changed as an officer would at the year end: one
indicator retired after March, a new one reported from April, and a target
for 2019/20 given to one measure only. April is refreshed from
``tests/data/2019-04-invented.csv``: figures invented for this test (March's
figures scaled by 0.9, the quarterly ones left out) and one re-run of a March
figure, 4.2 Rotherham Mar-19, 208 where 205 was issued.
"""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest
from conftest import EXTRACTS, extract_rows, load, paste, read_table, revision_marks
from factories import make_catalogue, make_figures

from ehxl import cli, periods, rules
from ehxl.refresh import refresh_file

INVENTED_APRIL = Path(__file__).parent / "data" / "2019-04-invented.csv"
RETIRED = "5.4 Number"
NEW = "1.9 Number"
TARGETED = "3.2a %"  # given a 2019/20 target
UNTARGETED = "6.1 %"  # has 2018/19's target only


def _column(sheet, header_row: int, name: str) -> int:
    for cell in sheet[header_row]:
        if cell.value == name:
            return cell.column
    sheet.cell(header_row, sheet.max_column + 1, name)
    return sheet.max_column


def year_end_catalogue(path: Path) -> None:
    """Retire one measure, add one, and give one a target for 2019/20."""
    book = load(path)
    sheet = book["Indicators"]
    header = next(r for r in range(1, 10) if "Indicator" in [c.value for c in sheet[r]])
    names = {c.value: c.column for c in sheet[header] if c.value}
    rows = {
        f"{sheet.cell(r, names['Indicator']).value} "
        f"{sheet.cell(r, names['Measure']).value}": r
        for r in range(header + 1, sheet.max_row + 1)
    }
    sheet.cell(rows[RETIRED], names["Retired after"], "2019-03")
    new = sheet.max_row + 1
    for column in range(1, sheet.max_column + 1):
        sheet.cell(new, column, sheet.cell(rows["1.1 Number"], column).value)
    sheet.cell(new, names["Indicator"], "1.9")
    sheet.cell(new, names["No."], "1.9")
    sheet.cell(new, names["Name"], "Contacts made online (a new indicator, test)")
    sheet.cell(new, names["Reported from"], "2019-04")
    for name in ("Trend 2015/16", "Trend 2016/17", "Trend 2017/18"):
        sheet.cell(new, names[name], None)
    green = _column(sheet, header, "Green 2019/20")
    sheet.cell(rows[TARGETED], green, "70%")
    book.save(path)


@pytest.fixture(scope="module")
def year(tmp_path_factory):
    """March issued, then April refreshed after the year-end changes."""
    folder = tmp_path_factory.mktemp("year-end")
    march = cli.demo(folder, EXTRACTS)
    april = folder / "april.xlsx"
    shutil.copyfile(march, april)
    year_end_catalogue(april)
    extract = folder / "2019-04.csv"
    text = INVENTED_APRIL.read_text(encoding="utf-8")
    extract.write_text(text + "1.9,Number,Rotherham,Apr-19,,41,\n", encoding="utf-8")
    outcome = refresh_file(april, extract)
    return {"march": march, "april": april, "outcome": outcome, "folder": folder}


@pytest.fixture(scope="module")
def summary(year):
    return read_table(year["april"], "Summary")


def test_aprils_summary_starts_the_new_year(summary):
    heading = summary["@header"]
    assert [heading[k].value for k in ("m1", "m2", "m3")] == [
        "Feb-19",
        "Mar-19",
        "Apr-19",
    ]
    assert heading["ytd"].value == "Year To Date 2019/20"
    # Year To Date restarts: April's alone (March's 386, scaled by 0.9).
    contacts = summary["1.1 Number"]
    assert contacts["m3"].value == 347
    assert contacts["ytd"].value == 347
    assert summary["3.2a %"]["ytd"].text == summary["3.2a %"]["m3"].text


def test_dot_compares_april_with_march(summary):
    contacts = summary["1.1 Number"]
    assert (contacts["m2"].value, contacts["m3"].value) == (386, 347)
    assert contacts["dot"].value == "↓"


def test_the_year_just_closed_joins_the_trend_from_data(summary):
    heading = summary["@header"]
    assert [heading[f"trend{n}"].value for n in (1, 2, 3)] == [
        "2016/17",
        "2017/18",
        "2018/19",
    ]
    # The March 2019 Years To Date, worked out from Data: never typed.
    assert summary["1.1 Number"]["trend3"].value == 4671
    assert summary["3.2a %"]["trend3"].text == "62.9%"
    # Years before ehxl come from the catalogue, as typed.
    assert summary["1.1 Number"]["trend1"].value == 3914


def test_a_march_figure_rerun_in_april_is_yellow_and_listed(year, summary):
    marks = revision_marks(year["april"])
    assert ("Performance Summary", _cell(year["april"], "4.2 Number", "m2")) in marks
    assert summary["4.2 Number"]["m2"].value == 208
    lines = [row[2] for row in load(year["april"])["Log"].iter_rows(values_only=True)]
    assert (
        "Revised: 4.2 Number, Rotherham, Mar-19: 205 -> 208 since Issue1 of Mar-19"
        in lines
    )


def _cell(path: Path, row_key: str, column_key: str) -> str:
    from ehxl import layout

    sheet = load(path)["Performance Summary"]
    grid = [list(r) for r in sheet.iter_rows(values_only=True)]
    found = layout.find(grid, "Summary")
    return sheet.cell(found.rows[row_key], found.columns[column_key]).coordinate


def test_a_retired_indicator_leaves_the_summary_and_a_new_one_joins(year, summary):
    assert RETIRED not in summary
    assert NEW in summary
    assert summary[NEW]["m3"].value == 41
    assert summary[NEW]["trend3"].value is None  # it was not reported in 2018/19
    sheet = load(year["april"])["Performance Summary"]
    texts = {c.value for row in sheet.iter_rows() for c in row}
    assert not any("Step Ups to Social Care" in str(t) for t in texts if t)

    # Its history stays in Data.
    def held(path):
        rows = load(path)["Data"].iter_rows(values_only=True)
        return [r[:6] for r in rows if r[:2] == ("5.4", "Number")]

    assert held(year["april"]) == held(year["march"]) != []


def test_2019_20s_targets_apply_and_a_year_without_one_says_so(year, summary):
    assert summary[TARGETED]["green"].text == "70%"
    assert summary[TARGETED]["rag"].value in ("R", "A", "G")
    assert summary[UNTARGETED]["green"].value == "No target set for 2019/20"
    assert summary[UNTARGETED]["rag"].value is None
    assert (
        f"{UNTARGETED}: no target set for 2019/20, so no RAG is given. Fill in Red, "
        "Amber and Green 2019/20 on the Indicators sheet (add the columns if they "
        "are not there)." in year["outcome"].warnings
    )


def test_march_can_be_reported_again_after_april_is_loaded(year, tmp_path):
    again = tmp_path / "again.xlsx"
    shutil.copyfile(year["april"], again)
    refresh_file(again, month=periods.parse_period("2019-03"))
    march = read_table(again, "Summary")
    issued = read_table(year["march"], "Summary")
    assert march["@header"]["ytd"].value == "Year To Date 2018/19"
    assert [march["@header"][f"trend{n}"].value for n in (1, 2, 3)] == [
        "2015/16",
        "2016/17",
        "2017/18",
    ]
    for key in ("1.1 Number", "3.2a %", UNTARGETED):
        for column in ("m1", "m2", "m3", "ytd", "rag", "green", "trend3"):
            assert march[key][column].text == issued[key][column].text, (key, column)
    # 2018/19's target stays with 2018/19's figures; the retired row is back.
    assert march[TARGETED]["green"].text == issued[TARGETED]["green"].text
    assert RETIRED in march and NEW not in march
    # The re-run March figure is the only change.
    assert (issued["4.2 Number"]["m3"].value, march["4.2 Number"]["m3"].value) == (
        205,
        208,
    )


def _values(path: Path, name: str) -> dict[str, object]:
    """A sheet's values by cell, ehxl's keys (column A) left out."""
    sheet = load(path)[name]
    return {c.coordinate: c.value for row in sheet.iter_rows(min_col=2) for c in row}


def test_each_year_table_keeps_2018_19_on_a_sheet_of_its_own(year):
    april = load(year["april"])
    for name in (
        "Contacts",
        "Triage",
        "Open and Closed Families",
        "Youth Offending Team",
        "HR",
    ):
        kept = f"{name} 18-19"
        assert april.sheetnames.index(kept) == april.sheetnames.index(name) + 1
        before, after = _values(year["march"], name), _values(year["april"], kept)
        changed = {k: (v, after.get(k)) for k, v in before.items() if after.get(k) != v}
        if name == "Open and Closed Families":
            # Only the re-run March figure and its Year To Date: 205 -> 208.
            assert sorted(changed.values()) == [(205, 208), (2661, 2664)]
        else:
            assert changed == {}, name
    marks = revision_marks(year["april"])
    assert any(sheet == "Open and Closed Families 18-19" for sheet, _ in marks)


def test_the_new_years_table_starts_with_april(year):
    sheet = load(year["april"])["Contacts"]
    from ehxl import layout

    grid = [list(r) for r in sheet.iter_rows(values_only=True)]
    table = layout.find(grid, "Contacts by locality")
    borough = table.columns["1.1 Number|Rotherham"]
    label = table.columns["label"]
    assert sheet.cell(table.rows["m1"], label).value == "Apr-19"
    assert sheet.cell(table.rows["m1"], borough).value == 347
    assert sheet.cell(table.rows["m2"], label).value == "May-19"
    assert sheet.cell(table.rows["m2"], borough).value is None


def test_a_closed_year_is_kept_once(year, tmp_path):
    again = tmp_path / "again.xlsx"
    shutil.copyfile(year["april"], again)
    outcome = refresh_file(again)
    assert load(again).sheetnames == load(year["april"]).sheetnames
    assert not [n for n in outcome.notes if "kept on a sheet" in n]


def test_the_copy_sent_in_april_carries_2018_19s_sheets(year, tmp_path):
    from ehxl.issue import issue_file

    book = tmp_path / "april.xlsx"
    shutil.copyfile(year["april"], book)
    sent = load(issue_file(book).copy)
    assert "Contacts 18-19" in sent.sheetnames
    assert "Data" not in sent.sheetnames


ACADEMIC = {"Indicator": "A1", "Year": "Academic", "YTD rule": "sum"}


def test_an_academic_measures_year_to_date_restarts_in_september_not_april():
    indicators = make_catalogue(ACADEMIC)
    figures = make_figures(
        indicators,
        {
            ("A1", "Number", "2019-03"): 10,
            ("A1", "Number", "2019-04"): 20,
            ("A1", "Number", "2019-08"): 30,
            ("A1", "Number", "2019-09"): 5,
        },
    )
    measure = indicators["A1 Number"]
    april, august, september = (
        periods.parse_period(m) for m in ("2019-04", "2019-08", "2019-09")
    )
    assert rules.ytd(measure, figures, april).number == 30  # Sep-18 to Apr-19
    assert rules.ytd(measure, figures, august).number == 60  # not restarted
    assert rules.ytd(measure, figures, september).number == 5  # 2019/20 begins


def test_the_turn_of_the_year_through_excel_gives_the_file_refreshs_report(
    year, tmp_path
):
    # The retired row is deleted and the new one inserted through Excel too.
    import datetime as dt

    from remote import apply, number_formats_from, open_book, payload

    from ehxl import addin

    pasted = tmp_path / "pasted.xlsx"
    shutil.copyfile(year["march"], pasted)
    year_end_catalogue(pasted)
    rows = [*extract_rows(INVENTED_APRIL), ["1.9", "Number", None, "Apr-19", None, 41]]
    paste(pasted, rows)
    filed = tmp_path / "filed.xlsx"
    shutil.copyfile(pasted, filed)
    now = dt.datetime(2019, 5, 7, 9, 0)
    refresh_file(filed, now=now)

    data = payload(pasted)
    excel = open_book(data)
    with number_formats_from(pasted):
        assert addin.refresh_book(excel, path=pasted, now=now) is not None
    actions = excel.json()["actions"]
    assert {a["func"] for a in actions} >= {"rangeDelete", "rangeInsert", "copySheet"}
    applied = apply(data, actions)
    assert "Contacts 18-19" in applied.values
    for sheet in load(filed).worksheets:
        name = sheet.title
        if name == "Log":
            # The file refresh adds what openpyxl cannot move; Excel can.
            continue
        for row in sheet.iter_rows():
            for cell in row:
                got = applied.value(name, cell.row, cell.column)
                if isinstance(cell.value, float):
                    assert math.isclose(got, cell.value), (name, cell.coordinate)
                else:
                    assert got == cell.value, (name, cell.coordinate)


def test_retiring_a_row_alone_moves_the_partners_sparklines_with_it(year, tmp_path):
    # Without a new row to make up for it, the Partners table moves up a row:
    # its sparklines must move too, or the save would take them for the
    # officer's and refuse.
    book = tmp_path / "retired.xlsx"
    shutil.copyfile(year["march"], book)
    workbook = load(book)
    sheet = workbook["Indicators"]
    names = {c.value: c.column for c in sheet[1] if c.value}
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row, names["Indicator"]).value == "5.4":
            sheet.cell(row, names["Retired after"], "2019-03")
    workbook.save(book)
    outcome = refresh_file(book, INVENTED_APRIL)
    assert any("Rows taken out of the Summary table" in w for w in outcome.warnings)
    assert RETIRED not in read_table(book, "Summary")


def test_a_kept_sheet_deleted_by_the_officer_is_made_again_as_it_was(year, tmp_path):
    book = tmp_path / "deleted.xlsx"
    shutil.copyfile(year["april"], book)
    workbook = load(book)
    del workbook["Contacts 18-19"]
    workbook.save(book)
    outcome = refresh_file(book)
    assert _values(book, "Contacts 18-19") == _values(year["march"], "Contacts")
    assert not [w for w in outcome.warnings if w.startswith("Manual value")]


def test_a_year_column_blank_for_a_measure_leaves_it_the_plain_targets():
    from dataclasses import replace

    from ehxl.catalogue import Shown, YearTargets

    measure = make_catalogue({"Green": "85%", "Value type": "Percent"})["T1 Number"]
    blank = YearTargets(Shown(None), Shown(None), Shown(None))
    every_year = replace(measure, target_year="", targets={"2019/20": blank})
    assert every_year.in_year("2019/20").green.value == measure.green.value
    assert not every_year.in_year("2019/20").no_target
    last_year = replace(measure, target_year="2018/19", targets={"2019/20": blank})
    assert last_year.in_year("2019/20").no_target == "2019/20"
    assert last_year.in_year("2018/19").green.value == measure.green.value


def test_retired_before_it_is_reported_is_refused():
    from ehxl.errors import CatalogueError

    with pytest.raises(CatalogueError) as raised:
        make_catalogue({"Reported from": "2019-06", "Retired after": "2019-03"})
    assert "a month no earlier than Reported from (2019-06)" in str(raised.value)


def test_an_academic_years_tables_are_kept_when_september_comes(year, tmp_path):
    book = tmp_path / "september.xlsx"
    shutil.copyfile(year["april"], book)
    outcome = refresh_file(book, month=periods.parse_period("2019-09"))
    sheets = load(book).sheetnames
    assert "Education AY 18-19" in sheets
    assert sheets.index("Education AY 18-19") == sheets.index("Education") + 1
    assert any("2018/19 academic tables of 'Education'" in n for n in outcome.notes)
    # Kept as at August: the attendance table still shows September 2018 on.
    kept = _values(book, "Education AY 18-19")
    march = _values(year["march"], "Education")
    assert "Sep-18" in kept.values()
    assert {k: v for k, v in kept.items() if v == "Sep-18"} == {
        k: v for k, v in march.items() if v == "Sep-18"
    }
