"""Names a sentence gives things, which "What is X called?" asks for ("renamed Halden Tally", "the Perch, a ..."),
and a name spelt another way ("Kim Jong-chul, sometimes spelled Kim Jong Chol")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

from agent.extractive.nlp import fold

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_NAMING_VERBS = frozenset({"call", "name", "rename", "dub", "title", "retitle", "brand", "rebrand", "know"})
_NAMING_NOUNS = frozenset({"name", "pseudonym", "alias", "moniker", "nickname", "title"})
_SPELLING = 0.85
"""How alike (difflib's ratio) the letters of two spellings of one name are."""
_BY_VERB = 0.5
"""A naming verb says outright that the name is the thing's: "has been renamed Halden Tally", "known as the Perch"."""
_BY_APPOSITION = 0.4
"""An apposition pairs a name with a common noun: "its product, Tally,", "the band Euphoria", "the Perch, a
terminal". The pair may also be a company and its kind ("Kestrel Labs, a Nairobi startup"), hence less."""


def named_things(doc: Doc) -> list[tuple[str, float]]:
    """The names that `doc` gives things, each with how plainly it does, in sentence order.

    A rename's new name comes from its verb, so it beats the old name in apposition ("Brightwell's service, Tally,
    has been renamed Halden Tally"): "What is it called?" asks for the current one.
    """
    out: list[tuple[str, float]] = []
    for tok in doc:
        if tok.pos_ != "PROPN" or tok.dep_ == "compound":
            continue  # a name is read from its last word; "Halden" in "Halden Tally" is part of one
        if _by_verb(tok):
            out.append((_name(tok), _BY_VERB))
        elif (noun := _beside(tok)) is not None:
            # "under the pseudonym Bass Communion": a noun for a name says so as plainly as a naming verb.
            out.append((_name(tok), _BY_VERB if noun.lemma_ in _NAMING_NOUNS else _BY_APPOSITION))
    return out


def _by_verb(tok: Token) -> bool:
    """ "renamed Halden Tally", "a service called Tally", "known as the Perch", "renamed the product Halden Tally"."""
    head = tok.head
    if tok.dep_ in ("oprd", "attr"):
        return _naming_verb(head)
    if tok.dep_ == "pobj" and head.lower_ == "as":
        return _naming_verb(head.head)
    return tok.dep_ == "appos" and head.dep_ == "dobj" and _naming_verb(head.head)


def _naming_verb(tok: Token) -> bool:
    return tok.pos_ == "VERB" and tok.lemma_ in _NAMING_VERBS


def _beside(tok: Token) -> Token | None:
    """The common noun in apposition to a name: "its product, Tally", "the band Euphoria", "the Perch, a payment
    terminal"; or None."""
    if tok.dep_ == "appos" and tok.head.pos_ == "NOUN":
        return tok.head
    if (described := next((c for c in tok.children if c.dep_ == "appos" and c.pos_ == "NOUN"), None)) is not None:
        return described
    # "India's pop band Euphoria": the parser may hang the common noun on the name as a compound instead.
    before = tok.doc[_start(tok) - 1] if _start(tok) > 0 else None
    if before is not None and before.pos_ == "NOUN" and before.dep_ == "compound" and before.head.i == tok.i:
        return before
    return None


def _name(tok: Token) -> str:
    """The whole name ending at `tok`: the proper nouns compounded onto it, or the entity that holds it."""
    return tok.doc[_start(tok) : tok.i + 1].text


def _start(tok: Token) -> int:
    """Where the name ending at `tok` starts ("Halden" of "Halden Tally"); the small model may cut a compound short."""
    doc = tok.doc
    start = tok.i
    while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].pos_ == "PROPN":
        start -= 1
    ent = next((e for e in doc.ents if e.start <= tok.i < e.end and e.end == tok.i + 1), None)
    return min(start, ent.start) if ent is not None else start


def spelling_of(text: str, subjects: Sequence[str]) -> bool:
    """Is `text` another spelling of a subject ("Kim Jong-chul, sometimes spelled Kim Jong Chol")? Their letters are
    _SPELLING alike: a brother's name ("Kim Jong-un") differs by more."""
    letters = _letters(text)
    return bool(letters) and any(SequenceMatcher(None, letters, _letters(s)).ratio() >= _SPELLING for s in subjects)


def _letters(name: str) -> str:
    return re.sub(r"[^a-z]", "", fold(name).lower())
