"""The public Answer built from the final state (finish and abstain share it)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from agent.evidence import ordered
from agent.schemas import Answer, Citation, Claim, HopTrace, Usage, Verdict
from agent.state import State


def hop_trace(state: State) -> list[HopTrace]:
    """Sub-queries and retrieved chunk ids per hop, in the order they ran."""
    rows: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for r in state.get("retrievals", []):
        rows[int(r["hop"])].append(r)
    return [
        HopTrace(hop=h, sub_queries=[r["query"] for r in rs], retrieved_ids=[list(r["ids"]) for r in rs])
        for h, rs in sorted(rows.items())
    ]


def usage(state: State) -> Usage:
    u = state.get("usage", {})
    return Usage(
        llm_calls=int(u.get("llm_calls", 0)),
        input_tokens=int(u.get("input_tokens", 0)),
        output_tokens=int(u.get("output_tokens", 0)),
    )


def claims(draft: dict[str, Any]) -> list[Claim]:
    return [
        Claim(
            text=c["text"],
            citations=[Citation.model_validate(x) for x in c["citations"]],
            derivation=c.get("derivation", ""),
            verdict=Verdict.model_validate(c["verdict"]) if c.get("verdict") else None,
        )
        for c in draft.get("claims", [])
    ]


def closest_evidence(state: State, n: int = 3) -> list[Citation]:
    """The first sentence-sized span of each of the best `n` passages (what came closest to an answer)."""
    out = []
    for chunk in ordered(state.get("evidence", {}))[:n]:
        text = chunk["text"]
        end = next((i + 1 for i, ch in enumerate(text) if ch in ".!?" and i > 40), min(len(text), 300))
        base = int(chunk["start"])
        out.append(
            Citation(
                chunk_id=chunk["chunk_id"],
                doc_id=chunk.get("doc_id", ""),
                title=chunk.get("title", ""),
                source=chunk.get("source", ""),
                page=chunk.get("page"),
                start=base,
                end=base + end,
                quote=text[:end],
            )
        )
    return out


def build(state: State, *, abstained: bool, reason: str | None = None, text: str | None = None) -> Answer:
    draft = state.get("draft", {})
    checked = claims(draft)
    kept = [c for c in checked if c.verdict is not None and c.verdict.supported]
    dropped = [c for c in checked if c not in kept] + claims({"claims": draft.get("dropped", [])})
    short = "" if abstained else str(draft.get("short_answer", ""))
    body = text if text is not None else (short or " ".join(c.text for c in kept))
    return Answer(
        collection=state["collection"],
        question=state["question"],
        answer=body,
        short_answer=short,
        claims=[] if abstained else kept,
        dropped_claims=checked if abstained else dropped,
        abstained=abstained,
        reason=reason,
        closest_evidence=closest_evidence(state) if abstained else [],
        hops=hop_trace(state),
        caveat="" if abstained else str(draft.get("caveat", "")),
        read_as="" if abstained else str(draft.get("rewritten", "")),
        inner_answers=[] if abstained else draft.get("nested", []),
        context_ids=list(state.get("context_ids", [])),
        mode=state.get("mode", "extractive"),  # type: ignore[arg-type]
        usage=usage(state),
        timings=dict(state.get("timings", {})),
    )
