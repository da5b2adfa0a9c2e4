"""Detail tables: grids of figures whose cells are named by their row and column keys.

A detail sheet's table carries keys like the summary's (see layout.py), but a
cell's figure comes from its two keys together. Each key is a list of parts
separated by ``|``: a measure (``1.1 Number``), an area (``North``), a period,
or ``label`` (the cell that names the row's or column's month). A row keyed
``m3`` and a column keyed ``1.1 Number|North`` hold North's contacts in June.

Periods: ``m1`` to ``m12`` are the months of the report's financial year
(April first), ``a1`` to ``a12`` those of its academic year (September first);
``month`` is the report's month; ``ytd`` the measure's Year To Date by its own
rule; ``outturn:2017/18`` the figure of a whole year (the catalogue's trend
column for the year, or else the year's Year To Date worked out from Data).

A row can name a measure for a role (``count=2.2 Number``, ``percent=2.2 %``,
or any other word), which a column picks by naming the role (``count|North``),
for tables whose rows pair a count with its percentage. ``outof:2.1 Number``
shows the figure as "47 out of 72".

A row or column keyed ``total`` (or ``total:<name>``, for a second one) adds
up the rows or columns before it, back to the previous total; ``grand total``
adds up all of them. A total of percentages is worked out from the sums of
their parts (16 of 30 met is 53.3%), never by adding or averaging them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

import pandas as pd

from ehxl import cycle, periods, rules
from ehxl.catalogue import Catalogue
from ehxl.layout import TableLayout
from ehxl.report import Out, Table, figure_out
from ehxl.rules import Figure

SEPARATOR = "|"
MONTH = re.compile(r"^(?P<year>[ma])(?P<n>1[0-2]|[1-9])$")
OUTTURN = re.compile(r"^outturn:(?P<year>\d{4}/\d{2})$")
YTD = "ytd"
REPORT_MONTH = "month"
LABEL = "label"
OUT_OF = "outof:"
TOTAL = re.compile(r"^total(:.+)?$")
GRAND_TOTAL = "grand total"
YEAR_OF = {"m": "Financial", "a": "Academic"}


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
    total: str | None = None


def parse(key: str, catalogue: Catalogue) -> tuple[Spec, list[str]]:
    """Read a row or column key into its parts; list the parts not understood.

    A word that is not a measure, area or period is taken as a role; the
    table reports it if no row names that role. A second area, period or
    measure in one key is not understood either.
    """
    areas = catalogue.settings.known_areas
    spec: dict[str, object] = {}
    unknown, roles = [], []

    def put(field: str, value: object, part: str) -> None:
        if field in spec:
            unknown.append(f"{part} (a second {field})")
        else:
            spec[field] = value

    for part in (p.strip() for p in key.split(SEPARATOR)):
        role, _, measure = part.partition("=")
        if MONTH.match(part) or part in (YTD, REPORT_MONTH) or _outturn(part):
            put("period", part, part)
        elif TOTAL.match(part) or part == GRAND_TOTAL:
            put("total", part, part)
        elif part.startswith(OUT_OF) and catalogue.get(part[len(OUT_OF) :]):
            put("out_of", part[len(OUT_OF) :], part)
        elif measure and catalogue.get(measure.strip()) is not None:
            if " " in role.strip() or not role.strip():
                unknown.append(f"{part} (a role is one word)")
            else:
                roles.append((role.strip(), measure.strip()))
        elif part == LABEL:
            spec["label"] = True
        elif part in areas:
            put("area", part, part)
        elif catalogue.get(part) is not None:
            put("measure", part, part)
        elif part and " " not in part and "=" not in part and ":" not in part:
            put("role", part, part)
        elif part:
            unknown.append(part)
    return Spec(**spec, roles=tuple(roles)), unknown


def _outturn(part: str) -> bool:
    """``outturn:2017/18``: a year of two consecutive years, this century or last."""
    match = OUTTURN.match(part)
    if not match:
        return False
    first, second = int(match["year"][:4]), int(match["year"][5:])
    return 1900 <= first < 2100 and (first + 1) % 100 == second


def _joined(row: Spec, column: Spec) -> Spec:
    role = row.role or column.role
    by_role = dict(row.roles + column.roles)
    return Spec(
        # A role the row names picks its measure, before any the keys name.
        measure=by_role.get(role or "") or row.measure or column.measure,
        area=row.area or column.area,
        period=row.period or column.period,
        label=row.label or column.label,
        out_of=row.out_of or column.out_of,
        total=row.total or column.total,
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
        columns, rows = {}, {}
        broken = set()
        for keys, specs in ((layout.columns, columns), (layout.rows, rows)):
            for key in keys:
                specs[key], unknown = parse(key, self.catalogue)
                self._warn(name, key, unknown, warnings)
                if unknown:
                    broken.add(key)
        named_roles = {role for spec in rows.values() for role, _ in spec.roles}
        picked = {spec.role for spec in columns.values() if spec.role}
        for key, spec in [*columns.items(), *rows.items()]:
            if spec.role and spec.role not in named_roles:
                self._warn(name, key, [spec.role], warnings)
                broken.add(key)
            unpicked = [role for role, _ in spec.roles if role not in picked]
            if unpicked:
                warnings.append(
                    f"The {name} table's row key '{key}' names roles that no column "
                    "picks: " + ", ".join(unpicked) + ". Check their spelling against "
                    "the column keys (count, percent...)."
                )
        column_cover = _covered(columns)
        row_cover = _covered(rows)
        cells_of: dict[str, dict[str, Out]] = {r: {} for r in rows}
        totals, with_figures, warned = [], set(), set()
        for row_key, row_spec in rows.items():
            for column_key, column_spec in columns.items():
                if row_key in broken or column_key in broken:
                    # A key ehxl cannot read shows nothing, never a guess.
                    cells_of[row_key][column_key] = Out(None, "General")
                    continue
                if row_spec.total or column_spec.total:
                    totals.append((row_key, column_key))
                    continue
                spec = _joined(row_spec, column_spec)
                out = self._cell(spec)
                if out is not None:
                    cells_of[row_key][column_key] = out
                    if isinstance(out.value, int | float):
                        with_figures.add(spec.period)
        # A total of blank cells is 0 for a period the table has figures for
        # (nothing was recorded there), and blank for one it has none yet.
        for row_key, column_key in totals:
            parts = [
                _joined(rows[r], columns[c])
                for r in row_cover[row_key]
                for c in column_cover[column_key]
                if r not in broken and c not in broken
            ]
            if not parts:
                cells_of[row_key][column_key] = Out(None, "General")
                empty = row_key if rows[row_key].total else column_key
                if empty not in warned:
                    warned.add(empty)
                    warnings.append(
                        f"The {name} table's total '{empty}' has nothing before "
                        "it to add up (back to the previous total). Move it below "
                        "the rows (or right of the columns) it totals."
                    )
                continue
            out = self._total(parts, any(p.period in with_figures for p in parts))
            if out is not None:
                identity = cycle.total_id(name, row_key, column_key, self.month)
                cells_of[row_key][column_key] = replace(out, figure=identity)
        # A column keyed by a month is headed by the month's name.
        headings = {
            key: Out(periods.label(self._month(spec.period)))
            for key, spec in columns.items()
            if spec.period and MONTH.match(spec.period)
        }
        headings |= {
            key: Out(OUTTURN.match(spec.period)["year"])
            for key, spec in columns.items()
            if spec.period and OUTTURN.match(spec.period)
        }
        return Table(name, headings, {}, cells_of)

    def _warn(self, name: str, key: str, unknown: list[str], warnings) -> None:
        if unknown:
            warnings.append(
                f"The {name} table's key '{key}' has parts ehxl does not know: "
                + ", ".join(unknown)
                + ". Use a catalogue measure, an area from Settings, m1-m12, a1-a12, "
                "ytd, or a role that a row of the table names (count=...)."
            )

    def _month(self, period: str) -> dt.date:
        """The month a period names: ``month``, ``m1``-``m12`` or ``a1``-``a12``."""
        if period == REPORT_MONTH:
            return self.month
        match = MONTH.match(period)
        start = periods.year_start(self.month, YEAR_OF[match["year"]])
        return periods.add_months(start, int(match["n"]) - 1)

    def _label(self, spec: Spec) -> Out | None:
        if spec.label and spec.period and MONTH.match(spec.period):
            return Out(periods.label(self._month(spec.period)))
        if spec.label and spec.period and OUTTURN.match(spec.period):
            return Out(f"Out turn {OUTTURN.match(spec.period)['year']}")
        return None

    def _figure(self, spec: Spec) -> Figure | None:
        """The figure a cell names, or None when it names no figure or a future one."""
        measure = self.catalogue[spec.measure]
        figures = self.figures(spec.area)
        if spec.period == YTD:
            return rules.ytd(measure, figures, self.month)
        outturn = OUTTURN.match(spec.period)
        if outturn:
            return rules.outturn(measure, figures, outturn["year"], self.month)
        period = self._month(spec.period)
        if period > self.month:
            return None
        return figures.at(measure.key, period)

    def _cell(self, spec: Spec) -> Out | None:
        if spec.label:
            return self._label(spec)
        if spec.measure is None or spec.period is None:
            return None
        measure = self.catalogue[spec.measure]
        if not measure.reported(self.month):
            # Retired (or not started): it leaves the report, cells and all.
            return Out(None, "General")
        figure = self._figure(spec)
        if figure is None:
            return Out(None, "General")
        identity = self._identity(spec)
        if spec.out_of and figure.number is not None:
            whole = self._figure(replace(spec, measure=spec.out_of, out_of=None))
            if whole is None or whole.number is None:
                return Out(None, "General", figure=identity)
            text = f"{figure.number:g} out of {whole.number:g}"
            return Out(text, "General", figure=identity)
        return replace(figure_out(measure, figure), figure=identity)

    def _identity(self, spec: Spec) -> str:
        """The identity of the figure a cell shows (see cycle.py)."""
        key = spec.measure + (f" out of {spec.out_of}" if spec.out_of else "")
        area = spec.area or self.catalogue.settings.borough
        if spec.period == YTD:
            return cycle.ytd_id(key, area, self.month)
        outturn = OUTTURN.match(spec.period)
        if outturn:
            year = periods.year_label(self.month, self.catalogue[spec.measure].year)
            if outturn["year"] == year:
                # The year in progress: its figure so far is the Year To Date.
                return cycle.ytd_id(key, area, self.month)
            return cycle.outturn_id(key, area, outturn["year"])
        period = self._month(spec.period)
        return cycle.figure_id(key, area, period)

    def _total(self, specs: list[Spec], has_figures: bool) -> Out | None:
        """Add up the cells a total covers; a ratio from the sums of its parts.

        Percentages that are not a plain ratio (a share of a target) have no
        total: adding them up would mean nothing.
        """
        specs = [
            s
            for s in specs
            if s.measure
            and s.period
            and not s.out_of
            and self.catalogue[s.measure].reported(self.month)
        ]
        if not specs:
            return None
        measures = [self.catalogue[s.measure] for s in specs]
        first = measures[0]
        if all(m.derived and m.derived.op == "/" for m in measures):
            if any(m.derived.to_date for m in measures):
                return Out(None, "General")
            pairs = [
                (top.number, bottom.number)
                for s in specs
                if (top := self._figure(replace(s, measure=self._part(s, 0))))
                and (bottom := self._figure(replace(s, measure=self._part(s, 1))))
                and top.number is not None
                and bottom.number is not None
            ]
            if not pairs:
                return Out(None, "General")
            bottoms = sum(b for _, b in pairs)
            tops = sum(t for t, _ in pairs)
            figure = Figure(tops / bottoms) if bottoms else Figure(rules.NOT_COMPARABLE)
            return figure_out(first, figure)
        if any(m.percent for m in measures):
            return Out(None, "General")
        total = self._numbers(specs)
        if total is None and has_figures:
            total = 0
        figure = Figure(total) if total is not None else Figure()
        # The first measure covered gives the total its number format.
        return figure_out(first, figure)

    def _part(self, spec: Spec, side: int) -> str:
        derived = self.catalogue[spec.measure].derived
        return derived.left if side == 0 else derived.right

    def _numbers(self, specs: list[Spec]) -> float | None:
        found = [self._figure(s) for s in specs]
        numbers = [f.number for f in found if f is not None and f.number is not None]
        return sum(numbers) if numbers else None


def _covered(specs: dict[str, Spec]) -> dict[str, list[str]]:
    """The rows (or columns) that each total adds up; every other one covers itself."""
    covered, since_total = {}, []
    plain = [key for key, spec in specs.items() if not spec.total]
    for key, spec in specs.items():
        if spec.total == GRAND_TOTAL:
            covered[key] = plain
        elif spec.total:
            covered[key] = since_total
            since_total = []
        else:
            covered[key] = [key]
            since_total = [*since_total, key]
    return covered
