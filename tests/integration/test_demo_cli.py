"""`make demo`'s questions through the CLI over the shipped samples, on the default embedder (what the README shows)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from api.settings import get_settings

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


def _demo_question(name: str) -> str:
    """The question the Makefile's demo asks, so this test follows the demo when it changes."""
    m = re.search(rf"^{name} \?= (.+)$", (ROOT / "Makefile").read_text(), re.M)
    assert m, name
    return m.group(1).strip()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    mp = pytest.MonkeyPatch()
    mp.setenv("SLEUTH_DATA_DIR", str(tmp_path_factory.mktemp("demo") / "data"))
    mp.delenv("ANTHROPIC_API_KEY", raising=False)
    get_settings.cache_clear()
    result = runner.invoke(app, ["ingest", str(ROOT / "samples"), "--collection", "demo"])
    assert result.exit_code == 0, result.stdout + result.stderr
    yield
    mp.undo()
    get_settings.cache_clear()


def _ask(question: str) -> dict:
    result = runner.invoke(app, ["ask", question, "--collection", "demo", "--json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_the_multi_hop_demo_question_is_answered_from_the_press_release(demo: None) -> None:
    a = _ask(_demo_question("DEMO_MULTIHOP"))
    assert not a["abstained"] and a["mode"] == "extractive"
    assert a["short_answer"].startswith("Halden Systems") and "March 2019" in a["short_answer"]
    cites = [c for claim in a["claims"] for c in claim["citations"]]
    assert any(c["source"].endswith("halden-to-acquire-brightwell.html") for c in cites)
    # Read inside out, the chain is cited in order: the novel's reading guide naming its author, her founding of the
    # startup, its "acquired by a Norwegian payments company", the press release naming the buyer ("Halden Systems
    # AS today announced ..."), and the release's dateline, which dates its "today".
    files = [c["source"].rsplit("/", 1)[-1] for c in cites]
    expected = ["the-quiet-ledger-reading-guide.pdf", "mara-okafor.md", "brightwell-analytics.md"]
    assert files == [*expected, "halden-to-acquire-brightwell.html", "halden-to-acquire-brightwell.html"], files
    assert "Mara Okafor" in a["claims"][0]["text"]
    assert a["read_as"] == "Which company acquired Brightwell Analytics, and when?"
    assert a["claims"][-1]["text"] == "Oslo and Lagos, 12 March 2019", "the dateline alone, not the headline with it"
    assert len(a["hops"]) >= 2, "the buyer is two documents away from the novel"


def test_the_unanswerable_demo_question_abstains(demo: None) -> None:
    a = _ask(_demo_question("DEMO_UNANSWERABLE"))
    assert a["abstained"] and a["claims"] == [] and "Vellmar" in a["reason"]


def test_a_phrase_describing_the_questions_own_subject_is_not_read_inside_out(demo: None) -> None:
    # "chief executive of Halden Systems" pins down Jonas Berg, whom the question already names: writing the inner
    # answer in would ask "How long has Jonas Berg been Jonas Berg?".
    a = _ask("How long has Jonas Berg been chief executive of Halden Systems?")
    assert not a["read_as"] and a["inner_answers"] == []


def test_a_buyer_described_on_one_file_is_named_by_another_that_the_question_names(demo: None) -> None:
    # Brightwell's page only describes its buyer ("a Norwegian payments company"); the press release, which names
    # Brightwell in its text, names it. A later deal's page ("a Lagos startup it bought four years ago") must not.
    a = _ask("Which company bought Brightwell Analytics when the deal closed?")
    assert not a["abstained"] and a["short_answer"] == "Halden Systems"
    cited = [c["citations"][0]["title"] for c in a["claims"]]
    assert cited == ["brightwell-analytics", "halden-to-acquire-brightwell"]


def test_a_possessive_startup_is_read_inside_out_and_its_link_cited_first(demo: None) -> None:
    # "Mara Okafor's startup" is asked first ("Which startup of Mara Okafor?" -> Brightwell Analytics, from her
    # profile); the rewritten question finds the annual report's figure, and the profile is cited before it.
    q = "What is Mara Okafor's startup's fraud product called since the acquisition, and how many transactions a month"
    a = _ask(q + " did it screen in 2019?")
    assert a["inner_answers"] == [{"question": "Which startup of Mara Okafor?", "answer": "Brightwell Analytics"}]
    assert a["read_as"].startswith("What is Brightwell Analytics' fraud product called")
    # "called since the acquisition": the report's "Tally, has been renamed Halden Tally" gives the current name.
    assert a["short_answer"] == "Halden Tally; 52 million", a["short_answer"]
    cited = [c["citations"][0]["title"] for c in a["claims"]]
    assert cited == ["mara-okafor", "halden-annual-report-2019"], cited


def test_a_role_acronym_is_matched_to_its_spelled_out_title(demo: None) -> None:
    # The pages write "chief technology officer"; the CTO's line on Brightwell's page names no entity the small model
    # labels, and his own page says "In 2014 he co-founded Brightwell Analytics, where he was chief technology officer".
    a = _ask("Who was the CTO of Brightwell Analytics?")
    assert not a["abstained"] and a["short_answer"] == "Femi Adeyemi", a["short_answer"]


def test_the_chief_executive_of_the_buyer_is_found_through_the_inner_question(demo: None) -> None:
    # Sample question 2: "the company that bought Brightwell Analytics when the deal closed" -> Halden Systems, whose
    # chief executive is on Jonas Berg's page ("He has been the chief executive officer of Halden Systems ..."). Its
    # second part ("where had he been CTO?") is answered from the page's sentence with "chief technology officer", cited
    # last. The file wraps "Fjordline Payments in" / "Bergen" over two lines, which the parser reads as one.
    a = _ask(
        "Who was chief executive of the company that bought Brightwell Analytics when the deal closed, and where had he"
        " been CTO?"
    )
    assert a["short_answer"] == "Jonas Berg; Bergen", a["short_answer"]
    assert a["inner_answers"][0]["answer"] == "Halden Systems"
    cited = [c["citations"][0]["title"] for c in a["claims"]]
    assert cited[-2:] == ["jonas-berg", "jonas-berg"] and "halden-to-acquire-brightwell" in cited, cited
    assert "Fjordline Payments" in a["claims"][-1]["text"]


def test_a_followed_name_without_a_page_of_its_own_may_be_the_answer(demo: None) -> None:
    # Sample question 6. The first hop follows "Sable Ventures", named on Brightwell's page, and no page is about it:
    # it led nowhere, so it is not the chain's middle, and it is the answer.
    a = _ask("Which venture firm invested in both Brightwell Analytics and the startup its CTO founded later?")
    assert a["short_answer"] == "Sable Ventures", a["short_answer"]
    assert any("Sable Ventures" in q for hop in a["hops"][1:] for q in hop["sub_queries"]), a["hops"]


def test_the_city_of_the_company_the_cto_founded_is_read_inside_out(demo: None) -> None:
    # Sample question 4: the CTO is found on Brightwell's page, the company he founded on his own ("There he founded
    # Kestrel Labs", which the small model calls a person: "Labs" makes it a company), its city in the launch news.
    # The product is the name the same sentence gives a thing: "has launched the Perch, a solar-powered terminal".
    a = _ask("In which city is the company founded by Brightwell Analytics' CTO, and what is its product called?")
    assert a["short_answer"] == "Nairobi; Perch", a["short_answer"]
    assert [x["answer"] for x in a["inner_answers"]] == ["Femi Adeyemi", "Kestrel Labs"]
    cited = [c["citations"][0]["title"] for c in a["claims"]]
    assert cited[-1] == "kestrel-labs-launch", cited


def test_a_lower_case_question_takes_its_names_from_the_passages_or_says_it_could_not(demo: None) -> None:
    # "brightwell analytics" is spelt as the passages spell it, so the question's subject is checked as usual.
    a = _ask("who was the cto of brightwell analytics?")
    assert a["short_answer"] == "Femi Adeyemi" and "lower case" not in a["caveat"], a
    # No passage writes "vellmar" at all: the answer cannot be checked against a page, and the reader is told so.
    a = _ask("who designed the vellmar tunnel?")
    assert a["abstained"] or "lower case" in a["caveat"], a


@pytest.mark.parametrize(
    ("question", "answer", "page"),
    [
        ("Where is Korvik Data based?", "Bergen, Norway", "korvik-data"),
        ("Where is Kestrel Labs based?", "Nairobi", "kestrel-labs-launch"),
    ],
)
def test_an_attribute_of_the_named_company_is_read_from_its_own_page(
    demo: None, question: str, answer: str, page: str
) -> None:
    # The company's page links to Brightwell's ("a startup based in Lagos"), which shares the question's word
    # "based" and read "Lagos" for both before: the named company's own pages are read first.
    a = _ask(question)
    assert a["short_answer"] == answer, a["short_answer"]
    assert [c["citations"][0]["title"] for c in a["claims"]] == [page]


def test_what_a_company_made_is_the_object_of_made_in_its_page(demo: None) -> None:
    a = _ask("What did Korvik Data make?")
    assert a["short_answer"].startswith("tools that let banks test their payment systems"), a["short_answer"]


def test_a_question_about_a_company_is_not_answered_from_a_page_two_links_away(demo: None) -> None:
    # No sample says who runs Kestrel Labs. Its founder's page links to Brightwell's, whose chief executive was read
    # as the answer; the answer names nothing the pages about Kestrel Labs name.
    a = _ask("Who is the chief executive of Kestrel Labs?")
    assert a["abstained"] and "Kestrel Labs" in a["reason"], a["short_answer"]


def test_a_question_ending_in_a_computation_looks_the_fact_up_and_computes_in_code(demo: None) -> None:
    # No passage holds "4" or "2019-03-19": the CTO and the announcement's date are read from the passages, the letters
    # and the calendar counted in code, and the claim citing the looked-up fact shows how.
    a = _ask("How many letters are in the first name of the CTO of Brightwell Analytics?")
    assert not a["abstained"] and a["short_answer"] == "4", a["short_answer"]
    assert a["inner_answers"] == [{"question": "Who is the CTO of Brightwell Analytics?", "answer": "Femi Adeyemi"}]
    assert a["claims"][-1]["derivation"] == "“Femi” has 4 letters"
    assert a["claims"][-1]["citations"][0]["title"] == "femi-adeyemi"  # "In 2014 he co-founded Brightwell ..."
    a = _ask("Which day of the week was the date when Halden Systems announced it would acquire Brightwell Analytics?")
    assert a["short_answer"] == "Tuesday", a["short_answer"]  # the release's dateline: 12 March 2019
    assert "2019-03-12" in a["claims"][-1]["derivation"]
    a = _ask(
        "How many years passed between the year Brightwell Analytics was founded and the year Halden Systems announced"
        " it would acquire Brightwell Analytics?"
    )
    assert a["short_answer"] == "5", a["short_answer"]  # founded in 2014, bought in 2019: both looked up and cited
    assert [x["answer"] for x in a["inner_answers"]] == ["2014", "12 March 2019"]
    # Kestrel Labs was founded "in 2020": no day to count a week from. The passage's answer stands, and says so.
    a = _ask("What is the date one week after the date when Femi Adeyemi founded Kestrel Labs?")
    assert a["short_answer"] == "2020" and not a["inner_answers"], a["short_answer"]
    assert a["caveat"].startswith("The question ends with a computation, but the fact it starts from was not found")
