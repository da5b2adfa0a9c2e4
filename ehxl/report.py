"""What the Performance Summary shows: every cell of both tables, by column key."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from ehxl import catalogue, cycle, periods, rules
from ehxl.catalogue import Catalogue, Measure, Shown
from ehxl.rules import NOT_COMPARABLE, Figure, Figures

TABLES = catalogue.TABLES
SUMMARY, PARTNERS = TABLES

# The summary shows the last three months; the partners' table the four
# quarters of the financial year.
MONTHS_SHOWN = 3

# The column key of the partners' table's sparklines.
SPARKLINE = "sparkline"

RAG_FILL = {"R": "FF0000", "A": "FFC000", "G": "00B050"}


@dataclass(frozen=True)
class Out:
    """One cell the tool writes: its value and the formats it owns.

    A format left as None is not the tool's: the template's (or the officer's)
    stays. An empty colour clears the tool's own colour.
    """

    value: object = None
    number_format: str | None = None
    font_colour: str | None = None
    bold: bool | None = None
    fill: str | None = None
    # The figure the cell shows (see cycle.py), for the cells that show one.
    figure: str | None = None


@dataclass(frozen=True)
class Sparkline:
    """A sparkline to place in one cell, drawn from a range of the same row."""

    row_key: str
    cell_key: str
    first_key: str
    last_key: str


@dataclass
class Table:
    """One report table: its headings and its rows, each a dict by column key."""

    name: str
    headings: dict[str, Out]
    groups: dict[str, Out]
    rows: dict[str, dict[str, Out]]
    sparklines: list[Sparkline] = field(default_factory=list)


@dataclass
class Report:
    """Everything a refresh writes on the report for one month."""

    month: dt.date
    tables: dict[str, Table]
    as_at: str
    warnings: list[str]


def shown_months(month: dt.date) -> list[dt.date]:
    """The months the summary shows, oldest first: ``Jan-19, Feb-19, Mar-19``."""
    return [
        periods.add_months(month, n - MONTHS_SHOWN + 1) for n in range(MONTHS_SHOWN)
    ]


def build(catalogue: Catalogue, figures: Figures, month: dt.date) -> Report:
    """Compute both report tables for the month ending ``month``.

    Each measure is judged against its targets for the year of ``month``.
    """
    catalogue = catalogue.for_month(month)
    warnings: list[str] = []
    tables = {
        SUMMARY: _summary(catalogue, figures, month, warnings),
        PARTNERS: _partners(catalogue, figures, month, warnings),
    }
    for measure in catalogue.measures:
        _check_share_of_target(catalogue, measure, warnings)
    as_at = f"As at Month End {periods.long_label(month)}"
    return Report(month, tables, as_at, warnings)


def _check_share_of_target(catalogue, measure: Measure, warnings) -> None:
    derived = measure.derived
    if not (derived and derived.to_date):
        return
    whole = catalogue[derived.left]
    if whole.no_target:
        warnings.append(
            f"{measure.key} cannot be worked out: it is a share of {whole.key}'s "
            f"target, and {whole.key} has no target set for {whole.no_target}."
        )
        return
    target = whole.target()
    if not (target and target.value > 0 and target.percent == whole.percent):
        warnings.append(
            f"{measure.key} cannot be worked out: it is a share of {whole.key}'s "
            f"target, and {whole.key}'s Green ('{whole.green.text}') is not a "
            f"{'percentage' if whole.percent else 'count'} above zero. Correct Green "
            "on the Indicators sheet."
        )


def figure_out(measure: Measure, figure: Figure, with_note: bool = False) -> Out:
    """The cell for a figure: its number in the measure's format, or its text."""
    if figure.value is None:
        return Out(None, "General")
    if figure.value is NOT_COMPARABLE:
        return Out(NOT_COMPARABLE.text, "General")
    if isinstance(figure.value, str):
        return Out(figure.value, "General")
    number_format = measure.number_format
    if with_note and figure.note:
        # The note is shown as part of the number format, so the cell stays a
        # number that Excel can chart and sort: 10.7% (Half term 1-3).
        note = figure.note.replace('"', "'")
        number_format = f'{number_format}" ({note})"'
    return Out(figure.value, number_format)


def _shown(shown: Shown) -> Out:
    return Out(shown.value, shown.number_format)


def _labels(measures: list[Measure]) -> dict[str, dict[str, str]]:
    """Section, number and name are shown on the first row of each group only."""
    labels = {}
    section = indicator = None
    for measure in measures:
        first_of_indicator = measure.indicator != indicator
        labels[measure.key] = {
            "section": measure.section if measure.section != section else "",
            "no": measure.number if first_of_indicator else "",
            "first": first_of_indicator,
        }
        section, indicator = measure.section, measure.indicator
    return labels


def _judged(
    measure: Measure, figures: Figures, month: dt.date, shown: list[dt.date]
) -> tuple[Figure, rules.Rag | None, rules.Dot | None]:
    year_to_date = rules.ytd(measure, figures, month)
    latest = rules.latest_in(measure, figures, shown)
    current = latest[1] if latest else rules.NOTHING
    judged = year_to_date if measure.rag_on == "YTD" else current
    status = rules.rag(measure, judged, figures.catalogue.settings)
    before = rules.previous(measure, figures, latest[0]) if latest else rules.NOTHING
    direction = rules.dot(measure, current, before, status)
    return year_to_date, status, direction


def _rag_out(status: rules.Rag | None) -> Out:
    if status is None:
        return Out(None, fill="")
    return Out(status.letter, bold=True, fill=RAG_FILL[status.letter])


def _dot_out(direction: rules.Dot | None) -> Out:
    if direction is None:
        return Out(None, font_colour="")
    return Out(direction.glyph, font_colour=direction.colour, bold=True)


def _check_target(measure: Measure, warnings: list[str]) -> None:
    if measure.no_target:
        warnings.append(
            f"{measure.key}: no target set for {measure.no_target}, so no RAG is "
            f"given. Fill in Red, Amber and Green {measure.no_target} on the "
            "Indicators sheet (add the columns if they are not there)."
        )
        return
    target = measure.target()
    if target is not None and target.percent != measure.percent:
        warnings.append(
            f"{measure.key}: the target '{measure.green.text}' is "
            f"{'a percentage' if target.percent else 'a count'} but the measure is "
            f"{'a percentage' if measure.percent else 'a count'}, so no RAG is given. "
            "Correct Green on the Indicators sheet."
        )


def _check_months(measure, figures, month, warnings) -> None:
    missing = rules.missing_months(measure, figures, month)
    if missing:
        warnings.append(
            f"{measure.key}: the Year To Date "
            f"{periods.year_label(month, measure.year)} "
            f"leaves out {', '.join(periods.label(p) for p in missing)} (no figure "
            "held). Paste the figure, or a note such as N/A to say there is none."
        )


def reported(catalogue: Catalogue, table: str, month: dt.date) -> list[Measure]:
    """The measures a table shows for ``month``: started, and not yet retired."""
    return [m for m in catalogue.table(table) if m.reported(month)]


def _summary(catalogue, figures, month, warnings) -> Table:
    measures = reported(catalogue, SUMMARY, month)
    shown = shown_months(month)
    year = periods.year_label(month)
    start = periods.year_start(month)
    trend_years = [
        periods.year_label(periods.add_months(start, -12 * n)) for n in (3, 2, 1)
    ]
    headings = {f"m{n + 1}": Out(periods.label(p)) for n, p in enumerate(shown)}
    headings["ytd"] = Out(f"Year To Date {year}")
    headings |= {f"trend{n + 1}": Out(label) for n, label in enumerate(trend_years)}
    groups = {"m1": Out(year)}

    labels = _labels(measures)
    rows = {}
    for measure in measures:
        _check_target(measure, warnings)
        _check_months(measure, figures, month, warnings)
        year_to_date, status, direction = _judged(measure, figures, month, shown)
        label = labels[measure.key]
        if label["first"]:
            name = (
                f"{measure.name} ({measure.label})" if measure.label else measure.name
            )
        else:
            name = measure.label
        row = {
            "section": Out(label["section"]),
            "no": Out(label["no"]),
            "name": Out(name),
            "polarity": Out(measure.polarity),
            "unit": Out(measure.unit),
            "ytd": replace(
                figure_out(measure, year_to_date, with_note=True),
                figure=cycle.ytd_id(measure.key, figures.area, month),
            ),
            "ytd_note": Out(measure.ytd_note),
            "dot": _dot_out(direction),
            "rag": _rag_out(status),
            "red": _shown(measure.red),
            "amber": _shown(measure.amber),
            "green": (
                Out(f"No target set for {measure.no_target}", "General")
                if measure.no_target
                else _shown(measure.green)
            ),
        }
        for n, period in enumerate(shown):
            row[f"m{n + 1}"] = replace(
                figure_out(measure, figures.at(measure.key, period)),
                figure=cycle.figure_id(measure.key, figures.area, period),
            )
        for n, label_text in enumerate(trend_years):
            row[f"trend{n + 1}"] = _trend(measure, figures, label_text, month)
        row |= {key: _shown(value) for key, value in measure.benchmarks.items()}
        rows[measure.key] = row
    return Table(SUMMARY, headings, groups, rows)


def _trend(measure: Measure, figures: Figures, year: str, month: dt.date) -> Out:
    """A year-on-year cell: the year as typed in the catalogue, or from Data.

    Only closed years are shown: an academic measure's 2018/19 is still in
    progress in April 2019.
    """
    typed = measure.trend.get(year, Shown(None))
    if typed.value is not None:
        out = _shown(typed)
    elif year < periods.year_label(month, measure.year):
        found = rules.outturn(measure, figures, year, month) or rules.NOTHING
        out = figure_out(measure, found)
    else:
        # Not a figure yet: when the year closes, its outturn is new, not a
        # revision of this blank.
        return Out(None, "General")
    return replace(out, figure=cycle.outturn_id(measure.key, figures.area, year))


def _partners(catalogue, figures, month, warnings) -> Table:
    measures = reported(catalogue, PARTNERS, month)
    quarters = [q for q in periods.quarter_ends(month) if q <= month]
    all_quarters = periods.quarter_ends(month)
    headings = {
        f"q{n + 1}": Out(periods.quarter_label(q)) for n, q in enumerate(all_quarters)
    }
    groups = {"q1": Out(periods.year_label(month))}
    labels = _labels(measures)
    rows = {}
    sparklines = []
    for measure in measures:
        _check_target(measure, warnings)
        year_to_date, _, direction = _judged(measure, figures, month, quarters)
        label = labels[measure.key]
        row = {
            "section": Out(label["section"]),
            "no": Out(label["no"]),
            "name": Out(measure.name if label["first"] else ""),
            "label": Out(measure.label),
            "source": Out(measure.data_source if label["first"] else ""),
            "frequency": Out(measure.frequency if label["first"] else ""),
            "polarity": Out(measure.polarity),
            "unit": Out(measure.unit),
            "ytd": replace(
                figure_out(measure, year_to_date, with_note=True),
                figure=cycle.ytd_id(measure.key, figures.area, month),
            ),
            "dot": _dot_out(direction),
            SPARKLINE: Out(),
        }
        values = [figures.at(measure.key, q) for q in quarters]
        for n, quarter in enumerate(all_quarters):
            figure = values[n] if n < len(values) else rules.NOTHING
            row[f"q{n + 1}"] = figure_out(measure, figure, with_note=True)
            if quarter <= month:
                row[f"q{n + 1}"] = replace(
                    row[f"q{n + 1}"],
                    figure=cycle.figure_id(measure.key, figures.area, quarter),
                )
        if measure.row_note and all(v.value is None for v in values):
            row["q1"] = Out(measure.row_note)
        if sum(v.number is not None for v in values) >= 2:
            sparklines.append(Sparkline(measure.key, SPARKLINE, "q1", "q4"))
        rows[measure.key] = row
    return Table(PARTNERS, headings, groups, rows, sparklines)
