"""Questions that end by spelling a name: "How many letters are in the first name of the director of X?".

No passage holds the count. The name is looked up ("Who is the director of X?") and its letters are counted in code
(agent/computed). A name the question spells out itself ("... compared to the first name of Myra Bailey") needs no
passage; grounding the whole question would abstain on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_PART = r"(first name|given name|last name|surname|family name|full name|name)"
_OF = rf"the {_PART} of (.+?)"
_KIND = r"(letters|vowels|consonants)"
_FORMS: list[tuple[str, re.Pattern[str]]] = [
    ("count", re.compile(rf"how many {_KIND} (?:are there |are |do you find )?in {_OF}", re.I)),
    ("count", re.compile(rf"how many {_KIND} (?:does|do) {_OF} (?:have|contain)", re.I)),
    ("count", re.compile(rf"what is the (?:total )?number of {_KIND} in {_OF}", re.I)),
    ("distinct", re.compile(rf"how many (?:unique|distinct|different) (letters) (?:are there |are )?in {_OF}", re.I)),
    ("letter", re.compile(rf"what is the (first|last) letter (?:of|in) {_OF}", re.I)),
    ("code", re.compile(rf"what is the (ascii|binary) code of the (first|last) letter (?:of|in) {_OF}", re.I)),
    (
        "compare",
        re.compile(
            rf"how many (fewer|additional|more|less) {_KIND} does {_OF} have (?:compared to|than|in comparison to)"
            rf" {_OF}",
            re.I,
        ),
    ),
]
_CASE = re.compile(r",? in (lower|upper)[ -]?case$", re.I)
_VOWELS = frozenset("aeiouAEIOU")
_TITLES = frozenset({"sir", "dame", "dr", "dr.", "lord", "lady", "saint", "st", "st."})
_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
_NAME_WORD = re.compile(r"[A-Z][\w'’.-]*|of|de|van|von|der|da|di|du|la|le|al|bin|ibn")


@dataclass(frozen=True)
class Operand:
    part: str
    """ "first name", "last name" or "name"."""
    spelt: str = ""
    """A name written in the question itself ("Myra Bailey"), or ""."""
    phrase: str = ""
    """Otherwise the description whose name is looked up ("the paternal grandfather of Euphemia II")."""

    @property
    def question(self) -> str:
        return f"Who is {self.phrase}?"


@dataclass(frozen=True)
class Spelling:
    op: str
    args: tuple[str, ...]
    """The form's words before the operands: the kind of letter counted, "first" / "last", "ascii" / "binary"."""
    operands: tuple[Operand, ...]
    case: str = ""
    """ "lower" or "upper" when the question asks for its letter in that case ("... in lowercase?")."""

    @property
    def lookups(self) -> list[str]:
        """The questions the passages answer: one per name not spelt out in the question."""
        return [o.question for o in self.operands if not o.spelt]

    def finish(self, answers: list[dict[str, Any]]) -> tuple[str, str] | None:
        """The value and how it follows from the looked-up answers' names; None when one is no person's name."""
        looked_up = iter(answers)
        names = []
        for o in self.operands:
            if o.spelt:
                names.append(name_part(o.spelt, o.part) or o.spelt)
                continue
            out = next(looked_up)
            part = name_part(out["short_answer"], o.part) if out.get("typed") else None
            if part is None:
                return None
            names.append(part)
        if not all(any(c.isalpha() for c in n) for n in names):
            return None
        return compute(self, names)


def spelling(question: str) -> Spelling | None:
    """The question as a computation over the letters of names, or None when it asks nothing of the kind.

    A question whose every name is spelt out in it asks nothing of the passages, and is left to the usual reading.
    """
    text = " ".join(question.split()).rstrip(" ?.")
    case = _CASE.search(text)
    text = text[: case.start()] if case else text
    for op, form in _FORMS:
        m = form.fullmatch(text)
        if m is None:
            continue
        groups = list(m.groups())
        # Each operand is the form's last two groups (part, description); the words before them are its arguments.
        start = len(groups) - (4 if op == "compare" else 2)
        args = tuple(g.lower() for g in groups[:start])
        operands = tuple(_operand(groups[i].lower(), groups[i + 1]) for i in range(start, len(groups), 2))
        if all(o.spelt for o in operands):
            return None
        return Spelling(op, args, operands, case.group(1).lower() if case else "")
    return None


def _operand(part: str, words: str) -> Operand:
    part = {"given name": "first name", "surname": "last name", "family name": "last name"}.get(part, part)
    part = "name" if part == "full name" else part
    words = words.strip(" ,")
    if _spelt(words):
        return Operand(part, spelt=words)
    return Operand(part, phrase=words)


def _spelt(words: str) -> bool:
    """A name written out ("Myra Bailey", "Jan van Eyck"), not a description ("the father of X", "X's father")."""
    split = words.split()
    return (
        bool(split)
        and split[0][0].isupper()
        and split[-1][0].isupper()
        and all(_NAME_WORD.fullmatch(w) and not w.endswith(("'s", "’s", "'", "’")) for w in split)
    )


def name_part(name: str, part: str) -> str | None:
    """The first or last name of a person's name ("Sir Matt Flynn Jr." -> "Matt" / "Flynn"); None when `name` is no
    person's name (a sentence, a date, a lower-case phrase)."""
    words = [w.strip(",") for w in name.split()]
    if not words or len(words) > 6 or not all(_NAME_WORD.fullmatch(w) for w in words):
        return None
    if not words[0][0].isupper() or any(c.isdigit() for c in name):
        return None
    core = [w for w in words if w.lower() not in _TITLES and w.lower() not in _SUFFIXES] or words
    if part == "first name":
        return core[0]
    if part == "last name":
        return core[-1] if len(core) > 1 else None  # a single name has no last name apart from its first
    return " ".join(words)


def _count(kind: str, word: str) -> int:
    letters = [c for c in word if c.isalpha()]
    if kind == "vowels":
        return sum(c in _VOWELS for c in letters)
    if kind == "consonants":
        return sum(c not in _VOWELS for c in letters)
    return len(letters)


def compute(step: Spelling, names: list[str]) -> tuple[str, str]:
    """The answer and how it follows from `names` (one per operand), e.g. ("4", '"Matt" has 4 letters')."""
    if step.op == "count":
        n = _count(step.args[0], names[0])
        return str(n), f"“{names[0]}” has {n} {step.args[0]}"
    if step.op == "distinct":
        seen = sorted({c.lower() for c in names[0] if c.isalpha()})
        return str(len(seen)), f"“{names[0]}” has {len(seen)} different letters: {', '.join(seen)}"
    letters = [c for c in names[0] if c.isalpha()]
    letter = letters[0] if step.args[-1] == "first" else letters[-1]
    letter = letter.lower() if step.case == "lower" else letter.upper() if step.case == "upper" else letter
    if step.op == "letter":
        return letter, f"the {step.args[0]} letter of “{names[0]}” is “{letter}”"
    if step.op == "code":
        value = str(ord(letter)) if step.args[0] == "ascii" else format(ord(letter), "b")
        return value, f"the {step.args[1]} letter of “{names[0]}” is “{letter}”, {step.args[0].upper()} code {value}"
    kind = step.args[1]
    a, b = _count(kind, names[0]), _count(kind, names[1])
    if step.args[0] in ("fewer", "less"):
        return str(b - a), f"“{names[0]}” has {a} {kind}, “{names[1]}” has {b}: {b} − {a} = {b - a}"
    return str(a - b), f"“{names[0]}” has {a} {kind}, “{names[1]}” has {b}: {a} − {b} = {a - b}"
