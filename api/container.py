"""Builds every client once from Settings; the API lifespan, the CLI and the MCP server share it."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any

from api.settings import Settings, get_settings
from tools.catalog import Catalog
from tools.embed_cache import CachedEmbedder, EmbeddingCache
from tools.embedders import make_embedder
from tools.hybrid import DenseStore, HybridConfig, HybridSearcher, KeywordStore
from tools.rerank import PassthroughReranker
from tools.types import Reranker

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from redis import Redis

    from agent.deps import AgentDeps
    from api.feedback import FeedbackStore
    from tools.cache import CachedSearcher, RedisCache
    from tools.evaluation.retrieval import RetrievalEval
    from tools.ingest.pipeline import Ingestor


class Container:
    """Lazily builds and caches clients; `close()` releases whatever was built."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or get_settings()
        self.settings.data_dir.mkdir(parents=True, exist_ok=True)

    @cached_property
    def catalog(self) -> Catalog:
        return Catalog(self.settings.data_dir / "catalog.sqlite")

    @cached_property
    def embedder(self) -> CachedEmbedder:
        s = self.settings
        cache = EmbeddingCache(s.data_dir / "embeddings.sqlite")
        return CachedEmbedder(s.embedder, make_embedder(s.embedder), cache, workers=s.embed_workers)

    @cached_property
    def dense_store(self) -> DenseStore:
        s = self.settings
        if s.qdrant_url:
            from qdrant_client import QdrantClient

            from tools.dense_qdrant import QdrantDenseStore

            key = s.qdrant_api_key.get_secret_value() if s.qdrant_api_key else None
            return QdrantDenseStore(QdrantClient(url=s.qdrant_url, api_key=key, timeout=10), dim=self.embedder.dim)
        from tools.dense_edge import EdgeDenseStore

        return EdgeDenseStore(s.data_dir / "qdrant-edge", dim=self.embedder.dim)

    @cached_property
    def keyword_store(self) -> KeywordStore:
        s = self.settings
        if s.elasticsearch_url:
            from elasticsearch import Elasticsearch

            from tools.keyword_elasticsearch import ElasticsearchKeywordStore

            key = s.elasticsearch_api_key.get_secret_value() if s.elasticsearch_api_key else None
            client = Elasticsearch(s.elasticsearch_url, api_key=key, request_timeout=10, max_retries=2)
            return ElasticsearchKeywordStore(client)
        from tools.keyword_tantivy import TantivyKeywordStore

        return TantivyKeywordStore(s.data_dir / "tantivy")

    @cached_property
    def reranker(self) -> Reranker:
        from tools.rerank_onnx import load_bundled_reranker

        # An explicitly configured bundle must exist; the bundled one may be absent (pass-through).
        model = load_bundled_reranker(self.settings.reranker_dir, required=self.settings.reranker_dir is not None)
        return model if model is not None else PassthroughReranker()

    @cached_property
    def searcher(self) -> HybridSearcher:
        s = self.settings
        config = HybridConfig(
            mode=s.search_mode,
            dense_weight=s.dense_weight,
            bm25_weight=s.bm25_weight,
            rrf_k=s.rrf_k,
            candidates=s.candidates,
            rerank=s.rerank,
            rerank_top_n=s.rerank_top_n,
            rerank_rank_weight=s.rerank_rank_weight,
            max_query_chars=s.max_query_chars,
        )
        return HybridSearcher(
            catalog=self.catalog,
            dense=self.dense_store,
            keyword=self.keyword_store,
            embedder=self.embedder,
            reranker=self.reranker,
            config=config,
        )

    @cached_property
    def ingestor(self) -> Ingestor:
        from tools.ingest.pipeline import ChunkingConfig, Ingestor

        s = self.settings
        return Ingestor(
            catalog=self.catalog,
            dense=self.dense_store,
            keyword=self.keyword_store,
            embedder=self.embedder,
            chunking=ChunkingConfig(
                strategy=s.chunk_strategy, target_tokens=s.chunk_tokens, overlap_tokens=s.chunk_overlap
            ),
            max_file_bytes=s.max_file_bytes,
        )

    def retrieval_eval(self, depth: int = 50) -> RetrievalEval:
        """The evaluation runner over this container's stores; its scratch collections are named by the chunking."""
        from tools.evaluation.retrieval import RetrievalEval

        s = self.settings
        chunking = f"{s.chunk_strategy}-{s.chunk_tokens}-{s.chunk_overlap}"
        return RetrievalEval(
            searcher=self.searcher, ingestor=self.ingestor, catalog=self.catalog, chunking=chunking, depth=depth
        )

    @cached_property
    def redis(self) -> Redis | None:
        """A Redis client, or None when SLEUTH_REDIS_URL is unset (no caching, in-process rate limits)."""
        if not self.settings.redis_url:
            return None
        from redis import Redis

        # Short timeouts: a dead Redis must cost little, the service answers uncached meanwhile.
        return Redis.from_url(self.settings.redis_url, socket_timeout=0.5, socket_connect_timeout=0.5)

    @cached_property
    def cache(self) -> RedisCache:
        from api.metrics import observe_cache
        from api.version import __version__
        from tools.cache import RedisCache

        s = self.settings
        return RedisCache(
            self.redis,
            ttl_s=s.cache_ttl_s,
            retry_s=s.redis_retry_s,
            observer=observe_cache,
            prefix=s.cache_prefix,
            release=__version__,
        )

    @cached_property
    def cached_searcher(self) -> CachedSearcher:
        """The searcher with query embeddings and results cached in Redis (same `search()` signature)."""
        from tools.cache import CachedSearcher, QueryCachedEmbedder

        base = self.searcher
        inner = HybridSearcher(
            catalog=base.catalog,
            dense=base.dense,
            keyword=base.keyword,
            embedder=QueryCachedEmbedder(base.embedder, self.cache),
            reranker=base.reranker,
            config=base.config,
        )
        return CachedSearcher(inner, self.catalog, self.cache)

    @cached_property
    def chat_model(self) -> BaseChatModel | None:
        """Claude through langchain-anthropic when a key is set; None = the LLM-free extractive path."""
        s = self.settings
        if s.anthropic_api_key is None:
            return None
        from langchain_anthropic import ChatAnthropic

        # Retries and timeouts are the SDK's own (exponential back-off on 429/5xx and connection errors).
        return ChatAnthropic(  # type: ignore[call-arg]
            model=s.anthropic_model,
            api_key=s.anthropic_api_key,
            base_url=s.anthropic_base_url,
            timeout=s.llm_timeout_s,
            max_retries=s.llm_max_retries,
            max_tokens=s.llm_max_tokens,
        )

    @cached_property
    def agent_deps(self) -> AgentDeps:
        """The ask graph's services: the Redis-cached searcher, the embedder, Claude when configured."""
        from agent.deps import AgentDeps

        return AgentDeps(
            searcher=self.cached_searcher,
            embedder=self.embedder,
            chat_model=self.chat_model,
            chat_model_id=self.settings.anthropic_model if self.chat_model is not None else "",
            structured_output=self.settings.llm_structured_output,
        )

    def ask_knobs(self, **overrides: object) -> dict[str, object]:
        """Per-run Context knobs from the settings, with the caller's overrides (None = keep the setting)."""
        s = self.settings
        knobs: dict[str, object] = {"mode": s.answer_mode, "max_hops": s.max_hops, "top_k": s.agent_top_k}
        knobs.update({k: v for k, v in overrides.items() if v is not None})
        return knobs

    @cached_property
    def feedback(self) -> FeedbackStore:
        """Answers served and their ratings (SQLite beside the catalog)."""
        from api.feedback import FeedbackStore

        return FeedbackStore(self.settings.data_dir / "feedback.sqlite")

    def close(self) -> None:
        """Close every client that was built (and only those)."""
        built: dict[str, Any] = self.__dict__
        for name in (
            "feedback",
            "agent_deps",
            "chat_model",
            "cached_searcher",
            "cache",
            "redis",
            "ingestor",
            "searcher",
            "dense_store",
            "keyword_store",
            "embedder",
            "catalog",
        ):
            obj = built.pop(name, None)
            closer = getattr(obj, "close", None)
            if callable(closer):
                closer()
        cache = getattr(built.get("embedder"), "cache", None)
        if cache is not None:
            cache.close()
