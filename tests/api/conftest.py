"""Fixtures: a real redis-server, and the real app (bundled minilm-int8 embedder, embedded stores) on tmp dirs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sleuth_servers import RedisServer

from api.auth import hash_key
from api.container import Container
from api.main import create_app
from api.settings import ApiKeySpec, Settings
from tools.catalog import DocumentRecord
from tools.types import Chunk

KEYS = {
    "acme-secret": ApiKeySpec(tenant="acme", collections=["acme-*"]),
    "globex-secret": ApiKeySpec(tenant="globex", collections=["globex-*"]),
    "tiny-secret": ApiKeySpec(tenant="tiny", collections=["tiny"], rate_per_minute=5),
}
DOCS = {
    "ledger.md": "# The Quiet Ledger\n\nThe Quiet Ledger is a novel written by Mara Okafor in 2011. "
    "Okafor later founded the startup Brightwell Analytics in Lagos.\n",
    "brightwell.md": "# Brightwell Analytics\n\nBrightwell Analytics was acquired by Halden Systems in March 2019 "
    "for 40 million dollars. Halden Systems is based in Oslo.\n",
    "bridge.txt": "The Tamsin Bridge opened in 1932. It was designed by the engineer Ilse Varga.\n",
}


def pytest_addoption(parser: pytest.Parser) -> None:
    # Registered when tests/api is on the command line (this conftest then loads before option parsing).
    parser.addoption(
        "--screenshot",
        default=None,
        help="test_web: also save the answered page here (refresh docs/screenshot.png)",
    )


def make_settings(data_dir: Path, redis_url: str | None, **extra: object) -> Settings:
    return Settings(
        data_dir=data_dir,
        embedder="minilm-int8",
        embed_workers=1,
        redis_url=redis_url,
        redis_retry_s=0.2,
        _env_file=None,  # type: ignore[call-arg]
        **extra,  # type: ignore[arg-type]
    )


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    server = RedisServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory, redis_server: RedisServer) -> Settings:
    return make_settings(tmp_path_factory.mktemp("sleuth"), redis_server.url)


@pytest.fixture(scope="module")
def container(settings: Settings) -> Iterator[Container]:
    c = Container(settings)
    yield c
    c.close()


@pytest.fixture(scope="module")
def client(settings: Settings, container: Container) -> Iterator[TestClient]:
    with TestClient(create_app(settings, container)) as tc:
        yield tc


@pytest.fixture(scope="module")
def auth_client(tmp_path_factory: pytest.TempPathFactory, redis_server: RedisServer) -> Iterator[TestClient]:
    """An app with API keys on (two tenants), sharing the session's Redis."""
    keys = {hash_key(k): spec for k, spec in KEYS.items()}
    s = make_settings(tmp_path_factory.mktemp("sleuth-auth"), redis_server.url, api_keys=keys)
    c = Container(s)
    with TestClient(create_app(s, c)) as tc:
        yield tc
    c.close()


def ingest(client: TestClient, collection: str, docs: dict[str, str] = DOCS, headers: dict[str, str] | None = None):
    """Upload `docs` and wait for the job; returns the finished job."""
    import time

    files = [("files", (name, text.encode(), "text/plain")) for name, text in docs.items()]
    r = client.post(f"/v1/collections/{collection}/documents", files=files, headers=headers or {})
    assert r.status_code == 202, r.text
    job_id = r.json()["job_id"]
    for _ in range(600):
        job = client.get(f"/v1/jobs/{job_id}", headers=headers or {}).json()
        if job["state"] in ("succeeded", "failed"):
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} did not finish: {job}")


def seed(c: Container, collection: str, docs: dict[str, str] = DOCS) -> list[Chunk]:
    """Index each doc as one passage straight into the real stores (for tests that do not exercise upload)."""
    c.catalog.create_collection(collection, c.embedder.model_id, c.embedder.dim)
    chunks = [
        Chunk(
            chunk_id=f"{Path(n).stem}:0", doc_id=Path(n).stem, title=Path(n).stem, source=n, text=t, start=0, end=len(t)
        )
        for n, t in docs.items()
    ]
    c.dense_store.index(collection).upsert(chunks, c.embedder.embed_passages([ch.embed_text for ch in chunks]))
    c.keyword_store.index(collection).upsert(chunks)
    for ch in chunks:
        rec = DocumentRecord(doc_id=ch.doc_id, source=ch.source, title=ch.title, content_hash=ch.doc_id, n_chunks=1)
        c.catalog.upsert_document(collection, rec)
    return chunks
