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


def test_a_hard_wrapped_line_keeps_its_names() -> None:
    # Wrapped before "Bergen", the small model labels the city an organisation.
    text = (
        "He spent eleven years at Fjordline Payments in\nBergen, the last five of them as its chief technology"
        " officer, where he led the move of Norway's regional savings\nbanks to real-time transfers."
    )
    doc = parser_for(load_nlp())(text)
    labels = {e.text: e.label_ for e in doc.ents}
    assert labels.get("Bergen") == "GPE"
    bergen = next(e for e in doc.ents if e.text == "Bergen")
    assert text[bergen.start_char : bergen.end_char] == "Bergen"


def test_breaks_before_list_items_and_after_full_stops_stay() -> None:
    text = "Timeline:\n- 2016: Jonas Berg becomes chief executive.\nIn 2019 Halden bought Brightwell."
    doc = parser_for(load_nlp())(text)
    assert doc.text.count("\n") == 2
