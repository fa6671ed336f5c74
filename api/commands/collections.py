"""`sleuth collections list | stats NAME | delete NAME`."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from api.commands._common import console, container

collections_app = typer.Typer(no_args_is_help=True, help="List, inspect or delete collections.")


@collections_app.command("list")
def list_() -> None:
    """Every collection with its size and version."""
    with container() as c:
        table = Table("name", "documents", "chunks", "version", "embedder")
        for i in c.catalog.list_collections():
            table.add_row(i.name, str(i.n_documents), str(i.n_chunks), str(i.version), i.embedder_id)
        console.print(table)


@collections_app.command()
def stats(name: Annotated[str, typer.Argument(help="Collection name")]) -> None:
    """One collection's counts, version and documents."""
    with container() as c:
        info = c.catalog.require(name)
        console.print(
            f"[bold]{info.name}[/]: {info.n_documents} documents, {info.n_chunks} chunks, "
            f"version {info.version}, embedder {info.embedder_id} ({info.dim} dims)"
        )
        for d in c.catalog.documents(name):
            console.print(f"  {d.doc_id}  {d.title}  ({d.n_chunks} chunks)  {d.source}")


@collections_app.command()
def delete(
    name: Annotated[str, typer.Argument(help="Collection name")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation")] = False,
) -> None:
    """Delete a collection: its catalog entry and both indexes."""
    with container() as c:
        c.catalog.require(name)
        if not yes:
            typer.confirm(f"delete collection {name!r} and its indexes?", abort=True)
        c.dense_store.drop(name)
        c.keyword_store.drop(name)
        c.catalog.drop_collection(name)
        console.print(f"deleted {name}")


def register(app: typer.Typer) -> None:
    """Add `collections` to the CLI."""
    app.add_typer(collections_app, name="collections")
