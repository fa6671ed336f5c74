"""Shared fixtures of the unit tests."""

from __future__ import annotations

import pytest

from agent.extractive.nlp import Parser, load_nlp, parser_for
from tools.embedders import MiniLMOnnxEmbedder


@pytest.fixture(scope="session")
def parse() -> Parser:
    """The bundled spaCy pipeline's cached parser (loaded once: it takes about a second)."""
    return parser_for(load_nlp())


@pytest.fixture(scope="session")
def embedder() -> MiniLMOnnxEmbedder:
    """The bundled MiniLM ONNX embedder, loaded once."""
    return MiniLMOnnxEmbedder()
