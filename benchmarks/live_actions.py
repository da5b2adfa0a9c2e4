"""Count what the add-in asks of Excel for the March 2019 refresh.

Replays the sample year to February, pastes March's extract into Input and
refreshes through the live adapter on xlwings' remote engine, which records
each call it would make in Excel as an action. Prints the actions by kind,
the cells written, and the batching ratio (cells per write action). Reads
of number formats are counted as Excel would answer them (tests/remote.py).

    .venv/bin/python benchmarks/live_actions.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import shutil  # noqa: E402

from conftest import paste  # noqa: E402
from remote import number_formats_from, open_book, payload  # noqa: E402
from test_live import NOW, WRITES, march_rows  # noqa: E402

from ehxl import addin, cli  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        extracts = folder / "extracts"
        extracts.mkdir()
        for extract in sorted((ROOT / "workbook" / "extracts").glob("*.csv"))[:11]:
            shutil.copyfile(extract, extracts / extract.name)
        february = cli.demo(folder / "demo", extracts)
        pasted = paste(february, march_rows(), folder / "march.xlsx")
        excel = open_book(payload(pasted))
        with number_formats_from(pasted) as reads:
            started = time.perf_counter()
            addin.refresh_book(excel, path=pasted, now=NOW)
            took = time.perf_counter() - started
    actions = excel.json()["actions"]
    kinds = Counter(action["func"] for action in actions)
    writes = sum(count for func, count in kinds.items() if func in WRITES)
    cells = sum(
        a["row_count"] * a["column_count"] for a in actions if a["func"] == "setValues"
    )
    print(f"actions: {len(actions)}")
    for func, count in kinds.most_common():
        print(f"  {func}: {count}")
    print(f"cells written: {cells}")
    print(f"write actions (values, formats, fills, fonts): {writes}")
    print(f"batching ratio: {cells / writes:.1f} cells per write action")
    print(f"number format reads: {len(reads)}")
    print(f"refresh through the remote engine: {took:.2f} s (no Excel round trips)")


if __name__ == "__main__":
    main()
