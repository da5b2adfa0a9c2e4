"""Small catalogues and histories for rule tests, built through the real readers."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ehxl import catalogue, history
from ehxl.rules import Figures

BASE = {
    "Table": "Summary",
    "Section": "TEST",
    "Indicator": "T1",
    "Name": "A test measure",
    "Measure": "Number",
    "Polarity": "Info",
    "Value type": "Number",
    "Decimals": "0",
    "Frequency": "Monthly",
    "Year": "Financial",
    "YTD rule": "sum",
}


def make_catalogue(*rows: dict[str, str]) -> catalogue.Catalogue:
    """A catalogue whose rows override BASE, read as from the Indicators sheet."""
    records = [{**BASE, **row} for row in rows]
    names = list(dict.fromkeys(name for record in records for name in record))
    grid = [[(name, "General") for name in names]]
    grid += [
        [(record.get(name) or None, "General") for name in names] for record in records
    ]
    return catalogue.read(grid)


def make_figures(
    indicators: catalogue.Catalogue, figures: dict[tuple[str, str, str], object]
) -> Figures:
    """Figures from {(indicator, measure, 'YYYY-MM'): value}; 'YTD:YYYY-MM' for YTD."""
    rows = []
    for (indicator, measure, period), value in figures.items():
        kind, _, month = period.rpartition(":")
        rows.append(
            {
                "Indicator": indicator,
                "Measure": measure,
                "Area": indicators.settings.borough,
                "Period": dt.date.fromisoformat(month + "-01"),
                "Type": kind,
                "Value": float(value) if isinstance(value, int | float) else value,
                "Note": "",
                "Source": "test",
                "Loaded": None,
            }
        )
    frame = pd.DataFrame(rows, columns=list(history.COLUMNS), dtype=object)
    return Figures(frame, indicators)
