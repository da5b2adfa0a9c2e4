"""Where the report's cells are: found through keys in the sheet, never fixed addresses.

A report table carries its keys in the workbook itself. Its first column
(hidden) holds, on a hidden row, ``ehxl:<table>:columns`` with the key of
every column beside it (``m1``, ``ytd``, ``rag``...); ``ehxl:<table>:group``
and ``ehxl:<table>:header`` mark the two heading rows; each body row holds
its measure's key (``3.2a %``). Rows and columns can be inserted, moved or
sorted by the officer and the next refresh still finds every figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ehxl.errors import LayoutError
from ehxl.report import Out, Report, Table

MARK = "ehxl:"
KEY_COLUMN = 1


@dataclass
class TableLayout:
    """Where one table's cells are on its sheet (1-based rows and columns)."""

    name: str
    columns: dict[str, int]
    group_row: int | None
    header_row: int | None
    rows: dict[str, int] = field(default_factory=dict)
    last_row: int = 0


@dataclass(frozen=True)
class Write:
    """One cell to write: 1-based row and column, and what goes in it."""

    row: int
    column: int
    out: Out
    # The cell's place by keys: (table, row key, column key).
    where: tuple[str, str, str] | None = None


def _key(value: object) -> str:
    return str(value).strip() if value is not None else ""


def _copy_advice(key: str) -> str:
    if key.startswith("total"):
        return (
            "A second total needs a name of its own: key it total:<name>, e.g. "
            "total:new."
        )
    return "Clear the copy's key (hidden): ehxl writes each figure once."


def find(grid: list[list[object]], table: str) -> TableLayout | None:
    """Find a table's keys in a sheet's values, or None if it is not there.

    Raises:
        LayoutError: the table's columns row is there twice.
    """
    marker = f"{MARK}{table}:"
    layout: TableLayout | None = None
    for number, row in enumerate(grid, start=1):
        first = _key(row[KEY_COLUMN - 1]) if row else ""
        if first == f"{marker}columns":
            if layout is not None:
                raise LayoutError(
                    f"The {table} table's key row ({first}) appears twice, on rows "
                    f"{layout.last_row} and {number}; delete the copy."
                )
            columns: dict[str, int] = {}
            for col, value in enumerate(row, start=1):
                key = _key(value)
                if col <= KEY_COLUMN or not key:
                    continue
                if key in columns:
                    raise LayoutError(
                        f"Column key '{key}' of the {table} table is in columns "
                        f"{columns[key]} and {col} of row {number} (a copied "
                        "column?). " + _copy_advice(key)
                    )
                columns[key] = col
            layout = TableLayout(table, columns, None, None, last_row=number)
            continue
        if layout is None:
            continue
        if first == f"{marker}group":
            layout.group_row = number
        elif first == f"{marker}header":
            layout.header_row = number
        elif first.startswith(MARK):
            break
        elif first:
            if first in layout.rows:
                raise LayoutError(
                    f"Row key '{first}' of the {table} table is on rows "
                    f"{layout.rows[first]} and {number} (a copied row?). "
                    + _copy_advice(first)
                )
            layout.rows[first] = number
            layout.last_row = number
    return layout


def table_names(grid: list[list[object]]) -> list[str]:
    """The names of the tables whose keys a sheet holds, top to bottom."""
    names = []
    for row in grid:
        first = _key(row[KEY_COLUMN - 1]) if row else ""
        if first.startswith(MARK) and first.endswith(":columns"):
            names.append(first[len(MARK) : -len(":columns")])
    return names


def writes(report: Report, table: str, layout: TableLayout) -> list[Write]:
    """List every cell the refresh writes for one table."""
    content = report.tables[table]
    return table_writes(content, layout)


def table_writes(content: Table, layout: TableLayout) -> list[Write]:
    """List every cell of a computed table that its layout has a place for."""
    found = []
    for heading_row, cells in (
        (layout.header_row, content.headings),
        (layout.group_row, content.groups),
    ):
        if heading_row is None:
            continue
        for key, out in cells.items():
            if key in layout.columns:
                found.append(Write(heading_row, layout.columns[key], out))
    for row_key, cells in content.rows.items():
        row = layout.rows.get(row_key)
        if row is None:
            continue
        for key, out in cells.items():
            column = layout.columns.get(key)
            if column is not None:
                found.append(Write(row, column, out, (content.name, row_key, key)))
    return found


def missing_rows(report: Report, table: str, layout: TableLayout) -> list[str]:
    """The catalogue's measures that have no row on the sheet yet, in order."""
    return [key for key in report.tables[table].rows if key not in layout.rows]
