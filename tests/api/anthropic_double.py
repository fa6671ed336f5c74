"""A local HTTP double of the Anthropic Messages API wire format (the only remote part tests may replace).

`respond(request_json) -> list of content blocks` scripts the replies: a structured output gets a `tool_use` block
(sent as text JSON when the request used `output_config` json_schema instead of a forced tool), anything else text.
Streaming requests get the same reply as Messages SSE events.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

Responder = Callable[[dict[str, Any]], list[dict[str, Any]]]


def double_app(respond: Responder, calls: list[dict[str, Any]] | None = None) -> Starlette:
    async def messages(request: Request) -> Response:
        body = await request.json()
        if calls is not None:
            calls.append(body)
        blocks = respond(body)
        if _json_schema(body) is not None:
            # Structured outputs (output_config.format = json_schema): the reply is the JSON as text, not a tool call.
            blocks = [
                {"type": "text", "text": json.dumps(b["input"])} if b["type"] == "tool_use" else b for b in blocks
            ]
        message = {
            "id": f"msg_{uuid.uuid4().hex[:12]}",
            "type": "message",
            "role": "assistant",
            "model": body.get("model", "claude-test"),
            "content": blocks,
            "stop_reason": "tool_use" if any(b["type"] == "tool_use" for b in blocks) else "end_turn",
            "stop_sequence": None,
            "usage": {"input_tokens": 100, "output_tokens": 20},
        }
        if not body.get("stream"):
            return JSONResponse(message)
        return StreamingResponse(_sse(message), media_type="text/event-stream")

    return Starlette(routes=[Route("/v1/messages", messages, methods=["POST"])])


async def _sse(message: dict[str, Any]) -> AsyncIterator[bytes]:
    def ev(name: str, data: dict[str, Any]) -> bytes:
        return f"event: {name}\ndata: {json.dumps({'type': name, **data})}\n\n".encode()

    head = {**message, "content": [], "stop_reason": None, "usage": {"input_tokens": 100, "output_tokens": 1}}
    yield ev("message_start", {"message": head})
    for i, block in enumerate(message["content"]):
        if block["type"] == "text":
            yield ev("content_block_start", {"index": i, "content_block": {"type": "text", "text": ""}})
            yield ev("content_block_delta", {"index": i, "delta": {"type": "text_delta", "text": block["text"]}})
        else:
            start = {**block, "input": {}}
            yield ev("content_block_start", {"index": i, "content_block": start})
            delta = {"type": "input_json_delta", "partial_json": json.dumps(block["input"])}
            yield ev("content_block_delta", {"index": i, "delta": delta})
        yield ev("content_block_stop", {"index": i})
    yield ev("message_delta", {"delta": {"stop_reason": message["stop_reason"]}, "usage": {"output_tokens": 20}})
    yield ev("message_stop", {})


def _json_schema(body: dict[str, Any]) -> dict[str, Any] | None:
    fmt = (body.get("output_config") or {}).get("format") or {}
    return fmt.get("schema") if fmt.get("type") == "json_schema" else None


def forced_tool(body: dict[str, Any]) -> str | None:
    """The structured output the request asks for: the forced tool's name, or the json_schema's title."""
    schema = _json_schema(body)
    if schema is not None:
        return str(schema.get("title"))
    choice = body.get("tool_choice") or {}
    if choice.get("type") == "tool":
        return str(choice["name"])
    tools = body.get("tools") or []
    return str(tools[0]["name"]) if len(tools) == 1 and choice.get("type") == "any" else None


def tool_use(name: str, data: dict[str, Any]) -> dict[str, Any]:
    return {"type": "tool_use", "id": f"toolu_{uuid.uuid4().hex[:12]}", "name": name, "input": data}
