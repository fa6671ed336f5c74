"""Answer evaluation: run the ask graph on a data set's questions and on their unanswerable twins, and score them.

The twin of a question is the same question over the corpus without its gold passages: a searcher wrapper drops the
gold documents from every result list, which equals searching a corpus without them (the dense ranking of the rest
is unchanged; BM25 statistics shift by a handful of documents).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from agent.deps import AgentDeps, Searcher
from agent.schemas import Answer
from graphs.ask import ask
from tools.errors import InputError
from tools.evaluation.answers import citation_scores, exact_match, token_f1
from tools.evaluation.metrics import dedupe, percentile_ms, recall_at
from tools.types import Filters, SearchHit, SearchMode

K = 10
"""Context recall is capped at the same k as the single-shot recall it is compared with."""


@dataclass(frozen=True, kw_only=True)
class AnswerQuery:
    qid: str
    question: str
    answers: list[str]
    gold: frozenset[str]


def load_answer_queries(data_dir: Path, limit: int | None = None) -> list[AnswerQuery]:
    path = data_dir / "queries.jsonl"
    if not path.is_file():
        raise InputError(f"{path} not found: DATA_DIR must hold queries.jsonl")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    out = [
        AnswerQuery(
            qid=str(r["id"]),
            question=r["question"],
            answers=list(r.get("answers") or []),
            gold=frozenset(r["gold_ids"]),
        )
        for r in rows
    ]
    return out[:limit] if limit else out


class EvalSearcher:
    """Wraps the searcher: records each hit's document id and can hide some documents (the unanswerable twin)."""

    def __init__(self, inner: Searcher, doc_of: dict[str, str], hide: frozenset[str] = frozenset()) -> None:
        self.inner = inner
        self.doc_of = doc_of
        self.hide = hide

    def search(
        self,
        query: str,
        collection: str,
        *,
        mode: SearchMode | None = None,
        k: int = 10,
        filters: Filters | None = None,
        rerank: bool | None = None,
    ) -> list[SearchHit]:
        # Over-fetch so that k hits remain once the hidden documents' chunks are gone.
        fetch = min(1000, k + 10 * len(self.hide)) if self.hide else k
        hits = self.inner.search(query, collection, mode=mode, k=fetch, filters=filters, rerank=rerank)
        kept = [h for h in hits if h.chunk.doc_id not in self.hide][:k]
        for h in kept:
            self.doc_of[h.chunk.chunk_id] = h.chunk.doc_id
        return kept


def retrieval_order(answer: Answer) -> list[str]:
    """Every chunk the agent retrieved, round-robin over its sub-queries (the order the context is packed in)."""
    lists = [ids for h in answer.hops for ids in h.retrieved_ids]
    depth = max((len(x) for x in lists), default=0)
    return dedupe(x[r] for r in range(depth) for x in lists if r < len(x))


def cited_docs(answer: Answer) -> list[str]:
    return [c.doc_id for claim in answer.claims for c in claim.citations]


@dataclass
class Row:
    """One question's scores (fractions; None = not applicable)."""

    em: float | None
    f1: float | None
    cite_p: float | None
    cite_r: float
    supported: int
    checked: int
    abstained: bool
    twin_abstained: bool | None
    context_recall: float
    single_shot: float
    llm_calls: int
    seconds: float


async def evaluate_one(
    q: AnswerQuery, collection: str, deps: AgentDeps, knobs: dict[str, Any], twins: bool
) -> tuple[Row, Answer, Answer | None]:
    doc_of: dict[str, str] = {}
    single = deps.searcher.search(q.question, collection, k=50)
    single_docs = dedupe(h.chunk.doc_id for h in single)
    t0 = time.perf_counter()
    answer = await ask(q.question, collection, replace(deps, searcher=EvalSearcher(deps.searcher, doc_of)), knobs)
    seconds = time.perf_counter() - t0
    twin: Answer | None = None
    if twins:
        hidden = replace(deps, searcher=EvalSearcher(deps.searcher, {}, q.gold))
        twin = await ask(q.question, collection, hidden, knobs)
    context_docs = dedupe(doc_of[c] for c in retrieval_order(answer) if c in doc_of)
    prediction = "" if answer.abstained else (answer.short_answer or answer.answer)
    precision, recall = citation_scores(cited_docs(answer), q.gold)
    checked = len(answer.claims) + len(answer.dropped_claims)
    row = Row(
        em=exact_match(prediction, q.answers) if q.answers else None,
        f1=token_f1(prediction, q.answers) if q.answers else None,
        cite_p=precision,
        cite_r=recall,
        supported=len(answer.claims),
        checked=checked,
        abstained=answer.abstained,
        twin_abstained=twin.abstained if twin else None,
        context_recall=recall_at(context_docs, q.gold, K),
        single_shot=recall_at(single_docs, q.gold, K),
        llm_calls=answer.usage.llm_calls,
        seconds=seconds,
    )
    return row, answer, twin


def _mean(values: Sequence[float | None]) -> float:
    xs = [v for v in values if v is not None]
    return round(100.0 * sum(xs) / len(xs), 1) if xs else 0.0


def summarize(rows: Sequence[Row], mode: str) -> dict[str, Any]:
    """The `sleuth eval answers --json` object; rates in percent."""
    checked = sum(r.checked for r in rows)
    twins = [r.twin_abstained for r in rows if r.twin_abstained is not None]
    return {
        "EM": _mean([r.em for r in rows]),
        "F1": _mean([r.f1 for r in rows]),
        "citation_precision": _mean([r.cite_p for r in rows]),
        "citation_recall": _mean([r.cite_r for r in rows]),
        "supported_rate": round(100.0 * sum(r.supported for r in rows) / checked, 1) if checked else 0.0,
        "abstain_rate_unanswerable": _mean([float(t) for t in twins]) if twins else None,
        "false_abstain_rate": _mean([float(r.abstained) for r in rows]),
        "context_recall": _mean([r.context_recall for r in rows]),
        "single_shot_R@10": _mean([r.single_shot for r in rows]),
        "llm_calls_per_q": round(sum(r.llm_calls for r in rows) / len(rows), 2) if rows else 0.0,
        "p50_s": round(percentile_ms([r.seconds for r in rows], 50) / 1000, 2),
        "p95_s": round(percentile_ms([r.seconds for r in rows], 95) / 1000, 2),
        "mode": mode,
        "n_queries": len(rows),
        "n_with_answers": sum(1 for r in rows if r.em is not None),
    }


async def evaluate(
    queries: Sequence[AnswerQuery],
    collection: str,
    deps: AgentDeps,
    knobs: dict[str, Any],
    *,
    twins: bool = True,
    progress: Callable[[int, int, Answer], None] | None = None,
) -> tuple[dict[str, Any], list[tuple[AnswerQuery, Row, Answer, Answer | None]]]:
    """Run every question (and its twin); returns the summary and per question its row, answer and twin's answer."""
    details = []
    for i, q in enumerate(queries, start=1):
        row, answer, twin = await evaluate_one(q, collection, deps, knobs, twins)
        details.append((q, row, answer, twin))
        if progress:
            progress(i, len(queries), answer)
    mode = details[0][2].mode if details else str(knobs.get("mode", "auto"))
    return summarize([r for _, r, _, _ in details], mode), details
