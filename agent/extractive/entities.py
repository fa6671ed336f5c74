"""What the small model's entities are taken for: labels second-guessed, numbers it leaves unlabelled, and sums of
money with the currency it leaves out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from agent.extractive.nlp import CURRENCIES
from agent.extractive.places import gazetteer

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

_RELABELLED = frozenset({"ORG", "FAC", "GPE", "LOC", "PRODUCT", "WORK_OF_ART", "NORP"})
"""Labels a role noun overrides (question.py's _NAME_LABELS is another set: the names a question anchors on)."""
_ROLE_SUFFIXES = ("er", "or", "ist", "ian", "ess")
_NOT_ROLES = frozenset({"newspaper", "paper", "river", "tower", "center", "theater", "carrier", "publisher"})
"""Nouns with a role's ending that name things, not people ("the newspaper The Times")."""
_COMPANY_WORDS = frozenset(
    {"Labs", "Inc", "Inc.", "Ltd", "Ltd.", "LLC", "Corp", "Corp.", "Corporation", "Company", "Systems", "Analytics",
     "Ventures", "Payments", "Technologies", "Holdings", "Group", "Partners", "Capital", "Bank", "Airlines", "Records",
     "Studios", "Pictures", "Entertainment", "Industries", "Enterprises"}
)  # fmt: skip
"""A name's last word that makes it a company's, whatever the small model labels it."""


def read_entity(ent: Span) -> tuple[str, str]:
    """The entity's text and label (see label). A number the small model ends before its currency ("210 million"
    Norwegian kroner, "12 million" euros) is a sum of money, currency included."""
    kind = label(ent)
    if kind != "CARDINAL":
        return ent.text, kind
    doc, end = ent.doc, ent.end
    if end + 1 < len(doc) and doc[end].text[:1].isupper() and doc[end + 1].lower_ in CURRENCIES:
        end += 2  # "Norwegian kroner", "US dollars"
    elif end < len(doc) and doc[end].lower_ in CURRENCIES:
        end += 1
    return (doc[ent.start : end].text, "MONEY") if end > ent.end else (ent.text, kind)


def label(ent: Span) -> str:
    """The entity's label, or PERSON when a person's role names it ("the engineer Ingrid Halden", which the small
    model calls a facility): a name right after a role noun ("engineer", "novelist", "director") is a person's.
    A country or state that the model calls an organisation ("born in Enugu") is a place, and a name ending in a
    company word ("Kestrel Labs", which it calls a person) an organisation."""
    if ent.label_ == "ORG" and gazetteer().is_place(ent.text):
        return "GPE"
    if ent.label_ in ("PERSON", "GPE", "FAC", "PRODUCT", "WORK_OF_ART") and ent[-1].text in _COMPANY_WORDS:
        return "ORG"
    prev = ent.doc[ent.start - 1] if ent.start > 0 else None
    if (
        ent.label_ in _RELABELLED
        and prev is not None
        and prev.tag_ == "NN"
        and prev.is_lower
        and prev.text.endswith(_ROLE_SUFFIXES)
        and prev.text not in _NOT_ROLES
    ):
        return "PERSON"
    return str(ent.label_)


def unlabelled_numbers(doc: Doc) -> list[str]:
    """Numbers that no entity covers, with their modifiers ("about 900", "1.2 billion"); a year is a date entity."""
    covered = {i for e in doc.ents for i in range(e.start, e.end)}
    out = []
    for tok in doc:
        if not tok.like_num or tok.i in covered or (tok.head.like_num and tok.head is not tok):
            continue  # "1.2" is read with its head, "billion"
        span = doc[tok.left_edge.i : tok.right_edge.i + 1]
        if not any(t.i in covered for t in span):
            out.append(span.text)
    return out
