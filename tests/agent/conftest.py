"""A real small index (qdrant-edge + tantivy + bundled MiniLM int8) of hand-written documents for the agent tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from town import COLLECTION, DOCS

from agent.deps import AgentDeps
from tools.catalog import Catalog
from tools.dense_edge import EdgeDenseStore
from tools.embed_cache import CachedEmbedder, EmbeddingCache
from tools.embedders import make_embedder
from tools.hybrid import HybridSearcher
from tools.ingest.chunking import ChunkingConfig
from tools.ingest.pipeline import Ingestor
from tools.keyword_tantivy import TantivyKeywordStore
from tools.rerank import PassthroughReranker


@pytest.fixture(scope="session")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("town")
    for name, text in DOCS.items():
        (d / name).write_text(text, encoding="utf-8")
    return d


@pytest.fixture(scope="session")
def stores(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> Iterator[HybridSearcher]:
    root = tmp_path_factory.mktemp("agent-index")
    cache = EmbeddingCache(root / "embeddings.sqlite")
    embedder = CachedEmbedder("minilm-int8", make_embedder("minilm-int8"), cache, workers=1)
    catalog = Catalog(root / "catalog.sqlite")
    dense, keyword = EdgeDenseStore(root / "edge", embedder.dim), TantivyKeywordStore(root / "tantivy")
    ingestor = Ingestor(
        catalog=catalog,
        dense=dense,
        keyword=keyword,
        embedder=embedder,
        chunking=ChunkingConfig(strategy="sentence", target_tokens=128, overlap_tokens=16),
        max_file_bytes=1_000_000,
    )
    report = ingestor.ingest([corpus_dir], COLLECTION)
    assert report.ok, report.failures
    yield HybridSearcher(
        catalog=catalog, dense=dense, keyword=keyword, embedder=embedder, reranker=PassthroughReranker()
    )
    dense.close()
    keyword.close()
    catalog.close()
    embedder.close()
    cache.close()


@pytest.fixture
def deps(stores: HybridSearcher) -> AgentDeps:
    """LLM-free deps (tests add a chat model with dataclasses.replace)."""
    return AgentDeps(searcher=stores, embedder=stores.embedder)
