"""MCP server (official SDK 2.x `MCPServer`): ask, search, get_passage, list_collections.

Served over stdio (`sleuth mcp`, trusted like any local process: every collection) and streamable HTTP at
`/mcp` (the REST API's keys, scopes and rate limits). The tools are thin adapters over the same services.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from pydantic import BaseModel, Field
from starlette.types import ASGIApp, Receive, Scope, Send

from agent.schemas import Answer
from api.auth import Authenticator, Principal, key_from_headers
from api.container import Container
from api.errors import ApiError, error_response
from api.routes.ask import answer_once
from api.routes.collections import CollectionOut
from api.routes.passages import PassageOut
from api.routes.search import Hit
from api.version import __version__
from tools.errors import SleuthError

LOCAL = Principal(tenant="local", bucket="stdio", patterns=None, rate_per_minute=10**9)
INSTRUCTIONS = (
    "Sleuth answers questions over document collections with cited passages. Call list_collections first, "
    "then ask (multi-hop, cited answer) or search (ranked passages); get_passage opens a citation."
)


class CollectionsOut(BaseModel):
    collections: list[CollectionOut]


class SearchOut(BaseModel):
    hits: list[Hit]


def build_mcp_server(c: Container, auth: Authenticator | None = None) -> MCPServer:
    """The MCP server over `c`; `auth` given = HTTP callers are resolved from their headers, else stdio trust."""
    mcp = MCPServer("sleuth", instructions=INSTRUCTIONS, version=__version__)

    def caller(ctx: Context) -> Principal:
        headers = ctx.headers if auth is not None else None
        if headers is None:
            return LOCAL
        assert auth is not None
        try:
            return auth.authenticate(key_from_headers(headers), "mcp")
        except ApiError as e:
            raise ToolError(e.message) from e

    def scoped(ctx: Context, name: str) -> str:
        if not caller(ctx).can_see(name) or not c.catalog.exists(name):
            raise ToolError(f"collection {name!r} not found; call list_collections to see the available ones")
        return name

    @mcp.tool()
    def list_collections(ctx: Context) -> CollectionsOut:
        """List the document collections you can search or ask about, with their sizes."""
        who = caller(ctx)
        infos = [i for i in c.catalog.list_collections() if who.can_see(i.name)]
        return CollectionsOut(collections=[CollectionOut.of(i) for i in infos])

    @mcp.tool()
    def search(
        collection: Annotated[str, Field(description="Collection name from list_collections")],
        query: Annotated[str, Field(min_length=1, max_length=2000, description="What to look for")],
        ctx: Context,
        k: Annotated[int, Field(ge=1, le=50, description="How many passages")] = 8,
    ) -> SearchOut:
        """Hybrid (dense + BM25) search: the k most relevant passages, each with its source, page and offsets."""
        hits = _guard(lambda: c.cached_searcher.search(query, scoped(ctx, collection), k=k))
        return SearchOut(hits=[Hit(**h.as_dict()) for h in hits])

    @mcp.tool()
    async def ask(
        collection: Annotated[str, Field(description="Collection name from list_collections")],
        question: Annotated[str, Field(min_length=1, max_length=4000, description="A question in plain language")],
        ctx: Context,
    ) -> Answer:
        """Answer a question with multi-hop retrieval. Each claim cites verbatim quotes (chunk_id, source, page,
        document offsets) and carries a verification verdict; when the collection cannot support an answer,
        `abstained` is true with a `reason` and the `closest_evidence`. Open a citation with get_passage."""
        name = scoped(ctx, collection)
        try:
            data = await answer_once(c, name, question)
        except SleuthError as e:
            raise ToolError(str(e)) from e
        return Answer.model_validate(data)

    @mcp.tool()
    def get_passage(
        chunk_id: Annotated[str, Field(description="A hit's or citation's chunk_id")],
        ctx: Context,
        collection: Annotated[str | None, Field(description="Its collection, if known")] = None,
    ) -> PassageOut:
        """The full passage behind a search hit or citation."""
        who = caller(ctx)
        names = [collection] if collection else [i.name for i in c.catalog.list_collections()]
        for name in who.visible(names):
            chunk = c.dense_store.index(name).get(chunk_id) if c.catalog.exists(name) else None
            if chunk is not None:
                return PassageOut(collection=name, **chunk.payload())
        raise ToolError(f"passage {chunk_id!r} not found")

    return mcp


def _guard(fn: Callable[[], Any]) -> Any:
    """Run a service call; Sleuth errors become tool errors the model can read and act on."""
    try:
        return fn()
    except SleuthError as e:
        raise ToolError(str(e)) from e


class McpAuthMiddleware:
    """Authenticates and rate-limits `/mcp` with the REST API's keys before the SDK sees the request."""

    def __init__(self, app: ASGIApp, services: Callable[[], Any]) -> None:
        self.app = app
        self.services = services

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            s = self.services()
            headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
            client = scope.get("client") or ("unknown", 0)
            try:
                s.limiter.check(s.auth.authenticate(key_from_headers(headers), client[0]))
            except ApiError as e:
                await error_response(e.status, e.code, e.message, headers=e.headers)(scope, receive, send)
                return
        await self.app(scope, receive, send)
