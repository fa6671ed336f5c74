"""Weighted reciprocal rank fusion against scores worked out by hand."""

from __future__ import annotations

import pytest

from tools.fusion import reciprocal_rank_fusion


def test_weighted_scores_match_the_formula_by_hand() -> None:
    lists = {"dense": ["a", "b", "c"], "bm25": ["b", "d"]}
    fused = dict(reciprocal_rank_fusion(lists, k=60, weights={"dense": 1.0, "bm25": 0.5}))
    assert fused == pytest.approx(
        {
            "a": 1 / 61,  # dense rank 1 only
            "b": 1 / 62 + 0.5 / 61,  # dense rank 2, bm25 rank 1
            "c": 1 / 63,
            "d": 0.5 / 62,
        }
    )
    assert [d for d, _ in reciprocal_rank_fusion(lists, k=60, weights={"dense": 1.0, "bm25": 0.5})] == [
        "b",  # 0.02433
        "a",  # 0.01639
        "c",  # 0.01587
        "d",  # 0.00806
    ]


def test_k_changes_who_wins() -> None:
    # x: first in one list only; y: second in both. 1/(k+1) vs 2/(k+2): y wins for every k >= 1 (k=1: 0.5 vs 0.667).
    lists = {"a": ["x", "y"], "b": ["z", "y"]}
    assert reciprocal_rank_fusion(lists, k=1)[0] == ("y", pytest.approx(2 / 3))
    # With weights the single strong list can win: 1/(k+1) > 1.2/(k+2) needs k < 4 (k=1: 0.5 > 0.4).
    w = {"a": 1.0, "b": 0.2}
    assert reciprocal_rank_fusion(lists, k=1, weights=w)[0][0] == "x"
    assert reciprocal_rank_fusion(lists, k=60, weights=w)[0][0] == "y"


def test_weight_zero_drops_the_list_and_duplicates_count_once() -> None:
    lists = {"dense": ["a", "b", "a"], "bm25": ["c", "b"]}
    assert reciprocal_rank_fusion(lists, k=10, weights={"bm25": 0.0}) == [
        ("a", pytest.approx(1 / 11)),
        ("b", pytest.approx(1 / 12)),
    ]
    assert dict(reciprocal_rank_fusion(lists, k=10))["a"] == pytest.approx(1 / 11), "the repeat at rank 3 is ignored"


def test_ties_keep_the_order_of_first_appearance() -> None:
    lists = {"a": ["p", "q"], "b": ["q", "p"]}
    assert [d for d, _ in reciprocal_rank_fusion(lists, k=60)] == ["p", "q"]
    assert [d for d, _ in reciprocal_rank_fusion({"b": ["q", "p"], "a": ["p", "q"]}, k=60)] == ["q", "p"]


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="k must be"):
        reciprocal_rank_fusion({"a": ["x"]}, k=0)
    with pytest.raises(ValueError, match=">= 0"):
        reciprocal_rank_fusion({"a": ["x"]}, weights={"a": -1.0})
    assert reciprocal_rank_fusion({}) == []
