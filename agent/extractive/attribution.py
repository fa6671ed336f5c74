"""Whose attribute a candidate is, and which part it plays: "the Lagos-based company" describes the company it
stands beside, not the sentence's other names; "acquires Brightwell Analytics" makes Brightwell the one acquired.

"Halden Systems AS today announced that it has agreed to acquire Brightwell Analytics, the Lagos-based company ..."
answers "Where is Brightwell Analytics based?", not "Where is Halden Systems based?". The parse says so: "Lagos"
modifies "based", which modifies "company", set beside "Brightwell Analytics" in apposition.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from agent.extractive.nlp import norm

if TYPE_CHECKING:
    from collections.abc import Sequence

    from spacy.tokens import Doc, Span, Token

_DESCRIBING = frozenset({"npadvmod", "amod", "compound", "appos", "nmod", "poss", "nummod"})
"""Links inside a noun phrase that describe its noun (a clause, "acl" or "relcl", states a relation instead: "the film
directed by Z" is how a chain goes on, not a description of the film)."""
_OWNING_PREPS = frozenset({"of", "from", "in"})
"""Prepositions that tie a place to the name before it ("Sable Ventures of Nairobi")."""
_AGENT_DEPS = frozenset({"nsubj"})
_PATIENT_DEPS = frozenset({"dobj", "nsubjpass"})
_LIGHT_VERBS = frozenset({"be", "do", "have"})
_OBJECT_WORDS = 16
"""A verb's object with its clauses is an answer up to this many words; past it, the noun phrase alone is."""
_OWNERS = frozenset({"PERSON", "ORG", "FAC", "WORK_OF_ART", "PRODUCT", "EVENT"})
"""Names with attributes of their own; a place named beside a place ("Bergen, Norway") is the same answer."""


def owner(doc: Doc, text: str) -> str | None:
    """The name that the candidate `text` describes inside its noun phrase, or None when it describes no name.

    "Lagos" in "Brightwell Analytics, the Lagos-based company" -> "Brightwell Analytics"; "Nairobi" in "Sable
    Ventures of Nairobi" -> "Sable Ventures".
    """
    span = _span(doc, text)
    if span is None:
        return None
    tok: Token = span.root
    while tok.head.i != tok.i:  # (spaCy makes a new Token on each access: compare indices)
        link, tok = tok, tok.head
        if tok.i in range(span.start, span.end):
            continue
        if link.dep_ == "pobj" and tok.lower_ in _OWNING_PREPS and tok.dep_ == "prep" and tok.head.ent_type_ in _OWNERS:
            continue  # the preposition: its head, the name, is read on the next step
        if link.dep_ not in _DESCRIBING and not (link.dep_ == "prep" and link.lower_ in _OWNING_PREPS):
            return None  # a clause, a conjunction, a verb's argument: a relation, not a description
        if tok.ent_type_ in _OWNERS:
            return next(e.text for e in doc.ents if e.start <= tok.i < e.end)
    return None


def _span(doc: Doc, text: str) -> Span | None:
    """The candidate's tokens: its first occurrence in the sentence."""
    at = doc.text.find(text)
    span = doc.char_span(at, at + len(text), alignment_mode="expand") if at >= 0 else None
    return span if span is not None and len(span) else None


def about_another(doc: Doc, text: str, subjects: Sequence[str]) -> bool:
    """True when the candidate describes a name in its sentence that is none of the question's `subjects`."""
    named = owner(doc, text)
    if named is None:
        return False
    n = f" {norm(named)} "
    return not any(f" {s} " in n or n.strip() in s for subject in subjects if (s := norm(subject)))


def role(doc: Doc, text: str) -> tuple[str, str] | None:
    """The verb that `text` is an argument of (its lemma) and whether it does the verb ("agent": the subject, or "by"
    in the passive) or undergoes it ("patient": the object, or the passive's subject); None when it is neither.

    "Halden Systems" in "Who acquired Halden Systems?" -> ("acquire", "patient").
    """
    span = _span(doc, text)
    if span is None:
        return None
    tok = span.root
    verb, dep = tok.head, tok.dep_
    if dep == "pobj" and verb.dep_ == "agent":
        verb, dep = verb.head, "nsubj"  # "acquired by Halden": Halden acquired
    if verb.pos_ != "VERB" or verb.lemma_ in _LIGHT_VERBS:
        return None
    if dep in _AGENT_DEPS:
        return verb.lemma_, "agent"
    return (verb.lemma_, "patient") if dep in _PATIENT_DEPS else None


def plays(doc: Doc, text: str, played: tuple[str, str] | None) -> bool:
    """True when the candidate `text` plays the part `played` (a verb's lemma and a role, see role) in its sentence.

    "Who acquired Halden Systems?" asks for the other part than Halden's: "acquires Brightwell Analytics" names the
    one acquired, not the buyer.
    """
    return played is not None and role(doc, text) == played


def objects_of(doc: Doc, lemma: str) -> list[str]:
    """The objects of the verb `lemma` in a sentence, each with the words that belong to it ("tools that let banks
    test their payment systems"), or its noun phrase alone when that runs past _OBJECT_WORDS."""
    out = []
    for verb in doc:
        if verb.lemma_ != lemma or verb.pos_ != "VERB":
            continue
        for obj in (c for c in verb.children if c.dep_ == "dobj"):
            phrase = doc[obj.left_edge.i : obj.right_edge.i + 1]
            if len(phrase) > _OBJECT_WORDS:
                phrase = doc[obj.left_edge.i : obj.i + 1]
            out.append(phrase.text)
    return out
