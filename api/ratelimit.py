"""Request limits. Rate: a fixed one-minute window counted in Redis, shared by every API replica.

Policy when Redis is unset or down: fall back to the same window counted in this process (fail-open to a
per-replica limit), so an outage neither blocks every caller nor removes the limit. `/readyz` reports Redis.
Size: request bodies over `max_body_bytes` (JSON) or `max_upload_bytes` (multipart) get 413.
"""

from __future__ import annotations

import logging
import threading
import time

import redis
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.auth import Principal
from api.errors import ApiError, error_response

log = logging.getLogger(__name__)
WINDOW_S = 60


class RateLimiter:
    """`check(principal)` counts one request and raises ApiError(429) past the principal's limit."""

    def __init__(self, client: redis.Redis | None, *, retry_s: float = 5.0, prefix: str = "sleuth") -> None:
        self.client = client
        self.retry_s = retry_s
        self.prefix = prefix  # SLEUTH_CACHE_PREFIX: deployments sharing one Redis keep separate budgets
        self._local: dict[tuple[str, int], int] = {}
        self._lock = threading.Lock()
        self._down_until = 0.0

    def check(self, who: Principal) -> None:
        now = time.time()
        window = int(now // WINDOW_S)
        count = self._count_redis(who.bucket, window)
        if count is None:
            count = self._count_local(who.bucket, window)
        if count > who.rate_per_minute:
            retry = max(1, int((window + 1) * WINDOW_S - now))
            raise ApiError(
                429,
                "rate_limited",
                f"rate limit of {who.rate_per_minute} requests per minute exceeded; retry in {retry}s",
                headers={"Retry-After": str(retry)},
            )

    def _count_redis(self, bucket: str, window: int) -> int | None:
        if self.client is None or time.monotonic() < self._down_until:
            return None
        key = f"{self.prefix}:rl:{bucket}:{window}"
        try:
            pipe = self.client.pipeline()
            pipe.incr(key)
            pipe.expire(key, WINDOW_S * 2)
            count, _ = pipe.execute()
            return int(count)
        except redis.RedisError as e:
            if self._down_until == 0.0:
                log.warning("redis unavailable for rate limits (%s): counting in-process", e)
            self._down_until = time.monotonic() + self.retry_s
            return None

    def _count_local(self, bucket: str, window: int) -> int:
        with self._lock:
            # Drop past windows so the table stays small.
            for k in [k for k in self._local if k[1] < window]:
                del self._local[k]
            n = self._local.get((bucket, window), 0) + 1
            self._local[(bucket, window)] = n
            return n


class BodyLimitMiddleware:
    """Refuses bodies over the limit with 413, by Content-Length or, when streamed, by counting the bytes."""

    def __init__(self, app: ASGIApp, *, max_json: int, max_upload: int) -> None:
        self.app = app
        self.max_json = max_json
        self.max_upload = max_upload

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        multipart = headers.get(b"content-type", b"").startswith(b"multipart/")
        limit = self.max_upload if multipart else self.max_json
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > limit:
            await _too_large(limit)(scope, receive, send)
            return
        seen = 0

        async def counting() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise ApiError(413, "body_too_large", f"the request body exceeds {limit} bytes")
            return message

        await self.app(scope, counting, send)


def _too_large(limit: int) -> ASGIApp:
    return error_response(413, "body_too_large", f"the request body exceeds {limit} bytes")
