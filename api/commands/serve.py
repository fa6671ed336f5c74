"""`sleuth serve` (REST API, web page, MCP over HTTP) and `sleuth mcp` (MCP over stdio)."""

from __future__ import annotations

from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    """Add `serve` and `mcp` to the CLI."""

    @app.command()
    def serve(
        host: Annotated[str, typer.Option(help="Interface to bind (0.0.0.0 in a container)")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="TCP port")] = 8000,
        workers: Annotated[int, typer.Option(help="Processes; embedded stores allow only 1")] = 1,
    ) -> None:
        """Serve the REST API (/docs), the web page (/) and MCP over streamable HTTP (/mcp)."""
        import uvicorn

        uvicorn.run("api.main:create_app", factory=True, host=host, port=port, workers=workers, log_level="info")

    @app.command()
    def mcp() -> None:
        """Serve MCP over stdio, for an MCP host (Claude Desktop, an IDE) that launches `sleuth mcp`."""
        from api.container import Container
        from api.mcp_server import build_mcp_server

        container = Container()
        try:
            build_mcp_server(container).run("stdio")
        finally:
            container.close()
