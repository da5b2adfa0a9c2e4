"""Time a refresh, and its peak memory, as the history grows to ten years.

For 1, 2, 5 and 10 years of monthly history (to March 2019), builds a
workbook from the template with 200 indicators and 10 areas:

- the catalogue is the template's 60 indicators (262 measures, which the
  detail sheets are laid out for) and 140 synthetic ones, ``S001`` to
  ``S140``: one monthly count each (``Number``, YTD ``sum``, a Green target),
  on the Performance Summary after the seed's rows;
- the areas are the borough, its 3 localities and 6 of its wards (the
  ``Settings`` ward list cut to 6);
- the figures: every synthetic measure for every area and month, and the
  sample year's figures (``workbook/extracts``, later extracts' re-runs
  winning) moved back a year at a time, the three dropped wards left out.

The history up to February 2019 is loaded by one refresh with a multi-month
extract (its time and memory are shown too). Then March 2019's extract (the
sample's own, plus the synthetic figures) is refreshed into a copy: that
refresh is what is measured. The baseline, in the same run, is openpyxl's
plain ``load_workbook`` and ``save`` of the same workbook. Each step runs in
a process of its own, which reports its wall time (imports excluded) and
its own peak resident memory (``VmHWM``, imports included).

    .venv/bin/python benchmarks/scale.py [YEARS ...]
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import logging
import math
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import openpyxl

from ehxl import cli, periods
from ehxl.refresh import refresh_file

ROOT = Path(__file__).resolve().parent.parent
EXTRACTS = ROOT / "workbook" / "extracts"
SIZES = (1, 2, 5, 10)
LAST = dt.date(2019, 3, 1)
SYNTHETIC = 140
BOROUGH, LOCALITIES = "Rotherham", ("North", "South", "Central")
WARDS = (
    "Dalton, Thrybergh & Rawmarsh",
    "Wath & Swinton",
    "Aston & Brinsworth",
    "Malby & Wickersley",
    "Wales & Dinnington",
    "Clifton",
)
AREAS = (BOROUGH, *LOCALITIES, *WARDS)
COLUMNS = ["Indicator", "Measure", "Area", "Period", "Type", "Value", "Note"]


def synthetic_indicator(number: int) -> dict[str, str]:
    """A catalogue row for synthetic indicator ``number``."""
    code = f"S{number:03d}"
    return {
        "Table": "Summary",
        "Section": "SCALE TEST",
        "Indicator": code,
        "No.": code,
        "Name": f"Synthetic monthly count {number}",
        "Measure": "Number",
        "Polarity": "High",
        "Unit": "Number",
        "Value type": "Number",
        "Decimals": "0",
        "Frequency": "Monthly",
        "Year": "Financial",
        "YTD rule": "sum",
        "YTD note": "Financial Year (Cumulative)",
        "RAG on": "Month",
        "Green": "250",
    }


def new_book(path: Path) -> Path:
    """A workbook from the template with the scale test's catalogue and areas."""
    cli.new_workbook(path)
    book = openpyxl.load_workbook(path)
    sheet = book["Indicators"]
    header = [cell.value for cell in sheet[1]]
    for number in range(1, SYNTHETIC + 1):
        row = synthetic_indicator(number)
        sheet.append([row.get(name) for name in header])
    for setting, value in book["Settings"].iter_rows(min_row=2):
        if str(setting.value).startswith("Wards"):
            value.value = "; ".join(WARDS)
    book.save(path)
    return path


def months(first: dt.date, last: dt.date) -> list[dt.date]:
    """Every month from first to last, inclusive."""
    found = []
    while first <= last:
        found.append(first)
        first = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return found


def sample_year() -> dict[tuple, list[str]]:
    """The sample year's figures by key, a later extract's re-run winning."""
    figures: dict[tuple, list[str]] = {}
    for extract in sorted(EXTRACTS.glob("*.csv")):
        with extract.open(newline="", encoding="utf-8-sig") as handle:
            for row in csv.DictReader(handle):
                if (row["Area"] or BOROUGH) not in AREAS:
                    continue
                period = periods.parse_period(row["Period"])
                key = (row["Indicator"], row["Measure"], row["Area"], period)
                figures[(*key, row["Type"])] = [row[name] for name in COLUMNS]
    return figures


def figures_for(month_list: list[dt.date], sample: dict[tuple, list[str]]):
    """Extract rows for those months: the sample moved by years, and synthetic."""
    wanted = set(month_list)
    rows = []
    for (_, _, _, period, _), row in sample.items():
        for back in range(12):
            moved = period.replace(year=period.year - back)
            if moved in wanted:
                rows.append([*row[:3], f"{moved:%Y-%m}", *row[4:]])
    for month in month_list:
        numbers = random.Random(month.toordinal())
        for number in range(1, SYNTHETIC + 1):
            for area in AREAS:
                value = numbers.randint(0, 500)
                rows.append(
                    [f"S{number:03d}", "Number", area, f"{month:%Y-%m}", "", value, ""]
                )
    return rows


def write_extract(path: Path, rows: list[list[object]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    return path


def own_peak_mib() -> float:
    """This process's own peak resident memory, in MiB.

    ``ru_maxrss`` would carry over the parent's high-water mark (Linux keeps
    it across exec), so the figure is the kernel's VmHWM where there is one.
    """
    with contextlib.suppress(OSError), open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(argv: list[str]) -> None:
    """Run one measured step, in this process, and print its figures as JSON."""
    logging.disable(logging.WARNING)
    warnings.simplefilter("ignore", UserWarning)
    kind, book = argv[0], Path(argv[1])
    started = time.perf_counter()
    if kind == "refresh":
        refresh_file(book, Path(argv[2]))
    else:
        openpyxl.load_workbook(book).save(book.with_name("plain.xlsx"))
    took = time.perf_counter() - started
    peak = own_peak_mib()
    print(json.dumps({"seconds": took, "peak_mib": peak}))


def measured(*argv: object) -> dict[str, float]:
    """Run one step in a process of its own; return its time and peak memory."""
    done = subprocess.run(
        [sys.executable, __file__, "--child", *map(str, argv)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def data_rows(book: Path) -> int:
    sheet = openpyxl.load_workbook(book, read_only=True)["Data"]
    return sum(1 for _ in sheet.iter_rows(min_row=2, values_only=True))


def one_size(years: int, folder: Path, sample) -> dict[str, object]:
    """Build the workbook for ``years`` of history and measure its refresh."""
    first = dt.date(LAST.year - years, 4, 1)
    history = months(first, dt.date(LAST.year, 2, 1))
    base = new_book(folder / f"{years}y.xlsx")
    loading = write_extract(
        folder / f"{years}y-history.csv", figures_for(history, sample)
    )
    march = write_extract(folder / f"{years}y-2019-03.csv", figures_for([LAST], sample))
    load = measured("refresh", base, loading)
    plain = measured("plain", base)
    copy = folder / f"{years}y-march.xlsx"
    shutil.copyfile(base, copy)
    refresh = measured("refresh", copy, march)
    return {
        "years": years,
        "rows": data_rows(copy),
        "size_mib": copy.stat().st_size / 2**20,
        "load": load,
        "plain": plain,
        "refresh": refresh,
    }


def main(argv: list[str]) -> None:
    sizes = [int(arg) for arg in argv] or list(SIZES)
    sample = sample_year()
    results = []
    with tempfile.TemporaryDirectory() as name:
        for years in sizes:
            with contextlib.redirect_stdout(io.StringIO()):
                results.append(one_size(years, Path(name), sample))
            print(f"{years} years done", file=sys.stderr)
    print(
        "| years | Data rows | file MiB | history load s / MiB "
        "| openpyxl load+save s / MiB | March refresh s / MiB "
        "| refresh / openpyxl (time, memory) |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for r in results:
        load, plain, refresh = r["load"], r["plain"], r["refresh"]
        print(
            f"| {r['years']} | {r['rows']:,} | {r['size_mib']:.1f} | "
            f"{load['seconds']:.1f} / {load['peak_mib']:.0f} | "
            f"{plain['seconds']:.1f} / {plain['peak_mib']:.0f} | "
            f"{refresh['seconds']:.1f} / {refresh['peak_mib']:.0f} | "
            f"{refresh['seconds'] / plain['seconds']:.2f}, "
            f"{refresh['peak_mib'] / plain['peak_mib']:.2f} |"
        )
    if len(results) > 1:
        small, large = results[0], results[-1]
        rows = large["rows"] / small["rows"]
        print(
            f"\nfrom {small['years']} to {large['years']} years: Data rows x{rows:.1f}"
        )
        for what in ("refresh", "plain"):
            seconds = large[what]["seconds"] / small[what]["seconds"]
            memory = large[what]["peak_mib"] / small[what]["peak_mib"]
            print(
                f"{what}: time x{seconds:.1f} (exponent "
                f"{math.log(seconds) / math.log(rows):.2f}), peak memory x{memory:.1f}"
            )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2:])
    else:
        main(sys.argv[1:])
