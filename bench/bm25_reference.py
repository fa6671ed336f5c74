"""Honesty check: tantivy BM25 (TantivyKeywordStore) vs the rank_bm25 reference table in ../shared/data/README.md.

Indexes each eval set (title + " " + text) with TantivyKeywordStore in a temporary directory and prints
R@2/R@5/R@10/All@5/All@10 of passage ranking beside the README's rank_bm25 Okapi numbers. With --rank-bm25
it also recomputes, with rank_bm25 on the same lowercase \w+ tokens:
  - `okapi`:  BM25Okapi(k1=1.5, b=0.75), which must reproduce the README exactly;
  - `lucene`: BM25Okapi with Lucene/tantivy's BM25 (idf = ln(1 + (N-n+0.5)/(n+0.5)), k1=1.2, b=0.75).

Why tantivy differs from the README at all: rank_bm25's Okapi idf, ln((N-n+0.5)/(n+0.5)), is negative
for a term in more than half the passages, and rank_bm25 then floors it at 0.25 x the mean idf (~1.5 here),
so "the", "of", "what" weigh more than mid-frequency words. Lucene's idf stays small and positive for
them. The tokenizers agree (tantivy's analyzer here is lowercase \w+, the reference's), so the `lucene`
row should match tantivy within rounding (fieldnorms are quantised to one byte in tantivy).
Pass criteria: |tantivy - lucene| <= 3 on every column, and tantivy >= README - 3 (no loss vs the table).

    .venv/bin/python bench/bm25_reference.py [--data ../shared/data] [--rank-bm25]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools.keyword_tantivy import TantivyKeywordStore
from tools.types import Chunk

SETS = ("hotpotqa_train100", "musique_train100", "2wiki_q101", "morehopqa150")
# data/README.md, "Reference numbers (BM25 alone, title + text, lowercase word tokens, rank_bm25 Okapi)"
README = {
    "hotpotqa_train100": (54.5, 75.5, 86.5, 54.0, 74.0),
    "musique_train100": (34.3, 45.2, 55.2, 12.0, 20.0),
    "2wiki_q101": (54.2, 63.1, 66.3, 31.7, 34.7),
    "morehopqa150": (70.3, 78.0, 82.7, 58.7, 66.7),
}
COLUMNS = ("R@2", "R@5", "R@10", "All@5", "All@10")
TOLERANCE = 3.0


def load_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def metrics(ranked: Sequence[Sequence[str]], gold: Sequence[Sequence[str]]) -> tuple[float, ...]:
    """R@k = mean share of a question's gold passages in the top k; All@k = share of questions with all of them."""

    def recall(k: int) -> float:
        return 100 * sum(len(set(r[:k]) & set(g)) / len(g) for r, g in zip(ranked, gold, strict=True)) / len(gold)

    def every(k: int) -> float:
        return 100 * sum(set(g) <= set(r[:k]) for r, g in zip(ranked, gold, strict=True)) / len(gold)

    return recall(2), recall(5), recall(10), every(5), every(10)


def tantivy_rankings(corpus: list[dict], questions: list[str], root: Path) -> list[list[str]]:
    store = TantivyKeywordStore(root)
    index = store.index("bench")
    index.upsert(
        [
            Chunk(
                chunk_id=p["id"],
                doc_id=p["id"],
                title=p["title"],
                source="corpus",
                text=p["text"],
                start=0,
                end=len(p["text"]),
            )
            for p in corpus
        ]
    )
    out = [[r.chunk.chunk_id for r in index.search(q, 10)] for q in questions]
    store.close()
    return out


def rank_bm25_rankings(corpus: list[dict], questions: list[str], lucene: bool) -> list[list[str]]:
    import math

    from rank_bm25 import BM25Okapi

    class LuceneBM25(BM25Okapi):
        def _calc_idf(self, nd: dict[str, int]) -> None:
            for word, n in nd.items():
                self.idf[word] = math.log(1 + (self.corpus_size - n + 0.5) / (n + 0.5))

    def tok(s: str) -> list[str]:
        return re.findall(r"\w+", s.lower())

    docs = [tok(f"{p['title']} {p['text']}") for p in corpus]
    bm25 = LuceneBM25(docs, k1=1.2, b=0.75) if lucene else BM25Okapi(docs)
    ids = [p["id"] for p in corpus]
    out = []
    for q in questions:
        scores = bm25.get_scores(tok(q))
        order = sorted(range(len(ids)), key=lambda i: -scores[i])[:10]
        out.append([ids[i] for i in order])
    return out


def fmt(row: Sequence[float]) -> str:
    return " ".join(f"{v:6.1f}" for v in row)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    ap.add_argument("--rank-bm25", action="store_true", help="also recompute the reference with rank_bm25")
    args = ap.parse_args()
    print(f"{'set':20} {'engine':10} " + " ".join(f"{c:>6}" for c in COLUMNS) + "   max|diff|")
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        for name in SETS:
            corpus = load_jsonl(args.data / name / "corpus.jsonl")
            queries = load_jsonl(args.data / name / "queries.jsonl")
            questions, gold = [q["question"] for q in queries], [q["gold_ids"] for q in queries]
            engines: list[tuple[str, Callable[[], list[list[str]]]]] = [
                ("tantivy", lambda c=corpus, q=questions, n=name: tantivy_rankings(c, q, Path(tmp) / n))
            ]
            if args.rank_bm25:
                engines.append(("okapi", lambda c=corpus, q=questions: rank_bm25_rankings(c, q, lucene=False)))
                engines.append(("lucene", lambda c=corpus, q=questions: rank_bm25_rankings(c, q, lucene=True)))
            print(f"{name:20} {'README':10} {fmt(README[name])}")
            rows: dict[str, tuple[float, ...]] = {}
            for engine, run in engines:
                t = time.perf_counter()
                rows[engine] = row = metrics(run(), gold)
                diff = max(abs(a - b) for a, b in zip(row, README[name], strict=True))
                print(f"{'':20} {engine:10} {fmt(row)}   {diff:4.1f}  ({time.perf_counter() - t:.1f} s)")
            below = max(b - a for a, b in zip(rows["tantivy"], README[name], strict=True))
            ok &= below <= TOLERANCE
            if "lucene" in rows:
                gap = max(abs(a - b) for a, b in zip(rows["tantivy"], rows["lucene"], strict=True))
                ok &= gap <= TOLERANCE
                print(f"{'':20} tantivy vs lucene-flavoured rank_bm25: max |diff| {gap:.1f}")
    verdict = "OK" if ok else "FAIL"
    print(f"criteria: tantivy >= README - {TOLERANCE} everywhere, |tantivy - lucene| <= {TOLERANCE} -> {verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
