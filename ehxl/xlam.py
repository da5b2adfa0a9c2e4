"""The add-in file, ehxl.xlam: built from xlwings' own template, without Excel.

xlwings ships an add-in with a ribbon, ``quickstart_addin_ribbon.xlam``,
whose button runs ``import <add-in name>; <add-in name>.main()`` through its
own VBA (``RibbonMyAddin.RunMain``). Named ``ehxl.xlam`` it runs
``ehxl.main()``: the Refresh button. The build copies the template part by
part and puts the Early Help ribbon (``macros/customUI.xml``) in place of
the template's; the VBA project is the template's, byte for byte.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import zipfile
from importlib import resources
from pathlib import Path

from ehxl.errors import EhxlError

NAME = "ehxl.xlam"
RIBBON_PART = "customUI/customUI.xml"
VBA_PART = "xl/vbaProject.bin"


def template() -> Path:
    """xlwings' add-in template, in the installed xlwings package."""
    return Path(str(resources.files("xlwings") / "quickstart_addin_ribbon.xlam"))


def ribbon() -> bytes:
    """The Early Help tab: Refresh and Issue."""
    return (resources.files("ehxl") / "macros" / "customUI.xml").read_bytes()


def build(folder: Path) -> Path:
    """Write ``folder/ehxl.xlam``, replacing any earlier build there.

    Raises:
        EhxlError: the template's ribbon is not where the build expects it
            (a new xlwings), or the folder cannot be written.
    """
    source = template()
    target = Path(folder) / NAME
    partial = target.with_name(f".{NAME}.partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(source) as inside:
            if RIBBON_PART not in inside.namelist():
                raise EhxlError(
                    f"{source} has no {RIBBON_PART}: this xlwings's add-in template "
                    "is not the one ehxl was built against. Install the xlwings "
                    "version in ehxl's requirements."
                )
            with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as out:
                for item in inside.infolist():
                    data = (
                        ribbon()
                        if item.filename == RIBBON_PART
                        else inside.read(item.filename)
                    )
                    out.writestr(item, data, zipfile.ZIP_DEFLATED)
        partial.replace(target)
    except OSError as exc:
        raise EhxlError(f"{target}: cannot write the add-in there ({exc}).") from exc
    finally:
        if partial.exists():
            partial.unlink()
    return target


def install() -> None:
    """Build the add-in and put it where Excel loads add-ins, through xlwings.

    ``xlwings addin install --file`` copies it to Excel's startup folder
    (it asks Excel where that is), and ``xlwings config create`` tells the
    add-in which Python to run: this one.

    Raises:
        EhxlError: not on Windows or macOS, or xlwings could not install it.
    """
    if not sys.platform.startswith(("win", "darwin")):
        raise EhxlError(
            "Excel add-ins are installed on Windows or macOS. On this computer "
            "`ehxl addin build` makes ehxl.xlam; copy it to the officer's PC and "
            "run `ehxl addin install` there (or follow the README's steps)."
        )
    with tempfile.TemporaryDirectory(prefix="ehxl-addin-") as folder:
        _install(build(Path(folder)))


def _install(built: Path) -> None:
    xlwings = shutil.which("xlwings", path=str(Path(sys.executable).parent))
    if xlwings is None:
        raise EhxlError(
            "The xlwings command is not installed beside this Python "
            f"({sys.executable}). Install ehxl with pip in this environment again."
        )
    for command in (
        [xlwings, "addin", "install", "--file", str(built)],
        [xlwings, "config", "create"],
    ):
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            raise EhxlError(
                f"`{' '.join(command[1:])}` failed: "
                f"{(result.stderr or result.stdout).strip()}"
            )
