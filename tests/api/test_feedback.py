"""Feedback on an answer id: stored, counted in /metrics, and scoped like the answer's collection."""

from __future__ import annotations

import re

from apitest import seed
from fastapi.testclient import TestClient


def _count(metrics: str, rating: str) -> float:
    m = re.search(rf'^sleuth_feedback_total{{rating="{rating}"}} (\S+)$', metrics, re.M)
    return float(m.group(1)) if m else 0.0


def test_feedback_is_stored_and_counted(client: TestClient) -> None:
    container = client.app.state.services.container  # type: ignore[attr-defined]
    seed(container, "fb")
    container.feedback.record_answer("ans-1", "fb", "who designed the bridge?")  # as the ask routes do
    before = _count(client.get("/metrics").text, "down")

    r = client.post("/v1/answers/ans-1/feedback", json={"rating": "down", "comment": "wrong year"})
    assert r.status_code == 201, r.text
    assert r.json()["counts"] == {"up": 0, "down": 1}
    r = client.post("/v1/answers/ans-1/feedback", json={"rating": "up"})
    assert r.json()["counts"] == {"up": 1, "down": 1}
    assert _count(client.get("/metrics").text, "down") == before + 1

    assert client.post("/v1/answers/nope/feedback", json={"rating": "up"}).status_code == 404
    bad = client.post("/v1/answers/ans-1/feedback", json={"rating": "meh"})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "validation_error"


def test_feedback_respects_tenants(auth_client: TestClient) -> None:
    container = auth_client.app.state.services.container  # type: ignore[attr-defined]
    seed(container, "acme-fb")
    container.feedback.record_answer("acme-answer", "acme-fb", "q")
    theirs = auth_client.post(
        "/v1/answers/acme-answer/feedback", json={"rating": "up"}, headers={"X-API-Key": "globex-secret"}
    )
    assert theirs.status_code == 404
    ours = auth_client.post(
        "/v1/answers/acme-answer/feedback", json={"rating": "up"}, headers={"X-API-Key": "acme-secret"}
    )
    assert ours.status_code == 201
