"""Questions typed in lower case get their names' capitals from the passages."""

from __future__ import annotations

from agent.extractive.casing import lower_case, truecase

PASSAGES = [
    {
        "title": "The Quiet Ledger",
        "text": "The Quiet Ledger is a novel by Mara Okafor. The quiet town of Enugu is her birthplace.",
    },
    {"title": "brightwell-analytics", "text": "Brightwell Analytics was a startup. Brightwell was sold in 2019."},
]


def test_names_take_the_passages_capitals() -> None:
    q = "which company acquired the startup founded by the author of the quiet ledger?"
    assert truecase(q, PASSAGES) == "Which company acquired the startup founded by the author of The Quiet Ledger?"
    # The longer name goes first; a single word counts when the passages never write it in lower case.
    assert truecase("who founded brightwell analytics?", PASSAGES) == "Who founded Brightwell Analytics?"
    assert truecase("when was brightwell sold?", PASSAGES) == "When was Brightwell sold?"
    # "quiet" is written in lower case too, and "vellmar" not at all: both stay as they are.
    assert truecase("is enugu a quiet town?", PASSAGES) == "Is Enugu a quiet town?"
    assert truecase("who designed the vellmar tunnel?", PASSAGES) == "Who designed the vellmar tunnel?"


def test_a_question_with_capitals_is_left_alone() -> None:
    q = "Who wrote the quiet ledger for Brightwell?"
    assert not lower_case(q) and truecase(q, PASSAGES) == q
    # A question that opens with a capital was written with care: one without names has none to find.
    q = "When did the state whose official sport is jousting make anglicanism its established religion?"
    assert not lower_case(q) and truecase(q, [{"text": "Anglicanism is a Western Christian tradition."}]) == q
    assert lower_case("who wrote the quiet ledger?") and not lower_case("")
