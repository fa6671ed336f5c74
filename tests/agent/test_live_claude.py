"""Live Claude (skipped without ANTHROPIC_API_KEY): the same graph with the real model over the real small index."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest
from town import COLLECTION, DOCS

from agent.deps import AgentDeps
from api.settings import Settings
from graphs.ask import ask

SETTINGS = Settings(_env_file=None)  # type: ignore[call-arg]
pytestmark = [
    pytest.mark.live,
    pytest.mark.skipif(SETTINGS.anthropic_api_key is None, reason="needs ANTHROPIC_API_KEY"),
]


def test_claude_answers_a_two_hop_question_with_exact_quotes(deps: AgentDeps) -> None:
    from langchain_anthropic import ChatAnthropic

    key = SETTINGS.anthropic_api_key
    assert key is not None
    model = ChatAnthropic(model=SETTINGS.anthropic_model, api_key=key, max_tokens=2048)  # type: ignore[call-arg]
    a = asyncio.run(
        ask(
            "Whom did the founder of the Ellery Steam Packet Company marry?",
            COLLECTION,
            replace(deps, chat_model=model),
        )
    )
    assert a.mode == "claude" and a.usage.llm_calls >= 4
    assert not a.abstained and "Elspeth Grant" in a.answer + a.short_answer
    for claim in a.claims:
        for c in claim.citations:
            assert DOCS[c.source.rsplit("/", 1)[-1]][c.start : c.end] == c.quote


def test_claude_abstains_on_an_unanswerable_question(deps: AgentDeps) -> None:
    from langchain_anthropic import ChatAnthropic

    key = SETTINGS.anthropic_api_key
    assert key is not None
    model = ChatAnthropic(model=SETTINGS.anthropic_model, api_key=key, max_tokens=2048)  # type: ignore[call-arg]
    a = asyncio.run(ask("Which company built the Vellmar Tunnel?", COLLECTION, replace(deps, chat_model=model)))
    assert a.abstained and a.claims == []


def test_claude_computes_from_cited_facts_and_shows_the_derivation(deps: AgentDeps) -> None:
    from langchain_anthropic import ChatAnthropic

    key = SETTINGS.anthropic_api_key
    assert key is not None
    model = ChatAnthropic(model=SETTINGS.anthropic_model, api_key=key, max_tokens=2048)  # type: ignore[call-arg]
    q = "How old was the designer of the Skarn lighthouse when she designed it?"
    a = asyncio.run(ask(q, COLLECTION, replace(deps, chat_model=model)))
    assert not a.abstained and "38" in a.short_answer
    assert any("38" in c.derivation for c in a.claims), "the computed claim shows its computation"
