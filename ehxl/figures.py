"""The month's pasted figures: read from the Input sheet or an extract, validated."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from openpyxl.utils import get_column_letter

from ehxl import numbers, periods
from ehxl.catalogue import Catalogue
from ehxl.errors import InputDataError, Problem, WorkbookFileError
from ehxl.numbers import ValueReadError, read_value
from ehxl.validation import Rule, problems

SHEET = "Input"
COLUMNS = ("Indicator", "Measure", "Area", "Period", "Type", "Value", "Note")
REQUIRED = ("Indicator", "Measure", "Period", "Value")
YTD = "YTD"

# What a validated figure looks like, in Data and everywhere after.
FIGURE_COLUMNS = ("Indicator", "Measure", "Area", "Period", "Type", "Value", "Note")


@dataclass(frozen=True)
class RawValue:
    """A pasted value with what is needed to read it (its measure, its format)."""

    raw: object
    percent: bool
    scale: str
    percent_cell: bool

    def read(self):
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
    grid: list[list[tuple[object, str]]], catalogue: Catalogue
) -> pd.DataFrame:
    """Read and validate the figures pasted into the Input sheet.

    Args:
        grid: the sheet's cells as (value, number format), row 1 first.
        catalogue: the workbook's catalogue.

    Returns:
        The figures, one row each (see FIGURE_COLUMNS), blank rows left out.

    Raises:
        InputDataError: with every problem found.
    """
    header_at = next(
        (
            i
            for i, row in enumerate(grid)
            if "indicator" in {str(v).strip().lower() for v, _ in row if v is not None}
        ),
        None,
    )
    if header_at is None:
        raise InputDataError(
            [
                Problem(
                    f"{SHEET} sheet",
                    None,
                    "a header row: " + ", ".join(COLUMNS),
                    "Paste the extract with its header row into the Input sheet.",
                    "header",
                )
            ]
        )
    header = [str(v).strip() if v is not None else "" for v, _ in grid[header_at]]
    rows = []
    for offset, row in enumerate(grid[header_at + 1 :], start=header_at + 2):
        cells = dict(zip(header, row, strict=False))
        rows.append((offset, cells))
    return _validated(header, rows, Source(SHEET, True, _letters(header)), catalogue)


def from_file(path: Path, catalogue: Catalogue) -> pd.DataFrame:
    """Read and validate an extract file (CSV or XLSX) in the Input sheet's format.

    Raises:
        WorkbookFileError: the file cannot be read.
        InputDataError: with every problem found.
    """
    try:
        if path.suffix.lower() == ".csv":
            frame = pd.read_csv(
                path, dtype=str, keep_default_na=False, encoding="utf-8-sig"
            )
        elif path.suffix.lower() in (".xlsx", ".xlsm"):
            frame = pd.read_excel(path, dtype=object, engine="openpyxl")
        else:
            raise WorkbookFileError(
                f"{path.name}: an extract must be a .csv or .xlsx file in the Input "
                "sheet's format (columns " + ", ".join(COLUMNS) + ")."
            )
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise WorkbookFileError(f"{path}: cannot read the extract ({exc}).") from exc
    header = [str(c).strip() for c in frame.columns]
    rows = [
        (n + 2, {h: (v, "General") for h, v in zip(header, record, strict=True)})
        for n, record in enumerate(frame.itertuples(index=False))
    ]
    return _validated(header, rows, Source(path.name, False, {}), catalogue)


def _letters(header: list[str]) -> dict[str, str]:
    return {name: get_column_letter(i + 1) for i, name in enumerate(header) if name}


def _blank(value: object) -> bool:
    return (
        value is None
        or (isinstance(value, float) and pd.isna(value))
        or (isinstance(value, str) and not value.strip())
    )


def _clean(value: object) -> object:
    return "" if _blank(value) else value.strip() if isinstance(value, str) else value


def _validated(header, rows, source: Source, catalogue: Catalogue) -> pd.DataFrame:
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
        # A figure ehxl computes is refused as such; its value is not checked.
        raw = None if measure and measure.derived else cells.get("Value", (None, ""))[0]
        record["Value"] = RawValue(
            raw,
            bool(measure and measure.percent),
            measure.input_scale if measure else "fraction",
            "%" in value_format,
        )
        record["Key"] = f"{record['Indicator']} {record['Measure']}"
        records[number] = record
    frame = pd.DataFrame.from_dict(
        records, orient="index", columns=[*COLUMNS, "Key"], dtype=object
    )
    missing = [name for name in REQUIRED if name not in header]
    found = [
        Problem(
            f"{source.name} header",
            None,
            f"a column headed '{name}'",
            "Paste the extract with its header row: " + ", ".join(COLUMNS) + ".",
            "column",
        )
        for name in missing
    ]
    if not missing:
        found += _problems(frame, source, catalogue)
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


def _period_fails(code: str):
    def test(value: object) -> bool:
        try:
            periods.parse_period(value)
        except periods.PeriodError as exc:
            return exc.code != code
        return True

    return test


def _problems(
    frame: pd.DataFrame, source: Source, catalogue: Catalogue
) -> list[Problem]:
    codes = {m.indicator for m in catalogue.measures}
    derived = {m.key for m in catalogue.measures if m.derived}
    keys = {m.key for m in catalogue.measures}
    value_rules = numbers.EXPECTED
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
            "a measure that is pasted, not one ehxl computes (see Derived from)",
            "Delete the row: ehxl computes this figure from the others.",
            lambda v: v not in derived,
        ),
        Rule(
            "period",
            "a month such as Mar-19, March 2019 or 2019-03",
            "Write the month the figure describes.",
            _period_fails("format"),
        ),
        Rule(
            "period-day",
            "the first day of a month (Excel turns a typed Mar-19 into 19 March)",
            "Type the month as 2019-03, or format the Period column as text first.",
            _period_fails("day"),
        ),
        Rule(
            "type",
            "blank for a month's figure, or YTD for a year-to-date figure",
            "Clear the cell, or write YTD.",
            lambda v: v in ("", YTD),
        ),
        *(
            Rule(
                f"value-{code}",
                expected,
                "Correct the figure in the extract, or write the reason as text "
                "(e.g. N/A).",
                lambda v, code=code: (
                    not (isinstance(v, RawValue) and v.fails_with(code))
                ),
            )
            for code, expected in value_rules.items()
        ),
    ]
    by = {rule.code: rule.check() for rule in rules}
    schema = pa.DataFrameSchema(
        {
            "Indicator": pa.Column(None, by["indicator"]),
            "Key": pa.Column(None, [by["measure"], by["derived"]]),
            "Period": pa.Column(None, [by["period"], by["period-day"]]),
            "Type": pa.Column(None, by["type"]),
            "Value": pa.Column(None, [by[f"value-{code}"] for code in value_rules]),
        }
    )

    def where(index: object, column: str) -> str:
        return source.where(index, "Measure" if column == "Key" else column)

    found = problems(schema, frame, rules, where, "Restore the column.")
    return found


def _duplicates(frame: pd.DataFrame, source: Source) -> list[Problem]:
    found = []
    seen: dict[tuple, tuple[int, object]] = {}
    for number, record in frame.iterrows():
        try:
            period = periods.parse_period(record["Period"])
            reading = record["Value"].read()
        except ValueError:
            continue
        key = (record["Key"], record["Area"], period, record["Type"])
        value = f"{reading.number:g}" if reading.number is not None else reading.note
        if key in seen and seen[key][1] != value:
            first, first_value = seen[key]
            found.append(
                Problem(
                    " and ".join(source.where(n, "Value") for n in (first, number)),
                    f"{first_value}' and '{value}",
                    "one figure per indicator, measure, area and period "
                    f"({key[0]}, {key[1]}, {periods.label(period)})",
                    "Keep the right row and delete the other.",
                    "duplicate",
                )
            )
        seen.setdefault(key, (number, value))
    return found


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


def period_of(figures: pd.DataFrame) -> dt.date | None:
    """Return the latest month that any figure describes, or None."""
    if figures.empty:
        return None
    return max(figures["Period"])
