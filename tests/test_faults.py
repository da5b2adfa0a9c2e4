"""Faults: a failed save, a workbook open in Excel, a lost state sheet, backups."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import EXTRACTS, extract_rows, load, paste

from ehxl import cli, cycle
from ehxl.adapters import backups, sparklines, xlsx
from ehxl.errors import WorkbookFileError
from ehxl.refresh import refresh_file

MARCH = EXTRACTS / "2019-03.csv"


def names_in(folder) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


@pytest.mark.parametrize(
    ("target", "name"),
    [
        (sparklines, "add"),  # while the finished file is written
        (os, "replace"),  # as the finished file takes the workbook's place
        (backups, "keep"),  # while the backup is kept
        (shutil, "copy2"),  # halfway through copying the backup
    ],
)
def test_a_save_that_fails_at_any_step_leaves_the_workbook_intact(
    replayed, monkeypatch, capsys, target, name
):
    before = replayed.read_bytes()
    real = getattr(target, name)

    def broken(*args, **kwargs):
        if name == "replace" and Path(args[1]).name != replayed.name:
            return real(*args, **kwargs)  # the backup's own rename
        if name == "copy2":
            # Half a file reaches the disk before the failure.
            real(*args, **kwargs)
            with open(args[1], "r+b") as half:
                half.truncate(100)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(target, name, broken)
    assert cli.run(["refresh", str(replayed), "--input", str(MARCH)]) == 1
    monkeypatch.undo()

    err = capsys.readouterr().err
    assert "No space left on device" in err
    assert "unchanged" in err
    assert replayed.read_bytes() == before
    # Still a workbook that opens, and nothing half-written beside it.
    assert "Performance Summary" in load(replayed).sheetnames
    assert names_in(replayed.parent) in (
        ["march.xlsx"],
        ["ehxl backups", "march.xlsx"],
    )
    if (replayed.parent / backups.FOLDER).exists():
        assert names_in(replayed.parent / backups.FOLDER) == []


@pytest.mark.parametrize(
    ("lock", "program"),
    [("~$march.xlsx", "Excel"), (".~lock.march.xlsx#", "LibreOffice")],
)
@pytest.mark.parametrize("command", ["refresh", "issue"])
def test_a_workbook_open_in_excel_is_refused(replayed, capsys, lock, program, command):
    (replayed.parent / lock).write_bytes(b"owner")
    before = replayed.read_bytes()

    assert cli.run([command, str(replayed)]) == 1

    err = capsys.readouterr().err
    assert f"march.xlsx is open in {program} (its lock file {lock} is beside it)" in err
    assert f"Close the workbook in {program} and try again" in err
    if program == "Excel":
        assert "or use the Refresh and Issue buttons on the Early Help tab" in err
    assert replayed.read_bytes() == before
    assert names_in(replayed.parent) == sorted([lock, "march.xlsx"])


def test_another_workbooks_lock_file_is_no_bar(replayed):
    (replayed.parent / "~$other.xlsx").write_bytes(b"owner")
    assert cli.run(["refresh", str(replayed), "--no-backup"]) == 0


def without_state(workbook, target):
    book = load(workbook)
    del book[cycle.STATE_SHEET]
    book.save(target)
    return target


@pytest.mark.parametrize("command", ["refresh", "issue"])
def test_a_refreshed_workbook_that_lost_its_state_sheet_is_refused(
    replayed, capsys, command
):
    # As when the officer copies the sheets into a new workbook: the very
    # hidden state sheet is not among them.
    lost = without_state(replayed, replayed.parent / "copied.xlsx")
    before = lost.read_bytes()

    assert cli.run([command, str(lost)]) == 1

    err = capsys.readouterr().err
    assert (
        "copied.xlsx: the hidden sheet EHXL_State, where ehxl keeps what was "
        "issued and typed, is missing, though the Data sheet holds figures"
    ) in err
    assert "Nothing was changed" in err
    assert "Restore the workbook from its latest backup (in the 'ehxl backups'" in err
    assert lost.read_bytes() == before
    assert not (replayed.parent / backups.FOLDER).exists()


def test_a_new_workbook_has_no_state_sheet_and_refreshes(book):
    assert cycle.STATE_SHEET not in load(book).sheetnames
    refresh_file(book, MARCH)
    assert cycle.STATE_SHEET in load(book).sheetnames


def test_a_damaged_state_sheet_is_refused_and_names_the_backups(replayed, capsys):
    book = load(replayed)
    book[cycle.STATE_SHEET]["B2"] = "{not json"
    book.save(replayed)
    before = replayed.read_bytes()

    assert cli.run(["refresh", str(replayed)]) == 1

    err = capsys.readouterr().err
    assert "the hidden sheet EHXL_State" in err
    assert "is damaged" in err
    assert "latest backup (in the 'ehxl backups' folder beside it)" in err
    assert replayed.read_bytes() == before


def test_each_save_keeps_the_version_it_replaces(replayed):
    first = replayed.read_bytes()
    assert cli.run(["refresh", str(replayed), "--input", str(MARCH)]) == 0
    refreshed = replayed.read_bytes()
    assert cli.run(["issue", str(replayed)]) == 0

    kept = backups.kept(replayed)
    assert [path.name.rsplit(" before ", 1)[1] for path in kept] == [
        "refresh.xlsx",
        "issue.xlsx",
    ]
    assert [path.read_bytes() for path in kept] == [first, refreshed]
    # A backup is a workbook ehxl can refresh again, as it was.
    restored = replayed.parent / "restored.xlsx"
    shutil.copyfile(kept[0], restored)
    assert cli.run(["refresh", str(restored), "--no-backup"]) == 0


@pytest.mark.parametrize("command", ["refresh", "issue"])
def test_no_backup_keeps_none(replayed, command):
    if command == "issue":
        refresh_file(replayed, MARCH, backup=False)
    assert cli.run([command, str(replayed), "--no-backup"]) == 0
    assert not (replayed.parent / backups.FOLDER).exists()


def test_the_newest_backups_are_kept(tmp_path):
    book = tmp_path / "book.xlsx"
    start = dt.datetime(2019, 4, 1, 9, 0)
    for minute in range(backups.KEEP + 3):
        book.write_bytes(f"version {minute}".encode())
        os.utime(book, (minute * 60, minute * 60))
        backups.keep(book, "refresh", start + dt.timedelta(minutes=minute))

    kept = backups.kept(book)
    assert [path.read_bytes() for path in kept] == [
        f"version {minute}".encode() for minute in range(3, backups.KEEP + 3)
    ]
    assert kept[0].name == "book 2019-04-01 09.03.00 before refresh.xlsx"


def test_two_backups_in_one_second_are_both_kept(tmp_path):
    book = tmp_path / "book.xlsx"
    now = dt.datetime(2019, 4, 1, 9, 0)
    book.write_bytes(b"one")
    backups.keep(book, "refresh", now)
    book.write_bytes(b"two")
    os.utime(book, (os.path.getmtime(book) + 1,) * 2)
    backups.keep(book, "refresh", now)
    assert [path.read_bytes() for path in backups.kept(book)] == [b"one", b"two"]


def test_a_backup_that_cannot_be_kept_stops_the_save(replayed, capsys):
    # A file where the backups folder should be: the folder cannot be made.
    (replayed.parent / backups.FOLDER).write_text("in the way")
    before = replayed.read_bytes()

    assert cli.run(["refresh", str(replayed), "--input", str(MARCH)]) == 1

    err = capsys.readouterr().err
    assert "could not keep a backup of the workbook" in err
    assert "nothing was saved and the workbook is unchanged" in err
    assert "run again with --no-backup" in err
    assert replayed.read_bytes() == before
    assert cli.run(["refresh", str(replayed), "--no-backup"]) == 0
    assert zipfile.is_zipfile(replayed)


def test_an_extract_loaded_over_a_paste_warns_that_the_paste_comes_back(
    replayed, tmp_path, caplog
):
    # The officer pasted March, then loaded a corrected extract instead: a
    # refresh without --input would load the old paste over the correction.
    paste(replayed, extract_rows(MARCH))
    corrected = tmp_path / "corrected.csv"
    corrected.write_text(
        "Indicator,Measure,Area,Period,Type,Value,Note\n"
        "1.1,Number,Rotherham,Mar-19,,999,\n",
        encoding="utf-8",
    )
    outcome = refresh_file(replayed, corrected, backup=False)
    assert (
        "The Input sheet still holds a paste, which was not loaded (the figures "
        "came from corrected.csv). A refresh without --input, or the Refresh "
        "button, loads it again, over these figures"
    ) in " ".join(outcome.warnings)


def test_an_extract_loaded_with_an_empty_input_sheet_warns_of_nothing_pasted(
    replayed,
):
    outcome = refresh_file(replayed, MARCH, backup=False)
    assert not [w for w in outcome.warnings if "still holds a paste" in w]


def test_the_backup_just_made_is_kept_whatever_the_workbooks_date(tmp_path):
    # A workbook copied with its old modified time (from a share, an archive).
    book = tmp_path / "book.xlsx"
    for minute in range(backups.KEEP):
        book.write_bytes(f"version {minute}".encode())
        backups.keep(book, "refresh", dt.datetime(2019, 4, 1, 9, minute))
    book.write_bytes(b"the version replaced now")
    os.utime(book, (0, 0))
    newest = backups.keep(book, "refresh", dt.datetime(2019, 4, 1, 10, 0))
    assert newest.read_bytes() == b"the version replaced now"
    assert backups.kept(book)[-1] == newest
    assert len(backups.kept(book)) == backups.KEEP


@pytest.mark.parametrize(
    "other",
    [
        "book",  # no extension
        "book 2019-04-01 09.00.00 before refresh.xlsx",  # a backup, restored
        "book.xlsm",
    ],
)
def test_pruning_one_workbooks_backups_leaves_anothers_alone(tmp_path, other):
    book, beside = tmp_path / "book.xlsx", tmp_path / other
    beside.write_bytes(b"the other workbook")
    for minute in range(3):
        backups.keep(beside, "refresh", dt.datetime(2019, 4, 2, 9, minute))
    theirs = backups.kept(beside)
    book.write_bytes(b"book")
    for minute in range(backups.KEEP + 2):
        backups.keep(book, "refresh", dt.datetime(2019, 4, 1, 9, minute))
    assert len(theirs) == 3
    assert backups.kept(beside) == theirs
    assert all(path.exists() for path in theirs)


def test_a_name_too_long_for_a_lock_file_is_no_traceback(replayed, capsys):
    long = replayed.parent / ("a" * 250 + ".xlsx")
    replayed.rename(long)
    code = cli.run(["refresh", str(long), "--no-backup"])
    assert code == 0, capsys.readouterr().err


def test_an_issue_whose_copy_cannot_be_written_is_not_recorded(
    replayed, monkeypatch, capsys
):
    before = replayed.read_bytes()
    real = xlsx.XlsxBook.save

    def copy_fails(self, path=None, backup=None):
        if path is not None:
            raise WorkbookFileError(f"{path}: could not save (disk full)")
        return real(self, path, backup)

    monkeypatch.setattr(xlsx.XlsxBook, "save", copy_fails)
    assert cli.run(["issue", str(replayed), "--no-backup"]) == 1
    monkeypatch.undo()

    err = capsys.readouterr().err
    assert "could not be written" in err
    assert "Nothing was issued: march.xlsx is as it was before." in err
    assert replayed.read_bytes() == before
    # The next issue is the one that failed, not the one after.
    assert cli.run(["issue", str(replayed), "--no-backup"]) == 0
    assert (
        replayed.parent / "Early Help Performance Report 2019-03 Issue2.xlsx"
    ).exists()


def damaged(workbook, change):
    book = load(workbook)
    change(book)
    book.save(workbook)
    return workbook.read_bytes()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        # A part of the state lost: its JSON may still read.
        (lambda b: b[cycle.STATE_SHEET].delete_rows(5), "is damaged (part of it"),
        # A state written before the checksum was kept reads as it did.
        (lambda b: b[cycle.STATE_SHEET].cell(1, 3, None), None),
        # The figures' history emptied, the state kept.
        (
            lambda b: b["Data"].delete_rows(2, b["Data"].max_row),
            "the Data sheet, ehxl's history of every figure loaded, is empty, "
            "though the workbook was refreshed for March 2019",
        ),
    ],
    ids=["a state row deleted", "a state without checksum", "Data emptied"],
)
def test_a_state_and_history_that_disagree_are_refused(
    replayed, capsys, change, expected
):
    before = damaged(replayed, change)
    code = cli.run(["refresh", str(replayed), "--input", str(MARCH)])
    err = capsys.readouterr().err
    if expected is None:
        assert code == 0, err
        return
    assert code == 1, err
    assert expected in err
    assert "Restore the workbook from its latest backup" in err
    assert replayed.read_bytes() == before


def test_a_state_holding_a_list_for_a_typed_value_is_damaged(replayed, capsys):
    state = cycle.read_state(
        [
            list(r)
            for r in load(replayed)[cycle.STATE_SHEET].iter_rows(values_only=True)
        ],
        "march.xlsx",
    )
    state.manual = {"1.1 Number|Rotherham|2019-02": [1, 2]}
    book = load(replayed)
    del book[cycle.STATE_SHEET]
    sheet = book.create_sheet(cycle.STATE_SHEET)
    for row in state.rows():
        sheet.append(row)
    book.save(replayed)
    assert cli.run(["refresh", str(replayed)]) == 1
    assert "is damaged (a typed value [1, 2]" in capsys.readouterr().err
