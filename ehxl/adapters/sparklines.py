"""Excel sparklines, which openpyxl can neither read nor write, added to saved XML."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from defusedxml import ElementTree

# Sparklines live in a worksheet extension that Excel 2010 introduced; the
# uri below is the one Excel requires for sparkline groups.
SPARKLINE_EXT_URI = "{05C60535-1F16-4fd2-B633-F4F36F0B64E0}"
X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
XM = "http://schemas.microsoft.com/office/excel/2006/main"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"


@dataclass(frozen=True)
class SparklineSpec:
    """A line sparkline in ``cell`` drawn from ``source`` (both A1 references)."""

    cell: str
    source: str


def _group(sheet_name: str, specs: list[SparklineSpec]) -> str:
    quoted = "'" + sheet_name.replace("'", "''") + "'"
    lines = "".join(
        f"<x14:sparkline><xm:f>{escape(quoted)}!{spec.source}</xm:f>"
        f"<xm:sqref>{spec.cell}</xm:sqref></x14:sparkline>"
        for spec in specs
    )
    return (
        f'<ext uri="{SPARKLINE_EXT_URI}" xmlns:x14="{X14}">'
        f'<x14:sparklineGroups xmlns:xm="{XM}">'
        '<x14:sparklineGroup displayEmptyCellsAs="gap" markers="1">'
        '<x14:colorSeries rgb="FF1F4E79"/><x14:colorNegative rgb="FFC00000"/>'
        '<x14:colorAxis rgb="FF000000"/><x14:colorMarkers rgb="FF1F4E79"/>'
        '<x14:colorFirst rgb="FF1F4E79"/><x14:colorLast rgb="FF1F4E79"/>'
        '<x14:colorHigh rgb="FF1F4E79"/><x14:colorLow rgb="FF1F4E79"/>'
        f"<x14:sparklines>{lines}</x14:sparklines>"
        "</x14:sparklineGroup></x14:sparklineGroups></ext>"
    )


def sheet_part(archive: zipfile.ZipFile, sheet_name: str) -> str:
    """Return the zip path of a worksheet's XML, found through the workbook's rels."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {
        rel.get("Id"): rel.get("Target")
        for rel in rels.iter(f"{{{PKG_REL}}}Relationship")
    }
    for sheet in workbook.iter(f"{{{MAIN}}}sheet"):
        if sheet.get("name") == sheet_name:
            target = targets[sheet.get(f"{{{REL}}}id")]
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    raise KeyError(sheet_name)


def add(source: Path, target: Path, sheets: dict[str, list[SparklineSpec]]) -> None:
    """Copy the workbook ``source`` to ``target`` with sparklines added.

    Args:
        source: a workbook as openpyxl saved it.
        target: where to write the copy.
        sheets: the sparklines of each sheet, by sheet name.
    """
    with zipfile.ZipFile(source) as archive:
        parts = {
            sheet_part(archive, name): (name, specs)
            for name, specs in sheets.items()
            if specs
        }
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
            for item in archive.infolist():
                data = archive.read(item.filename)
                if item.filename in parts:
                    name, specs = parts[item.filename]
                    data = _with_group(
                        data.decode("utf-8"), _group(name, specs)
                    ).encode("utf-8")
                out.writestr(item, data)


def _with_group(xml: str, group: str) -> str:
    if "</extLst>" in xml:
        return xml.replace("</extLst>", group + "</extLst>", 1)
    end = xml.rindex("</worksheet>")
    return xml[:end] + "<extLst>" + group + "</extLst>" + xml[end:]


def read(path: Path, sheet_name: str) -> list[tuple[str, str]]:
    """Return the (cell, source) pairs of a sheet's sparklines, for checks."""
    with zipfile.ZipFile(path) as archive:
        root = ElementTree.fromstring(archive.read(sheet_part(archive, sheet_name)))
    return [
        (line.find(f"{{{XM}}}sqref").text, line.find(f"{{{XM}}}f").text)
        for line in root.iter(f"{{{X14}}}sparkline")
    ]
