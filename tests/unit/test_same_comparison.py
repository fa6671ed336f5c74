"""'Are A and B in the same country?': the two sides' values are compared, not their words (real spaCy model)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from agent.extractive.places import gazetteer
from agent.extractive.question import analyse
from agent.extractive.sentences import Sentence
from agent.extractive.span import pick_answer


def _page(title: str, text: str) -> Sentence:
    chunk = {"chunk_id": title, "title": title, "text": text, "start": 0}
    return Sentence(chunk=chunk, start=0, end=len(text), order=0, score=1.0)


def test_names_spellings_nationalities_and_provinces_resolve_to_countries() -> None:
    places = gazetteer()
    assert {places.country(n) for n in ("Iran", "Iranian", "Kermanshah Province")} == {"Iran"}
    assert {places.country(n) for n in ("U.S.", "the United States", "American", "Ohio")} == {"United States"}
    assert places.province("Jiangsu") == "Jiangsu" and places.country("Jiangsu") == "China"
    assert places.country("Tallis Mill") is None and places.province("France") is None


@pytest.mark.parametrize(
    ("question", "a", "b", "answer"),
    [
        # Different words, one country: a nationality and a province name the same country.
        (
            "Are Tallis Mill and Harl Forge located in the same country?",
            "Tallis Mill is a watermill in Kermanshah Province.",
            "Harl Forge is an Iranian ironworks built in 1890.",
            "yes",
        ),
        # The same words ("province", "city"), two provinces: the old word-overlap rule said yes.
        (
            "Are Tallis Mill and Harl Forge situated in the same province?",
            "Tallis Mill is a watermill in a city of Jiangsu province, China.",
            "Harl Forge is an ironworks in a city of Jiangxi province, China.",
            "no",
        ),
        (
            "Do Ada Morrow and Tobias Brand share the same nationality?",
            "Ada Morrow (born 1931) is an American painter.",
            "Tobias Brand (born 1929) is a French sculptor.",
            "no",
        ),
    ],
)
def test_same_questions_compare_the_sides_values(parse, question: str, a: str, b: str, answer: str) -> None:  # type: ignore[no-untyped-def]
    info = analyse(question, parse)
    side_a, side_b = info.anchors[:2]
    pick = pick_answer(info, [_page(side_a, a), _page(side_b, b)], parse)
    assert pick is not None and pick.answer == answer
    assert {s.chunk["title"] for s in pick.support} == {side_a, side_b}, "each side's value is cited"


def test_a_side_is_defined_by_its_own_page_before_another_s_mention(parse) -> None:  # type: ignore[no-untyped-def]
    """A story that mentions Tallis Mill ranks first, but the mill's own page says where it is."""
    info = analyse("Are Tallis Mill and Harl Forge located in the same country?", parse)
    story = _page("Mill sale", "Tallis Mill supplies flour to bakers in France.")
    own = replace(_page("Tallis Mill", "Tallis Mill is a watermill in Bergen, Norway."), order=1)
    forge = replace(_page("Harl Forge", "Harl Forge is a Norwegian ironworks."), order=2)
    pick = pick_answer(info, [story, own, forge], parse)
    assert pick is not None and pick.answer == "yes"
    assert [s.chunk["title"] for s in pick.support] == ["Tallis Mill", "Harl Forge"]


@pytest.mark.parametrize(
    ("question", "text", "answer"),
    [
        # A nationality implies the country; the city beside it is not one.
        (
            "What country was the author of Tallis Mill a citizen of?",
            "Ada Morrow was a Norwegian writer who lived in Bergen.",
            "Norway",
        ),
        ("Harl Forge was built in what state?", "Harl Forge was built in Akron, Ohio, in 1890.", "Ohio"),
    ],
)
def test_a_country_or_state_question_takes_a_country_or_state(parse, question: str, text: str, answer: str) -> None:  # type: ignore[no-untyped-def]
    pick = pick_answer(analyse(question, parse), [_page("Ada Morrow", text)], parse)
    assert pick is not None and pick.answer == answer
