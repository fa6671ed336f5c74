"""Comparison questions: "A or B?" picks a side, yes/no checks each side's sentence, "the same X?" compares values."""

from __future__ import annotations

import re
from collections.abc import Sequence

from agent.extractive.nlp import YEAR, Parser, content_words, norm
from agent.extractive.places import PLACE_LABELS, gazetteer
from agent.extractive.question import QuestionInfo
from agent.extractive.sentences import Pick, Sentence

_EARLY = re.compile(r"\b(first|older|oldest|earlier|earliest|before|born first)\b")
_LATE = re.compile(r"\b(later|latest|younger|youngest|newer|more recent|last)\b")
_SAME = re.compile(r"\bsame (\w+)")
_SAME_KINDS = {
    **dict.fromkeys(["country", "nationality", "citizenship"], "country"),
    **dict.fromkeys(["state", "province"], "province"),
    **dict.fromkeys(["city", "town", "village", "place", "birthplace"], "place"),
    **dict.fromkeys(["band", "team", "club", "company", "label", "university", "school", "party", "group"], "org"),
}


def _option_sentences(option: str, ranked: Sequence[Sentence]) -> list[Sentence]:
    """Sentences about `option`: from a passage titled with it, or naming it."""
    o = norm(option)
    return [s for s in ranked if o and (_own(option, s) or o in norm(s.text))]


def _own(option: str, sentence: Sentence) -> bool:
    """Is the sentence on the option's own page (a passage titled with it)?"""
    o = norm(option)
    return bool(o) and o in norm(str(sentence.chunk.get("title", "")))


def choose_option(info: QuestionInfo, ranked: Sequence[Sentence]) -> Pick:
    low = info.text.lower()
    per = {opt: _option_sentences(opt, ranked) for opt in info.options}
    years = {opt: min((int(y) for s in ss[:3] for y in YEAR.findall(s.text)), default=None) for opt, ss in per.items()}
    dated = {o: y for o, y in years.items() if y is not None}
    if len(dated) == 2 and (_EARLY.search(low) or _LATE.search(low)):
        pick = (min if _EARLY.search(low) else max)(dated, key=lambda o: dated[o])
    else:
        # Otherwise the option whose own sentences best match the question's remaining words wins.
        rest = info.keywords - content_words(" ".join(info.options))
        pick = max(info.options, key=lambda o: max((_overlap(rest, s) for s in per[o][:3]), default=0.0))
    support = [s for o in info.options for s in per[o][:1]] or [ranked[0]]
    return Pick(answer=pick, support=support, score=max(s.score for s in support))


def same(info: QuestionInfo, ranked: Sequence[Sentence], parse: Parser) -> Pick | None:
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
        # The side's first sentence (in its own page, else its best passage) that names a value defines it ("X is a
        # New Zealand illustrator"); later ones name places it merely touches ("a member of the Linnean Society of
        # New South Wales"), and another page's mention of it ("Halden Systems clears payments in eleven
        # countries", in a press release) says less than its own page.
        found_in = next(
            (
                (sent, held)
                for sent in sorted(
                    _option_sentences(side, ranked), key=lambda s: (not _own(side, s), s.order, s.start)
                )[:3]
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
        return {c for e in ents if e.label_ in PLACE_LABELS and (c := places.country(e.text))}
    if kind == "province":
        return {p for e in ents if e.label_ in PLACE_LABELS and (p := places.province(e.text))}
    if kind == "place":
        return {norm(e.text) for e in ents if e.label_ in ("GPE", "LOC", "FAC") and not places.country(e.text)}
    return {norm(e.text) for e in ents if e.label_ == "ORG"}


def yes_no(info: QuestionInfo, ranked: Sequence[Sentence]) -> Pick:
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
