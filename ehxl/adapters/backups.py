"""Backups of a workbook's previous version, kept beside it before each save."""

from __future__ import annotations

import contextlib
import datetime as dt
import glob
import itertools
import os
import re
import shutil
import tempfile
from pathlib import Path

from ehxl.errors import WorkbookFileError

FOLDER = "ehxl backups"

# The newest backups of each workbook are kept; older ones make way.
KEEP = 10


def folder(book: Path) -> Path:
    """The folder, beside a workbook, that holds its backups."""
    return Path(book).parent / FOLDER


def keep(book: Path, action: str, now: dt.datetime | None = None) -> Path | None:
    """Copy a workbook, as it is on disk, into its backups folder.

    The copy is written under a temporary name and renamed when complete, so
    a half-written backup never carries a backup's name. Only the newest
    ``KEEP`` backups of the workbook are kept.

    Args:
        book: the workbook file, before it is replaced.
        action: what is about to replace it ("refresh", "issue").
        now: the time to put in the backup's name (tests fix it).

    Returns:
        The backup, or None when there is no file yet to keep.

    Raises:
        WorkbookFileError: the backup cannot be written.
    """
    book = Path(book)
    if not book.exists():
        return None
    now = (now or dt.datetime.now()).replace(microsecond=0)
    where = folder(book)
    # Windows refuses colons in file names: the time is written with dots.
    name = f"{book.stem} {now:%Y-%m-%d %H.%M.%S} before {action}"
    partial = ""
    try:
        target = where / f"{name}{book.suffix}"
        for number in itertools.count(2):
            if not target.exists():
                break
            target = where / f"{name} ({number}){book.suffix}"
        where.mkdir(exist_ok=True)
        handle, partial = tempfile.mkstemp(suffix=".tmp", prefix=".ehxl-", dir=where)
        os.close(handle)
        shutil.copy2(book, partial)
        os.replace(partial, target)
    except OSError as exc:
        raise WorkbookFileError(
            f"{book}: could not keep a backup of the workbook in {where} ({exc}); "
            "nothing was saved and the workbook is unchanged. Make room, make "
            "the folder writable or give the workbook a shorter name (or, from "
            "the command line, run again with --no-backup)."
        ) from exc
    finally:
        if partial and os.path.exists(partial):
            os.remove(partial)
    _prune(book, target)
    return target


def kept(book: Path) -> list[Path]:
    """The backups of a workbook, oldest first."""
    book = Path(book)
    name = re.compile(
        re.escape(f"{book.stem} ")
        + r"(\d{4}-\d\d-\d\d \d\d\.\d\d\.\d\d) before (?:refresh|issue)"
        + r"(?: \((\d+)\))?"
        + re.escape(book.suffix)
    )
    found = []
    for backup in folder(book).glob(glob.escape(f"{book.stem} ") + "*"):
        match = name.fullmatch(backup.name)
        if match:
            # By the time in its name, then by when the backup was made
            # (a backup keeps the modified time of the version it holds).
            found.append((match[1], int(match[2] or 1), _made(backup), backup))
    return [backup for *_, backup in sorted(found)]


def _made(backup: Path) -> int:
    with contextlib.suppress(OSError):
        return backup.stat().st_ctime_ns
    return 0


def _prune(book: Path, newest: Path) -> None:
    # A backup that cannot be removed is only one more file: the save goes on.
    for old in kept(book)[:-KEEP]:
        if old != newest:
            with contextlib.suppress(OSError):
                old.unlink()
