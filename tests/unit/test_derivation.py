"""A derived claim's arithmetic is recomputed in code."""

from __future__ import annotations

import pytest

from agent.derivation import wrong_steps


@pytest.mark.parametrize(
    ("derivation", "wrong"),
    [
        ("1889 − 1851 = 38", []),
        ("1889 - 1851 = 37", ["1889 - 1851 = 37"]),
        ("2 × 4,183 = 8,366; then 8,366 + 1 = 8,368", ["8,366 + 1 = 8,368"]),
        ("1 + 9 + 7 + 0 = 17", []),
        ("10 / 4 = 2.5", []),
        ("10 / 0 = 1", ["10 / 0 = 1"]),
        ("Miriam has 6 letters", []),  # no equation: nothing to recompute, the judge decides
        # Dates written in numbers are not sums: "2019-03 - 2016-08" is 2 years 7 months, not 2019 - 3 - 2016 - 8.
        ("2019-03 - 2016-08 = 2 years 7 months", []),
        ("from 12/03/2019 to 01/08/2016 = 2 years", []),
        ("the 1998-1999 season = 1 season; 1999 - 1998 = 2", ["1999 - 1998 = 2"]),
    ],
)
def test_wrong_steps(derivation: str, wrong: list[str]) -> None:
    assert wrong_steps(derivation) == wrong
