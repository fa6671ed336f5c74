"""Ask over REST against the real app and agent (LLM-free extractive mode): the JSON answer, the SSE stream parsed
event by event and ending in the same citations, an abstention, tenant scope, and what /metrics records."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from anthropic_double import double_app, forced_tool, tool_use
from apitest import claude_settings, ingest, seed
from fastapi.testclient import TestClient
from sleuth_servers import RedisServer, uvicorn_server

from agent.schemas import Answer
from api.container import Container
from api.main import create_app

COLLECTION = "ask-docs"
BRIDGE = "Who designed the Tamsin Bridge?"
MULTI_HOP = "Which company acquired the startup founded by the author of The Quiet Ledger, and when?"
UNANSWERABLE = "What is the population of the Mars colony Zeta?"
Event = tuple[str, dict[str, Any]]


def parse_sse(text: str) -> list[Event]:
    """Server-sent events as (event, JSON data), per the SSE framing: blank-line separated, `field: value` lines."""
    events: list[Event] = []
    for block in re.split(r"\r?\n\r?\n", text):
        name, data = "message", []
        for line in block.splitlines():
            if line.startswith("event:"):
                name = line[6:].strip()
            elif line.startswith("data:"):
                data.append(line[5:].removeprefix(" "))
        if data:
            events.append((name, json.loads("\n".join(data))))
    return events


def stream(client: TestClient, collection: str, question: str, headers: dict[str, str] | None = None) -> list[Event]:
    with client.stream(
        "POST", f"/v1/collections/{collection}/ask/stream", json={"question": question}, headers=headers or {}
    ) as r:
        assert r.status_code == 200, r.read()
        assert r.headers["content-type"].startswith("text/event-stream")
        return parse_sse("".join(r.iter_text()))


def citations(answer: dict[str, Any]) -> list[list[dict[str, Any]]]:
    return [claim["citations"] for claim in answer["claims"]]


def forget_answers(container: Container) -> None:
    """Drop the cached answers, so the next ask runs the graph again."""
    assert container.redis is not None
    keys = container.redis.keys(f"{container.settings.cache_prefix}:answer:*")
    if keys:
        container.redis.delete(*keys)


@pytest.fixture(scope="module")
def docs(client: TestClient) -> str:
    job = ingest(client, COLLECTION)  # the real upload path: files chunked, embedded, indexed
    assert job["state"] == "succeeded", job
    return COLLECTION


def test_json_answer_cites_the_passages_at_their_offsets(client: TestClient, docs: str) -> None:
    r = client.post(f"/v1/collections/{docs}/ask", json={"question": BRIDGE})
    assert r.status_code == 200, r.text
    a = r.json()
    Answer.model_validate(a)
    assert not a["abstained"] and a["short_answer"] == "Ilse Varga" and a["mode"] == "extractive"
    assert a["claims"] and all(claim["verdict"]["supported"] for claim in a["claims"])
    for cite in [c for cs in citations(a) for c in cs]:
        p = client.get(f"/v1/passages/{cite['chunk_id']}", params={"collection": docs}).json()
        assert p["text"][cite["start"] - p["start"] : cite["end"] - p["start"]] == cite["quote"]
        assert cite["source"] == p["source"] == "bridge.txt"
    assert a["hops"][0]["sub_queries"] and a["timings"]["plan"] >= 0


def test_stream_reports_progress_and_ends_with_the_json_answer(
    client: TestClient, container: Container, docs: str
) -> None:
    forget_answers(container)
    events = stream(client, docs, MULTI_HOP)
    names = [name for name, _ in events]
    assert names[0] == "plan" and names[-1] == "answer" and "error" not in names
    assert {"retrieved", "hop", "draft", "verification"} <= set(names)
    data = dict(events)  # the last event of each kind
    assert data["plan"]["sub_queries"] and data["plan"]["mode"] == "extractive"
    assert {"hop", "query", "n", "ids", "titles"} <= set(data["retrieved"])
    assert {"answerable", "short_answer", "claims", "context_ids"} <= set(data["draft"])
    verdicts = data["verification"]["claims"]
    assert verdicts and {"text", "supported", "score", "method"} <= set(verdicts[0])
    streamed = data["answer"]
    Answer.model_validate(streamed)
    # "..., and when?": the date is part of the answer, taken from the cited sentence.
    assert streamed["short_answer"] == "Halden Systems; March 2019" and "March 2019" in json.dumps(streamed["claims"])
    assert len(streamed["hops"]) == len([e for e in events if e[0] == "hop"])

    forget_answers(container)  # the JSON route runs the graph again, uncached
    answered = client.post(f"/v1/collections/{docs}/ask", json={"question": MULTI_HOP}).json()
    assert answered["answer_id"] != streamed["answer_id"], "two runs, two answers"
    assert citations(answered) == citations(streamed) and citations(streamed)
    assert answered["answer"] == streamed["answer"]

    # Asked again, the stream is served from the cache: no progress, just the answer.
    assert stream(client, docs, MULTI_HOP) == [("answer", answered)]


def test_an_unanswerable_question_abstains_with_the_closest_evidence(client: TestClient, docs: str) -> None:
    events = stream(client, docs, UNANSWERABLE)
    a = events[-1][1]
    assert events[-1][0] == "answer"
    assert a["abstained"] and a["reason"] and not a["claims"] and not a["short_answer"]
    assert a["closest_evidence"] and all(e["quote"] for e in a["closest_evidence"])


def test_a_stream_that_fails_ends_with_an_error_event(client: TestClient, docs: str) -> None:
    events = stream(client, docs, "   ")  # passes the length check, but the search refuses an empty query
    assert events[-1][0] == "error" and events[-1][1]["code"] == "empty_query", events


def test_ask_is_scoped_to_the_key(auth_client: TestClient) -> None:
    container = auth_client.app.state.services.container  # type: ignore[attr-defined]
    seed(container, "acme-ask")
    globex, acme = {"X-API-Key": "globex-secret"}, {"X-API-Key": "acme-secret"}
    for path in ("/v1/collections/acme-ask/ask", "/v1/collections/acme-ask/ask/stream"):
        r = auth_client.post(path, json={"question": BRIDGE}, headers=globex)
        assert r.status_code == 404 and r.json()["error"]["code"] == "collection_not_found"
    assert auth_client.post("/v1/collections/acme-ask/ask", json={"question": ""}, headers=acme).status_code == 422
    assert stream(auth_client, "acme-ask", BRIDGE, headers=acme)[-1][1]["short_answer"] == "Ilse Varga"


def _metric(text: str, name: str, **labels: str) -> float:
    want = ",".join(f'{k}="{v}"' for k, v in labels.items())
    m = re.search(rf"^{name}{{{re.escape(want)}}} (\S+)$" if labels else rf"^{name} (\S+)$", text, re.M)
    return float(m.group(1)) if m else 0.0


def test_metrics_record_node_latency_and_cache_hits(client: TestClient, container: Container, docs: str) -> None:
    before = client.get("/metrics").text
    forget_answers(container)
    client.post(f"/v1/collections/{docs}/ask", json={"question": BRIDGE})  # runs the graph
    client.post(f"/v1/collections/{docs}/ask", json={"question": BRIDGE})  # from the cache
    after = client.get("/metrics").text
    for node in ("plan", "retrieve", "read", "compose", "verify"):
        count = "sleuth_graph_node_seconds_count"
        assert _metric(after, count, node=node) == _metric(before, count, node=node) + 1, node
    hits = ("sleuth_cache_requests_total", {"kind": "answer", "outcome": "hit"})
    assert _metric(after, hits[0], **hits[1]) == _metric(before, hits[0], **hits[1]) + 1
    cached = ("sleuth_answers_total", {"abstained": "false", "cached": "true"})
    assert _metric(after, cached[0], **cached[1]) == _metric(before, cached[0], **cached[1]) + 1
    assert 'sleuth_llm_tokens_total{kind="input_tokens"}' in after, "token series exist before any LLM call"


def _abstaining_claude(body: dict[str, Any]) -> list[dict[str, Any]]:
    """A scripted Claude on the Messages wire format that plans one query and finds nothing to answer."""
    tool = forced_tool(body)
    replies: dict[str, dict[str, Any]] = {
        "Plan": {"sub_queries": ["Mars colony Zeta population"]},
        "ReadOut": {"enough": True},
        "Draft": {"answerable": False},
        "Verdicts": {"verdicts": []},
    }
    return [tool_use(tool, replies[tool])]


def test_metrics_count_llm_tokens(tmp_path_factory: pytest.TempPathFactory, redis_server: RedisServer) -> None:
    with uvicorn_server(double_app(_abstaining_claude)) as url:  # type: ignore[arg-type]
        s = claude_settings(tmp_path_factory.mktemp("ask-claude"), redis_server.url, url, cache_prefix="ask-claude")
        c = Container(s)
        seed(c, "deals")
        try:
            with TestClient(create_app(s, c)) as tc:
                before = tc.get("/metrics").text
                a = tc.post("/v1/collections/deals/ask", json={"question": UNANSWERABLE}).json()
                after = tc.get("/metrics").text
        finally:
            c.close()
    assert a["mode"] == "claude" and a["abstained"] and a["usage"]["input_tokens"] > 0
    tokens = "sleuth_llm_tokens_total"
    for kind in ("input_tokens", "output_tokens"):
        assert _metric(after, tokens, kind=kind) - _metric(before, tokens, kind=kind) == a["usage"][kind]
    calls = _metric(after, "sleuth_llm_calls_total") - _metric(before, "sleuth_llm_calls_total")
    assert calls == a["usage"]["llm_calls"] > 0


def test_openapi_documents_the_answer_and_the_stream(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    ask_ok = spec["paths"]["/v1/collections/{name}/ask"]["post"]["responses"]["200"]["content"]["application/json"]
    assert ask_ok["schema"] == {"$ref": "#/components/schemas/Answer"}
    Answer.model_validate(ask_ok["example"])
    stream_ok = spec["paths"]["/v1/collections/{name}/ask/stream"]["post"]["responses"]["200"]["content"]
    names = [name for name, _ in parse_sse(stream_ok["text/event-stream"]["example"])]
    assert names == ["plan", "retrieved", "hop", "draft", "verification", "answer"]
