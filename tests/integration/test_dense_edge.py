"""qdrant-edge dense index: the DenseIndex contract (shared with the Qdrant tests), persistence and locking."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tools.dense_edge import EdgeDenseStore, point_id
from tools.errors import DenseBackendError, InvalidFilterError
from tools.types import Chunk, DenseIndex

DIM = 8


def make_chunk(i: int, doc: str, **meta: Any) -> Chunk:
    text = f"passage {i} of {doc}"
    return Chunk(
        chunk_id=f"{doc}#{i}", doc_id=doc, title=f"Title {doc}", source=f"/data/{doc}.md", text=text,
        start=0, end=len(text), page=i if i % 2 else None, meta=meta,
    )  # fmt: skip


def unit(seed: int) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=DIM).astype(np.float32)
    return v / np.linalg.norm(v)


CHUNKS = [
    make_chunk(0, "a", lang="en", year=2020, score=0.5, draft=True),
    make_chunk(1, "a", lang="en", year=2021, score=1.0, draft=False),
    make_chunk(2, "b", lang="fr", year=2020, score=2.5, draft=False),
    make_chunk(3, "b", lang="fr", year=1, tags="x"),
    make_chunk(4, "c", lang="de", year=True),
]
VECS = np.stack([unit(i) for i in range(len(CHUNKS))])


class DenseContract:
    """Behaviour every DenseIndex must show; subclasses provide a `store` fixture."""

    def ids(self, index: DenseIndex, vec: np.ndarray, **filters: Any) -> list[str]:
        return [r.chunk.chunk_id for r in index.search(vec, 10, filters or None)]

    def test_search_ranks_nearest_first_and_rebuilds_chunks(self, store: Any) -> None:
        index = store.index("c1")
        index.upsert(CHUNKS, VECS)
        assert index.count() == len(CHUNKS)
        for i, chunk in enumerate(CHUNKS):
            results = index.search(VECS[i], 3)
            assert results[0].chunk == chunk
            assert [r.rank for r in results] == [1, 2, 3]
            assert results[0].score == pytest.approx(1.0, abs=1e-4)
            assert results[0].score >= results[1].score >= results[2].score
        assert index.get(CHUNKS[2].chunk_id) == CHUNKS[2]
        assert index.get("nope") is None

    def test_upsert_is_idempotent_and_replaces(self, store: Any) -> None:
        index = store.index("c1")
        index.upsert(CHUNKS, VECS)
        index.upsert(CHUNKS, VECS)
        assert index.count() == len(CHUNKS)
        changed = Chunk(**{**CHUNKS[0].__dict__, "text": "new text", "end": 8})
        index.upsert([changed], VECS[:1])
        assert index.count() == len(CHUNKS)
        got = index.get(CHUNKS[0].chunk_id)
        assert got is not None and got.text == "new text"

    def test_bad_vectors_write_nothing(self, store: Any) -> None:
        index = store.index("c1")
        index.upsert(CHUNKS[:2], VECS[:2])
        with pytest.raises(ValueError):
            index.upsert(CHUNKS, VECS[:, :4])
        with pytest.raises(ValueError):
            index.upsert(CHUNKS, VECS[:3])
        assert index.count() == 2

    def test_deletes(self, store: Any) -> None:
        index = store.index("c1")
        index.upsert(CHUNKS, VECS)
        index.delete_documents(["a", "zzz"])
        assert index.count() == 3
        index.delete_chunks([CHUNKS[2].chunk_id])
        assert sorted(self.ids(index, VECS[0])) == [CHUNKS[3].chunk_id, CHUNKS[4].chunk_id]
        index.delete_documents([])
        assert index.count() == 2

    def test_filters(self, store: Any) -> None:
        index = store.index("c1")
        index.upsert(CHUNKS, VECS)
        q = VECS[0]
        assert sorted(self.ids(index, q, doc_id="b")) == ["b#2", "b#3"]
        assert sorted(self.ids(index, q, source="/data/a.md")) == ["a#0", "a#1"]
        assert sorted(self.ids(index, q, lang="fr", year=2020)) == ["b#2"]
        assert self.ids(index, q, score=1) == ["a#1"]  # numbers compare numerically: 1 == 1.0
        assert self.ids(index, q, score=2.5) == ["b#2"]
        assert self.ids(index, q, draft=True) == ["a#0"]
        assert self.ids(index, q, year=True) == ["c#4"]  # a bool is not the number 1 ...
        assert self.ids(index, q, year=1) == ["b#3"]  # ... and the number 1 is not True
        assert self.ids(index, q, year="2020") == []  # nor is a string a number
        assert self.ids(index, q, missing="x") == []
        assert self.ids(index, q, lang="EN") == []

    @pytest.mark.parametrize(
        "bad", [{"": "x"}, {"a.b": 1}, {"k": [1]}, {"k": None}, {"k": {"n": 1}}, {"k": float("nan")}]
    )
    def test_invalid_filters_raise(self, store: Any, bad: dict[str, Any]) -> None:
        index = store.index("c1")
        index.upsert(CHUNKS, VECS)
        with pytest.raises(InvalidFilterError):
            index.search(VECS[0], 3, bad)

    def test_collections_are_separate_and_drop(self, store: Any) -> None:
        store.index("c1").upsert(CHUNKS, VECS)
        store.index("c2").upsert(CHUNKS[:1], VECS[:1])
        assert store.index("c2").count() == 1
        store.drop("c1")
        assert store.index("c1").count() == 0
        assert store.index("c2").count() == 1
        store.ping()


class TestEdge(DenseContract):
    @pytest.fixture
    def store(self, tmp_path: Path) -> Any:
        s = EdgeDenseStore(tmp_path / "edge", dim=DIM)
        yield s
        s.close()

    def test_reopen_sees_data(self, tmp_path: Path) -> None:
        s = EdgeDenseStore(tmp_path / "edge", dim=DIM)
        s.index("c1").upsert(CHUNKS, VECS)
        s.close()
        s2 = EdgeDenseStore(tmp_path / "edge", dim=DIM)
        assert s2.index("c1").count() == len(CHUNKS)
        assert s2.index("c1").search(VECS[3], 1)[0].chunk == CHUNKS[3]
        s2.close()

    def test_second_process_gets_a_clear_error(self, tmp_path: Path) -> None:
        s = EdgeDenseStore(tmp_path / "edge", dim=DIM)
        s.index("c1").upsert(CHUNKS, VECS)
        code = textwrap.dedent(f"""
            from pathlib import Path
            from tools.dense_edge import EdgeDenseStore
            from tools.errors import DenseBackendError
            try:
                EdgeDenseStore(Path({str(tmp_path / "edge")!r}), dim={DIM}).index("c1").count()
            except DenseBackendError as e:
                print("ERR", e)
        """)
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=Path.cwd())
        assert "ERR" in out.stdout and "another process" in out.stdout, out.stdout + out.stderr
        s.close()

    def test_unwritable_root_fails_ping(self, tmp_path: Path) -> None:
        blocker = tmp_path / "file"
        blocker.write_text("x")
        with pytest.raises(DenseBackendError, match="qdrant-edge"):
            EdgeDenseStore(blocker / "edge", dim=DIM).ping()
        with pytest.raises(DenseBackendError, match=str(blocker)):
            EdgeDenseStore(blocker / "edge", dim=DIM).index("c1").count()

    def test_point_ids_are_uuid5(self) -> None:
        assert point_id("a#0") == point_id("a#0") != point_id("a#1")

    def test_real_embedder_finds_the_passage(self, tmp_path: Path) -> None:
        from tools.embedders import make_embedder

        emb = make_embedder("minilm-int8")
        texts = ["The Eiffel Tower is in Paris.", "Bananas are yellow fruit.", "Python is a programming language."]
        chunks = [make_chunk(i, f"d{i}") for i in range(3)]
        chunks = [Chunk(**{**c.__dict__, "text": t, "end": len(t)}) for c, t in zip(chunks, texts, strict=True)]
        s = EdgeDenseStore(tmp_path / "edge", dim=emb.dim)
        s.index("c").upsert(chunks, emb.embed_passages([c.embed_text for c in chunks]))
        top = s.index("c").search(emb.embed_query("which tower stands in Paris?"), 1)
        assert top[0].chunk.doc_id == "d0"
        s.close()
