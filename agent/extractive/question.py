"""Question analysis with spaCy: anchors (names the answer must be about), answer type, yes/no and options."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from agent.extractive.answer_type import answer_type
from agent.extractive.attribution import role
from agent.extractive.nlp import ROLE_ACRONYMS, Parser, content_words, norm, stem, strip_article
from agent.extractive.places import gazetteer

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_YESNO = frozenset(
    ["is", "are", "was", "were", "do", "does", "did", "has", "have", "had", "can", "could", "will", "would", "should"]
)
_DEFINITION = re.compile(
    r"^\s*(?:(?:who|what)\s+(?:is|was|are|were)\s+(.+?)|what\s+(?:does|did|do)\s+(.+?)\s+do)[\s?.!]*$", re.I
)
_UNNAMED_DEPS = frozenset({"pobj", "dobj", "nsubj", "nsubjpass"})
_APPOSITION = frozenset({",", "(", "-", "–", "—", ":"})
_SETTING_LABELS = frozenset(
    {"GPE", "LOC", "NORP", "LANGUAGE", "DATE", "CARDINAL", "ORDINAL", "TIME", "QUANTITY", "PERCENT", "MONEY"}
)
_OPENERS = frozenset({"is", "are", "was", "were", "between", "among"})
NAME_JOINERS = frozenset({"of", "de", "the", "from", "von", "van", "la", "le", "du", "del"})
"""Small words inside a name ("Ermengarde of Tours", "Ivan the Terrible")."""
_ROLE = re.compile(rf"^(?:{'|'.join(ROLE_ACRONYMS)})(?:\s+of\s+|$)", re.I)
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "WORK_OF_ART", "EVENT", "PRODUCT", "LAW"})


@dataclass(frozen=True, kw_only=True)
class QuestionInfo:
    text: str
    anchors: list[str]
    """Names, titles and numbers in the question: a context that lacks them cannot be about this question."""
    answer_types: frozenset[str] = frozenset()
    yes_no: bool = False
    options: list[str] = field(default_factory=list)
    """The alternatives of an "X or Y" question."""
    keywords: frozenset[str] = frozenset()
    subjects: list[str] = field(default_factory=list)
    """Anchors that name a thing with its own page (people, works, organisations...), not places, peoples or dates."""
    asks_year: bool = False
    """ "In what year ...": a full date answers with its year only."""
    asked_noun: str = ""
    """The stem of the noun a "which/what" question asks for ("compani" in "which company acquired ..."), or ""."""
    then_types: frozenset[str] = frozenset()
    """The answer type of a second question joined to the first ("Which company ..., and when?" -> a date)."""
    then_words: frozenset[str] = frozenset()
    """The content words of that second question ("where had he been CTO?" -> chief, technology, officer)."""
    names: bool = False
    """The question asks what something is called ("What is its product called?")."""
    then_names: bool = False
    """The joined second question does ("..., and what is its product called?")."""
    defines: str = ""
    """The name a "who/what is X?" question asks to describe ("Sigrid Korvik"), or ""."""
    places: list[str] = field(default_factory=list)
    """Anchors that name a place below a country or a state ("the Bubye River", "Johnnycake"): a link of the chain,
    where a country is only setting (and goes by many names: "US", "the States", "America")."""
    object_of: str = ""
    """The verb whose object a "what did X make?" question asks for, as its lemma ("make"), or ""."""
    subject_role: tuple[str, str] | None = None
    """The part the first subject plays in the question ("acquire", "patient" in "Who acquired Halden Systems?"): an
    answer plays the other part (attribution.role)."""


def analyse(question: str, parse: Parser) -> QuestionInfo:
    """Anchors from entities, proper-noun runs and quoted titles; the answer type from the wh-phrase."""
    doc = parse(question)
    anchors: list[str] = []

    def add(text: str) -> None:
        for s in split_anchor(text):
            s = re.sub(r"^(the|a|an) |'s$|’s$", "", s.strip(" \"'“”‘’?,."), flags=re.I).strip()
            s = _ROLE.sub("", s)  # "CTO of Brightwell Analytics" is a role at a company, not a name
            if s and norm(s) and all(norm(s) not in norm(a) for a in anchors):
                anchors[:] = [a for a in anchors if norm(a) not in norm(s)]
                anchors.append(s)

    for m in re.finditer(r"[\"“]([^\"”]+)[\"”]", question):
        add(m.group(1))
    # The small model reads a capitalised opener as part of a name: "Are King Vidor and ...", "Between Iain Banks".
    opener = 1 if len(doc) and doc[0].lower_ in _OPENERS else 0
    for ent in doc.ents:
        if ent.label_ in _NAME_LABELS or (ent.label_ in ("DATE", "CARDINAL") and any(t.like_num for t in ent)):
            add(doc[max(ent.start, opener) : ent.end].text)
    for run in name_runs(doc[opener:]):
        # The tagger calls some common words proper nouns ("India's national physical laboratory", "Portugal paly"):
        # a word without a capital or a digit at either end of a run is no part of a name.
        while run and not _cased(run[-1].text):
            run = run[:-1]
        while run and not _cased(run[0].text):
            run = run[1:]
        if run:
            add(run[0].doc[run[0].i : run[-1].i + 1].text)  # as written: "Ruiz-Tagle", not "Ruiz - Tagle"
    asked = answer_type(doc)
    # "X has an OBE. Does Y also have one?": the asking sentence is the last one.
    last = list(doc.sents)[-1] if len(doc) else None
    first = last[0].lower_ if last is not None else ""
    yes_no = first in _YESNO
    # Places, nationalities and dates describe; a person, a work or an organisation is what a page is about.
    setting = _setting(doc)
    local = _local_places(doc)
    subjects = [a for a in anchors if norm(a) not in setting and not a.replace(" ", "").isdigit()]
    return QuestionInfo(
        text=question,
        anchors=anchors,
        subjects=subjects,
        places=[a for a in anchors if norm(a) in local],
        answer_types=asked.types,
        yes_no=yes_no,
        options=_options(question, anchors),
        keywords=frozenset(content_words(question)),
        asks_year=asked.year,
        asked_noun=asked.noun,
        defines=_defined(question, anchors),
        then_types=asked.then,
        then_words=asked.then_words,
        names=asked.names,
        then_names=asked.then_names,
        object_of="" if asked.types else _object_of(doc),
        subject_role=role(doc, subjects[0]) if subjects else None,
    )


_VAGUE_VERBS = frozenset({"be", "do", "have", "call", "name", "mean"})
"""Verbs whose object says little of its own ("What do they have in common?") or that other rules read."""


def _object_of(doc: Doc) -> str:
    """The lemma of the verb whose object "what"/"which" stands for: "What did Korvik Data make?" -> "make"."""
    for tok in doc:
        if tok.lower_ in ("what", "which") and tok.dep_ == "dobj" and tok.head.pos_ == "VERB":
            return "" if tok.head.lemma_ in _VAGUE_VERBS else tok.head.lemma_
    return ""


def _defined(question: str, anchors: list[str]) -> str:
    """ "Who was Sigrid Korvik?", "What is the Perch?", "What does Tally do?": the one name the question is about."""
    m = _DEFINITION.match(question)
    if m is None:
        return ""
    rest = strip_article((m.group(1) or m.group(2)).strip())
    named = next((a for a in anchors if norm(a) == norm(rest)), "")
    # The small model tags a capitalised common noun ("the Perch") as a noun: the capitals say it is a name.
    return named or (rest if rest and all(_capital(w) for w in rest.split()) else "")


def _setting(doc: Doc) -> set[str]:
    """The question's places, peoples, languages and dates, as anchors spell them ("the October 27, 1999")."""
    out = set()
    for e in doc.ents:
        if e.label_ in _SETTING_LABELS:
            out.add(norm(strip_article(e.text)))
            # A word hyphenated onto a date or a place is part of it: "Late" in "Late-May 1998".
            if e.start >= 2 and doc[e.start - 1].text == "-" and not doc[e.start - 2].whitespace_:
                out.add(norm(doc[e.start - 2].text))
    return out


def _local_places(doc: Doc) -> set[str]:
    """The question's places that are not a country or a state or province (the gazetteer knows those)."""
    places = gazetteer()
    return {
        norm(strip_article(e.text))
        for e in doc.ents
        if e.label_ in ("GPE", "LOC") and places.country(e.text) is None and places.province(e.text) is None
    }


def split_anchor(anchor: str) -> list[str]:
    """ "Woman's Viewpoint and Pick Me Up" names two things when both sides are capitalised."""
    parts = re.split(r"\s+(?:or|and)\s+", anchor)
    return parts if len(parts) > 1 and all(p[:1].isupper() for p in parts) else [anchor]


def name_runs(tokens: Iterable[Token]) -> list[list[Token]]:
    """Runs of proper nouns, over small words too: "Haymo of Faversham", "The Curse of the Jade Scorpion" are one
    name each."""
    runs: list[list[Token]] = []
    run: list[Token] = []
    for tok in [*tokens, None]:
        if tok is not None and (
            tok.pos_ == "PROPN"
            or (run and tok.lower_ in NAME_JOINERS and _next_propn(tok))
            or (run and _hyphen_inside(tok))  # "Ruiz-Tagle", "Spider-Man": one word to a reader, three tokens
        ):
            run.append(tok)
        else:
            if run:
                runs.append(run)
            run = []
    return runs


def unlabelled_names(text: Doc | Span) -> list[str]:
    """Runs of two or more proper nouns that no entity touches ("Femi Adeyemi" in a list item)."""
    covered = {i for e in text.ents for i in range(e.start, e.end)}
    # One capitalised word is as often a title ("King", "Count") or a heading as a name; a run the model labelled in
    # part is an entity already.
    return [
        run[0].doc[run[0].i : run[-1].i + 1].text
        for run in name_runs(text)
        if len(run) > 1 and not any(t.i in covered for t in run)
    ]


def _hyphen_inside(tok: Token) -> bool:
    """A hyphen written between two proper nouns with no space ("Ruiz-Tagle"), not onto a date ("Early-May 2003")."""
    doc = tok.doc
    return (
        tok.text == "-"
        and 0 < tok.i < len(doc) - 1
        and not doc[tok.i - 1].whitespace_
        and not tok.whitespace_
        and doc[tok.i + 1].pos_ == "PROPN"
        and doc[tok.i + 1].ent_type_ not in ("DATE", "TIME")
    )


def _next_propn(tok: Token) -> bool:
    """A proper noun follows, possibly after more joiners ("of the")."""
    for nxt in tok.doc[tok.i + 1 :]:
        if nxt.pos_ == "PROPN":
            return True
        if nxt.lower_ not in NAME_JOINERS:
            return False
    return False


def _options(question: str, anchors: list[str]) -> list[str]:
    """ "..., A or B?" -> [A, B], preferring the anchors found on each side of the last " or "."""
    q = question.rstrip(" ?")
    if " or " not in q:
        return []
    before, after = q.rsplit(" or ", 1)
    left = before.rsplit(",", 1)[-1] if "," in before else before
    if "," in before and (whole := [_title_like(left), _title_like(after)]) and all(whole):
        # "..., Pirates Of The Sky or 3 Dots?": each side is one title; spaCy's entities cut titles into pieces.
        return [w for w in whole if w]
    pick_left = [a for a in anchors if a in left]
    pick_right = [a for a in anchors if a in after]
    if pick_left and pick_right:
        return [pick_left[-1], pick_right[0]]
    # "Which magazine was started first, Arthur's Magazine or First for Women?": the sides follow the comma.
    if "," in before and re.match(r"^\s*(which|who|what)\b", question, re.I):
        a, b = left.strip(), after.strip()
        if a and b and a[0].isupper() and b[0].isupper():
            return [a, b]
    return []


def _title_like(side: str) -> str | None:
    """The side without its article when every word is capitalised, a number or a joiner ("Pirates Of The Sky")."""
    side = strip_article(side.strip(" \"'“”‘’"))
    tokens = side.split()
    if not tokens or len(tokens) > 10 or not _capital(tokens[0]):
        return None
    return side if all(_capital(t) or t.lower() in NAME_JOINERS | {"and", "&"} for t in tokens) else None


def _cased(word: str) -> bool:
    """A capital or a digit in it: "Portugal", "f(X)", "2004"; not "paly"."""
    return any(ch.isupper() or ch.isdigit() for ch in word)


def _capital(token: str) -> bool:
    first = next((ch for ch in token if ch.isalnum()), "")
    return first.isupper() or first.isdigit() or (not first and len(token) <= 2)  # "–" between words


def plan_queries(info: QuestionInfo, limit: int = 4) -> list[str]:
    """The question itself, plus one query per compared entity: each side of a comparison has its own page."""
    queries = [info.text]
    sides = info.options or (info.anchors if info.yes_no and len(info.anchors) >= 2 else [])
    for s in sides:
        if s and s not in queries:
            queries.append(s)
    return queries[:limit]


def describes(info: QuestionInfo, doc: Doc | Span) -> list[Span]:
    """The indefinite noun phrases of `doc` that describe what the question asks for: "a Norwegian payments company"
    for "which company ..."."""
    if not info.asked_noun:
        return []
    return [
        nc
        for nc in doc.noun_chunks
        if nc[0].lower_ in ("a", "an")
        and stem(nc.root.lower_) == info.asked_noun
        # "Korvik Data was a software company", "Kestrel Labs, a company that ...": named right there.
        and nc.root.dep_ in _UNNAMED_DEPS
        and (nc.start == 0 or nc.doc[nc.start - 1].text not in _APPOSITION)
    ]
