"""Bridge entities from a hop's passages (real spaCy model)."""

from __future__ import annotations

from agent.extractive.bridge import bridges
from agent.extractive.nlp import Parser
from agent.extractive.question import analyse

_PAGE = """# Brightwell Analytics

Brightwell Analytics was a financial-technology startup based in Lagos, Nigeria.

## People

- Mara Okafor, co-founder and chief executive (2014-2019)
- Femi Adeyemi, co-founder and chief technology officer (2014-2020)
- Ngozi Eze, head of data science (2016-2019)
"""


def test_a_list_item_is_read_on_its_own_and_an_unlabelled_name_in_it_leads_on(parse: Parser) -> None:
    # spaCy reads the list as one sentence and labels nothing in its second item: the item holding the question's
    # relation words ("CTO" -> chief technology officer) names the next hop.
    info = analyse("Which company did the CTO of Brightwell Analytics found later?", parse)
    chunk = {"chunk_id": "b:0", "title": "brightwell-analytics", "text": _PAGE}
    found = bridges(info, [chunk], set(), parse, limit=3)
    assert found[0][0] == "femi adeyemi", found
    assert found[0][1].startswith("Femi Adeyemi ")
