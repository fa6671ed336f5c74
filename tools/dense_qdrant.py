"""Dense index on a Qdrant server through qdrant-client (its local mode speaks the same API, for tests)."""

from __future__ import annotations

import threading
import warnings
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import numpy as np
from qdrant_client import QdrantClient, models

from tools.catalog import validate_collection_name

# Shared with the embedded backend so both validate alike and give a chunk the same point id.
from tools.dense_edge import BATCH, check_query, check_vectors, point_id
from tools.errors import DenseBackendError
from tools.filters import FILTER_FIELD, filter_terms, stored_payload
from tools.types import Chunk, Filters, ScoredChunk

T = TypeVar("T")
# Keyword payload indexes: the filter-term field serves every metadata filter; doc_id serves deletes.
INDEXED_FIELDS = (FILTER_FIELD, "doc_id", "chunk_id")


def describe(client: QdrantClient) -> str:
    """Where the client points, for error messages (never the API key)."""
    opts: dict[str, Any] = getattr(client, "init_options", {}) or {}
    return str(opts.get("url") or opts.get("host") or opts.get("path") or opts.get("location") or "local")


def _where(filters: Filters | None) -> models.Filter | None:
    terms = filter_terms(filters)
    if not terms:
        return None
    return models.Filter(
        must=[models.FieldCondition(key=FILTER_FIELD, match=models.MatchValue(value=t)) for t in terms]
    )


class QdrantDenseIndex:
    """One collection on a Qdrant server; created on first use with cosine distance and payload indexes."""

    def __init__(self, client: QdrantClient, name: str, dim: int, where: str) -> None:
        self.client = client
        self.name = name
        self.dim = dim
        self._where = where
        self._ready = False
        self._lock = threading.Lock()

    def _call(self, what: str, fn: Callable[[], T]) -> T:
        try:
            self._ensure()
            return fn()
        except DenseBackendError:
            raise
        except Exception as e:  # connection, HTTP and local-mode errors share no base class
            raise DenseBackendError(f"Qdrant at {self._where}: {what} on {self.name!r} failed: {e}") from e

    def _ensure(self) -> None:
        with self._lock:
            if self._ready:
                return
            if not self.client.collection_exists(self.name):
                self.client.create_collection(
                    self.name, vectors_config=models.VectorParams(size=self.dim, distance=models.Distance.COSINE)
                )
                with warnings.catch_warnings():
                    # Local mode (tests) warns that payload indexes do nothing there; a server uses them.
                    warnings.filterwarnings("ignore", message="Payload indexes have no effect")
                    for field in INDEXED_FIELDS:
                        self.client.create_payload_index(self.name, field, models.PayloadSchemaType.KEYWORD, wait=True)
            self._ready = True

    def upsert(self, chunks: Sequence[Chunk], vectors: np.ndarray) -> None:
        """Insert or replace chunks (idempotent by chunk_id)."""
        arr = check_vectors(chunks, vectors, self.dim)
        for i in range(0, len(chunks), BATCH):
            points = [
                models.PointStruct(id=point_id(c.chunk_id), vector=v.tolist(), payload=stored_payload(c))
                for c, v in zip(chunks[i : i + BATCH], arr[i : i + BATCH], strict=True)
            ]
            self._call("upsert", lambda p=points: self.client.upsert(self.name, points=p, wait=True))  # type: ignore[misc]

    def delete_documents(self, doc_ids: Sequence[str]) -> None:
        if doc_ids:
            where = models.Filter(must=[models.FieldCondition(key="doc_id", match=models.MatchAny(any=list(doc_ids)))])
            selector = models.FilterSelector(filter=where)
            self._call("delete", lambda: self.client.delete(self.name, points_selector=selector, wait=True))

    def delete_chunks(self, chunk_ids: Sequence[str]) -> None:
        if chunk_ids:
            selector = models.PointIdsList(points=[point_id(c) for c in chunk_ids])
            self._call("delete", lambda: self.client.delete(self.name, points_selector=selector, wait=True))

    def search(self, vector: np.ndarray, k: int, filters: Filters | None = None) -> list[ScoredChunk]:
        """Nearest chunks by cosine similarity, best first."""
        query, where = check_query(vector, self.dim), _where(filters)
        response = self._call(
            "search",
            lambda: self.client.query_points(self.name, query=query, limit=k, query_filter=where, with_payload=True),
        )
        return [
            ScoredChunk(chunk=Chunk.from_payload(p.payload or {}), score=float(p.score), rank=r)
            for r, p in enumerate(response.points, start=1)
        ]

    def count(self) -> int:
        return int(self._call("count", lambda: self.client.count(self.name, exact=True).count))

    def get(self, chunk_id: str) -> Chunk | None:
        records = self._call("get", lambda: self.client.retrieve(self.name, [point_id(chunk_id)], with_payload=True))
        return Chunk.from_payload(records[0].payload or {}) if records else None

    def drop(self) -> None:
        try:
            self.client.delete_collection(self.name)
        except Exception as e:
            raise DenseBackendError(f"Qdrant at {self._where}: dropping {self.name!r} failed: {e}") from e
        with self._lock:
            self._ready = False

    def close(self) -> None:
        """Nothing to release per collection: the store owns the client."""


class QdrantDenseStore:
    """Collections `<prefix><name>` on one Qdrant server (or a local-mode client)."""

    def __init__(self, client: QdrantClient, dim: int, prefix: str = "sleuth_") -> None:
        self.client = client
        self.dim = dim
        self.prefix = prefix
        self.where = describe(client)
        self._indexes: dict[str, QdrantDenseIndex] = {}
        self._lock = threading.Lock()

    def index(self, collection: str) -> QdrantDenseIndex:
        validate_collection_name(collection)
        with self._lock:
            if collection not in self._indexes:
                self._indexes[collection] = QdrantDenseIndex(
                    self.client, self.prefix + collection, self.dim, self.where
                )
            return self._indexes[collection]

    def drop(self, collection: str) -> None:
        validate_collection_name(collection)
        with self._lock:
            idx = self._indexes.pop(collection, None)
        (idx or QdrantDenseIndex(self.client, self.prefix + collection, self.dim, self.where)).drop()

    def ping(self) -> None:
        """Raise DenseBackendError when the server does not answer."""
        try:
            self.client.get_collections()
        except Exception as e:
            raise DenseBackendError(f"Qdrant at {self.where} is unreachable: {e}") from e

    def close(self) -> None:
        with self._lock:
            self._indexes.clear()
        self.client.close()


__all__ = ["QdrantDenseIndex", "QdrantDenseStore"]
