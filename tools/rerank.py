"""Re-ranking stage: re-order the head of a hit list with a Reranker, optionally blending with rank."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from tools.types import Reranker, SearchHit


class PassthroughReranker:
    """Keeps the retrieval order: used when no re-ranker model is installed or enabled."""

    name = "passthrough"
    is_passthrough = True

    def score(self, query: str, passages: Sequence[str]) -> list[float]:
        # Decreasing scores keep the incoming order.
        return [-float(i) for i in range(len(passages))]


def rerank_hits(
    reranker: Reranker,
    query: str,
    hits: Sequence[SearchHit],
    top_n: int,
    rank_weight: float = 0.0,
    rrf_k: int = 60,
) -> list[SearchHit]:
    """Re-rank the first `top_n` hits; the rest keep their order after them.

    With `rank_weight` > 0 the final order fuses the re-ranker's rank with the retrieval rank
    (weighted RRF), so a confident first-stage hit is not thrown far down by one noisy score.
    """
    if reranker.is_passthrough or not hits:
        return list(hits)
    head, tail = list(hits[:top_n]), list(hits[top_n:])
    scores = reranker.score(query, [h.chunk.embed_text for h in head])
    by_model = sorted(range(len(head)), key=lambda i: -scores[i])
    model_rank = {i: r for r, i in enumerate(by_model, start=1)}
    fused = {i: 1.0 / (rrf_k + model_rank[i]) + rank_weight / (rrf_k + i + 1) for i in range(len(head))}
    order = sorted(range(len(head)), key=lambda i: -fused[i])
    out = []
    for i in order:
        h = head[i]
        out.append(
            replace(
                h,
                score=fused[i] if rank_weight else scores[i],
                scores={**h.scores, "rerank": scores[i]},
                ranks={**h.ranks, "rerank": model_rank[i]},
            )
        )
    return out + tail
