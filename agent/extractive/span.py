"""Choose the answer span: typed entity candidates in the best sentences, yes/no and "A or B" questions."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from agent.extractive.nlp import Parser, content_words, norm, stem, strip_article
from agent.extractive.places import gazetteer
from agent.extractive.question import NAME_ANSWERS, QuestionInfo
from agent.extractive.sentences import Sentence

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

_YEAR = re.compile(r"\b(1[0-9]{3}|20[0-9]{2})\b")
_QUOTED = re.compile(r"[\"“]([^\"“”]{2,80})[\"”]")
_PRONOUN_START = re.compile(r"^(he|she|it|they|his|her|its|their)\b", re.I)
_AGENTS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_SLUG = re.compile(r"[\w.]+(?:[-_][\w.]+)+")
_EARLY = re.compile(r"\b(first|older|oldest|earlier|earliest|before|born first)\b")
_UNNAMED_DEPS = frozenset({"pobj", "dobj", "nsubj", "nsubjpass"})
_APPOSITION = frozenset({",", "(", "-", "–", "—", ":"})
_SAME = re.compile(r"\bsame (\w+)")
_SAME_KINDS = {
    **dict.fromkeys(["country", "nationality", "citizenship"], "country"),
    **dict.fromkeys(["state", "province"], "province"),
    **dict.fromkeys(["city", "town", "village", "place", "birthplace"], "place"),
    **dict.fromkeys(["band", "team", "club", "company", "label", "university", "school", "party", "group"], "org"),
}
_PLACE_LABELS = frozenset({"GPE", "NORP", "LOC"})
_ASKED_KINDS = {"countri": "country", "state": "province", "provinc": "province"}
"""Stems of the asked noun ("which country") that the gazetteer can check."""
_LATE = re.compile(r"\b(later|latest|younger|youngest|newer|more recent|last)\b")


@dataclass(frozen=True, kw_only=True)
class Pick:
    """The short answer and the sentences that support it (cited verbatim)."""

    answer: str
    support: list[Sentence]
    score: float
    typed: bool = True
    """False when the question asks for a type (a person, a date...) and no candidate of that type was found."""


def pick_answer(
    info: QuestionInfo, ranked: Sequence[Sentence], parse: Parser, n_sentences: int = 8, bridges: Sequence[str] = ()
) -> Pick | None:
    """The best-supported short answer, or None when there is no candidate.

    A bridge entity that was followed to a later hop is the chain's middle, not its end: it needs a better sentence.
    """
    if not ranked:
        return None
    if info.options:
        return _choose_option(info, ranked)
    if info.yes_no:
        return _same(info, ranked, parse) or _yes_no(info, ranked)
    q_norm = f" {norm(info.text)} "
    middle = {norm(b) for b in bridges}
    top = ranked[:n_sentences]
    docs = [parse(s.text) for s in top]
    # "Brightwell agreed to be acquired by a Norwegian payments company" describes the company asked for without
    # naming it: the sentence names no answer, and its names are the chain's middle.
    describing = [doc for doc in docs if describes(info, doc)]
    middle |= {norm(e.text) for doc in describing for e in doc.ents}
    best: tuple[float, str, Sentence, bool] | None = None
    for rank, (sent, doc) in enumerate(zip(top, docs, strict=True)):
        fit = -0.3 if any(doc is d for d in describing) else 0.0
        # With a known answer type ("whom" -> a person) an entity of another type needs a much better sentence.
        typed = info.answer_types
        cands: list[tuple[str, float, bool]] = [
            (e.text, (0.3 if e.label_ in typed else -0.2) if typed else 0.0, not typed or e.label_ in typed)
            for e in doc.ents
        ]
        if _PRONOUN_START.match(sent.text) and (subject := page_subject(sent.chunk)):
            # "He has been chief executive since 2016": the pronoun is the page's subject, named by its title.
            cands.append((subject, 0.3 if not typed or typed & _AGENTS else -0.2, not typed or bool(typed & _AGENTS)))
        if "WORK_OF_ART" in typed:
            # Titles are quoted in running text ("starred in the sitcom "Mad About You""); spaCy misses most of them.
            cands += [(m.group(1), 0.3, True) for m in _QUOTED.finditer(sent.text)]
        cands += _named_kind(info, doc)
        if not typed or typed == NAME_ANSWERS:  # "what position ...": the answer may be a plain noun phrase
            cands += [(nc.text, -0.05 if not typed else -0.25, True) for nc in doc.noun_chunks]
        for text, bonus, fits in cands:
            n = norm(text)
            if not n or f" {n} " in q_norm or (not (content_words(text) - info.keywords) and not _YEAR.search(text)):
                continue  # an answer restating the question is no answer
            # "In what county ...": "Avery County" names its own kind.
            named = 0.2 if info.asked_noun and info.asked_noun in content_words(text) else 0.0
            value = sent.score + bonus + fit + named - 0.02 * rank - (0.3 if n in middle else 0.0)
            if best is None or value > best[0]:
                best = (value, text.strip(' ,.;:"“”'), sent, fits)
    if best is None:
        first = ranked[0]
        return Pick(answer=first.text, support=[first], score=first.score, typed=False)
    answer = strip_article(best[1])
    if info.asks_year and (year := _YEAR.search(answer)):
        answer = year.group(0)  # "In what year ...?" -> "1965", not "May 17, 1965"
    return Pick(answer=answer, support=[best[2]], score=best[0], typed=best[3])


def _named_kind(info: QuestionInfo, doc: Doc) -> list[tuple[str, float, bool]]:
    """ "What country ...": the countries the sentence names or implies ("a Norwegian playwright" -> Norway); "what
    state/province": the states it names. They beat other places ("Stockholm", "Philadelphia") of the same sentence."""
    asked = _ASKED_KINDS.get(info.asked_noun)
    if asked is None:
        return []
    places = gazetteer()
    resolve = places.country if asked == "country" else places.province
    return [(found, 0.5, True) for e in doc.ents if e.label_ in _PLACE_LABELS and (found := resolve(e.text))]


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


def page_subject(chunk: dict[str, Any]) -> str:
    """The entity a passage is about: its title without disambiguation; a file name's words, capitalised."""
    title = str(chunk.get("title", "")).strip()
    if _SLUG.fullmatch(title):
        return " ".join(w.capitalize() for w in re.split(r"[-_]+", title))
    return re.sub(r"\s*\([^)]*\)$", "", title)


def _option_sentences(option: str, ranked: Sequence[Sentence]) -> list[Sentence]:
    """Sentences about `option`: from a passage titled with it, or naming it."""
    o = norm(option)
    return [s for s in ranked if o and (o in norm(str(s.chunk.get("title", ""))) or o in norm(s.text))]


def _choose_option(info: QuestionInfo, ranked: Sequence[Sentence]) -> Pick:
    low = info.text.lower()
    per = {opt: _option_sentences(opt, ranked) for opt in info.options}
    years = {opt: min((int(y) for s in ss[:3] for y in _YEAR.findall(s.text)), default=None) for opt, ss in per.items()}
    dated = {o: y for o, y in years.items() if y is not None}
    if len(dated) == 2 and (_EARLY.search(low) or _LATE.search(low)):
        pick = (min if _EARLY.search(low) else max)(dated, key=lambda o: dated[o])
    else:
        # Otherwise the option whose own sentences best match the question's remaining words wins.
        rest = info.keywords - content_words(" ".join(info.options))
        pick = max(info.options, key=lambda o: max((_overlap(rest, s) for s in per[o][:3]), default=0.0))
    support = [s for o in info.options for s in per[o][:1]] or [ranked[0]]
    return Pick(answer=pick, support=support, score=max(s.score for s in support))


def _same(info: QuestionInfo, ranked: Sequence[Sentence], parse: Parser) -> Pick | None:
    """ "Are A and B in the same country?": yes when the two sides' sentences name a common value of that kind.

    Countries and states are compared through the gazetteer ("American" is "United States", "Jiangsu" is in China);
    cities and organisations by name. None when the question compares no known kind or a side names no value.
    """
    found = _SAME.search(info.text.lower())
    kind = _SAME_KINDS.get(found.group(1)) if found else None
    sides = info.anchors[:2]
    if kind is None or len(sides) < 2:
        return None
    values, support = [], []
    for side in sides:
        # The side's first sentence (in its best passage) that names a value defines it ("X is a New Zealand
        # illustrator"); later ones name places it merely touches ("a member of the Linnean Society of New South
        # Wales").
        found_in = next(
            (
                (sent, held)
                for sent in sorted(_option_sentences(side, ranked), key=lambda s: (s.order, s.start))[:3]
                if (held := _values(kind, side, sent, parse))
            ),
            None,
        )
        if found_in is None:
            return None
        support.append(found_in[0])
        values.append(found_in[1])
    if support[0].chunk["chunk_id"] == support[1].chunk["chunk_id"]:
        return None  # both "sides" read off one page: the question's names were not two things
    answer = "yes" if values[0] & values[1] else "no"
    return Pick(answer=answer, support=support, score=max(s.score for s in support))


def _values(kind: str, side: str, sent: Sentence, parse: Parser) -> set[str]:
    """The values of `kind` a sentence names, besides the side's own name."""
    places = gazetteer()
    own = f" {norm(side)} "
    ents = [e for e in parse(sent.text).ents if f" {norm(e.text)} " not in own]
    if kind == "country":
        return {c for e in ents if e.label_ in _PLACE_LABELS and (c := places.country(e.text))}
    if kind == "province":
        return {p for e in ents if e.label_ in _PLACE_LABELS and (p := places.province(e.text))}
    if kind == "place":
        return {norm(e.text) for e in ents if e.label_ in ("GPE", "LOC", "FAC") and not places.country(e.text)}
    return {norm(e.text) for e in ents if e.label_ == "ORG"}


def _yes_no(info: QuestionInfo, ranked: Sequence[Sentence]) -> Pick:
    """Yes when every compared entity's best sentence carries the question's predicate words."""
    subjects = info.anchors[:2] or [""]
    rest = info.keywords - content_words(" ".join(info.anchors))
    support, fits = [], []
    for subj in subjects:
        sents = _option_sentences(subj, ranked) if subj else list(ranked)
        if not sents:
            fits.append(0.0)
            continue
        best = max(sents[:4], key=lambda s: _overlap(rest, s))
        support.append(best)
        fits.append(_overlap(rest, best))
    answer = "yes" if min(fits) >= 0.5 else "no"
    return Pick(answer=answer, support=support or [ranked[0]], score=max((s.score for s in support), default=0.0))


def _overlap(words: frozenset[str] | set[str], sent: Sentence) -> float:
    if not words:
        return 1.0
    own = content_words(sent.text) | content_words(str(sent.chunk.get("title", "")))
    return len(words & own) / len(words)
