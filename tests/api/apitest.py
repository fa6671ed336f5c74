"""Shared helpers of the API tests (a module of its own: `conftest` names clash across test folders)."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from api.container import Container
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


def claude_settings(data_dir: Path, redis_url: str | None, llm_url: str, **extra: object) -> Settings:
    """Settings whose Claude is the local Messages double at `llm_url` (a key is set, so `auto` means Claude)."""
    fields: dict[str, object] = {"anthropic_api_key": "sk-test", "anthropic_model": "claude-test", **extra}
    return make_settings(data_dir, redis_url, anthropic_base_url=llm_url, **fields)


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
