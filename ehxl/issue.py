"""Issue: record what the report shows, and write the copy that is sent.

An issue takes the workbook as it stands after its last refresh (with any
value typed since), and:
- sets the Cover's Status (``Issue2``: the second issue of this month's
  report) and Date Issued; the officer's other details stay as typed;
- records every figure as displayed, so that the next refresh can mark what
  changes since;
- writes the distributable copy beside the workbook: the report sheets only,
  values and formats, the revisions it reports in a plain yellow fill and
  listed on its Revisions sheet; and, when asked, the copy as PDF.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ehxl import cycle, history, layout, numbers, refresh
from ehxl.adapters.xlsx import XlsxBook, put_back
from ehxl.errors import WorkbookFileError

log = logging.getLogger(__name__)

NOT_SENT = list(refresh.TOOL_SHEETS)
PDF_TIMEOUT = 300


@dataclass
class IssueOutcome:
    """What an issue did."""

    issue: cycle.Issue
    copy: Path
    pdf: Path | None
    revisions: list[cycle.Revision]
    warnings: list[str]

    def lines(self) -> list[tuple[str, str]]:
        found = [
            (
                "INFO",
                f"Issued {self.issue.name}: {len(self.revisions)} revised figures "
                f"reported. The copy to send is {self.copy}"
                + (f" (and {self.pdf.name})" if self.pdf else "")
                + ".",
            )
        ]
        found += [("INFO", f"Revised: {revision}") for revision in self.revisions]
        found += [("WARNING", warning) for warning in self.warnings]
        return found


# The names of the copies sent, as a glob pattern.
COPIES = "Early Help Performance Report * Issue*.xlsx"


def copy_name(month: dt.date, number: int) -> str:
    """``Early Help Performance Report 2019-03 Issue1.xlsx``."""
    return f"Early Help Performance Report {month:%Y-%m} Issue{number}.xlsx"


def issue_file(
    path: Path, now: dt.datetime | None = None, pdf: bool = False, backup: bool = True
) -> IssueOutcome:
    """Issue the report of a workbook file, and write the copy that is sent.

    The version of the workbook it replaces is kept in the backups folder,
    unless ``backup`` is False.

    Raises:
        WorkbookFileError: the workbook has not been refreshed, the copy is
            already there, or LibreOffice is wanted and missing; nothing is
            changed.
    """
    now = (now or dt.datetime.now()).replace(microsecond=0)
    path = Path(path)
    soffice = _soffice(pdf)
    book = XlsxBook(path)
    book.check_writable()
    recorded = record(book, now)
    book.keep_sparklines()
    before = path.resolve().read_bytes()
    book.save(backup="issue" if backup else None)
    # The workbook is saved: what is in memory becomes the copy.
    try:
        return write_copy(book, recorded, soffice)
    except WorkbookFileError as exc:
        if recorded.target.exists():
            raise  # the copy is written; only its PDF failed
        # No copy, no issue: the workbook goes back to as it was.
        put_back(path, before)
        raise WorkbookFileError(
            f"{exc} Nothing was issued: {path.name} is as it was before."
        ) from exc


def _soffice(pdf: bool) -> str | None:
    soffice = shutil.which("soffice") if pdf else None
    if pdf and soffice is None:
        raise WorkbookFileError(
            "--pdf needs LibreOffice (the soffice command), which is not installed. "
            "Nothing was issued. Install LibreOffice, or issue without --pdf."
        )
    return soffice


@dataclass
class Recorded:
    """An issue recorded in the workbook, before its copy is written."""

    issue: cycle.Issue
    target: Path
    revised: list[cycle.Revision]
    previous: cycle.Issue | None
    yellow: list[tuple[str, int, int]]


def record(book, now: dt.datetime) -> Recorded:
    """Record the issue in a workbook (file or live); the caller saves it.

    Raises:
        WorkbookFileError: the workbook has not been refreshed, or the copy
            is already there; nothing is changed.
    """
    data = book.values(history.SHEET) if book.has_sheet(history.SHEET) else None
    state = cycle.read_state(
        book.state_grid(), book.path.name, history.holds_figures(data)
    )
    if state.refreshed is None:
        raise WorkbookFileError(
            f"{book.path.name} has not been refreshed yet: there is no report to "
            "issue. Refresh it first (ehxl refresh, or Refresh on the Early Help "
            "tab)."
        )
    month = state.refreshed
    number = state.next_number(month)
    target = book.path.parent / copy_name(month, number)
    if target.exists() or target.is_symlink():
        raise WorkbookFileError(
            f"{target} is already there. Nothing was issued. Move it away (it is a "
            "copy from an earlier issue) and issue again."
        )

    # What the report shows now, cell by cell, typed values included.
    located = _locate(book)
    shown, cells = [], {}
    for written in state.written:
        where = located.get(written.where)
        if where is None:
            continue
        value = book.value(*where)
        shown.append((written.figure, value, written.number_format))
        cells.setdefault(written.figure, []).append(where)
    revised = cycle.revisions(shown, state)
    snapshot: dict[str, str] = {}
    for figure, value, number_format in shown:
        snapshot.setdefault(figure, numbers.displayed(value, number_format))
    issue = cycle.Issue(month, number, now)
    previous = state.last_issue

    # The workbook: the issue is recorded and no cell is yellow any more.
    _write_issue(book, issue, revised, previous)
    book.clear_marks([located[w] for w in state.marked if w in located])
    state.issues.append(issue)
    state.snapshot = snapshot
    state.marked = []
    book.set_state(state.rows())
    if book.has_sheet(refresh.LOG_SHEET):
        book.append_rows(
            refresh.LOG_SHEET,
            [
                [
                    now,
                    "INFO",
                    f"Issued {issue.name}: "
                    + refresh.count(len(revised), "revised figure")
                    + f" reported; the copy to send is {target.name}.",
                ]
            ]
            + [[now, "INFO", f"Reported as revised: {r}"] for r in revised],
        )
    yellow = [where for r in revised for where in cells.get(r.figure, [])]
    return Recorded(issue, target, revised, previous, yellow)


def _write_issue(book, issue: cycle.Issue, revised, previous) -> None:
    """The Cover's status and date, and the revisions listed by the issue."""
    refresh.write_document_status(book, f"Issue{issue.number}", issue.issued.date())
    if book.has_sheet(cycle.REVISIONS_SHEET):
        book.fill_rows(
            cycle.REVISIONS_SHEET,
            cycle.REVISIONS_FIRST_ROW,
            cycle.revision_lines(revised, previous, by=issue.name + ":"),
        )


def write_copy(
    book: XlsxBook, recorded: Recorded, soffice: str | None = None
) -> IssueOutcome:
    """Make the copy that is sent from the saved workbook, loaded in ``book``.

    The issue's status and revisions are written again, so that the copy is
    right even when the workbook was saved before they reached it.
    """
    _write_issue(book, recorded.issue, recorded.revised, recorded.previous)
    warnings = [
        f"The copy keeps the formula in {cell}, which Excel works out when the "
        "copy is opened; check it does not refer to a sheet that is not sent."
        for cell in book.formula_cells()
    ]
    # Saved by Excel, the workbook keeps what openpyxl cannot; the copy does
    # not (its sparklines, which ehxl redraws, aside).
    book.keep_sparklines()
    warnings += [
        f"The copy to send has no {part}: openpyxl, which writes it, cannot keep "
        "them. Add them to the copy by hand if its readers need them."
        for part in book.lost_parts()
    ]
    warnings += [
        f"The copy leaves out the sheet '{sheet}', which is hidden in the "
        "workbook. Unhide it before the issue if its readers need it."
        for sheet in book.hidden_sheets()
        if sheet not in NOT_SENT
    ]
    book.distributable(NOT_SENT, recorded.yellow, _key_rows(book))
    try:
        book.save(recorded.target)
    except WorkbookFileError as exc:
        raise WorkbookFileError(
            f"The copy to send, {recorded.target}, could not be written "
            f"({exc.__cause__ or exc})."
        ) from exc
    printed = _pdf(soffice, recorded.target) if soffice else None
    return IssueOutcome(
        recorded.issue, recorded.target, printed, recorded.revised, warnings
    )


def _locate(book) -> dict[tuple[str, str, str], tuple[str, int, int]]:
    """Where each table's cells are now, by (table, row key, column key)."""
    found = {}
    for sheet in book.sheet_names():
        if sheet in NOT_SENT:
            continue
        grid = book.values(sheet)
        for name in layout.table_names(grid):
            table = layout.find(grid, name)
            if table is None:
                continue
            for row_key, row in table.rows.items():
                for column_key, column in table.columns.items():
                    found[(name, row_key, column_key)] = (sheet, row, column)
    return found


def _key_rows(book: XlsxBook) -> list[tuple[str, int]]:
    """The hidden rows that hold a table's column keys."""
    found = []
    for sheet in book.sheet_names():
        for number, row in enumerate(book.values(sheet), start=1):
            first = row[layout.KEY_COLUMN - 1] if row else None
            if (
                isinstance(first, str)
                and first.startswith(layout.MARK)
                and first.endswith(":columns")
            ):
                found.append((sheet, number))
    return found


def _pdf(soffice: str, copy: Path) -> Path:
    """Print the copy to PDF with LibreOffice, beside it."""
    with tempfile.TemporaryDirectory(prefix="ehxl-lo-") as profile:
        try:
            subprocess.run(
                [
                    soffice,
                    f"-env:UserInstallation={Path(profile).as_uri()}",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(copy.parent),
                    str(copy),
                ],
                check=True,
                capture_output=True,
                timeout=PDF_TIMEOUT,
            )
        except (subprocess.SubprocessError, OSError) as exc:
            raise WorkbookFileError(
                f"The report was issued and {copy.name} written, but LibreOffice "
                f"could not print it to PDF ({exc}). Open the copy and print it "
                "to PDF by hand."
            ) from exc
    return copy.with_suffix(".pdf")
