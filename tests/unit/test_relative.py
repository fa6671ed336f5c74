"""Years written relative to an earlier one ("the following year") are counted, and the count is shown."""

from __future__ import annotations

import pytest

from agent.derivation import wrong_steps
from agent.extractive.question import analyse
from agent.extractive.relative import resolve_year
from agent.extractive.sentences import Sentence
from agent.extractive.span import pick_answer


@pytest.mark.parametrize(
    ("phrase", "before", "year"),
    [
        ("the following year", "It was published in 2011 and ran to 312 pages. It won a prize ", "2012"),
        ("two years later", "Born in 1931, she moved to Leeds in 1950 and married ", "1952"),
        ("a year earlier", "The mill closed in 1921; its owner had sold the forge ", "1920"),
        ("the previous year", "In 1999 the band split. They had toured ", "1998"),
    ],
)
def test_a_relative_year_counts_from_the_last_year_before_it(phrase: str, before: str, year: str) -> None:
    found = resolve_year(phrase, before)
    assert found is not None and found[0] == year
    assert before[found[2] : found[2] + 4].isdigit(), "it says where its base year is"
    assert not wrong_steps(found[1]) and found[1].endswith(f"= {year}")


def test_no_year_before_it_or_no_count_means_no_year() -> None:
    assert resolve_year("the following year", "She won a prize ") is None
    assert resolve_year("last spring", "In 2011 she won a prize ") is None


def test_an_answer_counted_from_an_earlier_sentence_cites_it(parse) -> None:  # type: ignore[no-untyped-def]
    text = "Tallis Mill was built in 1890 by Ada Morrow. It won the Skarn Prize the following year."
    chunk = {"chunk_id": "c", "doc_id": "d", "title": "Tallis Mill", "text": text, "start": 0}
    built = Sentence(chunk=chunk, start=0, end=44, order=0, score=0.5)
    won = Sentence(chunk=chunk, start=45, end=len(text), order=0, score=1.0)
    pick = pick_answer(analyse("When did Tallis Mill win the Skarn Prize?", parse), [won, built], parse)
    assert pick is not None and pick.answer == "1891" and pick.support == [won, built]
    assert pick.derivation.endswith("1890 + 1 = 1891")
    pick = pick_answer(analyse("Which prize did Tallis Mill win, and when?", parse), [won, built], parse)
    assert pick is not None and pick.answer == "Skarn Prize; 1891" and built in pick.support
