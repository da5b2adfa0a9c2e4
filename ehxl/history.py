"""The history of every figure loaded (the Data sheet), and merging a month into it."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import pandas as pd

from ehxl import periods
from ehxl.errors import LayoutError
from ehxl.figures import FIGURE_COLUMNS

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


def from_grid(grid: list[list[object]]) -> pd.DataFrame:
    """Read the Data sheet's values (header row first) into a history.

    Raises:
        LayoutError: the sheet's header row is not the one ehxl writes.
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
    rows = []
    for number, row in enumerate(grid[1:], start=2):
        record = dict(zip(COLUMNS, row, strict=False))
        if all(record.get(name) in (None, "") for name in COLUMNS):
            continue
        record = {name: record.get(name) for name in COLUMNS}
        for name in ("Type", "Note", "Source", "Area"):
            record[name] = "" if record[name] is None else str(record[name])
        if record["Indicator"] in (None, "") or record["Measure"] in (None, ""):
            raise LayoutError(
                f"{SHEET}!A{number}: a figure with no indicator or measure. The "
                f"{SHEET} sheet is ehxl's history: restore it from a backup, or "
                "delete the row if the figure is not wanted."
            )
        record["Indicator"] = str(record["Indicator"])
        record["Measure"] = str(record["Measure"])
        try:
            record["Period"] = periods.parse_period(record["Period"])
        except periods.PeriodError as exc:
            raise LayoutError(
                f"{SHEET}!D{number}: '{record['Period']}' is not a month ({exc}). The "
                f"{SHEET} sheet is ehxl's history: correct the cell, or restore the "
                "sheet from a backup."
            ) from exc
        if isinstance(record["Value"], int):
            record["Value"] = float(record["Value"])
        rows.append(record)
    return pd.DataFrame(rows, columns=list(COLUMNS), dtype=object)


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
