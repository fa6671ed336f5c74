"""Nested questions are read inside out: the inner noun phrase is asked first (real spaCy model, real embedder)."""

from __future__ import annotations

import pytest

from agent.extractive.answer import draft
from agent.extractive.nested import Nest, inner_question
from agent.extractive.question import analyse
from tools.embedders import MiniLMOnnxEmbedder


@pytest.mark.parametrize(
    ("question", "inner", "outer"),
    [
        (
            "Who designed the bridge that crosses the Orlen River?",
            "Which bridge crosses the Orlen River?",
            "Who designed <A>?",
        ),
        ("When was the mill founded by Ada Morrow sold?", "Which mill founded by Ada Morrow?", "When was <A> sold?"),
        (
            "Where was the author of The Salt Road born?",
            "Which author of The Salt Road?",
            "Where was <A> born?",
        ),
        # A possessive name pins down its noun too; the name is whole, article and titles included.
        ("When did Ada Morrow's mother die?", "Which mother of Ada Morrow?", "When did <A> die?"),
        ("Who married The Salt Road's main director?", "Which main director of The Salt Road?", "Who married <A>?"),
        (
            "Where was the place of death of Henry, Duke of Orlen's father?",
            "Which father of Henry, Duke of Orlen?",
            "Where was the place of death of <A>?",
        ),
        ("Where was Olaf the Quiet's son born?", "Which son of Olaf the Quiet?", "Where was <A> born?"),
        # A compound noun after the possessive, and the question's verb that the small model hangs on it.
        (
            "Where was Orlen Mills' chief technology officer born?",
            "Which chief technology officer of Orlen Mills?",
            "Where was <A> born?",
        ),
        # A role's acronym is tagged as a name, but owned it is a noun.
        ("Where was Orlen Mills' CTO born?", "Which CTO of Orlen Mills?", "Where was <A> born?"),
        (
            "Who designed the bridge built by Orlen Mills' CTO?",
            "Which CTO of Orlen Mills?",
            "Who designed the bridge built by <A>?",
        ),
    ],
)
def test_the_innermost_phrase_becomes_a_question(parse, question: str, inner: str, outer: str) -> None:  # type: ignore[no-untyped-def]
    nest = inner_question(parse(question))
    assert nest is not None
    assert (nest.inner, nest.outer("<A>")) == (inner, outer)


@pytest.mark.parametrize(
    "question",
    [
        "Who is the chief executive of Halden Systems?",  # the phrase is what "who is" asks for
        "Which mill founded by Ada Morrow was sold in 1921?",  # the question's own ask
        "Which firm bought the mill its founder built?",  # "its" points outside the phrase
        "When was Tallis Mill sold?",  # nothing nested
        "Who is Ada Morrow's paternal grandfather?",  # the phrase is what "who is" asks for
        "Where did Ada Morrow's father study?",  # the small model reads "did" as the verb, "study" as a noun
    ],
)
def test_phrases_that_are_not_nested_questions(parse, question: str) -> None:  # type: ignore[no-untyped-def]
    assert inner_question(parse(question)) is None


def test_an_answer_ending_in_s_takes_a_bare_apostrophe() -> None:
    nest = Nest(inner="Which startup of Ada Morrow?", before="What is ", after="'s product called?")
    assert nest.outer("Orlen Mills") == "What is Orlen Mills' product called?"
    assert nest.outer("Orlen Mill") == "What is Orlen Mill's product called?"


def _page(title: str, text: str) -> dict[str, str | int]:
    return {"chunk_id": f"{title}:0", "title": title, "text": text, "doc_id": title, "source": title, "start": 0}


CONTEXT = [
    _page(
        "Orlen River", "The Orlen River rises in the Skarn hills. The Halvard Bridge crosses the Orlen River at Vask."
    ),
    _page("Halvard Bridge", "The Halvard Bridge is a stone arch bridge. It was designed by Ilse Brandt in 1898."),
    _page("Vask", "Vask is a market town on the Orlen River. Its mayor Tomas Reiner designed the river festival."),
]


def test_the_inner_answer_is_written_into_the_outer_question_and_cited(parse) -> None:  # type: ignore[no-untyped-def]
    question = "Who designed the bridge that crosses the Orlen River?"
    out = draft(analyse(question, parse), CONTEXT, parse, MiniLMOnnxEmbedder(), min_answer_score=0.0)
    assert out["answerable"]
    assert out["nested"] == [{"question": "Which bridge crosses the Orlen River?", "answer": "Halvard Bridge"}]
    assert out["rewritten"] == "Who designed Halvard Bridge?"
    cited = [c["citations"][0]["title"] for c in out["claims"]]
    assert "Orlen River" in cited, "the inner answer's sentence is cited too"


def test_an_abstention_is_not_overturned_by_the_inside_out_reading(parse) -> None:  # type: ignore[no-untyped-def]
    question = "Who designed the bridge that crosses the Tamsin Canal?"
    out = draft(analyse(question, parse), CONTEXT, parse, MiniLMOnnxEmbedder(), min_answer_score=0.0)
    assert not out["answerable"] and "nested" not in out


def test_the_answer_reports_the_reading(parse) -> None:  # type: ignore[no-untyped-def]
    from agent.output import build

    question = "Who designed the bridge that crosses the Orlen River?"
    out = draft(analyse(question, parse), CONTEXT, parse, MiniLMOnnxEmbedder(), min_answer_score=0.0)
    state = {"collection": "towns", "question": question, "draft": out, "mode": "extractive"}
    answer = build(state, abstained=False)  # type: ignore[arg-type]
    assert answer.read_as == "Who designed Halvard Bridge?"
    assert [(x.question, x.answer) for x in answer.inner_answers] == [
        ("Which bridge crosses the Orlen River?", "Halvard Bridge")
    ]
    assert build(state, abstained=True, reason="test").inner_answers == []  # type: ignore[arg-type]


def test_an_inner_answer_the_question_already_names_is_not_written_in(parse) -> None:  # type: ignore[no-untyped-def]
    # The phrase describes the question's own subject: read inside out it would ask "When did Ilse Brandt become Ilse
    # Brandt?". A reader that answers every question well shows the reading is refused, not merely outscored.
    from agent.extractive.nested import inside_out

    def ask(info, bridges):  # type: ignore[no-untyped-def]
        return {"answerable": True, "typed": True, "short_answer": "Ilse Brandt", "score": 9.0, "claims": []}

    question = "When did Ilse Brandt become the designer of the Halvard Bridge?"
    direct = {"answerable": True, "typed": True, "short_answer": "1898", "score": 0.1, "claims": []}
    assert inside_out(analyse(question, parse), direct, ask, parse, (), max_nesting=3) is direct
    other = "When did Tomas Reiner become the designer of the Halvard Bridge?"
    assert inside_out(analyse(other, parse), direct, ask, parse, (), max_nesting=3)["rewritten"] == (
        "When did Tomas Reiner become Ilse Brandt?"
    ), "an inner answer the question does not name is written in"


def test_a_possessive_is_read_inside_out_and_cited_in_chain_order(parse) -> None:  # type: ignore[no-untyped-def]
    # Read directly, "When did Ada Morrow's mother die?" is answered from Ada Morrow's own death.
    context = [
        _page(
            "Ada Morrow",
            "Ada Morrow was a Scottish mill owner who died in 1950. Her mother was the painter Clara Voss.",
        ),
        _page("Clara Voss", "Clara Voss was a painter of river scenes. She died in 1931 in Vask."),
        _page("Vask", "Vask is a market town. Its mill closed in 1962."),
    ]
    out = draft(
        analyse("When did Ada Morrow's mother die?", parse), context, parse, MiniLMOnnxEmbedder(), min_answer_score=0.0
    )
    assert out["answerable"] and out["short_answer"] == "1931"
    assert out["nested"] == [{"question": "Which mother of Ada Morrow?", "answer": "Clara Voss"}]
    assert [c["citations"][0]["title"] for c in out["claims"]] == ["Ada Morrow", "Clara Voss"]


def test_a_final_answer_the_question_already_names_keeps_the_direct_reading(parse) -> None:  # type: ignore[no-untyped-def]
    # "Ada Morrow's grandfather" is read as "Which grandfather of Ada Morrow?" -> "Ewan Morrow"; the rewritten question
    # no longer names Ada Morrow, so only the original question shows that answering "Ada Morrow" restates it.
    from agent.extractive.nested import inside_out

    def ask(info, bridges):  # type: ignore[no-untyped-def]
        answer = "Ewan Morrow" if info.text.startswith("Which") else "Ada Morrow"
        return {"answerable": True, "typed": True, "short_answer": answer, "score": 9.0, "claims": []}

    direct = {"answerable": True, "typed": True, "short_answer": "Ewan", "score": 0.1, "claims": []}
    info = analyse("What is the first name of Ada Morrow's grandfather?", parse)
    assert inside_out(info, direct, ask, parse, (), max_nesting=3) is direct


def test_a_sentence_that_answers_two_inner_questions_is_cited_once(parse) -> None:  # type: ignore[no-untyped-def]
    from agent.extractive.nested import inside_out

    shared = {"text": "s", "citations": [{"chunk_id": "Ada Morrow:0", "start": 0}]}
    final_claim = {"text": "t", "citations": [{"chunk_id": "Clara Voss:0", "start": 0}]}

    def ask(info, bridges):  # type: ignore[no-untyped-def]
        inner = info.text.startswith("Which")
        answer = {"mother": "Clara Voss", "mill": "Tallis Mill"}.get(info.text.split()[1], "1931")
        claims = [shared] if inner else [final_claim]
        return {"answerable": True, "typed": True, "short_answer": answer, "score": 9.0, "claims": claims}

    direct = {"answerable": True, "typed": True, "short_answer": "1950", "score": 0.1, "claims": []}
    out = inside_out(
        analyse("When did the mill founded by Ada Morrow's mother close?", parse), direct, ask, parse, (), 3
    )
    assert len(out["nested"]) == 2, out.get("nested")
    assert out["claims"] == [shared, final_claim]


def test_a_direct_answer_that_is_an_inner_answer_gives_way_to_the_inside_out_reading(parse) -> None:  # type: ignore[no-untyped-def]
    # "Who is the spouse of the director of The Salt Road?" answered "Tobias Morrow", the director: the chain's middle.
    # The inside-out reading wins although its sentence scores lower.
    from agent.extractive.nested import inside_out

    def ask(info, bridges):  # type: ignore[no-untyped-def]
        answer = "Tobias Morrow" if info.text.startswith("Which") else "Ada Lune"
        return {"answerable": True, "typed": True, "short_answer": answer, "score": 0.2, "claims": []}

    info = analyse("Who is the spouse of the director of The Salt Road?", parse)
    direct = {"answerable": True, "typed": True, "short_answer": "Tobias Morrow", "score": 0.9, "claims": []}
    out = inside_out(info, direct, ask, parse, (), max_nesting=3)
    assert out["short_answer"] == "Ada Lune" and out["rewritten"] == "Who is the spouse of Tobias Morrow?"
    # Any other direct answer still needs to be outscored.
    other = {**direct, "short_answer": "Clara Voss"}
    assert inside_out(info, other, ask, parse, (), max_nesting=3) is other
