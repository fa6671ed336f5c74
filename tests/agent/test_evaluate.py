"""The answer-evaluation harness on the real small index: the twin hides its gold documents, metrics are bounded."""

from __future__ import annotations

import asyncio

from town import COLLECTION

from agent.deps import AgentDeps
from graphs.evaluate import AnswerQuery, EvalSearcher, evaluate
from tools.hybrid import HybridSearcher


def doc_id(stores: HybridSearcher, title: str) -> str:
    hit = next(h for h in stores.search(title, COLLECTION, k=10) if h.chunk.title == title)
    return hit.chunk.doc_id


def test_the_twin_never_sees_its_gold_documents(stores: HybridSearcher) -> None:
    gold = frozenset({doc_id(stores, "skarn-lighthouse"), doc_id(stores, "miriam-coyle")})
    seen: dict[str, str] = {}
    hidden = EvalSearcher(stores, seen, gold)
    hits = hidden.search("Who designed the Skarn lighthouse? Miriam Coyle engineer", COLLECTION, k=3)
    assert len(hits) == 3 and not gold & {h.chunk.doc_id for h in hits}
    assert set(seen.values()) == {h.chunk.doc_id for h in hits}


def test_evaluate_scores_answers_and_twins(deps: AgentDeps, stores: HybridSearcher) -> None:
    queries = [
        AnswerQuery(
            qid="1",
            question="Who designed the Skarn lighthouse?",
            answers=["Miriam Coyle"],
            gold=frozenset({doc_id(stores, "skarn-lighthouse")}),
        ),
        AnswerQuery(
            qid="2",
            question="Whom did the founder of the Ellery Steam Packet Company marry?",
            answers=["Elspeth Grant"],
            gold=frozenset({doc_id(stores, "ellery-steam-packet"), doc_id(stores, "tobias-morrow")}),
        ),
    ]
    summary, rows = asyncio.run(evaluate(queries, COLLECTION, deps, {"top_k": 2}))
    assert summary["mode"] == "extractive" and summary["n_queries"] == 2 and len(rows) == 2
    for key in ("EM", "F1", "citation_precision", "citation_recall", "supported_rate", "false_abstain_rate"):
        assert 0.0 <= summary[key] <= 100.0, key
    assert summary["abstain_rate_unanswerable"] is not None
    assert summary["llm_calls_per_q"] == 0.0 and summary["p95_s"] >= summary["p50_s"] > 0
    # Context recall counts gold documents among what the agent retrieved, capped at k = 10.
    first = rows[0][1]
    assert first.context_recall == 1.0 and first.single_shot == 1.0
    # The lighthouse question is answered from its gold page.
    assert rows[0][1].em == 1.0 and rows[0][1].cite_p == 1.0
    # The twin's whole answer comes back too (for error analysis); its gold pages were hidden from it.
    twin = rows[0][3]
    assert twin is not None and twin.abstained == first.twin_abstained
    assert not {c.doc_id for claim in twin.claims for c in claim.citations} & queries[0].gold
