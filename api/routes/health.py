"""Liveness, readiness (one check per backend, naming what is down) and the Prometheus endpoint."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from api.deps import ContainerDep
from api.metrics import metrics_response
from api.version import __version__
from tools.errors import SleuthError

router = APIRouter(tags=["health"])


class Check(BaseModel):
    status: Literal["ok", "down", "off"]
    required: bool = Field(description="A required backend being down makes the service unready")
    error: str | None = None


class Readiness(BaseModel):
    status: Literal["ready", "degraded", "unready"]
    checks: dict[str, Check]


@router.get("/healthz", summary="Liveness: the process is up, and which release it runs")
def healthz() -> dict[str, str]:
    return {"status": "ok", "version": __version__}


@router.get(
    "/readyz",
    response_model=Readiness,
    summary="Readiness: pings catalog, dense and keyword stores, and Redis",
    responses={503: {"model": Readiness, "description": "A required backend is down"}},
)
def readyz(c: ContainerDep) -> Response:
    """Redis is optional: when it is down the service answers uncached, so it reports `degraded`, not `unready`."""
    probes: dict[str, tuple[bool, Callable[[], object] | None]] = {
        "catalog": (True, c.catalog.list_collections),
        "dense": (True, c.dense_store.ping),
        "keyword": (True, c.keyword_store.ping),
        "redis": (False, c.cache.ping if c.cache.enabled else None),
    }
    checks = {name: _probe(required, fn) for name, (required, fn) in probes.items()}
    if any(ch.status == "down" and ch.required for ch in checks.values()):
        status, code = "unready", 503
    elif any(ch.status == "down" for ch in checks.values()):
        status, code = "degraded", 200
    else:
        status, code = "ready", 200
    body = Readiness(status=status, checks=checks)  # type: ignore[arg-type]
    return JSONResponse(body.model_dump(exclude_none=True), status_code=code)


def _probe(required: bool, fn: Callable[[], object] | None) -> Check:
    if fn is None:
        return Check(status="off", required=required)
    try:
        fn()
    except (SleuthError, OSError) as e:
        return Check(status="down", required=required, error=str(e))
    return Check(status="ok", required=required)


@router.get("/metrics", summary="Prometheus metrics", response_class=Response)
def metrics() -> Response:
    return metrics_response()
