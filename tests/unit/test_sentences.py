"""Extractive sentences keep exact spans; Markdown headings, rules and list items are not glued to prose."""

from __future__ import annotations

from agent.extractive.nlp import parser_for
from agent.extractive.sentences import split

TEXT = (
    "# Brightwell Analytics\n\n**Brightwell Analytics** was a startup. It was founded\nin 2014.\n\n"
    "## Sale\n\nIn March 2019 it was sold.\n- 2014: seed round.\n---\n"
)


def test_split_keeps_spans_and_drops_headings() -> None:
    sents = split([{"chunk_id": "c", "text": TEXT}], parser_for(None))
    assert [s.text for s in sents] == [
        "**Brightwell Analytics** was a startup.",
        "It was founded\nin 2014.",
        "In March 2019 it was sold.",
        "- 2014: seed round.",
    ]
    assert all(TEXT[s.start : s.end] == s.text for s in sents)
