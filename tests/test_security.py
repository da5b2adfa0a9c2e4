"""Security: what ehxl writes holds no formula, link or hidden part it was not given.

Text from the input (the Input sheet, a .csv or an .xlsx extract) is written as
text wherever it is shown, in the workbook and in the copy sent: never as a
formula, a hyperlink or an external link. The copy sent carries nothing a
reader cannot see. A workbook or extract whose XML declares entities (a
"billion laughs" or external-entity attack) is refused before it is read.

The assertions read the files' XML (an .xlsx is a zip of XML parts) as well
as openpyxl's view of them.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import openpyxl.xml
import pytest
from conftest import ROOT, load, read_table, rewritten
from defusedxml import ElementTree
from openpyxl.comments import Comment
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from remote import open_book, payload
from test_bad_input import HEADER, refresh

from ehxl import addin, cli, cycle
from ehxl.issue import NOT_SENT, issue_file

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
PACKAGE = "{http://schemas.openxmlformats.org/package/2006/relationships}"
DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

# Text that a spreadsheet could take for a formula, a link or a reference to
# another file.
HOSTILE = [
    "=1+1",
    '=HYPERLINK("http://evil.example","click")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1)",
    '=WEBSERVICE("http://x")',
    "http://evil.example",
    "file:///etc/passwd",
    r"\\server\share\x.xlsx",
    "[other.xlsx]Sheet1!A1",
]
# "-2+3" starts like a number and is not one: refused as a Value (below).
AS_VALUE = [text for text in HOSTILE if text != "-2+3"]
# March figures given as a note (the Value column), and February figures
# given again as they were issued, with a note (the Note column).
VALUE_ROWS = [
    ("1.1", "Number", 386),
    ("1.2", "Number", 139),
    ("2.1", "Number", 72),
    ("2.2", "Number", 47),
    ("3.3", "Number", 36),
    ("4.1", "Families", 1813),
    ("4.1", "Children", 4044),
    ("4.2", "Number", 205),
    ("8.1", "Number", 217),
]
NOTE_ROWS = [
    ("1.1", "Number", 368),
    ("1.2", "Number", 145),
    ("2.1", "Number", 75),
    ("2.2", "Number", 52),
    ("3.1a", "Number", 113),
    ("3.2a", "Number", 74),
    ("3.3", "Number", 17),
    ("4.1", "Families", 1793),
    ("4.1", "Children", 3986),
    ("4.2", "Number", 203),
]
FIRST_COPY = "Early Help Performance Report 2019-03 Issue1.xlsx"
SECOND_COPY = "Early Help Performance Report 2019-03 Issue2.xlsx"


def hostile_rows() -> list[list[object]]:
    """Rows of an extract with every hostile text as a Value or as a Note."""
    rows = [
        [code, measure, "Rotherham", "Mar-19", None, text, None]
        for (code, measure, _), text in zip(VALUE_ROWS, AS_VALUE, strict=True)
    ]
    rows += [
        [code, measure, "Rotherham", "Feb-19", None, value, text]
        for (code, measure, value), text in zip(NOTE_ROWS, HOSTILE, strict=True)
    ]
    # A quarter's figure is shown with its note (in its number format).
    return [*rows, ["6.1", "%", "Rotherham", "Mar-19", None, "95%", HOSTILE[1]]]


# ---------------------------------------------------------------- the XML


def _xml(archive: zipfile.ZipFile, name: str):
    return ElementTree.fromstring(archive.read(name))


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each sheet's name and the part that holds its XML."""
    targets = {
        rel.get("Id"): rel.get("Target")
        for rel in _xml(archive, "xl/_rels/workbook.xml.rels")
    }
    parts = {}
    for sheet in _xml(archive, "xl/workbook.xml").iter(f"{MAIN}sheet"):
        target = targets[sheet.get(f"{{{DOCUMENT}}}id")]
        parts[sheet.get("name")] = (
            target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        )
    return parts


def cells(path: Path) -> dict[tuple[str, str], tuple[str, str, bool]]:
    """Every cell of every sheet: (sheet, cell) -> (type, text, has a formula).

    The type is the cell's ``t`` attribute (``s`` a shared string, ``inlineStr``
    a string of its own, ``str`` a formula's text, ``n`` a number).
    """
    with zipfile.ZipFile(path) as archive:
        shared = []
        if "xl/sharedStrings.xml" in archive.namelist():
            shared = [
                "".join(t.text or "" for t in item.iter(f"{MAIN}t"))
                for item in _xml(archive, "xl/sharedStrings.xml").iter(f"{MAIN}si")
            ]
        found = {}
        for sheet, part in _sheet_parts(archive).items():
            for cell in _xml(archive, part).iter(f"{MAIN}c"):
                kind = cell.get("t", "n")
                value = cell.find(f"{MAIN}v")
                if kind == "inlineStr":
                    text = "".join(t.text or "" for t in cell.iter(f"{MAIN}t"))
                elif kind == "s":
                    text = shared[int(value.text)]
                else:
                    text = value.text if value is not None else ""
                has_formula = cell.find(f"{MAIN}f") is not None
                found[(sheet, cell.get("r"))] = (kind, text, has_formula)
        return found


def formulas(path: Path) -> set[tuple[str, str]]:
    """(sheet, cell) of every cell that holds a formula."""
    return {where for where, (_, _, has) in cells(path).items() if has}


@pytest.fixture(scope="module")
def template_formulas() -> set[tuple[str, str]]:
    """The template's own formulas (it has none: the report is values)."""
    return formulas(cli.template_path())


def links(path: Path) -> list[str]:
    """Every hyperlink, external link and external target in a workbook file."""
    found = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/externalLinks/"):
                found.append(f"part {name}")
            if name.endswith(".rels"):
                for rel in _xml(archive, name).iter(f"{PACKAGE}Relationship"):
                    if rel.get("TargetMode") == "External" or rel.get(
                        "Type", ""
                    ).endswith(("/hyperlink", "/externalLink")):
                        found.append(f"{name}: {rel.get('Target')}")
            if (
                name.startswith("xl/worksheets/")
                and name.endswith(".xml")
                and _xml(archive, name).find(f"{MAIN}hyperlinks") is not None
            ):
                found.append(f"hyperlinks in {name}")
        workbook = _xml(archive, "xl/workbook.xml")
        if workbook.find(f"{MAIN}externalReferences") is not None:
            found.append("externalReferences in xl/workbook.xml")
    return found


def strings(path: Path, sheets: list[str]) -> set[str]:
    """The text of every string cell (shared or inline, no formula) on sheets."""
    return {
        text
        for (sheet, _), (kind, text, has_formula) in cells(path).items()
        if sheet in sheets and kind in ("s", "inlineStr") and not has_formula
    }


def number_formats(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        styles = _xml(archive, "xl/styles.xml")
    return [f.get("formatCode") for f in styles.iter(f"{MAIN}numFmt")]


# ------------------------------------------- hostile text, in and out again


def _as_text(sheet, rows: list[list[object]], hyperlinks: bool = False) -> None:
    """Put rows below the header as Excel holds typed text: strings, not formulas.

    In Excel, '=1+1 typed with its apostrophe is text; openpyxl would take the
    plain string for a formula, so its type is set as Excel's would be.
    """
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(r, c)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"
                cell.quotePrefix = True
                if hyperlinks and value in HOSTILE:
                    cell.hyperlink = "http://evil.example/"


def _csv(path: Path, rows: list[list[object]]) -> Path:
    import csv

    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER.split(","))
        writer.writerows([["" if v is None else v for v in row] for row in rows])
    return path


def _xlsx_extract(path: Path, rows: list[list[object]]) -> Path:
    """An .xlsx extract whose hostile cells are text, each with a hyperlink."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Input"
    sheet.append(HEADER.split(","))
    _as_text(sheet, rows, hyperlinks=True)
    book.save(path)
    return path


def _pasted(book: Path, rows: list[list[object]]) -> Path:
    workbook = load(book)
    _as_text(workbook["Input"], rows)
    workbook.save(book)
    return book


@pytest.fixture(scope="module", params=["csv", "xlsx", "Input sheet"])
def hostile(request, march_book, tmp_path_factory):
    """March refreshed with every hostile text, then issued: (workbook, copy)."""
    folder = tmp_path_factory.mktemp("hostile")
    book = folder / "march.xlsx"
    shutil.copyfile(march_book, book)
    rows = hostile_rows()
    if request.param == "csv":
        args = ["--input", str(_csv(folder / "extract.csv", rows))]
    elif request.param == "xlsx":
        extract = _xlsx_extract(folder / "extract.xlsx", rows)
        assert links(extract), "the extract itself has its hyperlinks"
        args = ["--input", str(extract)]
    else:
        _pasted(book, rows)
        args = []
    assert refresh(book, *args) == 0
    outcome = issue_file(book)
    assert outcome.copy.name == SECOND_COPY
    return book, outcome.copy


def test_no_input_text_becomes_a_formula_in_the_workbook_or_the_copy(
    hostile, template_formulas
):
    book, copy = hostile
    assert template_formulas == set()
    assert formulas(book) == template_formulas
    assert formulas(copy) == template_formulas
    for path in (book, copy):
        assert not [
            (sheet.title, cell.coordinate)
            for sheet in load(path).worksheets
            for row in sheet.iter_rows()
            for cell in row
            if cell.data_type == "f"
        ]


def test_no_input_text_becomes_a_link_in_the_workbook_or_the_copy(hostile):
    book, copy = hostile
    assert links(book) == []
    assert links(copy) == []
    for path in (book, copy):
        assert not [
            (sheet.title, cell.coordinate)
            for sheet in load(path).worksheets
            for row in sheet.iter_rows()
            for cell in row
            if cell.hyperlink is not None
        ]


def test_hostile_text_is_shown_as_the_text_given(hostile):
    book, copy = hostile
    summary = read_table(book, "Summary")
    for (code, measure, _), text in zip(VALUE_ROWS, AS_VALUE, strict=True):
        assert summary[f"{code} {measure}"]["m3"].value == text
    report = load(copy).sheetnames
    for path in (book, copy):
        assert set(AS_VALUE) <= strings(path, report), path.name
        # A note shown after a figure is part of the cell's number format, in
        # quotes: text to Excel, whatever it says (a quote becomes ').
        shown = " (=HYPERLINK('http://evil.example','click'))\""
        assert any(shown in code for code in number_formats(path)), path.name
    # The workbook's history holds every value and note as given, as text.
    assert set(HOSTILE) <= strings(book, ["Data"])


def test_revision_marks_hold_issued_text_only_as_a_quoted_string(hostile, tmp_path):
    # The copy of March with hostile notes was issued; the figures are given
    # again without them, so every cell that showed a hostile text is a
    # revision, whose mark compares the cell with that text.
    book, _ = hostile
    again = tmp_path / "again.xlsx"
    shutil.copyfile(book, again)
    plain = [
        [code, measure, "Rotherham", "Mar-19", None, value, None]
        for code, measure, value in VALUE_ROWS
    ]
    assert refresh(again, "--input", str(_csv(tmp_path / "plain.csv", plain))) == 0
    with zipfile.ZipFile(again) as archive:
        rules = [
            formula.text
            for part in _sheet_parts(archive).values()
            for formula in _xml(archive, part).iter(f"{MAIN}formula")
            if cycle.MARK in (formula.text or "")
        ]
    quoted = [rule for rule in rules if "HYPERLINK" in rule]
    assert quoted, "the issued note =HYPERLINK(...) is compared with"
    for rule in rules:
        outside = re.sub(r'"(?:[^"]|"")*"', '""', rule)
        assert not re.search(r"HYPERLINK|WEBSERVICE|\[|http|\\\\|'", outside), rule
    assert any(
        '<>"=HYPERLINK(""http://evil.example"",""click"")")' in rule for rule in quoted
    ), quoted


def test_a_value_that_starts_like_a_number_is_refused(book, tmp_path, capsys):
    rows = [["1.1", "Number", None, "Mar-19", None, "-2+3", None]]
    before = book.read_bytes()
    assert refresh(book, "--input", str(_csv(tmp_path / "x.csv", rows))) == 2
    message = capsys.readouterr().err
    assert "x.csv row 2, column Value: '-2+3': expected a number such as 386" in (
        message
    )
    assert book.read_bytes() == before


def test_hostile_areas_are_each_refused_and_nothing_is_written(book, tmp_path, capsys):
    rows = [["1.1", "Number", text, "Mar-19", None, 386, None] for text in HOSTILE]
    before = book.read_bytes()
    assert refresh(book, "--input", str(_csv(tmp_path / "areas.csv", rows))) == 2
    message = capsys.readouterr().err
    assert f"{len(HOSTILE)} problems with the input figures" in message
    for line, text in enumerate(HOSTILE, start=2):
        assert f"areas.csv row {line}, column Area: '{text}': expected the borough" in (
            message
        )
    assert book.read_bytes() == before


def _formula_extract(path: Path, row: list[object]) -> Path:
    """An .xlsx extract with one row; openpyxl stores "=..." as a formula."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    sheet.append(row)
    workbook.save(path)
    return path


def test_a_formula_as_an_xlsx_extracts_value_is_refused(book, tmp_path, capsys):
    row = ["1.1", "Number", None, "Mar-19", None, HOSTILE[1], None]
    path = _formula_extract(tmp_path / "formulas.xlsx", row)
    assert formulas(path) == {("Sheet", "F2")}
    before = book.read_bytes()
    assert refresh(book, "--input", str(path)) == 2
    assert (
        f"formulas.xlsx!F2: '{HOSTILE[1]}': expected a value, not a formula (copy "
        "the cells and use Paste Values)" in capsys.readouterr().err
    )
    assert book.read_bytes() == before


def test_a_formula_as_an_xlsx_extracts_note_is_refused(book, tmp_path, capsys):
    row = ["1.2", "Number", None, "Mar-19", None, 5, '=WEBSERVICE("http://x")']
    path = _formula_extract(tmp_path / "formulas.xlsx", row)
    assert formulas(path) == {("Sheet", "G2")}
    before = book.read_bytes()
    assert refresh(book, "--input", str(path)) == 2
    assert (
        "formulas.xlsx!G2: '=WEBSERVICE(\"http://x\")': expected a value, not a "
        "formula" in capsys.readouterr().err
    )
    assert book.read_bytes() == before


def test_the_live_refresh_sends_hostile_text_behind_an_apostrophe(march_book, tmp_path):
    book = tmp_path / "live.xlsx"
    shutil.copyfile(march_book, book)
    _pasted(book, hostile_rows())
    excel = open_book(payload(book))
    assert addin.refresh_book(excel, path=book) is not None
    sent = [
        value
        for action in excel.json()["actions"]
        if action["func"] == "setValues"
        for row in action["values"]
        for value in row
        if isinstance(value, str)
    ]
    for text in AS_VALUE:
        assert "'" + text in sent, text
    for text in HOSTILE:
        assert any(v.startswith("'") and f"({text})" in v for v in sent), text
    # Excel reads a value that starts with = + - or @ as a formula: none is
    # sent without the apostrophe in front of it.
    assert [v for v in sent if v and v[0] in "=+-@"] == []


# ---------------------------------------------------- the copy sent, hidden


def assert_nothing_hidden(copy: Path) -> None:
    """The copy carries no hidden sheet, name, macro, note, validation or link."""
    with zipfile.ZipFile(copy) as archive:
        names = archive.namelist()
        workbook = _xml(archive, "xl/workbook.xml")
        sheets = [s.get("name") for s in workbook.iter(f"{MAIN}sheet")]
        states = {
            s.get("name"): s.get("state", "visible")
            for s in workbook.iter()
            if s.tag == f"{MAIN}sheet"
        }
        assert set(states.values()) == {"visible"}, states
        assert not set(NOT_SENT) & set(sheets)
        # Only how a sheet prints: its print titles and print area, each on a
        # sheet that is sent and referring to that sheet alone.
        for name in workbook.iter(f"{MAIN}definedName"):
            assert name.get("name") in ("_xlnm.Print_Titles", "_xlnm.Print_Area")
            sheet = sheets[int(name.get("localSheetId"))]
            quoted = "'" + sheet.replace("'", "''") + "'!"
            assert name.text.startswith(quoted), name.text
            assert name.text.count("!") == name.text.count(quoted)
        views = list(workbook.iter(f"{MAIN}workbookView"))
        assert [v.get("activeTab", "0") for v in views] == ["0"]
        types = archive.read("[Content_Types].xml").decode()
        assert "macroEnabled" not in types
        assert "vbaProject" not in types
        for name in names:
            assert "vbaProject" not in name
            assert not name.startswith(("customXml/", "xl/externalLinks/"))
            assert not re.search(r"comments|vmlDrawing|threadedComment", name), name
            if name.endswith(".rels"):
                rels = archive.read(name).decode()
                assert "vbaProject" not in rels
                assert 'TargetMode="External"' not in rels
                assert "comments" not in rels
            data = archive.read(name)
            assert cycle.STATE_SHEET.encode() not in data, name
            if name.startswith("xl/worksheets/"):
                assert b"dataValidation" not in data, name
                assert b"legacyDrawing" not in data, name
                assert (
                    b'tabSelected="1"' not in data
                    or name == _sheet_parts(archive)[sheets[0]]
                )
    assert load(copy).active.title == sheets[0] == "Cover"


def test_the_copy_sent_carries_nothing_hidden(march_book):
    assert_nothing_hidden(march_book.parent / "issued" / FIRST_COPY)


# An external link as Excel writes one: ='[budget.xlsx]Sheet1'!A1 in a cell.
EXTERNAL_LINK = (
    b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
    b'main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships"><externalBook r:id="rId1"><sheetNames><sheetName val="Sheet1"'
    b'/></sheetNames><sheetDataSet><sheetData sheetId="0"><row r="1"><cell r="A1">'
    b"<v>5</v></cell></row></sheetData></sheetDataSet></externalBook></externalLink>"
)
EXTERNAL_RELS = (
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.'
    b'org/officeDocument/2006/relationships/externalLinkPath" Target="file:///C:/'
    b'budget.xlsx" TargetMode="External"/></Relationships>'
)


def _officers_additions(part: str, data: bytes) -> bytes:
    """Macros, an external link and custom XML, added as Excel would hold them."""
    if part == "[Content_Types].xml":
        return data.replace(
            b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        ).replace(
            b"</Types>",
            b'<Default Extension="bin" ContentType="application/vnd.ms-office.'
            b'vbaProject"/><Override PartName="/xl/externalLinks/externalLink1.xml"'
            b' ContentType="application/vnd.openxmlformats-officedocument.'
            b'spreadsheetml.externalLink+xml"/></Types>',
        )
    if part == "xl/_rels/workbook.xml.rels":
        return data.replace(
            b"</Relationships>",
            b'<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/'
            b'2006/relationships/vbaProject" Target="vbaProject.bin"/>'
            b'<Relationship Id="rIdExt" Type="http://schemas.openxmlformats.org/'
            b'officeDocument/2006/relationships/externalLink" '
            b'Target="externalLinks/externalLink1.xml"/></Relationships>',
        )
    if part == "xl/workbook.xml":
        return data.replace(
            b"<definedNames>",
            b'<externalReferences><externalReference r:id="rIdExt"/>'
            b"</externalReferences><definedNames>",
        )
    return data


@pytest.fixture(scope="module")
def officers(march_book, tmp_path_factory):
    """March, to which the officer added sheets, names, macros and links; issued."""
    folder = tmp_path_factory.mktemp("officers")
    plain = folder / "plain.xlsx"
    shutil.copyfile(march_book, plain)
    workbook = load(plain)
    workbook.active = workbook.sheetnames.index("Input")
    workings = workbook.create_sheet("Workings")
    workings["A1"] = "Officer's workings, not for managers"
    workings.sheet_state = "hidden"
    workbook.create_sheet("Lists").sheet_state = "veryHidden"
    workbook.defined_names["Lookup"] = DefinedName("Lookup", attr_text="Data!$A:$A")
    summary = workbook["Performance Summary"]
    summary.defined_names["Areas"] = DefinedName("Areas", attr_text="Settings!$B:$B")
    summary.print_area = "B1:P60"
    cover = workbook["Cover"]
    validation = DataValidation(type="list", formula1="Settings!$A$2:$A$5")
    cover.add_data_validation(validation)
    validation.add("B9")
    cover["B9"].comment = Comment("Checked with the service manager", "Officer")
    cover["D3"] = "='[budget.xlsx]Sheet1'!A1"
    workbook.save(plain)
    book = folder / "march.xlsm"
    rewritten(
        plain,
        book,
        {
            name: (lambda d, n=name: _officers_additions(n, d))
            for name in (
                "[Content_Types].xml",
                "xl/_rels/workbook.xml.rels",
                "xl/workbook.xml",
            )
        },
        added=[
            ("xl/vbaProject.bin", b"officer's macros"),
            ("xl/externalLinks/externalLink1.xml", EXTERNAL_LINK),
            ("xl/externalLinks/_rels/externalLink1.xml.rels", EXTERNAL_RELS),
            ("customXml/item1.xml", b"<metadata>SharePoint</metadata>"),
        ],
    )
    assert links(book), "the officer's workbook has its external link"
    outcome = issue_file(book)
    return book, outcome


def test_the_copy_leaves_out_what_the_officer_added_but_prints_as_set(officers):
    # The officer hid Workings and Lists from the report's readers: they are
    # not sent (shown, they would give away what was hidden). A name can
    # point at a sheet that is not sent (Data, Settings): none goes. The print
    # area is how the officer has the summary print: it goes with the sheet.
    _, outcome = officers
    assert_nothing_hidden(outcome.copy)
    sent = load(outcome.copy)
    assert "Workings" not in sent.sheetnames
    assert "Lists" not in sent.sheetnames
    assert sent["Performance Summary"].print_area == "'Performance Summary'!$B$1:$P$60"
    assert sent["Cover"]["B9"].comment is None
    assert links(outcome.copy) == []
    with zipfile.ZipFile(outcome.copy) as archive:
        everything = b"".join(archive.read(n) for n in archive.namelist())
    assert b"not for managers" not in everything
    assert b"budget.xlsx" in everything, "the formula is the officer's: kept"
    assert any("'Cover'!D3" in w for w in outcome.warnings), outcome.warnings
    for sheet in ("Workings", "Lists"):
        assert (
            f"The copy leaves out the sheet '{sheet}', which is hidden in the "
            "workbook. Unhide it before the issue if its readers need it."
        ) in outcome.warnings


def test_the_officers_workbook_keeps_what_the_officer_added(officers):
    book, _ = officers
    workbook = load(book)
    assert workbook["Workings"].sheet_state == "hidden"
    assert workbook["Lists"].sheet_state == "veryHidden"
    assert "Lookup" in workbook.defined_names
    with zipfile.ZipFile(book) as archive:
        assert "xl/vbaProject.bin" in archive.namelist()
    assert links(book), "the officer's external link stays in the workbook"


# ------------------------------------------------------ hostile XML, refused


# Nine levels of ten: 10**9 "lol"s, 3 GB of text, from under 1 KB of XML.
LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{n} "{("&lol%s;" % (n - 1 if n > 1 else "")) * 10}">'
        for n in range(1, 10)
    )
    + "]>"
)
LAUGH = "&lol9;"
# An external entity: the text of a file on this machine, in a cell.
PASSWD = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
SHARED = (
    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'count="1" uniqueCount="1"><si><t>{entity}</t></si></sst>'
)
SHARED_TYPE = (
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
    b'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)


def entity_laden(source: Path, target: Path, part: str, doctype: str, entity: str):
    """A copy of a workbook with a DOCTYPE, and its entity in the first text.

    ``part`` is a sheet's XML, or xl/sharedStrings.xml (added if not there).
    """
    with zipfile.ZipFile(source) as archive:
        names = archive.namelist()
    changes = {
        part: lambda data: (doctype.encode() + data).replace(
            b"<t>", f"<t>{entity}".encode(), 1
        )
    }
    added = []
    if part not in names:
        changes["[Content_Types].xml"] = lambda data: data.replace(
            b"</Types>", SHARED_TYPE
        )
        added = [(part, doctype + SHARED.format(entity=entity))]
    return rewritten(source, target, changes, added)


ATTACKS = [
    ("xl/worksheets/sheet19.xml", LAUGHS, LAUGH),
    ("xl/sharedStrings.xml", LAUGHS, LAUGH),
    ("xl/worksheets/sheet19.xml", PASSWD, "&xxe;"),
]
ATTACK_IDS = ["billion laughs in a sheet", "billion laughs in shared strings", "xxe"]
# The refresh runs in a process of its own, its memory capped at 1 GB: the
# expansion would need three.
# The peak is the process's own (VmHWM): ru_maxrss would carry over the
# high-water mark of the test process that started it (Linux keeps it
# across exec), which late in the suite is larger than any refusal's.
RUN = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
from ehxl import cli
code = cli.run(sys.argv[1:])
with open("/proc/self/status") as status:
    peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
print(code, peak)
"""


def refresh_capped(*args: str) -> tuple[int, int, str, float]:
    """Refresh in a capped process: (exit code, peak kilobytes, stderr, seconds)."""
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", RUN, "refresh", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    elapsed = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    code, peak = done.stdout.split()[-2:]
    return int(code), int(peak), done.stderr, elapsed


def assert_refused_as_unsafe(path: Path, result) -> None:
    code, peak, message, elapsed = result
    assert code == 1, message
    assert f"{path.name}: the file is damaged or unsafe" in message
    assert "declares entities" in message
    assert "nothing was changed" in message
    assert "use an earlier copy, or ask whoever sent it for a new one" in message
    assert "Traceback" not in message
    assert elapsed < 30
    assert peak < 400 * 1024, f"{peak} KB"


def test_openpyxl_reads_every_part_through_defusedxml():
    from defusedxml import ElementTree as Defused
    from openpyxl.xml import functions

    assert openpyxl.xml.DEFUSEDXML is True
    assert functions.iterparse is Defused.iterparse
    assert openpyxl.xml.LXML or functions.fromstring is Defused.fromstring


@pytest.mark.parametrize(("part", "doctype", "entity"), ATTACKS, ids=ATTACK_IDS)
def test_a_workbook_with_entities_in_its_xml_is_refused_quickly(
    book, tmp_path, part, doctype, entity
):
    with zipfile.ZipFile(book) as archive:
        assert _sheet_parts(archive)["Input"] == "xl/worksheets/sheet19.xml"
    laden = entity_laden(book, tmp_path / "laden.xlsx", part, doctype, entity)
    before = laden.read_bytes()
    assert_refused_as_unsafe(laden, refresh_capped(str(laden)))
    assert laden.read_bytes() == before


@pytest.mark.parametrize(
    ("part", "doctype", "entity"),
    [
        ("xl/worksheets/sheet1.xml", d, e) if p.startswith("xl/w") else (p, d, e)
        for p, d, e in ATTACKS
    ],
    ids=ATTACK_IDS,
)
def test_an_xlsx_extract_with_entities_in_its_xml_is_refused_quickly(
    book, tmp_path, part, doctype, entity
):
    extract = _xlsx_extract(
        tmp_path / "extract.xlsx", [["1.1", "Number", None, "Mar-19", None, 386, None]]
    )
    laden = entity_laden(extract, tmp_path / "laden.xlsx", part, doctype, entity)
    before = book.read_bytes()
    assert_refused_as_unsafe(laden, refresh_capped(str(book), "--input", str(laden)))
    assert book.read_bytes() == before


@pytest.mark.parametrize("part", ["xl/worksheets/sheet19.xml", "xl/sharedStrings.xml"])
def test_the_same_parts_without_entities_are_read(book, tmp_path, part):
    # The refusal is the entities', not a fault of how the files were made.
    plain = entity_laden(book, tmp_path / "plain.xlsx", part, "", "")
    code, _, message, _ = refresh_capped(str(plain))
    assert code == 2, message
    assert "Input sheet: (blank): expected at least one month's figure" in message
