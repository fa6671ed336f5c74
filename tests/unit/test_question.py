"""Question analysis: the two sides of an "A or B" comparison."""

from __future__ import annotations

import pytest

from agent.extractive.nlp import content_words, parser_for
from agent.extractive.question import analyse


@pytest.mark.parametrize(
    ("question", "options"),
    [
        # Title-cased sides are whole titles, even where spaCy's entities would cut them ("Of The", a leading number).
        ("Which film premiered first, Harbour Of The Grey Gulls or 12 Lanterns?",
         ["Harbour Of The Grey Gulls", "12 Lanterns"]),
        ("Which novel came out earlier, The Glass Orchard or Winter Ledger (1931 Novel)?",
         ["Glass Orchard", "Winter Ledger (1931 Novel)"]),
        # A side that describes rather than names keeps only the name inside it.
        ("Which came first, the founding of Maple Loom Records or the birth of Ada Morrow?",
         ["Maple Loom Records", "Ada Morrow"]),
        ("Who was born first, Ada Morrow or Tobias Brand?", ["Ada Morrow", "Tobias Brand"]),
        ("Who directed the film shot in or around Leland in 1986?", []),
    ],
)  # fmt: skip
def test_options_are_the_compared_names(question: str, options: list[str]) -> None:
    assert analyse(question, parser_for(None)).options == options


@pytest.mark.parametrize(
    ("question", "subjects", "setting"),
    [
        # Dates (with their article), languages and words hyphenated onto a date describe; only names have a page.
        ("What song debuted in the November 12, 2003 show of Harbour Lights?", ["Harbour Lights"], "November 12, 2003"),
        ("Which novel by Ada Morrow was translated into English first?", ["Ada Morrow"], "English"),
        ("The first tornado of the Early-May 2003 outbreak hit a county named after which general?", [], "Early"),
        ("The first storm of the Mid-June 1961 storm season hit a state named after which king?", [], "Mid-June 1961"),
    ],
)  # fmt: skip
def test_dates_languages_and_their_prefixes_are_not_subjects(question: str, subjects: list[str], setting: str) -> None:
    info = analyse(question, parser_for(None))
    assert setting not in info.subjects
    assert info.subjects == subjects


@pytest.mark.parametrize(
    ("question", "noun"),
    [
        ("Which company acquired the Skarn ferry?", "compani"),
        ("In what county is Skarn?", "counti"),
        # A relative "in which" after the question's own wh-word asks nothing.
        ("Who approved the deal in which Skarn Lines bought the ferry?", ""),
    ],
)
def test_the_asked_noun_belongs_to_the_typing_wh_phrase(question: str, noun: str) -> None:
    assert analyse(question, parser_for(None)).asked_noun == noun


@pytest.mark.parametrize(
    "question",
    [
        "Between Mara Quill and Tobias Venn, which writer has had a longer career?",
        "Are Mara Quill and Tobias Venn both Danish painters?",
    ],
)
def test_a_capitalised_opener_is_not_part_of_a_name(question: str) -> None:
    assert sorted(analyse(question, parser_for(None)).subjects) == ["Mara Quill", "Tobias Venn"]


@pytest.mark.parametrize(
    "question",
    [
        "Who was the CTO of Brightwell Analytics?",
        "Where was Brightwell Analytics' CTO born?",
        "Which CTO of Brightwell Analytics?",
    ],
)
def test_a_role_acronym_is_a_role_not_part_of_a_name(question: str) -> None:
    """ "CTO of Brightwell Analytics" is no page's name; the role's words are matched spelled out."""
    info = analyse(question, parser_for(None))
    assert info.subjects == ["Brightwell Analytics"]
    assert content_words("chief technology officer") <= info.keywords


def test_a_role_acronym_and_its_words_meet() -> None:
    assert content_words("Halden's CEO") == content_words("Halden's chief executive officer")


def test_a_common_word_the_tagger_calls_a_proper_noun_is_no_name(parse) -> None:  # type: ignore[no-untyped-def]
    # The tagger reads "physical" in "national physical laboratory" (and a misspelt "paly") as proper nouns; a word
    # without a capital at either end of a run is no part of a name, so no page about it is required.
    info = analyse("When does monsoon season come to the city of India's national physical laboratory?", parse)
    assert info.subjects == [] and info.anchors == ["India"], info.anchors
    info = analyse("What position does the footballer who plays for the largest city of Portugal paly?", parse)
    assert info.anchors == ["Portugal"], info.anchors


@pytest.mark.parametrize(
    ("question", "subjects"),
    [
        ("When did Eduardo Frei Ruiz-Tagle's father die?", ["Eduardo Frei Ruiz-Tagle"]),
        ("Who directed Spider-Man?", ["Spider-Man"]),
        ("Was the Franco-Prussian War before the Crimean War?", ["Franco-Prussian War", "Crimean War"]),
    ],
)
def test_a_hyphenated_name_is_one_name_as_written(question: str, subjects: list[str]) -> None:
    assert analyse(question, parser_for(None)).subjects == subjects
