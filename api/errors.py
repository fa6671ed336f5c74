"""One JSON error shape for every HTTP error, and the handlers mapping Sleuth's error tree onto status codes."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from tools.errors import BackendError, ConfigurationError, InputError, NotFoundError, SleuthError

log = logging.getLogger(__name__)


class ErrorDetail(BaseModel):
    code: str = Field(description="Stable machine-readable code", examples=["collection_not_found"])
    message: str = Field(description="What went wrong and how to fix it")
    details: list[dict[str, Any]] | None = Field(None, description="Per-field problems (validation errors)")


class ErrorBody(BaseModel):
    """The body of every 4xx/5xx response."""

    error: ErrorDetail


class ApiError(Exception):
    """An HTTP-only failure (auth, limits) raised by the adapters."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers


def not_found(what: str) -> ApiError:
    """The one answer for both 'missing' and 'another tenant's': existence is never revealed."""
    return ApiError(404, f"{what}_not_found", f"{what.replace('_', ' ')} not found")


def status_of(e: SleuthError) -> int:
    if isinstance(e, NotFoundError):
        return 404
    if isinstance(e, InputError):
        return 400
    if isinstance(e, BackendError):
        return 503
    if isinstance(e, ConfigurationError):
        return 500
    return 500


def error_response(status: int, code: str, message: str, **extra: Any) -> JSONResponse:
    body = ErrorBody(error=ErrorDetail(code=code, message=message, details=extra.pop("details", None)))
    return JSONResponse(body.model_dump(exclude_none=True), status_code=status, headers=extra.pop("headers", None))


# Documented on every route so the OpenAPI shows the shape.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody, "description": desc}
    for code, desc in {
        400: "Invalid input",
        401: "Missing or unknown API key",
        404: "Not found (or not visible to this key)",
        413: "Body, upload or query too large",
        422: "Request validation failed",
        429: "Rate limit exceeded",
        503: "A backend is unavailable",
    }.items()
}


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers: Sleuth errors, API errors, validation and plain HTTP errors share ErrorBody."""

    @app.exception_handler(SleuthError)
    async def _sleuth(_: Request, e: SleuthError) -> JSONResponse:
        status = status_of(e)
        if status >= 500:
            log.warning("%s: %s", e.code, e)
        return error_response(status, e.code, str(e))

    @app.exception_handler(ApiError)
    async def _api(_: Request, e: ApiError) -> JSONResponse:
        return error_response(e.status, e.code, e.message, headers=e.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, e: RequestValidationError) -> JSONResponse:
        details = [{"loc": list(err.get("loc", ())), "msg": err.get("msg", "")} for err in e.errors()]
        return error_response(422, "validation_error", "the request is invalid", details=details)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, e: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(e.status_code, "http_error")
        return error_response(e.status_code, code, str(e.detail), headers=getattr(e, "headers", None))
