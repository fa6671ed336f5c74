"""Qdrant dense index through qdrant-client local mode (same API as a server), plus a closed-port server."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from qdrant_client import QdrantClient
from test_dense_edge import CHUNKS, DIM, VECS, DenseContract

from tools.dense_edge import EdgeDenseStore
from tools.dense_qdrant import QdrantDenseStore
from tools.errors import DenseBackendError


class TestQdrantMemory(DenseContract):
    @pytest.fixture
    def store(self) -> Iterator[QdrantDenseStore]:
        s = QdrantDenseStore(QdrantClient(":memory:"), dim=DIM)
        yield s
        s.close()


class TestQdrantOnDisk(DenseContract):
    @pytest.fixture
    def store(self, tmp_path: Path) -> Iterator[QdrantDenseStore]:
        s = QdrantDenseStore(QdrantClient(path=str(tmp_path / "q")), dim=DIM, prefix="t_")
        yield s
        s.close()

    def test_reopen_sees_data(self, tmp_path: Path) -> None:
        s = QdrantDenseStore(QdrantClient(path=str(tmp_path / "q")), dim=DIM)
        s.index("c1").upsert(CHUNKS, VECS)
        s.close()
        s2 = QdrantDenseStore(QdrantClient(path=str(tmp_path / "q")), dim=DIM)
        assert s2.index("c1").count() == len(CHUNKS)
        assert s2.index("c1").search(VECS[4], 1)[0].chunk == CHUNKS[4]
        s2.close()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_unreachable_server_raises_typed_errors() -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    store = QdrantDenseStore(QdrantClient(url=url, timeout=2, check_compatibility=False), dim=DIM)
    with pytest.raises(DenseBackendError, match=f"Qdrant at {url}"):
        store.ping()
    with pytest.raises(DenseBackendError, match="search"):
        store.index("c1").search(VECS[0], 3)
    with pytest.raises(DenseBackendError, match="upsert"):
        store.index("c1").upsert(CHUNKS, VECS)
    store.close()


def test_same_scores_and_order_as_edge(tmp_path: Path) -> None:
    """Both backends compute exact cosine on a tiny set, so they must agree on order and scores."""
    q = QdrantDenseStore(QdrantClient(":memory:"), dim=DIM)
    e = EdgeDenseStore(tmp_path / "edge", dim=DIM)
    for s in (q, e):
        s.index("c").upsert(CHUNKS, VECS)
    query: Any = VECS[1] + 0.5 * VECS[2]
    a, b = q.index("c").search(query, 5), e.index("c").search(query, 5)
    assert [r.chunk.chunk_id for r in a] == [r.chunk.chunk_id for r in b]
    assert [r.score for r in a] == pytest.approx([r.score for r in b], abs=1e-4)
    q.close()
    e.close()
