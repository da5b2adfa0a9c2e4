"""xlwings' remote engine in tests: a workbook file as the payload Excel would send.

The remote engine runs the live adapter without Excel. It is given the
workbook as JSON (what the Office.js client sends), records every write as an
action and applies none. ``payload`` builds that JSON from a workbook file
read with openpyxl; ``apply`` plays the recorded actions onto a copy of the
payload's grids, the way Excel would, so that a test can compare the result
with the file adapter's.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import xlwings as xw
from conftest import load
from openpyxl.utils import get_column_letter, range_boundaries

from ehxl.adapters.live import put

LICENCE = "noncommercial"


def payload(path: Path) -> dict:
    """The JSON an Office.js client sends for the workbook at ``path``."""
    book = load(path)
    sheets = []
    for worksheet in book.worksheets:
        rows = [
            [_json_value(cell.value) for cell in row]
            for row in worksheet.iter_rows(
                min_row=1,
                min_col=1,
                max_row=worksheet.max_row,
                max_col=worksheet.max_column,
            )
        ]
        notes = [
            {"address": cell.coordinate}
            for row in worksheet.iter_rows()
            for cell in row
            if cell.comment is not None
        ]
        sheets.append(
            {
                "name": worksheet.title,
                "values": rows or [[]],
                "visibility": {
                    "visible": "Visible",
                    "hidden": "Hidden",
                    "veryHidden": "VeryHidden",
                }[worksheet.sheet_state],
                "charts": [],
                "pictures": [],
                "tables": [],
                "shapes": [],
                "notes": notes,
                "used_range_address": f"A1:{get_column_letter(worksheet.max_column)}"
                f"{worksheet.max_row}",
            }
        )
    names = []
    for name, defined in book.defined_names.items():
        for sheet, ref in defined.destinations:
            names.append(
                {
                    "name": name,
                    "refers_to": f"='{sheet}'!{ref}",
                    "book_scope": True,
                    "sheet_index": book.sheetnames.index(sheet),
                    "address": ref.replace("$", ""),
                    "scope_sheet_name": None,
                    "scope_sheet_index": None,
                }
            )
    return {
        "client": "Office.js",
        "version": xw.__version__,
        "book": {"name": path.name, "active_sheet_index": 0, "selection": "A1"},
        "names": names,
        "sheets": sheets,
    }


def _json_value(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="milliseconds") + "Z"
    if isinstance(value, dt.date):
        return (
            dt.datetime.combine(value, dt.time()).isoformat(timespec="milliseconds")
            + "Z"
        )
    return value


def open_book(data: dict) -> xw.Book:
    """Open a payload in the remote engine."""
    os.environ.setdefault("XLWINGS_LICENSE_KEY", LICENCE)
    return xw.Book(json=copy.deepcopy(data))


@dataclass
class Applied:
    """A workbook as Excel would hold it after the recorded actions."""

    values: dict[str, list[list[object]]]
    formats: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict)
    fills: dict[str, dict[tuple[int, int], str | None]] = field(default_factory=dict)
    fonts: dict[str, dict[tuple[int, int], dict]] = field(default_factory=dict)
    rules: dict[str, dict[tuple[int, int], list[str]]] = field(default_factory=dict)
    notes: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict)
    visibility: dict[str, str] = field(default_factory=dict)
    alerts: list[str] = field(default_factory=list)
    saved: int = 0

    def value(self, sheet: str, row: int, column: int) -> object:
        grid = self.values[sheet]
        if row > len(grid) or column > len(grid[row - 1]):
            return None
        return grid[row - 1][column - 1]


def apply(data: dict, actions: list[dict]) -> Applied:
    """Play recorded actions onto the payload's grids, as Excel would.

    Text behind an apostrophe is stored without it; an empty string is an
    empty cell. Conditional formats are kept as formulas per cell.
    """
    names = [sheet["name"] for sheet in data["sheets"]]
    result = Applied(
        values={
            sheet["name"]: [
                [None if v == "" else _from_json(v) for v in row]
                for row in sheet["values"]
            ]
            for sheet in data["sheets"]
        },
        visibility={s["name"]: s["visibility"] for s in data["sheets"]},
    )
    for action in actions:
        func = action["func"]
        if func == "alert":
            result.alerts.append(action["args"][0])
            continue
        if func == "save":
            result.saved += 1
            continue
        if func == "addSheet":
            position, name = action["args"]
            names.insert(position, name)
            result.values[name] = []
            result.visibility[name] = "Visible"
            continue
        sheet = names[action["sheet_position"]]
        if func == "copySheet":
            position, target, name = action["args"]
            at = target + (1 if position == "After" else 0)
            names.insert(at, name)
            result.values[name] = copy.deepcopy(result.values[sheet])
            result.visibility[name] = result.visibility[sheet]
            continue
        if func == "setSheetName":
            new = action["args"][0]
            names[action["sheet_position"]] = new
            result.values[new] = result.values.pop(sheet)
            result.visibility[new] = result.visibility.pop(sheet)
            continue
        if func == "setSheetVisibility":
            result.visibility[sheet] = action["args"][0]
            continue
        if func == "sheetClearContents":
            result.values[sheet] = []
            continue
        top, left = action["start_row"] + 1, action["start_column"] + 1
        cells = [
            (row, column)
            for row in range(top, top + action["row_count"])
            for column in range(left, left + min(action["column_count"], 200))
        ]
        if func == "setValues":
            for r, row in enumerate(action["values"]):
                for c, value in enumerate(row):
                    put(result.values[sheet], top + r, left + c, _typed(value))
        elif func == "rangeClearContents":
            for row, column in cells:
                if row <= len(result.values[sheet]):
                    put(result.values[sheet], row, column, None)
        elif func == "setNumberFormat":
            for where in cells:
                result.formats.setdefault(sheet, {})[where] = action["args"][0]
        elif func == "setRangeColor":
            for where in cells:
                result.fills.setdefault(sheet, {})[where] = action["args"][0]
        elif func == "setFontProperty":
            prop, value = action["args"]
            for where in cells:
                result.fonts.setdefault(sheet, {}).setdefault(where, {})[prop] = value
        elif func == "addConditionalFormat":
            for where in cells:
                result.rules.setdefault(sheet, {}).setdefault(where, []).append(
                    action["args"][0]["formula"]
                )
        elif func == "clearConditionalFormats":
            for where in cells:
                result.rules.setdefault(sheet, {})[where] = []
        elif func in ("addNote", "setNoteText"):
            address, text = action["args"]
            result.notes.setdefault(sheet, {})[_cell(address)] = text
        elif func == "deleteNote":
            result.notes.setdefault(sheet, {})[_cell(action["args"][0])] = None
        elif func == "rangeDelete":
            del result.values[sheet][top - 1 : top - 1 + action["row_count"]]
        elif func == "rangeInsert":
            grid = result.values[sheet]
            grid[top - 1 : top - 1] = [[] for _ in range(action["row_count"])]
        else:
            raise AssertionError(f"no replay for the action {func}")
    return result


def _cell(address: str) -> tuple[int, int]:
    left, top, _, _ = range_boundaries(address.replace("$", ""))
    return top, left


def _typed(value: object) -> object:
    """A value as Excel stores what was sent: apostrophe text, dates, blanks."""
    if value == "" or value is None:
        return None
    if isinstance(value, str):
        if value.startswith("'"):
            return value[1:]
        return _from_json(value)
    return value


_ISO = re.compile(r"^\d{4}-\d\d-\d\d([ T]\d\d:\d\d:\d\d)?")


def _from_json(value: object) -> object:
    if isinstance(value, str) and _ISO.match(value):
        return dt.datetime.fromisoformat(value.rstrip("Z").split(".")[0])
    return value


@contextlib.contextmanager
def number_formats_from(path: Path):
    """Let the remote engine read number formats, as Excel on Windows does.

    The remote engine's payload has no formats; Excel's ``Range.NumberFormat``
    gives a range's format when its cells share one and None when they do
    not. This answers from the same file the payload was made from, so the
    live adapter's reads (a column at a time, halved where mixed) run as
    they would in Excel. It yields the list of ranges read.
    """
    from xlwings.pro import _xlremote  # needs the licence key set

    book = load(path)
    calls = []

    def read(impl) -> str | None:
        calls.append(impl.address)
        worksheet = book[impl.sheet.name]
        top, left = impl.arg1
        bottom, right = impl.arg2 or impl.arg1
        found = {
            worksheet.cell(row, column).number_format
            for row in range(top, bottom + 1)
            for column in range(left, right + 1)
        }
        return found.pop() if len(found) == 1 else None

    owner = _xlremote.Range
    before = owner.__dict__["number_format"]
    owner.number_format = property(read, before.fset)
    try:
        yield calls
    finally:
        owner.number_format = before
