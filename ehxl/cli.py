"""The command line: ehxl new, refresh, issue, addin build/install, demo."""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
from importlib import resources
from pathlib import Path

from ehxl import periods, xlam
from ehxl.adapters import backups
from ehxl.errors import EhxlError, ProblemsError
from ehxl.issue import COPIES, issue_file
from ehxl.refresh import refresh_file

log = logging.getLogger("ehxl")

EXIT_PROBLEMS = 2
EXIT_FAILED = 1


def template_path() -> Path:
    """Return the template.xlsx that ships inside the package."""
    return Path(str(resources.files("ehxl") / "template.xlsx"))


def new_workbook(path: Path) -> Path:
    """Make a fresh workbook from the template; never overwrite one.

    Raises:
        EhxlError: the file exists already.
    """
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise EhxlError(f"{path}: a workbook's name must end in .xlsx.")
    if path.exists():
        raise EhxlError(f"{path} exists already; ehxl new never overwrites a workbook.")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(template_path(), path)
    except OSError as exc:
        raise EhxlError(f"{path}: cannot make the workbook there ({exc}).") from exc
    return path


def sample_extracts() -> Path:
    """Find the bundled sample month extracts (workbook/extracts of the project)."""
    for base in (Path(__file__).resolve().parent.parent, Path.cwd()):
        folder = base / "workbook" / "extracts"
        if folder.is_dir():
            return folder
    raise EhxlError(
        "Cannot find the sample extracts (workbook/extracts); run from the "
        "project folder or give --extracts."
    )


def demo(folder: Path, extracts: Path | None = None) -> Path:
    """Replay the sample year: a new workbook refreshed and issued each month.

    The copies issued go in ``folder/issued``; the workbook is
    ``folder/early-help-<last month>.xlsx``.
    """
    extracts = extracts or sample_extracts()
    files = sorted(extracts.glob("*.csv"))
    if not files:
        raise EhxlError(f"No .csv extracts in {extracts}.")
    folder = Path(folder)
    issued = folder / "issued"
    issued.mkdir(parents=True, exist_ok=True)
    # The demo's own copies from an earlier run (and only those) make way.
    for stale in issued.glob(COPIES):
        stale.unlink()
    working = issued / ".early-help-demo-in-progress.xlsx"
    if working.exists():
        working.unlink()
    shutil.copyfile(template_path(), working)
    outcome = None
    # Each month's warnings are the same catalogue warnings; say them once.
    quiet = logging.getLogger("ehxl.refresh")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        for extract in files:
            # The demo's workbook is made again each run: no backups.
            outcome = refresh_file(working, extract, backup=False)
            sent = issue_file(working, backup=False)
            print(
                f"{extract.name}: {periods.label(outcome.month)} refreshed, "
                f"{outcome.loaded} figures, {len(outcome.changes)} changed; "
                f"issued {sent.copy.name}"
            )
    finally:
        quiet.setLevel(level)
    for warning in outcome.warnings:
        log.warning("%s", warning)
    target = folder / f"early-help-{outcome.month:%Y-%m}.xlsx"
    working.replace(target)
    return target


def _backup_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--no-backup",
        dest="backup",
        action="store_false",
        help=f"keep no copy of the version replaced (kept by default in "
        f"'{backups.FOLDER}' beside the workbook, the newest {backups.KEEP})",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ehxl", description="Refresh the Early Help performance report workbook."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    new = commands.add_parser("new", help="make a new workbook from the template")
    new.add_argument("book", type=Path)

    refresh = commands.add_parser(
        "refresh", help="load the month's figures and refresh"
    )
    refresh.add_argument("book", type=Path)
    refresh.add_argument(
        "--input", type=Path, help="an extract (.csv or .xlsx) to load instead of Input"
    )
    refresh.add_argument(
        "--month",
        help="the month to report, e.g. 2019-03 (default: the latest in Data)",
    )
    _backup_option(refresh)

    issue = commands.add_parser(
        "issue", help="issue the refreshed report and write the copy to send"
    )
    issue.add_argument("book", type=Path)
    issue.add_argument(
        "--pdf", action="store_true", help="also print the copy to PDF (LibreOffice)"
    )
    _backup_option(issue)

    addin = commands.add_parser(
        "addin",
        help="build or install the Excel add-in",
        description="The Excel add-in, ehxl.xlam: the Early Help tab with Refresh "
        "and Issue. See the README's 'In Excel'.",
    )
    addin_commands = addin.add_subparsers(dest="addin_command", required=True)
    build = addin_commands.add_parser(
        "build", help="write ehxl.xlam (from xlwings' add-in template)"
    )
    build.add_argument(
        "folder", type=Path, nargs="?", default=Path(), help="where (default: here)"
    )
    addin_commands.add_parser(
        "install",
        help="install ehxl.xlam in Excel and point it at this Python (Windows, "
        "macOS); Issue then needs EhxlRibbon.bas imported once",
    )

    run_demo = commands.add_parser("demo", help="replay the 2018/19 sample year")
    run_demo.add_argument("folder", type=Path)
    run_demo.add_argument("--extracts", type=Path, help="folder of month extracts")
    return parser


def run(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    try:
        if args.command == "new":
            print(f"made {new_workbook(args.book)}")
        elif args.command == "refresh":
            logging.getLogger("ehxl").setLevel(logging.INFO)
            month = periods.parse_period(args.month) if args.month else None
            refresh_file(args.book, args.input, month, backup=args.backup)
        elif args.command == "issue":
            logging.getLogger("ehxl").setLevel(logging.INFO)
            for level, message in issue_file(
                args.book, pdf=args.pdf, backup=args.backup
            ).lines():
                log.log(logging.getLevelName(level), "%s", message)
        elif args.command == "addin" and args.addin_command == "build":
            built = xlam.build(args.folder)
            print(f"made {built} and, beside it, {xlam.MACRO} (the Issue button)")
        elif args.command == "addin":
            installed, config = xlam.install()
            print(
                f"installed {installed}; the add-in runs {sys.executable} "
                f"(set in {config}).\nRestart Excel: the Early Help tab is on the "
                "ribbon, and Refresh works. For Issue, once: in Excel's VBA editor, "
                f"select MyAddin ({xlam.NAME}), File > Import File..., choose "
                f"{xlam.macro()}, and save. Installing again replaces the add-in: "
                "import it again then."
            )
        elif args.command == "demo":
            print(f"made {demo(args.folder, args.extracts)}")
    except ProblemsError as exc:
        print(exc, file=sys.stderr)
        return EXIT_PROBLEMS
    except periods.PeriodError as exc:
        print(f"--month '{args.month}': expected {exc}.", file=sys.stderr)
        return EXIT_PROBLEMS
    except EhxlError as exc:
        print(exc, file=sys.stderr)
        return EXIT_FAILED
    return 0


def main() -> None:
    sys.exit(run())
