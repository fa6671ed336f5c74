"""Re-ranker training data: gold passages against what Sleuth's own hybrid search ranks high (hard negatives)."""

from __future__ import annotations

import argparse
import json
import random
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from rank_bm25 import BM25Okapi

from tools.embed_cache import CachedEmbedder, EmbeddingCache
from tools.embedders import E5Embedder
from tools.fusion import reciprocal_rank_fusion

REPO = Path(__file__).resolve().parent.parent
DATA_DIR = REPO.parent / "shared" / "data"
CACHE_PATH = REPO / ".sleuth" / "embeddings.sqlite"
"""The e5 vector cache (`<SLEUTH_DATA_DIR>/embeddings.sqlite`); pass the shared eval cache with `--cache`."""
# Contamination guard: training reads only these; validation only the other two (training/validate.py).
TRAIN_SETS = ("hotpotqa_train100", "musique_train100")
VALID_SETS = ("2wiki_q101", "morehopqa150")


@dataclass(frozen=True)
class Passage:
    pid: str
    title: str
    text: str

    @property
    def full(self) -> str:
        """What Sleuth indexes and re-ranks: the same string as `Chunk.embed_text`."""
        return f"{self.title} {self.text}"


@dataclass(frozen=True)
class Question:
    qid: str
    question: str
    gold_ids: tuple[str, ...]


@dataclass(frozen=True)
class EvalSet:
    name: str
    passages: list[Passage]
    questions: list[Question]


@dataclass(frozen=True)
class TrainItem:
    """One training question: its gold passages and the hybrid list's non-gold head, best first."""

    source: str
    query: str
    positives: list[str]
    negatives: list[str]
    qid: str = ""
    """The training question it comes from (question and sub-question items); "" for synthetic pairs."""


def load_set(name: str, data_dir: Path = DATA_DIR) -> EvalSet:
    folder = data_dir / name
    with (folder / "corpus.jsonl").open() as f:
        passages = [Passage(r["id"], r["title"], r["text"]) for r in map(json.loads, f)]
    with (folder / "queries.jsonl").open() as f:
        questions = [Question(r["id"], r["question"], tuple(r["gold_ids"])) for r in map(json.loads, f)]
    return EvalSet(name, passages, questions)


def words(text: str) -> list[str]:
    """The README's BM25 tokenisation: lowercase word tokens."""
    return re.findall(r"\w+", text.lower())


def open_embedder(cache_path: Path | None = CACHE_PATH, workers: int = 2) -> CachedEmbedder:
    """e5-small behind the same content-addressed cache `sleuth` uses: hits are read, misses computed
    (one process per core) and written back, so the eval command and later runs reuse them."""
    cache = EmbeddingCache(cache_path) if cache_path else None
    return CachedEmbedder("e5-small", E5Embedder(threads=1), cache, workers=workers)


class HybridCandidates:
    """Sleuth's first stage over one in-memory corpus: e5 dense + BM25, fused by weighted RRF.

    Mirrors `HybridSearcher` (each backend returns `depth` hits, dense weight 1.0, BM25 0.5, k=60)
    without building stores; e5 passage vectors come from the embedder's cache.
    """

    def __init__(
        self,
        eval_set: EvalSet,
        embedder: CachedEmbedder,
        *,
        dense_weight: float = 1.0,
        bm25_weight: float = 0.5,
        rrf_k: int = 60,
    ) -> None:
        self.passages = eval_set.passages
        self.embedder = embedder
        self.weights = {"dense": dense_weight, "bm25": bm25_weight}
        self.rrf_k = rrf_k
        texts = [p.full for p in self.passages]
        self.vectors = embedder.embed_passages(texts).astype(np.float32)
        self.bm25 = BM25Okapi([words(t) for t in texts])
        self._seen: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def search(self, question: str, depth: int) -> list[int]:
        """Passage indices, best first (at most 2 * depth, as the fused union of two depth-long lists)."""
        if question not in self._seen:
            # Sweeps ask for several depths per question: embed and score it once.
            sims = self.vectors @ self.embedder.embed_query(question)
            self._seen[question] = (np.argsort(-sims, kind="stable"), self.bm25.get_scores(words(question)))
        order, bm = self._seen[question]
        dense = order[:depth]
        # A BM25 engine returns only passages sharing a term with the query.
        keyword = [int(i) for i in np.argsort(-bm, kind="stable")[:depth] if bm[i] > 0]
        fused = reciprocal_rank_fusion(
            {"dense": [int(i) for i in dense], "bm25": keyword}, k=self.rrf_k, weights=self.weights
        )
        return [i for i, _ in fused]


def build_items(eval_set: EvalSet, cands: HybridCandidates, depth: int = 30) -> list[TrainItem]:
    """For each question: gold passages, and the non-gold passages of the hybrid head (hard negatives)."""
    by_id = {p.pid: p for p in eval_set.passages}
    items = []
    for q in eval_set.questions:
        gold = set(q.gold_ids)
        head = [eval_set.passages[i] for i in cands.search(q.question, depth)[:depth]]
        negatives = [p.full for p in head if p.pid not in gold]
        items.append(TrainItem(eval_set.name, q.question, [by_id[g].full for g in q.gold_ids], negatives, q.qid))
    return items


def subquestion_items(eval_set: EvalSet, cands: HybridCandidates, data_dir: Path, depth: int) -> list[TrainItem]:
    """MuSiQue's single-hop decomposition, "#k" replaced by hop k's answer, paired with the gold passage holding
    that hop's answer: clean one-hop pairs from the same training questions."""
    by_id = {p.pid: p for p in eval_set.passages}
    items = []
    with (data_dir / eval_set.name / "queries.jsonl").open() as f:
        rows = [json.loads(line) for line in f]
    for row in rows:
        answers: list[str] = []
        gold = set(row["gold_ids"])
        for i, step in enumerate(row.get("decomposition") or []):
            query = step["question"]
            for k, previous in enumerate(answers, start=1):
                query = query.replace(f"#{k}", previous)
            answers.append(step["answer"])
            order = row["gold_ids"][i : i + 1] + row["gold_ids"]
            pos = next((g for g in order if step["answer"].lower() in by_id[g].full.lower()), None)
            if pos is None:
                continue
            head = [eval_set.passages[j] for j in cands.search(query, depth)[:depth]]
            negatives = [p.full for p in head if p.pid not in gold]
            query = query.replace(" >> ", " ")
            items.append(TrainItem(f"{eval_set.name}:subq", query, [by_id[pos].full], negatives, row["id"]))
    return items


def ict_items(eval_set: EvalSet, cands: HybridCandidates, count: int, depth: int, seed: int = 13) -> list[TrainItem]:
    """Inverse cloze task (Lee et al. 2019): one sentence is the query, its passage without it the positive.

    Removing the sentence forces topical matching rather than copying; negatives are the hybrid head for it.
    """
    rng = random.Random(seed)
    items = []
    for i in rng.sample(range(len(eval_set.passages)), min(count, len(eval_set.passages))):
        p = eval_set.passages[i]
        sentences = [x for x in re.split(r"(?<=[.!?])\s+", p.text) if len(x.split()) >= 6]
        if len(sentences) < 3:
            continue
        query = rng.choice(sentences)
        rest = p.text.replace(query, " ").strip()
        head = [eval_set.passages[j] for j in cands.search(query, depth)[:depth] if j != i]
        items.append(TrainItem(f"{eval_set.name}:ict", query, [f"{p.title} {rest}"], [h.full for h in head]))
    return items


def build_train_items(
    data_dir: Path = DATA_DIR, depth: int = 30, ict_per_set: int = 200, cache_path: Path | None = CACHE_PATH
) -> list[TrainItem]:
    """Training items from the two training sets only: questions, MuSiQue sub-questions, inverse-cloze pairs."""
    embedder = open_embedder(cache_path)
    items: list[TrainItem] = []
    try:
        for name in TRAIN_SETS:
            eval_set = load_set(name, data_dir)
            cands = HybridCandidates(eval_set, embedder)
            items += build_items(eval_set, cands, depth)
            items += subquestion_items(eval_set, cands, data_dir, depth)
            items += ict_items(eval_set, cands, ict_per_set, depth)
    finally:
        embedder.close()
        if embedder.cache:
            embedder.cache.close()
    return items


def save_items(items: Sequence[TrainItem], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as f:
        for item in items:
            f.write(json.dumps(asdict(item)) + "\n")


def load_items(path: Path) -> list[TrainItem]:
    with path.open() as f:
        return [TrainItem(**json.loads(line)) for line in f]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=REPO / ".sleuth" / "reranker" / "train_items.jsonl")
    parser.add_argument("--depth", type=int, default=30)
    args = parser.parse_args()
    items = build_train_items(depth=args.depth)
    save_items(items, args.out)
    pos = sum(len(i.positives) for i in items)
    print(f"{len(items)} questions, {pos} positives, {sum(len(i.negatives) for i in items)} negatives -> {args.out}")


if __name__ == "__main__":
    main()
