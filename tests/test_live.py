"""The add-in's live path, run by xlwings' remote engine (no Excel).

February's workbook of the replayed year has March's extract pasted into its
Input sheet (with a re-run of a February figure, and a value typed over a
January figure) and is refreshed twice: by the file adapter, and through
the live adapter on the remote engine, which records what it would have
Excel do. The recorded actions, played onto the payload's grids, must give
the file adapter's workbook: every value, number format, fill, font, mark
and note.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import shutil
import zipfile
from collections import Counter
from pathlib import Path

import pytest
import xlwings as xw
from conftest import (
    EXTRACTS,
    SHAPE,
    extract_rows,
    load,
    paste,
    revision_marks,
    rewritten,
)
from openpyxl.worksheet.cell_range import CellRange
from remote import apply, number_formats_from, open_book, payload

import ehxl
from ehxl import addin, cli, cycle, issue, xlam
from ehxl.adapters import backups, live
from ehxl.adapters.live import Block, blocks
from ehxl.issue import issue_file
from ehxl.refresh import refresh_file

NOW = dt.datetime(2019, 4, 8, 9, 30)
RERUN = ["1.1", "Number", "Rotherham", "Feb-19", None, 370, None]  # 368 issued
TYPED = ("Performance Summary", 18, 8, 999)  # 1.2 Number, Jan-19 (m2 in February)
# Every sheet that is sent: the report.
REPORT = [
    name
    for name in load(Path(cli.template_path())).sheetnames
    if name not in issue.NOT_SENT
]
ISO_DATE = re.compile(r"^\d{4}-\d\d-\d\d( \d\d:\d\d:\d\d)?$")
WRITES = {"setValues", "setNumberFormat", "setRangeColor", "setFontProperty"}


@pytest.fixture(scope="module")
def february(tmp_path_factory) -> Path:
    """The year replayed to February, each month refreshed and issued."""
    folder = tmp_path_factory.mktemp("february")
    extracts = folder / "extracts"
    extracts.mkdir()
    for extract in sorted(EXTRACTS.glob("*.csv"))[:11]:
        shutil.copyfile(extract, extracts / extract.name)
    return cli.demo(folder, extracts)


def march_rows() -> list[list[object]]:
    """March's extract, with the re-run of a February figure."""
    return [*extract_rows(EXTRACTS / "2019-03.csv"), RERUN]


@pytest.fixture(scope="module")
def march(february, tmp_path_factory):
    """March refreshed by the file adapter, and through the live adapter."""
    folder = tmp_path_factory.mktemp("march")
    pasted = paste(february, march_rows(), folder / "pasted.xlsx")
    book = load(pasted)
    sheet, row, column, typed = TYPED
    book[sheet].cell(row, column).value = typed
    book.save(pasted)

    filed = folder / "filed.xlsx"
    shutil.copyfile(pasted, filed)
    refresh_file(filed, now=NOW)

    data = payload(pasted)
    excel = open_book(data)
    with number_formats_from(pasted) as reads:
        outcome = addin.refresh_book(excel, path=pasted, now=NOW)
    actions = excel.json()["actions"]
    return {
        "pasted": pasted,
        "filed": filed,
        "data": data,
        "outcome": outcome,
        "actions": actions,
        "applied": apply(data, actions),
        "format_reads": len(reads),
    }


def _fill(cell) -> str | None:
    if cell.fill.fill_type != "solid":
        return None
    return "#" + str(cell.fill.fgColor.rgb)[-6:].upper()


def _font_colour(cell) -> str:
    colour = cell.font.color
    rgb = colour.rgb if colour is not None and colour.type == "rgb" else None
    return "#" + rgb[-6:].upper() if isinstance(rgb, str) else live.AUTOMATIC_FONT


def test_the_live_refresh_gives_every_value_the_file_refresh_gives(march):
    applied, filed = march["applied"], load(march["filed"])
    assert march["outcome"] is not None
    assert march["outcome"].month == dt.date(2019, 3, 1)
    compared = 0
    for sheet in filed.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                expected = cell.value
                got = applied.value(sheet.title, cell.row, cell.column)
                if isinstance(expected, float) and isinstance(got, int | float):
                    assert math.isclose(got, expected), (sheet.title, cell.coordinate)
                else:
                    assert got == expected, (sheet.title, cell.coordinate)
                compared += 1
    assert compared > 40_000
    # The seed's March figures reached the summary through Excel: 1.1's
    # Year To Date is the seed's 4671, plus 2 for February's re-run.
    assert applied.value("Performance Summary", 17, 10) == 4673
    assert applied.value("Performance Summary", 17, 9) == 386  # Mar-19


def test_the_live_refresh_gives_every_format_fill_and_font(march):
    applied, filed, before = (
        march["applied"],
        load(march["filed"]),
        load(march["pasted"]),
    )
    for name in REPORT:
        sheet, old = filed[name], before[name]
        for row in sheet.iter_rows():
            for cell in row:
                where = (cell.row, cell.column)
                was = old.cell(*where)
                assert cell.number_format == applied.formats.get(name, {}).get(
                    where, was.number_format
                ), (name, cell.coordinate)
                assert _fill(cell) == applied.fills.get(name, {}).get(
                    where, _fill(was)
                ), (name, cell.coordinate)
                font = applied.fonts.get(name, {}).get(where, {})
                assert _font_colour(cell) == font.get("color", _font_colour(was)), (
                    name,
                    cell.coordinate,
                )
                assert bool(cell.font.b) == font.get("bold", bool(was.font.b)), (
                    name,
                    cell.coordinate,
                )


def _file_marks(path: Path) -> dict[tuple[str, tuple[int, int]], list[str]]:
    """The file's revision marks, cell by cell, as xlwings' formulas ("=...")."""
    return {
        (sheet, where): ["=" + formula]
        for (sheet, cells), formula in revision_marks(path).items()
        for where in CellRange(cells).cells
    }


def test_revisions_are_marked_yellow_where_the_file_refresh_marks_them(march):
    applied = march["applied"]
    expected = _file_marks(march["filed"])
    got = {
        (sheet, where): rules
        for sheet, cells in applied.rules.items()
        for where, rules in cells.items()
        if rules
    }
    assert got == expected
    # Feb-19's contacts (368 issued, 370 now) on the summary and on Contacts.
    assert len(got) >= 2
    assert {sheet for sheet, _ in got} >= {"Performance Summary", "Contacts"}
    fills = {
        a["args"][0]["fill_color"]
        for a in march["actions"]
        if a["func"] == "addConditionalFormat"
    }
    assert {fill.upper() for fill in fills} == {live.YELLOW}


def test_a_typed_value_is_kept_with_ehxls_note_as_in_the_file(march):
    filed = load(march["filed"])
    expected = {
        (sheet.title, (cell.row, cell.column)): cell.comment.text
        for sheet in filed.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.comment is not None and cell.comment.author == cycle.NOTE_AUTHOR
    }
    got = {
        (sheet, where): text
        for sheet, notes in march["applied"].notes.items()
        for where, text in notes.items()
        if text
    }
    assert got == expected
    # On the summary, where it was typed, and on Triage, which shows 1.2 too.
    assert {sheet for sheet, _ in got} == {"Performance Summary", "Triage"}
    for (sheet, (row, column)), text in got.items():
        assert march["applied"].value(sheet, row, column) == 999
        assert text.startswith("Typed by hand: 999. The data gives 292.")


def test_text_is_sent_as_text_and_missing_as_empty(march):
    sent = [
        value
        for action in march["actions"]
        if action["func"] == "setValues"
        for row in action["values"]
        for value in row
    ]
    # Dates and times go as xlwings sends them (ISO text, which Excel reads
    # as a date); every other text goes behind Excel's apostrophe, so that
    # "Feb-19" stays text and never becomes a date.
    texts = [v for v in sent if isinstance(v, str) and v and not ISO_DATE.match(v)]
    assert texts, "the report has labels"
    assert [v for v in texts if not v.startswith("'")] == []
    assert "'Feb-19" in texts
    assert not [v for v in sent if isinstance(v, float) and math.isnan(v)]
    assert 65535 not in sent
    json.dumps(march["actions"], allow_nan=False)


def test_the_state_sheet_is_rewritten_and_reads_back(march):
    applied = march["applied"]
    grid = applied.values[cycle.STATE_SHEET]
    state = cycle.read_state(grid, "pasted.xlsx")
    assert state.refreshed == dt.date(2019, 3, 1)
    assert applied.visibility[cycle.STATE_SHEET] == "VeryHidden"
    assert state.marked


def _writes(actions, sheet_position=None):
    return [
        a
        for a in actions
        if a["func"] in WRITES
        and (sheet_position is None or a["sheet_position"] == sheet_position)
    ]


def test_each_report_sheet_is_written_a_block_at_a_time(march):
    data, actions = march["data"], march["actions"]
    names = [s["name"] for s in data["sheets"]]
    cells_written = 0
    for name in REPORT:
        position = names.index(name)
        values = [
            a
            for a in actions
            if a["func"] == "setValues" and a["sheet_position"] == position
        ]
        cells = {
            (a["start_row"] + r, a["start_column"] + c)
            for a in values
            for r in range(a["row_count"])
            for c in range(a["column_count"])
        }
        # One action per rectangle of cells written, never one per cell.
        assert len(values) == len(blocks(cells)), name
        if len(cells) > 100:
            assert len(values) < len(cells) / 5, name
        cells_written += len(cells)
    writes = _writes(actions)
    assert len(writes) < 700
    # The batching ratio (docs/performance.md): cells written per write action.
    everything = sum(
        a["row_count"] * a["column_count"] for a in actions if a["func"] == "setValues"
    )
    assert everything / len(writes) > 20
    assert cells_written > 3_000


def test_blocks_cover_exactly_the_cells_given():
    cells = {(1, 1), (1, 2), (2, 1), (2, 2), (3, 1), (2, 4), (5, 5)}
    found = blocks(cells)
    assert found == [
        Block(1, 1, 2, 2),
        Block(2, 4, 2, 4),
        Block(3, 1, 3, 1),
        Block(5, 5, 5, 5),
    ]
    covered = {
        (r, c)
        for b in found
        for r in range(b.top, b.bottom + 1)
        for c in range(b.left, b.right + 1)
    }
    assert covered == cells


def test_the_live_refresh_reads_formats_a_column_at_a_time(march):
    # Excel answers a range's format in one call; mixed columns are halved.
    assert march["format_reads"] < 1_500


# A failing paste.


@pytest.fixture
def failed(february, tmp_path):
    rows = march_rows()
    rows[0][5] = "12O"  # 1.1's March figure, a letter O for a zero
    rows[1][3] = "Marhc-19"
    pasted = paste(february, rows, tmp_path / "bad.xlsx")
    data = payload(pasted)
    excel = open_book(data)
    outcome = addin.refresh_book(excel, path=pasted, now=NOW)
    return outcome, data, excel.json()["actions"]


def test_a_failing_paste_writes_only_the_log_and_one_alert(failed):
    outcome, data, actions = failed
    assert outcome is None
    names = [s["name"] for s in data["sheets"]]
    touched = {names[a["sheet_position"]] for a in actions if a["func"] != "alert"}
    assert touched == {"Log"}
    alerts = [a for a in actions if a["func"] == "alert"]
    assert len(alerts) == 1
    message = alerts[0]["args"][0]
    assert "2 problems with the input figures" in message
    assert "Log sheet" in message
    assert "Nothing in the report was changed" in message


def test_a_failing_paste_lists_every_problem_in_the_log(failed):
    _, data, actions = failed
    applied = apply(data, actions)
    log = applied.values["Log"]
    lines = [row[2] for row in log if row and len(row) > 2 and row[1] == "ERROR"]
    assert any(line.startswith("Input!F2: '12O'") for line in lines)
    assert any("Input!D3" in line and "Marhc-19" in line for line in lines)
    assert lines[0].startswith("Refresh stopped: 2 problems")


def test_an_unexpected_error_is_alerted_and_its_traceback_logged(
    february, tmp_path, monkeypatch
):
    pasted = paste(february, march_rows(), tmp_path / "book.xlsx")
    data = payload(pasted)
    excel = open_book(data)

    def broken(*args, **kwargs):
        raise RuntimeError("the report could not be built")

    monkeypatch.setattr("ehxl.report.build", broken)
    assert addin.refresh_book(excel, path=pasted, now=NOW) is None
    actions = excel.json()["actions"]
    alerts = [a["args"][0] for a in actions if a["func"] == "alert"]
    assert len(alerts) == 1
    assert "the report could not be built" in alerts[0]
    assert "Log sheet" in alerts[0]
    lines = [row[2] for row in apply(data, actions).values["Log"] if row[1:2]]
    assert any("Traceback" in str(line) for line in lines)
    assert any("RuntimeError" in str(line) for line in lines)
    names = [s["name"] for s in data["sheets"]]
    assert {names[a["sheet_position"]] for a in _writes(actions)} == {"Log"}


# The add-in's entry points.


def _addin_payload() -> dict:
    return {
        "client": "Office.js",
        "version": xw.__version__,
        "book": {"name": xlam.NAME, "active_sheet_index": 0, "selection": "A1"},
        "names": [],
        "sheets": [
            {
                "name": "_myaddin.conf",
                "values": [["Interpreter_Win", ""]],
                "visibility": "Visible",
                "charts": [],
                "pictures": [],
                "tables": [],
                "notes": [],
            }
        ],
    }


@pytest.fixture
def called(february, tmp_path, monkeypatch):
    """The add-in's Refresh, pressed with the add-in file as xlwings' caller."""
    pasted = paste(february, march_rows(), tmp_path / "book.xlsx")
    add_in = open_book(_addin_payload())
    workbook = open_book(payload(pasted))  # the active workbook, opened last
    refreshed = []
    original = addin.refresh_book

    def recording(book):
        refreshed.append(book)
        return original(book, path=pasted, now=NOW)

    monkeypatch.setattr(addin, "refresh_book", recording)
    add_in.set_mock_caller()
    yield add_in, workbook, refreshed
    del xw.Book._mock_caller


def test_refresh_from_the_add_in_refreshes_the_active_workbook(called):
    add_in, workbook, refreshed = called
    ehxl.main()
    assert [book.name for book in refreshed] == ["book.xlsx"]
    assert add_in.json()["actions"] == []
    assert _writes(workbook.json()["actions"])


def test_only_the_add_in_open_is_an_alert_not_a_refresh(monkeypatch):
    add_in = open_book(_addin_payload())
    add_in.set_mock_caller()
    try:
        ehxl.main()
    finally:
        del xw.Book._mock_caller
    ((action,),) = [[a for a in add_in.json()["actions"] if a["func"] == "alert"]]
    assert "No report workbook is active" in action["args"][0]


# Issue from Excel.


def test_issue_from_excel_records_the_issue_and_writes_the_copy(february, tmp_path):
    pasted = paste(february, march_rows(), tmp_path / "book.xlsx")
    refresh_file(pasted, now=NOW)
    by_file = tmp_path / "by-file"
    by_file.mkdir()
    shutil.copyfile(pasted, by_file / "book.xlsx")
    expected = issue_file(by_file / "book.xlsx", now=NOW)

    data = payload(pasted)
    excel = open_book(data)
    outcome = addin.issue_book(excel, path=pasted, now=NOW)
    assert outcome is not None
    assert outcome.issue.number == 1
    assert outcome.copy == tmp_path / issue.copy_name(dt.date(2019, 3, 1), 1)
    actions = excel.json()["actions"]
    funcs = Counter(a["func"] for a in actions)
    assert funcs["save"] == 1
    assert funcs["alert"] == 1
    assert funcs["clearConditionalFormats"] == len(
        cycle.read_state(_grid(data, cycle.STATE_SHEET), "book.xlsx").marked
    )
    applied = apply(data, actions)
    cover = applied.values["Cover"]
    assert any("Issue1" in row for row in cover)
    state = cycle.read_state(applied.values[cycle.STATE_SHEET], "book.xlsx")
    assert state.last_issue.number == 1
    assert not state.marked
    # The copy is the one the command line makes.
    sent, wanted = load(outcome.copy), load(expected.copy)
    assert sent.sheetnames == wanted.sheetnames
    for sheet in wanted.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert sent[sheet.title][cell.coordinate].value == cell.value


def test_refresh_and_issue_from_excel_keep_the_file_as_last_saved(refreshed):
    shutil.rmtree(refreshed.parent / backups.FOLDER)  # the fixture's refresh's
    saved = refreshed.read_bytes()
    excel = open_book(payload(refreshed))
    assert addin.refresh_book(excel, path=refreshed, now=NOW) is not None
    assert addin.issue_book(excel, path=refreshed, now=NOW) is not None

    # The remote engine saves nothing to disk: both are the file as it was.
    kept = {
        path.name.rsplit(" before ", 1)[1]: path.read_bytes()
        for path in backups.kept(refreshed)
    }
    assert kept == {"refresh.xlsx": saved, "issue.xlsx": saved}


def test_a_backup_that_cannot_be_kept_stops_a_refresh_in_excel(refreshed):
    shutil.rmtree(refreshed.parent / backups.FOLDER)
    (refreshed.parent / backups.FOLDER).write_text("in the way")
    data = payload(refreshed)
    excel = open_book(data)

    assert addin.refresh_book(excel, path=refreshed, now=NOW) is None

    alert = _refused_before_anything(excel, data)
    assert "could not keep a backup of the workbook" in alert


def _grid(data: dict, name: str) -> list[list[object]]:
    (sheet,) = [s for s in data["sheets"] if s["name"] == name]
    return [[None if v == "" else v for v in row] for row in sheet["values"]]


@pytest.fixture
def refreshed(february, tmp_path) -> Path:
    """March refreshed from the command line, ready to issue."""
    pasted = paste(february, march_rows(), tmp_path / "book.xlsx")
    refresh_file(pasted, now=NOW)
    return pasted


def _refused_before_anything(excel, data) -> str:
    """The alert of an issue refused before any change; the Log is all it wrote."""
    actions = excel.json()["actions"]
    alerts = [a["args"][0] for a in actions if a["func"] == "alert"]
    assert len(alerts) == 1
    assert not [a for a in actions if a["func"] == "save"]
    names = [s["name"] for s in data["sheets"]]
    assert {names[a["sheet_position"]] for a in _writes(actions)} <= {"Log"}
    return alerts[0]


@pytest.mark.parametrize(
    "address",
    [
        "https://contoso.sharepoint.com/sites/perf/report.xlsx",
        "http://intranet/sites/perf/report.xlsx",
    ],
)
def test_issue_of_a_workbook_at_a_web_address_is_refused(refreshed, address):
    data = payload(refreshed)
    excel = open_book(data)
    assert addin.issue_book(excel, path=address, now=NOW) is None
    alert = _refused_before_anything(excel, data)
    assert f"open from a web address ({address})" in alert


def test_issue_of_a_read_only_workbook_is_refused_before_it_changes(refreshed):
    refreshed.chmod(0o444)
    data = payload(refreshed)
    excel = open_book(data)
    assert addin.issue_book(excel, path=refreshed, now=NOW) is None
    assert "read-only" in _refused_before_anything(excel, data)


def test_issue_where_something_already_has_the_copys_name_is_refused(refreshed):
    target = refreshed.parent / issue.copy_name(dt.date(2019, 3, 1), 1)
    target.symlink_to(refreshed.parent / "gone.xlsx")  # a link to nothing
    data = payload(refreshed)
    excel = open_book(data)
    assert addin.issue_book(excel, path=refreshed, now=NOW) is None
    assert "is already there. Nothing was issued" in _refused_before_anything(
        excel, data
    )


def test_issue_from_excel_warns_of_what_the_copy_cannot_keep(refreshed, tmp_path):
    # Excel keeps an officer's text box in the workbook; openpyxl, which
    # writes the copy, cannot.
    with_shape = rewritten(refreshed, tmp_path / "shape.xlsx", added=[SHAPE])
    data = payload(with_shape)
    excel = open_book(data)
    outcome = addin.issue_book(excel, path=with_shape, now=NOW)
    assert outcome is not None and outcome.copy.exists()
    (alert,) = [a["args"][0] for a in excel.json()["actions"] if a["func"] == "alert"]
    assert "1 warning about the copy" in alert
    assert "The copy to send has no text boxes or shapes" in alert


# The add-in file.


def test_addin_build_makes_an_xlam_with_the_early_help_tab(tmp_path):
    built = xlam.build(tmp_path)
    assert built.name == "ehxl.xlam"
    with zipfile.ZipFile(built) as inside, zipfile.ZipFile(xlam.template()) as base:
        assert inside.testzip() is None
        ribbon = inside.read("customUI/customUI.xml").decode()
        assert 'label="Early Help"' in ribbon
        assert 'label="Refresh"' in ribbon and 'label="Issue"' in ribbon
        # Named ehxl.xlam, the template's RunMain runs ehxl.main().
        assert 'onAction="RibbonMyAddin.RunMain"' in ribbon
        assert inside.read("xl/vbaProject.bin") == base.read("xl/vbaProject.bin")
        assert sorted(inside.namelist()) == sorted(base.namelist())


def test_the_issue_macro_is_built_beside_the_add_in_ready_to_import(tmp_path):
    xlam.build(tmp_path)
    source = (tmp_path / xlam.MACRO).read_bytes()
    assert source == xlam.macro().read_bytes()
    assert source.startswith(b'Attribute VB_Name = "EhxlRibbon"\r\n')
    assert b"\n" not in source.replace(b"\r\n", b"")  # the VBA editor's CRLF
    assert b'RunPython "import ehxl; ehxl.issue_main()"' in source
    ribbon = xlam.ribbon().decode()
    assert 'onAction="EhxlRibbon.RunIssue"' in ribbon
    assert callable(ehxl.issue_main)


@pytest.mark.parametrize(
    ("platform", "where", "key"),
    [
        ("win32", ".myaddin/myaddin.conf", "INTERPRETER_WIN"),
        (
            "darwin",
            "Library/Containers/com.microsoft.Excel/Data/myaddin.conf",
            "INTERPRETER_MAC",
        ),
    ],
)
def test_the_add_in_is_told_which_python_to_run(tmp_path, platform, where, key):
    config = tmp_path / where
    config.parent.mkdir(parents=True)
    config.write_text(f'"{key}","C:\\old\\python.exe"\n"SHOW CONSOLE","True"\n')
    python = tmp_path / "env" / "python"
    written = xlam.write_config(platform, home=tmp_path, python=python)
    assert written == config
    # The VBA's GetConfigFromFile reads quoted pairs, one a line.
    assert config.read_text().splitlines() == [
        '"SHOW CONSOLE","True"',
        f'"{key}","{python}"',
    ]


def test_addin_install_here_says_where_it_can_be_installed(capsys):
    assert cli.run(["addin", "install"]) == cli.EXIT_FAILED
    said = capsys.readouterr().err
    assert "installed on Windows or macOS" in said
    assert "ehxl addin build" in said


def test_issue_from_the_add_in_needs_the_workbook_saved_in_a_folder(february):
    # The remote engine knows a workbook by name only, as Excel knows one
    # that was never saved: Issue has nowhere to write the copy.
    workbook = open_book(payload(february))
    workbook.set_mock_caller()
    try:
        ehxl.issue_main()
    finally:
        del xw.Book._mock_caller
    actions = workbook.json()["actions"]
    assert [a["func"] for a in actions if a["func"] not in WRITES] == ["alert"]
    (alert,) = [a["args"][0] for a in actions if a["func"] == "alert"]
    assert "is not saved in a folder on this computer" in alert
    assert {a["sheet_position"] for a in _writes(actions)} == {
        [s["name"] for s in payload(february)["sheets"]].index("Log")
    }


def test_a_new_workbooks_first_live_refresh_adds_the_state_sheet_very_hidden(
    tmp_path,
):
    book = cli.new_workbook(tmp_path / "new.xlsx")
    rows = extract_rows(EXTRACTS / "2018-04.csv")
    pasted = paste(book, rows, tmp_path / "pasted.xlsx")
    data = payload(pasted)
    assert cycle.STATE_SHEET not in [s["name"] for s in data["sheets"]]
    excel = open_book(data)
    with number_formats_from(pasted):
        outcome = addin.refresh_book(excel, path=pasted, now=NOW)
    assert outcome is not None and outcome.month == dt.date(2018, 4, 1)
    applied = apply(data, excel.json()["actions"])
    assert applied.visibility[cycle.STATE_SHEET] == "VeryHidden"
    state = cycle.read_state(applied.values[cycle.STATE_SHEET], "new.xlsx")
    assert state.refreshed == dt.date(2018, 4, 1)
    assert len(state.written) > 1000


def test_addin_build_wants_a_folder_not_a_file_name(tmp_path, capsys):
    assert cli.run(["addin", "build", str(tmp_path / "my.xlam")]) == cli.EXIT_FAILED
    assert "give the folder to build in" in capsys.readouterr().err
    assert not (tmp_path / "my.xlam").exists()
