"""Sleuth's bundled cross-encoder re-ranker: a fine-tuned MiniLM-L6 run by onnxruntime (no torch)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from tools.errors import ConfigurationError

BUNDLED_DIR = Path(__file__).resolve().parent.parent / "models" / "reranker"
CHECKSUMS = "SHA256SUMS"
MIN_PASSAGE_TOKENS = 32
"""A query longer than max_length - 3 - this is cut (the only case the query loses tokens)."""


def encode_pairs(
    tokenizer: Any, query: str, passages: Sequence[str], max_length: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`[CLS] query [SEP] passage [SEP]`, padded to the longest pair; the passage is truncated, not the query.

    Training uses this same function, so the model sees identical inputs in both places.

    Returns:
        input_ids, attention_mask, token_type_ids: int64 arrays of shape (len(passages), seq).
    """
    cls_id, sep_id = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    pad_id = tokenizer.token_to_id("[PAD]")
    q = tokenizer.encode(query, add_special_tokens=False).ids[: max_length - 3 - MIN_PASSAGE_TOKENS]
    budget = max_length - 3 - len(q)
    rows = []
    for enc in tokenizer.encode_batch(list(passages), add_special_tokens=False):
        p = enc.ids[:budget]
        rows.append(([cls_id, *q, sep_id, *p, sep_id], len(q) + 2))
    seq = max((len(ids) for ids, _ in rows), default=0)
    input_ids = np.full((len(rows), seq), pad_id, dtype=np.int64)
    mask = np.zeros((len(rows), seq), dtype=np.int64)
    types = np.zeros((len(rows), seq), dtype=np.int64)
    for r, (ids, first) in enumerate(rows):
        input_ids[r, : len(ids)] = ids
        mask[r, : len(ids)] = 1
        types[r, first : len(ids)] = 1
    return input_ids, mask, types


def load_tokenizer(path: Path) -> Any:
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(path))
    # encode_pairs does its own truncation and padding.
    tok.no_truncation()
    tok.no_padding()
    return tok


class OnnxCrossEncoder:
    """Scores (query, passage) pairs with one forward pass each; higher logits are more relevant.

    Batches are formed from length-sorted passages so short ones are not padded to the longest.
    """

    is_passthrough = False

    def __init__(
        self,
        model_path: Path,
        tokenizer_path: Path,
        *,
        name: str = "sleuth-minilm-l6-ce",
        max_length: int = 256,
        batch_size: int = 16,
        threads: int | None = None,
    ) -> None:
        import onnxruntime as ort

        if max_length < MIN_PASSAGE_TOKENS + 8:
            raise ConfigurationError(f"max_length {max_length} leaves no room for a passage")
        if batch_size < 1:
            raise ConfigurationError("batch_size must be >= 1")
        opts = ort.SessionOptions()
        if threads:
            opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        self._session = ort.InferenceSession(str(model_path), opts, providers=["CPUExecutionProvider"])
        self._tok = load_tokenizer(tokenizer_path)
        self.name = name
        self.max_length = max_length
        self.batch_size = batch_size

    @classmethod
    def from_dir(cls, directory: Path, threads: int | None = None) -> OnnxCrossEncoder:
        """Build from an exported model folder (model.onnx, tokenizer.json, config.json)."""
        config = json.loads((directory / "config.json").read_text())
        name = config.get("name", "sleuth-minilm-l6-ce")
        # The weights' checksum names this exact model (cache keys change when the bundle is replaced).
        digest = read_checksums(directory).get("model.onnx", "") if (directory / CHECKSUMS).exists() else ""
        return cls(
            directory / "model.onnx",
            directory / "tokenizer.json",
            name=f"{name}@{digest[:12]}" if digest else name,
            max_length=int(config.get("max_length", 256)),
            batch_size=int(config.get("batch_size", 16)),
            threads=threads,
        )

    def score(self, query: str, passages: Sequence[str]) -> list[float]:
        """One relevance logit per passage, in the passages' order."""
        if not passages:
            return []
        order = sorted(range(len(passages)), key=lambda i: len(passages[i]))
        scores = np.zeros(len(passages), dtype=np.float32)
        for start in range(0, len(order), self.batch_size):
            idx = order[start : start + self.batch_size]
            ids, mask, types = encode_pairs(self._tok, query, [passages[i] for i in idx], self.max_length)
            feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
            scores[idx] = np.asarray(self._session.run(None, feeds)[0], dtype=np.float32).reshape(-1)
        return [float(s) for s in scores]


def read_checksums(directory: Path) -> dict[str, str]:
    """`SHA256SUMS` in sha256sum's format: "<hex>  <file name>" per line."""
    sums = {}
    for line in (directory / CHECKSUMS).read_text().splitlines():
        if line.strip():
            digest, name = line.split(maxsplit=1)
            sums[name.strip().lstrip("*")] = digest.lower()
    return sums


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def verify_checksums(directory: Path) -> None:
    """Raise ConfigurationError unless every file listed in SHA256SUMS (model.onnx among them) matches."""
    if not (directory / CHECKSUMS).exists():
        raise ConfigurationError(f"{directory / CHECKSUMS} is missing: the re-ranker cannot be verified")
    sums = read_checksums(directory)
    if "model.onnx" not in sums:
        raise ConfigurationError(f"{directory / CHECKSUMS} does not list model.onnx")
    for name, expected in sums.items():
        path = directory / name
        if not path.exists():
            raise ConfigurationError(f"re-ranker file {path} is missing")
        actual = sha256_file(path)
        if actual != expected:
            raise ConfigurationError(
                f"re-ranker file {path} has sha256 {actual}, expected {expected}: it is corrupt or was replaced"
            )


def load_bundled_reranker(
    directory: Path | None = None, threads: int | None = None, *, required: bool = False
) -> OnnxCrossEncoder | None:
    """The re-ranker shipped in `models/reranker/` (or `directory`), checksum-verified.

    Returns:
        The model, or None when the folder holds no model.onnx and `required` is False.

    Raises:
        ConfigurationError: the files do not match SHA256SUMS, or a required model is missing.
    """
    directory = directory or BUNDLED_DIR
    if not (directory / "model.onnx").exists():
        if required:
            raise ConfigurationError(f"no re-ranker model at {directory / 'model.onnx'}")
        return None
    verify_checksums(directory)
    return OnnxCrossEncoder.from_dir(directory, threads=threads)
