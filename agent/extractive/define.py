"""'Who is X?' / 'What is X?': the answer is a description of X, not another name from its sentence."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from agent.extractive.nlp import Parser, norm, words
from agent.extractive.question import QuestionInfo
from agent.extractive.sentences import Pick, Sentence

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_ASKS_DOING = re.compile(r"\bdo\W*$", re.I)
_LINKING = frozenset({"be", "become", "remain"})
_MAX_WORDS = 30
"""A longer appositive or predicate is cut to its noun phrase."""


def define(info: QuestionInfo, ranked: Sequence[Sentence], parse: Parser, n_sentences: int = 8) -> Pick | None:
    """The best sentence that describes `info.defines` ("X, a payment terminal", "X is a software engineer"), with
    the description as the short answer; else the best sentence that mentions X, whole. None when none mentions it.
    """
    name = norm(info.defines)
    mentioning = [s for s in ranked[:n_sentences] if f" {name} " in f" {norm(s.text)} "]
    # "What does X do?" asks for what the sentence says X does, not for what X is.
    for sent in [] if _ASKS_DOING.search(info.text) else mentioning:
        if (described := description(parse(sent.text), name)) is not None:
            return Pick(answer=described, support=[sent], score=sent.score)
    if mentioning:
        best = mentioning[0]
        return Pick(answer=best.text, support=[best], score=best.score)
    return None


def description(doc: Doc, name: str) -> str | None:
    """What `doc` says `name` is: its appositive ("the Perch, a solar-powered payment terminal") or the complement
    of a linking verb whose subject it is ("Femi Adeyemi ... is a Nigerian software engineer")."""
    target = name.split()
    for i in range(len(doc) - len(target) + 1):
        if [w for t in doc[i : i + len(target)] for w in words(t.text)] != target:
            continue
        head = doc[i + len(target) - 1]  # a name's last word heads it ("Sigrid Korvik" -> "Korvik")
        for child in head.children:
            if child.dep_ == "appos":
                return _phrase(doc, child)
        verb = head.head
        if head.dep_ in ("nsubj", "nsubjpass") and verb.lemma_ in _LINKING:
            for child in verb.children:
                if child.dep_ in ("attr", "acomp"):
                    return _phrase(doc, child)
    return None


def _phrase(doc: Doc, tok: Token) -> str:
    """The token's whole subtree, or just its noun phrase when that is long."""
    span = doc[tok.left_edge.i : tok.right_edge.i + 1]
    if len(span) > _MAX_WORDS:
        chunk = next((nc for nc in doc.noun_chunks if nc.root.i == tok.i), None)
        span = chunk if chunk is not None else span[:_MAX_WORDS]
    return span.text.strip(" ,;:")
