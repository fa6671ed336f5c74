"""Weighted reciprocal rank fusion: a pure function over ranked lists."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def reciprocal_rank_fusion(
    lists: Mapping[str, Sequence[K]], k: int = 60, weights: Mapping[str, float] | None = None
) -> list[tuple[K, float]]:
    """Fuse ranked lists of ids: score(d) = sum over lists of weight / (k + rank(d)), rank from 1.

    Args:
        lists: name -> ids, best first (duplicates after the first occurrence are ignored).
        k: RRF constant (Cormack et al. 2009 use 60); larger flattens the head of each list.
        weights: name -> weight (default 1.0 each, never negative); a weight of 0 drops that list entirely,
            so its ids do not trail the result with score 0.

    Returns:
        (id, fused score) best first; ties broken by first appearance across the lists in order.
    """
    if k < 1:
        raise ValueError("k must be >= 1")
    scores: dict[K, float] = {}
    for name, ids in lists.items():
        w = 1.0 if weights is None else weights.get(name, 1.0)
        if w < 0:
            raise ValueError(f"weight of {name!r} must be >= 0")
        if w == 0:
            continue
        seen: set[K] = set()
        for rank, item in enumerate(ids, start=1):
            if item in seen:
                continue
            seen.add(item)
            scores[item] = scores.get(item, 0.0) + w / (k + rank)
    order = {item: i for i, item in enumerate(scores)}
    return sorted(scores.items(), key=lambda kv: (-kv[1], order[kv[0]]))
