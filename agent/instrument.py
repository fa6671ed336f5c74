"""Node timing, progress events, and structured LLM calls with usage accounting."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from functools import wraps
from typing import Any, TypeVar

from pydantic import BaseModel

from tools.errors import LLMBackendError

M = TypeVar("M", bound=BaseModel)
Node = Callable[..., Awaitable[Any]]


def timed(name: str) -> Callable[[Node], Node]:
    """Add `{"timings": {name: seconds}}` to a node's update (works for dict and Command returns)."""

    def deco(fn: Node) -> Node:
        @wraps(fn)
        async def run(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            out = await fn(*args, **kwargs)
            dt = time.perf_counter() - t0
            if isinstance(out, dict):
                return {**out, "timings": {name: dt}}
            update = getattr(out, "update", None)
            if isinstance(update, dict):
                update["timings"] = {name: dt}
            return out

        return run

    return deco


def emit(event: str, data: dict[str, Any]) -> None:
    """Send a progress event to `astream(stream_mode="custom")` listeners; a no-op outside a stream."""
    try:
        from langgraph.config import get_stream_writer

        get_stream_writer()({"event": event, "data": data})
    except RuntimeError:  # not running inside a graph (unit tests call nodes directly)
        pass


async def structured(
    model: Any, schema: type[M], system: str, user: str, method: str = "function_calling"
) -> tuple[M, dict[str, float]]:
    """Ask `model` for a `schema` instance; returns it and the usage it cost.

    `method` is "json_schema" (Claude's structured outputs: current models refuse forced tool use) or
    "function_calling" (a forced tool call, for models and fakes without structured outputs).

    Raises:
        LLMBackendError: the API failed after the SDK's own retries, or the reply did not fit the schema.
    """
    runnable = model.with_structured_output(schema, include_raw=True, method=method)
    try:
        out = await runnable.ainvoke([("system", system), ("human", user)])
    except Exception as e:  # the SDK raises many types (HTTP, timeout, validation); all mean "no usable reply"
        raise LLMBackendError(f"the language model call failed: {type(e).__name__}: {e}") from e
    raw = out.get("raw")
    meta = getattr(raw, "usage_metadata", None) or {}
    usage = {
        "llm_calls": 1,
        "input_tokens": float(meta.get("input_tokens", 0)),
        "output_tokens": float(meta.get("output_tokens", 0)),
    }
    parsed = out.get("parsed")
    if parsed is None:
        raise LLMBackendError(f"the language model reply did not fit {schema.__name__}: {out.get('parsing_error')}")
    return parsed, usage
