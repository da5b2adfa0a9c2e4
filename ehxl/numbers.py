"""Reading figures as the officer pastes them, and rounding them as Excel shows them."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal

# Excel keeps 15 significant digits, so 0.1 + 0.2 is 0.3 to it.
EXCEL_DIGITS = 15

# Text that starts like a number (perhaps after a currency sign, a bracket or
# a leading apostrophe) must be one; any other text is a note.
_NUMBER_LIKE = re.compile(r"^['(£$€]*[+\-]?[.\d]")
_EXCEL_ERROR = re.compile(r"^#(DIV/0!|N/A|VALUE!|REF!|NAME\?|NUM!|NULL!|SPILL!|CALC!)")
# Characters that cannot be stored in an Excel cell (openpyxl refuses them).
# (XML 1.0, which workbooks are written in, allows none of these.)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Excel's limit on the characters in a cell.
MAX_TEXT = 32767

_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?([eE][+-]?\d+)?$")


def excel_decimal(value: float) -> Decimal:
    """Return ``value`` as Excel holds it: 15 significant digits."""
    return Decimal(f"{value:.{EXCEL_DIGITS}g}")


def excel_round(value: float, places: int) -> Decimal:
    """Round as Excel's ROUND does: half away from zero, on 15 digits.

    Args:
        value: the figure at full precision.
        places: decimal places to keep (percentages: of the fraction, so 67.2%
            at one decimal is three places of 0.672).

    Returns:
        The rounded figure, exact.
    """
    exact = excel_decimal(value)
    # Enough digits for the whole number, however big, and the places kept.
    digits = max(28, exact.adjusted() + places + 2)
    return exact.quantize(
        Decimal(1).scaleb(-places), context=Context(prec=digits, rounding=ROUND_HALF_UP)
    )


@dataclass(frozen=True)
class Reading:
    """What one pasted value turned out to be: a number, a note, or nothing."""

    number: float | None = None
    note: str | None = None

    @property
    def is_blank(self) -> bool:
        return self.number is None and self.note is None


# What a figure must be, by the reason code of each way it can fail.
EXPECTED = {
    "number": "a number such as 386 or 67.2%, or a note that starts with a letter",
    "boolean": "a number or a note, not TRUE/FALSE",
    "date": "a number, not a date (format the cell as a number)",
    "negative": "zero or more (figures are never negative)",
    "scale": (
        "a percentage written with its % sign (67.2%) or as a fraction (0.672), "
        "or the measure's Input scale set to percent in Indicators"
    ),
    "size": "a number Excel can hold (under 15 digits)",
    "percent": "a count, not a percentage",
    "formula": "a value, not a formula (copy the cells and use Paste Values)",
    "excel-error": "a figure, not an Excel error value (correct its formula)",
    "control": "text without control characters (they cannot go in an Excel cell)",
    "length": "text of at most 32,767 characters (Excel's limit for a cell)",
}


class Formula(str):
    """The text of a formula found in a pasted cell (not its result)."""


class ExcelError(str):
    """An Excel error value found in a pasted cell (#N/A, #DIV/0!...)."""


def looks_like_number(text: str) -> bool:
    """True for text that starts like a number (and so must not be a note)."""
    return bool(_NUMBER_LIKE.match(" ".join(text.split())))


def check_text(text: str) -> str:
    """Refuse text that cannot be written to an Excel cell.

    Raises:
        ValueReadError: code "control" or "length".
    """
    if _CONTROL.search(text):
        raise ValueReadError("control")
    if len(text) > MAX_TEXT:
        raise ValueReadError("length")
    return text


class ValueReadError(ValueError):
    """Raised by read_value; code names the reason (a key of EXPECTED)."""

    def __init__(self, code: str) -> None:
        super().__init__(EXPECTED[code])
        self.code = code
        self.expected = EXPECTED[code]


def read_value(
    raw: object, percent: bool, scale: str = "fraction", percent_cell: bool = False
) -> Reading:
    """Read a pasted figure.

    Text that starts like a number must be one (``12O`` is a typing slip);
    other text (``N/A``, ``Data In Development``) is a note, kept as written.
    A percentage arrives as ``67.2%`` text, as a cell Excel formats as a
    percentage, or as a bare number on the measure's input scale: ``0.672``
    for ``fraction``, ``67.2`` for ``percent``.

    Args:
        raw: the cell's value.
        percent: the measure's figures are percentages.
        scale: the measure's input scale for bare numbers.
        percent_cell: Excel formats the cell as a percentage.

    Returns:
        The number (percentages as fractions) or the note.

    Raises:
        ValueReadError: the value cannot be a figure of this measure.
    """
    if raw is None or (isinstance(raw, float) and math.isnan(raw)):
        return Reading()
    if isinstance(raw, Formula):
        raise ValueReadError("formula")
    if isinstance(raw, ExcelError):
        raise ValueReadError("excel-error")
    if isinstance(raw, bool):
        raise ValueReadError("boolean")
    if isinstance(raw, dt.date | dt.datetime | dt.time):
        raise ValueReadError("date")
    if isinstance(raw, int | float):
        # Excel holds a cell formatted as 67.2% as the fraction 0.672.
        if percent_cell and not percent:
            raise ValueReadError("percent")
        if percent_cell:
            return Reading(number=_scaled(float(raw), percent, "fraction", True))
        return Reading(number=_scaled(float(raw), percent, scale, False))
    text = " ".join(str(raw).split())
    if not text:
        return Reading()
    if _EXCEL_ERROR.match(text):
        raise ValueReadError("excel-error")
    if not _NUMBER_LIKE.match(text):
        return Reading(note=check_text(text))
    is_percent_text = text.endswith("%")
    digits = text.removesuffix("%").strip()
    if not _NUMBER.match(digits) or not re.search(r"\d", digits):
        raise ValueReadError("number")
    number = float(digits.replace(",", ""))
    if is_percent_text and not percent:
        raise ValueReadError("percent")
    if is_percent_text:
        return Reading(number=_scaled(number, percent, "percent", True))
    return Reading(number=_scaled(number, percent, scale, False))


# A bare fraction above 1 (100%) is ambiguous: 2.5 may be 2.5% typed on the
# 0-100 scale. It is refused; 250% written with its sign is read as written.
_MAX_FRACTION = 1


def _scaled(number: float, percent: bool, scale: str, explicit: bool) -> float:
    if not math.isfinite(number) or abs(number) >= 1e15:
        raise ValueReadError("size")
    if number < 0:
        raise ValueReadError("negative")
    if not percent:
        return number
    if scale == "percent":
        return number / 100
    if number > _MAX_FRACTION and not explicit:
        raise ValueReadError("scale")
    return number


@dataclass(frozen=True)
class Shape:
    """What a number format of the report does to a number: places, percent."""

    places: int | None
    percent: bool

    @property
    def digits(self) -> int:
        """Decimal places of the number itself: 3 for 62.9% (0.629)."""
        places = self.places if self.places is not None else 10
        return places + (2 if self.percent else 0)

    def rounded(self, value: float) -> Decimal:
        """The number as shown, exact: 0.629 for 62.9%, 368 for 368."""
        return excel_round(value, self.digits)


def format_shape(number_format: str | None) -> Shape:
    """Read the report's own number formats: ``0``, ``0.00``, ``0.0%``,
    ``0.0%" (Half term 1-3)"``; anything else is shown as General."""
    base = (number_format or "General").split('"', 1)[0].strip()
    match = re.fullmatch(r"0(?:\.(0+))?(%?)", base)
    if not match:
        return Shape(None, False)
    return Shape(len(match[1] or ""), bool(match[2]))


def displayed(value: object, number_format: str | None) -> str:
    """A cell's value as the report shows it: ``62.9%``, ``368``, a note, or ""."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    shape = format_shape(number_format)
    if shape.places is None:
        return f"{value:.10g}"
    shown = shape.rounded(float(value))
    if shape.percent:
        return f"{shown * 100:.{shape.places}f}%"
    return f"{shown:.{shape.places}f}"
