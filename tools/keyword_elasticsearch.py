"""BM25 on Elasticsearch (the production keyword backend): one index `<prefix><collection>` per collection.

Written against the official client's documented API: an explicit mapping (standard-analysed `body` =
title + " " + text for scoring; keyword fields for ids and filters; `meta` as an object of keyword fields),
`helpers.bulk` for upserts, `delete_by_query` for deletes, a bool query whose metadata filters sit in
`filter` clauses (no effect on the score), and a refresh after every write so searches see it.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from elastic_transport import TransportError
from elasticsearch import ApiError, Elasticsearch, helpers

from tools.catalog import validate_collection_name
from tools.errors import KeywordBackendError
from tools.filters import FILTER_FIELD, filter_terms, stored_payload
from tools.types import Chunk, Filters, ScoredChunk

T = TypeVar("T")
_ES_ERRORS = (ApiError, TransportError, helpers.BulkIndexError)
TERMS_BATCH = 1000

MAPPINGS: dict[str, Any] = {
    "dynamic": False,  # unknown top-level fields are kept in _source but not indexed
    "_source": {"excludes": ["body"]},  # body repeats title and text: index it, don't store it twice
    "dynamic_templates": [
        {"meta_as_keyword": {"path_match": "meta.*", "mapping": {"type": "keyword", "ignore_above": 1024}}}
    ],
    "properties": {
        "chunk_id": {"type": "keyword"},
        "doc_id": {"type": "keyword"},
        "source": {"type": "keyword"},
        "title": {"type": "keyword"},
        "body": {"type": "text", "analyzer": "standard"},
        "text": {"type": "text", "index": False},
        "start": {"type": "integer", "index": False},
        "end": {"type": "integer", "index": False},
        "page": {"type": "integer", "index": False},
        FILTER_FIELD: {"type": "keyword"},
        "meta": {"type": "object", "dynamic": True},
    },
}


def describe(client: Elasticsearch) -> str:
    """The node URLs the client talks to, for error messages (credentials live in headers, not here)."""
    try:
        return ", ".join(str(n.base_url) for n in client.transport.node_pool.all()) or "elasticsearch"
    except AttributeError:
        return "elasticsearch"


def doc_id_for(chunk_id: str) -> str:
    """Elasticsearch `_id` of a chunk: the chunk id itself, or its sha256 when over the 512-byte limit."""
    raw = chunk_id.encode()
    return chunk_id if len(raw) <= 512 else hashlib.sha256(raw).hexdigest()


class ElasticsearchKeywordIndex:
    """One collection as one Elasticsearch index, created on first use."""

    def __init__(self, client: Elasticsearch, name: str, where: str) -> None:
        self.client = client
        self.name = name
        self._where = where
        self._ready = False
        self._lock = threading.Lock()

    def _call(self, what: str, fn: Callable[[], T]) -> T:
        try:
            self._ensure()
            return fn()
        except _ES_ERRORS as e:
            raise KeywordBackendError(f"Elasticsearch at {self._where}: {what} on {self.name!r} failed: {e}") from e

    def _ensure(self) -> None:
        with self._lock:
            if self._ready:
                return
            if not self.client.indices.exists(index=self.name):
                try:
                    self.client.indices.create(index=self.name, mappings=MAPPINGS)
                except ApiError as e:
                    if "resource_already_exists" not in str(e):  # another process created it first
                        raise
            self._ready = True

    def upsert(self, chunks: Sequence[Chunk]) -> None:
        """Index or replace chunks (idempotent by chunk_id) with one bulk request, then refresh."""
        if not chunks:
            return
        actions = [
            {
                "_op_type": "index",
                "_index": self.name,
                "_id": doc_id_for(c.chunk_id),
                "_source": {**stored_payload(c), "body": c.embed_text},
            }
            for c in chunks
        ]
        self._call("upsert", lambda: helpers.bulk(self.client, actions, refresh=True))

    def delete_documents(self, doc_ids: Sequence[str]) -> None:
        self._delete("doc_id", doc_ids)

    def delete_chunks(self, chunk_ids: Sequence[str]) -> None:
        self._delete("chunk_id", chunk_ids)

    def _delete(self, field: str, values: Sequence[str]) -> None:
        for i in range(0, len(values), TERMS_BATCH):
            query = {"terms": {field: list(values[i : i + TERMS_BATCH])}}
            self._call(
                "delete",
                lambda q=query: self.client.delete_by_query(  # type: ignore[misc]
                    index=self.name, query=q, refresh=True, conflicts="proceed"
                ),
            )

    def search(self, query: str, k: int, filters: Filters | None = None) -> list[ScoredChunk]:
        """BM25 over title + text (any term may match); filters restrict without changing scores."""
        terms = filter_terms(filters)
        if not query.strip():
            return []
        body: dict[str, Any] = {
            "bool": {
                "must": [{"match": {"body": {"query": query, "operator": "or"}}}],
                "filter": [{"term": {FILTER_FIELD: t}} for t in terms],
            }
        }
        response = self._call(
            "search",
            lambda: self.client.search(
                index=self.name, query=body, size=k, source_excludes=[FILTER_FIELD, "body"], track_total_hits=False
            ),
        )
        hits = response["hits"]["hits"]
        return [
            ScoredChunk(chunk=Chunk.from_payload(h["_source"]), score=float(h["_score"]), rank=r)
            for r, h in enumerate(hits, start=1)
        ]

    def count(self) -> int:
        return int(self._call("count", lambda: self.client.count(index=self.name)["count"]))

    def drop(self) -> None:
        try:
            self.client.indices.delete(index=self.name, ignore_unavailable=True)
        except _ES_ERRORS as e:
            raise KeywordBackendError(f"Elasticsearch at {self._where}: dropping {self.name!r} failed: {e}") from e
        with self._lock:
            self._ready = False

    def close(self) -> None:
        """Nothing to release per collection: the store owns the client."""


class ElasticsearchKeywordStore:
    """Collections `<prefix><name>` on one Elasticsearch cluster."""

    def __init__(self, client: Elasticsearch, prefix: str = "sleuth-") -> None:
        self.client = client
        self.prefix = prefix
        self.where = describe(client)
        self._indexes: dict[str, ElasticsearchKeywordIndex] = {}
        self._lock = threading.Lock()

    def index(self, collection: str) -> ElasticsearchKeywordIndex:
        validate_collection_name(collection)
        with self._lock:
            if collection not in self._indexes:
                self._indexes[collection] = ElasticsearchKeywordIndex(self.client, self.prefix + collection, self.where)
            return self._indexes[collection]

    def drop(self, collection: str) -> None:
        validate_collection_name(collection)
        with self._lock:
            idx = self._indexes.pop(collection, None)
        (idx or ElasticsearchKeywordIndex(self.client, self.prefix + collection, self.where)).drop()

    def ping(self) -> None:
        """Raise KeywordBackendError when the cluster does not answer."""
        try:
            self.client.info()
        except _ES_ERRORS as e:
            raise KeywordBackendError(f"Elasticsearch at {self.where} is unreachable: {e}") from e

    def close(self) -> None:
        with self._lock:
            self._indexes.clear()
        self.client.close()


__all__ = ["MAPPINGS", "ElasticsearchKeywordIndex", "ElasticsearchKeywordStore"]
