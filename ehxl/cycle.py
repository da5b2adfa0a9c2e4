"""The monthly cycle: what was issued, what the officer typed, what changed since.

Every figure the report shows has an identity: its measure, area and period
(``1.1 Number|Rotherham|2019-02``), or a Year To Date at a month, a year's
outturn, or a detail table's total. The identity belongs to the figure, not to
its cell: the summary's month columns roll on, rows are inserted and sorted,
and a figure is still known wherever it is shown.

The workbook keeps, in a very hidden sheet:
- each issue of the report (month, number, date);
- the last issue's snapshot: every figure as it was displayed then;
- every figure cell the last refresh wrote (where by its keys, and what);
- the values the officer typed over figures, by identity.

A refresh compares what is in each figure cell with what it wrote there last
time: a difference is a value typed by hand, kept from then on until the cell
is cleared. It then compares each figure as now displayed with the snapshot:
a difference is a revision, marked yellow by a conditional format (so that
setting the figure back removes the yellow by itself) and listed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
from dataclasses import dataclass, field

from ehxl import periods
from ehxl.adapters import backups
from ehxl.errors import WorkbookFileError
from ehxl.numbers import displayed, format_shape

STATE_SHEET = "EHXL_State"
REVISIONS_SHEET = "Revisions"
STATE_HEADER = ["ehxl state", 1]
STATE_RECORD = "json"
# Characters of JSON per cell (Excel holds at most 32,767 in a cell).
PART = 30000

# Marks the conditional formats that are ehxl's revisions (the N() of a text
# is 0, so the mark changes nothing): the next refresh finds and replaces them.
MARK = 'N("ehxl revision")'
NOTE_AUTHOR = "ehxl"
# The Revisions sheet's list starts on this row, below its title and note.
REVISIONS_FIRST_ROW = 4

_MONTH = re.compile(r"^\d{4}-\d{2}$")


def figure_id(key: str, area: str, period: dt.date) -> str:
    """The identity of a figure for one period: ``1.1 Number|Rotherham|2019-02``."""
    return f"{key}|{area}|{period:%Y-%m}"


def ytd_id(key: str, area: str, month: dt.date) -> str:
    """The identity of a Year To Date as at a month."""
    return f"{key}|{area}|YTD {month:%Y-%m}"


def outturn_id(key: str, area: str, year: str) -> str:
    """The identity of a whole year's figure (``2017/18``)."""
    return f"{key}|{area}|{year}"


def total_id(table: str, row_key: str, column_key: str, month: dt.date) -> str:
    """The identity of a detail table's total, as at the report's month."""
    return f"{table}: {row_key} / {column_key}|total|{month:%Y-%m}"


def describe(identity: str) -> str:
    """Name a figure for a person: ``1.1 Number, Rotherham, Feb-19``."""
    what, area, period = identity.rsplit("|", 2)
    if _MONTH.match(period):
        when = periods.label(dt.date(int(period[:4]), int(period[5:]), 1))
    elif period.startswith("YTD "):
        month = dt.date(int(period[4:8]), int(period[9:]), 1)
        when = f"Year To Date at {periods.label(month)}"
    else:
        when = period
    if area == "total":
        return f"{what}, {when}"
    return f"{what}, {area}, {when}"


@dataclass(frozen=True)
class Issue:
    """One issue of the report: ``Issue2`` of March 2019, issued on a date."""

    month: dt.date
    number: int
    issued: dt.datetime

    @property
    def name(self) -> str:
        return f"Issue{self.number} of {periods.label(self.month)}"


@dataclass(frozen=True)
class Written:
    """A figure cell the refresh wrote: where (by keys), which figure, what."""

    table: str
    row_key: str
    column_key: str
    figure: str
    value: object
    number_format: str

    @property
    def where(self) -> tuple[str, str, str]:
        return (self.table, self.row_key, self.column_key)


@dataclass(frozen=True)
class Revision:
    """A figure the last issue reported that is now displayed differently."""

    figure: str
    before: str
    after: str
    since: str

    def __str__(self) -> str:
        before = self.before or "blank"
        after = self.after or "blank"
        return f"{describe(self.figure)}: {before} -> {after} since {self.since}"


@dataclass
class State:
    """What the workbook remembers between refreshes and issues."""

    refreshed: dt.date | None = None
    issues: list[Issue] = field(default_factory=list)
    snapshot: dict[str, str] = field(default_factory=dict)
    written: list[Written] = field(default_factory=list)
    manual: dict[str, object] = field(default_factory=dict)
    # The cells marked as revised, by (table, row key, column key).
    marked: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def last_issue(self) -> Issue | None:
        return self.issues[-1] if self.issues else None

    def next_number(self, month: dt.date) -> int:
        """The number of the next issue of a month's report (1 for the first)."""
        return 1 + sum(issue.month == month for issue in self.issues)

    def rows(self) -> list[list[object]]:
        """The state as rows of its sheet: a header, then JSON in cell-sized parts.

        JSON in a few cells, not a row per figure: a workbook's load and save
        take time by the cell, and the state has thousands of entries.
        """
        text = json.dumps(
            {
                "refreshed": f"{self.refreshed:%Y-%m}" if self.refreshed else None,
                "issues": [
                    [f"{i.month:%Y-%m}", i.number, i.issued.isoformat()]
                    for i in self.issues
                ],
                "snapshot": self.snapshot,
                "written": [
                    [*w.where, w.figure, w.value, w.number_format] for w in self.written
                ],
                "manual": self.manual,
                "marked": [list(where) for where in self.marked],
            },
            ensure_ascii=False,
        )
        parts = [text[n : n + PART] for n in range(0, len(text), PART)]
        return [
            [*STATE_HEADER, _checksum(text)],
            *[[STATE_RECORD, part] for part in parts],
        ]


def _checksum(text: str) -> str:
    """The state's fingerprint: a lost or edited part of it no longer matches."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_state(
    grid: list[list[object]] | None,
    book_name: str,
    holds_figures: bool | None = None,
) -> State:
    """Read the state sheet; an absent sheet is a workbook never refreshed.

    Args:
        grid: the state sheet's values, or None if the workbook has none.
        book_name: the workbook's name, for messages.
        holds_figures: whether the Data sheet holds figures, to check that
            the state and the history agree (None: not checked).

    Raises:
        WorkbookFileError: the sheet is damaged; it is missing from a
            workbook that has been refreshed; or the history it goes with
            has been emptied.
    """
    if grid is None and holds_figures:
        # Without the state, every figure would look new and every value the
        # officer typed would be overwritten: refuse rather than start again.
        raise WorkbookFileError(
            f"{book_name}: the hidden sheet {STATE_SHEET}, where ehxl keeps what "
            "was issued and typed, is missing, though the Data sheet holds "
            "figures, so the workbook has been refreshed before. Nothing was "
            f"changed. {_RESTORE}"
        )
    if grid is None:
        return State()
    try:
        if not grid or list(grid[0][:2]) != STATE_HEADER:
            raise ValueError("its first row is not ehxl's")
        text = "".join(
            str(row[1]) for row in grid[1:] if row and row[0] == STATE_RECORD
        )
        checksum = grid[0][2] if len(grid[0]) > 2 else None
        # Workbooks refreshed before the checksum was kept have none.
        if checksum and checksum != _checksum(text):
            raise ValueError("part of it is missing or was edited")
        held = json.loads(text)
        state = State(
            refreshed=_month(held["refreshed"]) if held["refreshed"] else None,
            issues=[
                Issue(_month(month), int(number), dt.datetime.fromisoformat(when))
                for month, number, when in held["issues"]
            ],
            snapshot={str(k): str(v) for k, v in held["snapshot"].items()},
            written=[
                Written(str(t), str(r), str(c), str(f), value, str(fmt))
                for t, r, c, f, value, fmt in held["written"]
            ],
            manual={str(k): _typed(v) for k, v in held["manual"].items()},
            marked=[(str(t), str(r), str(c)) for t, r, c in held.get("marked", [])],
        )
    except (
        TypeError,
        ValueError,
        KeyError,
        IndexError,
        AttributeError,
        ArithmeticError,
        RecursionError,
    ) as exc:
        raise WorkbookFileError(
            f"{book_name}: the hidden sheet {STATE_SHEET}, where ehxl keeps what "
            f"was issued and typed, is damaged ({exc}). Nothing was saved. " + _RESTORE
        ) from exc
    if state.refreshed is not None and holds_figures is False:
        raise WorkbookFileError(
            f"{book_name}: the Data sheet, ehxl's history of every figure loaded, "
            f"is empty, though the workbook was refreshed for "
            f"{periods.long_label(state.refreshed)}. Nothing was changed. Restore "
            f"the workbook from its latest backup (in the '{backups.FOLDER}' "
            "folder beside it) or another copy saved before the figures were lost."
        )
    return state


def _typed(value: object) -> object:
    """A value the officer typed, as the state holds it: one cell's value."""
    if isinstance(value, list | dict):
        raise ValueError(f"a typed value {value!r} is not a cell's value")
    return value


_RESTORE = (
    f"Restore the workbook from its latest backup (in the '{backups.FOLDER}' "
    "folder beside it) or another copy saved before the sheet was lost. A "
    "workbook whose sheets were copied into a new one loses the sheet: refresh "
    "the original workbook instead."
)


def _month(value: object) -> dt.date:
    text = str(value)
    if not _MONTH.match(text):
        raise ValueError(text)
    return dt.date(int(text[:4]), int(text[5:]), 1)


def blank(value: object) -> bool:
    """Blank, empty text and missing are one and the same."""
    return value is None or (isinstance(value, str) and not value.strip())


def same(a: object, b: object) -> bool:
    """Whether a cell still holds what was written to it."""
    if blank(a) or blank(b):
        return blank(a) and blank(b)
    numbers = (int, float)
    if isinstance(a, numbers) and isinstance(b, numbers):
        # Within Excel's 15 digits: a float may come back from the file, or
        # be worked out again, a bit off (rounding it to 15 digits would
        # part two such floats that straddle a rounding edge).
        return math.isclose(float(a), float(b), rel_tol=1e-13, abs_tol=1e-300)
    return str(a).strip() == str(b).strip()


def typed_values(
    state: State, current: dict[tuple[str, str, str], object]
) -> tuple[dict[str, object], list[str]]:
    """Find the values typed over figures since the last refresh.

    Args:
        state: what the last refresh wrote, and the values typed before.
        current: the value now in each figure cell, by (table, row, column) key.

    Returns:
        The typed values by figure, and what changed, for the log.
    """
    manual = dict(state.manual)
    said = []
    for written in state.written:
        if written.where not in current:
            continue
        now = current[written.where]
        if same(now, written.value):
            continue
        if blank(now):
            if manual.pop(written.figure, None) is not None:
                said.append(
                    f"{describe(written.figure)}: the typed value was cleared; the "
                    "figure from the data is shown again."
                )
            continue
        manual[written.figure] = now
    return manual, said


# The most characters Excel allows in a text within a formula.
FORMULA_TEXT = 255


def revision_formula(reference: str, issued: str, number_format: str) -> str:
    """A conditional format's formula: true while the cell shows other than issued.

    Numbers are compared at the precision shown; text as text; an issued blank
    is any value at all.
    """
    mark = f"{MARK}+"
    if issued == "":
        return f"{mark}(LEN({reference})>0)"
    number = _issued_number(issued)
    if number is None and len(issued) > FORMULA_TEXT:
        # Excel refuses a text of more than 255 characters in a formula: a
        # long text is compared by its length and its first 255 characters.
        text = issued[:FORMULA_TEXT].replace('"', '""')
        return (
            f"{mark}IF(ISNUMBER({reference}),TRUE,OR(LEN({reference})<>"
            f'{len(issued)},LEFT({reference},{FORMULA_TEXT})<>"{text}"))'
        )
    if number is None:
        text = issued.replace('"', '""')
        return f'{mark}IF(ISNUMBER({reference}),TRUE,{reference}<>"{text}")'
    places = format_shape(number_format).digits
    return f"{mark}IF(ISNUMBER({reference}),ROUND({reference},{places})<>{number},TRUE)"


def _issued_number(issued: str) -> str | None:
    text = issued.strip()
    percent = text.endswith("%")
    try:
        value = float(text.rstrip("%"))
    except ValueError:
        return None
    if percent:
        value /= 100
    return f"{value:.15g}"


def revisions(shown: list[tuple[str, object, str]], state: State) -> list[Revision]:
    """The figures shown now that the last issue showed otherwise.

    Args:
        shown: (figure, value, number format) of each figure cell now.
        state: holds the last issue's snapshot.
    """
    issue = state.last_issue
    if issue is None:
        return []
    found = {}
    for figure, value, number_format in shown:
        if figure not in state.snapshot or figure in found:
            continue
        now = displayed(value, number_format)
        if now != state.snapshot[figure]:
            found[figure] = Revision(figure, state.snapshot[figure], now, issue.name)
    return list(found.values())


def revision_lines(revised, issue: Issue | None, by: str = "") -> list[list]:
    """The Revisions sheet's lines: what it lists, then a row per revision."""
    if issue is None and by:
        return [
            [
                f"{by} the first issue, with no earlier issue to compare with. "
                "From the next issue on, the figures that change are listed here "
                "and shown in yellow."
            ]
        ]
    if issue is None:
        return [
            [
                "The report has not been issued yet. After the first issue, the "
                "figures that change are listed here and shown in yellow."
            ]
        ]
    if not revised:
        return [[f"No figure has changed since {issue.name}."]]
    rows = [
        [
            f"{by} these figures had changed since {issue.name} (yellow in the "
            "copy sent)."
            if by
            else f"These figures have changed since {issue.name}; they are shown "
            "in yellow in the report."
        ],
        ["Figure", "Area", "Period", f"As in {issue.name}", "Now"],
    ]
    for revision in revised:
        what, area, _ = revision.figure.rsplit("|", 2)
        period = describe(revision.figure).rsplit(", ", 1)[-1]
        rows.append(
            [
                what,
                area if area != "total" else "",
                period,
                revision.before or "blank",
                revision.after or "blank",
            ]
        )
    return rows
