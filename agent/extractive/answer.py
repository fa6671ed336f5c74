"""The LLM-free draft: abstain when the context misses the question's names, else the best-supported span."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from agent.extractive.nlp import Parser, content_words, norm
from agent.extractive.question import QuestionInfo
from agent.extractive.sentences import score, split
from agent.extractive.span import pick_answer
from agent.quotes import cite
from tools.types import Embedder


def missing_anchors(info: QuestionInfo, chunks: Sequence[dict[str, Any]]) -> list[str]:
    """The question's names and numbers that no passage (title or text) contains."""
    text = " ".join(f"{c.get('title', '')} {c['text']}" for c in chunks)
    hay, bag = f" {norm(text)} ", content_words(text)
    out = []
    for a in info.anchors:
        words = content_words(a)
        if f" {norm(a)} " in hay or (words and words <= bag):
            continue
        out.append(a)
    return out


def draft(
    info: QuestionInfo,
    chunks: Sequence[dict[str, Any]],
    parse: Parser,
    embedder: Embedder,
    *,
    min_anchor_coverage: float,
    min_answer_score: float,
) -> dict[str, Any]:
    """A draft dict (see State.draft): the short answer and its supporting sentences as verbatim claims."""
    if not chunks:
        return {"answerable": False, "reason": "nothing relevant was retrieved", "claims": []}
    missing = missing_anchors(info, chunks)
    if info.anchors and 1 - len(missing) / len(info.anchors) < min_anchor_coverage:
        names = ", ".join(f"“{m}”" for m in missing)
        return {"answerable": False, "reason": f"the retrieved passages never mention {names}", "claims": []}
    ranked = score(info.text, info.keywords, split(chunks, parse), embedder)
    pick = pick_answer(info, ranked, parse)
    if pick is None or pick.score < min_answer_score:
        best = f" (best {pick.score:.2f})" if pick else ""
        return {
            "answerable": False,
            "reason": f"no retrieved sentence matches the question closely enough{best}",
            "claims": [],
        }
    claims, seen = [], set()
    for s in pick.support:
        key = (s.chunk["chunk_id"], s.start)
        if key not in seen:  # a comparison's two sides may rest on one sentence
            seen.add(key)
            claims.append({"text": s.text, "citations": [cite(s.chunk, s.start, s.end).model_dump()]})
    return {"answerable": True, "short_answer": pick.answer, "claims": claims, "score": round(pick.score, 4)}
