"""SQuAD answer metrics against values worked out by hand (the official script's definitions)."""

from __future__ import annotations

import pytest

from tools.evaluation.answers import citation_scores, exact_match, normalize, token_f1


def test_normalize_is_squad_normalisation() -> None:
    assert normalize("The  Eiffel-Tower!") == "eiffeltower"
    assert normalize("a Tale of an Apple") == "tale of apple"


def test_exact_match_takes_the_best_alias() -> None:
    assert exact_match("Stanley Hall", ["G. Stanley Hall", "Stanley Hall"]) == 1.0
    assert exact_match("the Stanley Hall.", ["Stanley Hall"]) == 1.0
    assert exact_match("Hall", ["Stanley Hall"]) == 0.0
    assert exact_match("anything", []) == 0.0


def test_token_f1_by_hand() -> None:
    # pred {march, 2019} vs gold {12, march, 2019}: p = 2/2, r = 2/3, F1 = 0.8
    assert token_f1("March 2019", ["12 March 2019"]) == pytest.approx(0.8)
    # best over aliases: "g stanley hall" vs "stanley hall" -> p = 2/3, r = 1 -> 0.8; exact alias -> 1.0
    assert token_f1("G. Stanley Hall", ["Stanley Hall", "G. Stanley Hall"]) == 1.0
    assert token_f1("G. Stanley Hall", ["Stanley Hall"]) == pytest.approx(0.8)
    assert token_f1("Paris", ["London"]) == 0.0
    assert token_f1("", ["London"]) == 0.0


def test_citation_precision_and_recall() -> None:
    assert citation_scores(["a", "b", "b"], frozenset({"a", "c"})) == (0.5, 0.5)
    assert citation_scores([], frozenset({"a"})) == (None, 0.0)
