"""Retrieval metrics checked against trec_eval (pytrec_eval) on hand-made rankings, and their aggregation."""

from __future__ import annotations

import random

import pytest
import pytrec_eval

from tools.evaluation.metrics import METRIC_KEYS, dedupe, percentile_ms, query_metrics, summarize

# (ranking best first, gold): edge cases a sloppy implementation gets wrong.
CASES = {
    "hit_first": (["a", "b", "c"], {"a"}),
    "both_late": (["x", "y", "a", "z", "w", "b"], {"a", "b"}),
    "one_missing": (["a", "x", "y"], {"a", "b"}),
    "none_found": (["x", "y", "z"], {"a", "b", "c"}),
    "beyond_10": ([f"n{i}" for i in range(10)] + ["a"], {"a"}),
    "four_gold": (["a", "x", "b", "c", "y", "z", "d"], {"a", "b", "c", "d"}),
    "short_list": (["b"], {"a", "b"}),
}


def _random_cases(n: int, seed: int = 7) -> dict[str, tuple[list[str], set[str]]]:
    rng = random.Random(seed)
    pool = [f"d{i}" for i in range(30)]
    out = {}
    for q in range(n):
        ranking = rng.sample(pool, rng.randint(1, 20))
        out[f"r{q}"] = (ranking, set(rng.sample(pool, rng.randint(1, 4))))
    return out


def trec(cases: dict[str, tuple[list[str], set[str]]]) -> dict[str, dict[str, float]]:
    """trec_eval's numbers; the run is cut at 10 so recip_rank becomes MRR@10, and scores are strictly decreasing."""
    qrel = {q: dict.fromkeys(gold, 1) for q, (_, gold) in cases.items()}
    run = {q: {d: float(100 - i) for i, d in enumerate(ranking[:10])} for q, (ranking, _) in cases.items()}
    measures = {"recall.2,5,10", "ndcg_cut.10", "recip_rank"}
    return pytrec_eval.RelevanceEvaluator(qrel, measures).evaluate(run)


@pytest.mark.parametrize("cases", [CASES, _random_cases(200)], ids=["hand-made", "random"])
def test_per_query_metrics_equal_trec_eval(cases: dict[str, tuple[list[str], set[str]]]) -> None:
    ref = trec(cases)
    for q, (ranking, gold) in cases.items():
        ours = query_metrics(ranking, frozenset(gold))
        assert ours["R@2"] == pytest.approx(ref[q]["recall_2"]), q
        assert ours["R@5"] == pytest.approx(ref[q]["recall_5"]), q
        assert ours["R@10"] == pytest.approx(ref[q]["recall_10"]), q
        assert ours["MRR@10"] == pytest.approx(ref[q]["recip_rank"]), q
        assert ours["nDCG@10"] == pytest.approx(ref[q]["ndcg_cut_10"]), q
        # All@k has no trec_eval measure: it is "recall@k is complete".
        assert ours["All@5"] == float(ref[q]["recall_5"] == 1.0), q
        assert ours["All@10"] == float(ref[q]["recall_10"] == 1.0), q


def test_hand_values() -> None:
    m = query_metrics(["x", "a", "y", "b"], frozenset({"a", "b"}))
    assert m["R@2"] == 0.5 and m["R@5"] == 1.0 and m["All@5"] == 1.0 and m["MRR@10"] == 0.5
    # DCG = 1/log2(3) + 1/log2(5); ideal = 1 + 1/log2(3)
    assert m["nDCG@10"] == pytest.approx((1 / 1.5849625 + 1 / 2.3219281) / (1 + 1 / 1.5849625))


def test_summary_is_the_mean_in_percent_with_latency() -> None:
    per_query = [
        query_metrics(["a", "b"], frozenset({"a", "b"})),  # perfect
        query_metrics(["x", "a"], frozenset({"a", "b"})),  # half, at rank 2
    ]
    s = summarize(per_query, [0.010, 0.020, 0.030, 0.040])
    assert s.metrics["R@2"] == 75.0 and s.metrics["All@10"] == 50.0 and s.metrics["MRR@10"] == 75.0
    assert s.p50_ms == pytest.approx(25.0) and s.p95_ms == pytest.approx(38.5)
    assert list(s.as_dict()) == [*METRIC_KEYS, "n_queries", "p50_ms", "p95_ms"] and s.n_queries == 2
    assert summarize([], []).n_queries == 0 and percentile_ms([], 50) == 0.0


def test_dedupe_collapses_chunks_to_their_documents_best_rank() -> None:
    assert dedupe(["d2", "d1", "d2", "d3", "d1"]) == ["d2", "d1", "d3"]
