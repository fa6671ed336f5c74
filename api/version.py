"""Sleuth's release, read once from the installed package's metadata (pyproject.toml is the one place it is set)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("sleuth")
except PackageNotFoundError:  # a source tree run without `pip install -e .`
    __version__ = "0+unknown"
