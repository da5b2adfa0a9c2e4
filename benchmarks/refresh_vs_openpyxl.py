"""Time the March 2019 refresh against openpyxl's own load and save.

Replays the sample year to February (``cli.demo`` on the extracts up to
2019-02), then, in turns, refreshes a fresh copy of that workbook with March's
extract (``refresh_file``) and loads and saves the same February workbook with
plain ``openpyxl.load_workbook`` and ``Workbook.save``. Imports are done before
the clock starts. One turn of each, left out of the medians (its times are
printed apart), warms up lazy imports and the file cache. Prints the median
of each and the ratio of the medians, the issue's target being 1.5 or less.

    .venv/bin/python benchmarks/refresh_vs_openpyxl.py [RUNS]
    .venv/bin/python benchmarks/refresh_vs_openpyxl.py --phases [RUNS]
    .venv/bin/python benchmarks/refresh_vs_openpyxl.py --profile

``--phases`` splits the refresh into its load, its work and its save (as
``refresh_file`` does them), beside openpyxl's load and its save.
``--profile`` prints cProfile's summary of one refresh.
"""

from __future__ import annotations

import contextlib
import cProfile
import io
import logging
import pstats
import shutil
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import openpyxl

from ehxl import cli
from ehxl.adapters.xlsx import XlsxBook
from ehxl.refresh import refresh_file, run

ROOT = Path(__file__).resolve().parent.parent
EXTRACTS = ROOT / "workbook" / "extracts"
MARCH = EXTRACTS / "2019-03.csv"
TARGET = 1.5


def february_book(folder: Path) -> Path:
    """The sample year replayed to February 2019, in folder."""
    extracts = folder / "extracts"
    extracts.mkdir()
    for extract in sorted(EXTRACTS.glob("*.csv")):
        if extract.stem < MARCH.stem:
            shutil.copyfile(extract, extracts / extract.name)
    with contextlib.redirect_stdout(io.StringIO()):
        return cli.demo(folder / "demo", extracts)


def refresh_once(february: Path, folder: Path) -> float:
    """Seconds to refresh a fresh copy of the February workbook with March."""
    copy = folder / "march.xlsx"
    shutil.copyfile(february, copy)
    started = time.perf_counter()
    refresh_file(copy, MARCH)
    took = time.perf_counter() - started
    copy.unlink()
    return took


def load_and_save_once(february: Path, folder: Path) -> float:
    """Seconds for openpyxl to load the February workbook and save it."""
    copy = folder / "plain.xlsx"
    started = time.perf_counter()
    openpyxl.load_workbook(february).save(copy)
    took = time.perf_counter() - started
    copy.unlink()
    return took


def phases_once(february: Path, folder: Path) -> dict[str, float]:
    """Seconds for each phase of a refresh, and of openpyxl's load and save."""
    copy = folder / "phases.xlsx"
    shutil.copyfile(february, copy)
    clock = [time.perf_counter()]

    def lap() -> float:
        clock.append(time.perf_counter())
        return clock[-1] - clock[-2]

    book = XlsxBook(copy)
    took = {"refresh: load (XlsxBook)": lap()}
    run(book, MARCH)
    took["refresh: work (refresh.run)"] = lap()
    book.save()
    took["refresh: save (XlsxBook.save)"] = lap()
    plain = openpyxl.load_workbook(february)
    took["openpyxl: load_workbook"] = lap()
    plain.save(folder / "plain.xlsx")
    took["openpyxl: save"] = lap()
    return took


def print_phases(february: Path, folder: Path, runs: int) -> None:
    laps = [phases_once(february, folder) for _ in range(runs)]
    print(f"{runs} runs; the refresh's phases beside openpyxl's load and save")
    print("| phase | median s |")
    print("| --- | --- |")
    for phase in laps[0]:
        print(f"| {phase} | {statistics.median(t[phase] for t in laps):.2f} |")


def profile(call: Callable[[], object], lines: int = 25) -> str:
    """The call's cProfile summary, by cumulative and by own time."""
    profiler = cProfile.Profile()
    profiler.runcall(call)
    out = io.StringIO()
    for order in ("cumulative", "tottime"):
        stats = pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order)
        out.write(f"\n== sorted by {order} ==\n")
        stats.print_stats(lines)
    return out.getvalue()


def main(argv: list[str]) -> None:
    numbers = [int(arg) for arg in argv if arg.isdigit()]
    runs = numbers[0] if numbers else 7
    # The refresh logs each changed figure; the console is not what is timed.
    logging.disable(logging.WARNING)
    # openpyxl warns, on each load, that it drops the report's sparklines
    # (which the refresh writes back).
    warnings.simplefilter("ignore", UserWarning)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        february = february_book(folder)
        cold = refresh_once(february, folder), load_and_save_once(february, folder)
        if "--profile" in argv:
            copy = folder / "profiled.xlsx"
            shutil.copyfile(february, copy)
            print(profile(lambda: refresh_file(copy, MARCH)))
            return
        if "--phases" in argv:
            print_phases(february, folder, runs)
            return
        refreshes, plains = [], []
        for _ in range(runs):
            refreshes.append(refresh_once(february, folder))
            plains.append(load_and_save_once(february, folder))
        size = february.stat().st_size
    refresh, plain = statistics.median(refreshes), statistics.median(plains)
    print(f"February 2019 workbook: {size / 1024:.0f} KiB; {runs} runs, interleaved")
    print("| what | median s | min s | max s |")
    print("| --- | --- | --- | --- |")
    for label, times in (
        ("refresh_file (March extract)", refreshes),
        ("openpyxl load_workbook + save", plains),
    ):
        median = statistics.median(times)
        print(f"| {label} | {median:.2f} | {min(times):.2f} | {max(times):.2f} |")
    print(
        f"first (untimed) turn of each, imports done: refresh {cold[0]:.2f} s, "
        f"load+save {cold[1]:.2f} s"
    )
    verdict = "meets" if refresh / plain <= TARGET else "misses"
    print(f"ratio (median refresh / median load+save): {refresh / plain:.2f}")
    print(f"target <= {TARGET}: {verdict} it")


if __name__ == "__main__":
    main(sys.argv[1:])
