"""HybridSearcher's fusion on a real tiny index (qdrant-edge, tantivy, MiniLM int8): weights, k, candidates."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from tools.catalog import Catalog
from tools.dense_edge import EdgeDenseStore
from tools.embedders import MiniLMOnnxEmbedder
from tools.hybrid import HybridSearcher
from tools.keyword_tantivy import TantivyKeywordStore
from tools.rerank import PassthroughReranker
from tools.types import Chunk, SearchHit

TEXTS = [
    ("Lighthouse", "Ada Morrow kept the Skarn lighthouse from 1891 to 1921.", "history"),
    ("Keeper's log", "The keeper wrote the weather into the log every night at the light.", "history"),
    ("Ferry", "The ferry to Skarn leaves Port Ellery twice a day.", "travel"),
    ("Puffins", "Puffins nest on the cliffs of Skarn from April to August.", "nature"),
    ("Storm of 1903", "In 1903 a storm wrecked three boats; the lamp of the lighthouse stayed lit.", "history"),
    ("Harbour", "The harbour of Port Ellery was dredged in 1950 for larger boats.", "travel"),
    ("Gulls", "Gulls follow fishing boats into the harbour all year.", "nature"),
    ("Beacon", "A beacon is a fire or light set on a high place as a signal or warning.", "nature"),
]
QUERIES = ["Who kept the lighthouse on Skarn?", "boats in the harbour", "light signal warning", "storm 1903"]


@pytest.fixture(scope="module")
def searcher(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HybridSearcher]:
    root = tmp_path_factory.mktemp("hybrid")
    embedder = MiniLMOnnxEmbedder()
    catalog = Catalog(root / "catalog.sqlite")
    catalog.create_collection("isle", embedder.model_id, embedder.dim)
    dense, keyword = EdgeDenseStore(root / "edge", embedder.dim), TantivyKeywordStore(root / "tantivy")
    chunks = [
        Chunk(chunk_id=f"c{i}", doc_id=f"d{i}", title=t, source=f"{i}.txt", text=x, start=0, end=len(x), meta={"t": m})
        for i, (t, x, m) in enumerate(TEXTS)
    ]
    dense.index("isle").upsert(chunks, embedder.embed_passages([c.embed_text for c in chunks]))
    keyword.index("isle").upsert(chunks)
    yield HybridSearcher(
        catalog=catalog, dense=dense, keyword=keyword, embedder=embedder, reranker=PassthroughReranker()
    )
    dense.close()
    keyword.close()
    catalog.close()


def configured(s: HybridSearcher, **changes: object) -> HybridSearcher:
    return HybridSearcher(
        catalog=s.catalog,
        dense=s.dense,
        keyword=s.keyword,
        embedder=s.embedder,
        reranker=s.reranker,
        config=replace(s.config, **changes),  # type: ignore[arg-type]
    )


def ids(hits: list[SearchHit]) -> list[str]:
    return [h.chunk.chunk_id for h in hits]


@pytest.mark.parametrize(("w", "k"), [(1.0, 60), (0.3, 60), (0.5, 5), (2.0, 1)])
@pytest.mark.parametrize("query", QUERIES)
def test_fused_scores_follow_the_weighted_rrf_formula(searcher: HybridSearcher, query: str, w: float, k: int) -> None:
    s = configured(searcher, bm25_weight=w, rrf_k=k)
    hits = s.search(query, "isle", mode="hybrid", k=8)
    dense = {h.chunk.chunk_id: h.ranks["dense"] for h in s.search(query, "isle", mode="dense", k=8)}
    bm25 = {h.chunk.chunk_id: h.ranks["bm25"] for h in s.search(query, "isle", mode="bm25", k=8)}
    assert set(ids(hits)) == set(dense) | set(bm25)
    for h in hits:
        cid = h.chunk.chunk_id
        expected = (1 / (k + dense[cid]) if cid in dense else 0) + (w / (k + bm25[cid]) if cid in bm25 else 0)
        assert h.score == pytest.approx(expected) and h.scores["rrf"] == h.score
        assert h.ranks.get("dense") == dense.get(cid) and h.ranks.get("bm25") == bm25.get(cid)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


@pytest.mark.parametrize("query", QUERIES)
def test_extreme_weights_reduce_to_one_list(searcher: HybridSearcher, query: str) -> None:
    dense_only = configured(searcher, bm25_weight=0.0).search(query, "isle", k=8)
    assert ids(dense_only) == ids(searcher.search(query, "isle", mode="dense", k=8))
    bm25_heavy = configured(searcher, bm25_weight=1000.0).search(query, "isle", k=8)
    bm25 = ids(searcher.search(query, "isle", mode="bm25", k=8))
    assert ids(bm25_heavy)[: len(bm25)] == bm25


def test_candidates_cut_each_list_before_fusion(searcher: HybridSearcher) -> None:
    s = configured(searcher, candidates=2)
    hits = s.search("the lighthouse and the harbour of Port Ellery", "isle", k=2)
    assert len(hits) == 2 and all(r <= 2 for h in hits for r in h.ranks.values())
    wide = configured(searcher, candidates=8).search("the lighthouse and the harbour of Port Ellery", "isle", k=8)
    assert max(r for h in wide for r in h.ranks.values()) > 2


def test_filters_apply_to_both_lists(searcher: HybridSearcher) -> None:
    hits = searcher.search("Skarn", "isle", k=8, filters={"t": "nature"})
    assert hits and {h.chunk.meta["t"] for h in hits} == {"nature"}
    assert {"dense", "bm25"} <= {stage for h in hits for stage in h.ranks}
