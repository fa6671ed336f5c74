"""LLM-free faithfulness: names and numbers of a claim must be in its cited passages; paraphrases must be close."""

from __future__ import annotations

from agent.extractive.nlp import parser_for
from agent.extractive.support import check
from tools.embedders import MiniLMOnnxEmbedder

PASSAGE = "Since the mid-1980s, Halden Systems has had two chief executives. It bought Brightwell in March 2019."


def test_a_verbatim_quote_is_supported(embedder: MiniLMOnnxEmbedder) -> None:
    s = check("Since the mid-1980s, Halden Systems has had two chief executives.", [PASSAGE[:67]], [PASSAGE],
              parser_for(None), embedder, 0.55)  # fmt: skip
    assert s.supported and not s.missing and s.score == 1.0


def test_a_claim_with_a_name_or_number_not_in_the_passage_is_not(embedder: MiniLMOnnxEmbedder) -> None:
    quote = "It bought Brightwell in March 2019."
    wrong_year = check("Halden bought Brightwell in March 2018.", [quote], [PASSAGE], parser_for(None), embedder, 0.55)
    assert not wrong_year.supported and "2018" in wrong_year.missing
    wrong_name = check("Meridian Group bought Brightwell.", [quote], [PASSAGE], parser_for(None), embedder, 0.55)
    assert not wrong_name.supported and any("Meridian" in m for m in wrong_name.missing)


def test_a_close_paraphrase_is_supported_and_an_unrelated_claim_is_not(embedder: MiniLMOnnxEmbedder) -> None:
    quote = "It bought Brightwell in March 2019."
    close = check("Brightwell was bought in March 2019.", [quote], [PASSAGE], parser_for(None), embedder, 0.55)
    assert close.supported, close
    far = check("The weather in March 2019 was mild.", [quote], [PASSAGE], parser_for(None), embedder, 0.55)
    assert not far.supported
    assert not check("Anything.", [], [PASSAGE], parser_for(None), embedder, 0.55).supported
