"""Design checks on held-out *training* questions: the last few of each training set, left out of a run.

Choices of architecture and hyper-parameters are made here, so the validation sets are touched only to
measure the finished model and to choose the serving defaults (top-N, blend weight).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import torch

from tools.rerank_onnx import encode_pairs, load_tokenizer
from training.build_dataset import CACHE_PATH, TRAIN_SETS, HybridCandidates, TrainItem, load_set, open_embedder
from training.validate import MemoScores
from training.validate import evaluate as validate_set

WEIGHTS = (0.0, 1.0, 2.0)


def held_out_qids(data_dir: Path, count: int) -> dict[str, set[str]]:
    """The last `count` question ids of each training set."""
    out = {}
    for name in TRAIN_SETS:
        questions = load_set(name, data_dir).questions
        out[name] = {q.qid for q in questions[len(questions) - count :]} if count else set()
    return out


def without(items: Sequence[TrainItem], held: dict[str, set[str]]) -> list[TrainItem]:
    """Items whose question (or parent question, for sub-questions) is not held out; synthetic pairs stay."""
    banned = set().union(*held.values())
    return [i for i in items if not i.qid or i.qid not in banned]


class TorchScores:
    """A training-time model behind the Reranker protocol (no export needed)."""

    is_passthrough = False
    name = "torch"

    def __init__(self, model: torch.nn.Module, tokenizer_path: Path, max_length: int = 256) -> None:
        self.model = model.eval()
        self.tok = load_tokenizer(tokenizer_path)
        self.max_length = max_length

    def score(self, query: str, passages: Sequence[str]) -> list[float]:
        out: list[float] = []
        with torch.no_grad():
            for start in range(0, len(passages), 16):
                arrays = encode_pairs(self.tok, query, passages[start : start + 16], self.max_length)
                out += np.asarray(self.model(*(torch.from_numpy(a) for a in arrays))).reshape(-1).tolist()
        return out


def evaluate(
    model: torch.nn.Module,
    tokenizer_path: Path,
    held: dict[str, set[str]],
    data_dir: Path,
    top_n: int = 50,
    cache_path: Path | None = CACHE_PATH,
) -> dict[str, dict[str, float]]:
    """Mean R@k over the held-out questions of both training sets (the validation harness on those questions):
    hybrid, and the re-ranked top `top_n` per blend weight."""
    scorer = MemoScores(TorchScores(model, tokenizer_path), {})
    embedder = open_embedder(cache_path)
    totals: dict[str, dict[str, float]] = {}
    count = 0
    try:
        for name, qids in held.items():
            full = load_set(name, data_dir)
            part = replace(full, questions=[q for q in full.questions if q.qid in qids])
            if not part.questions:
                continue
            means = validate_set(part, HybridCandidates(part, embedder), scorer, (top_n,), WEIGHTS)
            for setting, m in means.items():  # back to sums, so both sets count per question
                row = totals.setdefault(setting, dict.fromkeys(m, 0.0))
                for metric, value in m.items():
                    row[metric] += value * len(part.questions)
            count += len(part.questions)
    finally:
        embedder.close()
        if embedder.cache:
            embedder.cache.close()
    return {s: {m: round(v / max(1, count), 1) for m, v in row.items()} for s, row in totals.items()}
