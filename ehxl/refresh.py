"""A refresh: read, validate, merge, compute, write; the same for every front end."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from ehxl import (
    catalogue,
    cycle,
    detail,
    figures,
    history,
    layout,
    numbers,
    periods,
    report,
)
from ehxl.adapters.live import LiveBook
from ehxl.adapters.xlsx import XlsxBook
from ehxl.errors import CatalogueError, InputDataError, LayoutError, Problem
from ehxl.rules import Figures

log = logging.getLogger(__name__)

LOG_SHEET = "Log"
# The sheets that are the officer's tools, not the report: no report table is
# on them, and they are never sent.
TOOL_SHEETS = (
    figures.SHEET,
    history.SHEET,
    catalogue.SHEET,
    catalogue.SETTINGS_SHEET,
    LOG_SHEET,
    cycle.STATE_SHEET,
)
# Said when the file adapter adds or deletes rows: openpyxl moves cells only.
MOVED_ROWS = (
    " openpyxl, which the command line saves with, does not move formulas, "
    "conditional formats, data validations or hyperlinks that point below those "
    "rows: check any of yours, or refresh in Excel with the add-in, which does."
)
# Marks a detail table kept from a closed year: "Contacts@2019-03".
FROZEN = "@"
DATA_FORMATS = {4: "mmm-yy", 9: "yyyy-mm-dd hh:mm:ss"}


@dataclass
class Outcome:
    """What a refresh did, for the console and the Log sheet."""

    month: dt.date
    loaded: int
    added: int
    changes: list[history.Change]
    warnings: list[str] = field(default_factory=list)
    revisions: list[cycle.Revision] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[tuple[str, str]]:
        """The refresh's log lines: (level, message)."""
        found = [
            (
                "INFO",
                f"Refreshed the report for {periods.long_label(self.month)}: "
                f"{count(self.loaded, 'figure')} read, {self.added} new, "
                f"{len(self.changes)} changed.",
            )
        ]
        found += [("INFO", f"Changed: {change}") for change in self.changes]
        found += [("INFO", f"Revised: {revision}") for revision in self.revisions]
        found += [("INFO", note) for note in self.notes]
        found += [("WARNING", warning) for warning in self.warnings]
        return found


def count(number: int, thing: str) -> str:
    """ "1 figure", "2 figures": a number of things, in words."""
    return f"{number} {thing}" + ("" if number == 1 else "s")


def refresh_file(
    path: Path,
    extract: Path | None = None,
    month: dt.date | None = None,
    now: dt.datetime | None = None,
    backup: bool = True,
) -> Outcome:
    """Refresh a workbook file in place, headless.

    Args:
        path: the workbook.
        extract: a CSV or XLSX extract to load instead of the Input sheet.
        month: the month to report; the latest month in Data when None.
        now: the time to record (tests fix it).
        backup: keep the version it replaces in the backups folder.

    Returns:
        What the refresh did.

    Raises:
        InputDataError, CatalogueError: the figures or catalogue are wrong;
            the workbook is unchanged.
        LayoutError, WorkbookFileError: the workbook cannot be refreshed.
    """
    book = XlsxBook(path)
    book.check_writable()
    outcome = run(book, extract, month, now)
    book.save(backup="refresh" if backup else None)
    # Said only once the workbook is saved, so the console never reports a
    # refresh that did not reach the file.
    for level, message in outcome.lines():
        log.log(logging.getLevelName(level), "%s", message)
    return outcome


def run(
    book: XlsxBook | LiveBook,
    extract: Path | None = None,
    month: dt.date | None = None,
    now: dt.datetime | None = None,
    progress: Callable[[str], None] | None = None,
) -> Outcome:
    """Refresh an open workbook (file or live); the caller saves it.

    ``progress`` is told each step as it starts (the add-in's status bar).
    """
    now = (now or dt.datetime.now()).replace(microsecond=0)
    step = progress or (lambda _: None)
    step("reading the catalogue and the figures")

    # Read and validate everything before anything is written.
    indicators = catalogue.read(
        book.cells(catalogue.SHEET),
        book.cells(catalogue.SETTINGS_SHEET)
        if book.has_sheet(catalogue.SETTINGS_SHEET)
        else None,
    )
    warnings = []
    if extract is not None:
        pasted = figures.from_file(Path(extract), indicators)
        source = Path(extract).name
        if book.has_sheet(figures.SHEET) and figures.holds_paste(
            book.values(figures.SHEET)
        ):
            warnings.append(
                f"The {figures.SHEET} sheet still holds a paste, which was not "
                f"loaded (the figures came from {source}). A refresh without "
                "--input, or the Refresh button, loads it again, over these "
                f"figures: clear the {figures.SHEET} sheet below its header if it "
                "is out of date."
            )
    else:
        pasted = figures.from_grid(book.cells(figures.SHEET), indicators)
        source = "Input sheet"
    data = book.values(history.SHEET)
    held = history.from_grid(data)
    state = cycle.read_state(
        book.state_grid(), book.path.name, history.holds_figures(data)
    )

    # Merge the month into the history.
    merged, changes, added = history.merge(held, pasted, source, now)
    latest = _latest_month(merged, source)
    _check_borough(merged, indicators.settings.borough)
    warnings += _shadowed(pasted, merged, indicators)
    if pasted.empty:
        warnings.append(
            f"No figures were pasted in the {figures.SHEET} sheet: the report was "
            "worked out again from the figures already held in Data."
        )
    if month is not None:
        periods.check_range(month)
    if month is not None and month > latest:
        warnings.append(
            f"No figures are held for {periods.long_label(month)}: the latest month "
            f"in Data is {periods.long_label(latest)}. Check --month."
        )
    month = month or latest

    # Compute the report and find where it goes.
    step("working out the report")
    content = report.build(indicators, Figures(merged, indicators), month)
    grids = {
        sheet: book.values(sheet)
        for sheet in book.sheet_names()
        if sheet not in TOOL_SHEETS
    }
    kept_notes: list[str] = []
    fresh = _keep_closed_year(book, grids, merged, month, kept_notes)
    placed = _place(book, indicators, content, grids)

    # Write: the report tables, the month lines, the history, the log.
    step("laying out the report")
    writes = []
    for table_name, (sheet, table_layout) in placed.items():
        writes += [(sheet, w) for w in layout.writes(content, table_name, table_layout)]
        column = table_layout.columns.get(report.SPARKLINE)
        if column:
            book.own_sparkline_cells(
                sheet, [(row, column) for row in table_layout.rows.values()]
            )
        for spark in content.tables[table_name].sparklines:
            row = table_layout.rows.get(spark.row_key)
            columns = table_layout.columns
            if row and {spark.cell_key, spark.first_key, spark.last_key} <= set(
                columns
            ):
                book.add_sparkline(
                    sheet,
                    row,
                    columns[spark.cell_key],
                    columns[spark.first_key],
                    columns[spark.last_key],
                )
    writes += _detail_writes(grids, indicators, merged, month, content.warnings)
    writes, revised, notes = _cycle(book, writes, state, month, content.warnings, fresh)
    for sheet in dict.fromkeys(sheet for sheet, _ in writes):
        book.write(sheet, [w for s, w in writes if s == sheet])
    _write_as_at(book, month, content.as_at)
    write_document_status(book, "Draft", None)
    _write_revisions(book, revised, state)
    book.replace_rows(history.SHEET, history.rows(merged), DATA_FORMATS)

    outcome = Outcome(
        month,
        len(pasted),
        added,
        changes,
        warnings=[*warnings, *content.warnings, *_load_warnings(book)],
        revisions=revised,
        notes=[*kept_notes, *notes],
    )
    if book.has_sheet(LOG_SHEET):
        book.append_rows(
            LOG_SHEET, [[now, level, text] for level, text in outcome.lines()]
        )
    return outcome


def _shadowed(pasted, merged, indicators) -> list[str]:
    """Derived figures pasted for a month whose parts Data holds: never shown."""
    held = {
        (f"{i} {m}", area, period)
        for i, m, area, period, kind in zip(
            merged["Indicator"],
            merged["Measure"],
            merged["Area"],
            merged["Period"],
            merged["Type"],
            strict=True,
        )
        if not kind
    }
    found = []
    for row in pasted.itertuples(index=False):
        measure = indicators.get(f"{row.Indicator} {row.Measure}")
        if measure is None or measure.derived is None or row.Type:
            continue
        if all((part, row.Area, row.Period) in held for part in measure.derived.parts):
            found.append(
                f"{measure.key}, {row.Area}, {periods.label(row.Period)}: the figure "
                "pasted is not shown; ehxl works it out from "
                + " and ".join(measure.derived.parts)
                + ", which Data holds for that month."
            )
    return found


def _check_borough(merged, borough: str) -> None:
    areas = set(merged["Area"])
    if borough not in areas:
        raise CatalogueError(
            [
                Problem(
                    f"{catalogue.SETTINGS_SHEET} (Borough area)",
                    borough,
                    "the borough's name as the figures give it: "
                    + ", ".join(sorted(areas)),
                    "Correct the Borough area setting (the summary reports the "
                    "borough's figures).",
                    "borough",
                )
            ]
        )


def _latest_month(merged, source: str) -> dt.date:
    months = [
        p for p, kind in zip(merged["Period"], merged["Type"], strict=True) if not kind
    ]
    if not months:
        raise InputDataError(
            [
                Problem(
                    source,
                    None,
                    "at least one month's figure",
                    "Paste the month's extract into the Input sheet (with its header "
                    "row), or give one with --input.",
                    "empty",
                )
            ]
        )
    return max(months)


def _not_reported(indicators, table_name, found, content) -> list[str]:
    """Keys of rows whose measures the catalogue retires (or starts later)."""
    return [
        key
        for key in found.rows
        if key not in content.tables[table_name].rows
        and (measure := indicators.get(key)) is not None
        and measure.table == table_name
        and not measure.reported(content.month)
    ]


def _place(
    book: XlsxBook | LiveBook,
    indicators: catalogue.Catalogue,
    content: report.Report,
    grids: dict[str, list[list[object]]],
) -> dict[str, tuple[str, layout.TableLayout]]:
    """Find each table's sheet and layout; give new catalogue rows a sheet row.

    ``grids`` holds each sheet's values and is brought up to date when rows
    are inserted.
    """
    placed = {}
    for table_name in report.TABLES:
        found_on = {
            sheet: found
            for sheet, grid in grids.items()
            if (found := layout.find(grid, table_name)) is not None
        }
        holders = list(found_on)
        if len(holders) > 1:
            raise LayoutError(
                f"The {table_name} table's keys are on the sheets "
                + " and ".join(f"'{s}'" for s in holders)
                + ". A copied sheet keeps ehxl's keys in its hidden column A: clear "
                "that column in the copy, so the refresh knows which sheet to fill."
            )
        for sheet in holders:
            found = found_on[sheet]
            missing = layout.missing_rows(content, table_name, found)
            if missing:
                # A measure added to the catalogue gets a row at the end of
                # its table, styled like the row above.
                book.insert_rows(sheet, found.last_row + 1, len(missing))
                for offset, key in enumerate(missing, start=1):
                    book.set_key(sheet, found.last_row + offset, layout.KEY_COLUMN, key)
                grids[sheet] = book.values(sheet)
                found = layout.find(grids[sheet], table_name)
                content.warnings.append(
                    f"New rows added to the {table_name} table for: "
                    + ", ".join(missing)
                    + ". Move them where they belong; ehxl finds them by their key."
                    + ("" if book.moves_references else MOVED_ROWS)
                )
            gone = _not_reported(indicators, table_name, found, content)
            if gone:
                # Retired (or not yet started): the row leaves the report.
                for row in sorted((found.rows[key] for key in gone), reverse=True):
                    book.delete_rows(sheet, row, 1)
                grids[sheet] = book.values(sheet)
                found = layout.find(grids[sheet], table_name)
                content.warnings.append(
                    f"Rows taken out of the {table_name} table, not reported in "
                    f"{periods.long_label(content.month)}: "
                    + ", ".join(gone)
                    + "."
                    + ("" if book.moves_references else MOVED_ROWS)
                )
            stale = [
                key for key in found.rows if key not in content.tables[table_name].rows
            ]
            if stale:
                content.warnings.append(
                    f"Rows of the {table_name} table that are not in the catalogue's "
                    f"{table_name} rows were left as they were: "
                    + ", ".join(stale)
                    + ". Delete them, or restore their rows on the Indicators sheet."
                )
            placed[table_name] = (sheet, found)
            break
        else:
            raise LayoutError(
                f"No sheet holds the {table_name} table (its key row "
                f"'{layout.MARK}{table_name}:columns' in column A). Copy the "
                "Performance Summary sheet from template.xlsx into the workbook."
            )
    return placed


def _detail_writes(grids, indicators, merged, month, warnings) -> list:
    """Every cell of every detail table that a sheet carries the keys of.

    A table kept from a closed year (``Contacts@2019-03``) is worked out as
    at its year's last month, as it was shown then.
    """
    details: dict[dt.date, detail.DetailTables] = {}
    found = []
    for sheet, grid in grids.items():
        for name in layout.table_names(grid):
            if name in report.TABLES:
                continue
            at = _frozen_at(name) or month
            if at not in details:
                details[at] = detail.DetailTables(merged, indicators, at)
            table_layout = layout.find(grid, name)
            table = details[at].table(name, table_layout, warnings)
            found += [(sheet, w) for w in layout.table_writes(table, table_layout)]
    return found


def _frozen_at(name: str) -> dt.date | None:
    """The month a kept table is shown as at: ``Contacts@2019-03`` is Mar-19's."""
    _, _, month = name.partition(FROZEN)
    try:
        return periods.parse_period(month) if month else None
    except periods.PeriodError:
        return None


def _keep_closed_year(
    book, grids, merged, month: dt.date, notes: list[str]
) -> list[str]:
    """At the first refresh of a year, keep each year table's closed year.

    A detail sheet with a month-by-month table shows the report's own year:
    the financial year for keys m1..m12, the academic year for a1..a12. When
    that year turns (April, or September), the sheet is copied as it stands
    (``Contacts 18-19``, ``Education AY 18-19``), and all its tables are
    renamed to be shown as at the closed year's last month, so they read as
    they did then. Once kept, a year is not copied again. A year that Data
    holds neither from its first month nor for six months is not kept.

    Returns:
        The sheets made.
    """
    made: list[str] = []
    for kind, letter, label in (("Financial", "m", ""), ("Academic", "a", "AY ")):
        closed = periods.add_months(periods.year_start(month, kind), -1)
        first = periods.year_start(closed, kind)
        held = {p for p in merged["Period"] if first <= p <= closed}
        # A year is worth keeping when Data holds it from its first month, or
        # for half of it: not for a re-run or two, nor the tail of a year
        # before ehxl.
        if first not in held and len(held) < 6:
            continue
        suffix = f"{FROZEN}{closed:%Y-%m}"
        kept = {name for grid in grids.values() for name in layout.table_names(grid)}
        for sheet, grid in list(grids.items()):
            names = [
                n
                for n in layout.table_names(grid)
                if n not in report.TABLES and FROZEN not in n
            ]
            yearly = [n for n in names if _has_year_months(grid, n, letter)]
            if not yearly or all(n + suffix in kept for n in yearly):
                continue
            year = periods.year_label(closed, kind)
            copy = _kept_name(
                sheet, f"{label}{year[2:4]}-{year[5:]}", book.sheet_names()
            )
            book.copy_sheet(sheet, copy)
            made.append(copy)
            _rename_tables(book, copy, names, suffix)
            grids[copy] = book.values(copy)
            notes.append(
                f"The {year} {'academic ' if label else ''}tables of '{sheet}' are "
                f"kept on a sheet of their own, '{copy}', as they were at "
                f"{periods.long_label(closed)}."
            )
    return made


def _rename_tables(book, sheet: str, names: list[str], suffix: str) -> None:
    for row, line in enumerate(book.values(sheet), start=1):
        key = line[layout.KEY_COLUMN - 1] if line else None
        for name in names:
            mark = f"{layout.MARK}{name}:"
            if isinstance(key, str) and key.startswith(mark):
                renamed = f"{layout.MARK}{name}{suffix}:" + key[len(mark) :]
                book.set_key(sheet, row, layout.KEY_COLUMN, renamed)


def _kept_name(sheet: str, year: str, taken: list[str]) -> str:
    """``Contacts 18-19``: within Excel's 31 characters, the year kept whole.

    A name already taken (two long names cut to one, or a sheet of the
    officer's) gets a number: ``Contacts 18-19 (2)``.
    """
    suffix = f" {year}"
    used = {name.lower() for name in taken}
    for number in range(1, 100):
        extra = f" ({number})" if number > 1 else ""
        name = sheet[: 31 - len(suffix) - len(extra)].rstrip() + suffix + extra
        if name.lower() not in used:
            return name
    raise LayoutError(f"No free name for the {year} copy of '{sheet}'.")


def _has_year_months(grid, name: str, letter: str) -> bool:
    """Whether a table has month-of-year keys of a kind (m: financial, a: academic)."""
    found = layout.find(grid, name)
    return found is not None and any(
        (month := detail.MONTH.match(part.strip())) and month["year"] == letter
        for key in [*found.columns, *found.rows]
        for part in key.split(detail.SEPARATOR)
    )


def _cycle(book: XlsxBook, writes, state: cycle.State, month, warnings, fresh=()):
    """Keep typed values, mark revisions, and remember what is written.

    The sheets in ``fresh`` were made by this refresh: what they hold was
    copied, not typed.

    Returns:
        The writes (typed values in place of computed ones), the revisions
        since the last issue, and notes for the log.
    """
    current = {
        w.where: book.value(sheet, w.row, w.column)
        for sheet, w in writes
        if w.out.figure and w.where and sheet not in fresh
    }
    manual, notes = cycle.typed_values(state, current)
    kept, written, shown = [], [], []
    for sheet, w in writes:
        out = w.out
        if not out.figure or not w.where:
            kept.append((sheet, w))
            continue
        note = None
        if out.figure in manual:
            typed = manual[out.figure]
            computed = numbers.displayed(out.value, out.number_format) or "blank"
            shown_typed = numbers.displayed(typed, out.number_format)
            note = (
                f"Typed by hand: {shown_typed}. The data gives {computed}. "
                "ehxl keeps the typed value; clear the cell to show the data's figure."
            )
            said = (
                f"Manual value: {cycle.describe(out.figure)} is {shown_typed}, "
                f"typed by hand; the data gives {computed}."
            )
            if said not in warnings:
                warnings.append(said)
            out = replace(out, value=typed)
        book.set_note(sheet, w.row, w.column, note, ours=out.figure in state.manual)
        kept.append((sheet, replace(w, out=out)))
        written.append(
            cycle.Written(*w.where, out.figure, out.value, out.number_format or "")
        )
        shown.append((out.figure, out.value, out.number_format))
    revised = cycle.revisions(shown, state)
    cells = {w.where: (sheet, w.row, w.column) for sheet, w in kept if w.where}
    book.clear_marks([cells[where] for where in state.marked if where in cells])
    by_figure = {r.figure: r for r in revised}
    marked = []
    for sheet, w in kept:
        revision = by_figure.get(w.out.figure or "")
        if revision is not None:
            book.mark_revision(
                sheet, w.row, w.column, revision.before, w.out.number_format or ""
            )
            marked.append(w.where)
    state.marked = marked
    state.refreshed = month
    state.written = written
    state.manual = manual
    book.set_state(state.rows())
    return kept, revised, notes


def _write_revisions(book: XlsxBook, revised, state: cycle.State) -> None:
    """List the revisions in text on the report, for a reader who cannot see colour."""
    if not book.has_sheet(cycle.REVISIONS_SHEET):
        return
    book.fill_rows(
        cycle.REVISIONS_SHEET,
        cycle.REVISIONS_FIRST_ROW,
        cycle.revision_lines(revised, state.last_issue),
    )


def write_document_status(book: XlsxBook, status: str, issued) -> None:
    """The Cover's Status and Date Issued; the officer's other details stay."""
    where = book.named_cell("EHXL_Status")
    if where is not None:
        book.write_text(*where, status)
    where = book.named_cell("EHXL_DateIssued")
    if where is not None:
        book.write_date(*where, issued)


def _write_as_at(book: XlsxBook, month: dt.date, as_at: str) -> None:
    for name, text in (
        ("EHXL_AsAt_Summary", as_at),
        ("EHXL_AsAt_Cover", f"As at Month End: {periods.long_label(month)}"),
    ):
        where = book.named_cell(name)
        if where is not None:
            book.write_text(*where, text)


def _load_warnings(book: XlsxBook) -> list[str]:
    return [
        f"openpyxl could not keep a part of the workbook: {warning}"
        for warning in book.load_warnings
        if "Sparkline" not in warning
    ]
