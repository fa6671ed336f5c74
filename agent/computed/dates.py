"""Questions that end by counting from a date: "What is the date two weeks after the date of birth of X's father?".

The date is looked up ("When was X's father born?") and the calendar counted in code (agent/computed), as a reader with
a calendar would; no passage holds the shifted date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from dateutil import parser as dates
from dateutil.relativedelta import relativedelta

_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
            "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}  # fmt: skip
_SHIFT = re.compile(
    rf"what (?:is|was) the (date|year)(?: (\d+|{'|'.join(_NUMBERS)}) (day|week|month|year)s?)? (after|before) (.+)",
    re.I,
)
_BETWEEN = re.compile(
    r"how many (days|weeks|months|years) (?:were there |are there |lay |lie |(?:have )?passed |elapsed )?between (.+)",
    re.I,
)
_WEEKDAY = re.compile(r"(?:which|what) day of the week (?:was|is|will be) (.+)", re.I)
_EVENTS = {"birth": "was {} born", "death": "did {} die", "release": "was {} released"}
_OF = [
    (re.compile(r"(?:the )?(?:date|year|day) of (birth|death|release) of (.+)", re.I), 1, 2),
    (re.compile(r"(?:the )?(birth|death|release)(?: ?date| year) of (.+)", re.I), 1, 2),
    (re.compile(r"(.+?) ?['’]s (birth)(?:day| ?date|date of birth)", re.I), 2, 1),
]
_WHEN = re.compile(r"(?:the (?:date|year|day) )?(?:of |on which |in which )?(?:when |that )?(.+)", re.I)
_DECLARED = [
    (re.compile(r"(?P<who>.+) (?P<be>was|were) (?P<done>\w+)", re.I), "{be} {who} {done}"),
    (re.compile(r"(?P<who>.+) died", re.I), "did {who} die"),
]
"""A clause in statement order ("X's father died"), asked as a question ("did X's father die")."""
_FAR_PAST = datetime(1, 1, 1)
_OTHER_DEFAULT = datetime(4, 2, 2)
"""Two defaults for the parts a date leaves out: a part that differs between them was not written."""


@dataclass(frozen=True)
class Shift:
    unit: str
    """ "day", "week", "month" or "year"; "" for the weekday of the date itself."""
    count: int
    """How many units after the date; negative before it."""
    answer: str
    """ "date", "year" or "weekday": what the question asks for."""
    phrase: str
    """The looked-up date's description ("the date of birth of X's father")."""

    @property
    def lookups(self) -> list[str]:
        return [when(self.phrase)]

    def finish(self, answers: list[dict[str, Any]]) -> tuple[str, str] | None:
        """The shifted date (ISO), year or weekday and how it was counted; None when the answer is no date."""
        found = answers[0]["short_answer"].split(";")[0].strip()
        read = read_date(found)
        if read is None or (self.answer != "year" and not read[1]):
            return None  # a year alone ("1805") dates no day of the week, and no day a week later
        start = read[0]
        if self.answer == "weekday":
            return f"{start:%A}", f"“{found}” is {start:%Y-%m-%d}, a {start:%A}"
        end = start + relativedelta(**{f"{self.unit}s": self.count})
        if self.answer == "year" and self.unit == "year":
            sign = "+" if self.count > 0 else "−"
            return str(end.year), f"“{found}”: {start.year} {sign} {abs(self.count)} = {end.year}"
        way = "after" if self.count > 0 else "before"
        span = f"{abs(self.count)} {self.unit}{'' if abs(self.count) == 1 else 's'} {way}"
        value = str(end.year) if self.answer == "year" else f"{end:%Y-%m-%d}"
        return value, f"“{found}” is {start:%Y-%m-%d}; {span}: {end:%Y-%m-%d}"


@dataclass(frozen=True)
class Between:
    unit: str
    """ "day", "week", "month" or "year"."""
    phrases: tuple[str, str]
    """The two dates' descriptions, or the dates themselves ("August 3, 2028")."""

    @property
    def lookups(self) -> list[str]:
        return [when(p) for p in self.phrases if written_date(p) is None]

    def finish(self, answers: list[dict[str, Any]]) -> tuple[str, str] | None:
        """The whole units from one date to the other and how; None when an answer is no date precise enough."""
        looked_up = iter(answers)
        found = [p if written_date(p) else next(looked_up)["short_answer"].split(";")[0].strip() for p in self.phrases]
        read = [read_date(f) for f in found]
        if any(r is None or (self.unit != "year" and not r[1]) for r in read):
            return None  # "1805" to "1809" is four years, but how many days is not said
        (a, _), (b, _) = sorted(r for r in read if r is not None)
        if self.unit == "year" and not all(r is not None and r[1] for r in read):
            years = b.year - a.year
            return str(years), f"“{found[0]}” and “{found[1]}”: {b.year} − {a.year} = {years}"
        gap = relativedelta(b, a)
        n = {"day": (b - a).days, "week": (b - a).days // 7, "month": gap.years * 12 + gap.months, "year": gap.years}
        return str(n[self.unit]), f"from {a:%Y-%m-%d} to {b:%Y-%m-%d}: {n[self.unit]} whole {self.unit}s"


def date_step(question: str) -> Shift | Between | None:
    """The question as a count from a looked-up date, or None when it asks nothing of the kind."""
    text = " ".join(question.split()).rstrip(" ?.")
    if m := _BETWEEN.fullmatch(text):
        sides = _sides(m.group(2))
        return Between(m.group(1).lower().rstrip("s"), sides) if sides else None
    if m := _WEEKDAY.fullmatch(text):
        return Shift("", 0, "weekday", m.group(1))
    m = _SHIFT.fullmatch(text)
    if m is None:
        return None
    asked, number, unit, way, phrase = m.groups()
    if number is None and asked.lower() != "year":
        return None  # "the date before X" does not say by how much; "the year before X" does
    count = 1 if number is None else int(number) if number.isdigit() else _NUMBERS[number.lower()]
    sign = 1 if way.lower() == "after" else -1
    return Shift((unit or "year").lower(), sign * count, asked.lower(), phrase)


def _sides(text: str) -> tuple[str, str] | None:
    """ "A and B" split where B begins a date or its description; the first "and" otherwise."""
    splits = [(text[: m.start()], text[m.end() :]) for m in re.finditer(r" and ", text)]
    for a, b in splits:
        if re.match(r"(?:the |when )", b, re.I) or written_date(b):
            return a, b
    return splits[0] if splits else None


def written_date(text: str) -> datetime | None:
    """The date `text` is, written out ("August 03, 2028", "1805"), rather than described; else None."""
    if not re.search(r"\b\d{3,4}\b", text):
        return None
    try:
        return dates.parse(text, default=_FAR_PAST)
    except (ValueError, OverflowError):
        return None


def when(phrase: str) -> str:
    """The question a date's description asks: "the date of birth of X" -> "When was X born?"."""
    for form, event, subject in _OF:
        if m := form.fullmatch(phrase):
            return f"When {_EVENTS[m.group(event).lower()].format(m.group(subject))}?"
    clause = m.group(1) if (m := _WHEN.fullmatch(phrase)) else phrase
    for form, asked in _DECLARED:
        if m := form.fullmatch(clause):
            return f"When {asked.format(**m.groupdict())}?"
    return f"When {clause}?"


def read_date(text: str) -> tuple[datetime, bool] | None:
    """The date `text` writes ("19 November 1805", "1805") and whether it gives the day; None when it is no date."""
    if not re.search(r"\b\d{3,4}\b", text):
        return None
    try:
        one = dates.parse(text, default=_FAR_PAST, fuzzy=True)
        other = dates.parse(text, default=_OTHER_DEFAULT, fuzzy=True)
    except (ValueError, OverflowError):
        return None
    if one.year != other.year:
        return None
    return one, one == other
