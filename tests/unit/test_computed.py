"""Answers computed from looked-up facts: the draft that looks them up and shows how."""

from __future__ import annotations

from typing import Any

import pytest

from agent.extractive.computed import asked_of_passages, computed_answer, step_for


def test_the_passages_are_searched_for_the_looked_up_question() -> None:
    assert asked_of_passages("How many letters are in the first name of the CTO of X?") == "Who is the CTO of X?"
    assert asked_of_passages("Who is the CTO of X?") == "Who is the CTO of X?"


def _draft(answer: str, typed: bool = True) -> dict[str, Any]:
    claim = {"text": f"It was {answer}.", "citations": [{"chunk_id": "x:0"}]}
    return {"answerable": True, "short_answer": answer, "claims": [claim], "typed": typed}


def test_the_looked_up_name_is_counted_and_its_claim_shows_how() -> None:
    asked: list[str] = []

    def answer(question: str) -> dict[str, Any]:
        asked.append(question)
        return _draft("Femi Adeyemi")

    step = step_for("How many more letters does the last name of the CTO of X have than the first name of Ada Lane?")
    assert step is not None
    out = computed_answer(step, answer)
    assert asked == ["Who is the CTO of X?"]
    assert out is not None and out["answerable"] and out["short_answer"] == "4"
    assert out["claims"][0]["citations"] == [{"chunk_id": "x:0"}]
    assert "7 − 3 = 4" in out["claims"][0]["derivation"]
    assert out["nested"] == [{"question": "Who is the CTO of X?", "answer": "Femi Adeyemi"}]


def test_an_abstention_on_the_looked_up_question_is_the_answer() -> None:
    step = step_for("How many fewer letters does the first name of Myra Bailey have than the first name of X's CTO?")
    assert step is not None
    out = computed_answer(step, lambda q: {"answerable": False, "reason": "no page is about X", "claims": []})
    assert out is not None and not out["answerable"] and out["reason"] == "no page is about X"


@pytest.mark.parametrize("draft", [_draft("the Oslo office"), _draft("Femi Adeyemi", typed=False)])
def test_a_looked_up_answer_that_is_no_name_leaves_the_question_to_the_usual_reading(draft: dict[str, Any]) -> None:
    step = step_for("How many letters are in the first name of the CTO of X?")
    assert step is not None
    assert computed_answer(step, lambda q: draft) is None
