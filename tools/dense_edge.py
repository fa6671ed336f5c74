"""Embedded dense index on qdrant-edge: Qdrant's Rust engine (HNSW, WAL) in-process, one shard per collection."""

from __future__ import annotations

import os
import shutil
import threading
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import qdrant_edge as qe

from tools.catalog import validate_collection_name
from tools.errors import DenseBackendError
from tools.filters import FILTER_FIELD, filter_terms, stored_payload
from tools.types import Chunk, Filters, ScoredChunk

T = TypeVar("T")
# Same namespace as tools.dense_qdrant, so point ids agree across the embedded and server backends.
POINT_NAMESPACE = uuid.NAMESPACE_URL
BATCH = 512
# qdrant-edge has no background optimizer: optimize() (blocking) builds HNSW. It runs once the points not yet
# in HNSW reach OPTIMIZE_AFTER and half the indexed ones, so the rebuilds grow geometrically (a fixed step
# re-merged the big segment every few batches: quadratic). Un-indexed points are scanned exactly meanwhile.
OPTIMIZE_AFTER = 5000
# Keyword payload indexes: the filter-term field serves every metadata filter; doc_id serves deletes.
INDEXED_FIELDS = (FILTER_FIELD, "doc_id")


def point_id(chunk_id: str) -> str:
    """Qdrant point id of a chunk: uuid5, so re-upserting a chunk replaces it."""
    return str(uuid.uuid5(POINT_NAMESPACE, chunk_id))


def check_vectors(chunks: Sequence[Chunk], vectors: np.ndarray, dim: int) -> np.ndarray:
    """Validate an upsert batch before anything is written, so a bad call changes nothing."""
    arr = np.asarray(vectors, dtype=np.float32)
    if arr.ndim != 2 or arr.shape != (len(chunks), dim):
        raise ValueError(f"expected vectors of shape ({len(chunks)}, {dim}), got {arr.shape}")
    if not np.isfinite(arr).all():
        raise ValueError("vectors contain NaN or infinity")
    return arr


def check_query(vector: np.ndarray, dim: int) -> list[float]:
    arr = np.asarray(vector, dtype=np.float32).reshape(-1)
    if arr.shape != (dim,):
        raise ValueError(f"expected a query vector of {dim} dimensions, got {arr.shape[0]}")
    return arr.tolist()


def _where(filters: Filters | None) -> qe.Filter | None:
    terms = filter_terms(filters)
    if not terms:
        return None
    return qe.Filter(must=[qe.FieldCondition(key=FILTER_FIELD, match=qe.MatchValue(t)) for t in terms])


class EdgeDenseIndex:
    """One collection: a qdrant-edge shard directory. Thread-safe (the engine locks internally)."""

    def __init__(self, path: Path, dim: int) -> None:
        self.path = path
        self.dim = dim
        self._shard: qe.EdgeShard | None = None
        self._lock = threading.Lock()

    def _call(self, what: str, fn: Callable[[qe.EdgeShard], T]) -> T:
        try:
            return fn(self._open())
        except DenseBackendError:
            raise
        except Exception as e:  # qdrant-edge raises bare Exception for every engine error
            raise DenseBackendError(f"qdrant-edge at {self.path}: {what} failed: {e}") from e

    def _open(self) -> qe.EdgeShard:
        with self._lock:
            if self._shard is not None:
                return self._shard
            try:
                if self.path.is_dir() and any(self.path.iterdir()):
                    shard = qe.EdgeShard.load(str(self.path))
                else:
                    config = qe.EdgeConfig(vectors=qe.EdgeVectorParams(size=self.dim, distance=qe.Distance.Cosine))
                    shard = qe.EdgeShard.create(str(self.path), config)
                missing = set(INDEXED_FIELDS) - set(shard.info().payload_schema)
                for field in sorted(missing):
                    shard.update(qe.UpdateOperation.create_field_index(field, qe.PayloadSchemaType.Keyword))
                self._shard = shard
            except Exception as e:
                if "WouldBlock" in str(e):
                    raise DenseBackendError(
                        f"qdrant-edge at {self.path} is open in another process (one process per path): stop it, "
                        "or run a Qdrant server and set SLEUTH_QDRANT_URL"
                    ) from e
                raise DenseBackendError(f"qdrant-edge at {self.path}: cannot open the shard: {e}") from e
            return self._shard

    def upsert(self, chunks: Sequence[Chunk], vectors: np.ndarray) -> None:
        """Insert or replace chunks (idempotent by chunk_id)."""
        arr = check_vectors(chunks, vectors, self.dim)
        for i in range(0, len(chunks), BATCH):
            points = [
                qe.Point(id=point_id(c.chunk_id), vector=v.tolist(), payload=stored_payload(c))
                for c, v in zip(chunks[i : i + BATCH], arr[i : i + BATCH], strict=True)
            ]
            self._call("upsert", lambda s, p=points: s.update(qe.UpdateOperation.upsert_points(p)))  # type: ignore[misc]
        self._maybe_optimize()

    def optimize(self) -> None:
        """Build HNSW over every point now (blocking); ingestion calls it through upsert when it pays."""
        self._call("optimize", lambda s: s.optimize())

    def _maybe_optimize(self) -> None:
        info = self._call("info", lambda s: s.info())
        pending = info.points_count - info.indexed_vectors_count
        if pending >= max(OPTIMIZE_AFTER, info.indexed_vectors_count // 2):
            self.optimize()

    def delete_documents(self, doc_ids: Sequence[str]) -> None:
        if doc_ids:
            where = qe.Filter(must=[qe.FieldCondition(key="doc_id", match=qe.MatchAny(list(doc_ids)))])
            self._call("delete", lambda s: s.update(qe.UpdateOperation.delete_points_by_filter(where)))

    def delete_chunks(self, chunk_ids: Sequence[str]) -> None:
        if chunk_ids:
            ids: list[Any] = [point_id(c) for c in chunk_ids]
            self._call("delete", lambda s: s.update(qe.UpdateOperation.delete_points(ids)))

    def search(self, vector: np.ndarray, k: int, filters: Filters | None = None) -> list[ScoredChunk]:
        """Nearest chunks by cosine similarity (score in [-1, 1]), best first."""
        request = qe.QueryRequest(
            limit=k, query=qe.Query.Nearest(check_query(vector, self.dim)), filter=_where(filters), with_payload=True
        )
        points = self._call("search", lambda s: s.query(request))
        return [
            ScoredChunk(chunk=Chunk.from_payload(p.payload or {}), score=float(p.score), rank=r)
            for r, p in enumerate(points, start=1)
        ]

    def count(self) -> int:
        return int(self._call("count", lambda s: s.count(qe.CountRequest(exact=True))))

    def get(self, chunk_id: str) -> Chunk | None:
        records = self._call("get", lambda s: s.retrieve([point_id(chunk_id)], with_payload=True, with_vector=False))
        return Chunk.from_payload(records[0].payload or {}) if records else None

    def drop(self) -> None:
        """Delete the collection's files."""
        self.close()
        shutil.rmtree(self.path, ignore_errors=True)

    def close(self) -> None:
        with self._lock:
            if self._shard is not None:
                shard, self._shard = self._shard, None
                try:
                    shard.flush()
                finally:
                    shard.close()


class EdgeDenseStore:
    """All collections under `root`, one shard directory each; only one process may open a shard."""

    def __init__(self, root: Path, dim: int) -> None:
        self.root = root
        self.dim = dim
        self._indexes: dict[str, EdgeDenseIndex] = {}
        self._lock = threading.Lock()

    def index(self, collection: str) -> EdgeDenseIndex:
        """The collection's index (created on first write, opened lazily, cached)."""
        validate_collection_name(collection)
        with self._lock:
            if collection not in self._indexes:
                self._indexes[collection] = EdgeDenseIndex(self.root / collection, self.dim)
            return self._indexes[collection]

    def drop(self, collection: str) -> None:
        validate_collection_name(collection)
        with self._lock:
            idx = self._indexes.pop(collection, None) or EdgeDenseIndex(self.root / collection, self.dim)
        idx.drop()

    def ping(self) -> None:
        """Raise DenseBackendError when the data directory cannot be written."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise DenseBackendError(f"qdrant-edge at {self.root}: cannot create the directory: {e}") from e
        if not os.access(self.root, os.W_OK | os.X_OK):
            raise DenseBackendError(f"qdrant-edge at {self.root}: the directory is not writable")

    def close(self) -> None:
        with self._lock:
            indexes, self._indexes = list(self._indexes.values()), {}
        for idx in indexes:
            idx.close()


__all__ = ["EdgeDenseIndex", "EdgeDenseStore", "point_id"]
