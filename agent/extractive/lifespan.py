"""A life's dates in brackets after a name: "Eduardo Frei Montalva (January 16, 1911 – January 22, 1982) was ...".

Biographies open this way; the first date is the birth, the second the death. Read as two dates of one sentence,
"When did he die?" took the first.
"""

from __future__ import annotations

import re

from agent.extractive.nlp import norm
from agent.extractive.question import QuestionInfo
from agent.extractive.sentences import Sentence

_SPAN = re.compile(
    r"(?:[A-Z][\w'’.-]*|\))\s*\(\s*(?:born\s+|b\.\s+)?([^()]*?\b\d{3,4})\s*(?:–|—|-|to)\s*([^()–—]*?\b\d{3,4})\s*\)"
)
"""Two dates (or years) in brackets right after a name (or after its other names' brackets: "William of Cleves
(William I of Cleves)(28 July 1516 – 5 January 1592)"), a dash between them, each ending on its year."""
_OWN_WORDS = r"(?:date|death|birth|year|day|life)\b"
"""Words whose "of X" is X's own ("the date of death of X"), unlike "the father of X"."""
_BIRTH = frozenset({"born", "birth"})
_DEATH = frozenset({"die", "death", "dead"})


def asked_end(info: QuestionInfo) -> int | None:
    """0 when a date question asks about a birth, 1 about a death, None otherwise (or about both)."""
    if "DATE" not in info.answer_types:
        return None
    birth, death = bool(info.keywords & _BIRTH), bool(info.keywords & _DEATH)
    return None if birth == death else (0 if birth else 1)


def life_dates(text: str) -> tuple[str, str] | None:
    """The birth and death dates a sentence brackets, as written ("16 January 1911", "22 January 1982")."""
    m = _SPAN.search(text)
    if m is None or re.match(r"(fl|r|reigned|ruled)\b", m.group(1), re.I):
        return None  # "fl. 1200–1250", "r. 1539–1592": when one flourished or reigned, not born and died
    return m.group(1).strip(), m.group(2).strip()


def life_asked(info: QuestionInfo, sentence: Sentence) -> tuple[str, str] | None:
    """The bracketed life in a page's opening sentence when it is the life the question asks about.

    Only the opening brackets the page's subject's life; further down, a list of children or spouses brackets
    theirs ("Lothair I of the Franks (795–855)" on his wife's page). "When did Duleep Singh's father die?" asks about
    another life than the one Duleep Singh's page brackets: a name the question gives as a possessor ("X's father",
    "the father of X") is not the one asked about.
    """
    text = sentence.text
    before = str(sentence.chunk["text"])[: sentence.start]
    if int(sentence.chunk.get("start") or 0) > 0 or re.search(r"[.!?;]", before):
        return None  # not the page's first sentence (a heading before it has no full stop)
    life = life_dates(text)
    if life is None:
        return None
    named = set(norm(text[: text.find("(")]).split())  # "Eduardo Nicanor Frei Montalva": with a middle name
    for subject in info.subjects:
        # The possessive may close a longer name the subject begins ("Maria of Austria, Duchess of Cleves's husband").
        name = re.escape(subject)
        owner = re.search(
            rf"{name}(?:,? (?:[A-Z][\w-]*|of|the))*?\s*['’]s?\b|\b(?!{_OWN_WORDS})\w+ of (?:the )?{name}", info.text
        )
        if owner and set(norm(subject).split()) <= named:
            return None
    return life
