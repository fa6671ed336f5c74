"""MCP end to end with the SDK's own client: stdio (`sleuth mcp` subprocess) and streamable HTTP at /mcp.

Both transports run the same checks, `ask` included: its structured output is the agent's `Answer`, and each
citation's quote is the cited passage's text at the citation's offsets (opened with `get_passage`)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import httpx
import httpx2
import pytest
from apitest import make_settings, seed
from mcp import Client
from mcp.client.stdio import StdioServerParameters
from mcp.client.streamable_http import streamable_http_client
from sleuth_servers import RedisServer, uvicorn_server

from agent.schemas import Answer
from api.auth import hash_key
from api.container import Container
from api.main import create_app
from api.settings import ApiKeySpec

TOOLS = {"ask", "search", "get_passage", "list_collections"}
QUESTION = "Which company acquired Brightwell Analytics?"


async def exercise(client: Client, collection: str) -> dict[str, Any]:
    tools = {t.name: t for t in (await client.list_tools()).tools}
    assert set(tools) == TOOLS
    assert tools["search"].input_schema["required"] == ["collection", "query"]
    assert tools["search"].output_schema and "hits" in tools["search"].output_schema["properties"]
    listed = await client.call_tool("list_collections", {})
    names = [c["name"] for c in listed.structured_content["collections"]]
    found = await client.call_tool(
        "search", {"collection": collection, "query": "Who designed the Tamsin Bridge?", "k": 2}
    )
    assert not found.is_error, found.content
    top = found.structured_content["hits"][0]
    assert top["doc_id"] == "bridge" and top["source"] == "bridge.txt"
    passage = await client.call_tool("get_passage", {"chunk_id": top["chunk_id"]})
    assert passage.structured_content["text"].startswith("The Tamsin Bridge")
    bad = await client.call_tool("search", {"collection": "nope", "query": "x"})
    assert bad.is_error and "list_collections" in bad.content[0].text
    await check_ask(client, collection, tools["ask"].output_schema)
    return {"names": names}


async def check_ask(client: Client, collection: str, schema: dict[str, Any] | None) -> None:
    assert schema is not None
    assert {"claims", "abstained", "reason", "closest_evidence", "hops", "mode", "usage"} <= set(schema["properties"])
    answered = await client.call_tool("ask", {"collection": collection, "question": QUESTION})
    assert not answered.is_error, answered.content
    a = Answer.model_validate(answered.structured_content)
    assert not a.abstained and a.short_answer == "Halden Systems" and a.mode == "extractive"
    assert a.hops and a.claims and all(claim.verdict and claim.verdict.supported for claim in a.claims)
    cites = [cite for claim in a.claims for cite in claim.citations]
    assert cites and {cite.source for cite in cites} == {"brightwell.md"}
    for cite in cites:
        opened = await client.call_tool("get_passage", {"chunk_id": cite.chunk_id, "collection": collection})
        p = opened.structured_content
        assert p["text"][cite.start - p["start"] : cite.end - p["start"]] == cite.quote, cite
    unanswerable = await client.call_tool(
        "ask", {"collection": collection, "question": "What is the population of the Mars colony Zeta?"}
    )
    nope = Answer.model_validate(unanswerable.structured_content)
    assert nope.abstained and nope.reason and nope.closest_evidence and not nope.claims
    missing = await client.call_tool("ask", {"collection": "nope", "question": QUESTION})
    assert missing.is_error and "list_collections" in missing.content[0].text


@pytest.mark.anyio
async def test_mcp_over_stdio(tmp_path: Path) -> None:
    c = Container(make_settings(tmp_path, None))
    seed(c, "mcp-stdio")
    c.close()  # the server process opens the stores itself
    env = {"SLEUTH_DATA_DIR": str(tmp_path), "SLEUTH_EMBEDDER": "minilm-int8", "SLEUTH_EMBED_WORKERS": "1"}
    sleuth = str(Path(sys.executable).with_name("sleuth"))
    params = StdioServerParameters(command=sleuth, args=["mcp"], env={**env, "PATH": os.environ["PATH"]}, cwd=tmp_path)
    async with Client(params) as client:
        out = await exercise(client, "mcp-stdio")
    assert out["names"] == ["mcp-stdio"]


@pytest.mark.anyio
async def test_mcp_over_http_with_the_api_keys(tmp_path: Path, redis_server: RedisServer) -> None:
    keys = {hash_key("a-key"): ApiKeySpec(tenant="a", collections=["a-*"])}
    settings = make_settings(tmp_path, redis_server.url, api_keys=keys)
    c = Container(settings)
    seed(c, "a-docs")
    seed(c, "b-docs", {"other.md": "Tenant B's secret plans."})
    try:
        with uvicorn_server(create_app(settings, c)) as base:
            async with httpx.AsyncClient() as raw:
                denied = await raw.post(f"{base}/mcp", json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"})
            assert denied.status_code == 401 and denied.json()["error"]["code"] == "missing_api_key"
            http = httpx2.AsyncClient(headers={"Authorization": "Bearer a-key"}, timeout=60)
            async with http, Client(streamable_http_client(f"{base}/mcp", http_client=http)) as client:
                out = await exercise(client, "a-docs")
                other = await client.call_tool("search", {"collection": "b-docs", "query": "secret plans"})
                assert other.is_error, "another tenant's collection is invisible over MCP too"
            assert out["names"] == ["a-docs"]
    finally:
        c.close()
