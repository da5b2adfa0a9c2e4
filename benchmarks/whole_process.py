"""Time the whole ``ehxl refresh`` command, a fresh process each time.

Replays the sample year to February (``cli.demo`` on the extracts up to
2019-02), then, in turns, runs ``ehxl refresh COPY --input 2019-03.csv`` on a
fresh copy of that workbook, and the baselines: ``python -c pass`` (the
interpreter alone), ``python -c "import openpyxl, pandas, pandera"`` (the
libraries ehxl is built on) and ``python -c "import ehxl.cli"`` (ehxl's own
imports). Each is timed from the start of the process to its exit. Prints the
median of each and its ratio to the baselines.

    .venv/bin/python benchmarks/whole_process.py [RUNS]
"""

from __future__ import annotations

import logging
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from refresh_vs_openpyxl import MARCH, february_book

ROOT = Path(__file__).resolve().parent.parent
PYTHON = Path(sys.executable)
EHXL = PYTHON.parent / "ehxl"
BASELINES = {
    "python -c pass": [str(PYTHON), "-c", "pass"],
    "python -c 'import openpyxl, pandas, pandera'": [
        str(PYTHON),
        "-c",
        "import openpyxl, pandas, pandera",
    ],
    "python -c 'import ehxl.cli'": [str(PYTHON), "-c", "import ehxl.cli"],
}
REFRESH = "ehxl refresh BOOK --input 2019-03.csv"


def wall_time(command: list[str], cwd: Path) -> float:
    """Seconds from starting the command to its exit; it must succeed."""
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - started


def refresh_once(february: Path, folder: Path) -> float:
    """Seconds for the command line to refresh a fresh copy with March."""
    run = folder / "run"
    run.mkdir()
    copy = run / "march.xlsx"
    shutil.copyfile(february, copy)
    took = wall_time([str(EHXL), "refresh", str(copy), "--input", str(MARCH)], run)
    shutil.rmtree(run)
    return took


def main(argv: list[str]) -> None:
    runs = int(argv[0]) if argv else 7
    times: dict[str, list[float]] = {REFRESH: [], **{name: [] for name in BASELINES}}
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        logging.disable(logging.WARNING)  # the replay's catalogue warnings
        february = february_book(folder)

        # One untimed turn of each fills the file cache and compiles bytecode.
        refresh_once(february, folder)
        for command in BASELINES.values():
            wall_time(command, folder)

        for _ in range(runs):
            times[REFRESH].append(refresh_once(february, folder))
            for label, command in BASELINES.items():
                times[label].append(wall_time(command, folder))
    medians = {label: statistics.median(t) for label, t in times.items()}
    bare, libraries = (medians[label] for label in list(BASELINES)[:2])
    print(f"{runs} runs, interleaved; wall time of each process")
    print("| command | median s | min s | max s | / python -c pass | / imports |")
    print("| --- | --- | --- | --- | --- | --- |")
    for label, median in medians.items():
        print(
            f"| `{label}` | {median:.2f} | {min(times[label]):.2f} | "
            f"{max(times[label]):.2f} | {median / bare:.1f} | "
            f"{median / libraries:.2f} |"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
