"""Bad input: every problem reported at once, with its cell, and nothing written."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from conftest import load, paste, read_table

from ehxl import cli

HEADER = "Indicator,Measure,Area,Period,Type,Value,Note"


def extract(tmp_path: Path, *rows: str, name: str = "extract.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def refresh(book: Path, *args: str) -> int:
    return cli.run(["refresh", str(book), *args])


@pytest.mark.parametrize(
    ("row", "where", "expected"),
    [
        (
            "1.1,Number,Rotherham,Mar-19,,12O,",
            "row 2, column Value: '12O'",
            "expected a number such as 386 or 67.2%",
        ),
        (
            "1.1,Number,Rotherham,Mar-19,,-5,",
            "row 2, column Value: '-5'",
            "expected zero or more",
        ),
        (
            "99.9,Number,Rotherham,Mar-19,,5,",
            "row 2, column Indicator: '99.9'",
            "expected an indicator code listed on the Indicators sheet",
        ),
        (
            "1.1,Percent,Rotherham,Mar-19,,5,",
            "row 2, column Measure: 'Percent'",
            "expected a measure listed for this indicator",
        ),
        (
            "1.1,Number,Rotherham,2019-03-19,,5,",
            "row 2, column Period: '2019-03-19'",
            "expected the first day of a month",
        ),
        (
            "1.1,Number,Rotherham,Smarch-19,,5,",
            "row 2, column Period: 'Smarch-19'",
            "expected a month such as Mar-19",
        ),
        (
            "3.2a,Number,Rotherham,Mar-19,,84,\n3.1a,Number,Rotherham,Mar-19,,125,\n"
            "3.2a,%,Rotherham,Mar-19,,67.2%,",
            "row 4, column Measure: '%'",
            "ehxl computes",
        ),
    ],
)
def test_a_bad_row_is_refused_and_the_workbook_is_unchanged(
    tmp_path, book, capsys, row, where, expected
):
    before = book.read_bytes()
    code = refresh(book, "--input", str(extract(tmp_path, row)))
    message = capsys.readouterr().err
    assert code == 2
    assert f"extract.csv {where}" in message
    assert expected in message
    assert "the workbook was not changed" in message
    assert book.read_bytes() == before


def test_two_bad_rows_are_both_reported(tmp_path, book, capsys):
    # One fails conversion to a number, the other names an unknown indicator.
    rows = [
        "1.1,Number,Rotherham,Mar-19,,38O,",
        "1.2,Number,Rotherham,Mar-19,,139,",
        "42,Number,Rotherham,Mar-19,,12,",
    ]
    before = book.read_bytes()
    assert refresh(book, "--input", str(extract(tmp_path, *rows))) == 2
    message = capsys.readouterr().err
    assert "2 problems with the input figures" in message
    assert "row 2, column Value: '38O'" in message
    assert "row 4, column Indicator: '42'" in message
    assert book.read_bytes() == before


def test_a_date_excel_made_of_a_typed_month_names_its_cell(book, capsys):
    # Typed as "Mar-19", Excel stores 19 March of the current year.
    paste(book, [["1.1", "Number", "Rotherham", dt.datetime(2026, 3, 19), None, 386]])
    before = book.read_bytes()
    assert refresh(book) == 2
    message = capsys.readouterr().err
    assert "Input!D2: '2026-03-19 00:00:00'" in message
    assert "Type the month as 2019-03" in message
    assert book.read_bytes() == before


def test_conflicting_duplicates_name_both_rows(tmp_path, book, capsys):
    rows = ["1.1,Number,Rotherham,Mar-19,,386,", "1.1,Number,Rotherham,2019-03,,368,"]
    assert refresh(book, "--input", str(extract(tmp_path, *rows))) == 2
    message = capsys.readouterr().err
    assert (
        "extract.csv row 2, column Value and extract.csv row 3, column Value" in message
    )
    assert "'386' and '368'" in message


def test_agreeing_duplicates_are_accepted(tmp_path, book):
    rows = [
        "1.1,Number,Rotherham,Mar-19,,386,",
        "1.1,Number,Rotherham,March 2019,,386,",
    ]
    assert refresh(book, "--input", str(extract(tmp_path, *rows))) == 0


def test_notes_and_every_way_of_writing_a_month_are_accepted(book):
    paste(
        book,
        [
            ["1.1", "Number", "Rotherham", dt.datetime(2019, 3, 1), None, 386],
            ["1.2", "Number", "Rotherham", "Mar-19", None, "N/A"],
            ["5.4", "Number", None, "March 2019", None, "Data In Development"],
            ["9.1", "Annual", "Rotherham", "2019-03", None, "Annual Measure"],
        ],
    )
    assert refresh(book) == 0
    data = load(book)["Data"]
    periods = {row[3] for row in data.iter_rows(min_row=2, values_only=True)}
    assert periods == {dt.datetime(2019, 3, 1)}
    summary = read_table(book, "Summary")
    assert summary["1.2 Number"]["m3"].text == "N/A"
    assert summary["5.4 Number"]["m3"].text == "Data In Development"
    assert summary["9.1 Annual"]["m3"].text == "Annual Measure"


def test_a_missing_column_is_named(tmp_path, book, capsys):
    path = tmp_path / "extract.csv"
    path.write_text("Indicator,Measure,Area,Value\n1.1,Number,Rotherham,386\n")
    assert refresh(book, "--input", str(path)) == 2
    assert "a column headed 'Period'" in capsys.readouterr().err


def test_text_starting_with_equals_is_written_as_text(tmp_path, book):
    rows = [
        "1.1,Number,Rotherham,Mar-19,,=1+1,",
        "1.2,Number,Rotherham,Mar-19,,=== Awaiting data ===,",
    ]
    assert refresh(book, "--input", str(extract(tmp_path, *rows))) == 0
    summary = read_table(book, "Summary")
    assert summary["1.1 Number"]["m3"].value == "=1+1"
    assert summary["1.2 Number"]["m3"].value == "=== Awaiting data ==="
    with zipfile.ZipFile(book) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        for name in sheets:
            xml = archive.read(name).decode("utf-8")
            assert "<f>" not in xml and "<f " not in xml, f"a formula in {name}"


def test_one_problem_is_counted_in_the_singular(tmp_path, book, capsys):
    assert (
        refresh(book, "--input", str(extract(tmp_path, "42,Number,,Mar-19,,1,"))) == 2
    )
    assert "1 problem with the input figures found" in capsys.readouterr().err


def test_a_derived_figure_is_one_problem_whatever_its_value(tmp_path, book, capsys):
    rows = ("3.3,Number,,Mar-19,,36,", "3.3,Completed EHAs,,Mar-19,,158,")
    paste = extract(tmp_path, *rows, "3.3,%,,Mar-19,,15,")
    assert refresh(book, "--input", str(paste)) == 2
    message = capsys.readouterr().err
    assert "1 problem with" in message
    assert "ehxl computes this figure" in message


def test_an_empty_paste_is_refused_even_with_a_month(book, capsys):
    assert refresh(book, "--month", "2019-02") == 2
    assert "at least one month's figure" in capsys.readouterr().err


def test_a_long_value_is_quoted_by_its_start_only(book, tmp_path, capsys):
    essay = "12 " + "and more " * 600  # starts like a number, 5,403 characters
    assert (
        refresh(
            book, "--input", str(extract(tmp_path, f"1.1,Number,,Mar-19,,{essay},"))
        )
        == 2
    )
    said = capsys.readouterr().err
    assert f"'{essay[:200]}...' ({len(essay)} characters)" in said
    assert essay[:300] not in said
