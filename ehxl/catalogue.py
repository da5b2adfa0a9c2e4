"""The indicator catalogue: what each report row measures and how it is judged."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

import pandas as pd
import pandera.pandas as pa
from openpyxl.utils import get_column_letter

from ehxl import periods
from ehxl.errors import CatalogueError, Problem
from ehxl.numbers import Formula
from ehxl.validation import Rule, problems

SHEET = "Indicators"
SETTINGS_SHEET = "Settings"

POLARITIES = ("High", "Low", "Info")
VALUE_TYPES = ("Number", "Percent")
FREQUENCIES = ("Monthly", "Quarterly", "Termly", "Annual")
YTD_RULES = ("sum", "latest", "ratio", "mean", "mean of months", "supplied", "none")
TOLERANCE_TYPES = ("relative", "absolute")
# The report's tables; their layout is found on the sheet through these names.
TABLES = ("Summary", "Partners")

REQUIRED = (
    "Table",
    "Section",
    "Indicator",
    "Name",
    "Measure",
    "Polarity",
    "Value type",
    "Decimals",
    "Frequency",
    "Year",
    "YTD rule",
)
TEXT_COLUMNS = (
    "No.",
    "Label",
    "Unit",
    "Input scale",
    "YTD of",
    "YTD months",
    "YTD note",
    "Derived from",
    "RAG on",
    "Tolerance type",
    "Data source",
    "Row note",
    "Reported from",
    "Retired after",
)
DISPLAY_COLUMNS = {
    "sn_ave": "Stat neigh ave",
    "sn_best": "Best stat neigh",
    "nat_ave": "Nat ave",
    "nat_top": "Nat top quartile",
}
TREND_COLUMN = re.compile(r"^Trend (\d{4}/\d{2})$")
# A year's own targets: "Green 2019/20" (and Red, Amber, Tolerance).
TARGET_COLUMN = re.compile(r"^(Red|Amber|Green|Tolerance) (\d{4}/\d{2})$")
YEAR = re.compile(r"^(\d{4})/(\d{2})$")

_DERIVED = re.compile(r"^(?P<left>.+?)\s+(?P<op>[+/])\s+(?P<right>.+)$")
_THRESHOLD = re.compile(
    r"^\s*(?P<op>>=|<=|≥|≤|>|<)?\s*(?P<num>\d[\d,]*(\.\d+)?)\s*(?P<pc>%)?"
)


@dataclass(frozen=True)
class Shown:
    """A catalogue cell shown in the report as the officer typed it."""

    value: object
    number_format: str = "General"

    @property
    def text(self) -> str:
        """The cell roughly as Excel shows it, for messages."""
        if isinstance(self.value, int | float) and "%" in self.number_format:
            return f"{self.value * 100:g}%"
        return "" if self.value is None else str(self.value)


@dataclass(frozen=True)
class Threshold:
    """A number read from a target text: ``<75%`` is ``<`` and 0.75."""

    op: str
    value: Decimal
    percent: bool


@dataclass(frozen=True)
class Derivation:
    """A measure computed each period from others: ``A / B``, ``A + B``, or
    ``A to date / target`` (A's Year To Date as a share of A's target)."""

    op: str
    left: str
    right: str
    to_date: bool = False

    @property
    def parts(self) -> tuple[str, ...]:
        """The measures whose figures this one is worked out from."""
        return (self.left,) if self.right == TARGET else (self.left, self.right)


# ``A to date / target``: the measure's own Green figure is the denominator.
TARGET = "target"
TO_DATE = " to date"


def derivation(text: str) -> Derivation | None:
    """Read a Derived from cell, or None if it is not a formula ehxl knows."""
    match = _DERIVED.match(text)
    if not match:
        return None
    left, op, right = match["left"].strip(), match["op"], match["right"].strip()
    to_date = left.endswith(TO_DATE)
    if to_date:
        left = left[: -len(TO_DATE)].strip()
    if (right == TARGET) != (to_date and op == "/"):
        return None
    return Derivation(op, left, right, to_date)


@dataclass(frozen=True)
class Measure:
    """One row of the catalogue: one line of an indicator in the report."""

    table: str
    section: str
    indicator: str
    number: str
    name: str
    measure: str
    label: str
    polarity: str
    unit: str
    percent: bool
    input_scale: str
    decimals: int
    frequency: str
    year: periods.YearKind
    ytd_rule: str
    ytd_of: str | None
    ytd_months: tuple[int, ...]
    ytd_note: str
    derived: Derivation | None
    rag_on: str
    red: Shown
    amber: Shown
    green: Shown
    tolerance: Decimal | None
    tolerance_type: str
    trend: dict[str, Shown] = field(default_factory=dict)
    benchmarks: dict[str, Shown] = field(default_factory=dict)
    data_source: str = ""
    row_note: str = ""
    row: int = 0
    # Targets by year from the year's own columns ("Green 2019/20").
    targets: dict[str, YearTargets] = field(default_factory=dict)
    # The year the plain Red, Amber, Green columns are for ("" for every year).
    target_year: str = ""
    # The year for which this measure has no target set ("" when it has one).
    no_target: str = ""
    # The first month it is reported, and the last (None: always).
    reported_from: dt.date | None = None
    retired_after: dt.date | None = None

    def reported(self, month: dt.date) -> bool:
        """Whether the report for ``month`` shows this measure."""
        started = self.reported_from is None or self.reported_from <= month
        return started and (self.retired_after is None or month <= self.retired_after)

    @property
    def key(self) -> str:
        """The key of this measure in Data and on the report: ``3.2a %``."""
        return f"{self.indicator} {self.measure}"

    @property
    def places(self) -> int:
        """Decimal places of the stored figure that the report shows."""
        return self.decimals + (2 if self.percent else 0)

    @property
    def number_format(self) -> str:
        """The Excel number format the report shows this measure's figures in."""
        digits = "0" + ("." + "0" * self.decimals if self.decimals else "")
        return digits + ("%" if self.percent else "")

    def in_year(self, year: str) -> Measure:
        """This measure with the targets of a year (``2019/20``).

        The year's own columns where the catalogue has them, else the plain
        ones when they are that year's (or every year's). A measure with
        targets in other years but none for this one has none at all, and
        says so (``no_target``): last year's target is never carried over.
        """
        own = self.targets.get(year)
        if own is not None and not own.blank:
            return replace(
                self,
                red=own.red,
                amber=own.amber,
                green=own.green,
                tolerance=own.tolerance
                if own.tolerance is not None
                else self.tolerance,
            )
        if self.target_year in ("", year):
            return self
        if not self.has_targets:
            return self
        return replace(
            self, red=Shown(None), amber=Shown(None), green=Shown(None), no_target=year
        )

    @property
    def has_targets(self) -> bool:
        """Whether any year has a Red, Amber or Green for this measure."""
        plain = (self.red, self.amber, self.green)
        return any(s.value is not None for s in plain) or any(
            not t.blank for t in self.targets.values()
        )

    def target(self) -> Threshold | None:
        """The Green (target) figure, or None when the target is text or blank."""
        return threshold(self.green)

    def red_limit(self) -> Threshold | None:
        """The edge of the Red band when the catalogue gives one (``<75%``)."""
        found = threshold(self.red)
        return found if found and found.op in ("<", ">", "<=", ">=") else None


@dataclass(frozen=True)
class YearTargets:
    """One year's own Red, Amber, Green and Tolerance for a measure."""

    red: Shown
    amber: Shown
    green: Shown
    tolerance: Decimal | None = None

    @property
    def blank(self) -> bool:
        return all(s.value is None for s in (self.red, self.amber, self.green))


@dataclass(frozen=True)
class Settings:
    """Workbook-wide settings from the Settings sheet."""

    borough: str
    count_tolerance: Decimal
    percent_tolerance: Decimal
    areas: tuple[str, ...] = ()
    wards: tuple[str, ...] = ()
    target_year: str = ""

    @property
    def known_areas(self) -> set[str]:
        """Every area a figure may be given for: the borough, localities, wards."""
        return {self.borough, *self.areas, *self.wards}


@dataclass(frozen=True)
class Catalogue:
    """Every measure the workbook reports, in report order."""

    measures: tuple[Measure, ...]
    settings: Settings

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_key", {m.key: m for m in self.measures})

    def get(self, key: str) -> Measure | None:
        """Return the measure with this key, or None."""
        return self._by_key.get(key)  # type: ignore[attr-defined]

    def __getitem__(self, key: str) -> Measure:
        return self._by_key[key]  # type: ignore[attr-defined]

    def table(self, name: str) -> list[Measure]:
        """Return the measures shown in one report table, in order."""
        return [m for m in self.measures if m.table == name]

    def for_month(self, month: dt.date) -> Catalogue:
        """The catalogue with each measure's targets for the year of ``month``."""
        return Catalogue(
            tuple(m.in_year(periods.year_label(month, m.year)) for m in self.measures),
            self.settings,
        )


def threshold(shown: Shown) -> Threshold | None:
    """Read the number at the start of a target or band text.

    ``85%``, ``>=95%``, ``100% (of 2674)`` and ``2674`` have one; ``Lower than
    same quarter previous year`` has none. A number the officer typed into
    Excel as ``85%`` arrives as 0.85 with a percentage format.
    """
    value = shown.value
    if isinstance(value, int | float) and not isinstance(value, bool):
        percent = "%" in shown.number_format
        return Threshold("", Decimal(str(value)), percent)
    if not isinstance(value, str):
        return None
    match = _THRESHOLD.match(value)
    if not match:
        return None
    number = Decimal(match["num"].replace(",", ""))
    percent = bool(match["pc"])
    if percent:
        number /= 100
    op = {"≥": ">=", "≤": "<="}.get(match["op"] or "", match["op"] or "")
    return Threshold(op, number, percent)


Cell = tuple[object, str]


def _text(cell: Cell | None) -> str:
    if cell is None or cell[0] is None:
        return ""
    value, number_format = cell
    # A number the officer typed as 5% is held by Excel as 0.05.
    if isinstance(value, int | float) and "%" in (number_format or ""):
        value = Decimal(str(value)) * 100
        return str(value.normalize())
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


KNOWN_COLUMNS = (
    *REQUIRED,
    *TEXT_COLUMNS,
    "Tolerance",
    "Red",
    "Amber",
    "Green",
    *DISPLAY_COLUMNS.values(),
)


def _canonical_header(
    header: list[str],
) -> tuple[list[str], list[Problem]]:
    """Match headers whatever their case; a near miss of a known one is a problem.

    Columns of the officer's own (notes, say) are allowed; a renamed column of
    ehxl's would be silently ignored, so one that looks like it is refused.
    """
    by_lower = {name.lower(): name for name in KNOWN_COLUMNS}
    names, found = [], []
    for index, text in enumerate(header):
        name = by_lower.get(text.lower(), text)
        if (
            name
            and name not in KNOWN_COLUMNS
            and not TREND_COLUMN.match(name)
            and not ((year := TARGET_COLUMN.match(name)) and _is_year(year[2]))
        ):
            near = [
                known
                for known in KNOWN_COLUMNS
                if name.lower().startswith(known.lower())
                or difflib.SequenceMatcher(None, name.lower(), known.lower()).ratio()
                >= 0.8
            ]
            if near:
                found.append(
                    Problem(
                        f"{SHEET}!{get_column_letter(index + 1)}1",
                        text,
                        f"the column name '{near[0]}'",
                        f"Rename the column '{near[0]}' again: ehxl reads it by name.",
                        "header-name",
                    )
                )
        names.append(name)
    return names, found


def _formulas(rows: list[list[Cell]], sheet: str) -> list[Problem]:
    return [
        Problem(
            f"{sheet}!{get_column_letter(c + 1)}{r + 1}",
            value,
            "a value, not a formula",
            "Type the value itself: ehxl reads the catalogue as typed.",
            "formula",
        )
        for r, row in enumerate(rows)
        for c, (value, _) in enumerate(row)
        if isinstance(value, Formula)
    ]


def read(
    rows: list[list[Cell]], settings_rows: list[list[Cell]] | None = None
) -> Catalogue:
    """Build the catalogue from the Indicators sheet's cells.

    Args:
        rows: the sheet's cells, (value, number format), header row first.
        settings_rows: the Settings sheet's cells, or None for the defaults.

    Returns:
        The catalogue.

    Raises:
        CatalogueError: with every problem found in either sheet.
    """
    header_index = _header_row(rows)
    header, renamed = _canonical_header([_text(cell) for cell in rows[header_index]])
    columns = {name: i for i, name in enumerate(header) if name}
    missing = [name for name in REQUIRED if name not in columns]
    formulas = _formulas(rows, SHEET) + _formulas(settings_rows or [], SETTINGS_SHEET)
    if missing or renamed or formulas:
        raise CatalogueError(
            renamed
            + formulas
            + [
                Problem(
                    f"{SHEET} header row",
                    None,
                    f"a column headed '{name}'",
                    "Restore the column from template.xlsx (Indicators sheet).",
                    "column",
                )
                for name in missing
            ]
        )
    body = [
        (header_index + 1 + n, row)
        for n, row in enumerate(rows[header_index + 1 :])
        if any(_text(cell) for cell in row)
    ]

    def cell(row: list[Cell], name: str) -> Cell | None:
        i = columns.get(name)
        return row[i] if i is not None and i < len(row) else None

    texts = {
        name: [_text(cell(row, name)) for _, row in body]
        for name in (*REQUIRED, *TEXT_COLUMNS, "Tolerance", *_year_tolerances(columns))
        if name in columns
    }
    frame = pd.DataFrame(texts, index=[number + 1 for number, _ in body], dtype=object)
    keys = [
        f"{i} {m}"
        for i, m in zip(
            texts.get("Indicator", []), texts.get("Measure", []), strict=False
        )
    ]
    frame["Key"] = keys if keys else pd.Series(dtype=object)

    found = _check(frame, columns)
    settings, settings_found = _settings(settings_rows)
    found += settings_found
    if found:
        raise CatalogueError(found)

    measures = []
    for (number, row), (_, record) in zip(body, frame.iterrows(), strict=True):
        trend = {
            TREND_COLUMN.match(name)[1]: _shown(cell(row, name))
            for name in columns
            if TREND_COLUMN.match(name)
        }
        benchmarks = {
            key: _shown(cell(row, name)) for key, name in DISPLAY_COLUMNS.items()
        }
        measure = _measure(record, row, cell, trend, benchmarks, number + 1)
        measures.append(
            replace(
                measure,
                targets=_year_targets(columns, row, cell),
                target_year=settings.target_year,
            )
        )
    return Catalogue(tuple(measures), settings)


def _year_tolerances(columns) -> list[str]:
    """The columns of a year's own tolerance ("Tolerance 2019/20")."""
    return [
        name
        for name in columns
        if (found := TARGET_COLUMN.match(name)) and found[1] == "Tolerance"
    ]


def _year_targets(columns, row, cell) -> dict[str, YearTargets]:
    years = sorted(
        {TARGET_COLUMN.match(n)[2] for n in columns if TARGET_COLUMN.match(n)}
    )
    found = {}
    for year in years:
        tolerance = _text(cell(row, f"Tolerance {year}"))
        found[year] = YearTargets(
            red=_shown(cell(row, f"Red {year}")),
            amber=_shown(cell(row, f"Amber {year}")),
            green=_shown(cell(row, f"Green {year}")),
            tolerance=Decimal(tolerance) if tolerance else None,
        )
    return found


def _header_row(rows: list[list[Cell]]) -> int:
    for index, row in enumerate(rows):
        if "Indicator" in {_text(cell) for cell in row}:
            return index
    raise CatalogueError(
        [
            Problem(
                where=f"{SHEET} sheet",
                value=None,
                expected="a header row with an 'Indicator' column",
                fix="Restore the Indicators header row from template.xlsx.",
                code="header",
            )
        ]
    )


def _shown(cell: Cell | None) -> Shown:
    if cell is None or cell[0] is None or cell[0] == "":
        return Shown(None)
    return Shown(cell[0], cell[1] or "General")


def _measure(record, row, cell, trend, benchmarks, sheet_row) -> Measure:
    get = record.get
    derived = None
    if get("Derived from", ""):
        derived = derivation(record["Derived from"])
    months = tuple(
        periods.named_month(name)
        for name in get("YTD months", "").replace(";", ",").split(",")
        if name.strip()
    )
    tolerance = get("Tolerance", "")
    return Measure(
        table=record["Table"],
        section=record["Section"],
        indicator=record["Indicator"],
        number=get("No.", "") or record["Indicator"],
        name=record["Name"],
        measure=record["Measure"],
        label=get("Label", ""),
        polarity=record["Polarity"],
        unit=get("Unit", ""),
        percent=record["Value type"] == "Percent",
        input_scale=get("Input scale", "") or "fraction",
        decimals=int(record["Decimals"]),
        frequency=record["Frequency"],
        year=record["Year"],
        ytd_rule=record["YTD rule"],
        ytd_of=get("YTD of", "") or None,
        ytd_months=months,
        ytd_note=get("YTD note", ""),
        derived=derived,
        rag_on=get("RAG on", "") or "Month",
        red=_shown(cell(row, "Red")),
        amber=_shown(cell(row, "Amber")),
        green=_shown(cell(row, "Green")),
        tolerance=Decimal(tolerance) if tolerance else None,
        tolerance_type=get("Tolerance type", "") or "",
        trend=trend,
        benchmarks=benchmarks,
        data_source=get("Data source", ""),
        row_note=get("Row note", ""),
        row=sheet_row,
        reported_from=_month_or_none(get("Reported from", "")),
        retired_after=_month_or_none(get("Retired after", "")),
    )


def _month_or_none(text: str) -> dt.date | None:
    return periods.parse_period(text) if text else None


def _is_month(text: object) -> bool:
    if text == "":
        return True
    try:
        periods.parse_period(text)
    except periods.PeriodError:
        return False
    return True


def _one_of(values: tuple[str, ...], blank: bool = False):
    return lambda v: v in values or (blank and v == "")


def _is_int(text: object) -> bool:
    return isinstance(text, str) and text.isdigit() and int(text) <= 6


# A tolerance or setting beyond this is a typing slip (and too big to compute).
_LARGEST = Decimal(1_000_000)


def _is_number(text: object) -> bool:
    if text == "":
        return True
    try:
        number = Decimal(str(text))
    except ArithmeticError:
        return False
    return number.is_finite() and 0 <= number <= _LARGEST


def _months(text: object) -> bool:
    try:
        [
            periods.named_month(n)
            for n in str(text).replace(";", ",").split(",")
            if n.strip()
        ]
    except ValueError:
        return False
    return True


def _check(frame: pd.DataFrame, columns: dict[str, int]) -> list[Problem]:
    keys = set(frame["Key"]) if "Key" in frame else set()

    def derived_ok(text: object) -> bool:
        if text == "":
            return True
        found = derivation(str(text))
        return found is not None and set(found.parts) <= keys

    fix_list = "Correct the cell on the Indicators sheet."
    rules = [
        Rule(
            "blank",
            "a value (this column is required)",
            "Fill in the cell.",
            lambda v: v != "",
        ),
        Rule("polarity", "High, Low or Info", fix_list, _one_of(POLARITIES)),
        Rule(
            "table",
            "Summary, Partners, or blank for a row that is not shown",
            fix_list,
            _one_of(TABLES, blank=True),
        ),
        Rule("value-type", "Number or Percent", fix_list, _one_of(VALUE_TYPES)),
        Rule(
            "decimals",
            "a whole number of decimal places from 0 to 6",
            fix_list,
            _is_int,
        ),
        Rule("frequency", ", ".join(FREQUENCIES), fix_list, _one_of(FREQUENCIES)),
        Rule(
            "year",
            "Financial or Academic",
            fix_list,
            _one_of(tuple(periods.YEAR_START_MONTH)),
        ),
        Rule(
            "ytd-rule", "one of: " + ", ".join(YTD_RULES), fix_list, _one_of(YTD_RULES)
        ),
        Rule(
            "reference",
            "the Indicator and Measure of another catalogue row, e.g. '9.1 %'",
            "Check the code and measure are spelt as in their own row.",
            lambda v: v == "" or v in keys,
        ),
        Rule(
            "derived",
            "two catalogue rows joined by / or +, e.g. '3.2a Number / 3.1a Number', "
            "or a row's share of its target, e.g. '8.1 Number to date / target'",
            "Check both rows exist and are spelt as in their own rows.",
            derived_ok,
        ),
        Rule(
            "months",
            "month names separated by commas, e.g. 'Dec, Jan, Feb'",
            fix_list,
            _months,
        ),
        Rule("rag-on", "Month or YTD", fix_list, _one_of(("Month", "YTD"), blank=True)),
        Rule(
            "month",
            "a month such as 2019-04 (the 1st of the month, if typed as a date)",
            fix_list,
            _is_month,
        ),
        Rule("tolerance", "a number of zero or more", fix_list, _is_number),
        Rule(
            "tolerance-type",
            "relative or absolute",
            fix_list,
            _one_of(TOLERANCE_TYPES, True),
        ),
        Rule(
            "scale",
            "fraction or percent",
            fix_list,
            _one_of(("fraction", "percent"), True),
        ),
        Rule(
            "duplicate",
            "one row per Indicator and Measure",
            "Give the second row another Measure, or delete it.",
            lambda v: True,
        ),
    ]
    by = {rule.code: rule.check() for rule in rules}
    required = [by["blank"]]

    def column(*checks, required_column=True):
        return pa.Column(None, list(checks), required=required_column, nullable=False)

    schema = pa.DataFrameSchema(
        {
            "Table": pa.Column(None, by["table"], required=True),
            "Section": column(*required),
            "Indicator": column(*required),
            "Name": column(*required),
            "Measure": column(*required),
            "Polarity": column(by["polarity"]),
            "Value type": column(by["value-type"]),
            "Decimals": column(by["decimals"]),
            "Frequency": column(by["frequency"]),
            "Year": column(by["year"]),
            "YTD rule": column(by["ytd-rule"]),
            "YTD of": column(by["reference"], required_column=False),
            "YTD months": column(by["months"], required_column=False),
            "Derived from": column(by["derived"], required_column=False),
            "RAG on": column(by["rag-on"], required_column=False),
            "Tolerance": column(by["tolerance"], required_column=False),
            "Tolerance type": column(by["tolerance-type"], required_column=False),
            "Input scale": column(by["scale"], required_column=False),
            "Reported from": column(by["month"], required_column=False),
            "Retired after": column(by["month"], required_column=False),
            "Key": pa.Column(
                None,
                pa.Check(
                    lambda s: ~s.duplicated(keep="first"),
                    name="duplicate",
                    error=rules[-1].expected,
                ),
            ),
        }
    )
    for name in _year_tolerances(columns):
        schema = schema.add_columns(
            {name: column(by["tolerance"], required_column=False)}
        )
    letters = {name: get_column_letter(i + 1) for name, i in columns.items()}
    letters["Key"] = letters.get("Measure", "?")

    def where(index: object, column_name: str) -> str:
        return f"{SHEET}!{letters.get(column_name, '?')}{index}"

    found = problems(
        schema,
        frame,
        rules,
        where,
        "Restore the column from template.xlsx (Indicators sheet).",
    )
    found += _rule_problems(frame, where)
    found += _loops(frame, where)
    return found


def _loops(frame: pd.DataFrame, where) -> list[Problem]:
    """Derived from and YTD of must not lead back to the row itself."""
    uses: dict[str, list[str]] = {}
    for record in frame.to_dict("records"):
        found = derivation(record.get("Derived from", "") or "")
        parts = list(found.parts) if found else []
        parts += [record["YTD of"]] if record.get("YTD of") else []
        uses[record["Key"]] = parts

    def reaches(start: str, key: str, seen: set[str]) -> bool:
        for used in uses.get(key, []):
            if used == start or (
                used not in seen and reaches(start, used, seen | {used})
            ):
                return True
        return False

    return [
        Problem(
            where(index, "Derived from"),
            record.get("Derived from", "") or record.get("YTD of", ""),
            "rows that do not lead back to this row (through Derived from or YTD of)",
            "Correct the reference: a figure cannot be worked out from itself.",
            "loop",
        )
        for index, record in frame.iterrows()
        if reaches(record["Key"], record["Key"], {record["Key"]})
    ]


def _rule_problems(frame: pd.DataFrame, where) -> list[Problem]:
    """Rules that need two columns of one row: each stated where it fails."""
    found = []
    for index, record in frame.iterrows():
        start, end = record.get("Reported from", ""), record.get("Retired after", "")
        if (
            start
            and end
            and _is_month(start)
            and _is_month(end)
            and (periods.parse_period(end) < periods.parse_period(start))
        ):
            found.append(
                Problem(
                    where(index, "Retired after"),
                    end,
                    f"a month no earlier than Reported from ({start})",
                    "Correct one of the two months: as they are, the row is never "
                    "reported.",
                    "retired",
                )
            )
        rule = record.get("YTD rule", "")
        derived = record.get("Derived from", "")
        if rule == "ratio" and "/" not in derived:
            found.append(
                Problem(
                    where(index, "YTD rule"),
                    rule,
                    "Derived from as 'numerator / denominator' for a ratio YTD",
                    "Fill in Derived from, or choose another YTD rule.",
                    "ratio",
                )
            )
        if rule == "mean of months" and not record.get("YTD months", ""):
            found.append(
                Problem(
                    where(index, "YTD months"),
                    "",
                    "the months to average, e.g. 'Dec, Jan, Feb'",
                    "Fill in YTD months, or choose another YTD rule.",
                    "months",
                )
            )
    return found


SETTING_NAMES = {
    "borough": "Borough area",
    "areas": "Other areas (localities), separated by commas",
    "wards": "Wards, separated by semicolons (a ward's name may hold a comma)",
    "count_tolerance": "Default tolerance for counts and rates (% of target)",
    "percent_tolerance": "Default tolerance for percentages (percentage points)",
    "target_year": "Year of the Red, Amber, Green and Tolerance columns (other "
    "years have columns of their own, e.g. Green 2019/20)",
}
DEFAULT_SETTINGS = {
    "borough": "Rotherham",
    "areas": "North, South, Central",
    "wards": "Dalton, Thrybergh & Rawmarsh; Wath & Swinton; Aston & Brinsworth; "
    "Malby & Wickersley; Wales & Dinnington; Clifton; Oakwood & Town Centre; "
    "Wingfield; Winterhill",
    "count_tolerance": "5",
    "percent_tolerance": "2",
    "target_year": "2018/19",
}


def _lists_wrongly(text: str, wrong: str) -> bool:
    """A list of areas written with the other separator, or a name with no letter.

    Ward names may hold commas ("Dalton, Thrybergh & Rawmarsh"), so a wards
    list is wrong only if it holds no semicolon but several commas and parts
    that are each a name of their own; localities never hold a semicolon.
    """
    right = "," if wrong == ";" else ";"
    names = [n.strip() for n in text.split(right) if n.strip()]
    if any(not re.search(r"[^\W\d_]", name) for name in names):
        return True
    if wrong == ";":
        return ";" in text
    return False


def _settings(rows: list[list[Cell]] | None) -> tuple[Settings, list[Problem]]:
    values = dict(DEFAULT_SETTINGS)
    found: list[Problem] = []
    by_name = {name: key for key, name in SETTING_NAMES.items()}
    for number, row in enumerate(rows or [], start=1):
        name = _text(row[0]) if row else ""
        if name and name != "Setting" and name not in by_name:
            found.append(
                Problem(
                    f"{SETTINGS_SHEET}!A{number}",
                    name,
                    "one of the settings: " + "; ".join(SETTING_NAMES.values()),
                    "Restore the setting's name from template.xlsx.",
                    "setting-name",
                )
            )
        if name in by_name and len(row) > 1:
            values[by_name[name]] = _text(row[1])
            numeric = by_name[name] not in ("borough", "areas", "wards", "target_year")
            if by_name[name] == "target_year" and not _is_year(values["target_year"]):
                found.append(
                    Problem(
                        f"{SETTINGS_SHEET}!B{number}",
                        values["target_year"],
                        "a financial or academic year such as 2019/20, or blank for "
                        "targets that hold in every year",
                        "Correct the setting.",
                        "setting-year",
                    )
                )
                values["target_year"] = ""
            wrong_list = {"areas": ";", "wards": ","}.get(by_name[name])
            if wrong_list and _lists_wrongly(values[by_name[name]], wrong_list):
                separator = "commas" if wrong_list == ";" else "semicolons"
                found.append(
                    Problem(
                        f"{SETTINGS_SHEET}!B{number}",
                        values[by_name[name]],
                        f"names separated by {separator}, each with a letter in it",
                        f"Separate the names with {separator}, as the template does.",
                        "setting-list",
                    )
                )
            if numeric and not _is_number(values[by_name[name]]):
                found.append(
                    Problem(
                        f"{SETTINGS_SHEET}!B{number}",
                        values[by_name[name]],
                        "a number of zero or more",
                        "Correct the setting.",
                        "setting",
                    )
                )
                values[by_name[name]] = DEFAULT_SETTINGS[by_name[name]]
    settings = Settings(
        borough=values["borough"] or DEFAULT_SETTINGS["borough"],
        count_tolerance=Decimal(values["count_tolerance"] or "5") / 100,
        percent_tolerance=Decimal(values["percent_tolerance"] or "2") / 100,
        areas=tuple(a.strip() for a in values["areas"].split(",") if a.strip()),
        wards=tuple(w.strip() for w in values["wards"].split(";") if w.strip()),
        target_year=values["target_year"],
    )
    return settings, found


def _is_year(text: str) -> bool:
    """``2019/20``: two consecutive years; blank is allowed."""
    found = YEAR.match(text)
    if not text:
        return True
    return bool(found) and (int(found[1]) + 1) % 100 == int(found[2])
