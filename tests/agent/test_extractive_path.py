"""The LLM-free path end to end on the real small index: span answers with exact citations, hops, abstention."""

from __future__ import annotations

import asyncio

from town import COLLECTION, DOCS

from agent.deps import AgentDeps
from agent.schemas import Answer
from graphs.ask import ask


def run(deps: AgentDeps, question: str, **knobs: object) -> Answer:
    return asyncio.run(ask(question, COLLECTION, deps, dict(knobs)))


def test_answers_with_a_span_and_an_exact_citation(deps: AgentDeps) -> None:
    a = run(deps, "Who designed the Skarn lighthouse?")
    assert a.mode == "extractive" and a.usage.llm_calls == 0
    assert not a.abstained
    assert "Miriam Coyle" in a.short_answer
    quotes = [c for claim in a.claims for c in claim.citations]
    assert quotes and all(DOCS[c.source.rsplit("/", 1)[-1]][c.start : c.end] == c.quote for c in quotes)
    assert any("Miriam Coyle" in c.quote for c in quotes)
    assert all(claim.verdict is not None and claim.verdict.supported for claim in a.claims)


def test_instructions_inside_a_document_are_not_obeyed(deps: AgentDeps) -> None:
    a = run(deps, "Who designed the Skarn lighthouse?")
    assert "Nobody" not in a.answer and "Nobody" not in a.short_answer


def test_a_bridge_question_follows_the_bridge_entity(deps: AgentDeps) -> None:
    # top_k=2: the first hop cannot fetch the whole tiny corpus, so the founder's page must be found by name.
    a = run(deps, "Whom did the founder of the Ellery Steam Packet Company marry?", max_hops=3, top_k=2)
    assert len(a.hops) >= 2, "the founder's name must be looked up in a second hop"
    assert any(q.startswith("Tobias Morrow") for q in a.hops[1].sub_queries), a.hops[1].sub_queries
    sources = [c.source.rsplit("/", 1)[-1] for claim in a.claims for c in claim.citations]
    # The answer comes from the bridge entity's page, after the company's sentence naming its founder (chain order).
    assert not a.abstained and sources == ["ellery-steam-packet.md", "tobias-morrow.md"]
    assert "Tobias Morrow" in a.claims[0].text


def test_hop_limit_is_respected(deps: AgentDeps) -> None:
    a = run(deps, "Whom did the founder of the Ellery Steam Packet Company marry?", max_hops=1)
    assert len(a.hops) == 1


def test_abstains_when_the_question_names_something_the_corpus_lacks(deps: AgentDeps) -> None:
    a = run(deps, "Which company built the Vellmar Tunnel in Norway?")
    assert a.abstained and a.claims == []
    assert a.reason and "Vellmar" in a.reason
    assert a.closest_evidence, "an abstention shows the closest evidence"
    assert a.answer.startswith("The documents in this collection do not support")


def test_abstains_when_a_second_name_is_in_no_passage(deps: AgentDeps) -> None:
    """The Skarn lighthouse has its page; Halvard Brede is in no passage, so the chain through him is missing."""
    a = run(deps, "Which lighthouse did Halvard Brede design after the Skarn lighthouse?")
    assert a.abstained and a.claims == []
    assert a.reason and "Halvard Brede" in a.reason and "Skarn" not in a.reason
    # The rule is a setting (Context.require_mentions); off, the Skarn page's sentence answers, wrongly.
    off = run(deps, "Which lighthouse did Halvard Brede design after the Skarn lighthouse?", require_mentions=False)
    assert not off.abstained and off.claims


def test_unknown_collection_and_empty_question_are_clear_errors(deps: AgentDeps) -> None:
    import pytest

    from tools.errors import CollectionNotFoundError, EmptyQueryError

    with pytest.raises(EmptyQueryError):
        run(deps, "   ")
    with pytest.raises(CollectionNotFoundError):
        asyncio.run(ask("Who designed the Skarn lighthouse?", "no-such-collection", deps))
