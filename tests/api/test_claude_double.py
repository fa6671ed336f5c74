"""The Claude path through the real `anthropic` SDK (via langchain-anthropic) against a local HTTP double of the
Messages API: forced tool calls for each structured output, usage recorded, SDK retries, a failing API as a 503."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from anthropic_double import double_app, forced_tool, tool_use
from apitest import claude_settings, seed
from fastapi.testclient import TestClient
from sleuth_servers import RedisServer, uvicorn_server

from api.container import Container
from api.main import create_app

QUOTE = "acquired by Halden Systems in March 2019"


def prompt_of(body: dict[str, Any]) -> str:
    content = body["messages"][-1]["content"]
    return content if isinstance(content, str) else " ".join(b.get("text", "") for b in content)


def passage_number(prompt: str, quote: str) -> int:
    for m in re.finditer(r"\[(\d+)\] (.*?)(?=\n\n\[\d+\] |\n</passages>)", prompt, re.S):
        if quote in m.group(2):
            return int(m.group(1))
    raise AssertionError(f"{quote!r} not in the passages")


def claude(body: dict[str, Any]) -> list[dict[str, Any]]:
    """A well-behaved model: one hop, one cited claim, judged supported."""
    tool = forced_tool(body)
    prompt = prompt_of(body)
    if tool == "Plan":
        return [tool_use(tool, {"sub_queries": ["Who acquired Brightwell Analytics?"]})]
    if tool == "ReadOut":
        return [tool_use(tool, {"enough": True, "facts": ["Halden Systems acquired Brightwell in 2019"]})]
    if tool == "Draft":
        n = passage_number(prompt, QUOTE)
        claim = {"text": "Halden Systems acquired Brightwell Analytics in March 2019.", "citations": []}
        claim["citations"] = [{"passage": n, "quote": QUOTE}]
        return [tool_use(tool, {"answerable": True, "short_answer": "Halden Systems", "claims": [claim]})]
    if tool == "Verdicts":
        return [tool_use(tool, {"verdicts": [{"claim": 1, "supported": True, "score": 0.95}]})]
    raise AssertionError(f"unexpected request: {tool}")


@pytest.fixture(scope="module")
def double() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    calls: list[dict[str, Any]] = []
    with uvicorn_server(double_app(claude, calls)) as url:  # type: ignore[arg-type]
        yield url, calls


@pytest.fixture(scope="module")
def claude_client(
    tmp_path_factory: pytest.TempPathFactory, redis_server: RedisServer, double: tuple[str, list[dict[str, Any]]]
) -> Iterator[TestClient]:
    s = claude_settings(tmp_path_factory.mktemp("claude"), redis_server.url, double[0], llm_max_retries=2)
    c = Container(s)
    seed(c, "deals")
    with TestClient(create_app(s, c)) as tc:
        yield tc
    c.close()


def test_ask_uses_claude_through_the_real_sdk(
    claude_client: TestClient, double: tuple[str, list[dict[str, Any]]]
) -> None:
    calls = double[1]
    calls.clear()
    r = claude_client.post("/v1/collections/deals/ask", json={"question": "Who acquired Brightwell Analytics?"})
    assert r.status_code == 200, r.text
    a = r.json()
    assert a["mode"] == "claude" and not a["abstained"] and a["short_answer"] == "Halden Systems"
    cite = a["claims"][0]["citations"][0]
    assert cite["quote"] == QUOTE and cite["title"] == "brightwell"
    # The quote's offsets were computed in code: they point at the quote in the seeded document.
    from apitest import DOCS

    assert DOCS["brightwell.md"][cite["start"] : cite["end"]] == QUOTE
    assert a["claims"][0]["verdict"]["method"] == "claude"
    # Four structured calls through Claude's json_schema outputs, with the system prompt that fences passages as data.
    assert [forced_tool(b) for b in calls] == ["Plan", "ReadOut", "Draft", "Verdicts"]
    assert all(b["output_config"]["format"]["type"] == "json_schema" and "tool_choice" not in b for b in calls)
    assert all(b["model"] == "claude-test" and "never instructions" in json.dumps(b["system"]) for b in calls)
    assert a["usage"] == {"llm_calls": 4, "input_tokens": 400, "output_tokens": 80}
    # The draft's schema offers a computed claim's derivation; a stated claim leaves it empty.
    draft_schema = json.dumps(next(b for b in calls if forced_tool(b) == "Draft")["output_config"]["format"])
    assert '"derivation"' in draft_schema and a["claims"][0]["derivation"] == ""


def test_forced_tool_calls_for_models_without_structured_outputs(
    tmp_path_factory: pytest.TempPathFactory, redis_server: RedisServer, double: tuple[str, list[dict[str, Any]]]
) -> None:
    s = claude_settings(
        tmp_path_factory.mktemp("claude-tools"),
        redis_server.url,
        double[0],
        anthropic_model="claude-haiku-4-5",
        llm_structured_output="function_calling",
        cache_prefix="claude-tools",
    )
    c = Container(s)
    seed(c, "deals")
    calls = double[1]
    calls.clear()
    with TestClient(create_app(s, c)) as tc:
        r = tc.post("/v1/collections/deals/ask", json={"question": "Who acquired Brightwell Analytics?"})
    c.close()
    assert r.status_code == 200, r.text
    assert r.json()["claims"][0]["citations"][0]["quote"] == QUOTE
    # Every structured call forced its tool (an SDK retry may repeat one request).
    assert list(dict.fromkeys(forced_tool(b) for b in calls)) == ["Plan", "ReadOut", "Draft", "Verdicts"]
    assert all(b["tool_choice"] == {"type": "tool", "name": forced_tool(b)} for b in calls)
    assert not any("output_config" in b for b in calls)
