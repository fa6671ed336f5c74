"""Questions typed in lower case: names spelt as the passages spell them, so the small model can see them."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from agent.extractive.question import NAME_JOINERS

_JOINERS = "|".join(sorted(NAME_JOINERS | {"and"}))  # "Trinidad and Tobago" too
_NAME_RUN = re.compile(rf"[A-Z][\w'’.-]*(?:[ \t]+(?:(?:{_JOINERS})[ \t]+)*[A-Z][\w'’.-]*)*")
"""Capitalised words on one line, over small joiners ("Haymo of Faversham")."""
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
CAVEAT = (
    "The question is in lower case, and none of its words is a name the passages write with capitals: the answer was"
    " not checked against pages about what the question names. Capitalise names to have it checked."
)


def lower_case(question: str) -> bool:
    """True when the question has no capital at all: its names cannot be told from its words.

    A question that opens with a capital was written with care, and one without names ("What is the continental limit
    of the coldest continent?") has none to find.
    """
    return any(ch.isalpha() for ch in question) and not any(ch.isupper() for ch in question)


def truecase(question: str, chunks: Iterable[Mapping[str, Any]]) -> str:
    """The question with each name the passages (titles and texts) write capitalised written so too ("the quiet
    ledger" -> "The Quiet Ledger"); a question that has capitals is returned as it is.

    A run of several capitalised words in the passages is a name wherever its words stand together in the question. A
    single capitalised word counts only if the passages never write it in lower case ("Brightwell", not "The" or
    "Quiet"). Longer names go first, so "brightwell analytics" becomes one name, not two.
    """
    if not lower_case(question):
        return question
    runs: Counter[str] = Counter()
    lower: set[str] = set()
    for chunk in chunks:
        text = f"{chunk.get('title', '')}\n{chunk['text']}"
        runs.update(m.group() for m in _NAME_RUN.finditer(text))
        lower.update(w for w in _WORD.findall(text) if w.islower())
    names: dict[str, str] = {}
    for run, _ in runs.most_common():  # the commonest spelling of a name wins
        key = run.lower()
        if key not in names and (" " in run or key not in lower):
            names[key] = run
    out = question
    for key in sorted(names, key=len, reverse=True):
        out = re.sub(rf"(?<![\w'’-]){re.escape(key)}(?![\w'’-])", names[key].replace("\\", "\\\\"), out)
    return out[:1].upper() + out[1:]  # a question opens with a capital, as the small model expects
