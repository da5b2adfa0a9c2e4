"""The month's pasted figures: read from the Input sheet or an extract, validated."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pandas as pd
import pandera.pandas as pa
from openpyxl.utils import get_column_letter

from ehxl import numbers, periods
from ehxl.adapters import xlsx
from ehxl.catalogue import Catalogue
from ehxl.errors import InputDataError, Problem, WorkbookFileError
from ehxl.numbers import ValueReadError, read_value
from ehxl.validation import Rule, problems

SHEET = "Input"
COLUMNS = ("Indicator", "Measure", "Area", "Period", "Type", "Value", "Note")
REQUIRED = ("Indicator", "Measure", "Period", "Value")
TEXT_COLUMNS = ("Indicator", "Measure", "Area", "Note")
YTD = "YTD"
# A note is shown in the figure's number format, which Excel caps at 255
# characters; a qualifier ("Half term 1-3") needs far fewer.
MAX_NOTE = 100

# What a validated figure looks like, in Data and everywhere after.
FIGURE_COLUMNS = COLUMNS

# Encodings an extract may come in: Excel saves "CSV UTF-8" with a byte order
# mark, and plain "CSV (Comma delimited)" in the Windows code page.
ENCODINGS = ("utf-8-sig", "cp1252")

Cell = tuple[object, str]


@dataclass(frozen=True)
class RawValue:
    """A pasted value with what is needed to read it (its measure, its format)."""

    raw: object
    percent: bool
    scale: str
    percent_cell: bool

    def read(self) -> numbers.Reading:
        return read_value(self.raw, self.percent, self.scale, self.percent_cell)

    def fails_with(self, code: str) -> bool:
        try:
            self.read()
        except ValueReadError as exc:
            return exc.code == code
        return False


@dataclass(frozen=True)
class Source:
    """Where pasted rows came from, for naming cells in messages."""

    name: str
    sheet: bool
    letters: dict[str, str]

    def where(self, row: object, column: str) -> str:
        if self.sheet:
            return f"{self.name}!{self.letters.get(column, '?')}{row}"
        return f"{self.name} row {row}, column {column}"


def from_grid(
    grid: list[list[Cell]],
    catalogue: Catalogue,
    name: str = SHEET,
    sheet: bool = True,
    today: dt.date | None = None,
) -> pd.DataFrame:
    """Read and validate pasted figures: the Input sheet's cells, or a file's.

    Args:
        grid: the cells as (value, number format), row 1 first.
        catalogue: the workbook's catalogue.
        name: the sheet or file, for messages.
        sheet: name cells as ``Input!F7`` (True) or as file rows (False).
        today: the date that bounds periods (tests fix it).

    Returns:
        The figures, one row each (see FIGURE_COLUMNS), blank rows left out.

    Raises:
        InputDataError: with every problem found.
    """
    header_at = _header_row(grid)
    if header_at is None:
        first = next((row for row in grid if any(v is not None for v, _ in row)), [])
        seen = ", ".join(str(v) for v, _ in first if v is not None)
        raise InputDataError(
            [
                Problem(
                    f"{name} header row",
                    seen,
                    "a header row of comma-separated columns: " + ", ".join(COLUMNS),
                    "Paste the extract with its header row (save a file as CSV with "
                    "commas, or as .xlsx).",
                    "header",
                )
            ]
        )

    header, found = _header(grid[header_at], name)
    # The table ends at its last headed column; anything right of it is stray.
    width = max(i for i, column in enumerate(header) if column) + 1
    header = header[:width]
    source = Source(name, sheet, _letters(header))
    rows = []
    for number, row in enumerate(grid[header_at + 1 :], start=header_at + 2):
        extra = [(i, v) for i, (v, _) in enumerate(row) if i >= width and not _blank(v)]
        if extra:
            column, value = extra[0]
            found.append(
                Problem(
                    f"{name}!{get_column_letter(column + 1)}{number}"
                    if sheet
                    else f"{name} row {number}",
                    value,
                    f"no values beyond the header's {width} columns",
                    "Move the value into the table, or delete it (check for a "
                    "stray comma).",
                    "extra",
                )
            )
        rows.append((number, dict(zip(header, row[:width], strict=False))))
    missing = [column for column in REQUIRED if column not in header]
    found += [
        Problem(
            f"{name} header row",
            None,
            f"a column headed '{column}'",
            "Paste the extract with its header row: " + ", ".join(COLUMNS) + ".",
            "column",
        )
        for column in missing
    ]
    if missing:
        raise InputDataError(found)
    return _validated(rows, source, catalogue, found, today)


def from_file(
    path: Path, catalogue: Catalogue, today: dt.date | None = None
) -> pd.DataFrame:
    """Read and validate an extract file (CSV or XLSX) in the Input sheet's format.

    Raises:
        WorkbookFileError: the file cannot be read.
        InputDataError: with every problem found, or when it holds no figures.
    """
    suffix = path.suffix.lower()
    if suffix == ".csv":
        grid = _csv_grid(path)
    elif suffix in (".xlsx", ".xlsm"):
        grid = _xlsx_grid(path)
    else:
        raise WorkbookFileError(
            f"{path.name}: an extract must be a .csv or .xlsx file in the Input "
            "sheet's format (columns " + ", ".join(COLUMNS) + ")."
        )
    figures = from_grid(grid, catalogue, path.name, sheet=suffix != ".csv", today=today)
    if figures.empty:
        raise InputDataError(
            [
                Problem(
                    path.name,
                    None,
                    "at least one figure below the header row",
                    "Check that this is the month's extract.",
                    "empty",
                )
            ]
        )
    return figures


def _csv_grid(path: Path) -> list[list[Cell]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise WorkbookFileError(f"{path}: cannot read the extract ({exc}).") from exc
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise WorkbookFileError(
            f"{path.name}: the file is not text ehxl can read. In Excel, save it "
            "with Save As, file type 'CSV UTF-8 (Comma delimited)'."
        )
    if "\0" in text:
        raise WorkbookFileError(
            f"{path.name}: the file is in an encoding ehxl cannot read (UTF-16?). "
            "In Excel, save it as 'CSV UTF-8 (Comma delimited)'."
        )
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = list(csv.reader(io.StringIO(text), dialect))
    except csv.Error as exc:
        raise WorkbookFileError(
            f"{path.name}: not a readable CSV file ({exc}). Look for an unclosed quote."
        ) from exc
    return [
        [(value if value != "" else None, "General") for value in row] for row in rows
    ]


def _xlsx_grid(path: Path) -> list[list[Cell]]:
    # Read-only, openpyxl meets a damaged part on load or as its rows are read.
    book = None
    try:
        book = openpyxl.load_workbook(path, read_only=True)
        sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
        return [
            [
                (
                    numbers.Formula(c.value) if c.data_type == "f" else c.value,
                    c.number_format,
                )
                for c in row
            ]
            for row in sheet.iter_rows()
        ]
    except xlsx.DAMAGED as exc:
        if xlsx.unsafe_xml(exc):
            raise WorkbookFileError(xlsx.unsafe_message(path)) from exc
        raise WorkbookFileError(
            f"{path.name}: not an Excel workbook ehxl can open ({exc}). Save the "
            "extract from Excel as .xlsx, or as CSV UTF-8."
        ) from exc
    finally:
        if book is not None:
            book.close()


def holds_paste(grid: list[list[object]]) -> bool:
    """Whether the Input sheet's values hold anything below the header row."""
    header = _header_row([[(value, "") for value in row] for row in grid]) or 0
    return any(value not in (None, "") for row in grid[header + 1 :] for value in row)


def _header_row(grid: list[list[Cell]]) -> int | None:
    """Find the header row: the first naming Indicator, or else two columns.

    A title above the table names none; a header that lost its Indicator
    column is still found, so that the missing column is named.
    """
    named = [
        {" ".join(str(v).split()).lower() for v, _ in row if v is not None}
        & {column.lower() for column in COLUMNS}
        for row in grid
    ]
    return next(
        (i for i, found in enumerate(named) if "indicator" in found),
        next((i for i, found in enumerate(named) if len(found) >= 2), None),
    )


def _header(row: list[Cell], name: str) -> tuple[list[str], list[Problem]]:
    """Name each column as ehxl does, whatever its case; refuse a column twice."""
    canonical = {column.lower(): column for column in COLUMNS}
    header = []
    found = []
    for value, _ in row:
        text = " ".join(str(value).split()) if value is not None else ""
        column = canonical.get(text.lower(), text)
        if column in COLUMNS and column in header:
            found.append(
                Problem(
                    f"{name} header row",
                    text,
                    "each column once",
                    f"Delete one of the two '{column}' columns.",
                    "column-twice",
                )
            )
            column = f"{column} (again)"
        header.append(column)
    return header, found


def _letters(header: list[str]) -> dict[str, str]:
    return {name: get_column_letter(i + 1) for i, name in enumerate(header) if name}


def _blank(value: object) -> bool:
    return (
        value is None
        or (isinstance(value, float) and pd.isna(value))
        or (isinstance(value, str) and not value.strip())
    )


def _clean(value: object) -> object:
    if _blank(value):
        return ""
    # A formula stays one, to be refused as such wherever it was pasted.
    if isinstance(value, numbers.Formula):
        return value
    return " ".join(value.split()) if isinstance(value, str) else value


def _mark_shadowed(records: dict, catalogue: Catalogue) -> None:
    """Mark each derived figure pasted beside its parts (``Shadowed``).

    Such a figure is refused as such, one problem: its value is not checked
    as well. A derived figure pasted alone stands in for its parts.
    """
    pasted = {(r["Key"], r["Area"], _parsed(r["Period"])) for r in records.values()}
    for record in records.values():
        measure = catalogue.get(record["Key"])
        where = (record["Area"], _parsed(record["Period"]))
        record["Shadowed"] = bool(
            measure
            and measure.derived
            and all((part, *where) in pasted for part in measure.derived.parts)
        )
        if record["Shadowed"]:
            record["Value"] = dataclasses.replace(record["Value"], raw=None)


def _validated(rows, source: Source, catalogue: Catalogue, found, today):
    borough = catalogue.settings.borough
    records = {}
    for number, cells in rows:
        if all(_blank(value) for value, _ in cells.values()):
            continue
        record = {name: _clean(cells.get(name, (None, ""))[0]) for name in COLUMNS}
        record["Indicator"] = _code(record["Indicator"])
        record["Area"] = record["Area"] or borough
        if isinstance(record["Type"], str) and record["Type"].upper() == YTD:
            record["Type"] = YTD
        measure = catalogue.get(f"{record['Indicator']} {record['Measure']}")
        value_format = cells.get("Value", (None, "General"))[1] or ""
        record["Value"] = RawValue(
            cells.get("Value", (None, ""))[0],
            bool(measure and measure.percent),
            measure.input_scale if measure else "fraction",
            "%" in value_format,
        )
        record["Key"] = f"{record['Indicator']} {record['Measure']}"
        records[number] = record
    _mark_shadowed(records, catalogue)
    frame = pd.DataFrame.from_dict(
        records, orient="index", columns=[*COLUMNS, "Key", "Shadowed"], dtype=object
    )
    found = [*found, *_problems(frame, source, catalogue, today)]
    found += _duplicates(frame, source)
    if found:
        raise InputDataError(found)
    return _figures(frame)


def _code(value: object) -> object:
    # An indicator code typed into Excel as 1.1 arrives as the number 1.1;
    # codes are text, so it is read back as written (1.10 cannot be told apart).
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, int):
        return str(value)
    return value


def _parsed(value: object) -> dt.date | None:
    try:
        return periods.parse_period(value)
    except periods.PeriodError:
        return None


def _period_fails(code: str, today: dt.date | None):
    def test(value: object) -> bool:
        try:
            periods.check_range(periods.parse_period(value), today)
        except periods.PeriodError as exc:
            return exc.code != code
        return True

    return test


def _is_number(value: RawValue) -> bool:
    try:
        return value.read().number is not None
    except ValueReadError:
        return False


def _text_ok(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        numbers.check_text(value)
    except ValueReadError:
        return False
    return True


def _problems(
    frame: pd.DataFrame, source: Source, catalogue: Catalogue, today
) -> list[Problem]:
    codes = {m.indicator for m in catalogue.measures}
    keys = {m.key for m in catalogue.measures}
    supplied = {m.key for m in catalogue.measures if m.ytd_rule == "supplied"}
    quarterly = {m.key for m in catalogue.measures if m.frequency == "Quarterly"}
    areas = catalogue.settings.known_areas
    frame = frame.assign(
        Figure=[
            (key, kind, _parsed(period), _is_number(value))
            for key, kind, period, value in zip(
                frame["Key"],
                frame["Type"],
                frame["Period"],
                frame["Value"],
                strict=True,
            )
        ],
    )

    def fits_frequency(figure: tuple) -> bool:
        # A note ("Q4 data will be reported...") may stand in any month.
        key, kind, period, number = figure
        if key not in quarterly or kind or period is None or not number:
            return True
        return period.month % 3 == 0

    rules = [
        Rule(
            "indicator",
            "an indicator code listed on the Indicators sheet",
            "Correct the code, or add the indicator to the Indicators sheet first.",
            lambda v: v in codes,
        ),
        Rule(
            "measure",
            "a measure listed for this indicator on the Indicators sheet",
            "Use the Measure name of one of the indicator's rows in Indicators.",
            lambda v: v.split(" ", 1)[0] not in codes or v in keys,
        ),
        Rule(
            "derived",
            "no figure for a measure whose parts are pasted beside it: ehxl "
            "works it out from them (see Derived from)",
            "Delete the row: ehxl computes this figure from the others.",
            lambda shadowed: not shadowed,
        ),
        Rule(
            "area",
            "the borough or one of the localities or wards named in Settings",
            "Correct the area's name, or add it to Settings. In a CSV file, a "
            "name with a comma in it (a ward) must be in double quotes.",
            lambda v: v in areas,
        ),
        Rule(
            "period",
            "a month such as Mar-19, March 2019 or 2019-03",
            "Write the month the figure describes.",
            _period_fails("format", today),
        ),
        Rule(
            "period-day",
            "the first day of a month (Excel turns a typed Mar-19 into 19 March)",
            "Type the month as 2019-03, or format the Period column as text first.",
            _period_fails("day", today),
        ),
        Rule(
            "period-range",
            "a month from 2000 up to this month",
            "Check the year of the month.",
            _period_fails("range", today),
        ),
        Rule(
            "type",
            "blank for a month's figure, or YTD for a year-to-date figure",
            "Clear the cell, or write YTD.",
            lambda v: v in ("", YTD),
        ),
        Rule(
            "ytd-type",
            "a YTD figure only for a measure whose YTD rule is 'supplied'",
            "Delete the row (ehxl works this YTD out), or change the YTD rule.",
            lambda v: v[1] != YTD or v[0] not in keys or v[0] in supplied,
        ),
        Rule(
            "quarter",
            "a quarterly figure in the quarter's last month (Jun, Sep, Dec or Mar)",
            "Put the figure in the month that ends its quarter.",
            fits_frequency,
        ),
        Rule(
            "text",
            "text without control characters, of at most 32,767 characters",
            "Retype the cell.",
            _text_ok,
        ),
        Rule(
            "text-formula",
            numbers.EXPECTED["formula"],
            "Paste the extract's values, not its formulas.",
            lambda v: not isinstance(v, numbers.Formula),
        ),
        Rule(
            "note",
            f"a short note of at most {MAX_NOTE} characters (shown beside the figure)",
            "Shorten the note; put a longer explanation in the commentary.",
            lambda v: not isinstance(v, str) or len(v) <= MAX_NOTE,
        ),
        *(
            Rule(
                f"value-{code}",
                expected,
                "Correct the figure, or write the reason as text (e.g. N/A).",
                lambda v, code=code: (
                    not (isinstance(v, RawValue) and v.fails_with(code))
                ),
            )
            for code, expected in numbers.EXPECTED.items()
        ),
    ]
    by = {rule.code: rule.check() for rule in rules}
    text = [by["text"], by["text-formula"]]
    schema = pa.DataFrameSchema(
        {
            "Indicator": pa.Column(None, [by["indicator"], *text]),
            "Key": pa.Column(None, [by["measure"], *text]),
            "Shadowed": pa.Column(None, by["derived"]),
            "Area": pa.Column(None, [by["area"], *text]),
            "Note": pa.Column(None, [*text, by["note"]]),
            "Period": pa.Column(
                None, [by["period"], by["period-day"], by["period-range"]]
            ),
            "Type": pa.Column(None, by["type"]),
            "Figure": pa.Column(None, [by["ytd-type"], by["quarter"]]),
            "Value": pa.Column(
                None, [by[f"value-{code}"] for code in numbers.EXPECTED]
            ),
        }
    )
    shown_as = {"Key": "Measure", "Figure": "Period", "Shadowed": "Measure"}

    def where(index: object, column: str) -> str:
        return source.where(index, shown_as.get(column, column))

    return problems(schema, frame, rules, where, "Restore the column.", shown_as)


def _duplicates(frame: pd.DataFrame, source: Source) -> list[Problem]:
    found = []
    seen: dict[tuple, tuple[int, object]] = {}
    for number, record in frame.iterrows():
        try:
            period = periods.parse_period(record["Period"])
            reading = record["Value"].read()
        except ValueError:
            continue
        # A blank value is no figure (it is not loaded), so it cannot conflict.
        if reading.is_blank:
            continue
        key = (record["Key"], record["Area"], period, record["Type"])
        shown = f"{reading.number:.15g}" if reading.number is not None else reading.note
        value = (shown, record["Note"])
        if key in seen and seen[key][1] != value:
            first, first_value = seen[key]
            found.append(
                Problem(
                    " and ".join(source.where(n, "Value") for n in (first, number)),
                    f"{_both(first_value)}' and '{_both(value)}",
                    "one figure per indicator, measure, area and period "
                    f"({key[0]}, {key[1]}, {periods.label(period)})",
                    "Keep the right row and delete the other.",
                    "duplicate",
                )
            )
        seen.setdefault(key, (number, value))
    return found


def _both(value: tuple) -> str:
    shown, note = value
    return f"{shown} ({note})" if note else str(shown)


def _figures(frame: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for _, record in frame.iterrows():
        reading = record["Value"].read()
        if reading.is_blank:
            continue
        rows.append(
            {
                "Indicator": record["Indicator"],
                "Measure": record["Measure"],
                "Area": record["Area"],
                "Period": periods.parse_period(record["Period"]),
                "Type": record["Type"],
                "Value": reading.number if reading.number is not None else reading.note,
                "Note": str(record["Note"]) if record["Note"] != "" else "",
            }
        )
    return pd.DataFrame(rows, columns=list(FIGURE_COLUMNS), dtype=object)
