"""Answer metrics: SQuAD-normalised exact match and token F1 (best over the aliases), citation precision/recall."""

from __future__ import annotations

import re
import string
from collections import Counter
from collections.abc import Iterable, Sequence

_ARTICLES = re.compile(r"\b(a|an|the)\b")
_PUNCT = set(string.punctuation)


def normalize(text: str) -> str:
    """SQuAD v1.1 normalisation: lower-case, drop punctuation and articles, collapse whitespace."""
    text = "".join(ch for ch in text.lower() if ch not in _PUNCT)
    return " ".join(_ARTICLES.sub(" ", text).split())


def exact_match(prediction: str, answers: Sequence[str]) -> float:
    """1.0 when the normalised prediction equals any normalised answer."""
    p = normalize(prediction)
    return float(any(p == normalize(a) for a in answers)) if answers else 0.0


def token_f1(prediction: str, answers: Sequence[str]) -> float:
    """Best token-overlap F1 of the prediction against each answer (SQuAD's f1_score, max over ground truths)."""
    best = 0.0
    pred = normalize(prediction).split()
    for a in answers:
        gold = normalize(a).split()
        common = Counter(pred) & Counter(gold)
        same = sum(common.values())
        if not pred or not gold:
            best = max(best, float(pred == gold))
            continue
        if same == 0:
            continue
        precision, recall = same / len(pred), same / len(gold)
        best = max(best, 2 * precision * recall / (precision + recall))
    return best


def citation_scores(cited: Iterable[str], gold: frozenset[str]) -> tuple[float | None, float]:
    """(precision, recall) of cited document ids against the gold ones; precision is None when nothing is cited."""
    docs = set(cited)
    precision = len(docs & gold) / len(docs) if docs else None
    recall = len(docs & gold) / len(gold) if gold else 0.0
    return precision, recall


__all__ = ["citation_scores", "exact_match", "normalize", "token_f1"]
