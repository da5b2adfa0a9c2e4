"""Backups of a workbook's previous version, kept beside it before each save."""

from __future__ import annotations

import contextlib
import datetime as dt
import glob
import os
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
    target = where / f"{name}{book.suffix}"
    for number in range(2, 100):
        if not target.exists():
            break
        target = where / f"{name} ({number}){book.suffix}"
    partial = ""
    try:
        where.mkdir(exist_ok=True)
        handle, partial = tempfile.mkstemp(suffix=".tmp", prefix=".ehxl-", dir=where)
        os.close(handle)
        shutil.copy2(book, partial)
        os.replace(partial, target)
    except OSError as exc:
        raise WorkbookFileError(
            f"{book}: could not keep a backup of the workbook in {where} ({exc}); "
            "nothing was saved and the workbook is unchanged. Make room or make "
            "the folder writable (or, from the command line, run again with "
            "--no-backup)."
        ) from exc
    finally:
        if partial and os.path.exists(partial):
            os.remove(partial)
    _prune(book)
    return target


def kept(book: Path) -> list[Path]:
    """The backups of a workbook, oldest first."""
    book = Path(book)
    pattern = (
        glob.escape(f"{book.stem} ")
        + "????-??-?? ??.??.?? before *"
        + glob.escape(book.suffix)
    )
    # A backup keeps the time its version was saved: oldest version first.
    return sorted(
        folder(book).glob(pattern), key=lambda kept: (kept.stat().st_mtime_ns, kept)
    )


def _prune(book: Path) -> None:
    # A backup that cannot be removed is only one more file: the save goes on.
    for old in kept(book)[:-KEEP]:
        with contextlib.suppress(OSError):
            old.unlink()
