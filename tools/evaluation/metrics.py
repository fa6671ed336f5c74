"""Retrieval metrics over ranked document ids with binary relevance: R@k, All@k, MRR@k, nDCG@k, latency."""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

T = TypeVar("T", bound=Hashable)

METRIC_KEYS = ("R@2", "R@5", "R@10", "All@5", "All@10", "MRR@10", "nDCG@10")


def dedupe(items: Iterable[T]) -> list[T]:
    """Keep each item's first (best) position: collapses a chunk ranking into a document ranking."""
    seen: set[T] = set()
    out = []
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out


def recall_at(ranked: Sequence[T], gold: frozenset[T], k: int) -> float:
    """Fraction of the gold items found in the top k."""
    return len(gold.intersection(ranked[:k])) / len(gold) if gold else 0.0


def all_at(ranked: Sequence[T], gold: frozenset[T], k: int) -> float:
    """1.0 when every gold item is in the top k."""
    return 1.0 if gold and gold.issubset(ranked[:k]) else 0.0


def reciprocal_rank(ranked: Sequence[T], gold: frozenset[T], k: int) -> float:
    """1 / rank of the first gold item within the top k, else 0."""
    for rank, item in enumerate(ranked[:k], start=1):
        if item in gold:
            return 1.0 / rank
    return 0.0


def ndcg_at(ranked: Sequence[T], gold: frozenset[T], k: int) -> float:
    """Binary-relevance nDCG (gain 1, discount log2(rank + 1)), as trec_eval's ndcg_cut."""
    dcg = sum(1.0 / math.log2(rank + 1) for rank, item in enumerate(ranked[:k], start=1) if item in gold)
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(len(gold), k) + 1))
    return dcg / ideal if ideal else 0.0


def query_metrics(ranked: Sequence[T], gold: frozenset[T]) -> dict[str, float]:
    """Every METRIC_KEYS value for one question, as fractions in [0, 1]."""
    return {
        "R@2": recall_at(ranked, gold, 2),
        "R@5": recall_at(ranked, gold, 5),
        "R@10": recall_at(ranked, gold, 10),
        "All@5": all_at(ranked, gold, 5),
        "All@10": all_at(ranked, gold, 10),
        "MRR@10": reciprocal_rank(ranked, gold, 10),
        "nDCG@10": ndcg_at(ranked, gold, 10),
    }


def percentile_ms(latencies_s: Sequence[float], q: float) -> float:
    """The q-th percentile (linear interpolation) of latencies in seconds, in milliseconds."""
    return float(np.percentile(np.asarray(latencies_s, dtype=float), q) * 1000.0) if latencies_s else 0.0


@dataclass(frozen=True, kw_only=True)
class Summary:
    """Aggregate metrics of one run: means as percentages (0-100) plus latency."""

    metrics: dict[str, float]
    n_queries: int
    p50_ms: float
    p95_ms: float

    def as_dict(self) -> dict[str, float | int]:
        """Exactly the keys of `sleuth eval retrieval --json`."""
        return {**self.metrics, "n_queries": self.n_queries, "p50_ms": self.p50_ms, "p95_ms": self.p95_ms}


def summarize(per_query: Sequence[dict[str, float]], latencies_s: Sequence[float]) -> Summary:
    """Mean of each metric over questions, as a percentage rounded to 0.1; latency p50/p95 in ms."""
    n = len(per_query)
    means = {key: round(100.0 * sum(m[key] for m in per_query) / n, 1) if n else 0.0 for key in METRIC_KEYS}
    return Summary(
        metrics=means,
        n_queries=n,
        p50_ms=round(percentile_ms(latencies_s, 50), 2),
        p95_ms=round(percentile_ms(latencies_s, 95), 2),
    )


__all__ = [
    "METRIC_KEYS",
    "Summary",
    "all_at",
    "dedupe",
    "ndcg_at",
    "percentile_ms",
    "query_metrics",
    "recall_at",
    "reciprocal_rank",
    "summarize",
]
