"""`sleuth` command line: a thin adapter over the container's services (typer + rich)."""

from __future__ import annotations

import typer

from api.commands import ask, collections, ingest, search, serve
from api.commands import eval as eval_cmd
from api.version import __version__

app = typer.Typer(help="Sleuth: multi-hop retrieval with cited answers.", no_args_is_help=True)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"sleuth {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(
        False, "--version", callback=_print_version, is_eager=True, help="Print the release and exit."
    ),
) -> None:
    """Sleuth: multi-hop retrieval with cited answers."""


ingest.register(app)
search.register(app)
ask.register(app)
collections.register(app)
serve.register(app)
app.add_typer(eval_cmd.app, name="eval", help="Evaluate retrieval or answers on a data set.")

if __name__ == "__main__":
    app()
