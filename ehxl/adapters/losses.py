"""What a workbook holds that openpyxl would drop on a load and save."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from ehxl.adapters import sparklines

# Parts openpyxl does not carry over, by the folder they live in.
DROPPED_PARTS = {
    "xl/slicers/": "slicers",
    "xl/timelines/": "timelines",
    "xl/threadedComments/": "threaded comments",
    "xl/ctrlProps/": "form controls (buttons, check boxes)",
    "xl/activeX/": "ActiveX controls",
}
# Drawing and sheet XML that openpyxl reads past and does not write again.
DROPPED_XML = {
    re.compile(rb"<xdr:sp[ >]"): "text boxes or shapes",
    re.compile(rb"<xdr:pic[ >]"): "pictures",
    re.compile(rb"<x14:dataValidations[ >]"): "data validations of a newer kind",
    re.compile(
        rb"<x14:conditionalFormattings[ >]"
    ): "conditional formats of a newer kind",
}


def scan(path: Path) -> list[str]:
    """List what a load and save with openpyxl would lose (sparklines aside).

    Args:
        path: a workbook file.

    Returns:
        One line per kind of part, naming where it is, e.g.
        "text boxes or shapes (xl/drawings/drawing1.xml)".
    """
    found = []
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        for folder, what in DROPPED_PARTS.items():
            parts = [n for n in names if n.startswith(folder)]
            if parts:
                found.append(f"{what} ({parts[0]})")
        if "xl/vbaProject.bin" in names and path.suffix.lower() != ".xlsm":
            found.append("macros (xl/vbaProject.bin)")
        for name in names:
            if not name.endswith(".xml") or not name.startswith(
                ("xl/drawings/", "xl/worksheets/")
            ):
                continue
            data = archive.read(name)
            found += [
                f"{what} ({name})"
                for pattern, what in DROPPED_XML.items()
                if pattern.search(data)
            ]
    return found


def sheet_sparklines(path: Path, sheet_names: list[str]) -> set[tuple[str, str]]:
    """The (sheet, cell) of every sparkline in the workbook."""
    held = set()
    with zipfile.ZipFile(path) as archive:
        for name in sheet_names:
            try:
                part = sparklines.sheet_part(archive, name)
            except KeyError:
                continue
            if b"sparklineGroup" in archive.read(part):
                held |= {(name, cell) for cell, _ in sparklines.read(path, name)}
    return held
