"""Extractive grounding: which retrieved pages the question names (the abstention rule's first link)."""

from __future__ import annotations

import pytest

from agent.extractive.grounding import core_title, names


@pytest.mark.parametrize(
    ("title", "core"),
    [
        ("Leland, North Carolina", "Leland"),
        ("Frozen (2013 film)", "Frozen"),
        ("The Brisbane Institute", "Brisbane Institute"),
        ("Simon &amp; Simon", "Simon & Simon"),
    ],
)
def test_core_title_drops_disambiguation(title: str, core: str) -> None:
    assert core_title(title) == core


Q = "Did Scott Andrew Buchholz serve under the Deputy Prime Minister before The Quiet Ledger was published in Leland?"
ANCHORS = ["Scott Andrew Buchholz", "The Quiet Ledger", "Leland"]


@pytest.mark.parametrize(
    ("title", "named"),
    [
        ("Leland, North Carolina", True),  # the question says "Leland"
        ("Scott Buchholz", True),  # a shorter form of a named person
        ("the-quiet-ledger-review", True),  # a file name that names the anchor
        ("Chloë Leland", False),  # a namesake: more than the anchor
        ("Deputy Prime Minister of Singapore", False),
        ("Chiang Kai-shek Memorial Hall", False),
        ("quarterly-report", False),
    ],
)
def test_names(title: str, named: bool) -> None:
    assert names(Q, ANCHORS, title) is named
