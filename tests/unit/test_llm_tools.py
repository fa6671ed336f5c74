"""The agent's LangChain tools over a real tiny index (qdrant-edge, tantivy, MiniLM int8): results and bad calls."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from langchain_core.messages import ToolMessage
from langchain_core.tools import BaseTool

from tools.catalog import Catalog
from tools.dense_edge import EdgeDenseStore
from tools.embedders import MiniLMOnnxEmbedder
from tools.hybrid import HybridSearcher
from tools.keyword_tantivy import TantivyKeywordStore
from tools.llm_tools import build_llm_tools
from tools.rerank import PassthroughReranker
from tools.types import Chunk

PASSAGES = {
    "lothair": ("Lothair II", "Lothair II was king of Lotharingia from 855 until his death in 869."),
    "ermengarde": ("Ermengarde of Tours", "Ermengarde of Tours, mother of Lothair II, died on 20 March 851."),
    "erstein": ("Erstein", "Erstein is a commune in the Bas-Rhin department in north-eastern France."),
    "rhine": ("Rhine", "The Rhine flows from the Swiss Alps to the North Sea."),
}


@pytest.fixture(scope="module")
def tools(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, BaseTool]]:
    root = tmp_path_factory.mktemp("llm-tools")
    embedder = MiniLMOnnxEmbedder()
    catalog = Catalog(root / "catalog.sqlite")
    catalog.create_collection("kings", embedder.model_id, embedder.dim)
    catalog.create_collection("other", embedder.model_id, embedder.dim)
    dense, keyword = EdgeDenseStore(root / "edge", embedder.dim), TantivyKeywordStore(root / "tantivy")
    chunks = [
        Chunk(chunk_id=f"{key}:0", doc_id=key, title=t, source=f"{key}.txt", text=x, start=0, end=len(x), page=1)
        for key, (t, x) in PASSAGES.items()
    ]
    dense.index("kings").upsert(chunks, embedder.embed_passages([c.embed_text for c in chunks]))
    keyword.index("kings").upsert(chunks)
    searcher = HybridSearcher(
        catalog=catalog, dense=dense, keyword=keyword, embedder=embedder, reranker=PassthroughReranker()
    )
    built = build_llm_tools(searcher, catalog=catalog, dense=dense, default_collection="kings")
    yield {t.name: t for t in built}
    dense.close()
    keyword.close()
    catalog.close()


def call(tool: BaseTool, **args: object) -> ToolMessage:
    """Invoke as an agent does (a tool call), so the artifact comes back on the ToolMessage."""
    msg = tool.invoke({"type": "tool_call", "id": "call-1", "name": tool.name, "args": args})
    assert isinstance(msg, ToolMessage)
    return msg


def test_schemas_hold_only_what_the_model_chooses(tools: dict[str, BaseTool]) -> None:
    assert set(tools) == {"search_passages", "get_passage"}
    search = tools["search_passages"]
    assert set(search.args) == {"query", "k", "mode", "collection"}
    assert "get_passage" in search.description and "id=" in search.description
    assert set(tools["get_passage"].args) == {"passage_id", "collection"}


def test_search_returns_numbered_citable_passages(tools: dict[str, BaseTool]) -> None:
    msg = call(tools["search_passages"], query="When did the mother of Lothair II die?", k=2)
    assert msg.content.startswith("[1] id=ermengarde:0 | Ermengarde of Tours | ermengarde.txt, page 1, chars 0-")
    assert "[2] id=" in msg.content and "[3]" not in msg.content
    assert msg.artifact[0]["chunk_id"] == "ermengarde:0" and len(msg.artifact) == 2
    assert set(msg.artifact[0]["scores"]) == {"dense", "bm25", "rrf"}
    bm25 = call(tools["search_passages"], query="Erstein commune", mode="bm25", k=1)
    assert bm25.artifact[0]["chunk_id"] == "erstein:0" and set(bm25.artifact[0]["scores"]) == {"bm25"}


def test_get_passage_reads_a_search_result_in_full(tools: dict[str, BaseTool]) -> None:
    hit = call(tools["search_passages"], query="Rhine North Sea", k=1).artifact[0]
    msg = call(tools["get_passage"], passage_id=hit["chunk_id"])
    assert msg.content.endswith(PASSAGES["rhine"][1]) and msg.content.startswith("id=rhine:0 | Rhine")
    assert msg.artifact[0]["text"] == PASSAGES["rhine"][1]


@pytest.mark.parametrize(
    ("tool", "args", "advice"),
    [
        ("search_passages", {"query": "   "}, "non-empty"),
        ("search_passages", {"query": "x" * 3000}, "shorter query"),
        ("search_passages", {"query": "Lothair", "collection": "queens"}, "Available collections: kings, other"),
        ("search_passages", {"query": "Lothair", "k": 500}, "Invalid arguments (k:"),
        ("search_passages", {"query": "Lothair", "mode": "fuzzy"}, "Invalid arguments (mode:"),
        ("search_passages", {"query": "zyxwvut", "mode": "bm25"}, "Try other words"),
        ("search_passages", {"query": "Lothair", "collection": "other"}, "No passages matched"),
        ("get_passage", {"passage_id": "nope:0"}, "Use an id exactly as search_passages printed it"),
        ("get_passage", {"passage_id": "rhine:0", "collection": "queens"}, "Call again with one of them"),
        ("get_passage", {}, "Invalid arguments (passage_id:"),
    ],
)
def test_a_bad_call_gets_advice_not_an_exception(
    tools: dict[str, BaseTool], tool: str, args: dict[str, object], advice: str
) -> None:
    msg = call(tools[tool], **args)
    assert advice in msg.content
    assert not msg.artifact


def test_without_a_default_collection_the_model_is_told_the_choices(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path / "catalog.sqlite")
    catalog.create_collection("only", "m", 4)

    class Unused:
        def search(self, *a: object, **kw: object) -> list[object]:
            raise AssertionError("must not search without a collection")

    [search] = build_llm_tools(Unused(), catalog=catalog)  # type: ignore[arg-type]
    assert "No collection was given. Available collections: only." in call(search, query="anything").content
    catalog.close()
