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

from tools.rerank import rerank_hits
from tools.rerank_onnx import BUNDLED_DIR, OnnxCrossEncoder, sha256_file
from tools.types import Chunk, Reranker, SearchHit
from training.build_dataset import (
    CACHE_PATH,
    REPO,
    TRAIN_SETS,
    VALID_SETS,
    EvalSet,
    HybridCandidates,
    load_set,
    open_embedder,
)

TOP_NS = (20, 50, 100)
RANK_WEIGHTS = (0.0, 0.5, 1.0, 2.0, 4.0)
CANDIDATES = 50
"""HybridConfig.candidates: each backend returns max(k, candidates, rerank_top_n) hits."""
KS = (2, 5, 10)


class MemoScores:
    """The real cross-encoder with its scores kept per (query, passage), so N and weight sweeps score once."""

    is_passthrough = False

    def __init__(self, model: Reranker, memo: dict[str, float]) -> None:
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
    eval_set: EvalSet,
    cands: HybridCandidates,
    reranker: MemoScores | None,
    top_ns: Sequence[int] = TOP_NS,
    weights: Sequence[float] = RANK_WEIGHTS,
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
            for w in weights:
                add(f"rerank N={n} w={w}", rerank_hits(reranker, q.question, lists[n], n, rank_weight=w), gold)
    count = len(eval_set.questions)
    return {s: {f"R@{k}": round(100 * v / count, 1) for k, v in row.items()} for s, row in sums.items()}


def run(
    model_path: Path | None,
    sets: Sequence[str] = VALID_SETS,
    top_ns: Sequence[int] = TOP_NS,
    work: Path | None = None,
    cache_path: Path | None = CACHE_PATH,
) -> dict:
    """Evaluate every validation set; scores are memoised in `work` per model file hash."""
    if set(sets) & set(TRAIN_SETS):
        raise ValueError("validation on a training set is contamination")
    work = work or REPO / ".sleuth" / "reranker"
    work.mkdir(parents=True, exist_ok=True)
    embedder = open_embedder(cache_path)
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
        cands = HybridCandidates(eval_set, embedder)
        results[name] = evaluate(eval_set, cands, reranker, top_ns)
        scored = reranker.pairs if reranker else 0
        print(f"{name}: {time.time() - t0:.0f} s, {scored} pairs scored so far", flush=True)
        if reranker and memo_path:
            memo_path.write_text(json.dumps(reranker.memo))
    embedder.close()
    if embedder.cache:
        embedder.cache.close()
    return results


def print_table(results: dict) -> None:
    print("| set | setting | R@2 | R@5 | R@10 |\n|---|---|---|---|---|")
    for name, rows in results.items():
        for setting, m in rows.items():
            print(f"| {name} | {setting} | {m['R@2']} | {m['R@5']} | {m['R@10']} |")


def pick(rows: dict[str, dict[str, float]]) -> str:
    """The re-rank setting with the best R@2, then R@5, then the smaller N (cheaper) among ties."""
    settings = [s for s in rows if s != "hybrid"]
    return max(settings, key=lambda s: (rows[s]["R@2"], rows[s]["R@5"], -int(s.split("N=")[1].split()[0])))


def cross_check(results: dict) -> list[str]:
    """Choose the setting on one validation set and report it on the other: the honest held-out number,
    since choosing and reporting on the same questions flatters the re-ranker."""
    lines = []
    for chosen_on, rows in results.items():
        setting = pick(rows)
        for name, other in results.items():
            if name == chosen_on:
                continue
            base, got = other["hybrid"], other[setting]
            deltas = ", ".join(f"{m} {base[m]} -> {got[m]} ({got[m] - base[m]:+.1f})" for m in ("R@2", "R@5", "R@10"))
            lines.append(f"chosen on {chosen_on}: {setting}; on {name}: {deltas}")
    return lines


def main(argv: Sequence[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, default=BUNDLED_DIR / "model.onnx", help="ONNX file; tokenizer beside it")
    parser.add_argument("--no-rerank", action="store_true")
    parser.add_argument("--sets", nargs="+", default=list(VALID_SETS))
    parser.add_argument("--top-ns", type=int, nargs="+", default=list(TOP_NS))
    parser.add_argument("--out", type=Path, default=None, help="also write the results as JSON")
    parser.add_argument("--cache", type=Path, default=CACHE_PATH, help="e5 vector cache (shared with `sleuth eval`)")
    args = parser.parse_args(argv)
    results = run(None if args.no_rerank else args.model, args.sets, args.top_ns, cache_path=args.cache)
    print_table(results)
    if not args.no_rerank and len(results) > 1:
        print("\n".join(cross_check(results)))
    if args.out:
        args.out.write_text(json.dumps(results, indent=2))
    return results


if __name__ == "__main__":
    main()
