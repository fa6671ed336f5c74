"""Elasticsearch keyword index against osmem-server (an in-memory OpenSearch emulation run as a subprocess).

osmem is a test double for the wire format only; the production path is a real cluster (docker-compose).
The official 9.x client sends `application/vnd.elasticsearch+json; compatible-with=9`, which osmem (like
OpenSearch) answers with 406. `PlainMimeNode` below rewrites those two headers to plain JSON for these
tests only; production code never does this.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from elastic_transport import HttpHeaders, Urllib3HttpNode
from elastic_transport._node import NodeApiResponse
from elasticsearch import Elasticsearch
from osmem_server import OsmemServer
from test_keyword_tantivy import CHUNKS, KeywordContract

from tools.errors import KeywordBackendError
from tools.keyword_elasticsearch import ElasticsearchKeywordStore, doc_id_for
from tools.keyword_tantivy import TantivyKeywordStore

_COMPAT = re.compile(r"application/vnd\.elasticsearch\+([\w-]+); compatible-with=\d+")


class PlainMimeNode(Urllib3HttpNode):
    """Test-only: send plain `application/json` / `application/x-ndjson`, which osmem accepts."""

    def perform_request(
        self, method: str, target: str, body: bytes | None = None, headers: HttpHeaders | None = None, **kw: Any
    ) -> NodeApiResponse:
        if headers is not None:
            headers = headers.copy()
            for name in ("accept", "content-type"):
                if name in headers:
                    headers[name] = _COMPAT.sub(r"application/\1", headers[name])
        return super().perform_request(method, target, body, headers, **kw)


@pytest.fixture(scope="module")
def osmem() -> Iterator[OsmemServer]:
    server = OsmemServer.start(japanese=False)  # a free loopback port, picked by the server
    yield server
    server.close()


class TestElasticsearch(KeywordContract):
    @pytest.fixture
    def store(self, osmem: OsmemServer, request: pytest.FixtureRequest) -> Iterator[ElasticsearchKeywordStore]:
        # One prefix per test keeps tests apart on the shared server.
        prefix = re.sub(r"[^a-z0-9]+", "-", request.node.name.lower()).strip("-")[:40] + "-"
        s = ElasticsearchKeywordStore(Elasticsearch(osmem.url, node_class=PlainMimeNode), prefix=prefix)
        yield s
        for name in ("k1", "k2"):
            s.drop(name)
        s.close()

    def test_mapping_is_explicit(self, store: ElasticsearchKeywordStore) -> None:
        index = store.index("k1")
        index.upsert(CHUNKS)
        mapping = store.client.indices.get_mapping(index=index.name)[index.name]["mappings"]
        props = mapping["properties"]
        assert props["body"] == {"type": "text", "analyzer": "standard"}
        assert {props[f]["type"] for f in ("chunk_id", "doc_id", "source", "title", "filter_terms")} == {"keyword"}
        assert props["meta"]["properties"]["lang"]["type"] == "keyword"

    def test_same_order_as_tantivy(self, store: ElasticsearchKeywordStore, tmp_path: Any) -> None:
        """Both are Lucene-style BM25 (k1=1.2, b=0.75) over Unicode word tokens, lowercased."""
        tv = TantivyKeywordStore(tmp_path / "tv")
        for s in (store, tv):
            s.index("k1").upsert(CHUNKS)
        for q in ("When did Ermengarde of Tours die?", "Lothair Piacenza", "king of Lotharingia"):
            assert self.ids(store.index("k1"), q)[:2] == self.ids(tv.index("k1"), q)[:2], q
        tv.close()

    def test_long_chunk_ids_get_a_hashed_id(self) -> None:
        assert doc_id_for("a#1") == "a#1"
        assert len(doc_id_for("x" * 600)) == 64


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_unreachable_cluster_raises_typed_errors() -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    client = Elasticsearch(url, node_class=PlainMimeNode, request_timeout=2, max_retries=0)
    store = ElasticsearchKeywordStore(client)
    with pytest.raises(KeywordBackendError, match=f"Elasticsearch at {url}"):
        store.ping()
    with pytest.raises(KeywordBackendError, match="search"):
        store.index("k1").search("Lothair", 3)
    with pytest.raises(KeywordBackendError, match="upsert"):
        store.index("k1").upsert(CHUNKS)
    store.close()
