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


def test_a_web_page_line_is_never_part_of_the_next() -> None:
    """The HTML loader writes a headline, its dateline and each paragraph on lines of their own; a text file's lines
    are wrapped prose ("It was founded\\nin 2014.")."""
    page = "Halden to acquire Brightwell\nOslo, 12 March 2019\nHalden today agreed to buy it. It pays in cash.\n"
    html = {"chunk_id": "h", "text": page, "meta": {"format": "html"}}
    sents = split([html], parser_for(None))
    assert [s.text for s in sents] == [
        "Halden to acquire Brightwell",
        "Oslo, 12 March 2019",
        "Halden today agreed to buy it.",
        "It pays in cash.",
    ]
    assert all(page[s.start : s.end] == s.text for s in sents)
    wrapped = split([{"chunk_id": "t", "text": "It was founded\nin 2014 by Mara.\n"}], parser_for(None))
    assert [s.text for s in wrapped] == ["It was founded\nin 2014 by Mara."]
