"""The LLM-free draft: abstain when no passage is about what the question names, else the best-supported span."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from agent.extractive.answer_type import describe
from agent.extractive.grounding import (
    anchored,
    by_mention_only,
    chain,
    core_title,
    links_to,
    mentions,
    named_by_mention,
    page_subject,
    quoted,
    ungrounded,
    unmentioned,
)
from agent.extractive.nested import asks_directly, inside_out
from agent.extractive.nlp import Parser, content_words, norm
from agent.extractive.question import QuestionInfo, describes
from agent.extractive.sentences import Pick, Sentence, score, split
from agent.extractive.span import pick_answer
from agent.quotes import cite
from tools.types import Embedder

if TYPE_CHECKING:
    from spacy.tokens import Doc


_RELATED = frozenset({"PERSON", "ORG", "NORP", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW"})
"""Answer types that name a thing with a page of its own, rather than an attribute (a place, a date, an amount)."""


def focus_words(info: QuestionInfo, chunks: Sequence[dict[str, Any]]) -> frozenset[str]:
    """The question's words that its first link (the pages it names) does not hold: what the last hop must answer.

    Empty when the named pages hold every word (a single-hop question) or nothing else was retrieved.
    """
    first = anchored(info, chunks)
    if not first or len(first) == len(chunks):
        return frozenset()
    held: set[str] = set()
    for c in first:
        held |= content_words(f"{c.get('title', '')} {c['text']}")
    return info.keywords - held


def _coverage(info: QuestionInfo, chunks: Sequence[dict[str, Any]]) -> float:
    held: set[str] = set()
    for c in chunks:
        held |= content_words(f"{c.get('title', '')} {c['text']}")
    return len(info.keywords & held) / max(1, len(info.keywords))


def _beyond(
    info: QuestionInfo,
    described: Sentence,
    link: Doc,
    chunks: Sequence[dict[str, Any]],
    parse: Parser,
    embedder: Embedder,
    bridges: Sequence[str],
) -> Pick | None:
    """The chain's best sentence describes the answer without naming it ("Brightwell agreed to be acquired by a
    Norwegian payments company"): the answer is the name that another sentence gives in the same fact.

    The other sentences of the whole context are ranked against the describing one (it restates the question's last
    link, with its names); its names are the chain's middle, not the answer. Chain pages stay in: a page whose title
    names the subject ("Halden Systems to acquire Brightwell Analytics") is on the chain and may hold the name.
    """
    own = (described.chunk["chunk_id"], described.start)
    others = [s for s in split(chunks, parse) if (s.chunk["chunk_id"], s.start) != own]
    ranked = score(link.text, frozenset(content_words(link.text)), others, embedder)
    pick = pick_answer(info, ranked, parse, bridges=[*bridges, *(e.text for e in link.ents)])
    return pick if pick is not None and pick.typed else None


def _cited(
    info: QuestionInfo,
    chunks: Sequence[dict[str, Any]],
    answering: Sequence[Sentence],
    ranked: Sequence[Sentence],
) -> list[Sentence]:
    """The sentences to cite, in chain order: each answering sentence after those that lead to its page from the
    pages the question names.

    "Who married the director of Frozen?" is answered on the director's page; the film's sentence naming him is how
    the answer was reached, so it is cited too. Of a page's sentences naming the next page, the best ranked is taken.
    """
    if info.options or info.yes_no:
        return list(answering)  # both sides are named pages

    def best(chunk: dict[str, Any], has: Callable[[str], bool]) -> list[Sentence]:
        # The chain's pages are in the ranked pool already: its first fitting sentence is the best ranked.
        found = next((s for s in ranked if s.chunk["chunk_id"] == chunk["chunk_id"] and has(s.text)), None)
        return [found] if found is not None else []

    out: list[Sentence] = []
    for sentence in answering:
        path = links_to(info, chunks, sentence.chunk)
        first = path[0][0] if path else sentence.chunk
        # A file that the question names only in its text: its sentence naming the subject is the first link
        # (unless the answering sentence is on that file and names the subject itself).
        if named_by_mention(info, first) and (path or not mentions(info, sentence.text)):
            out += best(first, lambda text: mentions(info, text))
        for via, title in path:
            out += best(via, _naming(title))
        out.append(sentence)
    return out


def _naming(title: str) -> Callable[[str], bool]:
    """Does a sentence name the page `title`?"""
    needle = f" {norm(title)} "
    return lambda text: needle in f" {norm(text)} "


@dataclass(frozen=True)
class _Knobs:
    min_answer_score: float
    min_chain_coverage: float
    require_type: bool
    require_mentions: bool


def draft(
    info: QuestionInfo,
    chunks: Sequence[dict[str, Any]],
    parse: Parser,
    embedder: Embedder,
    *,
    min_answer_score: float,
    min_chain_coverage: float = 0.0,
    require_type: bool = False,
    require_mentions: bool = True,
    bridges: Sequence[str] = (),
    max_nesting: int = 3,
) -> dict[str, Any]:
    """A draft dict (see State.draft): the short answer and its supporting sentences as verbatim claims.

    A nested question ("the chief executive of the company that bought X") is also read inside out (nested.py).
    """
    knobs = _Knobs(min_answer_score, min_chain_coverage, require_type, require_mentions)
    # A followed name is the chain's middle when it led to a page of its own; one that has no page in the context led
    # nowhere, and may be the answer itself ("Sable Ventures", followed as a bridge, is the investor asked for).
    pages = [content_words(core_title(page_subject(c))) for c in chunks]
    bridges = [b for b in bridges if (w := content_words(b)) and any(p and (p <= w or w <= p) for p in pages)]

    def ask(question: QuestionInfo, followed: Sequence[str]) -> dict[str, Any]:
        return _direct(question, chunks, parse, embedder, knobs, followed)

    direct = ask(info, bridges)
    if not direct["answerable"] or info.options or info.yes_no:
        # An abstention stands: the inside-out reading only competes with an answer. A comparison's sides are
        # the question's own names, not phrases to resolve.
        return direct
    return inside_out(info, direct, ask, parse, bridges, max_nesting)


def _direct(
    info: QuestionInfo,
    chunks: Sequence[dict[str, Any]],
    parse: Parser,
    embedder: Embedder,
    knobs: _Knobs,
    bridges: Sequence[str],
) -> dict[str, Any]:
    if not chunks:
        return {"answerable": False, "reason": "nothing relevant was retrieved", "claims": []}
    why = ungrounded(info, chunks)
    # A comparison's sides are checked by page above; its other names are not links of a chain.
    if why is None and knobs.require_mentions and not info.options and (missing := unmentioned(info, chunks)):
        why = f"no retrieved passage mentions {quoted(missing[:4])}"
    if why is not None:
        return {"answerable": False, "reason": why, "claims": []}
    # The answer lies on the chain from the pages the question names; off-chain passages are namesakes or noise.
    # When the chain holds no candidate of the asked type, the link may be unnamed ("a Norwegian payments company"):
    # the whole context is read instead.
    on_chain = chain(info, chunks)
    held = _coverage(info, on_chain)
    if on_chain and held < knobs.min_chain_coverage:
        # A namesake's page matches a name but little else of the question: the real chain is not in the context.
        return {
            "answerable": False,
            "reason": f"the pages the question names hold only {held:.0%} of its words",
            "claims": [],
        }
    pick, ranked = None, []
    lead: list[Sentence] = []  # the describing sentence an answer in another sentence was reached through
    pools = [on_chain, list(chunks)] if len(on_chain) < len(chunks) else [list(chunks)]
    direct = bool(info.subjects) and asks_directly(parse(info.text), info.subjects)
    attribute = not info.answer_types & _RELATED
    if direct and attribute and len(own := anchored(info, chunks)) < len(pools[0]):
        # "Where is Korvik Data based?" asks for an attribute of the name itself: its own pages answer before the
        # pages they link to, whose "based in Lagos" is about another company. A nested question ("the CTO of the
        # startup ...") is answered a hop away, and so may be a related person or company, on a page of its own.
        pools.insert(0, own)
    for pool in pools:
        if not pool:
            continue
        ranked = score(info.text, info.keywords, split(pool, parse), embedder, focus=focus_words(info, pool))
        if pool is on_chain and ranked and describes(info, link := parse(ranked[0].text)):
            beyond = _beyond(info, ranked[0], link, chunks, parse, embedder, bridges)
            # Found in another sentence, the answer was reached through the describing one: that is cited first.
            lead = [ranked[0]] if beyond is not None else []
            pick = beyond or pick_answer(info, ranked, parse, bridges=bridges, direct=direct)
            break
        pick = pick_answer(info, ranked, parse, bridges=bridges, direct=direct)
        if pick is not None and pick.typed:
            break
    if pick is None or pick.score < knobs.min_answer_score:
        best = f" (best {pick.score:.2f})" if pick else ""
        return {
            "answerable": False,
            "reason": f"no retrieved sentence matches the question closely enough{best}",
            "claims": [],
        }
    if by_mention_only(info, chunks) and not any(mentions(info, s.text) for s in pick.support):
        reason = f"no retrieved sentence that answers it is about {quoted(info.subjects[:4])}"
        return {"answerable": False, "reason": reason, "claims": []}
    about = direct and not info.options and not info.yes_no  # a comparison's sides are checked by page above
    if about and not _tied(info, pick, chunks):
        # "Who is the chief executive of Kestrel Labs?" asks about Kestrel Labs: a chief executive two links away
        # (its founder's former company's) answers another question.
        reason = f"no retrieved passage about {quoted(info.subjects[:4])} names the answer or what it was read from"
        return {"answerable": False, "reason": reason, "claims": []}
    if knobs.require_type and not pick.typed:
        return {
            "answerable": False,
            "reason": f"no retrieved passage names a {describe(info.answer_types)}, which the question asks for",
            "claims": [],
        }
    claims, seen = [], set()
    for s in _cited(info, chunks, [*lead, *pick.support], ranked):
        key = (s.chunk["chunk_id"], s.start)
        if key not in seen:  # a comparison's two sides may rest on one sentence
            seen.add(key)
            claims.append({"text": s.text, "citations": [cite(s.chunk, s.start, s.end).model_dump()]})
            if pick.derivation and s is pick.support[0]:
                claims[-1]["derivation"] = pick.derivation  # "2011 + 1 = 2012", recomputed by the verify node
    # A span may cross a line break of the source ("Halden's\nhead of engineering"); the quotes keep it.
    return {
        "answerable": True,
        "short_answer": " ".join(pick.answer.split()),
        "claims": claims,
        "score": round(pick.score, 4),
        "typed": pick.typed,
        "caveat": "" if pick.typed else _caveat(info),
    }


def _tied(info: QuestionInfo, pick: Pick, chunks: Sequence[dict[str, Any]]) -> bool:
    """Is a direct question's answer tied to the names it asks about?

    Its sentence is on their page or names them; or their pages name the answer ("graduated from Hebron Academy",
    where Hebron Academy's own page says what it is); or their pages name the page it was read from, whose subject
    the answer is ("starred Gerald McRaney": "Gerald Lee McRaney" on his page).
    """
    own = anchored(info, chunks)
    ids = {c["chunk_id"] for c in own}
    if any(s.chunk["chunk_id"] in ids or mentions(info, s.text) for s in pick.support):
        return True
    held = [content_words(c["text"]) for c in own]
    answer = content_words(pick.answer.split(";")[0])
    if answer and any(answer <= h for h in held):
        return True
    titles = [content_words(core_title(page_subject(s.chunk))) for s in pick.support]
    return any(t and t & answer and any(t <= h for h in held) for t in titles)


def _caveat(info: QuestionInfo) -> str:
    """What a reader should know about an answer of another kind than the question asks for."""
    if not info.answer_types:
        return "No passage holds a short answer; the answer is the sentence that matches the question best."
    asked = describe(info.answer_types)
    article = "an" if asked[0] in "aeiou" else "a"
    return (
        f"The question asks for {article} {asked}; no passage names one that fits, and this answer is not"
        " recognised as one."
    )
