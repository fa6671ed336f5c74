"""Choose the answer span: typed entity candidates in the best sentences (comparisons: compare.py)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise
from typing import TYPE_CHECKING

from agent.extractive.answer_type import NAME_ANSWERS
from agent.extractive.attribution import about_another, objects_of, plays
from agent.extractive.compare import choose_option, same, yes_no
from agent.extractive.define import define
from agent.extractive.entities import read_entity, unlabelled_numbers
from agent.extractive.grounding import page_subject
from agent.extractive.lifespan import asked_end, life_asked
from agent.extractive.naming import named_things, spelling_of
from agent.extractive.nlp import YEAR, Parser, content_words, norm, strip_article
from agent.extractive.places import PLACE_LABELS, gazetteer
from agent.extractive.question import QuestionInfo, describes, unlabelled_names
from agent.extractive.relative import LOOK_BACK, resolve_year
from agent.extractive.sentences import Pick, Sentence

if TYPE_CHECKING:
    from spacy.tokens import Doc

_QUOTED = re.compile(r"[\"“]([^\"“”]{2,80})[\"”]")
_PRONOUN_START = re.compile(r"^(he|she|it|they|his|her|its|their)\b", re.I)
_LEGAL_FORM = re.compile(r"\s+(AS|ASA|AB|Inc\.?|Ltd\.?|LLC|plc|PLC|GmbH|AG|SA|S\.A\.|NV|N\.V\.|BV|B\.V\.|Oyj?|SpA)$")
"""A company's legal form after its name."""
_TODAY = re.compile(r"\btoday\b", re.I)
"""A news story's "today": the date of its dateline."""
_DATELINE_WORDS = 10
"""A dateline is short: a place or two and a date ("Oslo and Lagos, 12 March 2019")."""
_RECURRING = re.compile(r"\bwhen\s+(do|does|is|are)\b", re.I)
_SUBJECT_PRONOUNS = frozenset({"he", "she", "it", "they"})
_AGENTS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_COUNTED = frozenset({"CARDINAL", "QUANTITY"})
_TRAILING = re.compile(r"\s+(of|and|the|in|at|for|to)$", re.I)
"""The small model sometimes ends a name on a joiner ("Sable Ventures of" Nairobi)."""
_SETTLEMENTS = frozenset({"citi", "town", "villag"})
"""Stems of an asked noun that a country does not answer."""
_ASKED_KINDS = {"countri": "country", "state": "province", "provinc": "province"}
"""Stems of the asked noun ("which country") that the gazetteer can check."""


def pick_answer(
    info: QuestionInfo,
    ranked: Sequence[Sentence],
    parse: Parser,
    n_sentences: int = 8,
    bridges: Sequence[str] = (),
    *,
    direct: bool = False,
) -> Pick | None:
    """The best-supported short answer, or None when there is no candidate.

    A bridge entity that was followed to a later hop is the chain's middle, not its end: it needs a better sentence.
    A `direct` question asks about the names it gives (no nested phrase): a candidate describing another name in its
    sentence ("Brightwell Analytics, the Lagos-based company") answers about that name instead.
    """
    if not ranked:
        return None
    if info.options:
        return choose_option(info, ranked)
    if info.yes_no:
        return same(info, ranked, parse) or yes_no(info, ranked)
    if info.defines and (defined := define(info, ranked, parse, n_sentences)) is not None:
        return defined
    q_norm = f" {norm(info.text)} "
    # "Brightwell Analytics of Lagos" names the question's subject "Brightwell Analytics" again, in a longer form.
    subjects = [words for a in info.subjects if len(words := content_words(a)) > 1]
    middle = {norm(b) for b in bridges}
    top = ranked[:n_sentences]
    docs = [parse(s.text) for s in top]
    # "Brightwell agreed to be acquired by a Norwegian payments company" describes the company asked for without
    # naming it: the sentence names no answer, and its names are the chain's middle.
    describing = [doc for doc in docs if describes(info, doc)]
    middle |= {norm(e.text) for doc in describing for e in doc.ents}
    # "When does the monsoon come?" asks for a time that recurs ("early April to October"); "when did" for a date.
    dated = not _RECURRING.search(info.text)
    end = asked_end(info)  # a birth (0) or a death (1), read from a life's bracketed dates
    best: tuple[float, str, Sentence, bool] | None = None
    for rank, (sent, doc) in enumerate(zip(top, docs, strict=True)):
        fit = -0.3 if any(doc is d for d in describing) else 0.0
        # With a known answer type ("whom" -> a person) an entity of another type needs a much better sentence.
        typed = info.answer_types
        cands: list[tuple[str, float, bool]] = [
            (text, _type_bonus(label, text, typed, dated), not typed or label in typed)
            for e in doc.ents
            for text, label in [read_entity(e)]
            if label
        ]
        if (kinds := _page_pronoun(sent, doc)) and (subject := page_subject(sent.chunk)):
            # "He has been chief executive since 2016": the pronoun is the page's subject, named by its title.
            cands.append((subject, 0.3 if not typed or typed & kinds else -0.2, not typed or bool(typed & kinds)))
        if not typed or typed & _AGENTS:
            # The small model misses names ("- Femi Adeyemi, co-founder"): a run of proper nouns that no entity covers
            # is a name of some kind, a weaker candidate than a labelled one.
            cands += [(run, 0.0, True) for run in unlabelled_names(doc)]
        if "WORK_OF_ART" in typed:
            # Titles are quoted in running text ("starred in the sitcom "Mad About You""); spaCy misses most of them.
            cands += [(m.group(1), 0.3, True) for m in _QUOTED.finditer(sent.text)]
        if typed & _COUNTED:
            # "It employs about 900 people": the small model labels no number there; an unlabelled one counts too.
            cands += [(number, 0.15, True) for number in unlabelled_numbers(doc)]
        cands += _named_kind(info, doc)
        life = life_asked(info, sent) if end is not None else None
        if life is not None and end is not None:  # "(16 January 1911 – 22 January 1982)": a death is the second
            cands.append((life[end], 0.3, True))  # as any typed date: the sentence's rank still decides
        if info.object_of:  # "What did Korvik Data make?": what the sentence's "made" takes ("tools that let ...")
            cands += [(obj, 0.3, True) for obj in objects_of(doc, info.object_of)]
        if info.names:  # "What is its product called?": the names the sentence gives things ("renamed Halden Tally")
            cands += [(name, bonus, True) for name, bonus in named_things(doc)]
        if not typed or typed == NAME_ANSWERS:  # "what position ...": the answer may be a plain noun phrase
            cands += [(nc.text, -0.05 if not typed else -0.25, True) for nc in doc.noun_chunks]
        for text, bonus, fits in cands:
            n = norm(text)
            if life and end is not None and (norm(life[1 - end]) in n or (norm(life[end]) in n and text != life[end])):
                continue  # the other end of the life, or this end run into a name ("Montalva(16 January 1911")
            if not n or f" {n} " in q_norm or (not (content_words(text) - info.keywords) and not YEAR.search(text)):
                continue  # an answer restating the question is no answer
            if any(words <= content_words(text) for words in subjects) or spelling_of(text, info.subjects):
                continue  # the subject again: in a longer form, or spelt another way ("Kim Jong Chol")
            # "In what county ...": "Avery County" names its own kind.
            named = 0.2 if info.asked_noun and info.asked_noun in content_words(text) else 0.0
            if info.asked_noun in _SETTLEMENTS and gazetteer().not_a_city(text):
                bonus, fits = -0.2, False  # "In which city ...": Lagos, not Nigeria
            value = sent.score + bonus + fit + named - 0.02 * rank - (0.3 if n in middle else 0.0)
            if direct and info.subjects and about_another(doc, text, info.subjects):
                value -= 0.3
            if plays(doc, text, info.subject_role):
                value -= 0.3  # "Who acquired Halden?": "acquires Brightwell" names the one acquired, as Halden is
            if best is None or value > best[0]:
                best = (value, _TRAILING.sub("", text.strip(' ,.;:"“”')), sent, fits)
    if best is None:
        first = ranked[0]
        return Pick(answer=first.text, support=[first], score=first.score, typed=False)
    # "Halden Systems AS" is "Halden Systems" to the pages and questions that name it.
    answer = _LEGAL_FORM.sub("", strip_article(best[1])) or strip_article(best[1])
    if info.asked_noun in _SETTLEMENTS or (not info.asked_noun and "GPE" in info.answer_types):
        answer = _in_full(answer, parse(best[2].text))  # "Where ...?", "In which city ...?": "Canton, Massachusetts"
    if info.asks_year and (year := YEAR.search(answer)):
        answer = year.group(0)  # "In what year ...?" -> "1965", not "May 17, 1965"
    support, derivation = [best[2]], ""
    if "DATE" in info.answer_types and (counted := _counted_year(answer, best[2], ranked)) is not None:
        # "When did it win the prize?": "the following year", after "published in 2011" (cited too).
        answer, derivation, based_on = counted
        support += based_on
    # "When did Halden announce ...?": "today", in a story dated 12 March 2019.
    today = "DATE" in info.answer_types and _TODAY.fullmatch(answer)
    if today and (dateline := _dateline(ranked, best[2], parse)) is not None:
        answer, sentence = dateline
        support.append(sentence)
    if info.then_types:
        # "Which company ..., and when?" -> "Halden Systems; 12 March 2019", from the answer's sentence or its page.
        then = _second_value(info, best[2], parse(best[2].text), answer, ranked)
        if then is None and (on_page := _second_on_page(info, ranked, best[2], parse, answer)) is not None:
            then, sentence = on_page
            support.append(sentence)
        # "Halden Systems AS today announced ...": a news story's "today" is the date of its dateline.
        story_today = "DATE" in info.then_types and _TODAY.search(best[2].text)
        if then is None and story_today and (dateline := _dateline(ranked, best[2], parse)) is not None:
            then, sentence = (dateline[0], "", []), dateline[1]
            support.append(sentence)
        if then:
            answer = f"{answer}; {then[0]}"
            derivation = then[1] or derivation
            support += [s for s in then[2] if s not in support]
    return Pick(answer=answer, support=support, score=best[0], typed=best[3], derivation=derivation)


def _in_full(answer: str, doc: Doc) -> str:
    """A place answered with the state or country written after it in its sentence: "Canton, Massachusetts"."""
    places = gazetteer()
    for ent, after in pairwise(doc.ents):
        if (
            ent.text == answer
            and ent.label_ == after.label_ == "GPE"
            and doc[ent.end : after.start].text == ","
            and (places.province(after.text) or places.country(after.text))
            # "Ohio, United States" is two places: a state or country is not named by the next one.
            and not (places.province(ent.text) or places.country(ent.text))
        ):
            return doc[ent.start : after.end].text
    return answer


def _page_pronoun(sent: Sentence, doc: Doc) -> frozenset[str]:
    """What a pronoun standing for the page's subject can name (he/she: a person), or nothing when there is none.

    The pronoun opens the sentence, or is its subject after an opening phrase ("In 2014 he co-founded ...") with no
    name before it that it could stand for.
    """
    opening = _PRONOUN_START.match(sent.text)
    pronoun = opening.group(1).lower() if opening else None
    if pronoun is None:
        for tok in doc:
            if tok.dep_ in ("nsubj", "nsubjpass") and tok.lower_ in _SUBJECT_PRONOUNS:
                if not any(e.end <= tok.i and e.label_ in _AGENTS for e in doc.ents):
                    pronoun = tok.lower_
                break
    if pronoun is None:
        return frozenset()
    return frozenset({"PERSON"}) if pronoun in ("he", "she", "his", "her") else _AGENTS


def _second_value(
    info: QuestionInfo, sent: Sentence, doc: Doc, answer: str, ranked: Sequence[Sentence]
) -> tuple[str, str, list[Sentence]] | None:
    """The answer to a joined second question ("..., and when?"), how it was computed (or "") and the sentences it
    was computed from: the first value of its type in the sentence that is neither the answer nor in the question.
    A date must have a digit ("today" dates nothing), or be a year counted from one written before it ("the
    following year")."""
    q_norm = f" {norm(info.text)} "
    if info.then_names:  # "..., and what is its product called?": a name the sentence gives a thing, or none
        given = sorted(named_things(doc), key=lambda found: -found[1])
        fresh = (name for name, _ in given if (n := norm(name)) and f" {n} " not in q_norm and n not in norm(answer))
        return next(((name, "", []) for name in fresh), None)
    for e in doc.ents:
        n = norm(e.text)
        if e.label_ not in info.then_types or not n or f" {n} " in q_norm or n in norm(answer):
            continue
        if e.label_ == "DATE" and not any(ch.isdigit() for ch in e.text):
            if (counted := _counted_year(e.text, sent, ranked)) is not None:
                return counted
            continue
        return " ".join(e.text.split()), "", []
    return None


def _counted_year(answer: str, sent: Sentence, ranked: Sequence[Sentence]) -> tuple[str, str, list[Sentence]] | None:
    """A year written as counted from an earlier one ("the following year"): the year, its sum, and the sentence that
    writes the base year when it is another one."""
    at = sent.text.find(answer)
    counted = resolve_year(answer, before := _before(sent, at)) if at >= 0 else None
    if counted is None:
        return None
    base_at = sent.start + at - len(before) + counted[2]  # the base year's offset in the passage
    based_on = [s for s in ranked if s.chunk is sent.chunk and s is not sent and s.start <= base_at < s.end]
    return counted[0], counted[1], based_on[:1]


def _before(sent: Sentence, offset: int) -> str:
    """The text of the sentence's passage before `offset` in the sentence: where a relative year's base is written."""
    text = str(sent.chunk["text"])
    return text[max(0, sent.start - LOOK_BACK) : sent.start + offset]


def _second_on_page(
    info: QuestionInfo, ranked: Sequence[Sentence], answering: Sentence, parse: Parser, answer: str
) -> tuple[tuple[str, str, list[Sentence]], Sentence] | None:
    """The joined second question's answer (see _second_value) from another sentence of the answer's page, with that
    sentence.

    "Who was chief executive of Halden Systems, and where had he been CTO?": the page of the chief executive says
    where in another sentence, the one sharing the second question's words ("chief technology officer"). A second
    question with no words of its own ("..., and when?") is answered from the answer's sentence or not at all.
    """
    page = answering.chunk.get("doc_id", answering.chunk["chunk_id"])
    shared = [
        (len(info.then_words & content_words(s.text)), s)
        for s in ranked
        if s is not answering and s.chunk.get("doc_id", s.chunk["chunk_id"]) == page
    ]
    # Most of the second question's words first; the question's ranking breaks ties (the sort is stable).
    for n, s in sorted(shared, key=lambda pair: -pair[0]):
        if n and (then := _second_value(info, s, parse(s.text), answer, ranked)) is not None:
            return then, s
    return None


def _dateline(ranked: Sequence[Sentence], answering: Sentence, parse: Parser) -> tuple[str, Sentence] | None:
    """The date a story is dated with: a short line at the top of the answer's document that holds a full date
    ("Oslo and Lagos, 12 March 2019"), with that line."""
    doc_id = answering.chunk.get("doc_id", answering.chunk["chunk_id"])
    for s in ranked:
        top = s.chunk.get("doc_id", s.chunk["chunk_id"]) == doc_id and not s.chunk.get("start") and s.start < 300
        if top and len(s.text.split()) <= _DATELINE_WORDS:
            dates = [e.text for e in parse(s.text).ents if e.label_ == "DATE" and any(ch.isdigit() for ch in e.text)]
            if dates:
                return " ".join(dates[0].split()), s
    return None


def _type_bonus(label: str, text: str, typed: frozenset[str], dated: bool) -> float:
    """How well an entity fits the asked type. When a past event is `dated`, a date without a number ("Monday",
    "today", "four years ago", "November") is a weaker answer than the "5 June 2023" beside it: it is relative to
    when the text was written, or a part of the date."""
    if not typed:
        return 0.0
    if label not in typed:
        return -0.2
    return 0.15 if dated and label == "DATE" and not any(ch.isdigit() for ch in text) else 0.3


def _named_kind(info: QuestionInfo, doc: Doc) -> list[tuple[str, float, bool]]:
    """ "What country ...": the countries the sentence names or implies ("a Norwegian playwright" -> Norway); "what
    state/province": the states it names. They beat other places ("Stockholm", "Philadelphia") of the same sentence."""
    asked = _ASKED_KINDS.get(info.asked_noun)
    if asked is None:
        return []
    places = gazetteer()
    resolve = places.country if asked == "country" else places.province
    return [(found, 0.5, True) for e in doc.ents if e.label_ in PLACE_LABELS and (found := resolve(e.text))]
