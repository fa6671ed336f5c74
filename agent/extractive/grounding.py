"""Is the context about the question at all? Its passages must include a page the question names.

Without an LLM there is no reading comprehension to notice that a passage is about a namesake or a neighbour. What a
retrieved passage reliably tells is its title, and a multi-hop question names the entity it starts from: when no
retrieved passage is titled with something the question names, the chain has no first link and the agent abstains.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any

from agent.extractive.nlp import ACRONYM, content_words, norm, strip_article
from agent.extractive.question import QuestionInfo

_PAREN = re.compile(r"\s*\([^)]*\)\s*")
_OPEN_PAREN = re.compile(r"\s*\([^)]*$")
_SLUG = re.compile(r"[\w.]+(?:[-_][\w.]+)+")
_NUMBER = re.compile(r"\b\d+(?:st|nd|rd|th)\s+\w+|\b\d+\b")
"""A year, or an ordinal with its noun, in a title ("Edward Stafford, 3rd Baron Stafford"): when the question names
numbers, it names one of them, else the page is a namesake's ("3rd Baron" is not the question's "4th Baron", nor
its "3rd Earl")."""


def file_named(title: str) -> bool:
    """Is `title` a file name ("korvik-data", "Annual_Report_2019") rather than a page's name ("IL-5", "X-Men")?

    An underscore, or hyphens in lower case, or three parts or more: a hyphenated name is one or two capitalised words.
    """
    if not _SLUG.fullmatch(title):
        return False
    return "_" in title or title == title.lower() or len(re.split(r"[-_]", title)) >= 3


def core_title(title: str) -> str:
    """A title without its disambiguation: "Leland, North Carolina" -> "Leland", "Frozen (2013 film)" -> "Frozen"."""
    t = _PAREN.sub(" ", html.unescape(title)).split(",")[0]
    return strip_article(t.strip())


def page_subject(chunk: dict[str, Any]) -> str:
    """The entity a passage is about: its title without disambiguation; a file name's words, capitalised."""
    title = str(chunk.get("title", "")).strip()
    if file_named(title):
        return " ".join(w.capitalize() for w in re.split(r"[-_]+", title))
    return re.sub(r"\s*\([^)]*\)$", "", title)


def names(question: str, anchors: Sequence[str], title: str, *, parts: bool = False) -> bool:
    """True when the question names the page `title`: verbatim, or as a longer form of one of its anchors.

    "Scott Buchholz" is the page of the question's "Scott Andrew Buchholz" (the title is most of the anchor). A title
    that adds words to an anchor is another page: "Chiang Kai-shek Memorial Hall" is not "Chiang Kai-shek"; so is a
    title whose numbers the question, naming others, does not ("3rd Baron" for "4th Baron"). With
    `parts` (a comparison's side, which is itself one name), a title anywhere inside the text counts.
    """
    core = core_title(title)
    words = content_words(core)
    if not words:
        return False
    numbered, asked = set(_NUMBER.findall(title.lower())), set(_NUMBER.findall(question.lower()))
    if numbered and asked and not numbered & asked:
        return False  # "Tornado outbreak of May 1968" for "the Late-May 1998 tornado outbreak": a namesake
    if f" {norm(core)} " in f" {norm(question)} " and (parts or _named_verbatim(anchors, core)):
        return True
    if file_named(title):
        # A file name ("the-quiet-ledger-review.txt") summarises its document: naming an anchor is enough.
        return any((a := content_words(anchor)) and a <= words for anchor in anchors)
    return any(words <= (a := content_words(anchor)) and len(words) / len(a) > 0.5 for anchor in anchors)


def _named_verbatim(anchors: Sequence[str], core: str) -> bool:
    """A title found word for word in the question names it, unless it is a small part of a longer name there.

    "Education reform" is inside "the Mississippi Education Reform Act" but is not its page; "Frozen (2013 film)" is
    named by "Who directed Frozen?". A lower-case mention still counts: "the reign of terror" names "Reign of Terror".
    """
    n = len(content_words(core))
    # The question's name is compared without its own disambiguation: "Margaret Of Bavaria, Marchioness Of Mantua"
    # is named by the page "Margaret of Bavaria" (and "Song (1954 Film" may have lost its closing bracket).
    cores = [core_title(_OPEN_PAREN.sub("", a)) for a in anchors]
    return not any(
        f" {norm(core)} " in f" {norm(a)} " and n <= (m := len(content_words(a))) - 2 and n / m <= 0.5 for a in cores
    )


def anchored(info: QuestionInfo, chunks: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The passages whose page the question names.

    A document titled by its file name ("korvik-data") is about more than its name says: it also counts when its
    text mentions one of the question's names in full ("Sigrid Korvik"). A page titled with its subject does not: a
    mention there is how namesakes and neighbours get in.
    """
    return [c for c in chunks if _titled(info, c) or _mentions(info, c)]


def _titled(info: QuestionInfo, chunk: dict[str, Any]) -> bool:
    return names(info.text, info.anchors, str(chunk.get("title", "")))


def _mentions(info: QuestionInfo, chunk: dict[str, Any]) -> bool:
    return file_named(str(chunk.get("title", ""))) and mentions(info, chunk["text"])


def named_by_mention(info: QuestionInfo, chunk: dict[str, Any]) -> bool:
    """True when the question names this passage's document only through its text (a file-named document)."""
    return _mentions(info, chunk) and not _titled(info, chunk)


def mentions(info: QuestionInfo, text: str) -> bool:
    """Does `text` name one of the question's subjects in full?"""
    own = f" {norm(text)} "
    return any((a := norm(name)) and f" {a} " in own for name in info.subjects)


def by_mention_only(info: QuestionInfo, chunks: Sequence[dict[str, Any]]) -> bool:
    """True when no page title names the question, only file-named documents' text does.

    Then the grounding is as local as the mention: the answer's own sentence must name the subject. "Who founded
    Korvik Marine?" is not answered from a file that only says Korvik Data "should not be confused with Korvik Marine".
    """
    return bool(info.subjects) and not any(_titled(info, c) for c in chunks)


def quoted(names: Sequence[str]) -> str:
    """Names as a reason shows them: “Korvik Data”, “Sigrid Korvik”."""
    return ", ".join(f"“{n}”" for n in names)


def ungrounded(info: QuestionInfo, chunks: Sequence[dict[str, Any]]) -> str | None:
    """Why the context cannot answer the question, or None when it is grounded.

    A comparison needs a page for each side; any other question needs one page about a subject it names.
    """
    if info.options:
        titles = [str(c.get("title", "")) for c in chunks]
        missing = [o for o in info.options if not any(names(o, [o], t, parts=True) for t in titles)]
        return f"no retrieved page is about {quoted(missing)}" if missing else None
    if info.subjects and not anchored(info, chunks):
        return f"no retrieved passage is about {quoted(info.subjects[:4])}"
    # A question that names only places, peoples or dates ("a Danish band from Copenhagen") has no page to check.
    return None


def unmentioned(info: QuestionInfo, chunks: Sequence[dict[str, Any]]) -> list[str]:
    """The question's subjects and local places that no passage names, in its title or its text.

    One named page grounds the chain's first link; every other thing the question names must at least be mentioned
    on the way. When the passages that link the chain are missing, the names only they held are missing too.
    Countries and states are left out: they go by many names ("US", "the States") and set the scene. So are
    acronyms and single letters: "CTO", "ASCII" are common terms more often than names, and passages spell them out.
    """
    texts = [f"{c.get('title', '')} {c['text']}" for c in chunks]
    hay = " ".join(f" {norm(t)} " for t in texts)
    checked = [s for s in [*info.subjects, *info.places] if len(norm(s)) > 1 and not ACRONYM.fullmatch(s)]
    missing = [s for s in checked if f" {norm(s)} " not in hay]
    if not missing:
        return []
    # A long name may be worded differently ("Senator for Queensland"): its words in one passage are a mention.
    held = [content_words(t) for t in texts]
    return [s for s in missing if len(w := content_words(s)) < 3 or not any(w <= h for h in held)]


def chain(info: QuestionInfo, chunks: Sequence[dict[str, Any]], depth: int = 2) -> list[dict[str, Any]]:
    """The pages the question names, then the pages they name (by title, in their text), `depth` links deep.

    This is the reasoning chain a multi-hop answer must lie on; in context order. Empty when the question names no
    retrieved page (then there is no chain to follow).
    """
    named, parent = _walk(info, chunks, depth)
    keep = {c["chunk_id"] for c in named} | parent.keys()
    return [c for c in chunks if c["chunk_id"] in keep]


def links_to(
    info: QuestionInfo, chunks: Sequence[dict[str, Any]], target: dict[str, Any], depth: int = 2
) -> list[tuple[dict[str, Any], str]]:
    """How the chain reaches `target`'s page: each linking passage with the title it names, from the question on.

    Empty when the question names the page itself, or when `target` is not on the chain.
    """
    _, parent = _walk(info, chunks, depth)
    path, at = [], target["chunk_id"]
    while at in parent:
        via, title = parent[at]
        path.append((via, title))
        at = via["chunk_id"]
    return path[::-1]


def _walk(
    info: QuestionInfo, chunks: Sequence[dict[str, Any]], depth: int
) -> tuple[list[dict[str, Any]], dict[str, tuple[dict[str, Any], str]]]:
    """The passages the question names, and for each passage linked from them (`depth` deep) the passage naming its
    title first (in context order) with that title."""
    named = anchored(info, chunks)
    frontier, seen = named, {c["chunk_id"] for c in named}
    texts = {c["chunk_id"]: f" {norm(c['text'])} " for c in chunks}
    parent: dict[str, tuple[dict[str, Any], str]] = {}
    for _ in range(depth):
        nxt = []
        for c in chunks:
            core = core_title(str(c.get("title", "")))
            if c["chunk_id"] in seen or not (title := norm(core)):
                continue
            via = next((f for f in frontier if f" {title} " in texts[f["chunk_id"]]), None)
            if via is not None:
                parent[c["chunk_id"]] = (via, core)
                nxt.append(c)
        seen |= {c["chunk_id"] for c in nxt}
        frontier = nxt
        if not frontier:
            break
    return named, parent
