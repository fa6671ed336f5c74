"""Which country or state a place name, an alternative spelling or a nationality points to (countryinfo's data).

spaCy tags "Iran", "Jiangsu" and "American" as places and peoples but cannot tell a country from a province, or
that "American" means the United States; comparing two pages' places ("the same country?") needs both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from agent.extractive.nlp import words

PLACE_LABELS = frozenset({"GPE", "NORP", "LOC"})
"""spaCy labels of the names the gazetteer resolves: places and peoples ("Iran", "Iranian")."""
_KIND = re.compile(r"^the |(?<=.) (province|state|region|oblast|prefecture)$")


def _key(name: str) -> str:
    """ "U.S." and "US", "the Netherlands" and "Netherlands", "Kermanshah Province" and "Kermanshah" meet."""
    return "".join(_KIND.sub("", " ".join(words(name))).split())


@dataclass(frozen=True)
class Gazetteer:
    countries: dict[str, str]
    """key of a name, spelling, code or demonym -> country."""
    provinces: dict[str, tuple[str, str]]
    """key of a state or province -> (country, province)."""
    capitals: frozenset[str] = frozenset()
    """keys of capital cities ("Singapore", "Luxembourg" are also countries)."""

    def country(self, name: str) -> str | None:
        """The country a name means: itself, a spelling ("Great Britain"), a nationality ("British") or a province."""
        n = _key(name)
        if n in self.countries:
            return self.countries[n]
        return self.provinces[n][0] if n in self.provinces else None

    def not_a_city(self, name: str) -> bool:
        """Is the name a country or a nationality and no city ("Nigeria", "Nigerian"; not "Singapore")?"""
        n = _key(name)
        return n in self.countries and n not in self.capitals

    def is_place(self, name: str) -> bool:
        """Is the name, as written, a country or a state ("Enugu", "Ohio"; not "Ohio State", not "British")?"""
        n = _key(name)
        return n == "".join(words(name)) and (n in self.provinces or self.countries.get(n, "") == name)

    def province(self, name: str) -> str | None:
        """The state or province a name means ("New York" -> "New York"), or None."""
        n = _key(name)
        return self.provinces[n][1] if n in self.provinces else None


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    from countryinfo import CountryInfo

    data = CountryInfo.all()
    countries: dict[str, str] = {}
    # A nationality shared by several entries ("French": France, French Polynesia) means the most populous one.
    by_size = sorted(data.values(), key=lambda c: -(c.get("population") or 0))
    provinces: dict[str, tuple[str, str]] = {}
    # A capital is a name or, for a few countries, a list of them.
    capitals = frozenset(
        _key(city)
        for c in by_size
        for city in ([c["capital"]] if isinstance(c.get("capital"), str) else c.get("capital") or [])
    )
    for c in by_size:
        name = c.get("name")
        if not name:
            continue
        # Codes ("US", "UK") count: only names spaCy tagged as places or peoples are looked up, never plain words.
        for s in [name, *(c.get("altSpellings") or []), c.get("demonym") or ""]:
            if (n := _key(s)) and n not in countries:
                countries[n] = name
        for p in c.get("provinces") or []:
            if (n := _key(p)) and n not in provinces:
                provinces[n] = (name, p)
    # A province named like a country ("Georgia") is the country unless the text says otherwise.
    return Gazetteer(
        countries=countries, provinces={k: v for k, v in provinces.items() if k not in countries}, capitals=capitals
    )
