"""The graph's routers and the evidence order, as pure functions."""

from __future__ import annotations

from agent.evidence import documents, ordered
from agent.routing import after_read, after_verify, fan_out

OK = {"supported": True, "score": 0.9}
NO = {"supported": False, "score": 0.1}


def claims(*verdicts: dict) -> dict:
    return {
        "answerable": True,
        "claims": [{"text": str(i), "citations": [], "verdict": v} for i, v in enumerate(verdicts)],
    }


def test_after_verify_every_branch() -> None:
    assert after_verify(claims(OK, OK), 0, 1, False) == "finish"
    assert after_verify(claims(OK, NO), 0, 1, False) == "revise"  # a rewrite is left
    assert after_verify(claims(OK, NO), 1, 1, False) == "finish"  # keep the supported claim
    assert after_verify(claims(NO), 1, 1, False) == "revise"  # nothing holds: one re-retrieval is left
    assert after_verify(claims(NO), 1, 1, True) == "abstain"
    assert after_verify({"answerable": False, "claims": []}, 0, 1, False) == "abstain"
    assert after_verify({"answerable": True, "claims": []}, 0, 1, False) == "abstain"


def test_fan_out_sends_one_branch_per_distinct_query() -> None:
    sends = fan_out({"question": "q", "collection": "c", "hop": 2, "pending": ["a", "b", "a", ""]})  # type: ignore[typeddict-item]
    assert [s.node for s in sends] == ["retrieve", "retrieve"]
    assert [s.arg for s in sends] == [
        {"query": "a", "collection": "c", "hop": 2},
        {"query": "b", "collection": "c", "hop": 2},
    ]


def test_after_read_hops_again_or_composes() -> None:
    base = {"question": "q", "collection": "c", "hop": 2}
    assert after_read({**base, "enough": True}) == "compose"  # type: ignore[typeddict-item]
    again = after_read({**base, "enough": False, "pending": ["x"]})  # type: ignore[typeddict-item]
    assert isinstance(again, list) and again[0].arg["query"] == "x"
    assert after_read({**base, "enough": False, "pending": []}) == "compose"  # type: ignore[typeddict-item]


def test_evidence_is_read_round_robin_over_sub_queries() -> None:
    def e(cid: str, rank: int, hop: int) -> dict:
        return {"chunk": {"chunk_id": cid, "doc_id": cid[0]}, "rank": rank, "hop": hop, "score": 0.0}

    ev = {"a1": e("a1", 1, 1), "a2": e("a2", 2, 1), "b1": e("b1", 1, 2), "c3": e("c3", 3, 1)}
    assert [c["chunk_id"] for c in ordered(ev)] == ["a1", "b1", "a2", "c3"]
    assert documents(ordered(ev)) == ["a", "b", "c"]
    assert documents(ordered(ev), limit=2) == ["a", "b"]
