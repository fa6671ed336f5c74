"""What a thing is called: naming questions and the names sentences give things (real parser and embedder)."""

from __future__ import annotations

from agent.extractive.answer import draft
from agent.extractive.naming import named_things
from agent.extractive.nlp import Parser
from agent.extractive.question import analyse
from tools.embedders import MiniLMOnnxEmbedder


def test_naming_questions_are_recognised_first_and_second(parse: Parser) -> None:
    first = analyse("What is the startup's product called, and when was it launched?", parse)
    assert first.names and not first.then_names and first.then_types == {"DATE"}
    second = analyse("In which city is Kestrel Labs, and what is its product called?", parse)
    assert second.then_names and not second.names
    assert analyse("What is the name of the band founded by Ada Morrow?", parse).names
    assert analyse("Under what name did Ada Morrow record her second album?", parse).names
    # Other "what is" questions and plain "which" questions ask for no name given to a thing.
    assert not analyse("What is the population of Lagos?", parse).names
    assert not analyse("Which company bought Brightwell Analytics?", parse).names
    # A relative clause's verb names nothing the question asks for.
    assert not analyse('What is the abbreviation of the magazine that called Qvwm "an impostor"?', parse).names


def test_a_naming_verb_gives_the_new_name_and_an_apposition_the_old(parse: Parser) -> None:
    doc = parse(
        "Brightwell's fraud screening service, Tally, has been renamed Halden Tally and now screens 52 million"
        " mobile-money transactions a month."
    )
    assert named_things(doc) == [("Tally", 0.4), ("Halden Tally", 0.5)]
    assert ("Tally", 0.5) in named_things(parse("Okafor built a fraud service called Tally for agents."))
    assert ("Perch", 0.5) in named_things(parse("The terminal, known as the Perch, records sales offline."))
    # A noun for a name says so as plainly: the pseudonym beats the musician beside his role noun.
    doc = parse("The album was released by the producer Steven Wilson under the pseudonym Bass Communion.")
    assert named_things(doc) == [("Steven Wilson", 0.4), ("Bass Communion", 0.5)]


def test_a_name_in_apposition_to_a_common_noun(parse: Parser) -> None:
    doc = parse("Kestrel Labs has launched the Perch, a solar-powered payment terminal.")
    assert ("Perch", 0.4) in named_things(doc)
    # The parser hangs "band" on the name as a compound here, not as an apposition.
    assert named_things(parse("He is the frontman of India's pop band Euphoria.")) == [("Euphoria", 0.4)]
    # A name with no common noun beside it and no naming verb is given nothing here.
    assert named_things(parse("Mara Okafor met Jonas Berg in Oslo.")) == []


_REPORT = {
    "chunk_id": "r:0",
    "doc_id": "r",
    "title": "Brightwell Analytics",
    "source": "brightwell.md",
    "start": 0,
    "text": (
        "In 2019 Halden Systems acquired Brightwell Analytics of Lagos. Brightwell's fraud screening service, Tally, "
        "has been renamed Halden Tally and now screens 52 million transactions a month."
    ),
}


def test_what_a_product_is_called_is_answered_with_its_current_name(
    parse: Parser, embedder: MiniLMOnnxEmbedder
) -> None:
    info = analyse("What is Brightwell Analytics' fraud product called now?", parse)
    out = draft(info, [_REPORT], parse, embedder, min_answer_score=0.0)
    assert out["answerable"] and out["short_answer"] == "Halden Tally", out.get("short_answer")
    assert out["typed"] and out["caveat"] == ""


def test_a_joined_naming_question_is_answered_from_the_answers_sentence(
    parse: Parser, embedder: MiniLMOnnxEmbedder
) -> None:
    q = "How many transactions a month does Brightwell Analytics' fraud service screen, and what is it called now?"
    info = analyse(q, parse)
    out = draft(info, [_REPORT], parse, embedder, min_answer_score=0.0)
    assert out["answerable"] and out["short_answer"] == "52 million; Halden Tally", out.get("short_answer")
