"""Embedded dense engines compared: qdrant-edge vs qdrant-client local mode (in memory and on disk).

Vectors: the cached e5 embeddings of the shared eval corpora (tools.embed_cache, key = model id + title + text),
repeated with Gaussian noise and re-normalised up to --n (384-d, so the clusters look like real text);
synthetic clustered vectors if the cache is empty. Queries are other noisy copies. Every chunk carries
meta {"group": i % 10}, and the filtered queries ask for one group (10% of the points).
Each engine runs in its own process (peak RSS is per process) through Sleuth's own store classes.

    .venv/bin/python bench/dense_engines.py                 # 100k edge + in-memory, 10k on disk (~4-5 min)
    .venv/bin/python bench/dense_engines.py --n 20000 --disk-n 2000 --queries 20
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

from tools.embed_cache import EmbeddingCache, text_key
from tools.embedders import E5Embedder
from tools.types import Chunk

ROOT = Path(__file__).resolve().parents[1]
DIM = 384
DATA = ROOT.parent / "shared" / "data"
SETS = ("hotpotqa_train100", "musique_train100", "2wiki_q101", "morehopqa150")


def base_vectors(cache_path: Path) -> tuple[np.ndarray, str]:
    """The cached e5 passage vectors of the eval corpora (read through tools.embed_cache)."""
    texts = []
    for name in SETS:
        path = DATA / name / "corpus.jsonl"
        if path.exists():
            texts += [f"{p['title']} {p['text']}" for p in map(json.loads, path.read_text().splitlines())]
    if cache_path.exists() and texts:
        cache = EmbeddingCache(cache_path)
        found = cache.get_many([text_key(E5Embedder.model_id, t) for t in texts])
        cache.close()
        if len(found) >= 100:
            return np.stack(list(found.values())).astype(np.float32), f"{len(found)} cached e5 vectors + noise"
    rng = np.random.default_rng(0)
    centres = rng.normal(size=(200, DIM)).astype(np.float32)
    return centres[rng.integers(0, 200, 2000)] + 0.3 * rng.normal(size=(2000, DIM)).astype(np.float32), "synthetic"


def noisy(base: np.ndarray, n: int, seed: int, sigma: float = 0.02) -> np.ndarray:
    rng = np.random.default_rng(seed)
    v = base[rng.integers(0, len(base), n)] + sigma * rng.normal(size=(n, DIM)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def chunk(i: int) -> Chunk:
    return Chunk(
        chunk_id=f"d{i // 4}#{i % 4}", doc_id=f"d{i // 4}", title=f"Doc {i // 4}", source="bench",
        text=f"synthetic passage {i}", start=0, end=20, meta={"group": i % 10},
    )  # fmt: skip


def make_store(engine: str, path: Path) -> object:
    if engine == "edge":
        from tools.dense_edge import EdgeDenseStore

        return EdgeDenseStore(path, dim=DIM)
    from qdrant_client import QdrantClient

    from tools.dense_qdrant import QdrantDenseStore

    client = QdrantClient(":memory:") if engine == "memory" else QdrantClient(path=str(path))
    return QdrantDenseStore(client, dim=DIM)


def percentile_ms(times: list[float], p: float) -> float:
    return float(np.percentile(np.array(times) * 1000, p))


def run_engine(engine: str, n: int, n_queries: int, cache: Path, workdir: Path) -> dict[str, object]:
    base, origin = base_vectors(cache)
    vecs, queries = noisy(base, n, seed=1), noisy(base, n_queries, seed=2)
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    store = make_store(engine, workdir)
    index = store.index("bench")  # type: ignore[attr-defined]
    t = time.perf_counter()
    for i in range(0, n, 1000):
        index.upsert([chunk(j) for j in range(i, min(n, i + 1000))], vecs[i : i + 1000])
    if engine == "edge":
        index.optimize()  # HNSW over the last batches too: part of the insert cost
    insert_s = time.perf_counter() - t
    exact = [set(np.argsort(-(vecs @ q))[:10].tolist()) for q in queries]
    plain, filtered, recall = [], [], []
    for q, truth in zip(queries, exact, strict=True):
        t = time.perf_counter()
        hits = index.search(q, 10)
        plain.append(time.perf_counter() - t)
        got = {int(h.chunk.text.rsplit(" ", 1)[1]) for h in hits}
        recall.append(len(got & truth) / 10)
        t = time.perf_counter()
        hits = index.search(q, 10, {"group": 3})
        filtered.append(time.perf_counter() - t)
        assert all(h.chunk.meta["group"] == 3 for h in hits) and len(hits) == 10
    assert index.count() == n
    store.close()  # type: ignore[attr-defined]
    t = time.perf_counter()
    store = make_store(engine, workdir)
    store.index("bench").search(queries[0], 10)  # type: ignore[attr-defined]
    reload_s = time.perf_counter() - t
    store.close()  # type: ignore[attr-defined]
    return {
        "engine": engine, "n": n, "vectors": origin, "insert_s": insert_s,
        "p50_ms": percentile_ms(plain, 50), "p95_ms": percentile_ms(plain, 95),
        "f_p50_ms": percentile_ms(filtered, 50), "f_p95_ms": percentile_ms(filtered, 95),
        "recall10": float(np.mean(recall)), "reload_s": reload_s,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "rss_growth_mb": (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss0) / 1024,
    }  # fmt: skip


LABELS = {
    "edge": "qdrant-edge (HNSW, on disk)",
    "memory": "qdrant-client :memory:",
    "disk": "qdrant-client path= (on disk)",
}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000, help="points for qdrant-edge and qdrant-client :memory:")
    ap.add_argument("--disk-n", type=int, default=10_000, help="points for qdrant-client on disk (it is slow)")
    ap.add_argument("--queries", type=int, default=30)
    ap.add_argument("--cache", type=Path, default=ROOT / ".sleuth" / "embeddings.sqlite")
    ap.add_argument("--engine", choices=sorted(LABELS), help=argparse.SUPPRESS)  # child mode
    args = ap.parse_args()
    if args.engine:
        with tempfile.TemporaryDirectory() as tmp:
            n = args.disk_n if args.engine == "disk" else args.n
            print(json.dumps(run_engine(args.engine, n, args.queries, args.cache, Path(tmp) / "store")))
        return 0
    print(f"vectors: {base_vectors(args.cache)[1]}, 384-d, normalised")
    header = f"{'engine':30} {'points':>7} {'insert s':>9} {'p50 ms':>8} {'p95 ms':>8} {'filt p50':>9} {'filt p95':>9}"
    print(header + f" {'recall@10':>9} {'reload s':>9} {'peak RSS MB':>11} {'(+growth)':>9}")
    for engine in ("edge", "memory", "disk"):
        cmd = [sys.executable, __file__, "--engine", engine, "--n", str(args.n), "--disk-n", str(args.disk_n)]
        cmd += ["--queries", str(args.queries), "--cache", str(args.cache)]
        out = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if out.returncode != 0:
            print(f"{LABELS[engine]:30} FAILED: {out.stderr.strip().splitlines()[-1:]}")
            continue
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"{LABELS[engine]:30} {r['n']:7d} {r['insert_s']:9.1f} {r['p50_ms']:8.2f} {r['p95_ms']:8.2f} "
            f"{r['f_p50_ms']:9.2f} {r['f_p95_ms']:9.2f} {r['recall10']:9.3f} {r['reload_s']:9.2f} "
            f"{r['peak_rss_mb']:11.0f} {r['rss_growth_mb']:+9.0f}"
        )
    print(f"{args.queries} queries, k=10; filtered = 1 of 10 groups; recall@10 vs exact cosine in numpy")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
