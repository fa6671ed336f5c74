"""Answer typing in the extractive mode: what a question asks for, and the span it accepts (real spaCy model)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from agent.extractive.answer_type import NAME_ANSWERS, describe
from agent.extractive.question import analyse, describes
from agent.extractive.sentences import Sentence
from agent.extractive.span import pick_answer


@pytest.mark.parametrize(
    ("question", "types"),
    [
        ("Who painted The Harbour at Skarn?", {"PERSON", "ORG"}),
        ("When did the Skarn ferry first sail?", {"DATE"}),
        # A count is no sum of money; "how much" may be either, "how many dollars" is money.
        ("How many bridges cross the Tessel?", {"CARDINAL", "QUANTITY"}),
        ("How many dollars did the Tessel bridge cost?", {"MONEY", "CARDINAL"}),
        ("How much did the Tessel bridge cost?", {"CARDINAL", "QUANTITY", "MONEY", "PERCENT"}),
        ("Which company built the Vellmar Tunnel?", {"ORG"}),
        ("In which city was Ada Morrow born?", {"GPE", "LOC", "FAC"}),
        # Where one studies, plays or works may be a university, a club or a company; where one is born is a place.
        ("Where did Ada Morrow study painting?", {"ORG", "GPE", "LOC", "FAC"}),
        ("Where was Ada Morrow educated?", {"ORG", "GPE", "LOC", "FAC"}),
        ("Where was Ada Morrow born?", {"GPE", "LOC", "FAC"}),
        # Words between the wh-word and its noun qualify the noun; the noun sets the type.
        ("The Skarn ferry sails to which small Baltic island?", {"GPE", "LOC", "FAC"}),
        ("Ada Morrow was born in what landlocked country?", {"GPE", "LOC", "FAC"}),
        ("Skarn Bay starred which television and movie actor from Norway?", NAME_ANSWERS),
        ("In what 1950s film did Ada Morrow play a nurse?", {"WORK_OF_ART"}),
        # A relative "who" asks nothing: the question asks for what comes after it.
        ("The Harbour at Skarn was painted by Ada Morrow, who died on which date?", {"DATE"}),
        ("Whose portrait of Ada Morrow hangs in Leeds?", {"PERSON", "ORG"}),
        # An amount asked with a noun: not a name.
        ("What percentage of Skarn's trade was timber?", {"PERCENT", "CARDINAL"}),
        ("What was the population of Skarn in 1900?", {"CARDINAL", "QUANTITY"}),
        # A price ("what did X pay"), but not any "what did X do".
        ("What did Ada Morrow pay for the Skarn Lighthouse?", {"MONEY", "CARDINAL"}),
        ("What did Ada Morrow paint in 1890?", set()),
        # A relative is a person, whatever qualifies it; a role is any name.
        ("Which maternal grandmother of Ada Morrow?", {"PERSON"}),
        ("Which father-in-law of Ada Morrow?", {"PERSON"}),
        ("Which wife of Tobias Brand?", {"PERSON"}),
        ("Which director of The Harbour at Skarn?", NAME_ANSWERS),
        # An imperative asks what its "which" question asks.
        ("Name the mother of Ada Morrow.", {"PERSON"}),
        ("Name the city that Ada Morrow was born in.", {"GPE", "LOC", "FAC"}),
    ],
)
def test_question_types(parse, question: str, types: set[str]) -> None:  # type: ignore[no-untyped-def]
    assert analyse(question, parse).answer_types == frozenset(types)


def _sentence(text: str, title: str = "Ada Morrow") -> Sentence:
    chunk = {"chunk_id": "c1", "title": title, "text": text, "start": 0}
    return Sentence(chunk=chunk, start=0, end=len(text), order=0, score=1.0)


def test_a_who_question_takes_the_person_not_the_nationality(parse) -> None:  # type: ignore[no-untyped-def]
    """ "American" (a nationality) is no answer to "who": the person in the same sentence is."""
    sent = _sentence(
        "The Harbour at Skarn is an American painting by Ada Morrow, finished in 1891.", "The Harbour at Skarn"
    )
    pick = pick_answer(analyse("Who painted The Harbour at Skarn?", parse), [sent], parse)
    assert pick is not None and pick.answer == "Ada Morrow" and pick.typed


def test_a_question_after_a_statement_can_be_yes_no(parse) -> None:  # type: ignore[no-untyped-def]
    assert analyse("Ada Morrow won the Skarn Prize. Did Tobias Brand win it too?", parse).yes_no
    assert not analyse("Ada Morrow won the Skarn Prize. Which year did Tobias Brand win it?", parse).yes_no


def test_a_work_question_takes_the_quoted_title(parse) -> None:  # type: ignore[no-untyped-def]
    """spaCy rarely tags titles; a quoted one is the work the question asks for, not the place next to it."""
    sent = _sentence('Ada Morrow (born 1931 in Leeds) played the nurse in "Winter Ledger" and in two plays.')
    pick = pick_answer(analyse("In what film did Ada Morrow play a nurse?", parse), [sent], parse)
    assert pick is not None and pick.answer == "Winter Ledger"


def test_a_span_answer_drops_its_quotes(parse) -> None:  # type: ignore[no-untyped-def]
    sent = _sentence('She starred in "Mad About Leeds" for seven years.')
    question = "The Skarn Affair is a 1991 film featuring an English actress who starred in what for seven years?"
    pick = pick_answer(analyse(question, parse), [sent], parse)
    assert pick is not None and pick.answer == "Mad About Leeds"


def test_a_year_question_answers_with_the_year(parse) -> None:  # type: ignore[no-untyped-def]
    sent = _sentence("Ada Morrow (born May 17, 1931) is an English painter.")
    pick = pick_answer(analyse("In what year was the painter of The Harbour at Skarn born?", parse), [sent], parse)
    assert pick is not None and pick.answer == "1931"
    pick = pick_answer(analyse("When was the painter of The Harbour at Skarn born?", parse), [sent], parse)
    assert pick is not None and pick.answer == "May 17, 1931"


@pytest.mark.parametrize(
    ("question", "text", "title", "answer"),
    [
        # "Monday" comes first, but it is relative to when the story was written.
        (
            "When did the Skarn line reopen?",
            "The Skarn line reopened, the council said on Monday, 5 June 2023.",
            "Skarn line",
            "5 June 2023",
        ),
        # "When does ...?" asks for a time that comes back: a season or months, not the year of the report.
        (
            "When does the Skarn market open?",
            "The Skarn market opens from early April to October, as it has since 2007.",
            "Skarn market",
            "early April to October",
        ),
        # The sale's price comes first, but "how many people" asks for a count.
        (
            "How many people did Skarn Mill employ?",
            "Skarn Mill was sold for 4 million dollars and employed 48 people.",
            "Skarn Mill",
            "48",
        ),
        # The small model labels no number in "about 900 people"; the places beside it are no count.
        (
            "How many people does Halden Systems employ?",
            "It employs about 900 people in Oslo, Bergen, Lagos and\nAccra.",
            "Halden Systems",
            "about 900",
        ),
        # The small model labels "210 million" a number and "Norwegian" a nationality: the price is the whole sum.
        (
            "What did Nordhavn pay for Tallis Mill?",
            "Nordhavn bought Tallis Mill in 1921 for 210 million Norwegian kroner.",
            "Tallis Mill",
            "210 million Norwegian kroner",
        ),
        (
            "How much did the club pay for Ada Morrow?",
            "The club paid 12 million euros for Ada Morrow.",
            "Ada Morrow",
            "12 million euros",
        ),
    ],
)
def test_a_date_or_an_amount_is_of_the_asked_kind(parse, question: str, text: str, title: str, answer: str) -> None:  # type: ignore[no-untyped-def]
    pick = pick_answer(analyse(question, parse), [_sentence(text, title)], parse)
    assert pick is not None and pick.answer == answer and pick.typed


def test_describe_names_the_asked_type() -> None:
    assert describe(frozenset({"ORG", "PERSON"})) == "person or organisation"
    assert describe(frozenset({"DATE"})) == "date"
    assert describe(NAME_ANSWERS) == "name"


UNNAMED_Q = "Which company bought the mill founded by Ada Morrow?"


@pytest.mark.parametrize(
    ("text", "described"),
    [
        ("In 2020 Tallis Mills was bought by a Danish shipping company.", ["a Danish shipping company"]),
        ("Tallis Mills is a Danish shipping company.", []),  # named: the subject is the company
        ("Ada Morrow founded Tallis Mills, a Danish company, in 1990.", []),  # named in apposition
    ],
)
def test_a_description_of_the_asked_thing_is_found(parse, text: str, described: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert [d.text for d in describes(analyse(UNNAMED_Q, parse), parse(text))] == described


def test_a_sentence_that_describes_the_answer_does_not_name_it(parse) -> None:  # type: ignore[no-untyped-def]
    """The describing sentence ranks first, but its company is the one that was bought: the buyer is named later."""
    describing = _sentence("In 2020 Tallis Mills was bought by a Danish shipping company.", "Tallis Mills")
    naming = _sentence("Harl Shipping of Aarhus bought Tallis Mills in March 2020.", "harl-buys-tallis")
    naming = replace(naming, score=0.9)
    pick = pick_answer(analyse(UNNAMED_Q, parse), [describing, naming], parse)
    assert pick is not None and pick.answer == "Harl Shipping" and pick.support == [naming]


def test_a_candidate_that_names_the_asked_kind_wins(parse) -> None:  # type: ignore[no-untyped-def]
    """ "In what county": of three places in one sentence, the one called a county."""
    sent = _sentence("Skarn is a small village in Wick, Brannock County, Ohio.", "Skarn")
    pick = pick_answer(analyse("In what county is the village where Ada Morrow was born?", parse), [sent], parse)
    assert pick is not None and pick.answer == "Brannock County"


def test_a_name_after_a_role_noun_is_a_person_whatever_the_model_calls_it(parse) -> None:  # type: ignore[no-untyped-def]
    """The small model calls "Ingrid Halden" a facility (Halden is a town); "the engineer" before it says a person."""
    sent = _sentence("It was founded in 1998 by the engineer Ingrid Halden to run card clearing.", "Halden Systems")
    other = _sentence("Its head office is on Dronning Eufemias gate in Oslo.", "Halden Systems")
    pick = pick_answer(analyse("Who founded Halden Systems?", parse), [sent, other], parse)
    assert pick is not None and pick.answer == "Ingrid Halden" and pick.typed


def test_a_name_does_not_end_on_a_joiner(parse) -> None:  # type: ignore[no-untyped-def]
    sent = _sentence("Its Series A was led by Sable Ventures of Nairobi.", "Kestrel Labs")
    pick = pick_answer(analyse("Which venture firm led the Series A of Kestrel Labs?", parse), [sent], parse)
    assert pick is not None and pick.answer == "Sable Ventures"


@pytest.mark.parametrize(
    "text",
    [
        "Ada Morrow was raised in Vask by her mother Clara Voss.",
        "Ada Morrow grew up at Halvard House, the home of her mother, Clara Voss.",
    ],
)
def test_a_relative_asked_for_is_a_person_not_the_place_before_it(parse, text: str) -> None:  # type: ignore[no-untyped-def]
    """The inner question of "Ada Morrow's mother" must not be answered with where she grew up."""
    pick = pick_answer(analyse("Which mother of Ada Morrow?", parse), [_sentence(text)], parse)
    assert pick is not None and pick.answer == "Clara Voss" and pick.typed


def test_a_subject_pronoun_after_an_opening_phrase_is_the_page_subject(parse) -> None:  # type: ignore[no-untyped-def]
    """ "In 1990 she founded ...": the founder is the page's subject, though the sentence does not open with her."""
    sent = _sentence("In 1990 she founded the Skarn Ferry Company with two fishermen.")
    pick = pick_answer(analyse("Who founded the Skarn Ferry Company?", parse), [sent], parse)
    assert pick is not None and pick.answer == "Ada Morrow" and pick.typed


def test_a_pronoun_after_a_name_is_not_the_page_subject(parse) -> None:  # type: ignore[no-untyped-def]
    sent = _sentence("In 1990 Ewan Morrow married Clara Voss, and she founded the Skarn Ferry Company.")
    pick = pick_answer(analyse("Who founded the Skarn Ferry Company?", parse), [sent], parse)
    assert pick is not None and pick.answer != "Ada Morrow"


def test_he_or_she_names_a_person_not_a_place(parse) -> None:  # type: ignore[no-untyped-def]
    """The page's subject, reached through "he", is no answer to "in which city"."""
    sent = _sentence("In 1901 he built the Tessel Bridge.", "Ewan Morrow")
    pick = pick_answer(analyse("In which city was the Tessel Bridge built?", parse), [sent], parse)
    assert pick is None or not pick.typed


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("Kestrel Labs is a startup of Kenya with its offices in Nairobi.", "Nairobi"),
        ("Harl & Co. is a shipping firm of Singapore.", "Singapore"),  # a city that is also a country
    ],
)
def test_a_city_question_is_not_answered_with_a_country(parse, text: str, answer: str) -> None:  # type: ignore[no-untyped-def]
    pick = pick_answer(analyse("In which city is the firm based?", parse), [_sentence(text, "Firm")], parse)
    assert pick is not None and pick.answer == answer


def test_a_name_the_model_does_not_label_is_still_a_candidate(parse) -> None:  # type: ignore[no-untyped-def]
    """The small model labels no entity in "- Ilse Brandt, co-founder ..." (a list item); the proper-noun run is
    the answer, not the page's other person."""
    item = _sentence("- Ilse Brandt, co-founder and chief engineer (1990-2001)", "Halden Systems")
    other = _sentence("- Ada Morrow, co-founder and chief executive (1990-1999)", "Halden Systems")
    info = analyse("Who was the chief engineer of Halden Systems?", parse)
    pick = pick_answer(info, [item, other], parse)
    assert pick is not None and pick.answer == "Ilse Brandt" and pick.typed


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("The firm is headquartered in Canton, Massachusetts.", "Canton, Massachusetts"),
        ("The firm is headquartered in Ohio, United States.", "Ohio"),  # a state and its country are two places
    ],
)
def test_a_place_is_named_with_the_state_written_after_it(parse, text: str, answer: str) -> None:  # type: ignore[no-untyped-def]
    pick = pick_answer(analyse("Where is the firm headquartered?", parse), [_sentence(text, "Firm")], parse)
    assert pick is not None and pick.answer == answer


def test_a_name_ending_in_a_company_word_is_a_company(parse) -> None:  # type: ignore[no-untyped-def]
    # The small model labels "Kestrel Labs" a person here; "Labs" makes it a company.
    text = "There he founded Kestrel Labs, a company that builds offline-first payment terminals for co-operatives."
    assert {e.text: e.label_ for e in parse(text).ents}["Kestrel Labs"] == "PERSON"
    sent = _sentence(text, "Femi Adeyemi")
    pick = pick_answer(analyse("Which company did Femi Adeyemi found?", parse), [sent], parse)
    assert pick is not None and pick.answer == "Kestrel Labs" and pick.typed


def test_a_longer_form_of_the_questions_subject_is_not_its_answer(parse) -> None:  # type: ignore[no-untyped-def]
    # "Brightwell Analytics of Lagos" is the subject again; the buyer is in another sentence.
    timeline = _sentence("2019: acquires Brightwell Analytics of Lagos, its first company outside Europe.", "Halden")
    release = _sentence("Halden Systems agreed to acquire Brightwell Analytics for 40 million dollars.", "Deal")
    pick = pick_answer(analyse("Which company acquired Brightwell Analytics?", parse), [timeline, release], parse)
    assert pick is not None and pick.answer == "Halden Systems", pick
    # A one-word subject is a family name as often as a company's: "Bach" does not rule out his son.
    son = _sentence("His son Carl Philipp Emanuel Bach became a composer in Berlin.", "Johann Sebastian Bach")
    pick = pick_answer(analyse("Which son of Bach became a composer?", parse), [son], parse)
    assert pick is not None and pick.answer == "Carl Philipp Emanuel Bach", pick
