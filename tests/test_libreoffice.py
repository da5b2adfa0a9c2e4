"""LibreOffice, an independent client, opens what ehxl writes and prints it.

One LibreOffice run prints the replayed year's workbook, the copy sent after
a revision (1.1 Number Feb-19 re-run as 370), that workbook as refreshed
before the issue (its yellow is conditional formatting), and a workbook whose
formula cells carry stale values. Its profile sets ``OOXMLRecalcMode`` to
always, as LibreOffice otherwise prints the value a cell carries instead of
working its formula out. The pages are then read as a reader meets them: the
text with its place (``pdftotext -bbox``) and the colours (``pdftoppm``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from html import unescape
from pathlib import Path

import openpyxl
import pytest
from conftest import display, february_rerun, load, revision_marks

from ehxl.issue import IssueOutcome, issue_file
from ehxl.refresh import refresh_file

SOFFICE = shutil.which("soffice")
PDFTOTEXT = shutil.which("pdftotext")
PDFTOPPM = shutil.which("pdftoppm")

if not (SOFFICE and PDFTOTEXT and PDFTOPPM):
    if os.environ.get("CI"):
        raise RuntimeError("CI must install LibreOffice and poppler-utils (.ci/run)")
    pytest.skip(
        "LibreOffice or poppler-utils is not installed", allow_module_level=True
    )

YELLOW = (255, 255, 0)
RAG_COLOURS = {"R": (255, 0, 0), "A": (255, 192, 0), "G": (0, 176, 80)}
RAG_FILLS = {"FFFF0000": "R", "FFFFC000": "A", "FF00B050": "G"}
# LibreOffice's setting "Recalculation on file load" for Excel 2007 and newer
# files: 0 is always, 1 never (its default), 2 ask (never, when headless).
RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop
 oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""
DPI = 150
SCALE = DPI / 72
# Points around a word that are read for its cell's fill.
MARGIN = 1.5


def convert(files: list[Path], folder: Path, recalc: bool = True) -> list[Path]:
    """Print workbooks to PDF in one LibreOffice run, with a profile of its own."""
    profile = folder / "profile"
    if recalc:
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(
            RECALC_ALWAYS, encoding="utf-8"
        )
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return [folder / (path.stem + ".pdf") for path in files]


@dataclass(frozen=True)
class Word:
    """A word printed on a page, and its box in points."""

    text: str
    left: float
    top: float
    right: float
    bottom: float

    def beside(self, other: Word) -> bool:
        """On the same line: the two boxes overlap by half a line or more."""
        overlap = min(self.bottom, other.bottom) - max(self.top, other.top)
        return overlap > (self.bottom - self.top) / 2

    def overlaps(self, other: Word) -> bool:
        """Printed over each other: more than lines of a paragraph touch."""
        height = min(self.bottom - self.top, other.bottom - other.top)
        return (
            min(self.right, other.right) - max(self.left, other.left) > 0.5
            and min(self.bottom, other.bottom) - max(self.top, other.top) > height / 2
        )


_PAGE = re.compile(r"<page [^>]*>(.*?)</page>", re.S)
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
    r"(.*?)</word>"
)


@dataclass
class Printed:
    """A workbook and its PDF, read page by page and sheet by sheet."""

    book: Path
    pdf: Path

    @cached_property
    def pages(self) -> list[list[Word]]:
        html = subprocess.run(
            [PDFTOTEXT, "-bbox", str(self.pdf), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        return [
            [
                Word(unescape(text), float(a), float(b), float(c), float(d))
                for a, b, c, d, text in _WORD.findall(page)
            ]
            for page in _PAGE.findall(html)
        ]

    @cached_property
    def workbook(self) -> openpyxl.Workbook:
        return load(self.book)

    @cached_property
    def sheets(self) -> dict[str, list[int]]:
        """The pages (0-based) each printed sheet is on, in the workbook's order.

        A sheet's first page starts with its first row's text (or the part of
        it that fits the page).
        """
        found: dict[str, list[int]] = {}
        printed = [s for s in self.workbook.worksheets if s.sheet_state == "visible"]
        current = -1
        for number, words in enumerate(self.pages):
            top = [word.text for word in top_line(words)]
            if current + 1 < len(printed):
                heading = first_row_words(printed[current + 1])
                if top and heading[: len(top)] == top:
                    current += 1
            if current >= 0:
                found.setdefault(printed[current].title, []).append(number)
        return found

    def words(self, sheet: str) -> list[Word]:
        return [word for page in self.sheets[sheet] for word in self.pages[page]]

    def text(self, sheet: str) -> str:
        return " ".join(word.text for word in self.words(sheet))

    def image(self, page: int) -> Image:
        """One page rendered by pdftoppm (0-based)."""
        stem = self.pdf.with_name(f"{self.pdf.stem}-page")
        subprocess.run(
            [
                PDFTOPPM,
                "-r",
                str(DPI),
                "-f",
                str(page + 1),
                "-l",
                str(page + 1),
                str(self.pdf),
                str(stem),
            ],
            check=True,
            capture_output=True,
        )
        (rendered,) = self.pdf.parent.glob(f"{stem.name}-*{page + 1}.ppm")
        image = Image(rendered)
        rendered.unlink()
        return image


class Image:
    """A page as pdftoppm renders it (a binary PPM), read for its colours."""

    def __init__(self, path: Path) -> None:
        # "P6 width height 255" then the pixels, three bytes each.
        _, width, height, _, self.data = path.read_bytes().split(maxsplit=4)
        self.width, self.height = int(width), int(height)
        self._found: dict[tuple[int, int, int], set[tuple[int, int]]] = {}

    def pixels(self, rgb: tuple[int, int, int]) -> set[tuple[int, int]]:
        """The (x, y) of every pixel of a colour."""
        if rgb not in self._found and bytes(rgb) not in self.data:
            self._found[rgb] = set()
        if rgb not in self._found:
            pattern = re.compile(b"(?=" + re.escape(bytes(rgb)) + b")")
            self._found[rgb] = {
                divmod(match.start() // 3, self.width)[::-1]
                for match in pattern.finditer(self.data)
                if match.start() % 3 == 0
            }
        return self._found[rgb]

    def filled(self, word: Word, rgb: tuple[int, int, int]) -> bool:
        """The word prints on a fill of that colour: a fifth of its box and margin."""
        found = self.pixels(rgb)
        if not found:
            return False
        xs = range(
            int((word.left - MARGIN) * SCALE), int((word.right + MARGIN) * SCALE)
        )
        ys = range(
            int((word.top - MARGIN) * SCALE), int((word.bottom + MARGIN) * SCALE)
        )
        inside = sum((x, y) in found for y in ys for x in xs)
        return inside * 5 >= max(1, len(xs) * len(ys))


def top_line(words: list[Word]) -> list[Word]:
    """The words of a page's top line, left to right."""
    if not words:
        return []
    top = min(word.top for word in words)
    return sorted((w for w in words if w.top - top < 2), key=lambda w: w.left)


def first_row_words(sheet) -> list[str]:
    for row in sheet.iter_rows():
        words = [w for cell in row for w in shown(sheet, cell).split()]
        if words:
            return words
    return []


def shown(sheet, cell) -> str:
    """A cell's text as printed, or "" for a hidden or empty one."""
    if (
        cell.value is None
        or isinstance(cell.value, bool)
        or not isinstance(cell.value, int | float | str)
        or sheet.row_dimensions[cell.row].hidden
        or sheet.column_dimensions[cell.column_letter].hidden
    ):
        return ""
    return display(cell.value, cell.number_format)


def stale_workbook(path: Path) -> Path:
    """A workbook whose formulas (=2+3, =A1*7) carry stale values, 99 and 98."""
    book = openpyxl.Workbook()
    book.active.title = "Check"
    book.active["A1"] = "=2+3"
    book.active["A2"] = "=A1*7"
    plain = path.with_name("plain.xlsx")
    book.save(plain)
    with zipfile.ZipFile(plain) as old, zipfile.ZipFile(path, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<f>2+3</f><v />", b"<f>2+3</f><v>99</v>")
                data = data.replace(b"<f>A1*7</f><v />", b"<f>A1*7</f><v>98</v>")
                assert b"<v>99</v>" in data and b"<v>98</v>" in data
            new.writestr(item, data)
    return path


@dataclass
class Revised:
    """The replayed year after a re-run of 1.1 Number Feb-19 as 370."""

    refreshed: Path
    issued: IssueOutcome


@pytest.fixture(scope="module")
def revised(march_book, tmp_path_factory) -> Revised:
    """Refreshed with the revision (kept as it was), then issued with --pdf."""
    folder = tmp_path_factory.mktemp("issue")
    book = folder / "march.xlsx"
    shutil.copyfile(march_book, book)
    refresh_file(book, february_rerun(folder))
    refreshed = tmp_path_factory.mktemp("refreshed") / "refreshed.xlsx"
    shutil.copyfile(book, refreshed)
    return Revised(refreshed, issue_file(book, pdf=True))


@pytest.fixture(scope="module")
def printed(march_book, revised, tmp_path_factory) -> dict[str, Printed]:
    folder = tmp_path_factory.mktemp("lo")
    books = {
        "book": march_book,
        "copy": revised.issued.copy,
        "refreshed": revised.refreshed,
        "stale": stale_workbook(folder / "stale.xlsx"),
    }
    pdfs = convert(list(books.values()), folder)
    return {
        name: Printed(book, pdf)
        for (name, book), pdf in zip(books.items(), pdfs, strict=True)
    }


def test_libreoffice_works_formulas_out_on_load_with_the_tests_profile(printed):
    pages = printed["stale"].pages
    assert [word.text for page in pages for word in page] == ["5", "35"]


def test_without_the_setting_libreoffice_prints_the_stale_values(printed, tmp_path):
    (pdf,) = convert([printed["stale"].book], tmp_path, recalc=False)
    pages = Printed(printed["stale"].book, pdf).pages
    assert [word.text for page in pages for word in page] == ["99", "98"]


@pytest.mark.parametrize("name", ["book", "copy"])
def test_every_sheet_prints_every_text_in_full(printed, name):
    """Each sheet starts a page, and each word of each cell is on its pages.

    A wrapped heading in a row too low prints clipped to its last line; a
    label cut off by the figure beside it loses its end. A word broken across
    two lines of its cell counts as printed.
    """
    result = printed[name]
    visible = [s for s in result.workbook.worksheets if s.sheet_state == "visible"]
    assert list(result.sheets) == [sheet.title for sheet in visible]
    report = {"Cover", "Revisions", "Performance Summary"} | {
        s.title for s in visible if s.column_dimensions["A"].hidden
    }
    for sheet in visible:
        if sheet.title not in report:
            continue  # the officer's sheets: that they print is enough
        have = Counter(word.text for word in result.words(sheet.title))
        need = Counter(
            word
            for row in sheet.iter_rows()
            for cell in row
            for word in shown(sheet, cell).split()
        )
        missing = [
            word
            for word in need - have
            if not any(
                word[:k] in have and word[k:] in have for k in range(1, len(word))
            )
        ]
        assert not missing, f"{sheet.title}: {missing[:10]} not printed"


def crossed_words(result: Printed, sheet: str) -> list[tuple[int, str, str]]:
    """Words of a sheet printed over each other: (page, word, word)."""
    found = []
    for page in result.sheets[sheet]:
        words = result.pages[page]
        found += [
            (page + 1, a.text, b.text)
            for i, a in enumerate(words)
            for b in words[i + 1 :]
            if a.overlaps(b)
        ]
    return found


@pytest.mark.parametrize("name", ["book", "copy"])
def test_no_two_words_print_over_each_other(printed, name):
    """The Cover's paragraphs, the tables' wrapped headings and labels fit."""
    result = printed[name]
    report = list(result.sheets)[: list(result.sheets).index("HR") + 1]
    for sheet in report:
        if sheet == "Performance Summary":
            continue  # below
        crossed = crossed_words(result, sheet)
        assert not crossed, f"{sheet}: {crossed[:5]}"


def test_no_two_words_of_the_summary_print_over_each_other(printed):
    assert not crossed_words(printed["copy"], "Performance Summary")


def test_the_printed_summary_has_the_seed_key_figures(printed):
    text = printed["book"].text("Performance Summary")
    for figure in ("4671", "1152", "62.9%", "725", "As at Month End March 2019"):
        assert figure in text
    copy = printed["copy"].text("Performance Summary")
    for figure in ("4673", "370", "1152", "62.9%", "725"):
        assert figure in copy


def test_the_copy_sent_opens_and_prints_in_libreoffice(revised):
    """ehxl issue --pdf prints the copy, with its own LibreOffice profile."""
    issued = revised.issued
    assert issued.pdf == issued.copy.with_suffix(".pdf")
    text = subprocess.run(
        [PDFTOTEXT, str(issued.pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    for heading in ("Document Details", "Issue2", "Revisions", "4673", "370"):
        assert heading in text
    assert "1.1 Number" in text and "368" in text  # the revision, listed in text
    for sheet_only_in_the_workbook in ("YTD rule", "Borough area"):
        assert sheet_only_in_the_workbook not in text


def yellow_cells(name: str, result: Printed) -> list[tuple[str, int, int]]:
    """Where the file puts yellow: a fill (the copy), or a revision mark."""
    if name == "refreshed":
        found = []
        for sheet, cells in revision_marks(result.book):
            for reference in cells.split():
                cell = result.workbook[sheet][reference]
                found.append((sheet, cell.row, cell.column))
        return found
    return [
        (sheet.title, cell.row, cell.column)
        for sheet in result.workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.fill.fill_type == "solid" and cell.fill.fgColor.rgb == "FFFFFF00"
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("book", []),
        (
            "copy",
            [
                ("Performance Summary", "370"),
                ("Performance Summary", "4673"),
                ("Contacts", "370"),
                ("Contacts", "4673"),
            ],
        ),
        (
            "refreshed",
            [
                ("Performance Summary", "370"),
                ("Performance Summary", "4673"),
                ("Contacts", "370"),
                ("Contacts", "4673"),
            ],
        ),
    ],
)
def test_yellow_prints_exactly_on_the_revised_figures(printed, name, expected):
    """The revised figures print on yellow, in their rows; no other word does."""
    result = printed[name]
    cells = yellow_cells(name, result)
    assert sorted(
        (sheet, shown(result.workbook[sheet], result.workbook[sheet].cell(r, c)))
        for sheet, r, c in cells
    ) == sorted(expected)
    report = [s for s in result.sheets if s not in {"Input", "Data", "Indicators"}]
    found = []
    for sheet in report:
        for page in result.sheets[sheet]:
            image = result.image(page)
            words = result.pages[page]
            for word in words:
                if image.filled(word, YELLOW):
                    found.append((sheet, word, [w for w in words if w.beside(word)]))
    assert sorted((sheet, word.text) for sheet, word, _ in found) == sorted(expected)
    # Each yellow word is in its cell's row: the words printed either side of
    # it on its line are that row's.
    for sheet, word, line in found:
        rows = [
            r
            for s, r, c in cells
            if s == sheet
            and shown(result.workbook[s], result.workbook[s].cell(r, c)) == word.text
        ]
        row_words = {
            w
            for r in rows
            for cell in result.workbook[sheet][r]
            for w in shown(result.workbook[sheet], cell).split()
        }
        left = [w for w in line if w.right <= word.left]
        right = [w for w in line if w.left >= word.right]
        nearest = [max(left, key=lambda w: w.right)] if left else []
        nearest += [min(right, key=lambda w: w.left)] if right else []
        assert nearest, f"{word.text} on {sheet} prints alone on its line"
        strangers = [w.text for w in nearest if w.text not in row_words]
        assert not strangers, f"{word.text} on {sheet} prints beside {strangers}"


@pytest.mark.parametrize("name", ["book", "copy"])
def test_rag_colours_print_on_their_letters_where_the_summary_has_them(printed, name):
    result = printed[name]
    sheet = result.workbook["Performance Summary"]
    expected = Counter(
        RAG_FILLS[cell.fill.fgColor.rgb]
        for row in sheet.iter_rows()
        for cell in row
        if cell.fill.fill_type == "solid" and cell.fill.fgColor.rgb in RAG_FILLS
    )
    # The letter is in each RAG cell: the colour is not the only sign.
    assert all(
        cell.value == RAG_FILLS[cell.fill.fgColor.rgb]
        for row in sheet.iter_rows()
        for cell in row
        if cell.fill.fill_type == "solid" and cell.fill.fgColor.rgb in RAG_FILLS
    )
    assert sum(expected.values()) > 10
    found: Counter = Counter()
    for page in result.sheets["Performance Summary"]:
        image = result.image(page)
        for word in result.pages[page]:
            for letter, rgb in RAG_COLOURS.items():
                if image.filled(word, rgb):
                    found[(word.text, letter)] += 1
    assert found == Counter({(letter, letter): n for letter, n in expected.items()})
