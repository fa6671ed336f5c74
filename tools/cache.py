"""Redis cache for query embeddings, search results and answers, keyed by the collection's catalog version.

A re-ingest bumps the version, so stale entries are never read again (and expire by TTL). When Redis is down
every call degrades to a miss with one warning per outage: the service keeps answering, uncached.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import numpy as np
import redis

from tools.catalog import Catalog
from tools.errors import CacheBackendError
from tools.hybrid import HybridSearcher
from tools.types import Chunk, Filters, SearchHit, SearchMode

log = logging.getLogger(__name__)
Observer = Callable[[str, str], None]
"""Called with (kind, outcome): kind is "embedding" | "search" | "answer", outcome "hit" | "miss" | "error"."""


def digest(*parts: Any) -> str:
    """Stable key for any JSON-able parts."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:32]


class RedisCache:
    """JSON and vector values in Redis; `client=None` means caching is off (the local default)."""

    def __init__(
        self,
        client: redis.Redis | None,
        *,
        ttl_s: int = 86400,
        retry_s: float = 5.0,
        observer: Observer | None = None,
        prefix: str = "sleuth",
        release: str = "",
    ) -> None:
        self.client = client
        # Entries written by another Sleuth release are never read: an upgrade may change how answers are made.
        self.release = release
        self.ttl_s = ttl_s
        self.retry_s = retry_s
        self.observer = observer
        self.prefix = prefix
        self._down_until = 0.0
        self._down = False
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.client is not None

    def ping(self) -> None:
        """Raise CacheBackendError when Redis is configured and unreachable."""
        if self.client is None:
            return
        try:
            self.client.ping()
        except redis.RedisError as e:
            raise CacheBackendError(f"redis: {e}") from e

    def key(self, kind: str, scope: str, *parts: Any) -> str:
        return f"{self.prefix}:{kind}:{scope}:{digest(self.release, *parts)}"

    def get_bytes(self, kind: str, key: str) -> bytes | None:
        ok, value = self._call(kind, lambda c: c.get(key))
        if ok:
            self._observe(kind, "miss" if value is None else "hit")
        return value  # type: ignore[no-any-return]

    def set_bytes(self, kind: str, key: str, value: bytes | str) -> None:
        self._call(kind, lambda c: c.set(key, value, ex=self.ttl_s))

    def get_json(self, kind: str, key: str) -> Any | None:
        raw = self.get_bytes(kind, key)
        return None if raw is None else json.loads(raw)

    def set_json(self, kind: str, key: str, value: Any) -> None:
        self.set_bytes(kind, key, json.dumps(value))

    async def memo_json(self, kind: str, key: str, produce: Callable[[], Awaitable[Any]]) -> Any:
        """The cached value for `key`, else `await produce()` stored under it."""
        found = self.get_json(kind, key)
        if found is not None:
            return found
        value = await produce()
        self.set_json(kind, key, value)
        return value

    def _call(self, kind: str, op: Callable[[redis.Redis], Any]) -> tuple[bool, Any]:
        """(True, result), or (False, None) when Redis is off, down or backing off."""
        if self.client is None or time.monotonic() < self._down_until:
            return False, None
        try:
            value = op(self.client)
        except redis.RedisError as e:
            # Back off so a dead Redis costs one connect timeout per `retry_s`, not one per request.
            with self._lock:
                if not self._down:
                    log.warning("redis unavailable (%s): serving uncached", e)
                self._down = True
                self._down_until = time.monotonic() + self.retry_s
            self._observe(kind, "error")
            return False, None
        if self._down:
            log.warning("redis is back: caching again")
            self._down = False
        return True, value

    def _observe(self, kind: str, outcome: str) -> None:
        if self.observer is not None and self.client is not None:
            self.observer(kind, outcome)

    def close(self) -> None:
        if self.client is not None:
            self.client.close()


class QueryCachedEmbedder:
    """An Embedder whose query vectors are cached in Redis (keyed by model id and text)."""

    def __init__(self, inner: Any, cache: RedisCache) -> None:
        self.inner = inner
        self.cache = cache
        self.model_id: str = inner.model_id
        self.dim: int = inner.dim

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return np.asarray(self.inner.embed_passages(texts))

    def embed_query(self, text: str) -> np.ndarray:
        key = self.cache.key("embedding", self.model_id, text)
        raw = self.cache.get_bytes("embedding", key)
        if raw is not None:
            return np.frombuffer(raw, dtype=np.float32)
        vec = np.asarray(self.inner.embed_query(text), dtype=np.float32)
        self.cache.set_bytes("embedding", key, vec.tobytes())
        return vec


class CachedSearcher:
    """Same `search()` as HybridSearcher; results cached under the collection's version and the search settings."""

    def __init__(self, inner: HybridSearcher, catalog: Catalog, cache: RedisCache) -> None:
        self.inner = inner
        self.catalog = catalog
        self.cache = cache
        # Fusion weights, candidates, the re-ranker and the embedder change results without changing the index.
        self.fingerprint = inner.fingerprint

    def search(
        self,
        query: str,
        collection: str,
        *,
        mode: SearchMode | None = None,
        k: int = 10,
        filters: Filters | None = None,
        rerank: bool | None = None,
    ) -> list[SearchHit]:
        if not self.cache.enabled:
            return list(self.inner.search(query, collection, mode=mode, k=k, filters=filters, rerank=rerank))
        version = self.catalog.version(collection)
        key = self.cache.key(
            "search", f"{collection}:v{version}", query.strip(), mode, k, dict(filters or {}), rerank, self.fingerprint
        )
        found = self.cache.get_json("search", key)
        if found is not None:
            return [_hit(d) for d in found]
        hits = self.inner.search(query, collection, mode=mode, k=k, filters=filters, rerank=rerank)
        self.cache.set_json("search", key, [h.as_dict() for h in hits])
        return list(hits)


def answer_key(cache: RedisCache, catalog: Catalog, collection: str, question: str, context: Any = None) -> str:
    """Cache key of an answer: the question and run knobs under the collection's current version."""
    version = catalog.version(collection)
    return cache.key("answer", f"{collection}:v{version}", question.strip(), context)


def _hit(d: dict[str, Any]) -> SearchHit:
    return SearchHit(chunk=Chunk.from_payload(d), score=float(d["score"]), scores=d["scores"], ranks=d["ranks"])


__all__ = ["CachedSearcher", "QueryCachedEmbedder", "RedisCache", "answer_key", "digest"]
