"""Run a pandera schema lazily and turn every failure into an officer's Problem."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa

from ehxl.errors import Problem


@dataclass(frozen=True)
class Rule:
    """A check on single cells: its reason code, what it expects, the fix."""

    code: str
    expected: str
    fix: str
    test: Callable[[object], bool]

    def check(self) -> pa.Check:
        """Return the pandera check for this rule (reported by its wording)."""
        return pa.Check(
            self.test, element_wise=True, name=self.code, error=self.expected
        )


def problems(
    schema: pa.DataFrameSchema,
    frame: pd.DataFrame,
    rules: list[Rule],
    where: Callable[[object, str], str],
    missing_column_fix: str,
    shown_as: dict[str, str] | None = None,
) -> list[Problem]:
    """Validate ``frame`` with every check at once and list what failed.

    Args:
        schema: the schema, built from ``rules``.
        frame: the cells as read, one row a record, index the row's label.
        rules: the rules the schema uses, to look up each failure's fix.
        where: names a cell from its row index and column.
        missing_column_fix: what to do when a required column is absent.
        shown_as: for a column built for checking, the pasted column whose
            value a message shows.

    Returns:
        One Problem per failing cell, in row order.
    """
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
    else:
        return []

    by_wording = {rule.expected: rule for rule in rules}
    found: list[tuple[int, Problem]] = []
    for case in cases.itertuples(index=False):
        if case.check == "column_in_dataframe":
            found.append(
                (
                    -1,
                    Problem(
                        where=f"column '{case.failure_case}'",
                        value=None,
                        expected=f"a column headed '{case.failure_case}'",
                        fix=missing_column_fix,
                        code="column",
                    ),
                )
            )
            continue
        rule = by_wording.get(case.check) or Rule(
            "invalid", str(case.check), "Correct the cell.", lambda v: True
        )
        index = case.index
        if index is None or case.column not in frame.columns:
            found.append(
                (
                    -1,
                    Problem(
                        str(case.column),
                        case.failure_case,
                        rule.expected,
                        rule.fix,
                        rule.code,
                    ),
                )
            )
            continue
        value = frame.at[index, (shown_as or {}).get(case.column, case.column)]
        value = getattr(value, "raw", value)
        found.append(
            (
                frame.index.get_loc(index),
                Problem(
                    where=where(index, str(case.column)),
                    value=value,
                    expected=rule.expected,
                    fix=rule.fix,
                    code=rule.code,
                ),
            )
        )
    found.sort(key=lambda pair: pair[0])
    return [problem for _, problem in found]
