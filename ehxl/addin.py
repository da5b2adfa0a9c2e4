"""The add-in's front end: Refresh and Issue on the workbook open in Excel.

The Early Help tab's buttons run ``ehxl.main()`` (Refresh) and
``ehxl.issue_main()`` (Issue) through xlwings' ``RunPython``. Each takes the
officer's workbook from ``xw.Book.caller()``, runs the same pipeline as the
command line through the live adapter, and tells the officer what happened:
progress in the status bar, problems in the Log sheet and one alert that
says where to look.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import re
import traceback
from collections.abc import Callable
from pathlib import Path

import xlwings as xw

from ehxl import issue, refresh
from ehxl.adapters import backups
from ehxl.adapters.live import LiveBook, read_only
from ehxl.adapters.xlsx import XlsxBook, check_writable
from ehxl.errors import EhxlError, ProblemsError, WorkbookFileError

log = logging.getLogger(__name__)

TITLE = "Early Help report"
# Said when a button stops after some of its writes reached Excel.
_PARTLY_WRITTEN = (
    "Part of the {what} may already be written: close the workbook without "
    "saving, open it again and click {button}."
)
ADDIN_SUFFIXES = (".xlam", ".xla")


def press(action: Callable[[xw.Book], object]) -> None:
    """Run a button's action on the officer's workbook (see ``officer_book``)."""
    called = xw.Book.caller()
    try:
        book = officer_book(called)
    except WorkbookFileError as exc:
        called.app.alert(str(exc), title=TITLE)
        return
    action(book)


def officer_book(called: xw.Book) -> xw.Book:
    """The officer's workbook: the caller, or the active book if that is the add-in.

    Raises:
        WorkbookFileError: only the add-in is open.
    """
    book = called.app.books.active if _is_addin(called) else called
    if book is None or _is_addin(book):
        raise WorkbookFileError(
            "No report workbook is active: click in the Early Help workbook, then "
            "click the button again."
        )
    return book


def _is_addin(book: xw.Book | None) -> bool:
    return book is not None and book.name.lower().endswith(ADDIN_SUFFIXES)


class StatusBar:
    """Excel's status bar, where the engine has one (the remote engine has none)."""

    def __init__(self, app: xw.App) -> None:
        self.app = app

    def show(self, text: str | bool) -> None:
        with contextlib.suppress(NotImplementedError):
            self.app.status_bar = text


def refresh_book(
    book: xw.Book, path: Path | None = None, now: dt.datetime | None = None
) -> refresh.Outcome | None:
    """Refresh an open workbook; report problems in Excel rather than raising.

    Args:
        book: the workbook in Excel.
        path: where it is saved, when xlwings cannot say (the remote engine).
        now: the time to record (tests fix it).

    Returns:
        What the refresh did, or None when it stopped (the Log says why).
    """
    now = (now or dt.datetime.now()).replace(microsecond=0)
    status = StatusBar(book.app)
    done = None
    try:
        live = LiveBook(book, path)
        outcome = refresh.run(live, now=now, progress=_progress(status, "Refresh"))
        _keep_backup(live.address, "refresh", now)
        status.show("Early Help: writing the report...")
        done = _PARTLY_WRITTEN.format(what="report", button="Refresh")
        live.save()
    except Exception as exc:
        _stopped(book, path, now, "Refresh", exc, done)
        return None
    finally:
        status.show(False)
    warnings = len(outcome.warnings)
    status.show(
        f"Early Help: refreshed {outcome.month:%B %Y}; {len(outcome.revisions)} "
        f"revised figures, {warnings} warnings in the Log sheet."
    )
    return outcome


def issue_book(
    book: xw.Book, path: Path | None = None, now: dt.datetime | None = None
) -> issue.IssueOutcome | None:
    """Issue the refreshed report of an open workbook and write the copy to send.

    Excel saves the workbook, then the copy is made from the saved file
    beside it, so the workbook must be saved in a folder first.

    Returns:
        What the issue did, or None when it stopped (the Log says why).
    """
    now = (now or dt.datetime.now()).replace(microsecond=0)
    status = StatusBar(book.app)
    done = None
    try:
        live = LiveBook(book, path)
        saved = _saved_path(live.address)
        _check_can_save(book, saved)
        _keep_backup(live.address, "issue", now)
        status.show("Early Help: recording the issue...")
        recorded = issue.record(live, now)
        done = _PARTLY_WRITTEN.format(what="issue", button="Issue")
        live.save()
        book.save()
        done = (
            f"{recorded.issue.name} is recorded and the workbook saved, but the copy "
            "to send was not written. Clicking Issue again issues the next number "
            "and writes its copy."
        )
        status.show("Early Help: writing the copy to send...")
        outcome = issue.write_copy(XlsxBook(saved), recorded)
    except Exception as exc:
        _stopped(book, path, now, "Issue", exc, done)
        return None
    finally:
        status.show(False)
    warned = [text for level, text in outcome.lines() if level == "WARNING"]
    book.app.alert(
        f"Issued {outcome.issue.name} with {len(outcome.revisions)} revised figures. "
        f"The copy to send is {outcome.copy.name}, beside this workbook."
        + (
            " "
            + refresh.count(len(warned), "warning")
            + " about the copy: "
            + " ".join(warned)
            if warned
            else ""
        ),
        title=TITLE,
    )
    return outcome


def _keep_backup(address: str, action: str, now: dt.datetime) -> None:
    """Keep the workbook as last saved, before Excel can save over it.

    A workbook never saved, or open from a web address, has no file here to
    keep (OneDrive and SharePoint keep versions of their own).
    """
    path = Path(address)
    if path.is_absolute() and path.is_file():
        backups.keep(path, action, now)


def _saved_path(address: str) -> Path:
    """The workbook's file on this computer, or a clear refusal."""
    if re.match(r"^[a-z][a-z0-9+.-]*://", address, re.IGNORECASE):
        raise WorkbookFileError(
            f"The workbook is open from a web address ({address}), so ehxl cannot "
            "write the copy to send beside it. Open it from a folder on this "
            "computer (a synced OneDrive or SharePoint folder is fine: File > Open "
            "> Browse) and click Issue again."
        )
    path = Path(address)
    if not path.is_absolute() or not path.is_file():
        raise WorkbookFileError(
            "The workbook is not saved in a folder on this computer (it is new, or "
            "it is on OneDrive or SharePoint and xlwings cannot find its synced "
            "copy), so there is nowhere to write the copy to send. Save it in a "
            "folder (File > Save As), or open it from the synced folder, then "
            "click Issue again."
        )
    return path


def _check_can_save(book: xw.Book, saved: Path) -> None:
    """Refuse an issue that Excel could not save, before anything is written."""
    if read_only(book):
        raise WorkbookFileError(
            "Excel opened the workbook read-only (someone else has it open, or it "
            "was opened as read-only), so the issue could not be saved. Nothing "
            "was changed. Open it for editing and click Issue again."
        )
    check_writable(saved)
    if not os.access(saved.parent, os.W_OK):
        raise WorkbookFileError(
            f"The folder {saved.parent} cannot be written to, so the copy to send "
            "cannot be written beside the workbook. Nothing was changed. Move the "
            "workbook to a folder you can write to, and click Issue again."
        )


def _progress(status: StatusBar, action: str) -> Callable[[str], None]:
    return lambda step: status.show(f"Early Help {action}: {step}...")


def _stopped(
    book: xw.Book,
    path: Path | None,
    now: dt.datetime,
    action: str,
    exc: Exception,
    done: str | None = None,
) -> None:
    """Say in Excel why the action stopped: the Log sheet, and one alert.

    ``done`` says what was written before it stopped; None is nothing.
    """
    unchanged = done or "Nothing in the report was changed."
    if isinstance(exc, ProblemsError):
        found = refresh.count(len(exc.problems), "problem") + f" {exc.kind} found"
        rows = [[now, "ERROR", f"{action} stopped: {found}. {unchanged}"]]
        rows += [[now, "ERROR", str(problem)] for problem in exc.problems]
        message = (
            f"{action} stopped: {found}. {unchanged} Each problem is listed in the "
            f"{refresh.LOG_SHEET} sheet, with the cell and what to do."
        )
    elif isinstance(exc, EhxlError):
        rows = [[now, "ERROR", f"{action} stopped: {exc} {done or ''}".strip()]]
        message = f"{action} stopped. {exc} {done or ''}".strip()
    else:
        rows = [[now, "ERROR", f"{action} failed unexpectedly: {exc!r}"]]
        rows += [
            [now, "ERROR", line]
            for line in traceback.format_exc().rstrip().splitlines()
        ]
        message = (
            f"{action} failed unexpectedly: {exc}. {unchanged} The details are in "
            f"the {refresh.LOG_SHEET} sheet; send them to whoever supports ehxl."
        )
    logged = _log(book, path, rows)
    if not logged:
        message += f" (There is no {refresh.LOG_SHEET} sheet to list them in.)"
    book.app.alert(message, title=TITLE)


def _log(book: xw.Book, path: Path | None, rows: list[list[object]]) -> bool:
    """Append rows to the Log sheet; False if the workbook has none."""
    try:
        live = LiveBook(book, path)
        if not live.has_sheet(refresh.LOG_SHEET):
            return False
        live.append_rows(refresh.LOG_SHEET, rows)
        live.save()
    except Exception:
        log.exception("could not write the Log sheet")
        return False
    return True
