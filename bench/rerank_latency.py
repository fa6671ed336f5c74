"""Re-rank latency per query (p50/p95) of the bundled cross-encoder for N = 20, 50, 100 candidates.

`python -m bench.rerank_latency [--queries 30] [--threads 2]`: real validation questions, each scored against N
real corpus passages (morehopqa150: the longest passages of the four sets, so a conservative figure).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from tools.rerank_onnx import load_bundled_reranker
from training.build_dataset import load_set


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--queries", type=int, default=30)
    parser.add_argument("--threads", type=int, default=None, help="onnxruntime intra-op threads (default: all)")
    parser.add_argument("--set", default="morehopqa150")
    parser.add_argument("--sizes", type=int, nargs="+", default=[20, 50, 100])
    args = parser.parse_args()
    model = load_bundled_reranker(threads=args.threads)
    if model is None:
        raise SystemExit("no bundled re-ranker in models/reranker/")
    data = load_set(args.set)
    rng = random.Random(7)
    texts = [p.full for p in data.passages]
    questions = [q.question for q in data.questions[: args.queries]]
    model.score(questions[0], texts[:16])  # warm-up: session allocation is not a per-query cost
    print(f"{model.name}, set {args.set}, {len(questions)} queries, threads {args.threads or 'default'}")
    print("| N | p50 ms | p95 ms | mean ms | pairs/s |\n|---|---|---|---|---|")
    for n in args.sizes:
        times = []
        for q in questions:
            passages = rng.sample(texts, min(n, len(texts)))
            t0 = time.perf_counter()
            model.score(q, passages)
            times.append(1000 * (time.perf_counter() - t0))
        mean, p50, p95 = statistics.fmean(times), percentile(times, 0.5), percentile(times, 0.95)
        print(f"| {n} | {p50:.0f} | {p95:.0f} | {mean:.0f} | {n / mean * 1000:.0f} |")


if __name__ == "__main__":
    main()
