"""The shared parser reads Markdown text as prose (real spaCy model)."""

from __future__ import annotations

from agent.extractive.nlp import load_nlp, parser_for


def test_markdown_emphasis_does_not_hide_a_name() -> None:
    text = "In 2014 she founded the startup **Brightwell Analytics** in Lagos."
    doc = parser_for(load_nlp())(text)
    names = {e.text: (e.start_char, e.end_char) for e in doc.ents}
    assert "Brightwell Analytics" in names
    start, end = names["Brightwell Analytics"]
    assert text[start:end] == "Brightwell Analytics", "offsets still point into the source text"
