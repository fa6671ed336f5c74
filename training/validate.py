"""Document-level R@2/R@5/R@10 on the validation sets: hybrid candidates with and without the re-ranker.

Validation questions come only from 2wiki_q101 and morehopqa150, never from the training sets.
`python -m training.validate [--model PATH]` prints one table row per (set, setting).
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Sequence
from pathlib import Path

from tools.embed_cache import EmbeddingCache
from tools.embedders import E5Embedder
from tools.rerank import rerank_hits
from tools.rerank_onnx import BUNDLED_DIR, OnnxCrossEncoder, sha256_file
from tools.types import Chunk, SearchHit
from training.build_dataset import CACHE_PATH, REPO, TRAIN_SETS, VALID_SETS, EvalSet, HybridCandidates, load_set

TOP_NS = (20, 50, 100)
RANK_WEIGHTS = (0.0, 0.5, 1.0)
CANDIDATES = 50
"""HybridConfig.candidates: each backend returns max(k, candidates, rerank_top_n) hits."""
KS = (2, 5, 10)


class MemoScores:
    """The real cross-encoder with its scores kept per (query, passage), so N and weight sweeps score once."""

    is_passthrough = False

    def __init__(self, model: OnnxCrossEncoder, memo: dict[str, float]) -> None:
        self.model = model
        self.name = model.name
        self.memo = memo
        self.pairs = 0

    def score(self, query: str, passages: Sequence[str]) -> list[float]:
        todo = [p for p in dict.fromkeys(passages) if f"{query}\t{p}" not in self.memo]
        for p, s in zip(todo, self.model.score(query, todo), strict=True):
            self.memo[f"{query}\t{p}"] = s
        self.pairs += len(todo)
        return [self.memo[f"{query}\t{p}"] for p in passages]


def hits_for(eval_set: EvalSet, indices: Sequence[int]) -> list[SearchHit]:
    out = []
    for rank, i in enumerate(indices, start=1):
        p = eval_set.passages[i]
        chunk = Chunk(chunk_id=p.pid, doc_id=p.pid, title=p.title, source=eval_set.name, text=p.text, start=0, end=0)
        out.append(SearchHit(chunk=chunk, score=1.0 / rank, scores={}, ranks={"rrf": rank}))
    return out


def recall(hits: Sequence[SearchHit], gold: set[str], k: int) -> float:
    return len({h.chunk.doc_id for h in hits[:k]} & gold) / len(gold)


def evaluate(
    eval_set: EvalSet, cands: HybridCandidates, reranker: MemoScores | None, top_ns: Sequence[int] = TOP_NS
) -> dict[str, dict[str, float]]:
    """Mean R@k per setting: "hybrid" (no re-rank) and "rerank N=.. w=.." for each top-N and rank weight."""
    sums: dict[str, dict[int, float]] = {}

    def add(setting: str, hits: Sequence[SearchHit], gold: set[str]) -> None:
        row = sums.setdefault(setting, dict.fromkeys(KS, 0.0))
        for k in KS:
            row[k] += recall(hits, gold, k)

    for q in eval_set.questions:
        gold = set(q.gold_ids)
        lists = {n: hits_for(eval_set, cands.search(q.question, max(CANDIDATES, n))) for n in (CANDIDATES, *top_ns)}
        add("hybrid", lists[CANDIDATES], gold)
        if reranker is None:
            continue
        for n in top_ns:
            for w in RANK_WEIGHTS:
                add(f"rerank N={n} w={w}", rerank_hits(reranker, q.question, lists[n], n, rank_weight=w), gold)
    count = len(eval_set.questions)
    return {s: {f"R@{k}": round(100 * v / count, 1) for k, v in row.items()} for s, row in sums.items()}


def run(
    model_path: Path | None, sets: Sequence[str] = VALID_SETS, top_ns: Sequence[int] = TOP_NS, work: Path | None = None
) -> dict:
    """Evaluate every validation set; scores are memoised in `work` per model file hash."""
    if set(sets) & set(TRAIN_SETS):
        raise ValueError("validation on a training set is contamination")
    work = work or REPO / ".sleuth" / "reranker"
    embedder = E5Embedder(threads=1)
    cache = EmbeddingCache(CACHE_PATH) if CACHE_PATH.exists() else None
    reranker = None
    memo_path = None
    if model_path is not None:
        memo_path = work / f"scores-{sha256_file(model_path)[:12]}.json"
        memo = json.loads(memo_path.read_text()) if memo_path.exists() else {}
        tok = model_path.parent / "tokenizer.json"
        # Work-dir exports (fp32, candidates) share the bundled tokenizer.
        model = OnnxCrossEncoder(model_path, tok if tok.exists() else BUNDLED_DIR / "tokenizer.json", max_length=256)
        reranker = MemoScores(model, memo)
    results: dict = {}
    for name in sets:
        t0 = time.time()
        eval_set = load_set(name)
        cands = HybridCandidates(eval_set, embedder, cache)
        results[name] = evaluate(eval_set, cands, reranker, top_ns)
        scored = reranker.pairs if reranker else 0
        print(f"{name}: {time.time() - t0:.0f} s, {scored} pairs scored so far", flush=True)
        if reranker and memo_path:
            memo_path.write_text(json.dumps(reranker.memo))
    if cache:
        cache.close()
    return results


def print_table(results: dict) -> None:
    print("| set | setting | R@2 | R@5 | R@10 |\n|---|---|---|---|---|")
    for name, rows in results.items():
        for setting, m in rows.items():
            print(f"| {name} | {setting} | {m['R@2']} | {m['R@5']} | {m['R@10']} |")


def main(argv: Sequence[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, default=BUNDLED_DIR / "model.onnx", help="ONNX file; tokenizer beside it")
    parser.add_argument("--no-rerank", action="store_true")
    parser.add_argument("--sets", nargs="+", default=list(VALID_SETS))
    parser.add_argument("--top-ns", type=int, nargs="+", default=list(TOP_NS))
    parser.add_argument("--out", type=Path, default=None, help="also write the results as JSON")
    args = parser.parse_args(argv)
    results = run(None if args.no_rerank else args.model, args.sets, args.top_ns)
    print_table(results)
    if args.out:
        args.out.write_text(json.dumps(results, indent=2))
    return results


if __name__ == "__main__":
    main()
