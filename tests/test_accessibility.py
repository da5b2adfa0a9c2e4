"""The copy sent, as a screen-reader user and a colour-blind reader meet it.

The copy is the year's last issue after a revision (1.1 Number Feb-19 re-run
as 370), so that it has yellow to read. Its tables are found through the
workbook's keys: the copy has none (docs/accessibility.md).
"""

from __future__ import annotations

import posixpath
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import display, february_rerun, load
from defusedxml import ElementTree

from ehxl import cycle, layout, rules
from ehxl.adapters.sparklines import PKG_REL, sheet_part
from ehxl.issue import issue_file
from ehxl.refresh import refresh_file

XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RAG_FILLS = {"FFFF0000": "R", "FFFFC000": "A", "FF00B050": "G"}
YELLOW = "FFFFFF00"
SENT = [
    "Cover",
    "Revisions",
    "Performance Summary",
    "Contacts",
    "Triage",
    "Initial Contacts",
    "Early Help Assessments",
    "EHA by Partners",
    "Open and Closed Families",
    "Children's Centres",
    "Families for Change",
    "NEET and Not Known",
    "Education",
    "Youth Activity",
    "Youth Offending Team",
    "Customer Feedback",
    "Quality Assurance",
    "HR",
]
DETAIL = SENT[3:]


@pytest.fixture(scope="module")
def revised(march_book, tmp_path_factory) -> tuple[Path, Path]:
    """The workbook and the copy of its issue after a revision."""
    folder = tmp_path_factory.mktemp("accessible")
    book = folder / "march.xlsx"
    shutil.copyfile(march_book, book)
    refresh_file(book, february_rerun(folder))
    return book, issue_file(book).copy


@pytest.fixture(scope="module")
def copy(revised):
    return load(revised[1])


@pytest.fixture(scope="module")
def tables(revised) -> list[tuple[str, layout.TableLayout]]:
    """Every report table of the copy, found through the workbook's keys."""
    book = load(revised[0])
    found = []
    for sheet in SENT:
        grid = [list(row) for row in book[sheet].iter_rows(values_only=True)]
        found += [(sheet, layout.find(grid, name)) for name in layout.table_names(grid)]
    return found


def charts(path: Path) -> dict[str, list[tuple[str, str]]]:
    """Each sheet's charts: (alternative text, title), read from the package."""
    found: dict[str, list[tuple[str, str]]] = {}
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()

        def targets(part: str) -> dict[str, str]:
            folder, file = part.rsplit("/", 1)
            rels = f"{folder}/_rels/{file}.rels"
            if rels not in names:
                return {}
            root = ElementTree.fromstring(archive.read(rels))
            return {
                rel.get("Id"): posixpath.normpath(
                    posixpath.join(folder, rel.get("Target"))
                ).lstrip("/")
                if not rel.get("Target").startswith("/")
                else rel.get("Target").lstrip("/")
                for rel in root.iter(f"{{{PKG_REL}}}Relationship")
            }

        for sheet in load(path).sheetnames:
            part = sheet_part(archive, sheet)
            for drawing in targets(part).values():
                if "/drawings/" not in drawing:
                    continue
                charts_of = targets(drawing)
                root = ElementTree.fromstring(archive.read(drawing))
                for frame in root.iter(f"{{{XDR}}}graphicFrame"):
                    name = frame.find(f".//{{{XDR}}}cNvPr")
                    chart = frame.find(f".//{{{C}}}chart")
                    xml = ElementTree.fromstring(
                        archive.read(charts_of[chart.get(f"{{{R}}}id")])
                    )
                    title = xml.find(f".//{{{C}}}title")
                    text = (
                        "".join(t.text or "" for t in title.iter(f"{{{A}}}t"))
                        if title is not None
                        else ""
                    )
                    found.setdefault(sheet, []).append((name.get("descr", ""), text))
    return found


def test_every_chart_has_a_title_and_says_it_as_alternative_text(revised):
    assert charts(revised[1]) == {
        "Contacts": [("Early Help contacts by locality, month by month",) * 2],
        "Early Help Assessments": [
            ("Early Help Assessment timeliness this month, by area",) * 2
        ],
        "Open and Closed Families": [
            ("Open families by locality, month by month",) * 2
        ],
    }


def test_every_sheet_has_a_name_that_says_what_it_holds(revised):
    """No default name (Sheet1, Chart1...): the tabs a reader moves through."""
    book, sent = revised
    assert load(sent).sheetnames == SENT
    default = re.compile(r"^(Sheet|Chart|Feuil|Tabelle|Hoja|Foglio)\s*\d*$", re.I)
    named = [
        n for n in load(book).sheetnames + load(sent).sheetnames if default.match(n)
    ]
    assert not named


def test_every_rag_colour_has_its_letter(copy, tables):
    """Red, amber and green are told by the letter too, and only RAG cells have them."""
    letters = {}
    for sheet in copy.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if (
                    cell.fill.fill_type == "solid"
                    and cell.fill.fgColor.rgb in RAG_FILLS
                ):
                    letters[(sheet.title, cell.coordinate)] = (
                        cell.value,
                        RAG_FILLS[cell.fill.fgColor.rgb],
                    )
    assert len(letters) > 10
    assert all(value == letter for value, letter in letters.values()), letters
    (summary,) = [t for s, t in tables if t.name == "Summary"]
    column = summary.columns["rag"]
    rag_cells = {
        ("Performance Summary", copy["Performance Summary"].cell(r, column).coordinate)
        for r in summary.rows.values()
        if copy["Performance Summary"].cell(r, column).value
    }
    assert set(letters) == rag_cells


def test_every_dot_colour_has_its_glyph_and_the_glyph_with_polarity_its_meaning(
    copy, tables
):
    """A DOT's colour adds nothing that its arrow and the row's polarity do not say."""
    meanings = {}
    for dot in (*rules.KEY, rules.SAME, rules.NO_DOT):
        info = dot in (rules.INCREASE, rules.STABLE, rules.DECREASE)
        meanings.setdefault((dot.glyph, info), set()).add(dot.colour)
    sheet = copy["Performance Summary"]
    checked = 0
    for _, table in (t for t in tables if t[0] == "Performance Summary"):
        if "dot" not in table.columns:
            continue
        for row in table.rows.values():
            cell = sheet.cell(row, table.columns["dot"])
            if cell.value is None:
                continue
            polarity = sheet.cell(row, table.columns["polarity"]).value
            info = polarity == "Info" and cell.value != rules.NO_DOT.glyph
            # One colour for each arrow and polarity: the colour says no more.
            assert meanings.get((cell.value, info)) == {cell.font.color.rgb[2:]}, (
                cell.coordinate,
                cell.value,
                polarity,
            )
            checked += 1
    assert checked > 50
    # The key, in text, is in the copy: each arrow beside its meaning.
    key_rows = {(sheet.cell(r, 2).value, sheet.cell(r, 3).value) for r in range(1, 15)}
    for dot in (*rules.KEY, rules.NO_DOT):
        assert (dot.glyph, f"- {dot.meaning}") in key_rows


def test_every_yellow_figure_is_also_listed_on_the_revisions_sheet(copy, tables):
    rows = list(copy[cycle.REVISIONS_SHEET].iter_rows(values_only=True))
    header = rows.index(("Figure", "Area", "Period", "As in Issue1 of Mar-19", "Now"))
    listed = [row for row in rows[header + 1 :] if row[0]]
    assert listed == [
        ("1.1 Number", "Rotherham", "Year To Date at Mar-19", "4671", "4673"),
        ("1.1 Number", "Rotherham", "Feb-19", "368", "370"),
    ]
    yellow = [
        (sheet.title, cell)
        for sheet in copy.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.fill.fill_type == "solid" and cell.fill.fgColor.rgb == YELLOW
    ]
    assert len(yellow) == 4
    (summary,) = [t for s, t in tables if t.name == "Summary"]
    sheet = copy["Performance Summary"]
    for name, cell in yellow:
        shown = display(cell.value, cell.number_format)
        # The figure a yellow cell shows is a revision's "Now"...
        assert shown in {row[4] for row in listed}, (name, cell.coordinate)
        if name != "Performance Summary":
            continue
        # ...and on the summary, its row and column name the same figure.
        code = sheet.cell(cell.row, summary.columns["no"]).value
        measure = sheet.cell(cell.row, summary.columns["unit"]).value
        heading = sheet.cell(summary.header_row, cell.column).value
        (line,) = [row for row in listed if row[4] == shown]
        assert line[0] == f"{code} {measure}"
        assert line[2] == heading or (
            line[2].startswith("Year To Date") and heading.startswith("Year To Date")
        )


def test_every_report_table_has_a_header_row_over_every_figure_column(copy, tables):
    assert len(tables) > 30
    for sheet_name, table in tables:
        sheet = copy[sheet_name]
        assert table.header_row is not None, table.name
        assert not sheet.row_dimensions[table.header_row].hidden
        figure_columns = set(table.columns.values()) | {
            cell.column
            for row in table.rows.values()
            for cell in sheet[row]
            if isinstance(cell.value, int | float) and not isinstance(cell.value, bool)
        }
        blank = [
            sheet.cell(table.header_row, column).coordinate
            for column in sorted(figure_columns)
            if not sheet.cell(table.header_row, column).value
        ]
        assert not blank, f"{sheet_name} {table.name}: no heading in {blank}"


def test_merged_cells_hold_only_the_officers_commentary_never_a_table(copy, tables):
    """A screen reader reads a merge as one cell; over a table it hides cells.

    The one merge is each detail sheet's commentary box (row 5, B:N): prose
    the officer types, above the tables, that needs the width.
    """
    merges = {
        (sheet.title, str(cells))
        for sheet in copy.worksheets
        for cells in sheet.merged_cells.ranges
    }
    assert merges == {(sheet, "B5:N5") for sheet in DETAIL}
    for sheet_name, table in tables:
        rows = {table.header_row, table.group_row, *table.rows.values()} - {None}
        for cells in copy[sheet_name].merged_cells.ranges:
            assert not rows & set(range(cells.min_row, cells.max_row + 1)), (
                sheet_name,
                table.name,
                str(cells),
            )
    for sheet in DETAIL:
        assert copy[sheet]["B4"].value == "Performance Analysis"
        assert not isinstance(copy[sheet]["B5"].value, int | float)
