"""Uploads: a background ingest job with progress and per-file errors; limits and scope refused up front."""

from __future__ import annotations

from apitest import DOCS, ingest
from fastapi.testclient import TestClient


def test_upload_runs_a_job_then_documents_are_listed_and_searchable(client: TestClient) -> None:
    files = {**DOCS, "broken.pdf": "%PDF-1.4 this is not really a pdf"}
    job = ingest(client, "docs-a", files)
    assert job["state"] == "succeeded", job
    assert job["stage"] == "done" and job["finished_at"] is not None
    assert job["report"]["added"] == 3
    assert [e["source"] for e in job["errors"]] == ["broken.pdf"] and job["errors"][0]["reason"]

    docs = client.get("/v1/collections/docs-a/documents").json()["documents"]
    assert sorted(d["title"] for d in docs) == ["bridge", "brightwell", "ledger"], "title = file name sans extension"
    hit = client.post("/v1/collections/docs-a/search", json={"query": "Who designed the Tamsin Bridge?", "k": 1})
    assert hit.json()["hits"][0]["source"].endswith("bridge.txt")
    version = client.get("/v1/collections/docs-a").json()["version"]

    bridge = next(d for d in docs if d["title"] == "bridge")
    assert client.delete(f"/v1/collections/docs-a/documents/{bridge['doc_id']}").status_code == 204
    assert client.get("/v1/collections/docs-a").json()["version"] > version
    again = client.post("/v1/collections/docs-a/search", json={"query": "Who designed the Tamsin Bridge?", "k": 3})
    assert all(not h["source"].endswith("bridge.txt") for h in again.json()["hits"]), "no stale cached result"


def test_upload_limits_and_bad_input(client: TestClient) -> None:
    limit = client.app.state.services.container.settings.max_upload_bytes  # type: ignore[attr-defined]
    big = [("files", ("big.txt", b"x" * (limit + 1), "text/plain"))]
    r = client.post("/v1/collections/docs-b/documents", files=big)
    assert r.status_code == 413 and r.json()["error"]["code"] == "body_too_large"
    one = [("files", ("a.txt", b"hello", "text/plain"))]
    r = client.post("/v1/collections/docs-b/documents", files=one, data={"meta": "[1, 2]"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_meta"
    r = client.post("/v1/collections/Bad!/documents", files=one)
    assert r.status_code in (400, 422)
    assert client.get("/v1/jobs/does-not-exist").status_code == 404


def test_reupload_replaces_instead_of_duplicating(client: TestClient) -> None:
    first = ingest(client, "docs-c", {"notes.md": "# Notes\n\nThe vault code is 1234.\n"})
    assert first["report"]["added"] == 1
    same = ingest(client, "docs-c", {"notes.md": "# Notes\n\nThe vault code is 1234.\n"})
    assert same["report"]["unchanged"] == 1
    edited = ingest(client, "docs-c", {"notes.md": "# Notes\n\nThe vault code is 9876.\n"})
    assert edited["report"]["updated"] == 1
    docs = client.get("/v1/collections/docs-c/documents").json()["documents"]
    assert [(d["title"], d["source"]) for d in docs] == [("notes", "notes.md")]
    hit = client.post("/v1/collections/docs-c/search", json={"query": "vault code", "k": 5}).json()["hits"]
    assert [h["text"].count("9876") for h in hit] == [1], "the old version's passage is gone"
