"""Process settings: pydantic-settings, `SLEUTH_` prefix, read from the environment and `.env`."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, BaseModel, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class ApiKeySpec(BaseModel):
    """One API key's tenant and scope; the key itself is never stored, only its sha256."""

    tenant: str
    collections: list[str] = Field(default_factory=list, description='Names, "prefix-*" patterns, or "*"')
    rate_per_minute: int | None = Field(None, ge=1, description="Overrides Settings.rate_per_minute")


class Settings(BaseSettings):
    """Everything the process needs to build its clients; per-run knobs live in `agent.context.Context`."""

    model_config = SettingsConfigDict(env_prefix="SLEUTH_", env_file=".env", extra="ignore")

    data_dir: Path = Field(Path(".sleuth"), description="Where embedded indexes, caches and the catalog live")

    # Embedding
    embedder: Literal["e5-small", "minilm-int8"] = "e5-small"
    embed_workers: int = Field(2, ge=1, le=64, description="Embedding processes during ingestion (one core each)")

    # Chunking
    chunk_strategy: Literal["sentence", "fixed"] = "sentence"
    chunk_tokens: int = Field(256, ge=16, le=2048)
    chunk_overlap: int = Field(32, ge=0, le=1024)
    max_file_bytes: int = Field(50 * 1024 * 1024, ge=1)

    # Backends: unset URL = embedded engine
    qdrant_url: str | None = None
    qdrant_api_key: SecretStr | None = None
    elasticsearch_url: str | None = None
    elasticsearch_api_key: SecretStr | None = None
    redis_url: str | None = None

    # Search
    search_mode: Literal["hybrid", "dense", "bm25"] = "hybrid"
    # Hybrid fusion chosen by measurement on the train sets (docs/retrieval.md): BM25 as a light vote beside e5.
    dense_weight: float = Field(1.0, ge=0)
    bm25_weight: float = Field(0.1, ge=0)
    rrf_k: int = Field(100, ge=1)
    candidates: int = Field(100, ge=1, le=1000, description="Per-retriever list length before fusion")
    rerank: bool = False
    rerank_top_n: int = Field(20, ge=1, le=1000, description="Head of the hybrid list the re-ranker re-orders")
    rerank_rank_weight: float = Field(
        4.0, ge=0, description="Blend: 1/(60 + re-ranker rank) + this / (60 + retrieval rank); 0 = re-ranker only"
    )
    reranker_dir: Path | None = Field(None, description="Another re-ranker bundle (default: models/reranker)")
    max_query_chars: int = Field(2000, ge=1)

    # LLM: ANTHROPIC_API_KEY is honoured as well, as the SDK does
    anthropic_api_key: SecretStr | None = Field(
        None, validation_alias=AliasChoices("SLEUTH_ANTHROPIC_API_KEY", "ANTHROPIC_API_KEY")
    )
    anthropic_base_url: str | None = None
    anthropic_model: str = Field(
        "claude-sonnet-5-5", description="Claude model id (claude-sonnet-4-5 retires 2026-11-30)"
    )
    llm_timeout_s: float = 60.0
    llm_max_retries: int = 2
    llm_max_tokens: int = Field(2048, ge=64, le=64000)
    llm_structured_output: Literal["json_schema", "function_calling"] = Field(
        "json_schema",
        description="Claude's structured outputs (current models refuse forced tool use), or forced tool calls "
        "for older models",
    )

    # Agent defaults (per-request overrides go through agent.context.Context)
    answer_mode: Literal["auto", "extractive", "claude", "local"] = Field(
        "auto", description="auto = Claude when a key is set, else the LLM-free extractive path"
    )
    max_hops: int = Field(3, ge=1, le=6)
    agent_top_k: int = Field(6, ge=1, le=50, description="Passages kept per sub-query")

    # Serving (API, MCP over HTTP). No api_keys = auth off (the local default).
    api_keys: dict[str, ApiKeySpec] = Field(
        default_factory=dict,
        description='sha256 hex of each key -> {"tenant", "collections", "rate_per_minute"}; hash with '
        "`python -m api.auth hash KEY`",
    )
    rate_per_minute: int = Field(120, ge=1, description="Requests per minute per key (per client IP when auth is off)")
    max_body_bytes: int = Field(1024 * 1024, ge=1024, description="JSON request bodies")
    max_upload_bytes: int = Field(20 * 1024 * 1024, ge=1024, description="One multipart upload request")
    max_upload_files: int = Field(50, ge=1)
    cache_ttl_s: int = Field(24 * 3600, ge=1, description="Redis cache entries; stale versions also expire")
    redis_retry_s: float = Field(5.0, ge=0, description="After a Redis failure, skip Redis this long")
    cache_prefix: str = Field(
        "sleuth", min_length=1, description="Redis key prefix: deployments sharing one Redis need different ones"
    )

    @property
    def embedded_dense(self) -> bool:
        return self.qdrant_url is None

    @property
    def embedded_keyword(self) -> bool:
        return self.elasticsearch_url is None


@lru_cache
def get_settings() -> Settings:
    return Settings()
