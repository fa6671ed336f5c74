"""'Who is X?' / 'What is X?' questions answer with a description of X (real spaCy model)."""

from __future__ import annotations

import pytest

from agent.extractive.define import define
from agent.extractive.question import analyse
from agent.extractive.sentences import Sentence
from agent.extractive.span import pick_answer


@pytest.mark.parametrize(
    ("question", "defines"),
    [
        ("Who was Ada Morrow?", "Ada Morrow"),
        ("What is the Skarn Lighthouse?", "Skarn Lighthouse"),
        ("What is the Perch?", "Perch"),  # tagged a common noun; its capital says it is a name
        ("Who is Ada Morrow's brother?", ""),  # asks for another person
        ("What is the capital of Skarn?", ""),
        ("Who painted the Skarn Lighthouse?", ""),
    ],
)
def test_definition_questions(parse, question: str, defines: str) -> None:  # type: ignore[no-untyped-def]
    assert analyse(question, parse).defines == defines


def _ranked(*texts: str) -> list[Sentence]:
    out = []
    for i, text in enumerate(texts):
        chunk = {"chunk_id": f"c{i}", "title": "notes", "text": text, "start": 0}
        out.append(Sentence(chunk=chunk, start=0, end=len(text), order=i, score=1.0 - i / 10))
    return out


def test_the_description_is_the_appositive_or_the_predicate_not_another_name(parse) -> None:  # type: ignore[no-untyped-def]
    ranked = _ranked(
        "In 1890 Ada Morrow moved to Bergen with Tobias Brand.",
        "Ada Morrow was a Norwegian lighthouse keeper and painter.",
    )
    pick = define(analyse("Who was Ada Morrow?", parse), ranked, parse)
    assert pick is not None and pick.answer == "a Norwegian lighthouse keeper and painter"
    assert pick.support == [ranked[1]]
    picked = pick_answer(analyse("Who was Ada Morrow?", parse), ranked, parse)
    assert picked is not None and picked.answer == pick.answer, "the answer picker defines, not names"

    ranked = _ranked("Skarn Labs has launched the Perch, a solar-powered payment terminal.")
    pick = define(analyse("What is the Perch?", parse), ranked, parse)
    assert pick is not None and pick.answer == "a solar-powered payment terminal"


def test_without_a_description_the_best_mentioning_sentence_answers_whole(parse) -> None:  # type: ignore[no-untyped-def]
    ranked = _ranked("Bergen has a harbour.", "In 1890 Ada Morrow moved to Bergen with Tobias Brand.")
    pick = define(analyse("Who was Ada Morrow?", parse), ranked, parse)
    assert pick is not None and pick.answer == ranked[1].text
    assert define(analyse("Who was Ada Morrow?", parse), ranked[:1], parse) is None


def test_what_does_x_do_answers_with_the_sentence_not_what_x_is(parse) -> None:  # type: ignore[no-untyped-def]
    info = analyse("What does Skarn Labs do?", parse)
    assert info.defines == "Skarn Labs"
    ranked = _ranked("Skarn Labs, a Bergen startup, builds payment terminals for fishing co-operatives.")
    pick = define(info, ranked, parse)
    assert pick is not None and pick.answer == ranked[0].text
