"""Prometheus metrics (process-wide, on prometheus-client's default registry) and the request middleware."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

REQUESTS = Counter("sleuth_http_requests_total", "HTTP requests", ["method", "route", "status"])
LATENCY = Histogram(
    "sleuth_http_request_seconds",
    "HTTP request latency",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
)
NODE_LATENCY = Histogram(
    "sleuth_graph_node_seconds",
    "Time spent in each node of the ask graph",
    ["node"],
    buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
)
LLM_TOKENS = Counter("sleuth_llm_tokens_total", "LLM tokens used by answers", ["kind"])
LLM_CALLS = Counter("sleuth_llm_calls_total", "LLM calls made by answers")
CACHE = Counter("sleuth_cache_requests_total", "Redis cache look-ups", ["kind", "outcome"])
FEEDBACK = Counter("sleuth_feedback_total", "Answer feedback received", ["rating"])
JOBS = Counter("sleuth_ingest_jobs_total", "Ingest jobs finished", ["status"])
ANSWERS = Counter("sleuth_answers_total", "Answers returned", ["abstained", "cached"])
# Series that exist from the start (at 0), so dashboards and alerts see them before the first LLM call or hit.
for _kind in ("input_tokens", "output_tokens"):
    LLM_TOKENS.labels(_kind)
for _kind in ("embedding", "search", "answer"):
    for _outcome in ("hit", "miss"):
        CACHE.labels(_kind, _outcome)


def observe_cache(kind: str, outcome: str) -> None:
    CACHE.labels(kind, outcome).inc()


def observe_answer(answer: Mapping[str, Any], *, cached: bool) -> None:
    """Record an answer's node timings and LLM usage (as the agent reports them); a cached answer cost nothing."""
    ANSWERS.labels(str(bool(answer.get("abstained"))).lower(), str(cached).lower()).inc()
    if cached:
        return
    for node, seconds in _numbers(answer.get("timings")).items():
        NODE_LATENCY.labels(node).observe(seconds)
    for kind, n in _numbers(answer.get("usage")).items():
        if n <= 0:
            continue
        if kind == "llm_calls":
            LLM_CALLS.inc(n)
        elif "token" in kind:
            LLM_TOKENS.labels(kind).inc(n)


def _numbers(d: Any) -> dict[str, float]:
    if not isinstance(d, Mapping):
        return {}
    return {str(k): float(v) for k, v in d.items() if isinstance(v, int | float) and not isinstance(v, bool)}


def metrics_response() -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


class MetricsMiddleware:
    """Counts requests and their latency per route template (not per raw path, to bound label cardinality)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500
        start = time.perf_counter()

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            method = scope["method"]
            route = _route_of(scope)
            REQUESTS.labels(method, route, str(status)).inc()
            LATENCY.labels(method, route).observe(time.perf_counter() - start)


def _route_of(scope: Scope) -> str:
    """The matched route's template: the router records it in the scope while dispatching."""
    route = scope.get("route")
    return str(getattr(route, "path_format", None) or getattr(route, "path", None) or "unmatched")


__all__ = ["MetricsMiddleware", "metrics_response", "observe_answer", "observe_cache"]
