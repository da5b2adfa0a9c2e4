"""Build ehxl/template.xlsx: the report layout and the seed's catalogue.

Run ``python tools/build_template.py`` after changing template/indicators.csv
or the layout below; tests/test_template.py fails when the committed template
is out of date.
"""

from __future__ import annotations

import copy
import csv
import re
import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ehxl import catalogue, figures, history, rules  # noqa: E402
from ehxl.report import PARTNERS, SUMMARY  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import detail_sheets  # noqa: E402

CATALOGUE_CSV = ROOT / "template" / "indicators.csv"
TEMPLATE = ROOT / "ehxl" / "template.xlsx"

# One look for every table's headings, the summary's and the detail sheets'.
HEADER_FILL = detail_sheets.HEADER_FILL
HEADER_FONT = detail_sheets.HEADER_FONT
BORDER = detail_sheets.BORDER
WRAP = Alignment(wrap_text=True, vertical="top")

SUMMARY_COLUMNS = [
    ("section", "SECTION", 20),
    ("no", "NO.", 6),
    ("name", "INDICATORS - EARLY HELP BOROUGH WIDE PERFORMANCE", 48),
    ("polarity", "GOOD PERF IS", 8),
    ("unit", "DATA NOTE (Monthly)", 14),
    ("m1", "", 10),
    ("m2", "", 10),
    ("m3", "", 10),
    ("ytd", "", 22),
    ("ytd_note", "DATA NOTE", 18),
    ("dot", "DOT (Month on Month)", 8),
    ("rag", "RAG (in month)", 7),
    ("red", "Red", 8),
    ("amber", "Amber", 10),
    ("green", "Green (Target)", 12),
    ("trend1", "", 14),
    ("trend2", "", 14),
    ("trend3", "", 14),
    ("sn_ave", "STAT NEIGH AVE", 12),
    ("sn_best", "BEST STAT NEIGH", 12),
    ("nat_ave", "NAT AVE", 12),
    ("nat_top", "NAT TOP QTILE THRESHOLD", 12),
]
SUMMARY_GROUPS = {
    "m1": "",
    "red": "Target and Tolerances",
    "trend1": "YR ON YR TREND",
    "sn_ave": "LATEST BENCHMARKING",
}
PARTNER_COLUMNS = [
    ("section", "SECTION", 20),
    ("no", "NO.", 6),
    ("name", "INDICATORS - EARLY HELP BOROUGH WIDE PERFORMANCE", 48),
    ("label", "MEASURE", 14),
    ("source", "Data Source", 14),
    ("frequency", "Frequency", 10),
    ("polarity", "Good Performance is", 10),
    ("unit", "Data note", 10),
    ("q1", "", 24),
    ("q2", "", 24),
    ("q3", "", 24),
    ("q4", "", 24),
    ("ytd", "YTD", 24),
    ("dot", "Direction of Travel", 10),
    ("sparkline", "Sparkline", 14),
]

NUMBER_TEXT = re.compile(r"^\d[\d,]*(\.(?P<dp>\d+))?(?P<pc>%)?$")


def cell_value(text: str) -> tuple[object, str]:
    """A catalogue text as the officer would have typed it into Excel."""
    match = NUMBER_TEXT.match(text)
    if not match:
        return (text or None), "General"
    places = len(match["dp"] or "")
    digits = "0" + ("." + "0" * places if places else "")
    number = float(text.rstrip("%").replace(",", ""))
    if match["pc"]:
        return number / 100, digits + "%"
    return (int(number) if places == 0 else number), digits


def header_row(sheet, row: int, titles: list[str]) -> None:
    for column, title in enumerate(titles, start=1):
        cell = sheet.cell(row, column, title)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = WRAP


def build_cover(book: Workbook) -> None:
    sheet = book.active
    sheet.title = "Cover"
    lines = [
        ("Children & Young People Services", Font(bold=True, size=14)),
        (
            "Early Help and Family Engagement Monthly Performance Report",
            Font(bold=True, size=16),
        ),
        ("As at Month End:", Font(bold=True, size=12)),
        (
            "Please note: Data reports are not dynamic. Although care is taken to "
            "ensure data is as accurate as possible every month, delays in data input "
            "can result "
            "in changes in figures when reports are re-run retrospectively.",
            None,
        ),
        (
            "Data items which have been subject to change during the reporting month "
            "are highlighted in yellow. Yellow highlights will then be removed (along "
            "with "
            "obsolete measures) in subsequent months.",
            None,
        ),
        ("Document Details", Font(bold=True, size=12)),
    ]
    for row, (text, font) in enumerate(lines, start=1):
        cell = sheet.cell(row, 1, text)
        if font:
            cell.font = font
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    details = [
        ("Status:", None),
        ("Date Issued:", None),
        ("Created by:", "Performance and Quality Team - Early Help"),
        ("Contact:", "Ext. 00000 / performance.team@example.gov.uk"),
    ]
    for offset, (name, value) in enumerate(details):
        sheet.cell(7 + offset, 1, name).font = Font(bold=True)
        sheet.cell(7 + offset, 2, value)
    sheet.column_dimensions["A"].width = 90
    sheet.column_dimensions["B"].width = 50
    fit_to_width(sheet)
    define(book, "EHXL_AsAt_Cover", "Cover", "A3")
    define(book, "EHXL_Status", "Cover", "B7")
    define(book, "EHXL_DateIssued", "Cover", "B8")


def build_revisions(book: Workbook) -> None:
    """The list of revisions, in text, beside their yellow in the report."""
    sheet = book.create_sheet("Revisions")
    sheet.cell(1, 1, "Revisions").font = Font(bold=True, size=14)
    sheet.cell(
        2,
        1,
        "Figures that have changed since the last issue of the report.",
    )
    for column, width in zip("ABCDE", (60, 16, 26, 18, 18), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    fit_to_width(sheet)


def define(book: Workbook, name: str, sheet: str, ref: str) -> None:
    column, row = re.match(r"([A-Z]+)(\d+)", ref).groups()
    book.defined_names[name] = DefinedName(name, attr_text=f"'{sheet}'!${column}${row}")


def build_summary(book: Workbook, measures: list[catalogue.Measure]) -> None:
    sheet = book.create_sheet("Performance Summary")
    sheet.cell(1, 2, "Performance Summary").font = Font(bold=True, size=14)
    sheet.cell(2, 2, "As at Month End").font = Font(bold=True, size=12)
    define(book, "EHXL_AsAt_Summary", "Performance Summary", "B2")
    sheet.cell(
        3,
        2,
        (
            "\"DOT\" - Direction of travel represents the direction of 'performance' "
            "since the previous month with reference to the polarity of 'good' "
            "performance for that measure. Colours have been added to help distinguish"
            " better and worse performance. Key Below:-"
        ),
    )
    row = 4
    for dot in (*rules.KEY, rules.NO_DOT):
        glyph = sheet.cell(row, 2, dot.glyph)
        glyph.font = Font(bold=True, color="FF" + dot.colour)
        sheet.cell(row, 3, f"- {dot.meaning}")
        row += 1
    sheet.cell(row, 2, "R / A / G").font = Font(bold=True)
    sheet.cell(
        row,
        3,
        "- RAG (in month): Red not on target, Amber within tolerance "
        "of target, Green on target; the letter is shown as well as the colour",
    )
    row += 1
    sheet.cell(
        row,
        2,
        (
            "Data Note: Measured indicated by * are where new reporting arrangements "
            "are in place following implementation of liquid logic. Note: there may be"
            " some areas where the figures have changed."
        ),
    )
    row += 2
    # The summary's column headings stay in view and head every printed page.
    sheet.freeze_panes = f"A{row + 3}"
    sheet.print_title_rows = f"{row + 1}:{row + 2}"
    row = table(sheet, row, SUMMARY, SUMMARY_COLUMNS, SUMMARY_GROUPS, measures, SUMMARY)
    row += 2
    table(sheet, row, PARTNERS, PARTNER_COLUMNS, {"q1": ""}, measures, PARTNERS)
    sheet.column_dimensions["A"].hidden = True
    fit_to_width(sheet)
    # The summary is 22 columns wide: A3, as such scorecards are printed.
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A3


def fit_to_width(sheet) -> None:
    """Print landscape, one page wide, as the issued report does."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def table(sheet, row, name, columns, groups, measures, table_name) -> int:
    sheet.cell(row, 1, f"ehxl:{name}:columns")
    for offset, (key, _, width) in enumerate(columns, start=2):
        sheet.cell(row, offset, key)
        sheet.column_dimensions[get_column_letter(offset)].width = max(
            width, sheet.column_dimensions[get_column_letter(offset)].width or 0
        )
    sheet.row_dimensions[row].hidden = True
    sheet.cell(row + 1, 1, f"ehxl:{name}:group")
    sheet.cell(row + 2, 1, f"ehxl:{name}:header")
    for offset, (key, title, _) in enumerate(columns, start=2):
        group = sheet.cell(row + 1, offset, groups.get(key) or None)
        group.font = Font(bold=True)
        header = sheet.cell(row + 2, offset, title or None)
        header.font = HEADER_FONT
        header.fill = HEADER_FILL
        header.alignment = Alignment(
            wrap_text=True, vertical="center", horizontal="center"
        )
        header.border = BORDER
    row += 3
    name_width = dict((key, width) for key, _, width in columns)["name"]
    sheet.row_dimensions[row - 1].height = 45
    previous = None
    for measure in (m for m in measures if m.table == table_name):
        sheet.cell(row, 1, measure.key)
        # openpyxl cannot measure text, and Excel does not grow a row for
        # wrapped text it did not lay out itself: give long names their lines.
        shown = measure.name if measure.indicator != previous else measure.label
        lines = max(1, -(-len(shown) // int(name_width * 1.1)))
        sheet.row_dimensions[row].height = 15 * lines
        previous = measure.indicator
        for offset, (key, _, _) in enumerate(columns, start=2):
            cell = sheet.cell(row, offset)
            cell.border = BORDER
            cell.alignment = (
                Alignment(vertical="top", horizontal="center")
                if key in ("dot", "rag", "no", "polarity")
                else WRAP
            )
            if key == "section":
                cell.font = Font(bold=True)
        row += 1
    return row


def build_data_sheets(book: Workbook, rows: list[dict[str, str]]) -> None:
    sheet = book.create_sheet("Input")
    header_row(sheet, 1, list(figures.COLUMNS))
    for column in range(1, len(figures.COLUMNS) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 14
    # The Period column is text, so that Excel keeps a typed Mar-19 as written
    # instead of turning it into 19 March of this year.
    # The Indicator column is text too: codes are text, and 1.10 is not 1.1.
    for r in range(2, 2001):
        sheet.cell(r, 1).number_format = "@"
        sheet.cell(r, 4).number_format = "@"
    sheet.freeze_panes = "A2"

    sheet = book.create_sheet("Data")
    header_row(sheet, 1, list(history.COLUMNS))
    sheet.freeze_panes = "A2"

    sheet = book.create_sheet("Indicators")
    names = list(rows[0].keys())
    header_row(sheet, 1, names)
    for r, record in enumerate(rows, start=2):
        for c, name in enumerate(names, start=1):
            text = record[name]
            if name == "Decimals" or name == "Tolerance":
                value, number_format = (int(text) if text else None), "General"
            elif name in catalogue.TEXT_COLUMNS or name in catalogue.REQUIRED:
                value, number_format = text or None, "@"
            else:
                value, number_format = cell_value(text)
            cell = sheet.cell(r, c, value)
            cell.number_format = number_format
    sheet.freeze_panes = "D2"

    sheet = book.create_sheet("Settings")
    header_row(sheet, 1, ["Setting", "Value"])
    for r, (key, title) in enumerate(catalogue.SETTING_NAMES.items(), start=2):
        sheet.cell(r, 1, title)
        value = catalogue.DEFAULT_SETTINGS[key]
        sheet.cell(r, 2, int(value) if value.isdigit() else value)
    sheet.column_dimensions["A"].width = 60
    sheet.column_dimensions["B"].width = 16

    sheet = book.create_sheet("Log")
    header_row(sheet, 1, ["Time", "Level", "Message"])
    sheet.column_dimensions["A"].width = 20
    sheet.column_dimensions["C"].width = 120


# What LibreOffice, which has no Calibri, fits in a column of width 1, and the
# height of a line: at 11 points, normal and bold (narrower: wider letters).
CHARACTERS_PER_WIDTH = {False: 1.1, True: 0.9}
LINE_HEIGHT = 15


def wrapped_lines(text: str, width: float, bold: bool, size: float) -> int:
    """The lines a wrapped text takes in a column, words kept whole if they fit."""
    room = max(1, int(width * CHARACTERS_PER_WIDTH[bold] * 11 / size))
    lines, used = 0, room
    for word in text.split():
        if used + 1 + len(word) <= room:
            used += 1 + len(word)
            continue
        # A new line; a word wider than the column is broken across lines.
        lines += -(-len(word) // room)
        used = len(word) % room or room
    return max(1, lines)


def fit_rows(book: Workbook) -> None:
    """Give each row the height its text needs when printed.

    Neither Excel nor LibreOffice grows a row for wrapped text in a file it
    did not lay out itself: a wrapped heading would print clipped to its last
    line, a long paragraph over the rows below it, and a table row's label
    cut off by the figure beside it (so labels are wrapped). A row is never
    made lower than it was set.
    """
    for sheet in book.worksheets:
        needed: dict[int, float] = {}
        for row in sheet.iter_rows():
            # A table row's label would be cut off by the figure beside it.
            key = row[0].value if sheet.column_dimensions["A"].hidden else None
            label_row = isinstance(key, str) and not key.startswith("ehxl:")
            for cell in row:
                letter = get_column_letter(cell.column)
                if (
                    not isinstance(cell.value, str)
                    or not cell.value
                    or sheet.column_dimensions[letter].hidden
                ):
                    continue
                if label_row and not cell.alignment.wrap_text:
                    wrapped = copy.copy(cell.alignment)
                    wrapped.wrap_text = True
                    cell.alignment = wrapped
                size = float(cell.font.sz or 11)
                lines = 1
                if cell.alignment.wrap_text:
                    width = sheet.column_dimensions[letter].width or 8.43
                    lines = wrapped_lines(cell.value, width, bool(cell.font.b), size)
                height = lines * round(LINE_HEIGHT * size / 11)
                needed[cell.row] = max(needed.get(cell.row, 0), height)
        for number, height in needed.items():
            current = sheet.row_dimensions[number].height or LINE_HEIGHT
            if height > current:
                sheet.row_dimensions[number].height = height


def main() -> None:
    with CATALOGUE_CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    grid = [[(name, "General") for name in rows[0]]]
    grid += [[(value or None, "General") for value in row.values()] for row in rows]
    measures = list(catalogue.read(grid).measures)
    book = Workbook()
    build_cover(book)
    build_revisions(book)
    build_summary(book, measures)
    detail_sheets.build(book, fit_to_width)
    build_data_sheets(book, rows)
    fit_rows(book)
    book.save(TEMPLATE)
    print(f"wrote {TEMPLATE}")


if __name__ == "__main__":
    main()
