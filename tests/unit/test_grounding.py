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


def _page(title: str, text: str) -> dict[str, str]:
    return {"chunk_id": title, "title": title, "text": text}


CHAIN = [
    _page("Noise", "Unrelated text about Orchards."),
    _page("Skarn Lighthouse", "The Skarn Lighthouse was kept by Ada Morrow."),
    _page("Ada Morrow", "Ada Morrow was the sister of Tobias Morrow."),
    _page("Tobias Morrow", "Tobias Morrow founded a ferry company."),
    _page("Orchards", "Orchards grow apples."),
]
"""Pages linked by title: the lighthouse names its keeper, the keeper her brother; the noise names Orchards."""


def test_chain_follows_links_by_title_two_deep() -> None:
    from agent.extractive.grounding import chain
    from agent.extractive.nlp import parser_for
    from agent.extractive.question import analyse

    info = analyse("Who founded the company of the brother of the keeper of the Skarn Lighthouse?", parser_for(None))
    titles = [c["title"] for c in chain(info, CHAIN)]
    assert titles == ["Skarn Lighthouse", "Ada Morrow", "Tobias Morrow"]  # in context order; noise excluded
    assert [c["title"] for c in chain(info, CHAIN, depth=1)] == ["Skarn Lighthouse", "Ada Morrow"]
    assert chain(analyse("Who built the Vellmar Tunnel?", parser_for(None)), CHAIN) == []


def test_links_to_names_the_passages_that_lead_to_a_page() -> None:
    from agent.extractive.grounding import links_to
    from agent.extractive.nlp import parser_for
    from agent.extractive.question import analyse

    by = {p["title"]: p for p in CHAIN}
    info = analyse("Who founded the company of the brother of the keeper of the Skarn Lighthouse?", parser_for(None))
    hops = [(via["title"], title) for via, title in links_to(info, CHAIN, by["Tobias Morrow"])]
    assert hops == [("Skarn Lighthouse", "Ada Morrow"), ("Ada Morrow", "Tobias Morrow")]
    assert links_to(info, CHAIN, by["Skarn Lighthouse"]) == []  # the question names it
    assert links_to(info, CHAIN, by["Orchards"]) == []  # off the chain (only the noise names it)
    assert links_to(info, CHAIN, by["Tobias Morrow"], depth=1) == []  # too far


@pytest.mark.parametrize(
    ("question", "anchors", "title", "named"),
    [
        # A title written inside a longer name of the question is a part of that name, not its page.
        ("Who chaired the Harbour Lantern Restoration Trust?", ["Harbour Lantern Restoration Trust"], "Harbour lantern",
         False),
        # The whole name, or most of it, is still named; so is a lower-case mention that is not inside a name.
        ("Who chaired the Harbour Lantern Restoration Trust?", ["Harbour Lantern Restoration Trust"],
         "Harbour Lantern Restoration Trust", True),
        ("Which port did ferries leave during the great harbour strike?", [], "Great harbour strike", True),
        # The question's own disambiguation is not part of the name.
        ("Who taught Ada Morrow, Countess Of Skarn?", ["Ada Morrow, Countess Of Skarn"],
         "Ada Morrow, Countess of Skarn", True),
        ("Who sang Harbour Light (Ada Morrow Song)?", ["Harbour Light (Ada Morrow Song"], "Harbour Light (song)", True),
    ],
)  # fmt: skip
def test_a_title_inside_a_longer_name_is_not_named(question: str, anchors: list[str], title: str, named: bool) -> None:
    assert names(question, anchors, title) is named


def test_a_comparison_side_names_the_title_inside_it() -> None:
    side = "Winter Ledger Of The Northern Coast"
    assert names(side, [side], "Winter Ledger (1931 novel)", parts=True)
    assert not names(side, [side], "Winter Ledger (1931 novel)")


def test_a_file_named_document_grounds_a_name_it_mentions_and_a_titled_page_does_not() -> None:
    """A file name says little about who a document mentions; a page titled with its subject is about that subject."""
    from agent.extractive.grounding import anchored, ungrounded
    from agent.extractive.nlp import parser_for
    from agent.extractive.question import analyse

    text = "Korvik Data was founded in 2015 by Sigrid Korvik. She later ran engineering at Halden."
    info = analyse("Where did Sigrid Korvik run engineering?", parser_for(None))
    file_named = {"chunk_id": "k:0", "title": "korvik-data", "text": text}
    titled = {"chunk_id": "k:0", "title": "Korvik Data", "text": text}
    assert anchored(info, [file_named]) == [file_named] and ungrounded(info, [file_named]) is None
    assert anchored(info, [titled]) == [] and ungrounded(info, [titled]) is not None
    elsewhere = {"chunk_id": "k:0", "title": "korvik-data", "text": "Korvik Data was founded by Anders Lie."}
    assert ungrounded(info, [elsewhere]) is not None, "a file that does not mention the name is no anchor"


def test_a_file_is_named_by_mention_only_when_its_title_does_not_name_the_subject() -> None:
    """Such a file starts a cited chain with its sentence naming the subject (answer._cited)."""
    from agent.extractive.grounding import named_by_mention
    from agent.extractive.nlp import parser_for
    from agent.extractive.question import analyse

    text = "Korvik Data was founded in 2015 by Sigrid Korvik. She later ran engineering at Halden."
    info = analyse("Where did Sigrid Korvik run engineering?", parser_for(None))
    assert named_by_mention(info, {"chunk_id": "k:0", "title": "korvik-data", "text": text})
    assert not named_by_mention(info, {"chunk_id": "k:0", "title": "Korvik Data", "text": text}), "a titled page"
    assert not named_by_mention(info, {"chunk_id": "k:0", "title": "korvik-data", "text": "Korvik Data is a firm."})
    own = {"chunk_id": "s:0", "title": "sigrid-korvik", "text": text}
    assert not named_by_mention(info, own), "a file named after the subject is named by its title"


@pytest.mark.parametrize(
    ("title", "file"),
    [
        ("korvik-data", True),
        ("Annual_Report_2019", True),
        ("Halden-Annual-Report-2019", True),
        ("IL-5", False),  # hyphenated page names are one or two capitalised words
        ("X-Men", False),
        ("Korvik Data", False),
    ],
)
def test_file_named(title: str, file: bool) -> None:
    from agent.extractive.grounding import file_named

    assert file_named(title) is file


def test_grounded_by_a_mention_only_the_answer_sentence_must_name_the_subject() -> None:
    """A file that mentions "Korvik Marine" only to say it is another firm does not answer "Who founded Korvik
    Marine?"; the same file answers a question about the person it names, from the sentence that names her."""
    from agent.extractive.answer import draft
    from agent.extractive.nlp import parser_for
    from agent.extractive.question import analyse
    from tools.embedders import MiniLMOnnxEmbedder

    text = (
        "Korvik Data was a software company in Bergen, founded in 2015 by Sigrid Korvik and Anders Lie. "
        "Korvik Data should not be confused with Korvik Marine, a fishing-equipment maker in Ålesund."
    )
    chunk = {"chunk_id": "k:0", "title": "korvik-data", "text": text, "doc_id": "k", "source": "k", "start": 0}
    parse, embedder = parser_for(None), MiniLMOnnxEmbedder()
    out = draft(analyse("Who founded Korvik Marine?", parse), [chunk], parse, embedder, min_answer_score=0.0)
    assert not out["answerable"] and "Korvik Marine" in out["reason"]
    out = draft(analyse("Who founded Korvik Data?", parse), [chunk], parse, embedder, min_answer_score=0.0)
    assert out["answerable"] and out["short_answer"] == "Sigrid Korvik", "named by the file's title: no such check"


def test_every_named_subject_must_be_mentioned_somewhere_in_the_context() -> None:
    """One titled page grounds the chain; a second name no passage mentions means its link is missing."""
    from agent.extractive.grounding import unmentioned
    from agent.extractive.nlp import parser_for
    from agent.extractive.question import analyse

    info = analyse("Which label released the album that Mara Quill recorded with Tobias Venn?", parser_for(None))
    quill = {"chunk_id": "q:0", "title": "Mara Quill", "text": "Mara Quill is a singer. Her album Salt is from 2004."}
    assert unmentioned(info, [quill]) == ["Tobias Venn"]
    venn = {"chunk_id": "v:0", "title": "Salt (album)", "text": "Salt was recorded by Mara Quill with Tobias Venn."}
    assert unmentioned(info, [quill, venn]) == []


def test_a_local_place_must_be_mentioned_and_a_country_need_not_be() -> None:
    """A river or a village is a link of the chain; a country is setting and goes by many names ("US")."""
    from agent.extractive.grounding import unmentioned
    from agent.extractive.nlp import parser_for
    from agent.extractive.question import analyse

    parse = parser_for(None)
    river = analyse("What is the largest waterfall in the country where the Molvik River rises?", parse)
    falls = {"chunk_id": "f:0", "title": "Skarsfoss", "text": "Skarsfoss is the largest waterfall in Norway."}
    assert unmentioned(river, [falls]) == ["Molvik River"]
    source = {"chunk_id": "m:0", "title": "Molvik", "text": "The Molvik River rises in Norway."}
    assert unmentioned(river, [falls, source]) == []
    actor = analyse("Which actor from the US starred in Harbour Lights?", parse)
    cast = {"chunk_id": "h:0", "title": "Harbour Lights", "text": "Harbour Lights starred the American actor Ed Hale."}
    assert unmentioned(actor, [cast]) == []


def test_acronyms_and_single_letters_are_not_names_to_find() -> None:
    """ "CTO", "ASCII": common terms that passages spell out or never need; "u" in 'the letter "u"' is no name."""
    from agent.extractive.grounding import unmentioned
    from agent.extractive.nlp import parser_for
    from agent.extractive.question import analyse

    page = {"chunk_id": "k:0", "title": "Korvik Data", "text": "Ida Lunde, its chief technology officer, left in 2019."}
    info = analyse("What is the ASCII code of the first letter of the name of Korvik Data's founder?", parser_for(None))
    assert "ASCII" in info.subjects and unmentioned(info, [page]) == []
    # An executive title's acronym is a role, read as its words (test_question.py), not a name.
    role = analyse("Which venture firm backed the startup founded by Korvik Data's CTO?", parser_for(None))
    assert role.subjects == ["Korvik Data"] and unmentioned(role, [page]) == []
    letter = analyse('How often is the letter "u" in the name of Korvik Data\'s founder?', parser_for(None))
    assert "u" in letter.subjects and unmentioned(letter, [page]) == []


def test_a_long_name_is_mentioned_by_its_words_in_one_passage() -> None:
    from agent.extractive.grounding import unmentioned
    from agent.extractive.nlp import parser_for
    from agent.extractive.question import analyse

    info = analyse("Whom did the Harbour Master Ellery Brandt marry?", parser_for(None))
    assert "Harbour Master Ellery Brandt" in info.subjects
    reworded = {"chunk_id": "b:0", "title": "Ellery Brandt", "text": "Brandt was harbour master until 1901."}
    assert unmentioned(info, [reworded]) == []
    apart = [{**reworded, "text": "Brandt sailed for Oslo."}, {**reworded, "chunk_id": "m:0", "text": "The master."}]
    assert unmentioned(info, apart) == ["Harbour Master Ellery Brandt"]


@pytest.mark.parametrize(
    ("question", "anchors", "title", "named"),
    [
        # Another baron, another year's outbreak: a namesake's page.
        ("Who was the mother of Edward Stafford, 4th Baron Stafford?", ["Edward Stafford"],
         "Edward Stafford, 3rd Baron Stafford", False),
        ("Who was the mother of Edward Stafford, 4th Baron Stafford?", ["Edward Stafford"],
         "Edward Stafford, 4th Baron Stafford", True),
        # The question's other ordinal ("3rd Earl") is not the page's "3rd Baron".
        ("Whose daughter, the mother of Edward Stafford, 4th Baron Stafford, was a child of the 3rd Earl of Derby?",
         ["Edward Stafford"], "Edward Stafford, 3rd Baron Stafford", False),
        ("Which state did the May 1998 Sorrel Creek Tornado Outbreak hit?", ["Sorrel Creek Tornado Outbreak"],
         "Sorrel Creek Tornado Outbreak (1968)", False),
        # A question without numbers says nothing against a page's year.
        ("Who directed The Cup?", ["The Cup"], "The Cup (1999 film)", True),
    ],
)  # fmt: skip
def test_a_title_with_other_numbers_than_the_question_names_is_a_namesake(
    question: str, anchors: list[str], title: str, named: bool
) -> None:
    assert names(question, anchors, title) is named
