"""Every branch of the ask graph (hop again, finish, revise, re-retrieve, abstain), driven by a scripted chat model
over a real small index. The scripted replies find their passage numbers in the prompt, as a model would."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import pytest
from scripted import ScriptedChat
from town import COLLECTION, DOCS

from agent.deps import AgentDeps
from agent.schemas import Answer
from graphs.ask import ask, stream_ask

Q = "Who founded the company that ran the ferry to Skarn?"
FOUNDER_QUOTE = "It was founded in 1902 by Tobias Morrow"


def passage_number(prompt: str, quote: str) -> int:
    """The number of the passage in `<passages>` that holds `quote`."""
    for m in re.finditer(r"\[(\d+)\] (.*?)(?=\n\n\[\d+\] |\n</passages>)", prompt, re.S):
        if quote in m.group(2):
            return int(m.group(1))
    raise AssertionError(f"{quote!r} is not in the prompt's passages")


def draft(claims: list[tuple[str, str]], answerable: bool = True, short: str = "Tobias Morrow"):
    def reply(prompt: str) -> dict[str, Any]:
        cites = [
            {"text": text, "citations": [{"passage": passage_number(prompt, quote), "quote": quote}]}
            for text, quote in claims
        ]
        return {"answerable": answerable, "short_answer": short if answerable else "", "claims": cites}

    return reply


def verdicts(*supported: bool) -> dict[str, Any]:
    return {"verdicts": [{"claim": i, "supported": s, "score": 0.9 if s else 0.1} for i, s in enumerate(supported, 1)]}


def run(deps: AgentDeps, script: dict[str, list[Any]], question: str = Q) -> tuple[Answer, ScriptedChat]:
    import asyncio

    model = ScriptedChat(script=script)
    answer = asyncio.run(ask(question, COLLECTION, replace(deps, chat_model=model)))
    leftover = {k: v for k, v in model.script.items() if v}
    assert not leftover, f"the graph did not make every scripted call: {leftover}"
    return answer, model


def doc_text(source: str) -> str:
    return DOCS[source.rsplit("/", 1)[-1]]


def assert_quotes_exact(answer: Answer) -> None:
    for claim in answer.claims:
        assert claim.citations
        for c in claim.citations:
            # Offsets are document offsets: the quote is the document's own text there.
            assert doc_text(c.source)[c.start : c.end] == c.quote


def test_hops_again_then_finishes_with_verified_citations(deps: AgentDeps) -> None:
    answer, model = run(
        deps,
        {
            "Plan": [{"sub_queries": ["ferry to Skarn company"]}],
            "ReadOut": [
                {
                    "enough": False,
                    "bridge_entities": ["Ellery Steam Packet Company"],
                    "follow_up_queries": ["Ellery Steam Packet Company founder"],
                },
                {"enough": True, "facts": ["Tobias Morrow founded it in 1902"]},
            ],
            "Draft": [draft([("Tobias Morrow founded the Ellery Steam Packet Company in 1902.", FOUNDER_QUOTE)])],
            "Verdicts": [verdicts(True)],
        },
    )
    assert model.called() == ["Plan", "ReadOut", "ReadOut", "Draft", "Verdicts"]
    assert not answer.abstained and answer.mode == "claude"
    assert [h.hop for h in answer.hops] == [1, 2]
    assert answer.hops[1].sub_queries == ["Ellery Steam Packet Company founder"]
    assert answer.short_answer == "Tobias Morrow"
    assert answer.claims[0].verdict is not None and answer.claims[0].verdict.method == "claude"
    assert_quotes_exact(answer)
    assert answer.usage.llm_calls == 5 and answer.usage.input_tokens == 250
    assert {"plan", "retrieve", "read", "compose", "verify"} <= answer.timings.keys()


def test_simple_question_does_not_pay_for_a_second_hop(deps: AgentDeps) -> None:
    answer, _ = run(
        deps,
        {
            "Plan": [{"sub_queries": ["Skarn lighthouse designer"]}],
            "ReadOut": [{"enough": True}],
            "Draft": [draft([("Miriam Coyle designed it.", "designed by Miriam Coyle in 1889")], short="Miriam Coyle")],
            "Verdicts": [verdicts(True)],
        },
        "Who designed the Skarn lighthouse?",
    )
    assert len(answer.hops) == 1 and not answer.abstained
    assert_quotes_exact(answer)


def test_revise_rewrites_an_unsupported_claim(deps: AgentDeps) -> None:
    answer, model = run(
        deps,
        {
            "Plan": [{"sub_queries": [Q]}],
            "ReadOut": [{"enough": True}],
            "Draft": [
                draft(
                    [
                        ("Tobias Morrow founded the company.", FOUNDER_QUOTE),
                        ("He sold it in 1950.", "Tobias Morrow was a shipowner from Wick"),
                    ]
                ),
                draft([("Tobias Morrow founded the company in 1902.", FOUNDER_QUOTE)]),
            ],
            "Verdicts": [verdicts(True, False), verdicts(True)],
        },
    )
    assert model.called() == ["Plan", "ReadOut", "Draft", "Verdicts", "Draft", "Verdicts"]
    revise_prompt = model.calls[4][1]
    assert "He sold it in 1950." in revise_prompt  # the rewrite is told what was unsupported
    assert [c.text for c in answer.claims] == ["Tobias Morrow founded the company in 1902."]
    assert [c.text for c in answer.dropped_claims] == ["He sold it in 1950."]
    assert not answer.abstained


def test_abstains_when_the_passages_do_not_support_an_answer(deps: AgentDeps) -> None:
    answer, _ = run(
        deps,
        {
            "Plan": [{"sub_queries": ["Vellmar tunnel builder"]}],
            "ReadOut": [{"enough": True}],
            "Draft": [draft([], answerable=False)],
        },
        "Which company built the Vellmar Tunnel?",
    )
    assert answer.abstained and answer.claims == []
    assert answer.reason and answer.closest_evidence
    for c in answer.closest_evidence:  # the closest evidence is quoted exactly too
        assert doc_text(c.source)[c.start : c.end] == c.quote


def test_unsupported_after_rewrite_re_retrieves_once_then_abstains(deps: AgentDeps) -> None:
    wrong = [("The lighthouse was built by Tobias Morrow.", "Tobias Morrow was a shipowner from Wick")]
    answer, model = run(
        deps,
        {
            "Plan": [{"sub_queries": ["Skarn lighthouse builder"]}],
            "ReadOut": [{"enough": True}],
            "Draft": [draft(wrong), draft(wrong), draft(wrong)],
            "Verdicts": [verdicts(False), verdicts(False), verdicts(False)],
        },
        "Who built the Skarn lighthouse?",
    )
    # compose, verify, rewrite, verify, then one re-retrieval (no read call: it was the last), compose, verify.
    assert model.called() == ["Plan", "ReadOut", "Draft", "Verdicts", "Draft", "Verdicts", "Draft", "Verdicts"]
    assert len(answer.hops) == 2 and answer.hops[1].sub_queries == [wrong[0][0]]
    assert answer.abstained and answer.claims == [] and len(answer.dropped_claims) >= 1


def test_a_fabricated_quote_never_becomes_a_citation(deps: AgentDeps) -> None:
    fake = "It was founded in 1850 by Captain Nobody"
    answer, model = run(
        deps,
        {
            "Plan": [{"sub_queries": [Q]}],
            "ReadOut": [{"enough": True}],
            # The model cites a real passage number with words that are not in it.
            "Draft": [
                lambda p: {
                    "answerable": True,
                    "short_answer": "Captain Nobody",
                    "claims": [{"text": "Captain Nobody founded it.", "citations": [{"passage": 1, "quote": fake}]}],
                },
                draft([("Tobias Morrow founded it.", FOUNDER_QUOTE)]),
            ],
            "Verdicts": [verdicts(True)],
        },
    )
    # The first draft's only claim lost its citation in code, so it was unsupported without asking the judge.
    assert model.called() == ["Plan", "ReadOut", "Draft", "Draft", "Verdicts"]
    assert all(fake not in c.quote for claim in answer.claims for c in claim.citations)
    assert answer.dropped_claims[0].text == "Captain Nobody founded it."
    assert_quotes_exact(answer)


def test_stream_emits_node_events_and_ends_with_the_answer(deps: AgentDeps) -> None:
    import asyncio

    model = ScriptedChat(
        script={
            "Plan": [{"sub_queries": ["Skarn lighthouse designer"]}],
            "ReadOut": [{"enough": True}],
            "Draft": [draft([("Miriam Coyle designed it.", "designed by Miriam Coyle in 1889")], short="Miriam Coyle")],
            "Verdicts": [verdicts(True)],
        }
    )

    async def collect() -> list[dict[str, Any]]:
        d = replace(deps, chat_model=model)
        return [e async for e in stream_ask("Who designed the Skarn lighthouse?", COLLECTION, d)]

    events = asyncio.run(collect())
    names = [e["event"] for e in events]
    assert names[0] == "plan" and names[-1] == "answer"
    assert {"retrieved", "hop", "draft", "verification"} <= set(names)
    final = Answer.model_validate(events[-1]["data"])
    assert final.claims and not final.abstained


def test_claude_mode_without_a_model_is_a_configuration_error(deps: AgentDeps) -> None:
    import asyncio

    from tools.errors import ConfigurationError

    with pytest.raises(ConfigurationError, match="ANTHROPIC_API_KEY"):
        asyncio.run(ask(Q, COLLECTION, deps, {"mode": "claude"}))


AGE_Q = "How old was the designer of the Skarn lighthouse when she designed it?"
BORN = "Miriam Coyle was an engineer born in Dundee in 1851"
DESIGNED = "designed by Miriam Coyle in 1889"


def computed(derivation: str):
    """A draft that states two cited facts, then a claim computed from them."""

    def reply(prompt: str) -> dict[str, Any]:
        cite = {q: {"passage": passage_number(prompt, q), "quote": q} for q in (BORN, DESIGNED)}
        claims = [
            {"text": "Miriam Coyle was born in 1851.", "citations": [cite[BORN]]},
            {"text": "She designed the Skarn lighthouse in 1889.", "citations": [cite[DESIGNED]]},
            {"text": "She was 38 when she designed it.", "citations": list(cite.values()), "derivation": derivation},
        ]
        return {"answerable": True, "short_answer": "38", "claims": claims}

    return reply


def test_a_computed_claim_carries_its_derivation_to_the_judge_and_the_answer(deps: AgentDeps) -> None:
    answer, model = run(
        deps,
        {
            "Plan": [{"sub_queries": ["Skarn lighthouse designer", "Miriam Coyle born"]}],
            "ReadOut": [{"enough": True}],
            "Draft": [computed("1889 - 1851 = 38")],
            "Verdicts": [verdicts(True, True, True)],
        },
        AGE_Q,
    )
    judge_prompt = model.calls[-1][1]
    assert "She was 38 when she designed it. — cites" in judge_prompt and "derived: 1889 - 1851 = 38" in judge_prompt
    assert not answer.abstained and answer.short_answer == "38"
    assert [c.derivation for c in answer.claims] == ["", "", "1889 - 1851 = 38"]
    assert_quotes_exact(answer)


def test_a_wrong_computation_is_unsupported_whatever_the_judge_says(deps: AgentDeps) -> None:
    answer, model = run(
        deps,
        {
            "Plan": [{"sub_queries": ["Skarn lighthouse designer", "Miriam Coyle born"]}],
            "ReadOut": [{"enough": True}],
            "Draft": [computed("1889 − 1851 = 40"), computed("1889 − 1851 = 38")],
            "Verdicts": [verdicts(True, True, True), verdicts(True, True, True)],
        },
        AGE_Q,
    )
    assert model.called() == ["Plan", "ReadOut", "Draft", "Verdicts", "Draft", "Verdicts"]
    assert "1889 − 1851 = 40" in model.calls[4][1]  # the rewrite is told which step is wrong
    wrong = answer.dropped_claims[0]
    assert wrong.derivation == "1889 − 1851 = 40" and wrong.verdict is not None and not wrong.verdict.supported
    assert [c.derivation for c in answer.claims][-1] == "1889 − 1851 = 38"


def test_a_question_ending_in_a_count_asks_the_model_the_fact_and_counts_in_code(deps: AgentDeps) -> None:
    # Models miscount letters: the model is asked who founded it, and "Tobias" is counted by code, not by the model.
    answer, model = run(
        deps,
        {
            "Plan": [{"sub_queries": [Q]}],
            "ReadOut": [{"enough": True}],
            "Draft": [draft([("Tobias Morrow founded the company.", FOUNDER_QUOTE)])],
            "Verdicts": [verdicts(True)],
        },
        "How many letters are in the first name of the founder of the company that ran the ferry to Skarn?",
    )
    draft_prompt = model.calls[2][1]
    assert "Who is the founder of the company that ran the ferry to Skarn?" in draft_prompt
    assert "How many letters" not in draft_prompt
    assert not answer.abstained and answer.short_answer == "6"
    assert answer.claims[-1].derivation == "“Tobias” has 6 letters"
    assert [(x.question, x.answer) for x in answer.inner_answers] == [
        ("Who is the founder of the company that ran the ferry to Skarn?", "Tobias Morrow")
    ]
    assert answer.usage.llm_calls == 4
    assert_quotes_exact(answer)
