"""Any paste into the Input sheet ends in a full refresh or in a clear refusal.

Hypothesis pastes rows made from the sample extracts, written in every way the
officer (or Excel) writes them, some changed into what ehxl must refuse. Each
row carries what ehxl should make of it, so a refusal must name exactly the
faulty cells and conflicting duplicates, and a refresh must keep every figure.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import pytest
from conftest import EXTRACTS, load
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl.utils import get_column_letter

from ehxl import catalogue, cli, figures, periods
from ehxl.adapters.xlsx import XlsxBook
from ehxl.errors import EhxlError, InputDataError, ProblemsError
from ehxl.numbers import Formula
from ehxl.refresh import refresh_file

COLUMNS = figures.COLUMNS
REQUIRED = figures.REQUIRED
THIS_MONTH = dt.date.today().replace(day=1)
# Excel counts days from 30 December 1899 (its 1900 leap-year bug included).
EXCEL_EPOCH = dt.date(1899, 12, 30)


class Text(str):
    """Text the cell holds as text, even when it starts with '=' (not a formula)."""

    def __repr__(self) -> str:
        # A falsifying example quotes a 32,767-character text by its start.
        if len(self) > 60:
            return f"Text({str.__repr__(self[:40])} + ... {len(self)} characters)"
        return f"Text({str.__repr__(self)})"


@dataclass(frozen=True)
class Sample:
    """One figure of the sample extracts, as ehxl should read it."""

    indicator: str
    measure: str
    area: str
    month: dt.date
    type: str
    value: float | str
    written: str

    @property
    def key(self) -> str:
        return f"{self.indicator} {self.measure}"


@dataclass
class Row:
    """A pasted row: its cells by column, and what ehxl should make of it.

    ``identity`` is (key, area, month, type) when ehxl can read them (month
    None when the period is not a month); ``faults`` lists the columns of
    which ehxl must name one (empty for a good row); ``takes_part`` says
    whether the row's value can be read, and so is checked against
    duplicates (unless it is blank: a blank is no figure).
    """

    cells: dict[str, tuple[object, str]]
    identity: tuple | None
    value: float | str | None
    note: str
    faults: list[str] = field(default_factory=list)
    takes_part: bool = True
    stray: object = None


@dataclass
class Paste:
    """What is pasted: the header row, the rows (None: a blank row)."""

    header: list[str]
    rows: list[Row | None]
    header_fault: str | None = None

    @property
    def letters(self) -> dict[str, str]:
        canonical = {c.lower(): c for c in COLUMNS}
        return {
            canonical.get(" ".join(h.split()).lower(), h): get_column_letter(i + 1)
            for i, h in reversed(list(enumerate(self.header)))
        }

    def numbered(self) -> list[tuple[int, Row]]:
        return [(n, row) for n, row in enumerate(self.rows, start=2) if row]

    def grid(self) -> list[list[tuple[object, str]]]:
        """The cells as ehxl reads them from the sheet: (value, number format)."""
        grid = [[(h, "General") for h in self.header]]
        for row in self.rows:
            cells = [(None, "General")] * len(self.header)
            if row:
                cells = [
                    row.cells.get(_column(h), (None, "General")) for h in self.header
                ]
                if row.stray is not None:
                    cells = [*cells, (row.stray, "General")]
            grid.append([(_in_memory(v), f) for v, f in cells])
        return grid


def _column(header: str) -> str:
    canonical = {c.lower(): c for c in COLUMNS}
    return canonical.get(" ".join(header.split()).lower(), header)


def _in_memory(value: object) -> object:
    return str(value) if isinstance(value, Text) else value


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _samples() -> list[Sample]:
    """Every figure of the sample extracts, one per indicator, measure, area..."""
    found = {}
    for path in sorted(EXTRACTS.glob("*.csv")):
        with path.open(encoding="utf-8") as handle:
            for record in csv.DictReader(handle):
                written = record["Value"]
                if written.endswith("%"):
                    value: float | str = float(written[:-1]) / 100
                else:
                    try:
                        value = float(written)
                    except ValueError:
                        value = written
                month = dt.datetime.strptime(record["Period"], "%b-%y").date()
                sample = Sample(
                    record["Indicator"],
                    record["Measure"],
                    record["Area"] or BOROUGH,
                    month,
                    record["Type"],
                    value,
                    written,
                )
                found.setdefault((sample.key, sample.area, month, sample.type), sample)
    return list(found.values())


TEMPLATE = XlsxBook(Path(cli.__file__).parent / "template.xlsx")
CATALOGUE = catalogue.read(TEMPLATE.cells("Indicators"), TEMPLATE.cells("Settings"))
BOROUGH = CATALOGUE.settings.borough
SAMPLES = _samples()

# Text an officer may paste as a note: it does not start like a number.
NOTE_STARTS = ["N/A", "Data", "é", "א", "ملاحظة", "😀", "\u200bx", "=", "@", "+S", "-x"]
# Characters openpyxl can write to a cell (and XML 1.0 can carry).
WRITABLE = st.characters(
    blacklist_categories=("Cs",),
    blacklist_characters=[
        *map(chr, [*range(0, 9), 11, 12, *range(14, 32)]),
        "\ufffe",
        "\uffff",
    ],
)
FORMULA_LIKE = [
    "=1+1",
    "+SUM(A1)",
    "@x",
    '=HYPERLINK("http://x","y")',
    "=A1",
    "-SUM(A1)",
]


@st.composite
def note_text(draw, longest: int = 40) -> str:
    start = draw(st.sampled_from(NOTE_STARTS))
    return start + draw(st.text(WRITABLE, max_size=longest - len(start)))


def _serial(month: dt.date) -> int:
    return (month - EXCEL_EPOCH).days


def period_forms(month: dt.date) -> st.SearchStrategy:
    formats = ["%b-%y", "%B %Y", "%b %Y", "%Y-%m", "%Y-%m-%d", "%d/%m/%Y", "%m/%Y"]
    return st.one_of(
        st.just(dt.datetime(month.year, month.month, 1)),
        st.just(dt.datetime(month.year, month.month, 1, 9, 30)),
        st.just(_serial(month)),
        st.sampled_from(formats).map(lambda f: Text(month.strftime(f))),
        st.just(Text(f"  {month.strftime('%b-%y').lower()} ")),
    )


def value_forms(sample: Sample) -> st.SearchStrategy:
    value = sample.value
    if isinstance(value, str):
        return st.sampled_from([(value, "General"), (f" {value} ", "General")])
    if CATALOGUE.get(sample.key).percent:
        forms = [(value, "0.0%"), (sample.written, "General")]
        if value <= 1:
            forms += [(value, "General"), (f"{value!r}", "General")]
        return st.sampled_from(forms)
    forms = [(value, "General"), (f" {value:g} ", "General"), (f"{value:e}", "General")]
    if value.is_integer():
        forms += [(int(value), "General"), (f"{int(value):,}", "General")]
    return st.sampled_from(forms)


def _blank_values(in_file: bool) -> list[object]:
    # openpyxl writes NaN and infinity as empty cells.
    found = [None, "", "  ", math.nan]
    return [*found, math.inf, -math.inf] if in_file else found


@st.composite
def good_row(
    draw, sample: Sample, header: list[str], in_file: bool, change: str | None = None
) -> Row:
    """A row ehxl must accept, written in one of the ways it may be pasted."""
    columns = {_column(h) for h in header}
    month, value, note = sample.month, sample.value, ""
    cells = {}
    changes = ["plain", "note", "blank", "big", "month", "qualified"]
    change = change or draw(st.sampled_from(changes))
    cells["Value"] = draw(value_forms(sample))
    if change == "note":
        text = draw(st.one_of(note_text(), st.sampled_from(FORMULA_LIKE)))
        cells["Value"] = (Text(text), "General")
        value = _collapse(text)
    elif change == "blank":
        cells["Value"] = (draw(st.sampled_from(_blank_values(in_file))), "General")
        value = None
    elif change == "big" and not CATALOGUE.get(sample.key).percent:
        value = draw(st.sampled_from([10.0**14, 999999999999999.0, 0.0, 1e-9]))
        cells["Value"] = (value, "General")
    elif change == "month":
        month = draw(
            st.dates(periods.EARLIEST, THIS_MONTH).map(lambda d: d.replace(day=1))
        )
    elif change == "qualified" and "Note" in columns:
        note = _collapse(draw(note_text()))
        cells["Note"] = (Text(note), "General")

    code = sample.indicator
    indicator_forms = [Text(code), Text(f" {code} ")]
    if re.fullmatch(r"\d+\.\d*[1-9]", code):
        indicator_forms.append(float(code))
    cells["Indicator"] = (draw(st.sampled_from(indicator_forms)), "General")
    cells["Measure"] = (
        draw(st.sampled_from([sample.measure, f" {sample.measure} "])),
        "General",
    )
    areas = [sample.area, f" {sample.area}  "]
    if sample.area == BOROUGH:
        areas += [None, ""]
    cells["Area"] = (draw(st.sampled_from(areas)), "General")
    cells["Period"] = (draw(period_forms(month)), "General")
    types = ["YTD", "ytd", " Ytd "] if sample.type else [None, "", " "]
    cells["Type"] = (draw(st.sampled_from(types)), "General")
    return Row(cells, (sample.key, sample.area, month, sample.type), value, note)


FUTURE = st.integers(1, 40).map(lambda n: periods.add_months(THIS_MONTH, n))


def bad_changes(in_file: bool) -> dict[str, list]:
    """What ehxl must refuse, by the column that holds it."""
    values = [
        -1, -0.5, Text("-2"), 1e308, 10**20, 1e15, Text("12O"), Text("£386"),
        Text("(386)"), Text("'386"), Text("1.2.3"), Text("."), True, False,
        dt.datetime(2019, 3, 1), Formula("=1+1"), Formula('=HYPERLINK("x","y")'),
        Text("#N/A"), Text("#DIV/0!"),
    ]  # fmt: skip
    notes = [Text("N" + "o" * 100)]
    if not in_file:
        # Through a file these are blank or cut to 32,767 characters (openpyxl),
        # or unreadable (XML). A CSV extract can hold them.
        values += [math.inf, -math.inf, Text("N/A\uffff"), Text("N" + "o" * 32767)]
        notes += [Text("note\ufffe")]
    return {
        "Indicator": [Text("99.9"), 99.9, Text("1.10"), Text("1.1\u200b"), Text("=1+1"),
                      Text("😀"), Text("\u202e1.1"), None],
        "Measure": [Text("Percent"), Text("Number\u200b"), Text("Number!"), None],
        "Area": [Text("Narnia"), Text("Rotherham\u200b"), Text("=A1"), Text("🙂")],
        "Period": [dt.datetime(2019, 3, 19), Text("2019-03-15"), Text("Mar-19x"),
                   Text("2019/13"), Text("Q4 18/19"), None, 12, 80000, Text("1999-12"),
                   dt.datetime(1990, 6, 1), Text("2100-01"), "future"],
        "Type": [Text("Monthly"), Text("Q"), Text("YTD2"), 1, Text("YTD")],
        "Value": values,
        "Note": notes,
    }  # fmt: skip


@st.composite
def bad_row(draw, sample: Sample, header: list[str], in_file: bool) -> Row:
    """A good row with one cell changed into something ehxl must refuse."""
    row = draw(good_row(sample, header, in_file))
    columns = [c for c in bad_changes(in_file) if c in {_column(h) for h in header}]
    column = draw(st.sampled_from([*columns, "stray", "percent"]))
    key, area, month, kind = row.identity
    if column == "stray":
        row.stray = draw(st.sampled_from([Text("x"), 5, Text("=1+1")]))
        row.faults = ["stray"]
        return row
    if column == "percent":
        # A percentage for a count, or a bare fraction above 1 for a percentage.
        percent = CATALOGUE.get(key).percent
        row.cells["Value"] = (2.5, "General") if percent else (0.5, "0%")
        row.faults, row.takes_part = ["Value"], False
        return row
    raw = draw(st.sampled_from(bad_changes(in_file)[column]))
    if raw == "future":
        future = draw(FUTURE)
        raw = draw(
            st.sampled_from(
                [Text(future.strftime("%Y-%m")), dt.datetime(*future.timetuple()[:3])]
            )
        )
    row.cells[column] = (raw, "General")
    row.faults = [column]
    if column in ("Indicator", "Measure", "Area"):
        row.identity = None
    elif column == "Type" and raw == "YTD":
        # A YTD figure is refused only for a measure whose YTD is worked out.
        row.identity, row.faults = (key, area, month, "YTD"), []
    elif column == "Type":
        row.identity = (key, area, month, raw)
    elif column == "Period":
        try:
            parsed = periods.parse_period(raw)
        except periods.PeriodError:
            parsed = None
        row.identity = (key, area, parsed, kind)
    elif column == "Value":
        row.takes_part = False
    elif column == "Note":
        row.note = _collapse(raw)
    return row


HEADER_SPELLINGS = {
    "Indicator": ["Indicator", "indicator", " INDICATOR "],
    "Measure": ["Measure", "measure"],
    "Area": ["Area", "AREA"],
    "Period": ["Period", " period"],
    "Type": ["Type", "type "],
    "Value": ["Value", "VALUE", "Value  "],
    "Note": ["Note", "note"],
}


@st.composite
def pastes(draw, in_file: bool) -> Paste:
    """A paste: a header row (perhaps reordered, renamed or broken) and rows."""
    mode = draw(st.sampled_from(["good"] * 9 + ["bad"] * 8 + ["header"] * 3))
    columns = [c for c in COLUMNS if c in REQUIRED or draw(st.integers(0, 4))]
    columns += draw(st.sampled_from([[], [], ["Comment"], ["Checked by"]]))
    if draw(st.booleans()):
        columns = draw(st.permutations(columns))
    header_fault = None
    if mode == "header":
        header_fault = draw(
            st.sampled_from(["Value", "Period", "Indicator", "Measure"])
        )
        if draw(st.booleans()):
            columns = [c for c in columns if c != header_fault]
        else:
            columns = [*columns, header_fault]
    header = [draw(st.sampled_from(HEADER_SPELLINGS.get(c, [c]))) for c in columns]

    # Rows the header can hold: no other area without Area, no YTD without Type.
    fits = [
        s
        for s in SAMPLES
        if ("Area" in columns or s.area == BOROUGH)
        and ("Type" in columns or not s.type)
    ]
    chosen = draw(st.lists(st.sampled_from(fits), min_size=1, max_size=8, unique=True))
    rows: list[Row | None] = []
    for number, sample in enumerate(chosen):
        # A bad paste has at least one bad row (the rows are shuffled below).
        bad = mode == "bad" and (number == 0 or draw(st.integers(0, 2)) == 0)
        make = bad_row if bad else good_row
        rows.append(draw(make(sample, header, in_file)))
        if draw(st.integers(0, 4)) == 0:
            # The same figure again, written differently, or with another value.
            again = draw(good_row(sample, header, in_file, "plain"))
            if mode == "bad" and draw(st.booleans()):
                again.cells["Value"] = (Text("Different"), "General")
                again.value = "Different"
            rows.append(again)
        if draw(st.integers(0, 5)) == 0:
            rows.append(None)
    rows = draw(st.permutations(rows))
    if mode == "good" and "Comment" in columns:
        for row in rows:
            if row:
                row.cells["Comment"] = (draw(note_text()), "General")
    return Paste(header, rows, header_fault)


def expected_faults(paste: Paste) -> dict[int, list[str]]:
    """The rows ehxl must refuse, each with the columns one of which it names."""
    numbered = paste.numbered()
    pasted = {
        (r.identity[0], r.identity[1], r.identity[2]) for _, r in numbered if r.identity
    }
    faults = {}
    for number, row in numbered:
        found = list(row.faults)
        if row.identity:
            key, area, month, kind = row.identity
            measure = CATALOGUE.get(key)
            if measure.derived and all(
                (p, area, month) in pasted for p in measure.derived.parts
            ):
                found = ["Measure"]
                row.value, row.takes_part = None, True
            elif kind == "YTD" and measure.ytd_rule != "supplied":
                found += ["Period", "Type"]
            elif (
                measure.frequency == "Quarterly"
                and not kind
                and month
                and isinstance(row.value, float)
                and month.month % 3
                and row.takes_part
            ):
                found.append("Period")
        if found:
            faults[number] = found
    return faults


def expected_duplicates(paste: Paste) -> dict[tuple[int, int], str]:
    """Pairs of rows that give one figure two values: the first, and each other.

    Each pair maps to its two values as the message quotes them.
    """
    first: dict[tuple, tuple[int, str]] = {}
    pairs = {}
    for number, row in paste.numbered():
        if not row.identity or row.identity[2] is None or not row.takes_part:
            continue
        if row.value is None:
            continue
        value = f"{row.value:.15g}" if isinstance(row.value, float) else row.value
        value += f" ({row.note})" if row.note else ""
        if row.identity in first and first[row.identity][1] != value:
            earlier, quoted = first[row.identity]
            pairs[(earlier, number)] = f"'{quoted}' and '{value}'"
        first.setdefault(row.identity, (number, value))
    return pairs


CELL = re.compile(r"Input!([A-Z]+)(\d+)")


def check_refusal(paste: Paste, error: ProblemsError, seen: dict) -> None:
    """The refusal names every faulty cell with its value, and nothing else.

    ``seen`` maps (row, letter) to the value as ehxl read it from the sheet.
    """
    message = _collapse(str(error))
    if paste.header_fault:
        header = [p for p in error.problems if "header row" in p.where]
        assert any(f"'{paste.header_fault}'" in str(p) for p in header), message
        return

    letters = paste.letters
    width = len(paste.header)
    faults = expected_faults(paste)
    pairs = expected_duplicates(paste)
    named: dict[int, set[str]] = {}
    duplicates = {}
    for problem in error.problems:
        cells = [(int(n), c) for c, n in CELL.findall(problem.where)]
        assert cells, f"{problem} names no cell"
        assert f"- {_collapse(str(problem))}" in message
        if problem.code == "duplicate":
            duplicates[tuple(n for n, _ in cells)] = _collapse(str(problem))
            continue
        for number, letter in cells:
            named.setdefault(number, set()).add(letter)

    for number, columns in faults.items():
        wanted = {
            get_column_letter(width + 1) if c == "stray" else letters[c]
            for c in columns
        }
        assert named.get(number, set()) & wanted, f"row {number} {columns}: {message}"
        for letter in named[number] & wanted:
            value = seen.get((number, letter))
            shown = "(blank)" if value in (None, "") else _collapse(str(value))[:40]
            where = f"Input!{letter}{number}: "
            assert where + "'" + shown in message or where + shown in message, message
    assert set(named) <= set(faults), f"good rows named: {message}"
    known = {n for n, r in paste.numbered() if r.identity}
    assert {p for p in duplicates if set(p) & known} == set(pairs), message
    for pair, values in pairs.items():
        assert _collapse(values) in duplicates[pair]


def accepted(paste: Paste) -> dict[tuple, tuple[object, str]]:
    """Every figure ehxl must keep: identity -> (value, note)."""
    return {
        row.identity: (row.value, row.note)
        for _, row in paste.numbered()
        if row.value is not None
    }


def _same(held: object, value: object) -> bool:
    if isinstance(value, float):
        return isinstance(held, int | float) and math.isclose(
            held, value, rel_tol=1e-12
        )
    return held == value


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(pastes(in_file=False))
def test_any_paste_is_read_whole_or_refused_naming_each_bad_cell(paste):
    grid = paste.grid()
    seen = {
        (r, get_column_letter(c)): value
        for r, row in enumerate(grid, start=1)
        for c, (value, _) in enumerate(row, start=1)
    }
    try:
        read = figures.from_grid(grid, CATALOGUE)
    except InputDataError as exc:
        event("refused")
        for code in sorted({problem.code for problem in exc.problems}):
            event(f"problem: {code}")
        check_refusal(paste, exc, seen)
        assert (
            paste.header_fault or expected_faults(paste) or expected_duplicates(paste)
        )
        return
    event("read")
    assert not paste.header_fault
    assert not expected_faults(paste), paste
    assert not expected_duplicates(paste)
    got = {
        (f"{r.Indicator} {r.Measure}", r.Area, r.Period, r.Type): (r.Value, r.Note)
        for r in read.itertuples(index=False)
    }
    wanted = accepted(paste)
    assert got.keys() == wanted.keys()
    for identity, (value, note) in wanted.items():
        assert _same(got[identity][0], value), (identity, got[identity], value)
        assert got[identity][1] == note


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """A new workbook refreshed with March 2019's extract (Data holds a month)."""
    book = cli.new_workbook(tmp_path_factory.mktemp("base") / "book.xlsx")
    refresh_file(book, EXTRACTS / "2019-03.csv")
    return book


def write_paste(book: Path, paste: Paste) -> None:
    """Paste into the Input sheet as Excel leaves it: header row, then the rows."""
    workbook = load(book)
    sheet = workbook["Input"]
    for c in range(1, 12):
        sheet.cell(1, c).value = paste.header[c - 1] if c <= len(paste.header) else None
    for number, row in enumerate(paste.rows, start=2):
        if row is None:
            continue
        cells = [row.cells.get(_column(h), (None, "General")) for h in paste.header]
        if row.stray is not None:
            cells.append((row.stray, "General"))
        for c, (value, number_format) in enumerate(cells, start=1):
            cell = sheet.cell(number, c)
            cell.value = value
            if isinstance(value, Text):
                cell.data_type = "s"
            if number_format != "General":
                cell.number_format = number_format
    workbook.save(book)


def as_read(book: Path) -> dict[tuple[int, str], object]:
    """The Input sheet's values as ehxl reads them, by (row, column letter)."""
    workbook = openpyxl.load_workbook(book, read_only=True)
    try:
        return {
            (cell.row, get_column_letter(cell.column)): cell.value
            for row in workbook["Input"].iter_rows()
            for cell in row
            if cell.value is not None
        }
    finally:
        workbook.close()


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
@given(paste=pastes(in_file=True))
def test_a_paste_refreshes_fully_or_leaves_the_workbook_untouched(
    tmp_path_factory, base, paste
):
    folder = tmp_path_factory.mktemp("paste")
    book = shutil.copyfile(base, folder / "book.xlsx")
    write_paste(book, paste)
    seen = as_read(book)
    before, files = book.read_bytes(), sorted(folder.iterdir())

    try:
        refresh_file(book)
    except ProblemsError as exc:
        event("refused")
        check_refusal(paste, exc, seen)
        assert book.read_bytes() == before
        assert sorted(folder.iterdir()) == files
        return
    except EhxlError as exc:
        pytest.fail(f"refused without naming the problems: {exc}")

    event("refreshed")
    assert not paste.header_fault
    assert not expected_faults(paste), paste
    assert not expected_duplicates(paste)
    assert not [f for f in folder.iterdir() if f.name.startswith(".ehxl-")]
    workbook = load(book)
    assert workbook["EHXL_State"].sheet_state == "veryHidden"
    held = {}
    for cell in workbook["Data"].iter_rows(min_row=2):
        indicator, measure, area, period, kind, value, note = (
            c.value for c in cell[:7]
        )
        identity = (f"{indicator} {measure}", area, period.date(), kind or "")
        held[identity] = (value, note or "", cell[5].data_type)
    for identity, (value, note) in accepted(paste).items():
        assert identity in held, identity
        assert _same(held[identity][0], value), (identity, held[identity], value)
        assert held[identity][1] == note
        assert held[identity][2] != "f"
    with zipfile.ZipFile(book) as package:
        assert package.testzip() is None


def test_a_header_without_its_indicator_column_names_the_missing_column():
    grid = [
        [("Measure", "General"), ("Period", "General"), ("Value", "General")],
        [("Number", "General"), ("Mar-19", "General"), (386, "General")],
    ]
    with pytest.raises(InputDataError) as raised:
        figures.from_grid(grid, CATALOGUE)
    assert [(p.where, p.expected) for p in raised.value.problems] == [
        ("Input header row", "a column headed 'Indicator'")
    ]


def test_a_blank_value_beside_the_same_figure_is_not_a_conflict():
    header = [(c, "General") for c in COLUMNS]
    rows = [
        ["1.1", "Number", "Rotherham", "Mar-19", None, 386, None],
        ["1.1", "Number", "Rotherham", "Mar-19", None, None, None],
    ]
    grid = [header, *[[(v, "General") for v in row] for row in rows]]
    read = figures.from_grid(grid, CATALOGUE)
    assert read[["Indicator", "Value"]].values.tolist() == [["1.1", 386.0]]
