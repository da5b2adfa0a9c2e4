"""Input that tried to break a refresh: each ends in a clear refusal, or a refresh."""

from __future__ import annotations

import os
import stat
import zipfile

import pytest
from conftest import load, read_table
from test_bad_input import HEADER, extract, paste, refresh

from ehxl import cli


def refused(book, capsys, *args) -> str:
    before = book.read_bytes()
    code = refresh(book, *args)
    message = capsys.readouterr().err
    assert code == 2, message
    assert book.read_bytes() == before
    return message


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("1.1,Number,,Mar-19,,£386,", "expected a number such as 386"),
        ("1.1,Number,,Mar-19,,(386),", "expected a number such as 386"),
        ("1.1,Number,,Mar-19,,#N/A,", "not an Excel error value"),
        ("1.1,Number,,Mar-19,,N/A\x01,", "without control characters"),
        ("1.1,Number,Roth\x02,Mar-19,,5,", "without control characters"),
        ("1.1,Number,,9999-12,,400,", "a month from 2000 up to this month"),
        ("1.1,Number,,Mar-99,,400,", "a month from 2000 up to this month"),
        (
            "1.1,Number,Rotheram,Mar-19,,999,",
            "the borough or one of the localities or wards",
        ),
        ("1.1,Number,,Mar-19,YTD,99999,", "only for a measure whose YTD rule is"),
        ("6.1,%,,Feb-19,,50%,", "in the quarter's last month"),
        ("9.1,%,,Mar-19,,2.5,", "a percentage written with its % sign"),
        ("1.1,Number,,Mar-19,,400,,extra", "no values beyond the header's 7 columns"),
    ],
)
def test_hostile_rows_are_refused(tmp_path, book, capsys, row, expected):
    assert expected in refused(book, capsys, "--input", str(extract(tmp_path, row)))


def test_a_long_note_is_refused(tmp_path, book, capsys):
    row = "1.1,Number,,Mar-19,,," + "x" * 40000
    assert "at most 32,767 characters" in refused(
        book, capsys, "--input", str(extract(tmp_path, row))
    )


def test_near_duplicates_are_told_apart(tmp_path, book, capsys):
    rows = ["4.1,Children,,Mar-19,,1234567,", "4.1,Children,,Mar-19,,1234568,"]
    message = refused(book, capsys, "--input", str(extract(tmp_path, *rows)))
    assert "'1234567' and '1234568'" in message


def test_a_column_given_twice_is_refused(tmp_path, book, capsys):
    path = tmp_path / "twice.csv"
    path.write_text("Indicator,Measure,Area,Period,Type,Value,Value,Note\n")
    assert "each column once" in refused(book, capsys, "--input", str(path))


def test_an_extract_with_no_figures_is_refused(tmp_path, book, capsys):
    path = tmp_path / "empty.csv"
    path.write_text(HEADER + "\n")
    assert "at least one figure below the header" in refused(
        book, capsys, "--input", str(path)
    )


def test_a_formula_pasted_into_input_is_refused(book, capsys):
    paste(book, [["1.1", "Number", None, "2019-03", None, "=200*2"]])
    assert "a value, not a formula" in refused(book, capsys)


@pytest.mark.parametrize(
    "content",
    [
        (HEADER + "\n1.1,Number,,Mar-19,,386,Caf\xe9\n").encode("cp1252"),
        (HEADER.replace(",", ";") + "\n1.1;Number;;Mar-19;;386;\n").encode(),
        (HEADER.lower() + "\n1.1,Number,,Mar-19,,386,\n").encode(),
        (
            "Early Help extract,,,\n\n" + HEADER + "\n1.1,Number,,Mar-19,,386,\n"
        ).encode(),
    ],
    ids=["windows-1252", "semicolons", "lower-case header", "title above header"],
)
def test_extracts_as_excel_saves_them_are_read(tmp_path, book, content):
    path = tmp_path / "extract.csv"
    path.write_bytes(content)
    assert refresh(book, "--input", str(path)) == 0
    assert read_table(book, "Summary")["1.1 Number"]["m3"].text == "386"


def test_a_blank_data_header_is_refused_not_taken_for_an_empty_history(
    replayed, capsys
):
    book = load(replayed)
    book["Data"].insert_rows(1)
    book.save(replayed)
    before = replayed.read_bytes()
    assert refresh(replayed) == 1
    assert "Data sheet's first row must read" in capsys.readouterr().err
    assert replayed.read_bytes() == before


def test_a_damaged_data_period_names_its_cell(replayed, capsys):
    book = load(replayed)
    book["Data"]["D2"] = "garbage"
    book.save(replayed)
    assert refresh(replayed) == 2
    assert "Data!D2: 'garbage': expected a month" in capsys.readouterr().err


@pytest.mark.parametrize("sheet", ["Indicators", "Input", "Data"])
def test_a_missing_sheet_is_named(replayed, capsys, sheet):
    book = load(replayed)
    del book[sheet]
    book.save(replayed)
    assert refresh(replayed) == 1
    assert f"has no '{sheet}' sheet" in capsys.readouterr().err


def test_a_derived_loop_in_the_catalogue_is_refused(replayed, capsys):
    book = load(replayed)
    sheet = book["Indicators"]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if (
            row[header.index("Indicator")].value,
            row[header.index("Measure")].value,
        ) == (
            "3.2a",
            "%",
        ):
            row[header.index("Derived from")].value = "3.2a % / 3.1a Number"
    book.save(replayed)
    assert refresh(replayed) == 2
    assert "do not lead back to this row" in capsys.readouterr().err


def test_an_unknown_table_in_the_catalogue_is_refused(replayed, capsys):
    book = load(replayed)
    book["Indicators"]["A2"] = "Summry"
    book.save(replayed)
    assert refresh(replayed) == 2
    assert "Indicators!A2: 'Summry': expected Summary, Partners" in (
        capsys.readouterr().err
    )


@pytest.mark.parametrize(
    "content", [b"Indicator,Measure\n", b"", b"PK\x03\x04garbage"], ids=str
)
def test_an_xlsx_extract_that_is_not_a_workbook_is_refused(
    tmp_path, book, capsys, content
):
    path = tmp_path / "extract.xlsx"
    path.write_bytes(content)
    assert refresh(book, "--input", str(path)) == 1
    assert "not an Excel workbook ehxl can open" in capsys.readouterr().err


def test_a_workbook_with_damaged_xml_is_refused(replayed, tmp_path, capsys):
    damaged = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(replayed) as source, zipfile.ZipFile(damaged, "w") as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet4.xml":
                data = data.replace(b"<row ", b"<row><row ", 1)
            out.writestr(item, data)
    assert refresh(damaged) == 1
    assert "not an Excel workbook that ehxl can open" in capsys.readouterr().err


def test_a_refresh_keeps_the_files_permissions(replayed):
    os.chmod(replayed, 0o600)
    assert refresh(replayed) == 0
    assert stat.S_IMODE(replayed.stat().st_mode) == 0o600


def test_a_read_only_workbook_is_not_overwritten(replayed, capsys):
    os.chmod(replayed, 0o444)
    before = replayed.read_bytes()
    assert refresh(replayed) == 1
    assert "read-only" in capsys.readouterr().err
    assert replayed.read_bytes() == before


def test_a_refresh_through_a_link_updates_the_linked_workbook(replayed, tmp_path):
    link = tmp_path / "link.xlsx"
    link.symlink_to(replayed)
    assert refresh(link, "--month", "2019-02") == 0
    assert link.is_symlink()
    assert read_table(replayed, "Summary")["@header"]["m3"].text == "Feb-19"


def test_new_inside_a_file_is_refused(tmp_path, capsys):
    blocker = tmp_path / "file.csv"
    blocker.write_text("x")
    assert cli.run(["new", str(blocker / "book.xlsx")]) == 1
    assert "cannot make the workbook there" in capsys.readouterr().err


def test_a_note_only_change_is_logged_with_its_notes(tmp_path, replayed):
    row = "7.1,Primary,,Feb-19,,10.7%,Half term 1-4"
    assert refresh(replayed, "--input", str(extract(tmp_path, row))) == 0
    log = [r[2] for r in load(replayed)["Log"].iter_rows(min_row=2, values_only=True)]
    assert (
        "Changed: 7.1 Primary, Rotherham, Feb-19: 0.107 (Half term 1-3) -> "
        "0.107 (Half term 1-4)" in log
    )


def test_an_empty_input_sheet_recomputes_from_data_with_a_warning(replayed):
    assert refresh(replayed) == 0
    log = [r[2] for r in load(replayed)["Log"].iter_rows(min_row=2, values_only=True)]
    assert any(
        line.startswith("No figures were pasted in the Input sheet") for line in log
    )
