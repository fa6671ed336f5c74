"""Answers computed from looked-up facts: counts from a date, and the draft that looks them up and shows how."""

from __future__ import annotations

from typing import Any

import pytest

from agent.computed import asked_of_passages, computed_answer, step_for
from agent.computed.dates import date_step, read_date, when
from agent.derivation import wrong_steps


@pytest.mark.parametrize(
    ("phrase", "question"),
    [
        ("the date of birth of Ada Lane's father", "When was Ada Lane's father born?"),
        ("the birth date of the founder of Acme", "When was the founder of Acme born?"),
        ("the founder of Acme's birthday", "When was the founder of Acme born?"),
        ("the date of death of the director of film Ruby", "When did the director of film Ruby die?"),
        ("when Ada Lane's father died", "When did Ada Lane's father die?"),
        ("the year when the bridge opened", "When the bridge opened?"),
    ],
)
def test_a_dates_description_is_asked_as_a_question(phrase: str, question: str) -> None:
    assert when(phrase) == question


@pytest.mark.parametrize(
    ("question", "found", "value"),
    [
        ("What is the date one day after the date of birth of X's father?", "19 November 1805", "1805-11-20"),
        ("What is the date 5 weeks after when X's husband was born?", "June 30, 1968", "1968-08-04"),
        ("What is the date 4 months after when X's father died?", "22 January 1982", "1982-05-22"),
        ("What is the date two years before the date of death of X?", "29 February 2004", "2002-02-28"),
        ("What is the year 9 years before the year when the bridge opened?", "1976", "1967"),
        ("What is the year before the year of birth of the author of Dune?", "8 October 1920", "1919"),
        ("Which day of the week was the date of death of X's father?", "27 June 1839", "Thursday"),
    ],
)
def test_counting_from_the_looked_up_date(question: str, found: str, value: str) -> None:
    step = date_step(question)
    assert step is not None
    done = step.finish([{"short_answer": found}])
    assert done is not None and done[0] == value, done
    assert not wrong_steps(done[1]), done[1]


@pytest.mark.parametrize(
    ("question", "found"),
    [
        ("What is the date one week after the date of birth of X?", "1805"),  # no day to count from
        ("Which day of the week was the date of death of X?", "November 1805"),
        ("What is the date one day after the date of birth of X?", "Femi Adeyemi"),
    ],
)
def test_an_answer_that_dates_no_day_cannot_be_counted_from(question: str, found: str) -> None:
    step = date_step(question)
    assert step is not None and step.finish([{"short_answer": found}]) is None


def test_the_time_between_two_dates_looks_up_only_those_not_written_out() -> None:
    step = date_step("How many days lay between the date when X's father was born and August 03, 2028?")
    assert step is not None and step.lookups == ["When was X's father born?"]
    assert step.finish([{"short_answer": "April 1, 1949"}]) == (
        "28979",
        "from 1949-04-01 to 2028-08-03: 28979 whole days",
    )
    step = date_step("How many years passed between the year Acme was founded and the year Acme was sold?")
    assert step is not None and step.lookups == ["When was Acme founded?", "When was Acme sold?"]
    value, how = step.finish([{"short_answer": "2014"}, {"short_answer": "12 March 2019"}])
    assert value == "5" and how == "“2014” and “12 March 2019”: 2019 − 2014 = 5" and not wrong_steps(how)
    # Whole years between two full dates: not yet five on the day before the fifth anniversary.
    assert step.finish([{"short_answer": "13 March 2014"}, {"short_answer": "12 March 2019"}])[0] == "4"  # type: ignore[index]
    days = date_step("How many days passed between the year Acme was founded and the year Acme was sold?")
    assert days is not None and days.finish([{"short_answer": "2014"}, {"short_answer": "12 March 2019"}]) is None


def test_a_date_that_does_not_say_by_how_much_is_no_count() -> None:
    assert date_step("What is the date before the release of Dune?") is None
    assert date_step("When was the founder of Acme born?") is None
    assert read_date("the spring") is None


def test_the_passages_are_searched_for_the_looked_up_question() -> None:
    assert asked_of_passages("How many letters are in the first name of the CTO of X?") == "Who is the CTO of X?"
    assert asked_of_passages("What is the date one day after the date of birth of X?") == "When was X born?"
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


def test_the_looked_up_date_is_counted_from() -> None:
    step = step_for("What is the date 10 weeks after the date of death of the director of film Cross Current?")
    assert step is not None
    out = computed_answer(step, lambda q: _draft("9 March 2014"))
    assert out is not None and out["short_answer"] == "2014-05-18"
    assert out["claims"][0]["derivation"] == "“9 March 2014” is 2014-03-09; 10 weeks after: 2014-05-18"


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
