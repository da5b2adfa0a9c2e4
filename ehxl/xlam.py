"""The add-in file, ehxl.xlam: built from xlwings' own template, without Excel.

xlwings ships an add-in with a ribbon, ``quickstart_addin_ribbon.xlam``,
whose button runs ``import <add-in name>; <add-in name>.main()`` through its
own VBA (``RibbonMyAddin.RunMain``). Named ``ehxl.xlam`` it runs
``ehxl.main()``: the Refresh button. The build copies the template part by
part and puts the Early Help ribbon (``macros/customUI.xml``) in place of
the template's; the VBA project is the template's, byte for byte.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from importlib import resources
from pathlib import Path

from ehxl.errors import EhxlError

NAME = "ehxl.xlam"
MACRO = "EhxlRibbon.bas"
# The template's VBA names its config after its PROJECT_NAME.
PROJECT = "myaddin"
CONFIG = f"{PROJECT}.conf"
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

    The Issue button's macro, ``EhxlRibbon.bas``, is copied beside it, to
    import once in Excel.

    Raises:
        EhxlError: the template's ribbon is not where the build expects it
            (a new xlwings), or the folder cannot be written.
    """
    if Path(folder).suffix.lower() == ".xlam":
        raise EhxlError(
            f"{folder}: give the folder to build in. The add-in is always "
            f"{NAME}: its name is what makes Refresh run ehxl.main()."
        )
    source = template()
    target = Path(folder) / NAME
    partial = target.with_name(f".{NAME}.partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(source) as inside:
            if RIBBON_PART not in inside.namelist():
                raise EhxlError(
                    f"{source} has no {RIBBON_PART}: the add-in template of this "
                    "xlwings is not the one ehxl was built against. Install the "
                    "xlwings version in ehxl's requirements."
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
        shutil.copyfile(macro(), target.with_name(MACRO))
    except OSError as exc:
        raise EhxlError(f"{target}: cannot write the add-in there ({exc}).") from exc
    finally:
        if partial.exists():
            partial.unlink()
    return target


def macro() -> Path:
    """The Issue button's VBA module, to import once in Excel."""
    return Path(str(resources.files("ehxl") / "macros" / MACRO))


def install() -> tuple[Path, Path]:
    """Build the add-in and put it where Excel loads add-ins, through xlwings.

    ``xlwings addin install --file`` copies it to Excel's startup folder (it
    asks Excel where that is; on macOS it also enables RunPython). Then the
    add-in is told which Python to run, this one, in the config file its
    VBA reads (see ``config_file``).

    Returns:
        Where the add-in and its config file now are.

    Raises:
        EhxlError: not on Windows or macOS, or xlwings did not install it.
    """
    if not sys.platform.startswith(("win", "darwin")):
        raise EhxlError(
            "Excel add-ins are installed on Windows or macOS, with Excel on the "
            "same computer. Here, `ehxl addin build` makes ehxl.xlam; to install "
            "it, install ehxl on the officer's PC and run `ehxl addin install` "
            "there."
        )
    with tempfile.TemporaryDirectory(prefix="ehxl-addin-") as folder:
        built = build(Path(folder))
        _xlwings("addin", "install", "--file", str(built))
    said = _xlwings("addin", "status", "--file", NAME)
    found = re.search(r"installed at (.+)", said)
    if found is None or not Path(found[1].strip()).is_file():
        raise EhxlError(f"xlwings did not install {NAME}: {said.strip()}")
    return Path(found[1].strip()), write_config()


def _xlwings(*arguments: str) -> str:
    """Run the xlwings command beside this Python; return what it printed."""
    command = shutil.which("xlwings", path=str(Path(sys.executable).parent))
    if command is None:
        raise EhxlError(
            "The xlwings command is not installed beside this Python "
            f"({sys.executable}). Install ehxl with pip in this environment again."
        )
    result = subprocess.run(
        [command, *arguments], capture_output=True, text=True, check=False
    )
    said = result.stdout + result.stderr
    if result.returncode != 0:
        raise EhxlError(f"`xlwings {' '.join(arguments)}` failed: {said.strip()}")
    return said


def config_file(platform: str = sys.platform, home: Path | None = None) -> Path:
    """The config file the add-in's VBA reads, for its PROJECT_NAME ``myaddin``.

    As the template's ``GetConfigFilePath`` has it: ``.myaddin/myaddin.conf``
    in the user's folder on Windows, ``myaddin.conf`` in Excel's sandboxed
    home on macOS.
    """
    home = home or Path.home()
    if platform.startswith("darwin"):
        return home / "Library/Containers/com.microsoft.Excel/Data" / CONFIG
    return home / f".{PROJECT}" / CONFIG


def write_config(
    platform: str = sys.platform,
    home: Path | None = None,
    python: Path | None = None,
) -> Path:
    """Tell the add-in which Python to run; keep the file's other settings."""
    path = config_file(platform, home)
    mac = platform.startswith("darwin")
    key = "INTERPRETER_MAC" if mac else "INTERPRETER_WIN"
    python = python or Path(sys.executable)
    # pythonw runs without a console window flashing up on Windows.
    windowless = python.with_name("pythonw.exe")
    if not mac and windowless.is_file():
        python = windowless
    kept = []
    if path.is_file():
        kept = [
            line
            for line in path.read_text(encoding="utf-8").splitlines()
            if not line.upper().startswith(f'"{key}"')
        ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join([*kept, f'"{key}","{python}"']) + "\n", encoding="utf-8")
    return path
