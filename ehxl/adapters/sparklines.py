"""What openpyxl cannot write, added to the saved XML: sparklines, charts' alt text."""

from __future__ import annotations

import posixpath
import re
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
                elif DRAWING.match(item.filename):
                    data = _with_alt_text(archive, item.filename, data)
                out.writestr(item, data)


DRAWING = re.compile(r"^xl/drawings/drawing\d+\.xml$")
# Excel writes these elements with prefixes (xdr:, c:), openpyxl without.
_FRAME = re.compile(rb"<(?:xdr:)?graphicFrame.*?</(?:xdr:)?graphicFrame>", re.S)
_CHART_ID = re.compile(rb'<c:chart [^>]*r:id="([^"]+)"')
_NAME = re.compile(rb"<((?:xdr:)?cNvPr) ([^>]*?)\s*(/?)>")
_TITLE = re.compile(rb"<(?:c:)?title>.*?</(?:c:)?title>", re.S)
_TEXT = re.compile(rb"<a:t>(.*?)</a:t>", re.S)


def _with_alt_text(archive: zipfile.ZipFile, name: str, data: bytes) -> bytes:
    """Give every chart of a drawing its title as alternative text.

    openpyxl writes no ``descr`` for a chart, so a screen reader would meet
    only "Chart 1"; the title says what the chart shows.
    """
    folder, file = name.rsplit("/", 1)
    rels_name = f"{folder}/_rels/{file}.rels"
    if rels_name not in archive.namelist():
        return data
    rels = ElementTree.fromstring(archive.read(rels_name))
    targets = {
        r.get("Id"): r.get("Target") for r in rels.iter(f"{{{PKG_REL}}}Relationship")
    }

    def titled(frame: re.Match) -> bytes:
        xml = frame.group(0)
        chart_id = _CHART_ID.search(xml)
        name_tag = _NAME.search(xml)
        if chart_id is None or name_tag is None or b"descr=" in name_tag.group(0):
            return xml
        target = targets.get(chart_id.group(1).decode(), "")
        # A target is relative to the drawing's folder, or absolute from the root.
        part = posixpath.normpath(posixpath.join(folder, target)).lstrip("/")
        if not target or part not in archive.namelist():
            return xml
        title = _TITLE.search(archive.read(part))
        text = b"".join(_TEXT.findall(title.group(0))) if title else b""
        if not text:
            return xml
        element, attributes, end = name_tag.group(1, 2, 3)
        tag = b'<%s %s descr="%s"%s>' % (element, attributes, text, end)
        return xml.replace(name_tag.group(0), tag, 1)

    return _FRAME.sub(titled, data)


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
