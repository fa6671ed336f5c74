"""Bridge entities: names in this hop's passages, not in the question, that the next hop must look up."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from agent.extractive.nlp import Parser, content_words, norm, stem, strip_article, words
from agent.extractive.question import QuestionInfo, describes, unlabelled_names
from agent.extractive.sentences import split

_BRIDGE_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "WORK_OF_ART", "EVENT", "PRODUCT"})


def coverage(info: QuestionInfo, chunk: dict[str, Any]) -> float:
    """Share of the question's keywords one passage (title + text) contains."""
    if not info.keywords:
        return 0.0
    own = content_words(f"{chunk.get('title', '')} {chunk['text']}")
    return len(info.keywords & own) / len(info.keywords)


def chain_coverage(info: QuestionInfo, chunks: Sequence[dict[str, Any]]) -> float:
    """Share of the question's keywords that a set of passages contains together."""
    if not info.keywords:
        return 0.0
    own: set[str] = set()
    for c in chunks:
        own |= content_words(f"{c.get('title', '')} {c['text']}")
    return len(info.keywords & own) / len(info.keywords)


def bridges(
    info: QuestionInfo,
    chunks: Sequence[dict[str, Any]],
    known_titles: set[str],
    parse: Parser,
    limit: int = 2,
    asked: Sequence[str] = (),
) -> list[tuple[str, str]]:
    """Up to `limit` (entity, follow-up query) pairs from the top passages of a hop.

    An entity scores by its passage's rank and by how many question words its sentence shares. Entities named in the
    question or already followed are skipped; one whose page was already retrieved scores lower (it may still lead on).
    """
    q_norm = f" {norm(info.text)} "
    known = {norm(t) for t in known_titles}
    followed = f" {' '.join(norm(a) for a in asked)} "
    # The relation words ("founded", "married") link a passage to the next hop; the question's own names do not.
    relation = info.keywords - content_words(" ".join(info.anchors)) or info.keywords
    scored: dict[str, tuple[float, str]] = {}
    for rank, chunk in enumerate(chunks[:4]):
        doc = parse(chunk["text"])
        covered = content_words(f"{chunk.get('title', '')} {chunk['text']}")
        # What the question still needs once this passage is read, in the question's own words (stems search badly).
        remaining = [w for w in dict.fromkeys(words(info.text)) if stem(w) in info.keywords and stem(w) not in covered]
        # Each list item is a sentence of its own: spaCy reads a list as one ("- Mara Okafor, chief executive\n- Femi
        # Adeyemi, chief technology officer"), which would give every name in it the relation words of all.
        for piece in split([chunk], parse):
            sent = doc.char_span(piece.start, piece.end, alignment_mode="expand")
            if sent is None:
                continue
            overlap = len(relation & content_words(piece.text)) / len(relation)
            # Names the small model misses ("- Femi Adeyemi, co-founder and chief technology officer") lead on too.
            found = [(e.text, e.label_) for e in sent.ents if e.label_ in _BRIDGE_LABELS]
            for name, label in [*found, *((run, "") for run in unlabelled_names(sent))]:
                for text in name.split("\n"):  # a name never spans lines; headings glue onto the next line
                    n = norm(text)
                    if len(n) < 3 or f" {n} " in q_norm or f" {n} " in followed or content_words(text) <= info.keywords:
                        continue  # in the question already, followed already, or only question words
                    value = overlap + 1.0 / (1 + rank) - (0.5 if n in known else 0.0)
                    value += 0.2 if label in ("PERSON", "ORG", "WORK_OF_ART") else 0.0
                    query = " ".join([text.strip(), *remaining[:6]]).strip()
                    if n not in scored or value > scored[n][0]:
                        scored[n] = (value, query)
    best = sorted(scored.items(), key=lambda kv: -kv[1][0])[:limit]
    return [(name, q) for name, (_, q) in best]


def unnamed_links(
    info: QuestionInfo, chunks: Sequence[dict[str, Any]], parse: Parser, asked: Sequence[str] = (), limit: int = 1
) -> list[tuple[str, str]]:
    """Up to `limit` (description, follow-up query) pairs for links a passage describes without naming.

    "Brightwell agreed to be acquired by a Norwegian payments company" answers "which company acquired ..." with a
    description of the same noun, not a name: no entity to follow, yet the next page is one search away. The query
    is the sentence's names, the question's relation words it holds and the description.
    """
    if not info.asked_noun:
        return []
    relation = info.keywords - content_words(" ".join(info.anchors)) - {info.asked_noun}
    followed = {norm(a) for a in asked}
    out: list[tuple[str, str]] = []
    for chunk in chunks[:4]:
        for sent in parse(chunk["text"]).sents:
            rel = [w for w in dict.fromkeys(words(sent.text)) if stem(w) in relation]
            if not rel:
                continue
            for nc in describes(info, sent):
                described = strip_article(nc.text)
                names = [e.text for e in sent.ents if e.label_ in _BRIDGE_LABELS and e.text not in described]
                query = " ".join(dict.fromkeys([*names[:2], *rel, described]))
                if norm(query) not in followed and all(norm(query) != norm(q) for _, q in out):
                    out.append((described, query))
    return out[:limit]
