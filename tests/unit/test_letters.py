"""Questions that end by spelling a name: the form read, the name looked up, the letters counted in code."""

from __future__ import annotations

import pytest

from agent.computed.letters import compute, name_part, spelling
from agent.derivation import wrong_steps


@pytest.mark.parametrize(
    ("question", "op", "args", "parts", "looked_up"),
    [
        (
            "How many letters are in the first name of the founder of Acme?",
            "count",
            ("letters",),
            ["first name"],
            ["Who is the founder of Acme?"],
        ),
        (
            "What is the total number of consonants in the surname of Ada Lane's father?",
            "count",
            ("consonants",),
            ["last name"],
            ["Who is Ada Lane's father?"],
        ),
        (
            "How many unique letters are there in the given name of the director of film Ruby?",
            "distinct",
            ("letters",),
            ["first name"],
            ["Who is the director of film Ruby?"],
        ),
        (
            "What is the last letter of the last name of the author of Dune?",
            "letter",
            ("last",),
            ["last name"],
            ["Who is the author of Dune?"],
        ),
        (
            "What is the ASCII code of the first letter of the first name of the CTO of Brightwell in lowercase?",
            "code",
            ("ascii", "first"),
            ["first name"],
            ["Who is the CTO of Brightwell?"],
        ),
        (
            "How many fewer letters does the first name of Myra Bailey have compared to the last name of the mayor of"
            " Oslo?",
            "compare",
            ("fewer", "letters"),
            ["first name", "last name"],
            ["Who is the mayor of Oslo?"],
        ),
    ],
)
def test_the_form_and_what_is_looked_up(
    question: str, op: str, args: tuple[str, ...], parts: list[str], looked_up: list[str]
) -> None:
    step = spelling(question)
    assert step is not None and step.op == op and step.args == args
    assert [o.part for o in step.operands] == parts
    assert [o.question for o in step.operands if not o.spelt] == looked_up


@pytest.mark.parametrize(
    "question",
    [
        "Who founded Acme?",
        "What is the first name of the founder of Acme?",  # asks for the name itself: the usual reading answers it
        "How many letters are in the first name of Myra Bailey?",  # nothing to look up
        "How many employees does the company founded by Ada Lane have?",
    ],
)
def test_other_questions_are_left_to_the_usual_reading(question: str) -> None:
    assert spelling(question) is None


def test_a_name_spelt_in_the_question_is_not_looked_up_but_a_possessive_is() -> None:
    step = spelling(
        "How many additional letters does the last name of Jan van Eyck have compared to the first name of Ada"
        " Lane's father?"
    )
    assert step is not None
    assert step.operands[0].spelt == "Jan van Eyck" and not step.operands[0].phrase
    assert step.operands[1].phrase == "Ada Lane's father" and not step.operands[1].spelt


@pytest.mark.parametrize(
    ("name", "part", "expected"),
    [
        ("Matt Flynn", "first name", "Matt"),
        ("Sir Matt Flynn Jr.", "last name", "Flynn"),
        ("Jan van Eyck", "last name", "Eyck"),
        ("Madonna", "last name", None),  # one name has no last name apart from its first
        ("the band's drummer", "first name", None),
        ("12 March 2019", "first name", None),
    ],
)
def test_name_parts(name: str, part: str, expected: str | None) -> None:
    assert name_part(name, part) == expected


def test_the_computations_and_their_derivations_check() -> None:
    def run(question: str, *names: str) -> tuple[str, str]:
        step = spelling(question)
        assert step is not None
        return compute(step, list(names))

    assert run("How many letters are in the first name of the CTO of X?", "Jean-Luc")[0] == "7"
    assert run("How many vowels are in the last name of the CTO of X?", "Adeyemi")[0] == "4"
    assert run("How many distinct letters are in the first name of the CTO of X?", "Anna")[0] == "2"
    assert run("What is the last letter of the first name of the CTO of X?", "Femi")[0] == "i"
    assert run("What is the ASCII code of the first letter of the first name of the CTO of X?", "Femi")[0] == "70"
    lower = run("What is the ASCII code of the first letter of the first name of the CTO of X in lowercase?", "Femi")
    assert lower[0] == "102"
    assert run("What is the binary code of the last letter of the first name of the CTO of X?", "Femi")[0] == "1101001"
    value, how = run(
        "How many fewer letters does the first name of Myra Bailey have compared to the first name of the CTO of X?",
        "Myra",
        "William",
    )
    assert value == "3" and "7 − 4 = 3" in how and not wrong_steps(how)
