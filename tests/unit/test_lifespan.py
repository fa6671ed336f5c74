"""A life's bracketed dates: the first is the birth, the second the death (real spaCy model)."""

from __future__ import annotations

import pytest

from agent.extractive.lifespan import asked_end, life_asked, life_dates
from agent.extractive.nlp import Parser
from agent.extractive.question import analyse
from agent.extractive.sentences import Sentence
from agent.extractive.span import pick_answer

LIFE = "Eduardo Nicanor Frei Montalva(16 January 1911 – 22 January 1982) was a Chilean political leader."


def _sentence(text: str) -> Sentence:
    return Sentence(chunk={"chunk_id": "c:0", "text": text, "title": "Eduardo Frei Montalva"}, start=0, end=len(text),
                    order=0, score=0.6)  # fmt: skip


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("When did Eduardo Frei Montalva die?", "22 January 1982"),
        ("When was Eduardo Frei Montalva born?", "16 January 1911"),
        ("What is the date of death of Eduardo Frei Montalva?", "22 January 1982"),
        ("In what year did Eduardo Frei Montalva die?", "1982"),
    ],
)
def test_a_birth_is_the_first_date_and_a_death_the_second(parse: Parser, question: str, answer: str) -> None:
    pick = pick_answer(analyse(question, parse), [_sentence(LIFE)], parse)
    assert pick is not None and pick.answer == answer


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        ("Ada Morrow (1851–1920) was a painter.", ("1851", "1920")),
        ("King Tobias (c. 1455 – 3 March 1500) ruled Skarn.", ("c. 1455", "3 March 1500")),
        ("Ada Morrow (born 12 May 1950) is a painter.", None),  # alive: no second date
        ("Brother Ivo (fl. 1200–1250) copied books.", None),  # when he worked, not his life
        ("King Ivo (r. 1200–1250) ruled Skarn.", None),
        # His other names in brackets first; then his life, and then his reign (not read: the first life is his).
        (
            "William of Skarn (William I of Wick)(28 July 1516 – 5 January 1592) was Duke of Skarn (1539 – 1592).",
            ("28 July 1516", "5 January 1592"),
        ),
        ("the war (1939–1945) ended the trade", None),  # no name before the brackets
    ],
)
def test_life_dates(text: str, dates: tuple[str, str] | None) -> None:
    assert life_dates(text) == dates


def test_only_a_question_about_one_end_of_a_life_reads_them(parse: Parser) -> None:
    assert asked_end(analyse("When did Ada Morrow die?", parse)) == 1
    assert asked_end(analyse("When was Ada Morrow born?", parse)) == 0
    assert asked_end(analyse("Who was born in Skarn?", parse)) is None  # asks for a person
    assert asked_end(analyse("When was Ada Morrow born and when did she die?", parse)) is None


@pytest.mark.parametrize(
    "question",
    [
        "When did Eduardo Frei Montalva's father die?",
        "When did the father of Eduardo Frei Montalva die?",
        "When was Eduardo Frei Montalva, President Of Chile's wife born?",
    ],
)
def test_the_life_of_a_possessor_is_not_the_life_asked_about(parse: Parser, question: str) -> None:
    # His page brackets his own life; the question asks about his father's (or his wife's): no bracket is read for it
    # (the inside-out reading asks about the father by name).
    assert life_asked(analyse(question, parse), _sentence(LIFE)) is None


def test_the_life_of_the_one_asked_about_is_read_after_a_father_is_looked_up(parse: Parser) -> None:
    question = "When did Eduardo Frei Ruiz-Tagle's father die?"  # his father's page: another name
    assert life_asked(analyse(question, parse), _sentence(LIFE)) == ("16 January 1911", "22 January 1982")


def test_a_life_bracketed_further_down_a_page_is_anothers(parse: Parser) -> None:
    # The splitter cuts at the line break: "Lothair I of the Franks (795–855)" is a sentence on her page, his life.
    text = (
        "Ermengarde of Tours (d. 851) was a queen. In 821 she married the Emperor\nLothair I of the Franks (795–855)."
    )
    chunk = {"chunk_id": "c:0", "text": text, "title": "Ermengarde of Tours"}
    late = Sentence(
        chunk=chunk, start=text.index("Lothair I of"), end=len(text), order=0, score=0.6
    )  # split at the line
    assert late.text.startswith("Lothair I of the Franks")
    assert life_asked(analyse("When did Ermengarde of Tours die?", parse), late) is None
