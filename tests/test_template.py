"""The template: built from template/indicators.csv, shipped in the package."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

from conftest import ROOT, load

from ehxl import catalogue, cli

BUILDER = ROOT / "tools" / "build_template.py"


def built_template(folder: Path) -> Path:
    spec = importlib.util.spec_from_file_location("build_template", BUILDER)
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    builder.TEMPLATE = folder / "template.xlsx"
    builder.main()
    return builder.TEMPLATE


def contents(path: Path) -> dict[str, list[tuple]]:
    book = load(path)
    return {
        sheet.title: [
            tuple((c.value, c.number_format) for c in row) for row in sheet.iter_rows()
        ]
        for sheet in book.worksheets
    }


def test_committed_template_is_built_from_the_catalogue_csv(tmp_path, capsys):
    fresh = built_template(tmp_path)
    assert contents(fresh) == contents(cli.template_path()), (
        "ehxl/template.xlsx is out of date: run python tools/build_template.py"
    )


def test_the_top_level_template_is_the_packaged_one():
    assert (ROOT / "template.xlsx").resolve() == (
        ROOT / "ehxl" / "template.xlsx"
    ).resolve()


def test_template_catalogue_has_every_summary_row_and_no_code_names_an_indicator():
    book = load(cli.template_path())
    cells = [
        [(c.value, c.number_format) for c in row]
        for row in book["Indicators"].iter_rows()
    ]
    indicators = catalogue.read(cells)
    assert len(indicators.table("Summary")) == 56
    assert len(indicators.table("Partners")) == 17
    assert indicators["3.2a %"].derived.left == "3.2a Number"
    # Codes are text: 1.1 and 1.10 differ.
    assert all(isinstance(m.indicator, str) for m in indicators.measures)
    codes = {m.indicator for m in indicators.measures}
    for source in (ROOT / "ehxl").rglob("*.py"):
        text = source.read_text(encoding="utf-8")
        named = [code for code in codes if f'"{code}"' in text or f"'{code}'" in text]
        assert not named, f"{source.name} names indicators {named}"


def test_new_never_overwrites_a_workbook(tmp_path, capsys):
    target = tmp_path / "book.xlsx"
    assert cli.run(["new", str(target)]) == 0
    target.write_bytes(b"officer's work")
    assert cli.run(["new", str(target)]) == 1
    assert "never overwrites" in capsys.readouterr().err
    assert target.read_bytes() == b"officer's work"


def test_a_catalogue_mistake_names_its_cell(tmp_path, capsys):
    book = cli.new_workbook(tmp_path / "book.xlsx")
    workbook = load(book)
    sheet = workbook["Indicators"]
    header = [c.value for c in sheet[1]]
    sheet.cell(2, header.index("Polarity") + 1, "Higher")
    sheet.cell(3, header.index("YTD rule") + 1, "total")
    workbook.save(book)
    before = book.read_bytes()
    extract = shutil.copy(ROOT / "workbook" / "extracts" / "2019-03.csv", tmp_path)
    assert cli.run(["refresh", str(book), "--input", str(extract)]) == 2
    message = capsys.readouterr().err
    assert "Indicators!H2: 'Higher': expected High, Low or Info" in message
    assert "Indicators!O3: 'total': expected one of: sum, latest" in message
    assert book.read_bytes() == before


def test_new_wants_an_xlsx_name(tmp_path, capsys):
    assert cli.run(["new", str(tmp_path / "book")]) == 1
    assert "must end in .xlsx" in capsys.readouterr().err
    assert not (tmp_path / "book").exists()
