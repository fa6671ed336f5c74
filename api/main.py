"""The FastAPI app factory: the lifespan builds every client once, routes reach them through `api.deps`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from mcp.server.transport_security import TransportSecuritySettings
from starlette.routing import Route

from api.auth import Authenticator
from api.container import Container
from api.deps import Services
from api.errors import install_error_handlers
from api.jobs import JobManager
from api.mcp_server import McpAuthMiddleware, build_mcp_server
from api.metrics import MetricsMiddleware
from api.ratelimit import BodyLimitMiddleware, RateLimiter
from api.routes import ask, collections, documents, feedback, health, jobs, passages, search
from api.settings import Settings, get_settings
from api.version import __version__

WEB = Path(__file__).parent / "web"
DESCRIPTION = """Agentic multi-hop retrieval with cited answers.

**Auth**: send `Authorization: Bearer KEY` or `X-API-Key: KEY`. Each key sees only its collections; another
tenant's collection, document, passage, job or answer is a 404. With no keys configured (`SLEUTH_API_KEYS` unset,
the local default) auth is off. **Errors** all share one shape: `{"error": {"code", "message", "details"?}}`.
**MCP**: streamable HTTP at `/mcp` (same keys)."""


def create_app(settings: Settings | None = None, container: Container | None = None) -> FastAPI:
    """Build the app. A given `container` is used as is (and left open); otherwise one is built and closed."""
    settings = settings or (container.settings if container else get_settings())
    owned = container is None
    c = container or Container(settings)
    auth = Authenticator(settings.api_keys, settings.rate_per_minute)
    mcp = build_mcp_server(c, auth)
    # Stateless JSON responses: any replica can serve any MCP call, as with the REST routes.
    mcp_app = mcp.streamable_http_app(
        streamable_http_path="/mcp", stateless_http=True, json_response=True, transport_security=_mcp_security(auth)
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        limiter = RateLimiter(c.redis, retry_s=settings.redis_retry_s, prefix=settings.cache_prefix)
        services = Services(
            container=c,
            auth=auth,
            limiter=limiter,
            # Looked up per job: the ingestor (and its embedder) is built on first use, once.
            jobs=JobManager(lambda: c.ingestor, work_dir=settings.data_dir / "uploads"),
        )
        app.state.services = services
        try:
            async with mcp.session_manager.run():
                yield
        finally:
            services.jobs.close()
            if owned:
                c.close()

    app = FastAPI(title="Sleuth", version=__version__, description=DESCRIPTION, lifespan=lifespan)
    install_error_handlers(app)
    for r in (health, collections, documents, jobs, search, ask, passages, feedback):
        app.include_router(r.router)
    for route in mcp_app.routes:  # the SDK's /mcp endpoint, behind the API's keys and rate limits
        assert isinstance(route, Route)
        app.router.routes.append(Route(route.path, McpAuthMiddleware(route.endpoint, lambda: app.state.services)))
    app.mount("/static", StaticFiles(directory=WEB), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(WEB / "index.html")

    app.add_middleware(BodyLimitMiddleware, max_json=settings.max_body_bytes, max_upload=settings.max_upload_bytes)
    app.add_middleware(MetricsMiddleware)
    return app


def _mcp_security(auth: Authenticator) -> TransportSecuritySettings:
    """With keys, a request must carry one, so DNS rebinding gains nothing; without keys (local use), only local
    Host headers are accepted so a web page cannot drive the MCP endpoint through the browser."""
    if auth.enabled:
        return TransportSecuritySettings(enable_dns_rebinding_protection=False)
    return TransportSecuritySettings(
        enable_dns_rebinding_protection=True,
        allowed_hosts=["127.0.0.1:*", "localhost:*", "[::1]:*", "127.0.0.1", "localhost", "testserver"],
        allowed_origins=["http://127.0.0.1:*", "http://localhost:*", "http://[::1]:*"],
    )
