"""Would a retrieval-confidence signal close the extractive abstention gap? A measurement, not a shipped rule.

The extractive agent abstains when no retrieved page is about what the question names (agent/extractive/grounding.py).
This script asks whether the *shape* of the question's own hybrid result list tells an unanswerable twin (gold
passages hidden, as in `sleuth eval answers`) from its answerable original, among the questions the agent answers:

- agree1 / agree3: the best dense document is BM25's first / in BM25's top 3 (the two retrievers agree);
- dgap5: dense cosine of the first minus the fifth document (a clear winner vs a flat list);
- bgap5: the same for BM25, relative to the first score;
- dtop: the dense cosine of the first document (not in the default mix: its level differs between data sets).

Ranks and gaps are taken inside the list the agent would see (hidden documents removed), so the twin is not marked by
the hole its gold passages leave. A logistic regression is fitted on the training sets only; its threshold lets at most
a given share of the training originals newly abstain; every set is then scored as the agent would be with the rule.
Needs the per-question rows of `sleuth eval answers DATA --details /tmp/SET.jsonl` and the `train` extra
(scikit-learn):

    for s in hotpotqa_train100 musique_train100 2wiki_q101 morehopqa150; do
        sleuth eval answers ../shared/data/$s --details /tmp/$s.jsonl; done
    .venv/bin/python bench/abstention_signals.py --details '/tmp/{set}.jsonl'
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from api.container import Container
from graphs.evaluate import EvalSearcher, load_answer_queries
from tools.types import SearchHit

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
SETS = ["hotpotqa_train100", "musique_train100", "2wiki_q101", "morehopqa150"]
FEATURES = ("agree1", "agree3", "dgap5", "bgap5", "dtop")


def signals(hits: list[SearchHit]) -> list[float]:
    dense = sorted((h for h in hits if "dense" in h.scores), key=lambda h: -h.scores["dense"])
    bm25 = sorted((h for h in hits if "bm25" in h.scores), key=lambda h: -h.scores["bm25"])
    top = dense[0].chunk.doc_id if dense else None
    b_docs = [h.chunk.doc_id for h in bm25[:3]]
    d = [h.scores["dense"] for h in dense]
    b = [h.scores["bm25"] for h in bm25]
    return [
        float(bool(b_docs) and top == b_docs[0]),
        float(top in b_docs),
        d[0] - d[4] if len(d) > 4 else 0.0,
        (b[0] - b[4]) / b[0] if len(b) > 4 and b[0] else 0.0,
        d[0] if d else 0.0,
    ]


def rows_for(c: Container, name: str, details: str) -> list[dict[str, Any]]:
    """One row per original and twin: its signals, whether the agent abstained, and the original's F1."""
    data_dir = DATA / name
    detail = {
        (r := json.loads(line))["id"]: r["row"]
        for line in Path(details.format(set=name)).read_text(encoding="utf-8").splitlines()
    }
    collection, _ = c.retrieval_eval().prepare(data_dir)
    out = []
    for q in load_answer_queries(data_dir):
        row = detail[q.qid]
        for twin, hide in ((False, frozenset()), (True, q.gold)):
            hits = EvalSearcher(c.searcher, {}, hide).search(q.question, collection, k=20)
            abstained = row["twin_abstained"] if twin else row["abstained"]
            out.append({"x": signals(hits), "twin": twin, "abstained": abstained, "f1": row["f1"] or 0.0})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument(
        "--sets", nargs="+", default=["hotpotqa_train100", "musique_train100", "2wiki_q101", "morehopqa150"]
    )
    ap.add_argument("--train", nargs="+", default=SETS[:2])
    ap.add_argument("--details", required=True, help="path of each set's details, with {set}: /tmp/{set}.jsonl")
    ap.add_argument("--features", nargs="+", choices=FEATURES, default=list(FEATURES[:4]))
    ap.add_argument("--lose", nargs="+", type=float, default=[0.02, 0.04, 0.06])
    args = ap.parse_args()
    from sklearn.linear_model import LogisticRegression

    c = Container()
    try:
        per_set = {name: rows_for(c, name, args.details) for name in dict.fromkeys(args.train + args.sets)}
    finally:
        c.close()
    fit = [r for name in args.train for r in per_set[name] if not r["abstained"]]
    use = [FEATURES.index(f) for f in args.features]
    x = np.asarray([r["x"] for r in fit])[:, use]
    y = np.asarray([r["twin"] for r in fit])
    mu, sd = x.mean(0), x.std(0) + 1e-9
    model = LogisticRegression().fit((x - mu) / sd, y)
    print("weights:", dict(zip(args.features, np.round(model.coef_[0] / sd, 2).tolist(), strict=True)))
    train_p = np.sort(model.predict_proba((x[~y] - mu) / sd)[:, 1])[::-1]
    for rows in per_set.values():  # the rule only sees questions the agent answered
        for r in rows:
            r["p"] = -1.0 if r["abstained"] else model.predict_proba((np.asarray([r["x"]])[:, use] - mu) / sd)[0, 1]
    for lose in args.lose:
        threshold = train_p[int(lose * len(train_p))]
        print(f"\nthreshold {threshold:.3f} (at most {lose:.0%} of the answered training originals newly abstain)")
        for name in args.sets:
            originals = [r for r in per_set[name] if not r["twin"]]
            twins = [r for r in per_set[name] if r["twin"]]
            n = len(originals)
            fa0, tw0 = sum(r["abstained"] for r in originals), sum(r["abstained"] for r in twins)
            fa = fa0 + sum(r["p"] >= threshold for r in originals)
            tw = tw0 + sum(r["p"] >= threshold for r in twins)
            lost = sum(r["p"] >= threshold and r["f1"] > 0.5 for r in originals)
            print(
                f"  {name:20s} false abstain {100 * fa0 / n:5.1f} -> {100 * fa / n:5.1f} (correct answers lost {lost})"
                f"  twins abstained {100 * tw0 / n:5.1f} -> {100 * tw / n:5.1f}"
            )


if __name__ == "__main__":
    main()
