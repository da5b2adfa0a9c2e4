"""Detail tables: grids of figures whose cells are named by their row and column keys.

A detail sheet's table carries keys like the summary's (see layout.py), but a
cell's figure comes from its two keys together. Each key is a list of parts
separated by ``|``: a measure (``1.1 Number``), an area (``North``), a period
(``m1`` to ``m12``, the months of the report's financial year; ``month``, the
report's month; or ``ytd``), or ``label`` (the cell that names the row's or
column's month). A row keyed ``m3`` and a column keyed ``1.1 Number|North``
hold North's contacts in June.

Two more parts shape a cell: ``outof:2.1 Number`` shows the figure as "47 out
of 72"; and a row can name a measure for each role of its columns
(``count=2.2 Number``, ``percent=2.2 %``), which a column picks by its role
(``count|North``), for tables whose rows pair a count with its percentage.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd

from ehxl import periods, rules
from ehxl.catalogue import Catalogue
from ehxl.layout import TableLayout
from ehxl.report import Out, Table, figure_out

SEPARATOR = "|"
MONTH = re.compile(r"^m(1[0-2]|[1-9])$")
YTD = "ytd"
REPORT_MONTH = "month"
LABEL = "label"
OUT_OF = "outof:"
ROLES = ("count", "percent")


@dataclass(frozen=True)
class Spec:
    """What one cell shows: a measure, an area, a period, or a month label."""

    measure: str | None = None
    area: str | None = None
    period: str | None = None
    label: bool = False
    out_of: str | None = None
    role: str | None = None
    roles: tuple[tuple[str, str], ...] = ()


def parse(key: str, catalogue: Catalogue) -> tuple[Spec, list[str]]:
    """Read a row or column key into its parts; list the parts not understood."""
    areas = {catalogue.settings.borough, *catalogue.settings.areas}
    spec, unknown = {}, []
    roles = []
    for part in (p.strip() for p in key.split(SEPARATOR)):
        role, _, measure = part.partition("=")
        if MONTH.match(part) or part in (YTD, REPORT_MONTH):
            spec["period"] = part
        elif part.startswith(OUT_OF) and catalogue.get(part[len(OUT_OF) :]):
            spec["out_of"] = part[len(OUT_OF) :]
        elif measure and catalogue.get(measure.strip()) is not None:
            roles.append((role.strip(), measure.strip()))
        elif part in ROLES:
            spec["role"] = part
        elif part == LABEL:
            spec["label"] = True
        elif part in areas:
            spec["area"] = part
        elif catalogue.get(part) is not None:
            spec["measure"] = part
        elif part:
            unknown.append(part)
    return Spec(**spec, roles=tuple(roles)), unknown


def _joined(row: Spec, column: Spec) -> Spec:
    role = row.role or column.role
    by_role = dict(row.roles + column.roles)
    return Spec(
        measure=row.measure or column.measure or by_role.get(role or ""),
        area=row.area or column.area,
        period=row.period or column.period,
        label=row.label or column.label,
        out_of=row.out_of or column.out_of,
    )


class DetailTables:
    """Computes detail tables for one report month, sharing each area's figures."""

    def __init__(self, history: pd.DataFrame, catalogue: Catalogue, month: dt.date):
        self.history = history
        self.catalogue = catalogue
        self.month = month
        self.start = periods.year_start(month)
        self._areas: dict[str, rules.Figures] = {}

    def figures(self, area: str | None) -> rules.Figures:
        area = area or self.catalogue.settings.borough
        if area not in self._areas:
            self._areas[area] = rules.Figures(self.history, self.catalogue, area)
        return self._areas[area]

    def table(self, name: str, layout: TableLayout, warnings: list[str]) -> Table:
        """Compute every cell that the table's keys name."""
        columns = {}
        for key in layout.columns:
            columns[key], unknown = parse(key, self.catalogue)
            self._warn(name, key, unknown, warnings)
        rows = {}
        for row_key in layout.rows:
            row_spec, unknown = parse(row_key, self.catalogue)
            self._warn(name, row_key, unknown, warnings)
            cells = {}
            for column_key, column_spec in columns.items():
                out = self._cell(_joined(row_spec, column_spec))
                if out is not None:
                    cells[column_key] = out
            rows[row_key] = cells
        # A column keyed by a month is headed by the month's name.
        headings = {
            key: Out(periods.label(self._month(spec.period)))
            for key, spec in columns.items()
            if spec.period and MONTH.match(spec.period)
        }
        return Table(name, headings, {}, rows)

    def _warn(self, name: str, key: str, unknown: list[str], warnings) -> None:
        if unknown:
            warnings.append(
                f"The {name} table's key '{key}' has parts ehxl does not know: "
                + ", ".join(unknown)
                + ". Use a catalogue measure, an area from Settings, m1-m12 or ytd."
            )

    def _month(self, period: str) -> dt.date:
        return periods.add_months(self.start, int(period[1:]) - 1)

    def _label(self, spec: Spec) -> Out | None:
        if spec.label and spec.period and MONTH.match(spec.period):
            return Out(periods.label(self._month(spec.period)))
        return None

    def _cell(self, spec: Spec) -> Out | None:
        if spec.label:
            return self._label(spec)
        if spec.measure is None or spec.period is None:
            return None
        measure = self.catalogue[spec.measure]
        figures = self.figures(spec.area)
        if spec.period == YTD:
            return figure_out(measure, rules.ytd(measure, figures, self.month))
        period = self.month if spec.period == REPORT_MONTH else self._month(spec.period)
        if period > self.month:
            return Out(None, "General")
        figure = figures.at(measure.key, period)
        if spec.out_of:
            whole = figures.at(spec.out_of, period)
            if figure.number is None or whole.number is None:
                return Out(None, "General")
            return Out(f"{figure.number:g} out of {whole.number:g}", "General")
        return figure_out(measure, figure)
