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

from kg import errors
from kg.fileio import atomic_write_text
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
    texts: dict[str, str] = field(default_factory=dict, repr=False)  # file name -> its text

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

    @classmethod
    def load(cls, directory: Path) -> Lexicon:
        return load(directory)

    def save(self, directory: Path) -> None:
        """Write the lexicon files into ``directory`` (created if needed)."""
        directory.mkdir(parents=True, exist_ok=True)
        for name, text in sorted(self.texts.items()):
            atomic_write_text(directory / name, text)


#: The lexicon files, in ``kg/data`` and in a saved pipeline's component folder.
FILES = (
    "entity_countries.tsv",
    "entity_aliases.tsv",
    "entity_words.tsv",
    "entity_given_names.tsv",
    "entity_regions.tsv",
    "entity_cities.tsv",
)


def read_tsv(text: str) -> list[list[str]]:
    """The rows of a lexicon file: tab-separated cells, blank lines and ``#`` comments out.

    >>> read_tsv("# a comment\\nUnited Nations\\tUN;U.N.\\n\\nmayor\\n")
    [['United Nations', 'UN;U.N.'], ['mayor']]
    """
    return [
        [cell.strip() for cell in line.split("\t")]
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    ]


def _split(cell: str) -> list[str]:
    return [c.strip() for c in re.split(r";", cell) if c.strip()]


def _cell(row: list[str], i: int) -> str:
    return row[i] if len(row) > i else ""


def build(texts: dict[str, str]) -> Lexicon:
    """A lexicon from the texts of its files (:data:`FILES`)."""
    rows = {name: read_tsv(texts[name]) for name in FILES}
    countries: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    for row in rows["entity_countries.tsv"]:
        name = row[0]
        for n in [name, *_split(_cell(row, 1))]:
            countries.setdefault(name_key(n), name)
        for d in _split(_cell(row, 2)):
            demonyms.setdefault(name_key(d), name)
    aliases: dict[str, str] = {}
    for row in rows["entity_aliases.tsv"]:
        for n in [row[0], *_split(_cell(row, 1))]:
            aliases.setdefault(name_key(n), row[0])
    words: dict[str, set[str]] = {}
    for row in rows["entity_words.tsv"]:
        words.setdefault(row[0], set()).add(row[1].casefold())
    given = {row[0].casefold() for row in rows["entity_given_names.tsv"]}
    regions = {name_key(row[0]): row[1] for row in rows["entity_regions.tsv"]}
    cities: dict[str, str] = {}
    for row in rows["entity_cities.tsv"]:
        cities.setdefault(name_key(row[0]), row[1])
    return Lexicon(
        given_names=frozenset(given),
        regions=regions,
        cities=cities,
        countries=countries,
        demonyms=demonyms,
        aliases=aliases,
        words={k: frozenset(v) for k, v in words.items()},
        texts=dict(texts),
    )


def load(directory: Path) -> Lexicon:
    """The lexicons in ``directory`` (the files of :data:`FILES`)."""
    texts = {}
    for name in FILES:
        path = Path(directory) / name
        try:
            texts[name] = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise errors.UsageError(f"cannot read the entity lexicon {path}: {exc}") from None
    return build(texts)


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The packaged lexicons (read once per process)."""
    return load(DATA)
