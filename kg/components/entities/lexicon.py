"""Lexicons for entity resolution, loaded once from ``kg/data/entity_*.tsv``.

General lexicons only: the world's countries with their other names and demonyms, the
states and provinces of the US, Canada and Australia, the world's capitals and large
cities, widely
used short forms of international organisations, and word lists (titles, honorifics,
organisation, government and facility head words). Nothing in them names what one
particular article contains; they carry to any news story.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from kg.names import name_key

DATA = Path(__file__).resolve().parent.parent.parent / "data"


@dataclass(frozen=True)
class Lexicon:
    """Every lexicon the entity resolver reads."""

    countries: dict[str, str] = field(default_factory=dict)  # name key -> country name
    demonyms: dict[str, str] = field(default_factory=dict)  # demonym key -> country name
    aliases: dict[str, str] = field(default_factory=dict)  # name key -> canonical name
    words: dict[str, frozenset[str]] = field(default_factory=dict)  # category -> words
    given_names: frozenset[str] = frozenset()
    regions: dict[str, str] = field(default_factory=dict)  # name key -> country it is in
    cities: dict[str, str] = field(default_factory=dict)  # name key -> country it is in

    def country(self, name: str) -> str | None:
        """The canonical country name for a name or other name of a country."""
        return self.countries.get(name_key(name))

    def region(self, name: str) -> str | None:
        """The country a state, province or territory lies in ("Ontario" -> "Canada").

        >>> lexicon().region("Ontario"), lexicon().region("Ontario Street")
        ('Canada', None)
        """
        return self.regions.get(name_key(name))

    def city(self, name: str) -> str | None:
        """The country a listed city lies in ("Nairobi" -> "Kenya"), from entity_cities.tsv.

        >>> lexicon().city("Nairobi"), lexicon().city("Nairobi Road")
        ('Kenya', None)
        """
        return self.cities.get(name_key(name))

    def demonym_country(self, word: str) -> str | None:
        """The country a demonym ("Kenyan", "Britons") refers to."""
        return self.demonyms.get(name_key(word))

    def canonical(self, name: str) -> str | None:
        """The canonical form of a well-known short name (a country or an organisation)."""
        key = name_key(name)
        return self.countries.get(key) or self.aliases.get(key)

    def is_given_name(self, word: str) -> bool:
        """Whether ``word`` is a common given name ("Jane", "Ahmed").

        >>> lexicon().is_given_name("Mary"), lexicon().is_given_name("Party")
        (True, False)
        """
        return word.casefold() in self.given_names

    def has(self, category: str, word: str) -> bool:
        return word.casefold() in self.words.get(category, frozenset())


def _rows(name: str) -> list[list[str]]:
    rows = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


def _split(cell: str) -> list[str]:
    return [c.strip() for c in re.split(r";", cell) if c.strip()]


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The lexicons (read once per process)."""
    countries: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    for row in _rows("entity_countries.tsv"):
        row += [""] * (3 - len(row))
        name, others, adjectives = row[0].strip(), _split(row[1]), _split(row[2])
        for n in [name, *others]:
            countries.setdefault(name_key(n), name)
        for d in adjectives:
            demonyms.setdefault(name_key(d), name)
    aliases: dict[str, str] = {}
    for row in _rows("entity_aliases.tsv"):
        for n in [row[0], *_split(row[1] if len(row) > 1 else "")]:
            aliases.setdefault(name_key(n), row[0].strip())
    words: dict[str, set[str]] = {}
    for row in _rows("entity_words.tsv"):
        words.setdefault(row[0].strip(), set()).add(row[1].strip().casefold())
    given = {
        line.strip().casefold()
        for line in (DATA / "entity_given_names.tsv").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    regions = {name_key(row[0]): row[1].strip() for row in _rows("entity_regions.tsv")}
    cities: dict[str, str] = {}
    for row in _rows("entity_cities.tsv"):
        cities.setdefault(name_key(row[0]), row[1].strip())
    return Lexicon(
        given_names=frozenset(given),
        regions=regions,
        cities=cities,
        countries=countries,
        demonyms=demonyms,
        aliases=aliases,
        words={k: frozenset(v) for k, v in words.items()},
    )
