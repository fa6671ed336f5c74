"""A link described but not named ("bought by a Danish shipping firm") is followed by a search (real spaCy model)."""

from __future__ import annotations

from agent.extractive.answer import draft
from agent.extractive.bridge import unnamed_links
from agent.extractive.hop import decide
from agent.extractive.question import analyse
from tools.embedders import MiniLMOnnxEmbedder

QUESTION = "Which firm bought the mill founded by Ada Morrow?"
MILL = {
    "chunk_id": "mill:0",
    "title": "Tallis Mill",
    "text": "Tallis Mill was founded by Ada Morrow in 1890. In 1921 the mill was bought by a Danish shipping firm.",
}


def test_the_description_is_searched_with_its_sentence_names(parse) -> None:  # type: ignore[no-untyped-def]
    links = unnamed_links(analyse(QUESTION, parse), [MILL], parse)
    assert len(links) == 1
    described, query = links[0]
    assert described == "Danish shipping firm"
    assert "bought" in query and "Danish shipping firm" in query


def test_a_passage_holding_every_word_still_hops_when_it_only_describes_the_answer(parse) -> None:  # type: ignore[no-untyped-def]
    info = analyse(QUESTION, parse)
    decision = decide(info, [MILL], {"Tallis Mill"}, parse)
    assert not decision.enough and decision.bridges[0] == "Danish shipping firm"
    named = dict(
        MILL,
        text="Tallis Mill was founded by Ada Morrow in 1890. In 1921 it was bought by the shipping firm Harl & Co.",
    )
    assert decide(info, [named], {"Tallis Mill"}, parse).enough, "a named buyer needs no further hop"


def test_nothing_is_followed_when_the_question_asks_for_no_noun(parse) -> None:  # type: ignore[no-untyped-def]
    assert unnamed_links(analyse("Who bought the mill founded by Ada Morrow?", parse), [MILL], parse) == []


def _page(title: str, text: str) -> dict[str, str]:
    return {"chunk_id": f"{title}:0", "title": title, "text": text, "doc_id": title, "source": title, "start": 0}


def test_the_answer_is_named_past_the_chain_when_the_chain_only_describes_it(parse) -> None:  # type: ignore[no-untyped-def]
    """The chain (Ada Morrow -> Tallis Mill) ends in a description; the deal's page, which no chain page names by its
    title, gives the buyer's name in the same fact. Without the rule the answer is the chain's one organisation, the
    mill's lender."""
    context = [
        _page("Ada Morrow", "Ada Morrow founded Tallis Mill in 1890 with a loan from the Bergen Savings Bank."),
        _page("Tallis Mill", "Tallis Mill was a paper mill. In 1921 the mill was bought by a Danish shipping firm."),
        _page("Harbour news 1921", "Nordhavn Shipping Company bought Tallis Mill in March 1921 for 40,000 kroner."),
        _page("Vellmar Tunnel", "Nordvik Bau, a German building firm, built the Vellmar Tunnel in 1931."),
    ]
    out = draft(analyse(QUESTION, parse), context, parse, MiniLMOnnxEmbedder(), min_answer_score=0.0)
    assert out["answerable"] and out["short_answer"] == "Nordhavn Shipping Company"
    # Cited in chain order: the founder's page naming the mill, the mill's describing sentence, the deal's page.
    assert [c["citations"][0]["title"] for c in out["claims"]] == ["Ada Morrow", "Tallis Mill", "Harbour news 1921"]


def test_the_name_may_be_on_a_chain_page_that_the_question_names_in_its_text(parse) -> None:  # type: ignore[no-untyped-def]
    """File-named pages: the deal's page names the mill in its text, so it is on the chain, not past it; a page past
    the chain tells of a later deal in the same words ("purchase", "shipping firm", "bought") and must not supply the
    buyer."""
    context = [
        _page("tallis-mill", "Tallis Mill was a paper mill. In 1921 Tallis Mill was sold to a Danish shipping firm."),
        _page("nordhavn-buys-tallis", "Nordhavn Shipping Company agreed to purchase Tallis Mill in 1921."),
        _page(
            "grieg-holdings",
            "Grieg Holdings completed its purchase of the Danish shipping firm Ostby Lines in 1950; the mill "
            "it bought thirty years earlier was one reason.",
        ),
    ]
    info = analyse("Which firm bought Tallis Mill?", parse)
    out = draft(info, context, parse, MiniLMOnnxEmbedder(), min_answer_score=0.0)
    assert out["answerable"] and out["short_answer"] == "Nordhavn Shipping Company"
    assert [c["citations"][0]["title"] for c in out["claims"]] == ["tallis-mill", "nordhavn-buys-tallis"]
