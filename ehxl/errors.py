"""The errors ehxl raises, split by who has to act on them."""

from __future__ import annotations

from dataclasses import dataclass

# How much of a value a message quotes: a pasted essay would swamp the Log.
SHOWN_LENGTH = 200


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the officer's data or the workbook's catalogue.

    Attributes:
        where: the sheet and cell, or the file and row ("Input!F7").
        value: the value found, as the officer typed it.
        expected: what would have been accepted.
        fix: what to do about it.
        code: a short reason code for the add-in and for tests.
    """

    where: str
    value: object
    expected: str
    fix: str
    code: str

    def __str__(self) -> str:
        return f"{self.where}: {self.shown}: expected {self.expected}. {self.fix}"

    @property
    def shown(self) -> str:
        """The value as quoted in a message; a long text by its start only."""
        if self.value in (None, ""):
            return "(blank)"
        text = str(self.value)
        if len(text) > SHOWN_LENGTH:
            return f"'{text[:SHOWN_LENGTH]}...' ({len(text)} characters)"
        return f"'{text}'"


class EhxlError(Exception):
    """Base of every error ehxl raises on purpose."""


class ProblemsError(EhxlError):
    """Raised with every problem found at once; nothing has been written."""

    kind = "with the workbook"

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        noun = "problem" if len(problems) == 1 else "problems"
        lines = [
            f"{len(problems)} {noun} {self.kind} found; the workbook was not changed:"
        ]
        lines += [f"  - {problem}" for problem in problems]
        super().__init__("\n".join(lines))


class InputDataError(ProblemsError):
    """Raised when the pasted figures (Input sheet or extract file) are wrong."""

    kind = "with the input figures"


class CatalogueError(ProblemsError):
    """Raised when the Indicators or Settings sheet cannot be used as it stands."""

    kind = "with the indicator catalogue"


class HistoryError(ProblemsError):
    """Raised when edits to the Data sheet (ehxl's history) made rows unreadable."""

    kind = "in the Data sheet"


class LayoutError(EhxlError):
    """Raised when a report sheet lacks the keys that say where figures go."""


class WorkbookFileError(EhxlError):
    """Raised when a workbook file cannot be read, or written safely."""
