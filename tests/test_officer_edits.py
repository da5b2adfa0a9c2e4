"""What an officer does to the workbook in Excel, and what the next refresh does."""

from __future__ import annotations

import pytest
from conftest import SHAPE, load, read_table, rewritten
from test_bad_input import extract, paste, refresh

from ehxl.adapters import sparklines
from ehxl.numbers import excel_round


def indicators_cell(book, key: str, column: str):
    sheet = book["Indicators"]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        indicator = row[header.index("Indicator")].value
        measure = row[header.index("Measure")].value
        if f"{indicator} {measure}" == key:
            return row[header.index(column)]
    raise KeyError(key)


def edited(path, change) -> None:
    book = load(path)
    change(book)
    book.save(path)


def test_a_tolerance_typed_as_a_percentage_is_read_as_one(replayed):
    # 8.2: 122 against 123 is Amber with the default 5%; 5% typed in Excel is 0.05.
    def change(book):
        cell = indicators_cell(book, "8.2 Number", "Tolerance")
        cell.value, cell.number_format = 0.05, "0%"
        settings = book["Settings"]
        settings["B5"].value, settings["B5"].number_format = 0.05, "0%"
        settings["B6"].value, settings["B6"].number_format = 0.02, "0%"

    edited(replayed, change)
    assert refresh(replayed) == 0
    summary = read_table(replayed, "Summary")
    assert summary["8.2 Number"]["rag"].text == "A"
    assert summary["7.1 Secondary"]["rag"].text == "A"


@pytest.mark.parametrize("green", ["≥95%", ">= 95%", "95 %", ">=95%"])
def test_targets_read_as_officers_write_them(replayed, green):
    edited(
        replayed,
        lambda b: setattr(indicators_cell(b, "11.2 %", "Green"), "value", green),
    )
    assert refresh(replayed) == 0
    assert read_table(replayed, "Summary")["11.2 %"]["rag"].text == "G"


def test_a_renamed_column_of_the_catalogue_is_refused(replayed, capsys):
    def change(book):
        sheet = book["Indicators"]
        for cell in sheet[1]:
            if cell.value == "Green":
                cell.value = "Green (Target)"

    edited(replayed, change)
    before = replayed.read_bytes()
    assert refresh(replayed) == 2
    assert (
        "'Green (Target)': expected the column name 'Green'" in capsys.readouterr().err
    )
    assert replayed.read_bytes() == before


def test_a_formula_in_the_catalogue_is_refused(replayed, capsys):
    edited(
        replayed,
        lambda b: setattr(indicators_cell(b, "8.2 Number", "Green"), "value", "=120+3"),
    )
    assert refresh(replayed) == 2
    assert "'=120+3': expected a value, not a formula" in capsys.readouterr().err


@pytest.mark.parametrize("tolerance", ["9e999999", "Infinity", "-1"])
def test_an_impossible_tolerance_is_refused(replayed, capsys, tolerance):
    edited(
        replayed,
        lambda b: setattr(
            indicators_cell(b, "8.2 Number", "Tolerance"), "value", tolerance
        ),
    )
    assert refresh(replayed) == 2
    assert "expected a number of zero or more" in capsys.readouterr().err


def test_a_renamed_setting_is_refused(replayed, capsys):
    edited(replayed, lambda b: setattr(b["Settings"]["A5"], "value", "Tolerance"))
    assert refresh(replayed) == 2
    assert (
        "Settings!A5: 'Tolerance': expected one of the settings"
        in capsys.readouterr().err
    )


def test_a_borough_name_that_no_figure_has_is_refused(replayed, capsys):
    edited(replayed, lambda b: setattr(b["Settings"]["B2"], "value", "ROTHERHAM"))
    assert refresh(replayed) == 2
    assert "'ROTHERHAM': expected the borough's name as the figures give it" in (
        capsys.readouterr().err
    )


def test_a_copied_summary_sheet_is_refused_not_overwritten(replayed, capsys):
    def change(book):
        copy = book.copy_worksheet(book["Performance Summary"])
        book.move_sheet(copy, -(len(book.sheetnames) - 1))

    edited(replayed, change)
    before = replayed.read_bytes()
    assert refresh(replayed) == 1
    assert "A copied sheet keeps ehxl's keys" in capsys.readouterr().err
    assert replayed.read_bytes() == before


def test_a_copied_summary_row_is_refused(replayed, capsys):
    def change(book):
        sheet = book["Performance Summary"]
        sheet.insert_rows(20)
        for column in range(1, sheet.max_column + 1):
            sheet.cell(20, column).value = sheet.cell(17, column).value

    edited(replayed, change)
    assert refresh(replayed) == 1
    assert "Row key '1.1 Number' of the Summary table is on rows 17 and 20" in (
        capsys.readouterr().err
    )


def test_a_new_row_keeps_the_hidden_rows_and_merges_below_in_place(replayed):
    def change(book):
        sheet = book["Indicators"]
        source = [c.value for c in sheet[3]]
        row = sheet.max_row + 1
        for column, value in enumerate(source, start=1):
            sheet.cell(row, column, value)
        header = [c.value for c in sheet[1]]
        sheet.cell(row, header.index("Indicator") + 1, "1.3")
        summary = book["Performance Summary"]
        summary["R90"] = "Officer's commentary"
        summary.merge_cells("R90:T91")

    edited(replayed, change)
    assert refresh(replayed) == 0
    sheet = load(replayed)["Performance Summary"]
    hidden = [r for r, d in sheet.row_dimensions.items() if d.hidden]
    keys = {sheet.cell(r, 1).value for r in hidden}
    assert keys == {"ehxl:Summary:columns", "ehxl:Partners:columns"}
    assert sheet["R91"].value == "Officer's commentary"
    assert "R91:T92" in {str(r) for r in sheet.merged_cells.ranges}


# A data bar of Excel 2010's kind lives in an x14 extension of its sheet.
DATA_BAR = (
    b'<extLst><ext uri="{78C0D931-6437-407d-A8EE-F0AAD7539E65}">'
    b'<x14:conditionalFormattings xmlns:x14="http://schemas.microsoft.com/office/'
    b'spreadsheetml/2009/9/main"/></ext></extLst></worksheet>'
)


def test_parts_openpyxl_would_drop_stop_the_save(replayed, tmp_path, capsys):
    with_shape = rewritten(replayed, tmp_path / "shapes.xlsx", added=[SHAPE])
    before = with_shape.read_bytes()
    assert refresh(with_shape) == 1
    message = capsys.readouterr().err
    assert "would lose text boxes or shapes (xl/drawings/drawing9.xml)" in message
    assert "Refresh the workbook in Excel" in message
    assert "Refreshed the report" not in message
    assert with_shape.read_bytes() == before


def test_edits_that_break_data_are_all_reported(replayed, capsys):
    def change(book):
        data = book["Data"]
        data["F2"] = -5
        data["F3"] = "400"
        data.append([c.value for c in data[4]])

    edited(replayed, change)
    before = replayed.read_bytes()
    assert refresh(replayed) == 2
    message = capsys.readouterr().err
    assert "3 problems in the Data sheet" in message
    assert "Data!F2: '-5'" in message
    assert "Data!F3: '400'" in message
    assert "and A" in message and "one row per indicator" in message
    assert replayed.read_bytes() == before


def test_a_ytd_type_typed_in_lower_case_in_data_is_read(replayed):
    def change(book):
        for row in book["Data"].iter_rows(min_row=2):
            if row[4].value == "YTD":
                row[4].value = "ytd"

    edited(replayed, change)
    assert refresh(replayed) == 0
    assert read_table(replayed, "Summary")["4.3 Number"]["ytd"].text == "579"


def test_a_stray_cell_beside_the_paste_is_named(book, capsys):
    paste(book, [["1.1", "Number", None, "2019-03", None, 386]])
    edited(book, lambda b: setattr(b["Input"]["J3"], "value", "check with Sarah"))
    assert refresh(book) == 2
    message = capsys.readouterr().err
    assert "Input!J3: 'check with Sarah': expected no values beyond" in message
    assert "Input!A3" not in message


def test_a_percentage_cell_for_a_count_is_refused(book, capsys):
    paste(book, [["1.1", "Number", None, "2019-03", None, 0.45]])
    edited(book, lambda b: setattr(b["Input"]["F2"], "number_format", "0%"))
    assert refresh(book) == 2
    assert "expected a count, not a percentage" in capsys.readouterr().err


@pytest.mark.parametrize("text", ["x\ufffe", "x\uffff"])
def test_characters_xml_cannot_hold_are_refused(tmp_path, book, capsys, text):
    path = extract(tmp_path, f"1.1,Number,,Mar-19,,386,{text}")
    assert refresh(book, "--input", str(path)) == 2
    assert "without control characters" in capsys.readouterr().err


def test_a_ratio_over_a_tiny_denominator_is_computed(tmp_path, replayed):
    rows = ["3.1a,Number,,Mar-19,,1e-20,", "3.2a,Number,,Mar-19,,999999,"]
    assert refresh(replayed, "--input", str(extract(tmp_path, *rows))) == 0
    assert excel_round(1e300, 3) > 0


def test_a_refresh_of_a_read_only_workbook_says_nothing_was_refreshed(replayed, capsys):
    replayed.chmod(0o444)
    assert refresh(replayed) == 1
    assert "Refreshed the report" not in capsys.readouterr().err


def test_a_shape_a_sparkline_and_a_data_bar_are_all_named_before_any_save(
    replayed, tmp_path, capsys
):
    with_sparkline = tmp_path / "sparkline.xlsx"
    # An officer's own sparkline, beside the report's.
    sparklines.add(
        replayed,
        with_sparkline,
        {"Cover": [sparklines.SparklineSpec("C20", "$A$1:$B$1")]},
    )
    with_all = rewritten(
        with_sparkline,
        tmp_path / "all.xlsx",
        {
            "xl/worksheets/sheet2.xml": lambda xml: xml.replace(
                b"</worksheet>", DATA_BAR
            )
        },
        added=[SHAPE],
    )
    before = with_all.read_bytes()
    assert refresh(with_all) == 1
    message = capsys.readouterr().err
    assert "text boxes or shapes (xl/drawings/drawing9.xml)" in message
    assert "conditional formats of a newer kind (xl/worksheets/sheet2.xml)" in message
    assert "sparklines that are not the report's ('Cover'!C20)" in message
    assert with_all.read_bytes() == before
