"""Hybrid fusion sweep: BM25 weight x RRF k x candidates, scored on the shared sets' document rankings.

Each question's dense and BM25 lists are fetched once (through the product's HybridSearcher, on the cached scratch
collection that `sleuth eval retrieval` builds), then fused offline with tools.fusion.reciprocal_rank_fusion for
every grid point, exactly as HybridSearcher._fuse does: each list cut at `candidates`, weights (dense 1, bm25 w).
So a grid point's numbers equal `sleuth eval retrieval --mode hybrid --bm25-weight w --rrf-k k` when candidates
>= the eval depth (50).

    SLEUTH_DATA_DIR=/work/evalcache .venv/bin/python bench/hybrid_sweep.py \
        --sets hotpotqa_train100 musique_train100 --weights 0 0.1 0.2 0.3 0.5 1 --ks 5 10 30 60 100 --candidates 20 50

Prints, per set, dense and BM25 alone and the best grid points, then every grid point ranked by its worst margin
over the best single retriever's R@5 across the sets (the issue's target), with the mean R@5 as tie-break.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from api.container import Container
from tools.evaluation.metrics import METRIC_KEYS, dedupe, query_metrics, summarize
from tools.evaluation.retrieval import load_queries
from tools.fusion import reciprocal_rank_fusion

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
Ranked = list[tuple[str, float]]
Lists = list[tuple[Ranked, Ranked, dict[str, str], frozenset[str]]]
"""Per question: dense (chunk id, score), bm25 (chunk id, score), chunk id -> doc id, gold doc ids."""
Point = tuple[str, float, int, int]
"""(fusion "rrf" or "cc", bm25 weight or alpha, rrf k, candidates per list)."""


def fetch_lists(c: Container, data_dir: Path, depth: int) -> Lists:
    collection, _ = c.retrieval_eval().prepare(data_dir)
    out: Lists = []
    for q in load_queries(data_dir):
        dense = c.searcher.search(q.question, collection, mode="dense", k=depth, rerank=False)
        bm25 = c.searcher.search(q.question, collection, mode="bm25", k=depth, rerank=False)
        doc_of = {h.chunk.chunk_id: h.chunk.doc_id for h in dense + bm25}
        pairs = ([(h.chunk.chunk_id, h.score) for h in hits] for hits in (dense, bm25))
        out.append((*pairs, doc_of, q.gold))  # type: ignore[arg-type]
    return out


def min_max(ranked: Ranked) -> dict[str, float]:
    if not ranked:
        return {}
    lo, hi = min(v for _, v in ranked), max(v for _, v in ranked)
    return {cid: (v - lo) / (hi - lo) if hi > lo else 1.0 for cid, v in ranked}


def fuse(dense: Ranked, bm25: Ranked, weight: float, k: int, candidates: int, how: str) -> list[str]:
    """Chunk ids best first: weighted RRF (as HybridSearcher), or a convex combination of min-max scores."""
    d, b = dense[:candidates], bm25[:candidates]
    if how == "rrf":
        lists = {"dense": [cid for cid, _ in d], "bm25": [cid for cid, _ in b]}
        return [cid for cid, _ in reciprocal_rank_fusion(lists, k=k, weights={"dense": 1.0, "bm25": weight})]
    nd, nb = min_max(d), min_max(b)
    ids = list(dict.fromkeys([*nd, *nb]))
    return sorted(ids, key=lambda cid: -((1 - weight) * nd.get(cid, 0.0) + weight * nb.get(cid, 0.0)))


def score(lists: Lists, weight: float | None, k: int, candidates: int, how: str = "rrf") -> dict[str, float]:
    """Metrics (percent) of one fusion setting; weight None = dense alone, -1 = BM25 alone."""
    per_query = []
    for dense, bm25, doc_of, gold in lists:
        if weight is None:
            ranked = [cid for cid, _ in dense[:candidates]]
        elif weight < 0:
            ranked = [cid for cid, _ in bm25[:candidates]]
        else:
            ranked = fuse(dense, bm25, weight, k, candidates, how)
        per_query.append(query_metrics(dedupe(doc_of[cid] for cid in ranked), gold))
    return summarize(per_query, []).metrics


def row(name: str, m: dict[str, float]) -> str:
    return f"  {name:28} " + " ".join(f"{m[key]:6.1f}" for key in METRIC_KEYS)


def label(g: Point) -> str:
    how, w, k, n = g
    return f"rrf w={w:g} k={k} cand={n}" if how == "rrf" else f"cc alpha={w:g} cand={n}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", nargs="+", default=["hotpotqa_train100", "musique_train100"])
    ap.add_argument("--weights", nargs="+", type=float, default=[0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.7, 1.0])
    ap.add_argument("--ks", nargs="+", type=int, default=[1, 5, 10, 20, 30, 60, 100])
    ap.add_argument("--candidates", nargs="+", type=int, default=[10, 20, 50, 100])
    ap.add_argument("--alphas", nargs="*", type=float, default=[], help="convex-combination BM25 weights to compare")
    ap.add_argument("--top", type=int, default=15, help="grid points to print")
    ap.add_argument("--dump", type=Path, help="write every grid point's metrics here (JSON lines)")
    args = ap.parse_args()
    depth = max(args.candidates)
    grid: list[Point] = [("rrf", w, k, n) for w, k, n in itertools.product(args.weights, args.ks, args.candidates)]
    grid += [("cc", a, 0, n) for a, n in itertools.product(args.alphas, args.candidates)]
    results: dict[str, dict[Point, dict[str, float]]] = {}
    best_single: dict[str, float] = {}
    c = Container()
    try:
        for name in args.sets:
            lists = fetch_lists(c, DATA / name, depth)
            dense, bm25 = score(lists, None, 60, 50), score(lists, -1, 60, 50)
            best_single[name] = max(dense["R@5"], bm25["R@5"])
            results[name] = {g: score(lists, g[1], g[2], g[3], g[0]) for g in grid}
            print(f"{name} ({len(lists)} questions)   " + " ".join(f"{key:>6}" for key in METRIC_KEYS))
            print(row("dense (candidates 50)", dense))
            print(row("bm25 (candidates 50)", bm25))
            ranked = sorted(grid, key=lambda g: (-results[name][g]["R@5"], -results[name][g]["nDCG@10"]))
            for g in ranked[: args.top]:
                print(row(label(g), results[name][g]))
    finally:
        c.close()

    if args.dump:
        with args.dump.open("w") as f:
            for name, by_point in results.items():
                for g, m in by_point.items():
                    f.write(json.dumps({"set": name, "fusion": g[0], "w": g[1], "k": g[2], "cand": g[3], **m}) + "\n")

    def margin(g: Point) -> float:
        return min(results[s][g]["R@5"] - best_single[s] for s in args.sets)

    def mean(g: Point, key: str) -> float:
        return sum(results[s][g][key] for s in args.sets) / len(args.sets)

    print(f"\nall of {args.sets}: worst R@5 margin over the best single retriever; mean R@5, All@5, nDCG@10")
    order = sorted(grid, key=lambda g: (-margin(g), -mean(g, "R@5"), -mean(g, "nDCG@10")))
    for g in order[: args.top]:
        per_set = " ".join(f"{results[s][g]['R@5']:5.1f}" for s in args.sets)
        print(
            f"  {label(g):28} margin {margin(g):+5.1f}  R@5 {per_set}  "
            f"mean R@5 {mean(g, 'R@5'):5.1f} All@5 {mean(g, 'All@5'):5.1f} nDCG@10 {mean(g, 'nDCG@10'):5.1f}"
        )


if __name__ == "__main__":
    main()
