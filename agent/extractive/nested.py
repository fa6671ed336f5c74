"""Nested questions: "the chief executive of the company that bought Brightwell" holds a question of its own.

The innermost such noun phrase is asked first ("Which company bought Brightwell?"), and its answer written into the
outer question in its place ("... the chief executive of Halden Systems"), as a person reading the passages would.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from agent.extractive.nlp import ACRONYM, Parser, norm
from agent.extractive.question import NAME_JOINERS, QuestionInfo, analyse

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

Ask = Callable[[QuestionInfo, Sequence[str]], dict[str, Any]]
"""Drafts an answer to a question over the same passages, given the bridge entities already followed."""

_WH = frozenset({"which", "what", "whose", "who", "whom"})
_RELATIVE = frozenset({"that", "which", "who", "whom"})
_ARTICLES = frozenset({"the", "a", "an"})
_MAX_INNER_WORDS = 8
"""An inner answer longer than this is a sentence, not a name to write into the outer question."""
_POINTING = frozenset({"its", "his", "her", "their", "he", "she", "it", "they", "him", "them"})
_JOINERS = NAME_JOINERS | {","}
"""Words inside a possessor's name ("Henry, Duke Of Orlen", "Olaf the Quiet")."""


@dataclass(frozen=True)
class Nest:
    inner: str
    """The noun phrase as a question of its own: "Which company bought Brightwell Analytics?"."""
    before: str
    after: str

    def outer(self, answer: str) -> str:
        """The outer question with the inner one's answer in place of the noun phrase."""
        after = self.after
        if answer.endswith("s") and after[:2] in ("'s", "’s"):
            after = after[0] + after[2:]  # "Brightwell Analytics' product", not "Analytics's"
        return f"{self.before}{answer}{after}"


def inside_out(
    info: QuestionInfo, direct: dict[str, Any], ask: Ask, parse: Parser, bridges: Sequence[str], max_nesting: int
) -> dict[str, Any]:
    """The draft for the question read inside out, when it beats the `direct` draft; else `direct`.

    It wins only when its answer's sentence matches the rewritten question better than the direct answer's matches
    the question, or when the direct answer is an inner answer (the chain's middle); it then cites the inner answers'
    sentences first.
    """
    text, steps, inner_claims, middles = info.text, [], [], []
    for _ in range(max_nesting):
        nest = inner_question(parse(text))
        if nest is None:
            break
        sub = ask(analyse(nest.inner, parse), ())
        if not sub["answerable"] or not sub["typed"] or len(sub["short_answer"].split()) > _MAX_INNER_WORDS:
            break  # an inner answer that is no name of the asked kind would only mislead the outer question
        if _restates(sub["short_answer"], f"{nest.before} {nest.after}"):
            # The phrase describes a name the question gives, asks nothing new: "How long has Jonas Berg been [chief
            # executive of Halden]?" would ask "How long has Jonas Berg been Jonas Berg?".
            break
        text = nest.outer(sub["short_answer"])
        steps.append({"question": nest.inner, "answer": sub["short_answer"]})
        if _WH & set(norm(f"{nest.before} {nest.after}").split()):
            middles.append(sub["short_answer"])  # the question asks outside the phrase, about its answer
        inner_claims += sub["claims"]
    if not steps:
        return direct
    final = ask(analyse(text, parse), bridges)
    # A direct answer that is an inner answer names the chain's middle ("Who is the spouse of the director of X?"
    # answered with the director): the outer question asks something else about it.
    middle = any(_restates(name, direct["short_answer"].split(";")[0]) for name in middles)
    if (
        not final["answerable"]
        or (final["score"] <= direct["score"] and not middle)
        or _restates(final["short_answer"], info.text)
    ):
        # "What is the first name of Ada Morrow's grandfather?" -> "... of Ewan Morrow?" must not answer "Ada Morrow".
        return direct
    # In chain order: how the inner answers were found, then the answer; a sentence that serves two steps once.
    seen = {_quoted(c) for c in final["claims"]}
    inner = []
    for c in inner_claims:
        if (key := _quoted(c)) not in seen:
            seen.add(key)
            inner.append(c)
    return {**final, "claims": [*inner, *final["claims"]], "rewritten": text, "nested": steps}


def _restates(answer: str, text: str) -> bool:
    """True when `text` names the answer already."""
    return f" {norm(answer)} " in f" {norm(text)} "


def _quoted(claim: dict[str, Any]) -> tuple[str, int]:
    cite = claim["citations"][0]
    return cite["chunk_id"], cite["start"]


def asks_directly(doc: Doc, subjects: Sequence[str] = ()) -> bool:
    """True when the question asks about a name it gives, through no description of another thing.

    "Where is Korvik Data based?" and "Who is the chief executive of Kestrel Labs?" do. "... featuring an American
    actress who starred in what?" and "the Adelaide team that was formed in what year?" describe the thing asked
    about (an indefinite phrase, or a clause on a common noun), and so do nested phrases (inner_question): their
    answer lies a hop away from the named page.
    """
    if inner_question(doc) is not None:
        return False
    indefinite = any(t.lower_ in ("a", "an") and t.dep_ == "det" for t in doc)
    return not indefinite and not any(
        (t.dep_ in ("relcl", "acl") and t.head.pos_ == "NOUN") or _contact_clause(t) or _related_by(t, subjects)
        for t in doc
    )


def _related_by(tok: Token, subjects: Sequence[str]) -> bool:
    """ "the composer of Back in the U.S.A." in "Where was the composer of Back in the U.S.A. born?": a noun related to
    a name by "of", with the question going on after the name, asks about the related thing (inner_question misses
    it where the small model breaks the name apart). Closing the question ("Who is the chief executive of Kestrel
    Labs?"), the related thing is what is asked."""
    doc = tok.doc
    if tok.pos_ != "NOUN" or tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ != "of":
        return False
    tail = doc.text[doc[tok.i + 1].idx :].lower()
    return any((at := tail.find(s.lower())) >= 0 and re.search(r"\w", tail[at + len(s) :]) for s in subjects)


def _contact_clause(tok: Token) -> bool:
    """ "the city Kevin Durant played for": a noun followed by a clause with no relative pronoun, whose subject (a
    name or a pronoun) comes right after it. The small model parses the clause as anything but one."""
    doc = tok.doc
    if tok.pos_ != "NOUN" or tok.i + 1 >= len(doc):
        return False
    after = doc[tok.i + 1]
    while after.dep_ == "compound" and after.head.i > after.i:
        after = after.head  # "Kevin" -> "Durant"
    return after.pos_ in ("PROPN", "PRON") and after.dep_ == "nsubj" and after.head.pos_ == "VERB"


def inner_question(doc: Doc) -> Nest | None:
    """The innermost noun phrase that a clause, an "of" phrase or a possessive name pins down, as a question; or None.

    "the company that bought Brightwell Analytics", "the startup founded by Mara Okafor", "the author of The Quiet
    Ledger", "Ada Morrow's mother" qualify; "which company ..." is the question's own ask, and so is the complement of
    "Who was ...?".
    """
    found = [span for tok in doc if (span := _phrase(tok)) is not None]
    innermost = [s for s in found if not any(o is not s and s.start <= o.start and o.end <= s.end for o in found)]
    if not innermost:
        return None
    span = innermost[0]
    return Nest(
        inner=_possessive(span) or _relative(span),
        before=doc[: span.start].text_with_ws if span.start else "",
        after=span[-1].whitespace_ + (doc[span.end :].text if span.end < len(doc) else ""),
    )


def _relative(span: Span) -> str:
    words = [t for t in span if not (t.i == span.start and t.lower_ in _ARTICLES)]
    # "the company that bought X" -> "Which company bought X?": the relative pronoun right after the noun goes.
    words = [t for t in words if not (t.lower_ in _RELATIVE and t.i == span.root.i + 1 and t.head.dep_ == "relcl")]
    return "Which {}?".format("".join(t.text_with_ws for t in words).strip(" ,"))


def _possessive(span: Span) -> str | None:
    """ "Ada Morrow's paternal grandfather" -> "Which paternal grandfather of Ada Morrow?"; None for other phrases."""
    owner = _owner(span[-1])
    if owner is None or owner.start != span.start:
        return None
    name = span.doc[owner.start : owner.end - 1].text
    kind = span.doc[owner.end : span.end].text  # past the "'s"
    return f"Which {kind} of {name}?"


def _owner(tok: Token) -> Span | None:
    """The name that owns `tok`, with its "'s": "Henry, Duke Of Orlen's" in "Henry, Duke Of Orlen's father".

    The parser hangs the possessive on the name's last word only; the name is the run of proper nouns (and joiners
    between them) that ends there.
    """
    owner = next((c for c in tok.children if c.dep_ == "poss"), None)
    if owner is None or owner.pos_ != "PROPN" or owner.i + 1 >= tok.i:
        return None
    if tok.head.lemma_ == "do" and tok.head.dep_ == "ROOT":
        return None  # "Where did Ada Morrow's father study?": the small model reads "did" as the verb, "study" a noun
    doc, start = tok.doc, owner.i
    while start > 0:
        prev = doc[start - 1]
        if prev.pos_ == "PROPN":
            start -= 1
        elif prev.lower_ in _JOINERS and start >= 2 and doc[start - 2].pos_ == "PROPN":
            start -= 2
        else:
            break
    if start > 0 and doc[start - 1].lower_ == "the":
        start -= 1  # "The Salt Road's director": the article goes with the name it opens
    return doc[start : owner.i + 2]


def _phrase(tok: Token) -> Span | None:
    if tok.pos_ != "NOUN" and not ACRONYM.fullmatch(tok.text):
        return None
    links = [
        c
        for c in tok.children
        if (c.dep_ in ("relcl", "acl") or (c.dep_ == "prep" and c.lower_ == "of")) and not _dangling(c)
    ]
    owner = _owner(tok)
    if tok.pos_ != "NOUN" and (links or owner is None):
        return None  # an acronym the small model tags as a name is a noun only when owned ("Brightwell Analytics' CTO")
    if owner is not None and not links:
        span = tok.doc[owner.start : tok.i + 1]  # "Ada Morrow's mother"
    elif links and any(t.pos_ == "PROPN" for c in links for t in c.subtree):
        span = tok.doc[tok.left_edge.i : tok.right_edge.i + 1]
    else:
        return None
    # The question's own ask ("which company founded ...") and phrases holding it are not nested questions.
    # (A relative pronoun, whose head is the clause's verb, asks nothing.)
    if any(t.lower_ in _WH and t.head.dep_ != "relcl" for t in span):
        return None
    if tok.head.lemma_ == "be" and any(c.lower_ in _WH for c in tok.head.children):
        return None  # "Who was the chief executive of X?" asks for the phrase itself
    if any(t.lower_ in _POINTING for t in span):
        return None  # "the startup its CTO founded": "its" points outside the phrase
    while len(span) > 1 and (span[-1].is_punct or _dangling(span[-1])):
        span = span[:-1]
    return span


def _dangling(tok: Token) -> bool:
    """ "born" in "Where was the author of The Salt Road born?" or "... was Ada Morrow's coach born?": the small model
    hangs the question's main verb on the word before it."""
    if tok.dep_ != "acl" or tok.tag_ != "VBN" or tok.head.i != tok.i - 1:
        return False
    return tok.head.pos_ == "PROPN" or not list(tok.children)
