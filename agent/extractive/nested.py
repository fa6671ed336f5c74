"""Nested questions: "the chief executive of the company that bought Brightwell" holds a question of its own.

The innermost such noun phrase is asked first ("Which company bought Brightwell?"), and its answer written into the
outer question in its place ("... the chief executive of Halden Systems"), as a person reading the passages would.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from agent.extractive.nlp import Parser, norm
from agent.extractive.question import QuestionInfo, analyse

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


@dataclass(frozen=True)
class Nest:
    inner: str
    """The noun phrase as a question of its own: "Which company bought Brightwell Analytics?"."""
    before: str
    after: str

    def outer(self, answer: str) -> str:
        """The outer question with the inner one's answer in place of the noun phrase."""
        return f"{self.before}{answer}{self.after}"


def inside_out(
    info: QuestionInfo, direct: dict[str, Any], ask: Ask, parse: Parser, bridges: Sequence[str], max_nesting: int
) -> dict[str, Any]:
    """The draft for the question read inside out, when it beats the `direct` draft; else `direct`.

    It wins only when its answer's sentence matches the rewritten question better than the direct answer's matches
    the question, and then cites the inner answers' sentences too.
    """
    text, steps, inner_claims = info.text, [], []
    for _ in range(max_nesting):
        nest = inner_question(parse(text))
        if nest is None:
            break
        sub = ask(analyse(nest.inner, parse), ())
        if not sub["answerable"] or not sub["typed"] or len(sub["short_answer"].split()) > _MAX_INNER_WORDS:
            break  # an inner answer that is no name of the asked kind would only mislead the outer question
        if _restates(sub["short_answer"], nest):
            break  # "How long has Jonas Berg been [chief executive of Halden]?" -> "... Jonas Berg been Jonas Berg?"
        text = nest.outer(sub["short_answer"])
        steps.append({"question": nest.inner, "answer": sub["short_answer"]})
        inner_claims += sub["claims"]
    if not steps:
        return direct
    final = ask(analyse(text, parse), bridges)
    if not final["answerable"] or final["score"] <= direct["score"]:
        return direct
    quoted = {_quoted(c) for c in final["claims"]}
    extra = [c for c in inner_claims if _quoted(c) not in quoted]
    return {**final, "claims": [*final["claims"], *extra], "rewritten": text, "nested": steps}


def _restates(answer: str, nest: Nest) -> bool:
    """True when the inner answer is already named outside the phrase: the phrase describes it, asks nothing new."""
    return f" {norm(answer)} " in f" {norm(nest.before)} {norm(nest.after)} "


def _quoted(claim: dict[str, Any]) -> tuple[str, int]:
    cite = claim["citations"][0]
    return cite["chunk_id"], cite["start"]


def inner_question(doc: Doc) -> Nest | None:
    """The innermost noun phrase that a clause or an "of" phrase with a name pins down, as a question; or None.

    "the company that bought Brightwell Analytics", "the startup founded by Mara Okafor", "the author of The Quiet
    Ledger" qualify; "which company ..." is the question's own ask, and so is the complement of "Who was ...?".
    """
    found = [span for tok in doc if (span := _phrase(tok)) is not None]
    innermost = [s for s in found if not any(o is not s and s.start <= o.start and o.end <= s.end for o in found)]
    if not innermost:
        return None
    span = innermost[0]
    words = [t for t in span if not (t.i == span.start and t.lower_ in _ARTICLES)]
    # "the company that bought X" -> "Which company bought X?": the relative pronoun right after the noun goes.
    words = [t for t in words if not (t.lower_ in _RELATIVE and t.i == span.root.i + 1 and t.head.dep_ == "relcl")]
    text = "".join(t.text_with_ws for t in words).strip(" ,")
    return Nest(
        inner=f"Which {text}?",
        before=doc[: span.start].text_with_ws if span.start else "",
        after=span[-1].whitespace_ + (doc[span.end :].text if span.end < len(doc) else ""),
    )


def _phrase(tok: Token) -> Span | None:
    if tok.pos_ != "NOUN":
        return None
    links = [c for c in tok.children if c.dep_ in ("relcl", "acl") or (c.dep_ == "prep" and c.lower_ == "of")]
    if not links or not any(t.pos_ == "PROPN" for c in links for t in c.subtree):
        return None
    span = tok.doc[tok.left_edge.i : tok.right_edge.i + 1]
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
    """ "born" in "Where was the author of The Salt Road born?": the small model hangs the main verb on the name."""
    return tok.dep_ == "acl" and tok.tag_ == "VBN" and tok.head.pos_ == "PROPN" and tok.head.i == tok.i - 1
