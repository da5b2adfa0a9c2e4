"""The file adapter: a workbook on disk, read and written with openpyxl."""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import logging
import os
import stat
import tempfile
import textwrap
import warnings
import zipfile
from pathlib import Path

import openpyxl
from defusedxml import DefusedXmlException
from openpyxl.comments import Comment
from openpyxl.formatting.formatting import ConditionalFormattingList
from openpyxl.formatting.rule import Rule
from openpyxl.styles import PatternFill
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_from_string
from openpyxl.utils.exceptions import InvalidFileException

from ehxl import cycle, numbers
from ehxl.adapters import backups, losses, sparklines
from ehxl.errors import LayoutError, WorkbookFileError
from ehxl.layout import Write

log = logging.getLogger(__name__)

Cell = tuple[object, str]

NO_FILL = PatternFill(fill_type=None)
YELLOW = "FFFFFF00"

# Points per line of 11-point text, and characters per unit of column width
# (Excel's width unit is about one digit of the default font).
# A damaged workbook fails deep inside openpyxl in many ways (bad zip,
# missing part, malformed XML); each means the same to the officer.
DAMAGED = (
    InvalidFileException,
    zipfile.BadZipFile,
    KeyError,
    OSError,
    ValueError,
    TypeError,
    SyntaxError,
)

LINE_HEIGHT = 15
CHARACTERS_PER_WIDTH = 1.1
DEFAULT_WIDTH = 8.43


def _pasted(cell) -> object:
    if cell.data_type == "f":
        return numbers.Formula(str(cell.value))
    if cell.data_type == "e":
        return numbers.ExcelError(str(cell.value))
    return cell.value


def _lines(worksheet, cell) -> int:
    """Estimate the lines a wrapped text needs in its column.

    Excel wraps at spaces, and breaks a word only when it is wider than the
    column: "10.3% (Autumn/Spring 15/16)" takes three lines of 15 characters.
    """
    width = worksheet.column_dimensions[get_column_letter(cell.column)].width
    characters = max(1, int((width or DEFAULT_WIDTH) * CHARACTERS_PER_WIDTH))
    return max(1, len(textwrap.wrap(str(cell.value), characters)))


class XlsxBook:
    """A workbook file opened for a refresh; nothing reaches disk until save()."""

    # openpyxl moves cells when rows are inserted or deleted, not references.
    moves_references = False

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.load_warnings: list[str] = []
        self._sparklines: dict[str, list[sparklines.SparklineSpec]] = {}
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                # A macro-enabled workbook keeps its macros only if asked.
                self._book = openpyxl.load_workbook(
                    self.path, keep_vba=self.path.suffix.lower() == ".xlsm"
                )
        except FileNotFoundError as exc:
            raise WorkbookFileError(f"{self.path}: no such workbook.") from exc
        except IsADirectoryError as exc:
            raise WorkbookFileError(f"{self.path}: a folder, not a workbook.") from exc
        except DAMAGED as exc:
            if unsafe_xml(exc):
                raise WorkbookFileError(unsafe_message(self.path)) from exc
            raise WorkbookFileError(
                f"{self.path}: not an Excel workbook that ehxl can open ({exc}). "
                "Save it from Excel as .xlsx and try again."
            ) from exc
        # openpyxl drops parts it cannot read, and says so in warnings; the
        # report's own sparklines are written again on save, any other part
        # it would drop stops the save (see save()).
        self.load_warnings = [str(w.message) for w in caught]
        self._losses = losses.scan(self.path)
        self._sparkline_cells: set[tuple[str, str]] = set()
        self._sparklines_before = losses.sheet_sparklines(
            self.path, self._book.sheetnames
        )

    def sheet_names(self) -> list[str]:
        return list(self._book.sheetnames)

    def has_sheet(self, name: str) -> bool:
        return name in self._book.sheetnames

    def _sheet(self, sheet: str):
        if sheet not in self._book.sheetnames:
            raise LayoutError(
                f"{self.path.name} has no '{sheet}' sheet. Copy it from template.xlsx "
                "(ehxl new makes a workbook that has every sheet)."
            )
        return self._book[sheet]

    def cells(self, sheet: str) -> list[list[Cell]]:
        """Return a sheet's values with their number formats, row 1 first.

        A formula comes back as numbers.Formula and an error value as
        numbers.ExcelError, so that neither passes for a figure.
        """
        return [
            [(_pasted(cell), cell.number_format) for cell in row]
            for row in self._sheet(sheet).iter_rows()
        ]

    def values(self, sheet: str) -> list[list[object]]:
        """Return a sheet's values, row 1 first."""
        return [list(row) for row in self._sheet(sheet).iter_rows(values_only=True)]

    def named_cell(self, name: str) -> tuple[str, int, int] | None:
        """Return (sheet, row, column) of a single-cell defined name, or None."""
        defined = self._book.defined_names.get(name)
        if defined is None:
            return None
        for sheet, ref in defined.destinations:
            if sheet in self._book.sheetnames:
                first = ref.replace("$", "").split(":")[0]
                cell = self._book[sheet][first]
                return sheet, cell.row, cell.column
        return None

    def insert_rows(self, sheet: str, before: int, count: int) -> None:
        """Insert empty rows that take the style of the row above them."""
        self._move_sparklines(sheet, before, count)
        worksheet = self._book[sheet]
        # openpyxl moves the cells but not the rows' heights and hidden flags,
        # nor merged ranges: move those too, or the rows below lose them.
        dimensions = {
            row: (dim.height, dim.hidden)
            for row, dim in list(worksheet.row_dimensions.items())
            if row >= before
        }
        merged = [r for r in worksheet.merged_cells.ranges if r.max_row >= before]
        for cells in merged:
            worksheet.unmerge_cells(cells.coord)
        worksheet.insert_rows(before, count)
        for row in sorted(dimensions, reverse=True):
            height, hidden = dimensions[row]
            moved = worksheet.row_dimensions[row + count]
            moved.height, moved.hidden = height, hidden
            original = worksheet.row_dimensions[row]
            original.height, original.hidden = None, False
        for cells in merged:
            if cells.min_row >= before:
                cells.shift(row_shift=count)
            else:
                cells.expand(down=count)
            worksheet.merge_cells(cells.coord)
        above = before - 1
        for offset in range(count):
            for column in range(1, worksheet.max_column + 1):
                source = worksheet.cell(above, column)
                target = worksheet.cell(before + offset, column)
                if source.has_style:
                    target._style = copy.copy(source._style)

    def _move_sparklines(self, sheet: str, row: int, by: int) -> None:
        """Follow the sheet's sparklines when rows from ``row`` move by ``by``.

        They are redrawn by their cells, so a row inserted or deleted above
        them must move their cells too; those on deleted rows go.
        """
        moved = set()
        for name, cell in self._sparklines_before:
            column, line = coordinate_from_string(cell)
            if name != sheet or line < row:
                moved.add((name, cell))
            elif by > 0 or line >= row - by:
                moved.add((name, f"{column}{line + by}"))
        self._sparklines_before = moved

    def delete_rows(self, sheet: str, first: int, count: int) -> None:
        """Delete rows; the rows below move up with their heights and merges."""
        self._move_sparklines(sheet, first, -count)
        worksheet = self._book[sheet]
        last = first + count - 1
        dimensions = {
            row: (dim.height, dim.hidden)
            for row, dim in list(worksheet.row_dimensions.items())
            if row > last
        }
        merged = [r for r in worksheet.merged_cells.ranges if r.max_row >= first]
        for cells in merged:
            worksheet.unmerge_cells(cells.coord)
        worksheet.delete_rows(first, count)
        for row in range(first, max([*dimensions, last]) + 1):
            worksheet.row_dimensions[row].height = None
            worksheet.row_dimensions[row].hidden = False
        for row, (height, hidden) in sorted(dimensions.items()):
            moved = worksheet.row_dimensions[row - count]
            moved.height, moved.hidden = height, hidden
        for cells in merged:
            top = _row_after_delete(cells.min_row, first, last, upper=True)
            bottom = _row_after_delete(cells.max_row, first, last, upper=False)
            if bottom > top or (bottom == top and cells.min_col < cells.max_col):
                worksheet.merge_cells(
                    start_row=top,
                    start_column=cells.min_col,
                    end_row=bottom,
                    end_column=cells.max_col,
                )

    def copy_sheet(self, sheet: str, name: str) -> None:
        """Copy a sheet's cells, formats and layout to a new sheet after it.

        openpyxl copies no charts, pictures or conditional formats: the copy
        has none (Excel, through the add-in, copies them too).
        """
        source = self._sheet(sheet)
        kept = self._book.copy_worksheet(source)
        kept.title = name
        kept.freeze_panes = source.freeze_panes
        kept.print_title_rows = source.print_title_rows
        kept.page_setup.orientation = source.page_setup.orientation
        kept.page_setup.fitToWidth = source.page_setup.fitToWidth
        kept.page_setup.fitToHeight = source.page_setup.fitToHeight
        kept.sheet_properties.pageSetUpPr = copy.copy(
            source.sheet_properties.pageSetUpPr
        )
        offset = self._book.sheetnames.index(sheet) + 1 - self._book.index(kept)
        self._book.move_sheet(kept, offset)

    def set_key(self, sheet: str, row: int, column: int, key: str) -> None:
        self._book[sheet].cell(row, column).value = key

    def write(self, sheet: str, cells: list[Write]) -> None:
        """Write values and the formats the tool owns, cell by cell."""
        worksheet = self._book[sheet]
        lines: dict[int, int] = {}
        for item in cells:
            cell = worksheet.cell(item.row, item.column)
            out = item.out
            cell.value = out.value
            if isinstance(out.value, str) and cell.alignment.wrap_text:
                lines[item.row] = max(lines.get(item.row, 1), _lines(worksheet, cell))
            if isinstance(out.value, str):
                # Text from the input stays text, even "=1+1": openpyxl would
                # otherwise write it as a formula.
                cell.data_type = "s"
                cell.quotePrefix = out.value.startswith("=")
            if out.number_format is not None:
                cell.number_format = out.number_format
            if out.font_colour is not None or out.bold is not None:
                font = copy.copy(cell.font)
                if out.font_colour is not None:
                    font.color = ("FF" + out.font_colour) if out.font_colour else None
                if out.bold is not None:
                    font.b = out.bold
                cell.font = font
            if out.fill is not None:
                cell.fill = (
                    PatternFill("solid", fgColor="FF" + out.fill)
                    if out.fill
                    else NO_FILL
                )

        self._fit_rows(worksheet, lines)

    @staticmethod
    def _fit_rows(worksheet, lines: dict[int, int]) -> None:
        # openpyxl cannot measure text, and Excel keeps a row's stored height
        # for wrapped text it did not lay out itself: grow each row to fit its
        # longest text, never shrinking a row the officer made taller.
        for row, count in lines.items():
            needed = LINE_HEIGHT * count
            current = worksheet.row_dimensions[row].height or LINE_HEIGHT
            if needed > current:
                worksheet.row_dimensions[row].height = needed

    def write_date(self, sheet: str, row: int, column: int, day) -> None:
        """Write a date as the report shows it (03/05/2019), or clear the cell."""
        cell = self._book[sheet].cell(row, column)
        cell.value = day
        if day is not None:
            cell.number_format = "dd/mm/yyyy"

    def write_text(self, sheet: str, row: int, column: int, text: str) -> None:
        cell = self._book[sheet].cell(row, column)
        cell.value = text
        cell.data_type = "s"

    def replace_rows(
        self, sheet: str, rows: list[list[object]], formats: dict[int, str]
    ) -> None:
        """Replace a sheet's content with ``rows`` (header first)."""
        worksheet = self._book[sheet]
        # Written over in place, then the rows left below are deleted: most
        # rows are the same each month, and openpyxl's delete_rows moves every
        # cell below the deletion.
        width = max([len(row) for row in rows] + [worksheet.max_column])
        for r, row in enumerate(rows, start=1):
            for c in range(1, width + 1):
                value = row[c - 1] if c <= len(row) else None
                cell = worksheet.cell(r, c)
                cell.value = value
                if isinstance(value, str):
                    cell.data_type = "s"
                if r > 1 and c in formats:
                    cell.number_format = formats[c]
        if worksheet.max_row > len(rows):
            worksheet.delete_rows(len(rows) + 1, worksheet.max_row - len(rows))

    def append_rows(self, sheet: str, rows: list[list[object]]) -> None:
        worksheet = self._book[sheet]
        for row in rows:
            worksheet.append(row)
            for cell in worksheet[worksheet.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
                elif isinstance(cell.value, dt.datetime):
                    cell.number_format = "yyyy-mm-dd hh:mm:ss"

    def own_sparkline_cells(self, sheet: str, cells: list[tuple[int, int]]) -> None:
        """Say which cells' sparklines are the tool's, to be redrawn or dropped."""
        self._sparkline_cells |= {
            (sheet, f"{get_column_letter(column)}{row}") for row, column in cells
        }

    def add_sparkline(
        self, sheet: str, row: int, column: int, first: int, last: int
    ) -> None:
        """Put a line sparkline in (row, column) over columns first..last of its row."""
        cell = f"{get_column_letter(column)}{row}"
        source = f"${get_column_letter(first)}${row}:${get_column_letter(last)}${row}"
        self._sparklines.setdefault(sheet, []).append(
            sparklines.SparklineSpec(cell, source)
        )

    def value(self, sheet: str, row: int, column: int) -> object:
        """Return one cell's value."""
        return self._sheet(sheet).cell(row, column).value

    def formula_cells(self) -> list[str]:
        """Where the workbook's formulas are (the officer's: ehxl writes none)."""
        return [
            f"'{worksheet.title}'!{cell.coordinate}"
            for worksheet in self._book.worksheets
            for row in worksheet.iter_rows()
            for cell in row
            if cell.data_type == "f"
        ]

    def state_grid(self) -> list[list[object]] | None:
        """The hidden state sheet's values, or None if the workbook has none."""
        if not self.has_sheet(cycle.STATE_SHEET):
            return None
        return self.values(cycle.STATE_SHEET)

    def set_state(self, rows: list[list[object]]) -> None:
        """Replace the state sheet (very hidden: only code can show it)."""
        if self.has_sheet(cycle.STATE_SHEET):
            del self._book[cycle.STATE_SHEET]
        worksheet = self._book.create_sheet(cycle.STATE_SHEET)
        worksheet.sheet_state = "veryHidden"
        for row in rows:
            worksheet.append(row)
        for line in worksheet.iter_rows():
            for cell in line:
                if isinstance(cell.value, str):
                    cell.data_type = "s"

    def clear_marks(self, cells=()) -> None:
        """Remove every revision mark (ehxl's conditional formats), nothing else.

        The file's rules can be read, so ehxl's are found by their mark;
        ``cells`` (where the last refresh put them) is for the live adapter.
        """
        for worksheet in self._book.worksheets:
            kept = ConditionalFormattingList()
            for formatting in worksheet.conditional_formatting:
                for rule in formatting.rules:
                    if not any(cycle.MARK in f for f in rule.formula or []):
                        kept.add(str(formatting.sqref), rule)
            worksheet.conditional_formatting = kept

    def mark_revision(
        self, sheet: str, row: int, column: int, issued: str, number_format: str
    ) -> None:
        """Fill a cell yellow for as long as it shows other than ``issued``."""
        reference = f"{get_column_letter(column)}{row}"
        formula = cycle.revision_formula(reference, issued, number_format)
        fill = PatternFill(fill_type="solid", fgColor=YELLOW, bgColor=YELLOW)
        rule = Rule(
            type="expression", formula=[formula], dxf=DifferentialStyle(fill=fill)
        )
        reference = f"{get_column_letter(column)}{row}"
        self._sheet(sheet).conditional_formatting.add(reference, rule)

    def set_note(
        self, sheet: str, row: int, column: int, text: str | None, ours=False
    ) -> None:
        """Give a cell ehxl's note, or take ehxl's note away (never another's).

        A note's author says whose it is; ``ours`` is for the live adapter.
        """
        cell = self._sheet(sheet).cell(row, column)
        if text is not None:
            note = Comment(text, cycle.NOTE_AUTHOR)
            note.width, note.height = 300, 100
            cell.comment = note
        elif cell.comment is not None and cell.comment.author == cycle.NOTE_AUTHOR:
            cell.comment = None

    def fill_rows(self, sheet: str, first: int, rows: list[list[object]]) -> None:
        """Write rows from ``first`` down, clearing the rows below them."""
        worksheet = self._sheet(sheet)
        if worksheet.max_row >= first:
            worksheet.delete_rows(first, worksheet.max_row - first + 1)
        for offset, row in enumerate(rows):
            for column, value in enumerate(row, start=1):
                cell = worksheet.cell(first + offset, column, value)
                if isinstance(value, str):
                    cell.data_type = "s"
                    cell.quotePrefix = value.startswith("=")

    def hidden_sheets(self) -> list[str]:
        """The sheets hidden (or very hidden) in the workbook."""
        return [ws.title for ws in self._book.worksheets if ws.sheet_state != "visible"]

    def distributable(
        self, removed: list[str], yellow: list[tuple[str, int, int]], key_rows
    ) -> None:
        """Make this (in memory) the copy that is sent: report sheets, values.

        Args:
            removed: the sheets that are not sent (inputs, data, state, log).
            yellow: cells given a plain yellow fill (the revisions reported).
            key_rows: (sheet, row) of every hidden row of keys, to empty.
        """
        # A sheet the officer hid is not part of the report (workings, lists):
        # it is not sent, rather than shown to every reader of the copy. The
        # copy opens at its first sheet, the Cover, with no sheets grouped.
        for name in [*removed, *self.hidden_sheets()]:
            if name in self._book.sheetnames and len(self._book.sheetnames) > 1:
                del self._book[name]
        sent = set(self._book.sheetnames)
        self._book.active = 0
        # No defined names: a name may point at a sheet that is not sent. Only
        # how a sheet prints (print titles and print area, which openpyxl
        # keeps on the sheet, not among the names) goes with it.
        for name in list(self._book.defined_names):
            del self._book.defined_names[name]
        self._book._external_links = []
        self._book.vba_archive = None
        self.clear_marks()
        for worksheet in self._book.worksheets:
            worksheet.sheet_state = "visible"
            worksheet.defined_names.clear()
            for view in worksheet.views.sheetView:
                view.tabSelected = worksheet is self._book.worksheets[0]
            worksheet.data_validations.dataValidation = []
            # The notes' drawing, kept from a macro-enabled workbook's package:
            # the copy has neither, and a reference to it would be broken.
            worksheet.legacy_drawing = None
            for row in worksheet.iter_rows():
                for cell in row:
                    if cell.comment is not None:
                        cell.comment = None
        # The keys in column A and the hidden key rows are ehxl's: the copy
        # carries no content that a reader cannot see.
        for worksheet in self._book.worksheets:
            if not worksheet.column_dimensions["A"].hidden:
                continue
            for (cell,) in worksheet.iter_rows(min_col=1, max_col=1):
                if isinstance(cell.value, str):
                    cell.value = None
        for sheet, row in key_rows:
            if sheet in sent:
                for cell in self._book[sheet][row]:
                    cell.value = None
        fill = PatternFill(fill_type="solid", fgColor=YELLOW)
        for sheet, row, column in yellow:
            if sheet in sent:
                self._book[sheet].cell(row, column).fill = fill
        self.keep_sparklines()
        self._losses = []

    def keep_sparklines(self) -> None:
        """Draw again, as they are, the sparklines the file has (on kept sheets)."""
        self._sparklines = {}
        for sheet in {sheet for sheet, _ in self._sparklines_before}:
            if sheet not in self._book.sheetnames:
                continue
            for cell, source in sparklines.read(self.path, sheet):
                self._sparkline_cells.add((sheet, cell))
                self._sparklines.setdefault(sheet, []).append(
                    sparklines.SparklineSpec(cell, source.rsplit("!", 1)[-1])
                )

    def check_writable(self, target: Path | None = None) -> None:
        """Refuse, before any work, a workbook that is read-only or open elsewhere.

        Raises:
            WorkbookFileError: the file is read-only, or open in Excel or
                LibreOffice (its lock file is beside it).
        """
        target = Path(target or self.path).resolve()
        check_writable(target)
        if target == self.path.resolve():
            check_not_open(target)

    def lost_parts(self) -> list[str]:
        """What openpyxl would drop from this workbook on save, in words."""
        ours = self._sparkline_cells | {
            (sheet, spec.cell)
            for sheet, specs in self._sparklines.items()
            for spec in specs
        }
        foreign = sorted(self._sparklines_before - ours)
        lost = [*self._losses]
        if foreign:
            cells = ", ".join(f"'{sheet}'!{cell}" for sheet, cell in foreign[:5])
            lost.append(f"sparklines that are not the report's ({cells})")
        return lost

    def _check_losses(self) -> None:
        lost = self.lost_parts()
        if lost:
            raise WorkbookFileError(
                f"{self.path.name}: a refresh from the command line would lose "
                + "; ".join(lost)
                + ". Nothing was saved. Refresh the workbook in Excel with the "
                "add-in instead, or keep these in a copy of the workbook."
            )

    def save(self, path: Path | None = None, backup: str | None = None) -> None:
        """Save atomically: write a temporary file beside the target, then replace it.

        Args:
            path: where to save (default: the workbook itself).
            backup: what the save is ("refresh", "issue"): the file it
                replaces is first kept in the backups folder. None keeps none.

        Raises:
            WorkbookFileError: the file (or its backup) cannot be written; the
                old one is intact.
        """
        # Through a link, the file linked to is the one that is replaced.
        target = Path(path or self.path).resolve()
        self.check_writable(target)
        self._check_losses()
        existing = target.stat() if target.exists() else None
        plain = finished = ""
        kept = None
        try:
            handle, plain = tempfile.mkstemp(
                suffix=".xlsx", prefix=".ehxl-", dir=target.parent
            )
            os.close(handle)
            finished = plain + ".done.xlsx"
            self._book.save(plain)
            sparklines.add(Path(plain), Path(finished), self._sparklines)
            if existing is not None:
                _same_access(finished, existing)
            if backup is not None:
                kept = backups.keep(target, backup)
            os.replace(finished, target)
        except OSError as exc:
            # The workbook was not replaced: its backup would only repeat it.
            if kept is not None:
                kept.unlink(missing_ok=True)
            raise WorkbookFileError(
                f"{target}: could not save ({exc}); the workbook on disk is unchanged."
            ) from exc
        finally:
            for leftover in (plain, finished):
                if leftover and os.path.exists(leftover):
                    os.remove(leftover)


def _row_after_delete(row: int, first: int, last: int, upper: bool) -> int:
    """Where a merge's edge row goes when rows first..last are deleted."""
    if row < first:
        return row
    if row > last:
        return row - (last - first + 1)
    # The edge was deleted: the merge now starts at first, or ends above it.
    return first if upper else first - 1


def check_writable(target: Path) -> None:
    """Refuse, before any work, a file that is marked read-only.

    Raises:
        WorkbookFileError: the file is read-only.
    """
    target = Path(target).resolve()
    if target.exists() and not target.stat().st_mode & 0o222:
        raise WorkbookFileError(
            f"{target}: the workbook is read-only; nothing was saved. Make it "
            "writable (file properties) if it should be refreshed."
        )


def check_not_open(book: Path) -> None:
    """Refuse a workbook that Excel or LibreOffice has open.

    While Excel has a workbook open, its lock file ``~$<name>`` is beside it
    (LibreOffice's is ``.~lock.<name>#``); whatever the command line saved
    there, Excel would save over when the officer next saves.

    Raises:
        WorkbookFileError: a lock file is beside the workbook.
    """
    book = Path(book)
    for lock, program, instead in (
        (
            f"~${book.name}",
            "Excel",
            ", or use the Refresh and Issue buttons on the Early Help tab there",
        ),
        (f".~lock.{book.name}#", "LibreOffice", ""),
    ):
        if _lock_is_there(book.parent / lock):
            raise WorkbookFileError(
                f"{book.name} is open in {program} (its lock file {lock} is beside "
                f"it); nothing was changed. Close the workbook in {program} and "
                f"try again{instead}. If {program} is not running, the lock file "
                "was left by a crash: delete it and try again."
            )


def unsafe_xml(exc: BaseException) -> bool:
    """Whether a failed load met XML that declares entities (or their expansion).

    Excel never writes a DOCTYPE; one that declares entities is the mark of a
    "billion laughs" or external-entity attack. openpyxl reads through
    defusedxml, which refuses it, and wraps the refusal in a ValueError.
    """
    while exc is not None:
        if isinstance(exc, DefusedXmlException) or "amplification" in str(exc):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def unsafe_message(path: Path) -> str:
    """What to tell the officer of a file whose XML is unsafe to read."""
    return (
        f"{path}: the file is damaged or unsafe: its XML declares entities, which "
        "Excel never writes and which can be used to exhaust memory or read other "
        "files. ehxl did not read it, and nothing was changed. Do not open it; use "
        "an earlier copy, or ask whoever sent it for a new one saved from Excel."
    )


def put_back(book: Path, content: bytes) -> None:
    """Put a workbook back as it was (its bytes), atomically, keeping its access.

    Raises:
        WorkbookFileError: it cannot be written.
    """
    target = Path(book).resolve()
    partial = ""
    try:
        handle, partial = tempfile.mkstemp(
            suffix=".xlsx", prefix=".ehxl-", dir=target.parent
        )
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        _same_access(partial, target.stat())
        os.replace(partial, target)
    except OSError as exc:
        raise WorkbookFileError(
            f"{target}: could not be put back as it was before ({exc}); restore it "
            f"from its latest backup in '{backups.FOLDER}' beside it."
        ) from exc
    finally:
        if partial and os.path.exists(partial):
            os.remove(partial)


def _lock_is_there(lock: Path) -> bool:
    # A name too long for the folder cannot be there; a link is there even
    # if it points nowhere.
    try:
        return lock.is_symlink() or lock.exists()
    except OSError:
        return False


def _same_access(path: str, existing: os.stat_result) -> None:
    """Give the new file the old one's permissions (and owner, where allowed)."""
    os.chmod(path, stat.S_IMODE(existing.st_mode))
    # Only the owner's administrator may give a file away; elsewhere (and on
    # Windows, which has no chown) the new file stays the user's own.
    with contextlib.suppress(PermissionError, AttributeError):
        os.chown(path, existing.st_uid, existing.st_gid)
