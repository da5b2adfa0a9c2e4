"""Shared fixtures: the replayed sample year, and reading the report as shown."""

from __future__ import annotations

import csv
import os

# xlwings' remote engine, which runs the add-in's live path in these tests,
# needs a licence key set before xlwings is first imported: PolyForm
# Noncommercial's, which allows a council's (government) use.
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

import shutil
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest

from ehxl import cli, layout
from ehxl.cycle import MARK
from ehxl.numbers import excel_round

ROOT = Path(__file__).resolve().parent.parent
EXTRACTS = ROOT / "workbook" / "extracts"


@dataclass(frozen=True)
class Shown:
    """A report cell: its value, number format, font colour and fill."""

    value: object
    number_format: str
    font_colour: str | None
    fill: str | None

    @property
    def text(self) -> str:
        """The cell as Excel displays it (for the formats ehxl writes)."""
        return display(self.value, self.number_format)


def display(value: object, number_format: str) -> str:
    """Render a value the way Excel shows it in one of ehxl's number formats."""
    if value is None:
        return ""
    if isinstance(value, str | bool):
        return str(value)
    base, _, suffix = number_format.partition('"')
    suffix = suffix.replace('"', "")
    if base in ("General", "@"):
        return f"{value:g}" + suffix
    places = base.count("0") - 1
    if base.endswith("%"):
        return f"{excel_round(value * 100, places):f}%" + suffix
    return f"{excel_round(value, places):f}" + suffix


def load(path: Path) -> openpyxl.Workbook:
    """Open a written workbook with openpyxl, which cannot read sparklines."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Sparkline Group extension", UserWarning)
        return openpyxl.load_workbook(path)


def revision_marks(path: Path) -> dict[tuple[str, str], str]:
    """The revision marks of a workbook: (sheet, cells) -> the rule's formula."""
    found = {}
    for sheet in load(path).worksheets:
        for formatting in sheet.conditional_formatting:
            for rule in formatting.rules:
                formula = (rule.formula or [""])[0]
                if MARK in formula:
                    found[(sheet.title, str(formatting.sqref))] = formula
    return found


# A text box, which openpyxl drops on load.
SHAPE = ("xl/drawings/drawing9.xml", b"<xdr:wsDr><xdr:sp>text</xdr:sp></xdr:wsDr>")


def rewritten(source, target, changes=None, added=()):
    """A copy of a workbook's package with parts changed or added."""
    changes = changes or {}
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename in changes:
                data = changes[item.filename](data)
            new.writestr(item, data)
        for name, data in added:
            new.writestr(name, data)
    return target


def extract_rows(path: Path) -> list[list[object]]:
    """An extract's rows below its header, numbers as numbers (as Excel pastes)."""
    with Path(path).open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))[1:]
    return [[_pasted(value) for value in row] for row in rows]


def _pasted(text: str) -> object:
    if not text:
        return None
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def february_rerun(folder: Path) -> Path:
    """An extract re-running 1.1 Number, Feb-19: 370 where 368 was issued."""
    rerun = Path(folder) / "rerun.csv"
    rerun.write_text(
        "Indicator,Measure,Area,Period,Type,Value,Note\n"
        "1.1,Number,Rotherham,Feb-19,,370,\n",
        encoding="utf-8",
    )
    return rerun


def paste(workbook: Path, rows: list[list[object]], target: Path | None = None) -> Path:
    """Paste rows into the Input sheet below its header, as the officer does.

    The workbook is saved in place, or as ``target``.
    """
    book = load(workbook)
    sheet = book["Input"]
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            sheet.cell(r, c).value = value
    book.save(target or workbook)
    return Path(target or workbook)


def read_table(path: Path, table: str) -> dict[str, dict[str, Shown]]:
    """Read one report table of a workbook, by row key and column key."""
    book = load(path)
    for sheet in book.worksheets:
        found = layout.find([list(r) for r in sheet.iter_rows(values_only=True)], table)
        if found is None:
            continue
        rows = {}
        for key, row in [("@header", found.header_row), *found.rows.items()]:
            cells = {}
            for column_key, column in found.columns.items():
                cell = sheet.cell(row, column)
                colour = cell.font.color.rgb if cell.font.color is not None else None
                fill = cell.fill.fgColor.rgb if cell.fill.fill_type == "solid" else None
                cells[column_key] = Shown(cell.value, cell.number_format, colour, fill)
            rows[key] = cells
        return rows
    raise AssertionError(f"no {table} table in {path}")


@pytest.fixture(scope="session")
def march_book(tmp_path_factory) -> Path:
    """The sample year replayed month by month, as the README's first command does."""
    folder = tmp_path_factory.mktemp("demo")
    return cli.demo(folder, EXTRACTS)


@pytest.fixture(scope="session")
def summary(march_book) -> dict[str, dict[str, Shown]]:
    return read_table(march_book, "Summary")


@pytest.fixture(scope="session")
def partners(march_book) -> dict[str, dict[str, Shown]]:
    return read_table(march_book, "Partners")


@pytest.fixture
def book(tmp_path) -> Path:
    """A new workbook made from the template."""
    return cli.new_workbook(tmp_path / "book.xlsx")


@pytest.fixture
def replayed(tmp_path, march_book) -> Path:
    """A private copy of the replayed March workbook, free to change."""
    copy = tmp_path / "march.xlsx"
    shutil.copyfile(march_book, copy)
    return copy
