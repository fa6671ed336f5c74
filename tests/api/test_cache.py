"""tools/cache.py against a real redis-server: version-keyed entries, and degradation when Redis dies."""

from __future__ import annotations

import asyncio
import copy
import time
from dataclasses import replace
from importlib.metadata import version

import numpy as np
import redis
from apitest import seed
from sleuth_servers import RedisServer

from api.container import Container
from tools.cache import CachedSearcher, QueryCachedEmbedder, RedisCache
from tools.catalog import DocumentRecord


def test_results_are_keyed_by_collection_version(container: Container) -> None:
    seed(container, "cache-a")
    events: list[tuple[str, str]] = []
    cache = RedisCache(container.redis, prefix="t-ver", observer=lambda k, o: events.append((k, o)))
    searcher = CachedSearcher(container.searcher, container.catalog, cache)

    first = searcher.search("who acquired Brightwell Analytics", "cache-a", k=2)
    again = searcher.search("who acquired Brightwell Analytics", "cache-a", k=2)
    assert first[0].chunk.doc_id == "brightwell"
    assert [h.as_dict() for h in again] == [h.as_dict() for h in first]
    assert events == [("search", "miss"), ("search", "hit")]

    rec = DocumentRecord(doc_id="extra", source="x.md", title="x", content_hash="h", n_chunks=0)
    container.catalog.upsert_document("cache-a", rec)  # bumps the version, as a re-ingest does
    searcher.search("who acquired Brightwell Analytics", "cache-a", k=2)
    assert events[-1] == ("search", "miss"), "a new collection version must miss the cache"


def test_changed_search_settings_miss_the_cache(container: Container) -> None:
    """Fusion weights change results without changing the index: a cached list must not outlive them."""
    seed(container, "cache-c")
    events: list[tuple[str, str]] = []
    cache = RedisCache(container.redis, prefix="t-cfg", observer=lambda k, o: events.append((k, o)))
    base = container.searcher
    bm25_heavy = copy.copy(base)  # the same stores and models, another fusion weight
    bm25_heavy.config = replace(base.config, bm25_weight=1.0)
    for inner in (base, bm25_heavy, base):
        CachedSearcher(inner, container.catalog, cache).search("Tamsin Bridge engineer", "cache-c", k=2)
    assert events == [("search", "miss"), ("search", "miss"), ("search", "hit")]


def test_another_release_misses_the_cache(container: Container) -> None:
    """An upgrade may change how results and answers are made: entries of another release are not read."""
    seed(container, "cache-r")
    events: list[tuple[str, str]] = []
    for release in ("0.1.0", "0.2.0", "0.1.0"):
        cache = RedisCache(
            container.redis, prefix="t-rel", release=release, observer=lambda k, o: events.append((k, o))
        )
        CachedSearcher(container.searcher, container.catalog, cache).search("Tamsin Bridge engineer", "cache-r", k=2)
    assert events == [("search", "miss"), ("search", "miss"), ("search", "hit")]
    assert container.cache.release == version("sleuth"), "the service keys its cache by the installed release"


def test_query_embeddings_round_trip_as_float32(container: Container) -> None:
    events: list[tuple[str, str]] = []
    cache = RedisCache(container.redis, prefix="t-emb", observer=lambda k, o: events.append((k, o)))
    emb = QueryCachedEmbedder(container.embedder, cache)
    a, b = emb.embed_query("who designed the bridge"), emb.embed_query("who designed the bridge")
    assert events == [("embedding", "miss"), ("embedding", "hit")]
    assert b.dtype == np.float32 and b.shape == (container.embedder.dim,)
    assert np.array_equal(a, b) and np.allclose(b, container.embedder.embed_query("who designed the bridge"))


def test_redis_down_degrades_to_uncached(container: Container) -> None:
    seed(container, "cache-b")
    server = RedisServer()
    server.start()
    events: list[tuple[str, str]] = []
    client = redis.Redis.from_url(server.url, socket_timeout=0.5, socket_connect_timeout=0.5)
    cache = RedisCache(client, retry_s=0.1, observer=lambda k, o: events.append((k, o)))
    searcher = CachedSearcher(container.searcher, container.catalog, cache)
    expected = [h.chunk.chunk_id for h in searcher.search("Tamsin Bridge engineer", "cache-b", k=2)]
    server.stop()
    try:
        assert [h.chunk.chunk_id for h in searcher.search("Tamsin Bridge engineer", "cache-b", k=2)] == expected
        assert ("search", "error") in events
        assert asyncio.run(cache.memo_json("answer", "k", _value)) == {"v": 1}
    finally:
        server.start()
    time.sleep(0.15)
    searcher.search("Tamsin Bridge engineer", "cache-b", k=2)
    searcher.search("Tamsin Bridge engineer", "cache-b", k=2)
    assert events[-1] == ("search", "hit"), "caching resumes once Redis is back"
    server.stop()


async def _value() -> dict[str, int]:
    return {"v": 1}
