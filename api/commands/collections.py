"""`sleuth collections` (being built)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to the CLI (none yet)."""
    return None
