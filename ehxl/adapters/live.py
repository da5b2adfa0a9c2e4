"""The live adapter: the workbook open in Excel, read and written through xlwings.

Every call into Excel is slow (a round trip to another process, or a recorded
action on xlwings' remote engine), so this adapter reads each sheet once and
writes nothing until ``save()``: the refresh's writes are held in memory,
then sent as one call per rectangle of cells that take the same values,
number format, fill or font. Excel keeps what the officer did by hand
(shapes, sparklines, their own formats), so nothing here has to be redrawn.

It has the methods of the file adapter that a refresh and an issue use.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import xlwings as xw
from openpyxl.utils import get_column_letter

from ehxl import cycle, numbers
from ehxl.errors import LayoutError
from ehxl.layout import Write

Cell = tuple[object, str]
Where = tuple[int, int]

YELLOW = "#FFFF00"
# A font colour of "" is the cell's automatic colour, which xlwings cannot
# set back; black is what automatic shows on a white cell.
AUTOMATIC_FONT = "#000000"
NOTE_PREFIX = "Typed by hand:"


@dataclass(frozen=True)
class Block:
    """A rectangle of cells, 1-based and inclusive."""

    top: int
    left: int
    bottom: int
    right: int

    def of(self, sheet: xw.Sheet) -> xw.Range:
        """The rectangle on a sheet."""
        return sheet.range((self.top, self.left), (self.bottom, self.right))


def blocks(cells: Iterable[Where]) -> list[Block]:
    """Cover the cells with rectangles that hold no other cell.

    Each row's cells are cut into runs of adjacent columns; a run joins the
    rectangle above it when that rectangle spans the same columns and ends
    on the row before.
    """
    by_row: dict[int, list[int]] = defaultdict(list)
    for row, column in cells:
        by_row[row].append(column)
    open_: dict[tuple[int, int], Block] = {}
    done: list[Block] = []
    for row in sorted(by_row):
        columns = sorted(set(by_row[row]))
        runs, start = [], columns[0]
        for before, column in itertools.pairwise(columns):
            if column != before + 1:
                runs.append((start, before))
                start = column
        runs.append((start, columns[-1]))
        still = {}
        for left, right in runs:
            above = open_.pop((left, right), None)
            if above is not None and above.bottom == row - 1:
                still[(left, right)] = Block(above.top, left, row, right)
            else:
                if above is not None:
                    done.append(above)
                still[(left, right)] = Block(row, left, row, right)
        done += open_.values()
        open_ = still
    done += open_.values()
    return sorted(done, key=lambda b: (b.top, b.left))


def grouped(cells: dict[Where, object]) -> list[tuple[object, Block]]:
    """Rectangles of cells that share one value (a format, a colour)."""
    by_value: dict[object, list[Where]] = defaultdict(list)
    for where, value in cells.items():
        by_value[value].append(where)
    return [
        (value, block) for value, wheres in by_value.items() for block in blocks(wheres)
    ]


def _excel_value(value: object) -> object:
    """A value as it must be sent so that Excel keeps it as it is.

    Text is sent behind an apostrophe, Excel's mark for text: otherwise
    ``Feb-19`` would become a date, ``007`` a number and ``=1+1`` a formula.
    Missing is an empty cell, never NaN.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, str):
        return "'" + value if value else None
    return value


@dataclass
class _Pending:
    """What save() sends for one sheet."""

    values: dict[Where, object] = field(default_factory=dict)
    formats: dict[Where, str] = field(default_factory=dict)
    fills: dict[Where, str | None] = field(default_factory=dict)
    font_colours: dict[Where, str] = field(default_factory=dict)
    bold: dict[Where, bool] = field(default_factory=dict)
    clear_below: tuple[int, int, int] | None = None  # first row, last row, columns

    def move(self, row: int, by: int) -> None:
        """Follow rows inserted (``by`` > 0) or deleted (< 0) at ``row``.

        What is held for the rows from ``row`` down moves with them; what was
        held for deleted rows goes.
        """
        for name in ("values", "formats", "fills", "font_colours", "bold"):
            held = getattr(self, name)
            moved = {}
            for (r, c), value in held.items():
                if r < row:
                    moved[(r, c)] = value
                elif by > 0 or r >= row - by:
                    moved[(r + by, c)] = value
            setattr(self, name, moved)


class LiveBook:
    """An open workbook in Excel; nothing reaches Excel until save().

    Args:
        book: the xlwings book (``xw.Book.caller()`` from the add-in).
        path: where the workbook is saved, when xlwings cannot say (its
            remote engine knows only the name).
    """

    # Excel moves formulas and formats with the rows it inserts or deletes.
    moves_references = True

    def __init__(self, book: xw.Book, path: Path | None = None) -> None:
        self.book = book
        # As Excel names it: a web address stays one (a Path would mangle it).
        self.address = str(path) if path else _saved_as(book)
        self.path = Path(self.address)
        self.load_warnings: list[str] = []
        self._grids: dict[str, list[list[object]]] = {}
        self._formulas: dict[str, set[Where]] = {}
        self._pending: dict[str, _Pending] = defaultdict(_Pending)
        # Rows inserted and deleted, in order: (what, sheet, row, count).
        self._structure: list[tuple[str, str, int, int]] = []
        self._unmark: list[tuple[str, int, int]] = []
        self._marks: list[tuple[str, int, int, str]] = []
        self._notes: dict[tuple[str, int, int], str | None] = {}
        self._state: list[list[object]] | None = None
        self._appended: dict[str, list[list[object]]] = defaultdict(list)

    # Reading

    def sheet_names(self) -> list[str]:
        return [sheet.name for sheet in self.book.sheets]

    def has_sheet(self, name: str) -> bool:
        return name in self.sheet_names()

    def _sheet(self, name: str) -> xw.Sheet:
        if not self.has_sheet(name):
            raise LayoutError(
                f"{self.path.name} has no '{name}' sheet. Copy it from template.xlsx "
                "(ehxl new makes a workbook that has every sheet)."
            )
        return self.book.sheets[name]

    def _grid(self, name: str) -> list[list[object]]:
        """The sheet's values from A1 to its last used cell, read in one call."""
        if name not in self._grids:
            sheet = self._sheet(name)
            last = sheet.used_range.last_cell
            area = sheet.range((1, 1), (last.row, last.column))
            values = area.options(ndim=2, err_to_str=True).value
            self._grids[name] = [list(row) for row in values]
            self._formulas[name] = _formulas(area)
        return self._grids[name]

    def values(self, sheet: str) -> list[list[object]]:
        """Return a sheet's values, row 1 first."""
        grid = self._grid(sheet)
        # A sheet Excel reports as used up to A1 may be empty.
        if len(grid) == 1 and all(v is None for v in grid[0]):
            return []
        return [list(row) for row in grid]

    def cells(self, sheet: str) -> list[list[Cell]]:
        """Return a sheet's values with their number formats, row 1 first.

        Formulas come back as numbers.Formula, so none passes for a figure.
        Number formats are read a column at a time where the engine can
        read them (Excel on Windows and macOS); xlwings' remote engine
        cannot, and every cell reads as General there.
        """
        grid = self.values(sheet)
        formulas = self._formulas.get(sheet, set())
        formats = _number_formats(self._sheet(sheet), len(grid), _width(grid))
        return [
            [
                (
                    numbers.Formula(str(value)) if (r, c) in formulas else value,
                    formats.get(c, {}).get(r, "General"),
                )
                for c, value in enumerate(row, start=1)
            ]
            for r, row in enumerate(grid, start=1)
        ]

    def value(self, sheet: str, row: int, column: int) -> object:
        grid = self._grid(sheet)
        if row > len(grid) or column > len(grid[row - 1]):
            return None
        return grid[row - 1][column - 1]

    def named_cell(self, name: str) -> tuple[str, int, int] | None:
        """Return (sheet, row, column) of a single-cell defined name, or None."""
        try:
            target = self.book.names[name].refers_to_range
        except (KeyError, AttributeError, TypeError, ValueError):
            return None
        if target is None:
            return None
        return target.sheet.name, target.row, target.column

    def state_grid(self) -> list[list[object]] | None:
        if not self.has_sheet(cycle.STATE_SHEET):
            return None
        return self.values(cycle.STATE_SHEET)

    def formula_cells(self) -> list[str]:
        return [
            f"'{sheet}'!{_address(row, column)}"
            for sheet, found in self._formulas.items()
            for row, column in sorted(found)
        ]

    # Writing (held until save)

    def _put(self, sheet: str, row: int, column: int, value: object) -> None:
        put(self._grid(sheet), row, column, value)
        self._pending[sheet].values[(row, column)] = value

    def insert_rows(self, sheet: str, before: int, count: int) -> None:
        """Insert empty rows; Excel gives them the format of the row above."""
        grid = self._grid(sheet)
        width = _width(grid)
        grid[before - 1 : before - 1] = [[None] * width for _ in range(count)]
        self._structure.append(("insert", sheet, before, count))
        self._pending[sheet].move(before, count)

    def delete_rows(self, sheet: str, first: int, count: int) -> None:
        """Delete rows; Excel moves the rows below up, with all they hold."""
        del self._grid(sheet)[first - 1 : first - 1 + count]
        self._structure.append(("delete", sheet, first, count))
        self._pending[sheet].move(first, -count)

    def copy_sheet(self, sheet: str, name: str) -> None:
        """Copy a sheet after itself; Excel copies all it holds, charts too."""
        source = self._sheet(sheet)
        source.copy(after=source, name=name)
        self._grids[name] = [list(row) for row in self._grid(sheet)]
        self._formulas[name] = set(self._formulas.get(sheet, set()))

    def set_key(self, sheet: str, row: int, column: int, key: str) -> None:
        self._put(sheet, row, column, key)

    def write(self, sheet: str, cells: list[Write]) -> None:
        pending = self._pending[sheet]
        for item in cells:
            where = (item.row, item.column)
            out = item.out
            self._put(sheet, item.row, item.column, out.value)
            if out.number_format is not None:
                pending.formats[where] = out.number_format
            if out.font_colour is not None:
                pending.font_colours[where] = (
                    "#" + out.font_colour if out.font_colour else AUTOMATIC_FONT
                )
            if out.bold is not None:
                pending.bold[where] = out.bold
            if out.fill is not None:
                pending.fills[where] = "#" + out.fill if out.fill else None

    def write_date(self, sheet: str, row: int, column: int, day) -> None:
        self._put(sheet, row, column, day)
        if day is not None:
            self._pending[sheet].formats[(row, column)] = "dd/mm/yyyy"

    def write_text(self, sheet: str, row: int, column: int, text: str) -> None:
        self._put(sheet, row, column, text)

    def fill_rows(self, sheet: str, first: int, rows: list[list[object]]) -> None:
        """Write rows from ``first`` down, clearing the rows below them."""
        grid = self._grid(sheet)
        old_last, width = len(grid), _width(grid)
        del grid[first - 1 :]
        pending = self._pending[sheet]
        pending.values = {w: v for w, v in pending.values.items() if w[0] < first}
        if old_last >= first:
            pending.clear_below = (first, old_last, width)
        for offset, row in enumerate(rows):
            for column, value in enumerate(row, start=1):
                self._put(sheet, first + offset, column, value)

    def replace_rows(
        self, sheet: str, rows: list[list[object]], formats: dict[int, str]
    ) -> None:
        """Replace a sheet's content with ``rows`` (header first)."""
        self.fill_rows(sheet, 1, rows)
        pending = self._pending[sheet]
        for column, number_format in formats.items():
            for row in range(2, len(rows) + 1):
                pending.formats[(row, column)] = number_format

    def append_rows(self, sheet: str, rows: list[list[object]]) -> None:
        last = len(self.values(sheet))
        for offset, row in enumerate(rows, start=1):
            for column, value in enumerate(row, start=1):
                self._put(sheet, last + offset, column, value)
                if isinstance(value, dt.datetime):
                    self._pending[sheet].formats[(last + offset, column)] = (
                        "yyyy-mm-dd hh:mm:ss"
                    )

    def set_state(self, rows: list[list[object]]) -> None:
        self._state = rows

    def clear_marks(self, cells: Iterable[tuple[str, int, int]] = ()) -> None:
        """Remove the revision marks of the cells the last refresh marked.

        Excel can be asked to remove a range's conditional formats, not to
        find ehxl's among the officer's, so the state says where they are.
        """
        self._unmark = list(cells)
        self._marks = []

    def mark_revision(
        self, sheet: str, row: int, column: int, issued: str, number_format: str
    ) -> None:
        reference = _address(row, column, absolute=False)
        self._marks.append(
            (
                sheet,
                row,
                column,
                "=" + cycle.revision_formula(reference, issued, number_format),
            )
        )

    def set_note(
        self, sheet: str, row: int, column: int, text: str | None, ours=False
    ) -> None:
        """Give a cell ehxl's note, or take away the note ehxl gave it.

        ``ours`` says that the cell's note is ehxl's (its value was typed by
        hand at the last refresh): the remote engine cannot read a note's text.
        """
        key = (sheet, row, column)
        if text is not None:
            self._notes[key] = text
        elif ours:
            self._notes[key] = None

    def own_sparkline_cells(self, sheet: str, cells) -> None:
        """Excel keeps the report's sparklines as they are: nothing to do."""

    def add_sparkline(self, sheet: str, row: int, column: int, first, last) -> None:
        """Excel keeps the report's sparklines as they are: nothing to do."""

    # Sending

    def save(self, path: Path | None = None) -> None:
        """Send the held writes to Excel, a rectangle of cells at a time.

        Excel saves the workbook when the officer does (or when the add-in's
        Issue asks it to); this sends the refresh to the open workbook.
        """
        for what, sheet, row, count in self._structure:
            rows = self._sheet(sheet).range(f"{row}:{row + count - 1}")
            if what == "insert":
                rows.insert(shift="down", copy_origin="format_from_left_or_above")
            else:
                rows.delete(shift="up")
        for sheet, pending in self._pending.items():
            self._send(self._sheet(sheet), pending)
        for sheet, row, column in self._unmark:
            if self.has_sheet(sheet):
                self._send_unmark(self.book.sheets[sheet].range((row, column)))
        for sheet, row, column, formula in self._marks:
            cell = self.book.sheets[sheet].range((row, column))
            cell.conditional_formats.add_custom(formula, fill_color=YELLOW)
        for (sheet, row, column), text in self._notes.items():
            self._send_note(self.book.sheets[sheet].range((row, column)), text)
        if self._state is not None:
            self._send_state(self._state)
        self._structure, self._unmark, self._marks = [], [], []
        self._pending.clear()
        self._notes.clear()
        self._state = None

    def _send(self, sheet: xw.Sheet, pending: _Pending) -> None:
        if pending.clear_below is not None:
            first, last, width = pending.clear_below
            sheet.range((first, 1), (last, max(width, 1))).clear_contents()
        for block in blocks(pending.values):
            values = [
                [
                    _excel_value(pending.values.get((row, column)))
                    for column in range(block.left, block.right + 1)
                ]
                for row in range(block.top, block.bottom + 1)
            ]
            block.of(sheet).options(ndim=2).value = values
        # Each attribute a call per rectangle of cells that share its value;
        # font attributes are set on the range's font.
        for on_font, attribute, cells in (
            (False, "number_format", pending.formats),
            (False, "color", pending.fills),
            (True, "color", pending.font_colours),
            (True, "bold", pending.bold),
        ):
            for value, block in grouped(cells):
                area = block.of(sheet)
                setattr(area.font if on_font else area, attribute, value)

    def _send_unmark(self, cell: xw.Range) -> None:
        """Remove ehxl's rule from a cell; where rules cannot be read, all its rules."""
        try:
            rules = list(cell.conditional_formats)
        except NotImplementedError:
            cell.conditional_formats.clear()
            return
        for rule in rules:
            if cycle.MARK in (rule.formula or ""):
                rule.delete()

    def _send_note(self, cell: xw.Range, text: str | None) -> None:
        note = cell.note
        if text is None:
            if note is not None:
                note.delete()
        elif note is not None:
            note.text = text
        else:
            cell.add_note(text)

    def _send_state(self, rows: list[list[object]]) -> None:
        """Write the state sheet, very hidden: only code can show it."""
        if self.has_sheet(cycle.STATE_SHEET):
            sheet = self.book.sheets[cycle.STATE_SHEET]
            sheet.clear_contents()
        else:
            sheet = self.book.sheets.add(
                cycle.STATE_SHEET, after=self.book.sheets[len(self.book.sheets) - 1]
            )
            _very_hidden(sheet)
        width = max(len(row) for row in rows)
        values = [
            [_excel_value(v) for v in row] + [None] * (width - len(row)) for row in rows
        ]
        sheet.range((1, 1), (len(values), width)).options(ndim=2).value = values


def _saved_as(book: xw.Book) -> str:
    """The workbook's file; its name alone where xlwings cannot find the file.

    xlwings maps a OneDrive or SharePoint address to the synced folder, and
    raises where it cannot.
    """
    try:
        return book.fullname
    except xw.XlwingsError:
        return book.name


def read_only(book: xw.Book) -> bool:
    """Whether Excel opened the workbook read-only (someone else has it open).

    Asked of Excel on Windows; elsewhere the file's own flag has to do.
    """
    if book.app.engine.name != "excel" or not sys.platform.startswith("win"):
        return False
    return bool(book.api.ReadOnly)


def _very_hidden(sheet: xw.Sheet) -> None:
    """Hide a sheet so that Excel's Unhide does not list it.

    xlwings' ``visible`` is a yes or no, so each engine is asked its own way.
    """
    engine = sheet.book.app.engine.name
    if engine == "remote":
        sheet.impl.append_json_action(func="setSheetVisibility", args="VeryHidden")
    elif sys.platform == "darwin":
        from appscript import k  # xlwings' macOS engine, through AppleScript

        sheet.api.visible.set(k.sheet_very_hidden)
    else:
        sheet.api.Visible = 2  # xlSheetVeryHidden


def _formulas(area: xw.Range) -> set[Where]:
    """Where the officer's formulas are, read in one call (empty where unknown)."""
    try:
        formulas = area.options(ndim=2).formula
    except NotImplementedError:
        return set()
    if isinstance(formulas, str):
        formulas = ((formulas,),)
    return {
        (r, c)
        for r, row in enumerate(formulas, start=1)
        for c, text in enumerate(row, start=1)
        if isinstance(text, str) and text.startswith("=")
    }


def _number_formats(sheet: xw.Sheet, rows: int, columns: int) -> dict[int, dict]:
    """Each column's number formats by row: {column: {row: format}}.

    A column whose cells share a format costs one call; a mixed column is
    halved until each part shares one. Empty where the engine cannot read
    formats.
    """
    found: dict[int, dict[int, str]] = {}
    if rows == 0:
        return found
    try:
        for column in range(1, columns + 1):
            found[column] = {}
            _formats_of(sheet, column, 1, rows, found[column])
    except NotImplementedError:
        return {}
    return found


def _formats_of(sheet, column: int, top: int, bottom: int, into: dict) -> None:
    shared = sheet.range((top, column), (bottom, column)).number_format
    if shared is not None or top == bottom:
        for row in range(top, bottom + 1):
            into[row] = shared or "General"
        return
    middle = (top + bottom) // 2
    _formats_of(sheet, column, top, middle, into)
    _formats_of(sheet, column, middle + 1, bottom, into)


def put(grid: list[list[object]], row: int, column: int, value: object) -> None:
    """Set a cell of a grid of values (1-based), growing the grid to hold it."""
    while len(grid) < row:
        grid.append([])
    line = grid[row - 1]
    while len(line) < column:
        line.append(None)
    line[column - 1] = value


def _width(grid: list[list[object]]) -> int:
    return max((len(row) for row in grid), default=0)


def _address(row: int, column: int, absolute: bool = True) -> str:
    letters = get_column_letter(column)
    return f"${letters}${row}" if absolute else f"{letters}{row}"
