"""LibreOffice, an independent client, opens what ehxl writes and prints it."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from ehxl.issue import issue_file
from ehxl.refresh import refresh_file

SOFFICE = shutil.which("soffice")
PDFTOTEXT = shutil.which("pdftotext")

if not (SOFFICE and PDFTOTEXT):
    if os.environ.get("CI"):
        raise RuntimeError("CI must install LibreOffice and poppler-utils (.ci/run)")
    pytest.skip(
        "LibreOffice or poppler-utils is not installed", allow_module_level=True
    )

RAG_COLOURS = {"R": (255, 0, 0), "A": (255, 192, 0), "G": (0, 176, 80)}


@pytest.fixture(scope="module")
def printed(march_book, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("lo")
    profile = folder / "profile"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(march_book),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return folder / (march_book.stem + ".pdf")


def pdf_text(pdf: Path) -> str:
    result = subprocess.run(
        [PDFTOTEXT, "-layout", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def test_every_sheet_prints(printed):
    text = pdf_text(printed)
    headings = [
        "Document Details",
        "Performance Summary",
        "CONTACTS",
        "TRIAGE",
        "EARLY HELP ASSESSMENT - COMPLETED BY PARTNERS",
        "CASELOAD",
        "FAMILIES FOR CHANGE",
        "CHILDREN'S CENTRES",
        "NEETS AND NOT KNOWNS",
        "EDUCATION",
        "YOUTH OFFENDING TEAM",
        "CUSTOMER FEEDBACK",
        "QUALITY ASSURANCE",
        "Loaded",
        "YTD rule",
        "Borough area",
    ]
    missing = [heading for heading in headings if heading not in text]
    assert not missing


def test_the_printed_summary_has_the_seed_key_figures(printed):
    text = pdf_text(printed)
    for figure in ("4671", "1152", "62.9%", "725", "As at Month End March 2019"):
        assert figure in text


def pixels(pdf: Path, page: int) -> set[tuple[int, int, int]]:
    """Render one page with pdftoppm (PPM) and return the colours on it."""
    out = pdf.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-r", "40", "-f", str(page), "-l", str(page), str(pdf), str(out)],
        check=True,
        capture_output=True,
    )
    image = next(pdf.parent.glob(f"{out.name}-*{page}.ppm")).read_bytes()
    # A binary PPM: "P6 width height 255" then RGB bytes.
    fields = image.split(maxsplit=4)
    data = fields[4]
    return {tuple(data[i : i + 3]) for i in range(0, len(data) - 2, 3)}


def test_the_printed_summary_shows_rag_colours(printed):
    text_pages = pdf_text(printed).split("\f")
    page = next(n for n, t in enumerate(text_pages, start=1) if "RAG (in" in t)
    colours = pixels(printed, page)
    for letter, rgb in RAG_COLOURS.items():
        assert rgb in colours, f"no {letter} fill rendered"


@pytest.fixture(scope="module")
def issued_copy(replayed_module):
    """A revision, then an issue with --pdf: the copy and its PDF."""
    book = replayed_module
    rerun = book.parent / "rerun.csv"
    rerun.write_text(
        "Indicator,Measure,Area,Period,Type,Value,Note\n"
        "1.1,Number,Rotherham,Feb-19,,370,\n",
        encoding="utf-8",
    )
    refresh_file(book, rerun)
    return issue_file(book, pdf=True)


@pytest.fixture(scope="module")
def replayed_module(march_book, tmp_path_factory) -> Path:
    copy = tmp_path_factory.mktemp("issue") / "march.xlsx"
    shutil.copyfile(march_book, copy)
    return copy


def test_the_copy_sent_opens_and_prints_in_libreoffice(issued_copy):
    assert issued_copy.pdf == issued_copy.copy.with_suffix(".pdf")
    text = pdf_text(issued_copy.pdf)
    for heading in ("Document Details", "Issue2", "Revisions", "4671", "370"):
        assert heading in text
    assert "1.1 Number" in text and "368" in text  # the revision, listed in text
    for sheet_only_in_the_workbook in ("YTD rule", "Borough area"):
        assert sheet_only_in_the_workbook not in text


def test_the_copys_revision_prints_yellow(issued_copy):
    pages = pdf_text(issued_copy.pdf).split("\f")
    page = next(n for n, t in enumerate(pages, start=1) if "RAG (in" in t)
    assert (255, 255, 0) in pixels(issued_copy.pdf, page)
