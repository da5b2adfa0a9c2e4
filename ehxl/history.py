"""The history of every figure loaded (the Data sheet), and merging a month into it."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import pandas as pd

from ehxl import numbers, periods
from ehxl.errors import HistoryError, LayoutError, Problem
from ehxl.figures import FIGURE_COLUMNS, YTD

SHEET = "Data"
COLUMNS = (*FIGURE_COLUMNS, "Source", "Loaded")
KEY = ["Indicator", "Measure", "Area", "Period", "Type"]


@dataclass(frozen=True)
class Change:
    """A figure that a re-run extract changed: its key, old and new values."""

    indicator: str
    measure: str
    area: str
    period: dt.date
    type: str
    old: object
    new: object
    old_note: str = ""
    new_note: str = ""

    def __str__(self) -> str:
        kind = " YTD" if self.type else ""
        return (
            f"{self.indicator} {self.measure}{kind}, {self.area}, "
            f"{periods.label(self.period)}: {_shown(self.old, self.old_note)} -> "
            f"{_shown(self.new, self.new_note)}"
        )


def _shown(value: object, note: str) -> str:
    text = f"{value:.15g}" if isinstance(value, float) else str(value)
    return f"{text} ({note})" if note else text


def empty() -> pd.DataFrame:
    """Return a history with no figures."""
    return pd.DataFrame(columns=list(COLUMNS), dtype=object)


def holds_figures(grid: list[list[object]] | None) -> bool:
    """Whether the Data sheet's values (header row first) hold any figure."""
    return any(value not in (None, "") for row in (grid or [])[1:] for value in row)


def from_grid(grid: list[list[object]]) -> pd.DataFrame:
    """Read the Data sheet's values (header row first) into a history.

    Raises:
        LayoutError: the sheet's header row is not the one ehxl writes.
        HistoryError: with every row that an edit has made unreadable.
    """
    if not any(v not in (None, "") for row in grid for v in row):
        return empty()
    header = [str(v).strip() if v is not None else "" for v in grid[0]]
    if tuple(header[: len(COLUMNS)]) != COLUMNS:
        raise LayoutError(
            f"The {SHEET} sheet's first row must read: " + ", ".join(COLUMNS) + ". "
            "It holds every figure loaded; restore its header row (it is ehxl's "
            "sheet, so edit figures through the Input sheet instead)."
        )
    rows, found, seen = [], [], {}
    for number, row in enumerate(grid[1:], start=2):
        record = dict(zip(COLUMNS, row, strict=False))
        if all(record.get(name) in (None, "") for name in COLUMNS):
            continue
        record, problems = _record(record, number)
        found += problems
        if problems:
            continue
        key = tuple(record[k] for k in KEY)
        if key in seen:
            found.append(
                _problem(
                    f"A{seen[key]} and A{number}",
                    record["Value"],
                    "one row per indicator, measure, area, period and type",
                    "Delete the row that is wrong (or paste the figure again).",
                    "duplicate",
                )
            )
        seen.setdefault(key, number)
        rows.append(record)
    if found:
        raise HistoryError(found)
    return pd.DataFrame(rows, columns=list(COLUMNS), dtype=object)


def _problem(cell: str, value: object, expected: str, fix: str, code: str) -> Problem:
    return Problem(
        f"{SHEET}!{cell}",
        value,
        expected,
        fix + f" The {SHEET} sheet is ehxl's history of every figure loaded: edit "
        "figures through the Input sheet instead.",
        code,
    )


def _record(record: dict, number: int) -> tuple[dict, list[Problem]]:
    """Check one Data row as ehxl wrote it; list what an edit has broken."""
    record = {name: record.get(name) for name in COLUMNS}
    found = []
    for name in ("Type", "Note", "Source", "Area"):
        record[name] = "" if record[name] is None else str(record[name])
    for name, column in (("Indicator", "A"), ("Measure", "B")):
        if record[name] in (None, ""):
            found.append(
                _problem(
                    f"{column}{number}",
                    None,
                    f"the figure's {name}",
                    "Fill it in, or delete the row.",
                    "blank",
                )
            )
        record[name] = str(record[name])
    try:
        record["Period"] = periods.check_range(periods.parse_period(record["Period"]))
    except periods.PeriodError as exc:
        found.append(
            _problem(
                f"D{number}", record["Period"], str(exc), "Correct the month.", "period"
            )
        )
    if record["Type"].upper() == YTD:
        record["Type"] = YTD
    if record["Type"] not in ("", YTD):
        found.append(
            _problem(
                f"E{number}",
                record["Type"],
                "blank or YTD",
                "Correct the cell.",
                "type",
            )
        )
    value = record["Value"]
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        found.append(
            _problem(
                f"F{number}",
                value,
                "a number or a note",
                "Correct the figure.",
                "value",
            )
        )
    elif isinstance(value, str):
        try:
            numbers.check_text(value)
            if numbers.looks_like_number(value):
                raise numbers.ValueReadError("number")
        except numbers.ValueReadError as exc:
            found.append(
                _problem(
                    f"F{number}",
                    value,
                    exc.expected,
                    "Type the figure as a number, or restore it.",
                    "value",
                )
            )
    elif not math.isfinite(value) or value < 0 or abs(value) >= 1e15:
        found.append(
            _problem(
                f"F{number}",
                value,
                "a figure of zero or more that Excel can hold",
                "Correct the figure.",
                "value",
            )
        )
    else:
        record["Value"] = float(value)
    return record, found


def merge(
    history: pd.DataFrame, figures: pd.DataFrame, source: str, loaded: dt.datetime
) -> tuple[pd.DataFrame, list[Change], int]:
    """Put a month's figures into the history; a re-run figure replaces the old.

    Args:
        history: the figures held so far.
        figures: the validated figures just pasted.
        source: where they came from (the extract's name, or "Input sheet").
        loaded: when.

    Returns:
        The new history, the figures whose value changed, and how many
        figures were new.
    """
    held = {tuple(row[k] for k in KEY): row for row in history.to_dict("records")}
    changes: list[Change] = []
    added = 0
    for figure in figures.to_dict("records"):
        key = tuple(figure[k] for k in KEY)
        old = held.get(key)
        if old is None:
            added += 1
        elif not _same(old["Value"], figure["Value"]) or old["Note"] != figure["Note"]:
            changes.append(
                Change(
                    *key,
                    old=old["Value"],
                    new=figure["Value"],
                    old_note=old["Note"],
                    new_note=figure["Note"],
                )
            )
        elif old is not None:
            continue
        held[key] = {**figure, "Source": source, "Loaded": loaded}
    merged = pd.DataFrame(list(held.values()), columns=list(COLUMNS), dtype=object)
    order = merged.assign(_p=merged["Period"]).sort_values(
        ["Indicator", "Measure", "Area", "Type", "_p"], kind="stable"
    )
    return order.drop(columns="_p").reset_index(drop=True), changes, added


def _same(old: object, new: object) -> bool:
    if isinstance(old, float) and isinstance(new, float):
        return math.isclose(old, new, rel_tol=0, abs_tol=1e-12)
    return old == new


def rows(history: pd.DataFrame) -> list[list[object]]:
    """Return the history as sheet rows, header first."""
    body = history.astype(object).where(history.notna(), None).values.tolist()
    return [list(COLUMNS), *body]
