"""Shared CLI plumbing: one container per invocation, errors printed plainly with a non-zero exit."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console

from api.container import Container
from tools.errors import SleuthError

console = Console()
err_console = Console(stderr=True)


@contextmanager
def container() -> Iterator[Container]:
    """Yield a Container; a SleuthError becomes `error: ...` on stderr and exit status 2."""
    c = Container()
    try:
        yield c
    except SleuthError as e:
        err_console.print(f"[bold red]error:[/] {e}")
        raise typer.Exit(2) from e
    finally:
        c.close()


def parse_pairs(pairs: list[str] | None, what: str = "--filter") -> dict[str, str | int | float | bool]:
    """Parse `key=value` options; numbers and true/false are typed so filters match stored metadata."""
    from tools.errors import InvalidFilterError

    out: dict[str, str | int | float | bool] = {}
    for p in pairs or []:
        key, sep, value = p.partition("=")
        if not sep or not key.strip():
            raise InvalidFilterError(f"{what} expects key=value, got {p!r}")
        out[key.strip()] = _typed(value.strip())
    return out


def _typed(v: str) -> str | int | float | bool:
    if v.lower() in ("true", "false"):
        return v.lower() == "true"
    for cast in (int, float):
        try:
            return cast(v)
        except ValueError:
            pass
    return v
