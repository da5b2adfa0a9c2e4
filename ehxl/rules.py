"""The report's rules: derived figures, Year To Date, direction of travel, RAG."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from ehxl import periods
from ehxl.catalogue import Catalogue, Measure, Settings
from ehxl.numbers import excel_round


class NotComparable:
    """The mark for a figure that cannot be formed: a zero base, no previous period."""

    text = "n/c"

    def __repr__(self) -> str:
        return "NOT_COMPARABLE"


NOT_COMPARABLE = NotComparable()


@dataclass(frozen=True)
class Figure:
    """A figure as the rules see it: a number, a note, the n/c mark, or nothing."""

    value: float | str | NotComparable | None = None
    note: str = ""

    @property
    def number(self) -> float | None:
        """The figure's number, or None when it is a note, n/c or missing."""
        value = self.value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        return None


NOTHING = Figure()


class Figures:
    """One area's figures of every measure (the borough's by default), derived too."""

    def __init__(
        self, history: pd.DataFrame, catalogue: Catalogue, area: str | None = None
    ) -> None:
        self.catalogue = catalogue
        self.area = area or catalogue.settings.borough
        self._held: dict[tuple[str, str], dict[dt.date, Figure]] = defaultdict(dict)
        held = history[history["Area"] == self.area]
        for row in held.itertuples(index=False):
            key = f"{row.Indicator} {row.Measure}"
            value = (
                float(row.Value) if isinstance(row.Value, int | float) else row.Value
            )
            self._held[(key, row.Type)][row.Period] = Figure(value, row.Note or "")

    def at(self, key: str, period: dt.date) -> Figure:
        """Return the figure of a measure for one period (derived if need be).

        A derived figure is worked out from its parts. For a period whose
        parts are not held (history carried over from the reports before
        ehxl), the figure given for the measure itself stands in.
        """
        measure = self.catalogue.get(key)
        held = self._held[(key, "")].get(period, NOTHING)
        if measure is not None and measure.derived is not None:
            derived = self._derived(measure, period)
            return held if derived is NOTHING and held is not NOTHING else derived
        return held

    def supplied_ytd(self, key: str, period: dt.date) -> Figure:
        """Return the year-to-date figure pasted for this period, if any."""
        return self._held[(key, "YTD")].get(period, NOTHING)

    def _derived(self, measure: Measure, period: dt.date) -> Figure:
        derived = measure.derived
        if derived.to_date:
            # A share of the target: the Year To Date so far over the target.
            # The target of the period's own year.
            whole = self.catalogue[derived.left]
            whole = whole.in_year(periods.year_label(period, whole.year))
            left = ytd(whole, self, period).number
            target = whole.target()
            usable = target and target.value > 0 and target.percent == whole.percent
            right = float(target.value) if usable else None
        else:
            left = self.at(derived.left, period).number
            right = self.at(derived.right, period).number
        if left is None or right is None:
            return NOTHING
        if derived.op == "+":
            return Figure(left + right)
        if right == 0:
            return Figure(NOT_COMPARABLE)
        return Figure(left / right)


def ytd(measure: Measure, figures: Figures, month: dt.date) -> Figure:
    """Form a measure's Year To Date at ``month`` by its catalogue rule.

    The year is the measure's own (financial from April, academic from
    September); months without a number (notes, gaps) are left out.
    """
    rule = measure.ytd_rule
    source = measure.ytd_of or measure.key
    months = periods.year_months(month, measure.year)
    held = [(p, figures.at(source, p)) for p in months]
    numbers = [f.number for _, f in held if f.number is not None]

    if rule == "sum":
        return Figure(sum(numbers)) if numbers else NOTHING
    if rule == "latest":
        latest = [f for _, f in held if f.number is not None]
        return latest[-1] if latest else NOTHING
    if rule == "mean":
        return Figure(sum(numbers) / len(numbers)) if numbers else NOTHING
    if rule == "mean of months":
        chosen = [
            f.number
            for p, f in held
            if p.month in measure.ytd_months and f.number is not None
        ]
        return Figure(sum(chosen) / len(chosen)) if chosen else NOTHING
    if rule == "ratio":
        derived = measure.derived
        tops = [figures.at(derived.left, p).number for p in months]
        bottoms = [figures.at(derived.right, p).number for p in months]
        pairs = [
            (t, b)
            for t, b in zip(tops, bottoms, strict=True)
            if t is not None and b is not None
        ]
        if not pairs:
            return NOTHING
        bottom = sum(b for _, b in pairs)
        if bottom == 0:
            return Figure(NOT_COMPARABLE)
        return Figure(sum(t for t, _ in pairs) / bottom)
    if rule == "supplied":
        return figures.supplied_ytd(measure.key, month)
    return NOTHING


def outturn(
    measure: Measure, figures: Figures, year: str, month: dt.date
) -> Figure | None:
    """A whole year's figure (``2018/19``), as known at ``month``.

    The catalogue's Trend column for the year where the officer typed one
    (years from before ehxl), else the Year To Date at the year's end worked
    out from Data: the year just closed is never retyped. A year still in
    progress gives its Year To Date so far; a year after ``month``, None.
    """
    if year in measure.trend and measure.trend[year].value is not None:
        return Figure(measure.trend[year].value)
    if year > periods.year_label(month, measure.year):
        return None
    first = periods.year_start(dt.date(int(year[:4]), 12, 1), measure.year)
    return ytd(measure, figures, min(periods.add_months(first, 11), month))


# The YTD rules that add up or average the months, for which a month with no
# figure at all (not even a note) makes the YTD short.
ADDING_RULES = ("sum", "mean", "ratio")


def missing_months(measure: Measure, figures: Figures, month: dt.date) -> list[dt.date]:
    """The months of a monthly measure's YTD that have no figure and no note."""
    # A detail table's own measures (no report table) leave a month blank
    # where the seed's tables do; only reported YTDs are worth a warning.
    if not measure.table:
        return []
    if measure.frequency != "Monthly" or measure.ytd_rule not in ADDING_RULES:
        return []
    source = measure.ytd_of or measure.key
    return [
        period
        for period in periods.year_months(month, measure.year)
        if figures.at(source, period).value is None
    ]


def latest_in(
    measure: Measure, figures: Figures, shown: list[dt.date]
) -> tuple[dt.date, Figure] | None:
    """Return the latest period among those shown that has a number."""
    for period in reversed(shown):
        figure = figures.at(measure.key, period)
        if figure.number is not None or figure.value is NOT_COMPARABLE:
            return period, figure
    return None


# How far back the previous figure of each frequency lies, in months. A
# termly figure is compared with the last figure before it, whenever it was.
STEP = {"Monthly": 1, "Quarterly": 3, "Annual": 12}
TERM_LOOKBACK = 12


def previous(measure: Measure, figures: Figures, period: dt.date) -> Figure:
    """Return the figure of the period before ``period`` at the measure's frequency."""
    step = STEP.get(measure.frequency)
    if step is not None:
        return figures.at(measure.key, periods.add_months(period, -step))
    for back in range(1, TERM_LOOKBACK + 1):
        figure = figures.at(measure.key, periods.add_months(period, -back))
        if figure.value is not None and not isinstance(figure.value, str):
            return figure
    return NOTHING


@dataclass(frozen=True)
class Rag:
    """A RAG status: its letter and what it means."""

    letter: str
    meaning: str


RED = Rag("R", "Red: not on target")
AMBER = Rag("A", "Amber: within tolerance of target")
GREEN = Rag("G", "Green: on target")


def better_is_higher(measure: Measure) -> bool | None:
    """True for High, False for Low; an Info measure follows its Red band if any."""
    if measure.polarity == "High":
        return True
    if measure.polarity == "Low":
        return False
    red = measure.red_limit()
    if red is None:
        return None
    return red.op.startswith("<")


def rag(measure: Measure, value: Figure, settings: Settings) -> Rag | None:
    """Judge a figure against the measure's target and tolerance.

    The catalogue's Red band is used when it gives one (``<75%``); otherwise
    the tolerance: relative for counts and rates, in percentage points for
    percentages, unless the catalogue says otherwise. Figures are compared as
    the report shows them, so meeting the target at displayed precision is Green.

    Returns:
        The RAG, or None when there is no numeric target, the target and the
        figure are not of one kind (a % target on a count), or no figure.
    """
    target = measure.target()
    higher = better_is_higher(measure)
    if target is None or value.number is None or higher is None:
        return None
    if target.percent != measure.percent:
        return None
    shown = excel_round(value.number, measure.places)
    goal = target.value
    if (shown >= goal) if higher else (shown <= goal):
        return GREEN

    red = measure.red_limit()
    if red is not None:
        edge = red.value
        is_red = {
            "<": shown < edge,
            "<=": shown <= edge,
            ">": shown > edge,
            ">=": shown >= edge,
        }[red.op]
        return RED if is_red else AMBER

    edge = (
        goal - _tolerance(measure, goal, settings)
        if higher
        else goal + _tolerance(measure, goal, settings)
    )
    within = shown >= edge if higher else shown <= edge
    return AMBER if within else RED


def _tolerance(measure: Measure, goal: Decimal, settings: Settings) -> Decimal:
    kind = measure.tolerance_type or ("absolute" if measure.percent else "relative")
    if measure.tolerance is not None:
        amount = measure.tolerance
        if kind == "relative":
            return abs(goal) * amount / 100
        return amount / 100 if measure.percent else amount
    if measure.percent and kind == "absolute":
        return settings.percent_tolerance
    if kind == "relative":
        return abs(goal) * settings.count_tolerance
    return settings.percent_tolerance


@dataclass(frozen=True)
class Dot:
    """A direction of travel: the seed key's arrow, its colour and meaning."""

    glyph: str
    colour: str
    meaning: str


# The seed's key. Info measures have no good or bad; the others read the arrow
# as performance, so a fall in a Low measure is an improvement (up arrow).
INCREASE = Dot("↑", "1F4E79", "increase in numbers (no good/bad performance)")
STABLE = Dot("→", "1F4E79", "stable with last month (no good/bad performance)")
DECREASE = Dot("↓", "1F4E79", "decrease in numbers (no good/bad performance)")
IMPROVED = Dot("↑", "00863D", "improvement in performance")
SAME = Dot("→", "1F4E79", "stable with last month")
DECLINE_WITHIN = Dot(
    "↗", "C55A11", "decline in performance but still within limits of target"
)
DECLINE = Dot("↓", "C00000", "decline in performance, not on target")
NO_DOT = Dot("n/c", "595959", "not comparable: no previous period, or a zero base")

KEY = (INCREASE, STABLE, DECREASE, IMPROVED, DECLINE_WITHIN, DECLINE)


def dot(
    measure: Measure, current: Figure, before: Figure, status: Rag | None
) -> Dot | None:
    """Direction of travel of ``current`` against ``before``, on displayed values.

    Returns:
        The arrow; NO_DOT when there is nothing to compare with; None when
        there is no current figure at all.
    """
    if current.value is NOT_COMPARABLE:
        return NO_DOT
    if current.number is None:
        return None
    if before.number is None:
        return NO_DOT
    now = excel_round(current.number, measure.places)
    then = excel_round(before.number, measure.places)
    higher = True if measure.polarity == "Info" else better_is_higher(measure)
    if measure.polarity == "Info" or higher is None:
        return INCREASE if now > then else DECREASE if now < then else STABLE
    if now == then:
        return SAME
    if (now > then) == higher:
        return IMPROVED
    if status in (GREEN, AMBER):
        return DECLINE_WITHIN
    return DECLINE
