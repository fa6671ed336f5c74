"""An answer of another kind than the question asks for says so (real parser and embedder)."""

from __future__ import annotations

from typing import Any

from agent.extractive.answer import draft
from agent.extractive.nlp import Parser
from agent.extractive.question import analyse
from tools.embedders import MiniLMOnnxEmbedder

_PAGE = {
    "chunk_id": "m:0",
    "doc_id": "m",
    "title": "Mara Okafor",
    "source": "m.md",
    "start": 0,
    "text": "Mara Okafor was born in Enugu in 1979 and worked for many years as a statistician in Lagos.",
}


def _draft(question: str, parse: Parser, embedder: MiniLMOnnxEmbedder) -> dict[str, Any]:
    return draft(analyse(question, parse), [_PAGE], parse, embedder, min_answer_score=0.0)


def test_a_place_given_for_an_organisation_carries_a_caveat(parse: Parser, embedder: MiniLMOnnxEmbedder) -> None:
    out = _draft("Which company does Mara Okafor work for?", parse, embedder)
    assert out["answerable"] and not out["typed"]
    assert "organisation" in out["caveat"], out["caveat"]


def test_an_answer_of_the_asked_kind_has_none(parse: Parser, embedder: MiniLMOnnxEmbedder) -> None:
    out = _draft("When was Mara Okafor born?", parse, embedder)
    assert out["answerable"] and out["short_answer"] == "1979"
    assert out["caveat"] == ""


def test_a_state_the_model_calls_an_organisation_answers_where(parse: Parser, embedder: MiniLMOnnxEmbedder) -> None:
    # The small model labels "Enugu" an organisation here; the gazetteer knows it as a Nigerian state.
    assert {e.text: e.label_ for e in parse(str(_PAGE["text"])).ents}["Enugu"] == "ORG"
    out = _draft("In which city was Mara Okafor born?", parse, embedder)
    assert out["short_answer"] == "Enugu" and out["caveat"] == ""
