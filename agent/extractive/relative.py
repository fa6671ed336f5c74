"""Years a text gives relative to another it wrote before: "published in 2011 ... won the prize the following year"."""

from __future__ import annotations

import re

from agent.extractive.nlp import YEAR

_SPAN = re.compile(
    r"^(?:the )?(?:(following|next|previous|preceding) year|year (after|before)"
    r"|(a|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2}) years? (later|earlier|after|before))$",
    re.I,
)
_COUNTS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
_COUNTS["ten"] = 10
_LATER = frozenset({"following", "next", "after", "later"})
LOOK_BACK = 400
"""How far before the phrase (in characters) its year is looked for: the same sentence or the one before it."""


def resolve_year(phrase: str, before: str) -> tuple[str, str, int] | None:
    """The year `phrase` ("the following year", "two years later") names, counted from the last year written in
    `before` (the text just before it): the year, the sum that gives it ("... from 2011: 2011 + 1 = 2012") and where
    in `before` the base year is. None when it is no such phrase or no year comes before it."""
    found = _SPAN.match(" ".join(phrase.split()))
    start = max(0, len(before) - LOOK_BACK)
    years = list(YEAR.finditer(before, start))
    if found is None or not years:
        return None
    which, side, count, direction = found.groups()
    n = 1 if count is None else _COUNTS.get(count.lower()) or int(count)
    later = (which or side or direction).lower() in _LATER
    base = int(years[-1].group())
    year = base + n if later else base - n
    sign = "+" if later else "-"
    return str(year), f"“{' '.join(phrase.split())}” counted from {base}: {base} {sign} {n} = {year}", years[-1].start()
