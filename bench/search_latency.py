"""Search latency per mode (dense, bm25, hybrid) through HybridSearcher, at the 2wiki corpus size and at 100k chunks.

    SLEUTH_DATA_DIR=/work/evalcache .venv/bin/python bench/search_latency.py [--n 100000] [--rounds 3]

Corpus: 2wiki_q101 (6,119 passages -> about 6.1k chunks). Vectors are the real e5 passage vectors from the embedding
cache of SLEUTH_DATA_DIR (run `sleuth eval retrieval ../shared/data/2wiki_q101` there first); 100k chunks would take
about 2 hours to embed with e5 here, so the large index repeats the corpus: copy j of passage i keeps its text (title
suffixed " #j", so BM25 posting lists grow 16x as in a real corpus of 100k) and gets the real vector plus Gaussian
noise (sigma 0.02, re-normalised), so HNSW sees 16 near-duplicate clusters per passage, not one point.
Queries: the 101 2wiki questions, embedded by e5 at query time as in production (so dense/hybrid include ~7 ms
of query embedding; the `embed` row measures it alone). Each size is built in a child process so peak RSS is its own.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools.catalog import Catalog
from tools.dense_edge import EdgeDenseStore
from tools.embed_cache import EmbeddingCache, text_key
from tools.embedders import E5Embedder
from tools.hybrid import HybridConfig, HybridSearcher
from tools.keyword_tantivy import TantivyKeywordStore
from tools.rerank import PassthroughReranker
from tools.types import Chunk

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "2wiki_q101"
MODES = ("dense", "bm25", "hybrid")


def load(cache_path: Path) -> tuple[list[Chunk], np.ndarray, list[str]]:
    rows = [json.loads(line) for line in (DATA / "corpus.jsonl").read_text().splitlines() if line.strip()]
    chunks = [
        Chunk(chunk_id=r["id"], doc_id=r["id"], title=r["title"], source="2wiki", text=r["text"], start=0,
              end=len(r["text"]), meta={"group": i % 10})
        for i, r in enumerate(rows)
    ]  # fmt: skip
    cache = EmbeddingCache(cache_path)
    found = cache.get_many([text_key(E5Embedder.model_id, c.embed_text) for c in chunks])
    cache.close()
    pairs = [(c, found.get(text_key(E5Embedder.model_id, c.embed_text))) for c in chunks]
    keep = [(c, v) for c, v in pairs if v is not None]
    if len(keep) < len(chunks) * 0.9:
        raise SystemExit(f"only {len(keep)} of {len(chunks)} passages have cached e5 vectors in {cache_path}")
    questions = [json.loads(line)["question"] for line in (DATA / "queries.jsonl").read_text().splitlines()]
    return [c for c, _ in keep], np.stack([v for _, v in keep]), questions


def grow(chunks: list[Chunk], vecs: np.ndarray, n: int) -> tuple[list[Chunk], np.ndarray]:
    """Repeat the corpus up to n chunks; copies get a suffixed title and a noisy copy of the real vector."""
    if n <= len(chunks):
        return chunks[:n], vecs[:n]
    rng = np.random.default_rng(0)
    idx = np.arange(n) % len(chunks)
    out = list(chunks)
    for i in range(len(chunks), n):
        c = chunks[idx[i]]
        j = i // len(chunks)
        out.append(Chunk(chunk_id=f"{c.chunk_id}#{j}", doc_id=f"{c.doc_id}#{j}", title=f"{c.title} #{j}",
                         source=c.source, text=c.text, start=0, end=c.end, meta=dict(c.meta)))  # fmt: skip
    big = vecs[idx] + np.where(np.arange(n)[:, None] < len(chunks), 0.0, 0.02) * rng.normal(size=(n, vecs.shape[1]))
    return out, (big / np.linalg.norm(big, axis=1, keepdims=True)).astype(np.float32)


def pct(times: list[float], p: float) -> float:
    return float(np.percentile(np.asarray(times) * 1000, p))


def run(n: int, rounds: int, cache_path: Path) -> dict[str, object]:
    chunks, vecs, questions = load(cache_path)
    chunks, vecs = grow(chunks, vecs, n)
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with tempfile.TemporaryDirectory(prefix="sleuth-lat-") as tmp:
        root = Path(tmp)
        embedder = E5Embedder()
        catalog = Catalog(root / "catalog.sqlite")
        catalog.create_collection("bench", embedder.model_id, embedder.dim)
        dense, keyword = EdgeDenseStore(root / "edge", embedder.dim), TantivyKeywordStore(root / "tantivy")
        t = time.perf_counter()
        for i in range(0, len(chunks), 5000):
            dense.index("bench").upsert(chunks[i : i + 5000], vecs[i : i + 5000])
            keyword.index("bench").upsert(chunks[i : i + 5000])
        dense.index("bench").optimize()  # type: ignore[attr-defined]
        build_s = time.perf_counter() - t
        searcher = HybridSearcher(
            catalog=catalog, dense=dense, keyword=keyword, embedder=embedder, reranker=PassthroughReranker(),
            config=HybridConfig(),
        )  # fmt: skip
        for q in questions[:5]:  # warm-up: page cache, tantivy reader, HNSW
            searcher.search(q, "bench", k=10)
        times: dict[str, list[float]] = {m: [] for m in (*MODES, "embed", "hybrid+filter")}
        for _ in range(rounds):
            for q in questions:
                t = time.perf_counter()
                embedder.embed_query(q)
                times["embed"].append(time.perf_counter() - t)
                for m in MODES:
                    t = time.perf_counter()
                    searcher.search(q, "bench", mode=m, k=10)
                    times[m].append(time.perf_counter() - t)
                t = time.perf_counter()
                searcher.search(q, "bench", k=10, filters={"group": 3})
                times["hybrid+filter"].append(time.perf_counter() - t)
        dense.close()
        keyword.close()
        catalog.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "n": len(chunks), "build_s": build_s, "queries": len(times["embed"]), "peak_rss_mb": peak,
        "index_growth_mb": peak - rss0 / 1024, "config": HybridConfig().__dict__,
        **{m: (pct(ts, 50), pct(ts, 95)) for m, ts in times.items()},
    }  # fmt: skip


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, nargs="+", default=[6119, 100_000], help="index sizes (chunks)")
    ap.add_argument("--rounds", type=int, default=3, help="passes over the 101 questions")
    ap.add_argument("--cache", type=Path, help="embeddings.sqlite (default: $SLEUTH_DATA_DIR/embeddings.sqlite)")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.cache is None:
        from api.settings import get_settings  # only for the default path; the bench builds its own stores

        args.cache = get_settings().data_dir / "embeddings.sqlite"
    if args.child:
        print(json.dumps(run(args.n[0], args.rounds, args.cache)))
        return 0
    for n in args.n:
        cmd = [sys.executable, __file__, "--child", "--n", str(n), "--rounds", str(args.rounds)]
        cmd += ["--cache", str(args.cache)]
        out = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if out.returncode:
            print(f"n={n}: FAILED {out.stderr.strip()[-500:]}")
            continue
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{r['n']:,} chunks (built in {r['build_s']:.1f} s), {r['queries']} queries, k=10; peak RSS "
              f"{r['peak_rss_mb']:.0f} MB (+{r['index_growth_mb']:.0f} MB while indexing and searching)")  # fmt: skip
        for m in ("embed", *MODES, "hybrid+filter"):
            p50, p95 = r[m]
            print(f"  {m:14} p50 {p50:7.2f} ms   p95 {p95:7.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
