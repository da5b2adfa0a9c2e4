"""The saved workbook: sparklines kept across refreshes, Data, Log, an atomic save."""

from __future__ import annotations

import pytest
from conftest import EXTRACTS, load, read_table

from ehxl import cli
from ehxl.adapters import sparklines
from ehxl.errors import WorkbookFileError
from ehxl.refresh import refresh_file

SUMMARY_SHEET = "Performance Summary"


def partner_sparklines(path):
    found = dict(sparklines.read(path, SUMMARY_SHEET))
    return found


def test_partner_rows_with_figures_have_a_sparkline_of_their_quarters(march_book):
    found = partner_sparklines(march_book)
    # P5, P6.1 x2, P6.2 x2, P7.1 to P7.3: eight rows with quarterly figures.
    assert len(found) == 8
    assert all(
        source.startswith("'Performance Summary'!$J$") for source in found.values()
    )


def test_a_later_refresh_puts_the_sparklines_back(replayed):
    before = partner_sparklines(replayed)
    refresh_file(replayed, EXTRACTS / "2019-03.csv")
    assert partner_sparklines(replayed) == before


def test_data_holds_every_figure_loaded_once(march_book):
    data = load(march_book)["Data"]
    rows = list(data.iter_rows(min_row=2, values_only=True))
    keys = [(r[0], r[1], r[2], r[3], r[4]) for r in rows]
    assert len(keys) == len(set(keys))
    lines = sum(len(p.read_text().splitlines()) - 1 for p in EXTRACTS.glob("*.csv"))
    assert len(rows) == lines


def test_a_rerun_figure_replaces_the_old_one_and_is_logged(tmp_path, replayed):
    extract = tmp_path / "rerun.csv"
    extract.write_text(
        "Indicator,Measure,Area,Period,Type,Value,Note\n"
        "1.1,Number,Rotherham,Feb-19,,370,\n"
    )
    outcome = refresh_file(replayed, extract)
    assert [str(c) for c in outcome.changes] == [
        "1.1 Number, Rotherham, Feb-19: 368 -> 370"
    ]
    summary = read_table(replayed, "Summary")
    assert summary["1.1 Number"]["m2"].text == "370"
    assert summary["1.1 Number"]["ytd"].text == "4673"
    log = [
        row[2] for row in load(replayed)["Log"].iter_rows(min_row=2, values_only=True)
    ]
    assert "Changed: 1.1 Number, Rotherham, Feb-19: 368 -> 370" in log


def test_the_report_month_can_be_chosen(replayed, tmp_path):
    refresh_file(
        replayed, EXTRACTS / "2019-03.csv", month=cli.periods.parse_period("2019-02")
    )
    summary = read_table(replayed, "Summary")
    assert summary["@header"]["m3"].text == "Feb-19"
    assert summary["1.1 Number"]["ytd"].text == str(4671 - 386)


def test_a_failed_save_leaves_the_workbook_as_it_was(replayed, monkeypatch):
    before = replayed.read_bytes()

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(sparklines, "add", broken)
    with pytest.raises(WorkbookFileError, match="the workbook on disk is unchanged"):
        refresh_file(replayed, EXTRACTS / "2019-03.csv")
    assert replayed.read_bytes() == before
    assert sorted(p.name for p in replayed.parent.iterdir()) == ["march.xlsx"]


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path, capsys):
    path = tmp_path / "notes.xlsx"
    path.write_text("not a workbook")
    assert cli.run(["refresh", str(path)]) == 1
    assert "not an Excel workbook that ehxl can open" in capsys.readouterr().err


def test_a_sorted_or_moved_row_is_still_found(replayed):
    # Swap two summary rows, keys and all, as an officer sorting a block would.
    book = load(replayed)
    sheet = book[SUMMARY_SHEET]
    rows = {sheet.cell(r, 1).value: r for r in range(1, sheet.max_row + 1)}
    first, second = rows["1.1 Number"], rows["1.2 Number"]
    for column in range(1, sheet.max_column + 1):
        a, b = sheet.cell(first, column), sheet.cell(second, column)
        a.value, b.value = b.value, a.value
    book.save(replayed)
    refresh_file(replayed, EXTRACTS / "2019-03.csv")
    summary = read_table(replayed, "Summary")
    assert summary["1.1 Number"]["ytd"].text == "4671"
    assert summary["1.2 Number"]["ytd"].text == "2890"
    assert load(replayed)[SUMMARY_SHEET].cell(second, 1).value == "1.1 Number"


def test_a_month_after_the_latest_figures_is_warned_about(replayed):
    outcome = refresh_file(
        replayed, EXTRACTS / "2019-03.csv", month=cli.periods.parse_period("2019-05")
    )
    assert any("No figures are held for May 2019" in w for w in outcome.warnings)


def test_a_ytd_that_leaves_out_a_month_is_warned_about(march_book):
    # The seed's audit table has no August 2018 row (the audit cycle's break).
    log = [
        row[2] for row in load(march_book)["Log"].iter_rows(min_row=2, values_only=True)
    ]
    assert any(
        line.startswith("12.1 Number: the Year To Date 2018/19 leaves out Aug-18")
        for line in log
    )


def test_a_refresh_keeps_the_templates_header_styling(march_book, book):
    fresh = load(book)["Performance Summary"]
    done = load(march_book)["Performance Summary"]
    for row in range(1, fresh.max_row + 1):
        if fresh.cell(row, 1).value == "ehxl:Summary:header":
            break
    for column in range(2, fresh.max_column + 1):
        before, after = fresh.cell(row, column), done.cell(row, column)
        assert after.fill.fgColor.rgb == before.fill.fgColor.rgb
        assert after.font.b == before.font.b


def test_a_measure_added_to_the_catalogue_gets_a_row(replayed):
    book = load(replayed)
    sheet = book["Indicators"]
    header = [c.value for c in sheet[1]]
    source = next(
        r
        for r in sheet.iter_rows(min_row=2)
        if r[header.index("Indicator")].value == "1.1"
    )
    new_row = sheet.max_row + 1
    for cell in source:
        sheet.cell(new_row, cell.column, cell.value)
    sheet.cell(new_row, header.index("Measure") + 1, "Children")
    sheet.cell(new_row, header.index("Label") + 1, "Number of children")
    book.save(replayed)
    extract = replayed.parent / "new.csv"
    extract.write_text(
        "Indicator,Measure,Area,Period,Type,Value,Note\n1.1,Children,,Mar-19,,900,\n"
    )
    outcome = refresh_file(replayed, extract)
    assert any(
        "New rows added to the Summary table for: 1.1 Children" in w
        for w in outcome.warnings
    )
    summary = read_table(replayed, "Summary")
    assert summary["1.1 Children"]["m3"].text == "900"
    # The partners' table below moved down and is still found and filled.
    assert read_table(replayed, "Partners")["P6.1 Primary"]["ytd"].text == "388"


def test_a_row_whose_measure_left_the_catalogue_is_left_alone_and_reported(replayed):
    book = load(replayed)
    sheet = book["Indicators"]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[header.index("Indicator")].value == "13.6":
            for cell in row:
                cell.value = None
    book.save(replayed)
    outcome = refresh_file(replayed)
    assert any(
        "13.6 Number" in w and "left as they were" in w for w in outcome.warnings
    )
