"""An answer is about what the question asks about: an attribute of the named thing is not another name's
description (its own pages first: test_demo_cli); the part asked for is not the part the named thing plays; the
named thing spelt another way is no answer; "what did X make?" is answered with what the sentence says X made."""

from __future__ import annotations

import pytest

from agent.extractive.answer import draft
from agent.extractive.attribution import about_another, owner, plays, role
from agent.extractive.nested import asks_directly
from agent.extractive.question import analyse
from agent.extractive.sentences import Sentence
from agent.extractive.span import pick_answer


def _sentence(text: str, score: float = 1.0) -> Sentence:
    chunk = {"chunk_id": text[:12], "doc_id": text[:12], "title": "Tarn Foods", "text": text, "start": 0}
    return Sentence(chunk=chunk, start=0, end=len(text), order=0, score=score)


@pytest.mark.parametrize(
    ("sentence", "candidate", "named"),
    [
        ("Tarn Foods said it will buy Ostby Lines, the Oslo-based shipping firm, in May.", "Oslo", "Ostby Lines"),
        ("The round was led by Sable Ventures of Nairobi.", "Nairobi", "Sable Ventures"),
        ("Ostby Lines was a shipping firm based in Leeds, England.", "Leeds", None),
        ("It was founded by Ada Morrow and Ewan Tallis.", "Ewan Tallis", None),
    ],
)
def test_a_candidate_describes_the_name_its_noun_phrase_stands_beside(  # type: ignore[no-untyped-def]
    parse, sentence: str, candidate: str, named: str | None
) -> None:
    found = owner(parse(sentence), candidate)
    assert (found is None) if named is None else (found is not None and found.startswith(named))


def test_an_attribute_of_another_name_does_not_answer_about_the_subject(parse) -> None:  # type: ignore[no-untyped-def]
    text = "Tarn Foods said it will buy Ostby Lines, the Oslo-based shipping firm, in May."
    assert about_another(parse(text), "Oslo", ["Tarn Foods"])
    assert not about_another(parse(text), "Oslo", ["Ostby Lines"])
    # Not asked directly, the deal's sentence (it names the subject, and says "based") answers "Oslo".
    deal = _sentence(text, 1.0)
    home = _sentence("Tarn Foods has its head office in York.", 0.75)
    info = analyse("Where is Tarn Foods based?", parse)
    undirected = pick_answer(info, [deal, home], parse)
    assert undirected is not None and undirected.answer == "Oslo"
    pick = pick_answer(info, [deal, home], parse, direct=True)
    assert pick is not None and pick.answer == "York"


def test_the_part_the_subject_plays_is_not_the_answer(parse) -> None:  # type: ignore[no-untyped-def]
    info = analyse("Who acquired Ostby Lines?", parse)
    assert info.subject_role == ("acquire", "patient")
    assert role(parse("Ostby Lines was acquired by Tarn Foods in 2001."), "Tarn Foods") == ("acquire", "agent")
    page = _sentence("2004: Ostby Lines acquires Fenwick Ferries of Hull.", 0.9)
    assert plays(parse(page.text), "Fenwick Ferries of Hull", info.subject_role)
    deal = _sentence("In 2001 Tarn Foods acquired the shipping firm Ostby Lines.", 0.8)
    pick = pick_answer(info, [page, deal], parse)
    assert pick is not None and pick.answer == "Tarn Foods"


def test_the_subject_spelt_another_way_is_no_answer(parse) -> None:  # type: ignore[no-untyped-def]
    text = "Park Jong-chul, sometimes spelled Park Jong Chol, married Lee Min-ji in 2004."
    pick = pick_answer(analyse("Who is the wife of Park Jong-chul?", parse), [_sentence(text)], parse)
    assert pick is not None and pick.answer == "Lee Min-ji"


@pytest.mark.parametrize(
    ("question", "direct"),
    [
        ("Where is Tarn Foods based?", True),
        ("Who is the chief executive of Tarn Foods?", True),
        ("What did Tarn Foods make?", True),
        ("Where is the company that bought Ostby Lines based?", False),  # a nested phrase
        ("Ada Morrow starred in a film that was shot where?", False),  # an indefinite description
        ("What river flows through the city Ada Morrow played for?", False),  # a clause without "that"
        ("When was the Leeds team that won the cup formed?", False),
        ("Where was the founder of Tarn Foods born?", False),  # a related person, whose page says
    ],
)
def test_a_question_asks_directly_only_about_the_names_it_gives(parse, question: str, direct: bool) -> None:  # type: ignore[no-untyped-def]
    assert asks_directly(parse(question), analyse(question, parse).subjects) is direct


def test_what_a_verb_takes_answers_what_did_x_make(parse) -> None:  # type: ignore[no-untyped-def]
    info = analyse("What did Tarn Foods make?", parse)
    assert info.object_of == "make"
    where = _sentence("Tarn Foods was a company in York, England.", 0.9)
    made = _sentence("It made tinned soups for the army and the navy.", 0.8)
    pick = pick_answer(info, [where, made], parse)
    assert pick is not None and pick.answer == "tinned soups for the army and the navy"


def test_a_direct_question_answered_only_two_links_away_abstains(parse, embedder) -> None:  # type: ignore[no-untyped-def]
    """No passage says who runs Heron Labs; the chief executive of the firm its founders left is not its own."""
    context = [
        _page("heron-labs-launch", "Heron Labs, a York startup set up by former staff of Ostby Lines, makes kettles."),
        _page("ostby-lines", "Ostby Lines was a shipping firm in Leeds. Ada Morrow was its chief executive."),
    ]

    def ask(question: str) -> dict[str, object]:
        return draft(analyse(question, parse), context, parse, embedder, min_answer_score=0)

    out = ask("Who is the chief executive of Heron Labs?")
    assert not out["answerable"] and "Heron Labs" in str(out["reason"]), out
    out = ask("Who is the chief executive of Ostby Lines?")
    assert out["answerable"] and out["short_answer"] == "Ada Morrow"


def _page(title: str, text: str) -> dict[str, object]:
    return {"chunk_id": f"{title}:0", "title": title, "text": text, "doc_id": title, "source": title, "start": 0}
