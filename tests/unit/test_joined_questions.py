"""Joined second questions ("Which company ..., and when?"): answered from the answer's sentence, another sentence of
its page that shares the second question's words, or a news story's dateline (real spaCy model)."""

from __future__ import annotations

from dataclasses import replace

from agent.extractive.question import analyse
from agent.extractive.sentences import Sentence
from agent.extractive.span import pick_answer


def _page_sentences(title: str, *texts: str) -> list[Sentence]:
    """Sentences of one page, in rank order."""
    text = " ".join(texts)
    chunk = {"chunk_id": f"{title}:0", "doc_id": title, "title": title, "text": text, "start": 0}
    out, at = [], 0
    for i, t in enumerate(texts):
        start = text.index(t, at)
        out.append(Sentence(chunk=chunk, start=start, end=start + len(t), order=0, score=1.0 - 0.1 * i))
        at = start + len(t)
    return out


def test_a_joined_second_question_is_answered_from_another_sentence_of_the_answers_page(parse) -> None:  # type: ignore[no-untyped-def]
    """The sentence sharing the second question's words ("studied engineering") answers it, and is cited too."""
    info = analyse("Who founded Tallis Mill, and where had she studied engineering?", parse)
    sents = _page_sentences(
        "Ada Morrow",
        "She founded Tallis Mill in 1890.",
        "She was born in Leeds.",
        "She studied engineering in Glasgow.",
    )
    pick = pick_answer(info, sents, parse)
    assert pick is not None and pick.answer == "Ada Morrow; Glasgow", pick.answer
    assert [s.text for s in pick.support] == ["She founded Tallis Mill in 1890.", "She studied engineering in Glasgow."]


def test_a_second_question_without_words_of_its_own_is_not_answered_from_another_sentence(parse) -> None:  # type: ignore[no-untyped-def]
    info = analyse("Which company bought Tallis Mill, and when?", parse)
    sents = _page_sentences("Tallis Mill", "Nordhavn Shipping Company bought Tallis Mill.", "The mill closed in 1962.")
    pick = pick_answer(info, sents, parse)
    assert pick is not None and pick.answer == "Nordhavn Shipping Company" and len(pick.support) == 1


def test_a_joined_second_question_is_answered_from_the_same_sentence(parse) -> None:  # type: ignore[no-untyped-def]
    """ "Which company ..., and when?" asks two things of one fact: the date comes from the answer's sentence."""
    info = analyse("Which company bought Tallis Mill, and when?", parse)
    assert info.answer_types == frozenset({"ORG"}) and info.then_types == frozenset({"DATE"})
    sents = _page_sentences("Tallis Mill", "Nordhavn Shipping Company bought Tallis Mill in March 1921.")
    pick = pick_answer(info, sents, parse)
    assert pick is not None and pick.answer == "Nordhavn Shipping Company; March 1921"
    undated = _page_sentences("Tallis Mill", "Nordhavn Shipping Company bought Tallis Mill today.")
    pick = pick_answer(info, undated, parse)
    assert pick is not None and pick.answer == "Nordhavn Shipping Company", "no date in the sentence, none made up"
    # Without a wh-phrase of its own, the first part is no question: ", and how many ..." is the only one.
    assert not analyse("Tell me about the ferry's owner, and how many boats does it run?", parse).then_types
    # An imperative "name the ..." is one ("which ...").
    assert analyse("Name the ferry's owner, and how many boats does it run?", parse).then_types == frozenset(
        {"CARDINAL", "QUANTITY"}
    )


def test_a_news_story_s_today_is_the_date_of_its_dateline(parse) -> None:  # type: ignore[no-untyped-def]
    """The story's "today" is dated by the line under its headline, which is cited too; a line further down the
    page, or another document's, dates nothing."""
    info = analyse("Which company bought Tallis Mill, and when?", parse)
    page = "Nordhavn buys Tallis Mill\nBergen, 3 May 1921\nNordhavn Shipping Company AS today bought Tallis Mill."
    chunk = {"chunk_id": "n1", "doc_id": "news", "title": "nordhavn-buys-tallis", "text": page, "start": 0}

    def line(text: str, doc: dict[str, object] = chunk) -> Sentence:
        start = str(doc["text"]).index(text)
        return Sentence(chunk=doc, start=start, end=start + len(text), order=0, score=1.0)

    lead, dateline = line("Nordhavn Shipping Company AS today bought Tallis Mill."), line("Bergen, 3 May 1921")
    pick = pick_answer(info, [lead, dateline], parse)
    assert pick is not None and pick.answer == "Nordhavn Shipping Company; 3 May 1921"
    assert pick.support == [lead, dateline]
    # Asked first, the date is the lead's "today", dated by the dateline (which ranks far lower).
    low = replace(dateline, score=0.2)
    pick = pick_answer(analyse("When did Nordhavn buy Tallis Mill?", parse), [lead, low], parse)
    assert pick is not None and pick.answer == "3 May 1921" and pick.support == [lead, low]
    other = {**chunk, "doc_id": "other", "chunk_id": "o1"}
    pick = pick_answer(info, [lead, line("Bergen, 3 May 1921", other)], parse)
    assert pick is not None and pick.answer == "Nordhavn Shipping Company"
