"""What a question asks for: the entity labels its wh-phrase wants ("which company" -> ORG), and words about it."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

from agent.extractive.nlp import CURRENCIES, content_words

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

NAME_ANSWERS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "WORK_OF_ART", "EVENT", "PRODUCT", "LAW", "LANGUAGE"}
)
_AMOUNTS = frozenset({"CARDINAL", "QUANTITY", "MONEY", "PERCENT"})
_COUNTS = frozenset({"CARDINAL", "QUANTITY"})
"""A count or a measure ("how many people", "the population of"): a sum of money is no answer."""
_MONEY = frozenset({"MONEY", "CARDINAL"})
_SHARE = frozenset({"PERCENT", "CARDINAL"})
_CURRENCIES = "(" + "|".join(sorted(CURRENCIES)) + ")"
_NAMING = re.compile(
    # (Not "the magazine that called Qvwm ...": a relative clause calls something. _typing_text masks its "that" as _.)
    r"\bwhat (?:is|was|are|were) (?!the (?:name|title)s? of\b)(?:(?!\b(?:that|which|who)\b)[^?,_])+?"
    r" (?:called|named|renamed|known as)\b"
    r"|\bwhat (?:is|was|are|were) the (?:name|title)s? of\b"
    r"|\b(?:under|by) (?:what|which) (?:name|pseudonym|alias|title)\b"
)
"""A question for what a thing is called ("What is its product called?", "What is the name of the band ...?", "Under
what name did he release it?")."""
_TYPES: list[tuple[re.Pattern[str], frozenset[str]]] = [
    (re.compile(rf"\bhow many {_CURRENCIES}\b"), _MONEY),
    (re.compile(r"\bhow many\b"), _COUNTS),
    (re.compile(r"\bhow much\b"), _AMOUNTS),
    (
        re.compile(
            r"\b(what|which) (year|date|day|month|decade|century)\b|\bwhen\b|\bwhat (is|was) the (date|year) of\b"
        ),
        frozenset({"DATE"}),
    ),
    (re.compile(r"\bhow (long|old)\b"), frozenset({"DATE", "TIME", "QUANTITY", "CARDINAL"})),
    (re.compile(r"\bwho(m|se)?\b"), frozenset({"PERSON", "ORG"})),
    # "Where did she study / play / work?" asks for a university, a club or a company as much as for a place.
    (
        re.compile(
            r"\bwhere (did|does|do|was|is|were|has|had) [^?]*\b(stud(y|ied)|educated|train(ed)?|work(ed)?|attend(ed)?"
            r"|play(ed)?|teach|taught)\b"
        ),
        frozenset({"ORG", "GPE", "LOC", "FAC"}),
    ),
    (
        re.compile(
            r"\bwhere\b|\b(what|which) (city|country|state|town|county|region|continent|place|province"
            r"|island|village)\b"
        ),
        frozenset({"GPE", "LOC", "FAC"}),
    ),
    (
        re.compile(
            r"\b(what|which) (film|movie|album|song|single|novel|book|series|show|sitcom|opera|musical"
            r"|poem|documentary)\b"
        ),
        frozenset({"WORK_OF_ART"}),
    ),
    (
        re.compile(
            r"\b(what|which) (company|companies|organi[sz]ation|team|band|group|university|college|school"
            r"|firm|label|network|agency|club|party|studio|publisher|magazine|newspaper|airline|brand|corporation)\b"
        ),
        frozenset({"ORG"}),
    ),
    (re.compile(r"\b(what|which) nationality\b"), frozenset({"NORP", "GPE"})),
    # A relative is a person ("Which mother of Ada Morrow?", the inner question of "Ada Morrow's mother"); a role
    # ("which director", "which performer") may be a band or a studio, so roles stay any name.
    (
        re.compile(
            r"\b(what|which) (great-)?(grand|step)?(mother|father|parent|son|daughter|child|children)s?(-in-law)?\b"
            r"|\b(what|which) (wife|husband|spouse|brother|sister|sibling|uncle|aunt|nephew|niece|cousin)s?\b"
        ),
        frozenset({"PERSON"}),
    ),
    # "what percentage ...", "what was the population of ...": an amount, not a name, and of the asked kind.
    # A measurement noun asks for an amount only as "what is the X": "which area of ..." asks for a region.
    (
        re.compile(
            r"\b(what|which) (percentage|percent|proportion)\b|\bwhat (is|was|are|were) the (percentage|proportion)\b"
        ),
        _SHARE,
    ),
    (
        re.compile(
            r"\b(what|which) (number|population)\b"
            r"|\bwhat (is|was|are|were) the (population|number|length|height|area|distance|capacity|attendance)\b"
        ),
        _COUNTS,
    ),
    (re.compile(r"\bwhat (is|was|are|were) the (budget|revenue|price|cost)\b"), _MONEY),
    (re.compile(r"\b(what|which) amount\b|\bwhat (is|was|are|were) the (amount|total)\b"), _AMOUNTS),
    # "What did Meridian pay for Halden?": a price.
    (re.compile(r"\bwhat (did|does|do|will|would) [^?]*\b(pay|cost|spend|raise|earn|charge)\b"), _MONEY),
    (_NAMING, NAME_ANSWERS),
    # Any other "which <noun>" asks for a name, not an amount or a date.
    (re.compile(r"\b(what|which) (?!is\b|was\b|are\b|were\b|do\b|does\b|did\b)\w+"), NAME_ANSWERS),
]
_QUALIFIER_DEPS = frozenset({"amod", "compound", "nummod", "cc", "nmod"})
_ASKS_YEAR = re.compile(r"\b(what|which) year\b")
_ASKED_NOUN = re.compile(r"\b(?:what|which) (\w+)")
_IMPERATIVE = re.compile(r"^\s*(?:please\s+)?(?:name|identify)\s+(?:the|a|an)\s+")
_SECOND_QUESTION = re.compile(r",? and ((?:when|where|who|whom|what|which|how)\b.*)$")

_TYPE_WORDS = {
    "PERSON": "person", "ORG": "organisation", "NORP": "group", "GPE": "place", "LOC": "place", "FAC": "place",
    "DATE": "date", "TIME": "time", "CARDINAL": "number", "QUANTITY": "quantity", "MONEY": "sum", "PERCENT": "share",
}  # fmt: skip


def describe(types: frozenset[str]) -> str:
    """Plain words for an answer type: {"PERSON", "ORG"} -> "person or organisation"."""
    if types == NAME_ANSWERS:
        return "name"
    order = list(_TYPE_WORDS)
    ranked = sorted(types, key=lambda t: order.index(t) if t in order else len(order))
    words = list(dict.fromkeys(_TYPE_WORDS.get(t, t.lower()) for t in ranked))
    return " or ".join(words) or "answer"


class Asked(NamedTuple):
    types: frozenset[str]
    """The entity labels the first wh-phrase asks for."""
    noun: str
    """The stem of the noun a "which/what" phrase asks for ("compani"), or ""."""
    then: frozenset[str]
    """The labels a second question joined to the first asks for ("..., and when?")."""
    then_words: frozenset[str]
    """The second question's content words ("..., and where had he been CTO?" -> chief, technology, officer)."""
    year: bool
    """ "In what year ...": a full date answers with its year only."""
    names: bool
    """The first question asks what something is called (naming.py reads the answer)."""
    then_names: bool
    """So does the second."""


def answer_type(doc: Doc) -> Asked:
    """What the question asks for, from its wh-phrases."""
    # "Name the mother of X" asks what "Which mother of X?" asks.
    low = _IMPERATIVE.sub("which ", _typing_text(doc))
    # The first wh-phrase sets the type: "Which company ..., and when?" asks for a company.
    found = _types_in(low)
    first_at, types = min(found, key=lambda f: f[0]) if found else (-1, frozenset[str]())
    # The asked noun is the typing wh-phrase's: in "Who approved the deal in which Halden ...", "which" asks nothing.
    asked = _ASKED_NOUN.search(low)
    asked_noun = next(iter(content_words(asked.group(1))), "") if asked and asked.start() <= first_at else ""
    # "..., and when?": a second question about the same fact, answered from the same sentence.
    tail = _SECOND_QUESTION.search(low)
    # (Only when the first question has its own wh-phrase: else the typing one is the second's.)
    found_then = _types_in(tail.group(1)) if tail is not None and first_at < tail.start() else []
    then = min(found_then, key=lambda f: f[0])[1] if found_then else frozenset()
    then_words = frozenset(content_words(tail.group(1))) if then and tail is not None else frozenset()
    names = (hit := _NAMING.search(low)) is not None and hit.start() == first_at
    then_names = bool(found_then) and tail is not None and _NAMING.match(tail.group(1)) is not None
    return Asked(types, asked_noun, then, then_words, bool(_ASKS_YEAR.search(low)), names, then_names)


def _types_in(low: str) -> list[tuple[int, frozenset[str]]]:
    """Where each answer-type pattern first matches the typing text, with the labels it asks for."""
    return [(hit.start(), labels) for pattern, labels in _TYPES if (hit := pattern.search(low))]


def _typing_text(doc: Doc) -> str:
    """The question in lower case as the answer-type patterns read it.

    Words between "what"/"which" and their noun are left out: "in what Australian city" -> "in what city", "which
    television and movie actor" -> "which actor" (an actor, not a show); the small model's parse of such phrases is
    unreliable, so the qualifiers are walked over by their tags. A relative "who" asks nothing ("..., Chiang Kai-shek,
    who died on which date?" asks for a date), so it is masked.
    """
    drop: set[int] = set()
    masked: set[int] = set()
    for tok in doc:
        if tok.i > 0 and tok.tag_ in ("WP", "WP$", "WDT") and tok.head.dep_ == "relcl" and tok.dep_.startswith("nsubj"):
            masked.add(tok.i)
        if tok.lower_ not in ("what", "which"):
            continue
        end = tok.i + 1
        while end + 1 < len(doc) and end - tok.i <= 4 and (_qualifier(doc[end]) or _noun_before_noun(doc, end)):
            end += 1
        if end > tok.i + 1 and end < len(doc) and doc[end].pos_ == "NOUN":
            drop.update(range(tok.i + 1, end))
    return "".join(("_" + t.whitespace_) if t.i in masked else t.text_with_ws for t in doc if t.i not in drop).lower()


def _qualifier(tok: Token) -> bool:
    return tok.dep_ in _QUALIFIER_DEPS or tok.pos_ in ("ADJ", "NUM") or tok.lower_ == "and"


def _noun_before_noun(doc: Doc, i: int) -> bool:
    """ "movie" in "movie actor": a noun that another noun (or "and") follows qualifies it."""
    return doc[i].pos_ == "NOUN" and (doc[i + 1].pos_ == "NOUN" or doc[i + 1].lower_ == "and")
